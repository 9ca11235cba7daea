"""Why warm-up helps: the quartic demo (DOMAIN §2.11, archetype I1; misconception M14).

Gradient descent on f(w) = w²/2 + w⁴/4 (f''(w) = 1 + 3w²) starts far out, where the local stability
limit 2/f''(w₀) is far below the rate η, while near the minimum the limit is 2 > η. One batched run:
a constant η diverges; ``LinearLR(start_factor=s, total_iters=W)`` to the same η converges (the draw
is kept only if the simulation shows exactly that). The figure plots |w_k| on a log axis. Distractors:
"warm-up is for speed", the minimum's limit 2/f''(0) taken as global (with a round-off excuse),
the decay/noise-floor reason, "no constant rate can converge here" and "the divergence is temporary".
"""

from quizgen.family import Meta, calc, num, pick, redraw_if, sample
from quizgen.kit import concepts

TAIL = 20  # steps after the warm-up

# every option has a shorter and a longer phrasing, one drawn per version: length says nothing about the key
CORRECT = (
    (r"Far out the curvature is high and the local limit $2/f''(w)$ is below $\eta$; the warm-up's small first "
     r"steps stay under it.",
     r"Far from the minimum the curvature $f''(w) = 1 + 3w^2$ is large, so the local limit $2/f''(w)$ is far below "
     r"$\eta$; the warm-up keeps the early steps below it."),
    ("The constant rate is too large for the sharply curved start and overshoots; the warm-up's small first steps "
     "are stable.",
     "The constant rate is too large for the sharply curved region where training starts, so each step overshoots "
     "further; the warm-up's small early steps are stable there."),
)
RIGHT = (r"Right: $f''(<<w0>>) = <<curv>>$, so near the start only rates below about $<<lim>>$ are stable, and "
         r"$\eta = <<eta>>$ overshoots at once. The warm-up starts at $<<first>>$ and has brought $w$ close to the "
         r"minimum (where the limit approaches 2) before the rate is large.")
DISTRACTORS = {
    "M14": (("Warm-up makes early training faster: its larger first steps reach the minimum before the run can "
             "blow up.",
             "Warm-up makes early training faster: it takes larger steps at the beginning, so the warm-up run gets "
             "close to the minimum before it has any chance to blow up."),
            "Warm-up is about stability, not speed: it takes *smaller* steps at the beginning (here it starts at "
            "$<<first>>$, against $<<eta>>$ for the constant run). Early in training the curvature is high, and "
            "small steps are what keep the run from overshooting."),
    "global-threshold": ((r"$\eta = <<eta>>$ is below the limit $2/f''(0) = 2$, so the constant run is stable in "
                          r"principle and blows up only through round-off.",
                          r"$\eta = <<eta>>$ is below this loss's stability limit $2/f''(0) = 2$, so the constant "
                          r"run is stable in principle; it blows up only through floating-point round-off, which "
                          r"small warm-up steps avoid."),
                         r"The limit $2/f''(0) = 2$ holds only near the minimum; a step is stable only if $\eta$ is "
                         r"below $2/f''$ *where the iterate is*. At the start $f''(w_0) = <<curv>>$, so the local "
                         r"limit is only $<<lim>>$ and the very first step overshoots to $w_1 = <<w1_sim>>$: plain "
                         r"arithmetic, no round-off involved."),
    "warmup-as-decay": (("Warm-up works because it lowers the rate at the end of training, which removes the "
                         "mini-batch noise floor.",
                         "Warm-up works because it lowers the learning rate at the end of training, which removes "
                         "the mini-batch noise floor and lets the weights settle at the minimum."),
                        "That describes learning-rate *decay*, and there is no mini-batch noise here (full-batch "
                        "gradient descent). Warm-up changes only the *first* <<W>> steps; afterwards both runs use "
                        "the same rate."),
    "M17": (("On a quartic loss no constant rate can converge from this start; only a changing rate reaches the "
             "minimum.",
             "On a quartic loss gradient descent with any constant learning rate diverges from a start this far "
             "out, so only a schedule that changes the rate can reach the minimum."),
            r"A constant rate below the local limit $<<lim>>$ at the start is stable there; $|w|$ then shrinks and "
            r"the curvature only falls, so such a run converges (slowly). The constant run fails because "
            r"$\eta = <<eta>>$ is too large for the start, not because it is constant."),
    "temporary": (("The constant run has not really diverged: with more steps it would come back and converge "
                   "like the warm-up run.",
                   "The constant run has not really diverged: its distance from the minimum only grows for a while, "
                   "and with more steps it would come back and converge like the warm-up."),
                  "Each of its steps lands further out (simulated: $w_1 = <<w1_sim>>$ from $w_0 = <<w0>>$), where "
                  "the curvature and hence the overshoot are even larger, so $|w|$ grows without bound: the "
                  "divergence is real, not a transient."),
}
STEMS = (
    "Why does the constant-rate run diverge while the warm-up run converges?",
    "Which statement correctly explains what the figure shows?",
    "What is the warm-up doing in this experiment?",
    "A student concludes from the figure that warm-up is needed here. Which explanation of the difference "
    "between the two runs is correct?",
)

