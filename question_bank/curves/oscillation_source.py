"""Where do loss oscillations come from? Full-batch GD vs SGD vs momentum (DOMAIN §0.3, archetype C3; corrects M4).

One seeded linear regression (MSE) is trained from zero at the same η = 0.9·2/λ_max (above 1/λ_max: the
parameters overshoot) by full-batch GD (its loss falls at every step on a quadratic), full-batch heavy ball
``SGD(momentum=0.9)`` (stable, but the loss ripples: complex per-direction roots of modulus √β) and mini-batch
SGD (a jagged, noisy plateau; its own run, as mini-batching applies to every run of a call). Curves A, B, C
in random order; one of three true statements against three of five wrong ones (M4, swapped sources,
"GD's loss zigzags", M16, M15).
"""

import numpy as np

from quizgen import core
from quizgen.family import Meta, num, pick, redraw_if
from quizgen.kit import curves as kit

BETA = 0.9
LABELS = "ABC"

QUESTION = r"""A linear model with two features and an intercept is trained on $n = <<n>>$ samples on the mean squared
error, always from all weights $0$ and with the same learning rate $\eta = <<e>>$ (for this loss
$2/\lambda_{\max} = <<lim>>$). One run uses full-batch gradient descent, one full-batch heavy-ball momentum (PyTorch
`SGD(lr=<<e>>, momentum=0.9)`), one mini-batch SGD with batch size <<B>>. The figure shows their training loss minus
its minimum value on a log scale, labelled A, B and C in some order. Which statement is true?"""

SOLUTION = [
    r"""For this loss $2/\lambda_{\max} = <<lim>>$ and $1/\lambda_{\max} = <<inv>>$; all three runs use
    $\eta = <<e>>$, in between.""",
    r"""Full-batch GD on a quadratic multiplies the loss along each eigen-direction by $(1 - \eta\lambda_i)^2 < 1$
    per step, so its loss falls at every step: curve <<gd>>, the only monotone one.""",
    r"""Heavy-ball momentum ($\beta = 0.9$) is stable for $\eta\lambda < 2(1 + \beta) = 3.8$, but for
    $(1 - \sqrt\beta)^2 < \eta\lambda < (1 + \sqrt\beta)^2$ its per-direction roots are complex: the iterates spiral
    in, and the loss ripples in a regular rhythm while its envelope shrinks: curve <<mom>>.""",
    r"""Mini-batch SGD (batch size <<B>>) follows noisy gradients: an irregular curve that stalls on a noise plateau,
    curve <<sgd>>. Simulated over the last <<w>> steps it averaged $<<plateau>>$ above the minimum, while full-batch
    GD ended at $<<gd_end>>$.""",
    r"""So oscillations in a loss curve point to momentum or gradient noise (or a non-quadratic loss), not
    necessarily to a learning rate that is too high.""",
]

TRUE = (  # (statement, feedback): one of them is the correct choice
    (r"Curve <<gd>> is full-batch gradient descent: although $\eta > 1/\lambda_{\max}$, its loss falls at every step.",
     r"""Right: $\eta = <<e>>$ is above $1/\lambda_{\max} = <<inv>>$, so the parameters overshoot along the steepest
     direction, but on a quadratic loss full-batch gradient descent with $\eta < 2/\lambda_{\max} = <<lim>>$ lowers
     the loss at every step: overshooting shows up in the parameters, not as a rising loss."""),
    (r"The ripples of curve <<mom>> come from momentum, not from a learning rate above the stability limit.",
     r"""Right: heavy-ball momentum is stable here ($\eta\lambda_{\max} < 2(1 + \beta)$), but its iterates spiral in,
     so the loss goes up and down while it converges. The same $\eta$ without momentum (curve <<gd>>) never raises
     the loss."""),
    (r"Curve <<sgd>> is the mini-batch SGD run: its jagged, irregular ups and downs come from gradient noise.",
     r"""Right: each step uses the gradient of a random batch, so the loss jumps around a noise floor that grows with
     $\eta/B$; a larger batch (or a smaller $\eta$) would give a lower, smoother plateau."""),
)
FALSE = (  # (statement, feedback, misconception tag)
    (r"""Curves <<mom>> and <<sgd>> both go up at times, so their learning rate is above the stability limit and must
     be lowered.""",
     r"""An oscillating loss does not always mean the rate is too high: all three runs use the same
     $\eta = <<e>> < 2/\lambda_{\max} = <<lim>>$, and both curves stay bounded. Momentum and mini-batch noise cause
     the ups and downs.""", "M4"),
    (r"Curve <<mom>> is the mini-batch SGD run, and curve <<sgd>> is the full-batch heavy-ball momentum run.",
     r"""Swapped. Momentum gives regular, rhythmic ripples whose envelope keeps shrinking (curve <<mom>>); mini-batch
     noise gives irregular jumps around a plateau that stops going down (curve <<sgd>>).""", "swapped-sources"),
    (r"Since $\eta > 1/\lambda_{\max}$, full-batch gradient descent overshoots, so its loss rises every other step.",
     r"""Overshooting makes the *parameters* zigzag ($\eta = <<e>>$ is above $1/\lambda_{\max} = <<inv>>$), but the
     loss along each direction is multiplied by $(1 - \eta\lambda)^2 < 1$ per step: full-batch GD on a quadratic
     below $2/\lambda_{\max}$ lowers the loss at every step (curve <<gd>>).""", "M4"),
    (r"The momentum run (curve <<mom>>) is diverging: a loss that rises at some steps will sooner or later blow up.",
     r"""Its ripples shrink: the momentum iteration contracts by $\sqrt{\beta} \approx 0.95$ per step in each
     direction, because $\eta\lambda_{\max} < 2(1 + \beta)$. Rises along the way do not mean divergence.""", "M16"),
    (r"Momentum can only speed training up, so curve <<mom>> lies below curve <<gd>> at every single step.",
     r"""Not here: with $\eta$ already near the limit, momentum's effective step $\eta/(1 - \beta)$ overshoots, and
     curve <<mom>> is above curve <<gd>> for part of the run. When adding momentum one often lowers $\eta$.""",
     "M15"),
)


