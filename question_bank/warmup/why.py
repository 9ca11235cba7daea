"""Why warm-up helps: the quartic demo (DOMAIN §2.11, archetype I1; misconception M14).

Gradient descent on f(w) = w²/2 + w⁴/4 (``core.Quartic``; f''(w) = 1 + 3w²) starts far out, where
the curvature is large and the local stability limit 2/f''(w₀) is far below the chosen rate η, while
near the minimum the limit is 2 > η. ONE batched run simulates both:

* run 0: constant η — the first step overshoots to the other side, further out, and the run diverges;
* run 1: ``LinearLR(start_factor=s, total_iters=W)`` warm-up to the same η — the early small steps
  are stable, the iterate reaches the flat region before the rate is large, and it converges.

The draw is kept only if the simulation shows exactly that. The figure plots |w_k| on a log axis
(the diverged run drawn until it blows up, marked ✕; the converging run until |w| < 1e-6). The
student picks the explanation; the distractors are "warm-up makes early training faster" (M14,
reversed: warm-up takes *smaller* early steps), a global-threshold argument (η is below the limit 2
at the minimum), the decay/noise-floor reason (that is what decay is for, M12), a non-convexity
excuse (f is convex) and "the divergence is temporary".
"""

import numpy as np

from quizgen import core
from quizgen.authoring import (
    Draft, Redraw, calc, curves, exact, pick, pretty, question, render, sample, say, series, tex, text_choices,
)

STARTS = (3, 4, 5, 6, -3, -4, -5, -6)
RATES = (0.3, 0.4, 0.5, 0.6, 0.8)
WARMUPS = (50, 80, 120)
START_FACTORS = (0.01, 0.001)
TAIL = 20


class _PerRun:
    """One schedule per run: ``schedule(k)`` is the vector of each part's rate at step k.

    The parts' values over the T steps are tabulated once (``Schedule.values``), so the
    simulator's per-step call is a row lookup.
    """

    def __init__(self, steps, *parts):
        self.table = np.stack([np.broadcast_to(p.values(steps), (steps,)) for p in parts], axis=1)

    def __call__(self, k):
        return self.table[k]


CORRECT = (
    ("Far from the minimum the curvature $f''(w) = 1 + 3w^2$ is large, so the local stability limit $2/f''(w)$ is far "
     "below $\\eta$; the warm-up keeps the early steps below it until $w$ reaches the flatter region near the minimum."),
    ("The constant rate is too large for the sharply curved region where training starts, so every step overshoots "
     "further out; the warm-up's small early steps are stable there, and it reaches the full rate only near the "
     "minimum, where that rate is safe."),
)

DISTRACTORS = {
    "M14": ("Warm-up makes early training faster: it takes larger steps at the beginning, so the warm-up run reaches "
            "the minimum before it can blow up.",
            "Warm-up is about stability, not speed: it takes *smaller* steps at the beginning (here it starts at "
            "<<first>>, against <<eta>> for the constant run). Early in training the curvature is high, and small "
            "steps are what keep the run from overshooting."),
    "global-threshold": ("$\\eta$ is above this loss's stability limit $2/f''(0) = 2$, so any constant run at $\\eta$ "
                         "must diverge; the warm-up works because it lowers the average rate below 2.",
                         "At the minimum $f''(0) = 1$, so the limit there is 2 and $\\eta = <<eta_tex>>$ is well below "
                         "it: near the minimum the constant rate would be perfectly stable. What fails is the *start*, "
                         "where $f''(w_0) = <<curv_tex>>$ makes the local limit only <<limit>>."),
    "M12": ("Warm-up works because it lowers the learning rate at the end of training, which removes the mini-batch "
            "noise floor.",
            "That describes learning-rate *decay*, and there is no mini-batch noise here (full-batch gradient "
            "descent). Warm-up changes only the *first* <<W>> steps; afterwards both runs use the same rate."),
    "nonconvex": ("The loss is non-convex, so a constant learning rate can fall into a region where gradient descent "
                  "diverges; warm-up avoids the non-convex part.",
                  "This loss is convex: $f''(w) = 1 + 3w^2 > 0$ everywhere. Gradient descent diverges on it anyway, "
                  "because a step that is too large for the local curvature overshoots."),
    "temporary": ("The constant run has not really diverged: with more steps it would come back and converge like "
                  "the warm-up run.",
                  "Each of its steps lands further out (simulated: $w_1 = <<w1>>$ from $w_0 = <<w0>>$), where the "
                  "curvature and hence the overshoot are even larger, so $|w|$ grows without bound: the divergence "
                  "is real, not a transient."),
}

