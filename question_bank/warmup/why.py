"""Why warm-up helps: the quartic demo (DOMAIN §2.11, archetype I1; misconception M14).

Gradient descent on f(w) = w²/2 + w⁴/4 (f''(w) = 1 + 3w²) starts far out, where the local stability
limit 2/f''(w₀) is far below the rate η, while near the minimum the limit is 2 > η. One batched run:
a constant η diverges; ``LinearLR(start_factor=s, total_iters=W)`` to the same η converges (the draw
is kept only if the simulation shows exactly that). The figure plots |w_k| on a log axis. Distractors:
"warm-up is for speed" (M14), a global-threshold argument, the decay/noise-floor reason (M12), a
non-convexity excuse (f is convex) and "the divergence is temporary".
"""

from quizgen.family import Meta, calc, num, pick, redraw_if, sample
from quizgen.kit import concepts

TAIL = 20  # steps after the warm-up

CORRECT = (
    r"Far from the minimum the curvature $f''(w) = 1 + 3w^2$ is large, so the local stability limit $2/f''(w)$ is "
    r"far below $\eta$; the warm-up keeps the early steps below it until $w$ reaches the flatter region near the "
    r"minimum.",
    "The constant rate is too large for the sharply curved region where training starts, so every step overshoots "
    "further out; the warm-up's small early steps are stable there, and it reaches the full rate only near the "
    "minimum, where that rate is safe.",
)
RIGHT = (r"Right: $f''(<<w0>>) = <<curv>>$, so near the start only rates below about $<<lim>>$ are stable, and "
         r"$\eta = <<eta>>$ overshoots at once. The warm-up starts at $<<first>>$ and has brought $w$ close to the "
         r"minimum (where the limit approaches 2) before the rate is large.")
DISTRACTORS = {
    "M14": ("Warm-up makes early training faster: it takes larger steps at the beginning, so the warm-up run "
            "reaches the minimum before it can blow up.",
            "Warm-up is about stability, not speed: it takes *smaller* steps at the beginning (here it starts at "
            "$<<first>>$, against $<<eta>>$ for the constant run). Early in training the curvature is high, and "
            "small steps are what keep the run from overshooting."),
    "global-threshold": (r"$\eta$ is above this loss's stability limit $2/f''(0) = 2$, so any constant run at "
                         r"$\eta$ must diverge; the warm-up works because it lowers the average rate below 2.",
                         r"At the minimum $f''(0) = 1$, so the limit there is 2 and $\eta = <<eta>>$ is well below "
                         r"it: near the minimum the constant rate would be perfectly stable. What fails is the "
                         r"*start*, where $f''(w_0) = <<curv>>$ makes the local limit only $<<lim>>$."),
    "M12": ("Warm-up works because it lowers the learning rate at the end of training, which removes the "
            "mini-batch noise floor.",
            "That describes learning-rate *decay*, and there is no mini-batch noise here (full-batch gradient "
            "descent). Warm-up changes only the *first* <<W>> steps; afterwards both runs use the same rate."),
    "nonconvex": ("The loss is non-convex, so a constant learning rate can fall into a region where gradient "
                  "descent diverges; warm-up avoids the non-convex part.",
                  "This loss is convex: $f''(w) = 1 + 3w^2 > 0$ everywhere. Gradient descent diverges on it "
                  "anyway, because a step that is too large for the local curvature overshoots."),
    "temporary": ("The constant run has not really diverged: with more steps it would come back and converge "
                  "like the warm-up run.",
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
    r"""Warm-up run: the first rate is $<<first.work>>$, below the local limit <<lim>>, so the early steps are
    stable.""",
    r"""By the end of the warm-up (step <<W>>) the simulated iterate is at $|w_{<<W>>}| = <<w_end_warm>>$, where
    $f'' \approx 1$ and the limit is about 2, so the full rate $<<eta>>$ is safe; after <<T>> steps
    $|w_{<<T>>}| = <<w_end>>$.""",
    r"""So warm-up is a *stability* device: it takes small steps while the curvature is high and reaches the full
    rate only once the iterate is in a gently curved region. It does not make early training faster (M14).""",
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
    d["choices"] = concepts.statements(d, (pick(rng, CORRECT), RIGHT), [(*DISTRACTORS[k], k) for k in keys])
    d["stem"] = pick(rng, STEMS)
    return d


def figures(d):
    return [concepts.warmup_figure(d["traj"], d["eta"], d["W"], d["w0"])]


META = Meta(id="warmup.why", topic="warmup", difficulty=2, kind="multiple_choice",
            objective="Explain why a learning-rate warm-up stabilises early training: high early curvature makes the "
                      "local stability limit small, so the full rate must be reached gradually.",
            closed_form=lambda d: {"w1_run": d["w0"] - d["eta"] * (d["w0"] + d["w0"] ** 3)},
            figures=figures, tags=("warmup", "stability", "curvature", "M14"))