def _rises(y, factor):
    """How many steps raise the value by more than ``factor``."""
    return int(np.sum(y[1:] > factor * y[:-1]))


def data(rng):
    scales, locs = pick(rng, ([1, 3], [1, 4], [0.5, 2])), pick(rng, ([1.5, 0], [1, 0.5], [2, 0]))
    B, T = pick(rng, (20, 40)), pick(rng, (50, 60))
    data_seed, sgd_seed = int(rng.integers(10_000)), int(rng.integers(10_000))
    fit = kit.regression(200, data_seed, scales=scales, loc=locs, noise=1.0)
    lam_max = 2.0 / fit.eta_max
    eta = num(0.9 * fit.eta_max, sig=4)   # the rate as printed
    lam = np.linalg.eigvalsh(core.theory.regression_hessian(fit.train.X))
    redraw_if(not np.allclose(core.theory.heavy_ball_rate(eta.value, BETA, lam), np.sqrt(BETA), rtol=1e-9),
              "every direction must be underdamped (complex roots) for the ripple explanation")
    full = fit.run([eta.value, eta.value], T, momentum=np.array([0.0, BETA]))
    mini = fit.run(eta.value, T, batch_size=B, seed=sgd_seed)
    redraw_if(full.diverged.any() or mini.diverged.any(), "a run diverged")
    gd, mom, sgd = (y - fit.train.min_value for y in (full.losses[:, 0], full.losses[:, 1], mini.losses[:, 0]))
    w = T // 3
    redraw_if(not (np.all(gd > 0) and np.all(mom > 0) and np.all(sgd > 0)),
              "an excess loss reached the floating-point floor")
    redraw_if(not (_rises(mom, 1.2) >= 2 and _rises(sgd, 1.0) >= 8 and np.mean(sgd[-w:]) > 3 * gd[-1]
                   and np.max(sgd[-w:]) < 0.3 * sgd[0]),
              "the momentum ripples or the SGD noise are not clearly visible")
    # otherwise the "momentum lies below GD at every step" distractor would be true (e.g. quiz seed 1, version 98)
    redraw_if(not np.any(mom[1:] > gd[1:]), "the momentum run never rises above plain GD")
    order = rng.permutation(3)
    lab = {("gd", "mom", "sgd")[i]: LABELS[j] for j, i in enumerate(order)}
    d = dict(lab, n=200, B=B, T=T, w=w, e=eta, lim=num(fit.eta_max, sig=4), inv=num(1.0 / lam_max, sig=4),
             order=order, ys=(gd, mom, sgd), plateau=num(np.mean(sgd[-w:]), sig=4), gd_end=num(gd[-1], sig=4),
             gd_falls=bool(np.all(np.diff(full.losses[:, 0]) <= 1e-12 * full.losses[0, 0])),
             params={"dataset": {"generator": "make_regression", "n": 200, "features": 2, "seed": data_seed,
                                 "scales": scales, "loc": locs, "noise": 1.0},
                     "eta_max": fit.eta_max, "labels": {v: k for k, v in lab.items()}})
    which = int(rng.integers(len(TRUE)))
    false = FALSE if which else FALSE[:2] + FALSE[3:]  # FALSE[2] is the plain negation of TRUE[0]
    d["choices"] = kit.statements(d, TRUE[which], rng=rng, sampled=false, k=3)
    return d


def figures(d):
    return [kit.plot(d, [(LABELS[j], None, d["ys"][i]) for j, i in enumerate(d["order"])], xlabel="step",
                     ylabel="training MSE minus its minimum", yscale="log",
                     alt="Three training-loss curves labelled A, B and C on a log scale over <<T>> steps.",
                     caption="The three runs, same learning rate, same data, same start.")]


META = Meta(id="curves.oscillation_source", topic="loss-curves", difficulty=3, kind="multiple_choice",
            objective="Attribute an oscillating or noisy loss curve to its real cause (momentum or mini-batch noise), "
                      "knowing that full-batch GD on a quadratic below 2/λ_max lowers the loss at every step.",
            # η·λ_max ≈ 0.9·2 = 1.8 < 2 (and < heavy ball's 2(1 + β) = 3.8): GD's loss falls at every step
            closed_form=lambda d: {"gd_falls": True},
            figures=figures, tags=("loss-curves", "momentum", "sgd-noise", "M4"))