STEMS = (
    "Why does the constant-rate run diverge while the warm-up run converges?",
    "Which statement correctly explains what the figure shows?",
    "What is the warm-up doing in this experiment?",
    "A student concludes from the figure that warm-up is needed here. Which explanation of the difference between "
    "the two runs is correct?",
)


@question("warmup.why", topic="warmup", difficulty=2, kind="multiple_choice", plot=True,
          objective="Explain why a learning-rate warm-up stabilises early training: high early curvature makes the "
                    "local stability limit small, so the full rate must be reached gradually.")
def why_warmup(rng: np.random.Generator) -> Draft:
    w0, eta, W, s = pick(rng, STARTS), pick(rng, RATES), pick(rng, WARMUPS), pick(rng, START_FACTORS)
    T = W + TAIL
    warm = core.linear_warmup(eta, s, 1.0, W)
    objective = core.Quartic(1.0, 1.0)
    traj = core.run(core.sgd(_PerRun(T, core.constant(eta), warm)), objective, x0=float(w0), steps=T)
    w = traj.params[:, :, 0]
    if not (traj.diverged[0] and not traj.diverged[1] and abs(w[-1, 1]) < 1e-6):
        raise Redraw("the simulation does not show divergence without warm-up and convergence with it")
    if not np.allclose(traj.lrs[:, 1], warm.values(T), rtol=1e-12) or not np.all(traj.lrs[:, 0] == eta):
        raise AssertionError("the runs did not use the intended schedules")
    w1 = float(w[1, 0])
    if not np.isclose(w1, w0 - eta * (w0 + w0**3), rtol=1e-12):
        raise AssertionError("the first constant-rate step disagrees with w0 − η(w0 + w0³)")
    curv = 1 + 3 * w0**2
    limit = 2 / curv
    if not eta > 3 * limit:
        raise Redraw("the rate should clearly exceed the local limit at the start")
    # the key claims the warm-up keeps every step below the local limit 2/f''(w_k): check it on the run
    w_warm = w[:T, 1]
    if np.any(traj.lrs[:, 1] * (1 + 3 * w_warm**2) >= 0.97 * 2):
        raise Redraw("the warm-up run comes too close to the local stability limit")

    k_div = int(traj.diverged_at[0])
    steps_axis = np.arange(T + 1)
    absw = np.abs(w)
    below = np.flatnonzero(absw[:, 1] < 1e-6)
    end1 = int(below[0]) if below.size else T
    E, W0, S = exact(eta), exact(w0), exact(s)
    first = pretty(eta * s)
    fig = curves(
        [series(f"constant η = {E}", steps_axis[: k_div + 1], absw[: k_div + 1, 0], diverged_at=k_div, marker=True),
         series(f"linear warm-up to η = {E} over {W} steps", steps_axis[: end1 + 1], absw[: end1 + 1, 1])],
        xlabel="step $k$", ylabel="$|w_k|$ (distance from the minimum)", yscale="log",
        alt=f"Distance from the minimum |w_k| on a log scale against the step k for two gradient-descent runs "
            f"started at w0 = {W0}: the constant-rate run and the warm-up run.",
        caption="Gradient descent on f(w) = w²/2 + w⁴/4, with and without warm-up (each curve drawn until it "
                "blows up or falls below 10⁻⁶).")

    values = dict(first=f"${tex(first)}$", eta=f"${E}$", eta_tex=E, curv_tex=str(curv),
                  limit=f"${tex(pretty(limit))}$", W=W, w1=tex(pretty(w1)), w0=W0)
    keys = sample(rng, tuple(DISTRACTORS), 3)
    correct = (pick(rng, CORRECT),
               render(r"Right: $f''(<<w0>>) = <<curv>>$, so near the start only rates below about <<limit>> are "
                      r"stable, and $\eta = <<eta>>$ overshoots at once. The warm-up starts at <<first>> and has "
                      r"brought $w$ close to the minimum (where the limit approaches 2) before the rate is large.",
                      w0=W0, curv=curv, limit=values["limit"], eta=E, first=values["first"]))
    wrong = [(DISTRACTORS[k][0], render(DISTRACTORS[k][1], **values), k) for k in keys]
    choices = text_choices(correct, wrong)

    prompt = render(
        r"Gradient descent minimises the convex loss $f(w) = \frac{w^2}{2} + \frac{w^4}{4}$, whose minimum is at "
        r"$w = 0$, starting from $w_0 = <<w0>>$, in two runs of <<T>> steps: (1) a constant learning rate "
        r"$\eta = <<eta>>$; (2) a linear warm-up, `LinearLR(optimizer, start_factor=<<s>>, total_iters=<<W>>)` on "
        r"`SGD(params, lr=<<eta>>)`, so the rate grows linearly from $<<first>>$ to $<<eta>>$ over the first <<W>> "
        r"steps and then stays at $<<eta>>$. The figure shows $|w_k|$ for both runs on a log scale. " + pick(rng, STEMS),
        w0=W0, T=T, eta=E, s=S, W=W, first=tex(first))

    steps = [say(r"For a non-quadratic loss the step size that gradient descent tolerates depends on the local "
                 r"curvature: near $w$ a step is stable only if $\eta < 2/f''(w)$, with $f''(w) = 1 + 3w^2$ here.")]
    step, CURV = calc(r"At the start: $f''(<<w0>>) = 1 + 3\cdot(<<w0>>)^2 = <<result>>$.", f"1 + 3*({W0})**2", w0=W0)
    steps.append(step)
    step, LIM = calc(r"Local limit: $2/<<c>> = <<result>>$, far below $\eta = <<eta>>$.", f"2/{CURV}", c=CURV, eta=E)
    steps.append(step)
    step, W1 = calc(r"Constant run, first step: $w_1 = <<w0>> - <<eta>>\cdot(<<w0>> + (<<w0>>)^3) = <<result>>$: it "
                    r"jumps to the other side, further out, where the curvature is even larger.",
                    f"({W0}) - {E}*(({W0}) + ({W0})**3)", w0=W0, eta=E)
    steps.append(step)
    steps.append(say(r"Each later step overshoots more: in the simulation $|w|$ passes the divergence bound at step "
                     r"<<k>>.", k=k_div))
    step, FIRST = calc(r"Warm-up run: the first rate is $<<eta>>\cdot <<s>> = <<result>>$, below the local limit "
                       r"<<lim>>, so the early steps are stable.", f"{E}*{S}", eta=E, s=S, lim=tex(LIM))
    steps.append(step)
    wW = float(absw[W, 1])
    steps.append(say(r"By the end of the warm-up (step <<W>>) the simulated iterate is at $|w_{<<W>>}| = <<ww>>$, "
                     r"where $f'' \approx 1$ and the limit is about 2, so the full rate $<<eta>>$ is safe; after "
                     r"<<T>> steps $|w_{<<T>>}| = <<wt>>$.", W=W, ww=tex(pretty(wW)), eta=E, T=T,
                     wt=tex(pretty(float(absw[-1, 1])))))
    steps.append(say(r"So warm-up is a *stability* device: it takes small steps while the curvature is high and "
                     r"reaches the full rate only once the iterate is in a gently curved region. It does not make "
                     r"early training faster (M14)."))
    return Draft(
        prompt=prompt, solution=tuple(steps), choices=choices, figures=(fig,),
        params={"objective": {"name": "quartic", "a": 1.0, "b": 1.0}, "x0": w0, "steps": T,
                "optimizer": {"name": "sgd"},
                "runs": [{"schedule": {"name": "constant", "init_value": eta}},
                         {"schedule": {"name": "linear_warmup", "init_value": eta, "start_factor": s,
                                       "end_factor": 1.0, "total_iters": W}}],
                "diverged_at": k_div, "distractors": keys},
        tags=("warmup", "stability", "curvature", "M14"),
    )