QUESTION = r"""Gradient descent minimises the convex loss $f(w) = \frac{w^2}{2} + \frac{w^4}{4}$, whose minimum
is at $w = 0$, starting from $w_0 = <<w0>>$, in two runs of <<T>> steps: (1) a constant learning rate
$\eta = <<eta>>$; (2) a linear warm-up, `LinearLR(optimizer, start_factor=<<s>>, total_iters=<<W>>)` on
`SGD(params, lr=<<eta>>)`, so the rate grows linearly from $<<first>>$ to $<<eta>>$ over the first <<W>> steps
and then stays at $<<eta>>$. The figure shows $|w_k|$ for both runs on a log scale. <<stem>>"""

SOLUTION = [
    r"""For a non-quadratic loss the step size that gradient descent tolerates depends on the local curvature:
    near $w$ a step is stable only if $\eta < 2/f''(w)$, with $f''(w) = 1 + 3w^2$ here.""",
    r"At the start: $f''(<<w0>>) = <<curv.work>>$.",
    r"Local limit: $<<lim.work>>$, far below $\eta = <<eta>>$.",
    r"""Constant run, first step: $w_1 = <<w1.work>>$: it jumps to the other side, further out, where the
    curvature is even larger.""",
    r"Each later step overshoots more: in the simulation $|w|$ passes the divergence bound at step <<k_div>>.",
    r"""Warm-up run: the first rate is $<<first.work>>$, below the local limit $<<lim>>$, so the early steps are
    stable.""",
    r"""By the end of the warm-up (step <<W>>) the simulated iterate is at $|w_{<<W>>}| = <<w_end_warm>>$, where
    $f'' \approx 1$ and the limit is about 2, so the full rate $<<eta>>$ is safe; after <<T>> steps
    $|w_{<<T>>}| = <<w_end>>$.""",
    r"""So warm-up is a *stability* device: it takes small steps while the curvature is high and reaches the full
    rate only once the iterate is in a gently curved region. It does not make early training faster.""",
]


def data(rng):
    w0, eta = pick(rng, (3, 4, 5, 6, -3, -4, -5, -6)), pick(rng, (0.3, 0.4, 0.5, 0.6, 0.8))
    W, s = pick(rng, (50, 80, 120)), pick(rng, (0.01, 0.001))
    T = W + TAIL
    traj = concepts.warmup_runs(eta, s, W, w0, T)
    w = traj.params[:, :, 0]
    redraw_if(not (traj.diverged[0] and not traj.diverged[1] and abs(w[-1, 1]) < 1e-6),
              "the simulation does not show divergence without warm-up and convergence with it")
    redraw_if(not eta > 3 * (2 / (1 + 3 * w0**2)), "the rate should clearly exceed the local limit at the start")
    # the key claim: the warm-up keeps every step below the local limit 2/f''(w_k)
    redraw_if((traj.lrs[:, 1] * (1 + 3 * w[:T, 1] ** 2) >= 0.97 * 2).any(),
              "the warm-up run comes too close to the local stability limit")
    curv = calc("1 + 3*w0**2", w0=w0)
    d = dict(w0=w0, eta=eta, W=W, s=s, T=T, traj=traj, curv=curv, lim=calc("2/c", c=curv),
             w1=calc("w0 - eta*(w0 + w0**3)", w0=w0, eta=eta), w1_sim=num(w[1, 0], sig=4), w1_run=w[1, 0],
             first=calc("eta*s", eta=eta, s=s), k_div=int(traj.diverged_at[0]),
             w_end_warm=num(abs(w[W, 1]), sig=4), w_end=num(abs(w[-1, 1]), sig=4),
             params={"warmup_runs": {"objective": "quartic", "x0": w0, "lr": eta, "start_factor": s,
                                     "total_iters": W, "steps": T}})
    keys = sample(rng, tuple(DISTRACTORS), 3)
    d["choices"] = concepts.statements(d, (pick(rng, CORRECT), RIGHT), [(*DISTRACTORS[k], k) for k in keys],
                                         rng=rng)
    d["stem"] = pick(rng, STEMS)
    return d


def figures(d):
    return [concepts.warmup_figure(d["traj"], d["eta"], d["W"], d["w0"])]


META = Meta(id="warmup.why", topic="warmup", difficulty=2, kind="multiple_choice",
            objective="Explain why a learning-rate warm-up stabilises early training: high early curvature makes the "
                      "local stability limit small, so the full rate must be reached gradually.",
            closed_form=lambda d: {"w1_run": d["w0"] - d["eta"] * (d["w0"] + d["w0"] ** 3)},
            figures=figures, tags=("warmup", "stability", "curvature", "M14"))
