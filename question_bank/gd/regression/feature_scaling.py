"""Feature scaling and the largest stable learning rate (DOMAIN §2.3, archetype B4).

Linear regression ŷ = w·x + b on one raw feature x ~ N(loc, scale²) (seeded ``core.make_regression``),
loss MSE = (1/n)Σ(ŷ − y)². The Hessian is H = 2[[m₂, m₁], [m₁, 1]] with m₁ = mean(x), m₂ = mean(x²), so
λ_max = (m₂ + 1) + √((m₂ − 1)² + 4m₁²) and η_max = 2/λ_max. After standardising x (population standard
deviation) H = 2I and η_max = 1 exactly. Distractors: the ½MSE thresholds (convention slip), 1/λ_max (the
fastest rate, not the largest stable one) and "scaling does not change the stable rate". Each threshold
is checked by simulating at 0.97× and 1.03× of it; the solution plot shows both runs at 0.9× their own limit.
"""

import numpy as np

from quizgen import core
from quizgen.family import Meta, calc, num, pick, redraw_if
from quizgen.kit import ndim

CHECK_STEPS = 100
PLOT_STEPS = 40

QUESTION = r"""A linear model $\hat y = w x + b$ (with intercept $b$) is fitted to $n = <<n>>$ points by full-batch
gradient descent on the mean squared error $L(w, b) = \frac{1}{n}\sum_{i=1}^{n}(\hat y_i - y_i)^2$. The raw feature
has mean $m_1 = \frac{1}{n}\sum_i x_i = <<m1>>$ and mean square $m_2 = \frac{1}{n}\sum_i x_i^2 = <<m2>>$. You then
standardise it, $x \mapsto (x - m_1)/s$ with the population standard deviation $s$, and fit again. What is the
largest stable learning rate $\eta_{\max}$ (gradient descent converges for every $0 < \eta < \eta_{\max}$) before
and after standardising? (Values to 4 significant figures.)"""

SOLUTION = [
    r"""For $\hat y = w x + b$ and the MSE, the Hessian is $H = \frac{2}{n}X^\top X = 2\begin{pmatrix} m_2 & m_1 \\
    m_1 & 1 \end{pmatrix}$ (the intercept is a column of ones), whose largest eigenvalue is
    $\lambda_{\max} = (m_2 + 1) + \sqrt{(m_2 - 1)^2 + 4m_1^2}$. Gradient descent is stable iff
    $\eta < 2/\lambda_{\max}$.""",
    r"""Raw feature: $H = 2\begin{pmatrix} <<m2>> & <<m1>> \\ <<m1>> & 1 \end{pmatrix}$, so
    $\lambda_{\max} = <<lam.work>>$.""",
    r"So $\eta_{\max} = <<raw.work>>$ on the raw feature (computed from the unrounded $\lambda_{\max}$).",
    r"""Standardised feature: its mean is $m_1 = 0$ and its mean square is $m_2 = 1$ (variance 1), so
    $H = 2\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}$, $\lambda_{\max} = 2$ and $\eta_{\max} = 2/2 = 1$.""",
    r"""Standardising lets the rate grow by a factor $<<gain.work>>$, because the largest curvature of the loss fell
    from <<lam>> to 2. The two curvatures also became equal: the condition number fell from
    $\kappa = \lambda_{\max}/\lambda_{\min} = <<kappa>>$ (raw, $\lambda_{\min} = <<lam_min>>$) to 1.""",
    r"""The plot runs both at 0.9× their own limit. On the standardised feature both curvatures are 2, so the error
    shrinks by the same factor $|1 - 0.9\cdot 2| = 0.8$ in every direction. On the raw feature the steep direction
    has that factor $-0.8$, but the flat one only $1 - 0.9\cdot 2/\kappa = <<flat>>$<% if flat.value > 0.8 %>, so the
    raw run is <% if flat.value > 0.95 %>far <% endif %>slower<% else %>, so here the raw run is no slower per step:
    with so mild a $\kappa$ the gain is the larger rate itself<% endif %>.""",
]

CORRECT = (r"raw $x$: $\eta_{\max} = <<raw>>$; standardised $x$: $\eta_{\max} = 1$",
           r"""Right: $\lambda_{\max}$ falls from <<lam>> to 2, so the limit rises from <<raw>> to 1, <<gain>> times
           larger.""")
WRONG = [
    (r"raw $x$: $\eta_{\max} = <<half_raw>>$; standardised $x$: $\eta_{\max} = 2$",
     r"""These are the limits for the loss $\frac{1}{2n}\sum(\hat y - y)^2$, whose Hessian is $\frac{1}{n}X^\top X$.
     The stated loss is the MSE without the $\frac{1}{2}$: its Hessian is $\frac{2}{n}X^\top X$ and both limits are
     half as large.""", "loss-convention"),
    (r"raw $x$: $\eta_{\max} = <<inv_raw>>$; standardised $x$: $\eta_{\max} = 0.5$",
     r"""$1/\lambda_{\max}$ is the rate that removes the steepest error component in one step, not the largest
     stable rate: the error there is multiplied by $1 - \eta\lambda_{\max}$, which stays above $-1$ up to
     $\eta = 2/\lambda_{\max}$.""", "optimal-vs-max"),
    (r"raw $x$: $\eta_{\max} = <<raw>>$; standardised $x$: $\eta_{\max} = <<raw>>$",
     r"""The stable rate is not a property of the algorithm alone: it is $2/\lambda_{\max}$ of this loss, and
     rescaling a feature rescales the curvature. Standardising brings $\lambda_{\max}$ from <<lam>> down to 2, so
     the limit becomes 1.""", "M6"),
]


def _probe(objective, eta_max):
    """One batched run at 0.97×, 1.03× and 0.9× (the plotted run) of eta_max: whether each behaved as theory
    says (shrinks, clearly rises, does not diverge), and the excess loss of the plotted run."""
    probe, *_ = ndim.bracket(objective, eta_max, np.zeros(2), CHECK_STEPS, also=(0.9,))
    start, end = float(probe.losses[0, 0]), probe.losses[-1]
    # Below the limit the MSE falls at every step; above it any clear rise over its own minimum proves the
    # rate unstable (how far it climbs depends on the start's tiny share along the steep eigenvector).
    unstable = bool(probe.diverged[1]) or not np.isfinite(end[1]) or end[1] > 1.01 * float(np.min(probe.losses[:, 1]))
    behaves = ((not probe.diverged[0]) and end[0] < start, unstable, not probe.diverged[2])
    return behaves, probe.losses[: PLOT_STEPS + 1, 2] - objective.min_value


def data(rng):
    n, scale = pick(rng, (20, 30, 50, 80, 100)), pick(rng, (2, 3, 4, 5, 8, 10))
    loc = pick(rng, (-5, -2, 0, 1, 2, 3, 5, 10))
    data_seed = int(rng.integers(10_000))
    points = core.make_regression(n, 1, seed=data_seed, scales=scale, loc=loc, intercept=True, noise=0.5)
    X, y, x = points.X, points.y, points.X[:, 0]
    X_std = np.column_stack([(x - x.mean()) / x.std(), np.ones(n)])  # the same targets; only the input changes
    eta_raw, eta_std = core.theory.regression_max_lr(X), core.theory.regression_max_lr(X_std)

    m1, m2 = num(np.mean(x), sig=6), num(np.mean(x * x), sig=6)  # 6 figures: the 4-figure threshold follows
    lam = calc("m2 + 1 + sqrt((m2 - 1)**2 + 4*m1**2)", m1=m1, m2=m2)
    raw = ndim.symbolic(calc("2/(m2 + 1 + sqrt((m2 - 1)**2 + 4*m1**2))", m1=m1, m2=m2), r"2/\lambda_{\max}")
    redraw_if(raw.text != num(eta_raw, sig=4).text, "the printed moments round to a different threshold")
    behaves_raw, excess_raw = _probe(core.LinearRegression(X, y), eta_raw)
    behaves_std, excess_std = _probe(core.LinearRegression(X_std, y), eta_std)
    lam_min = float(m2.value) + 1 - float(np.sqrt((m2.value - 1) ** 2 + 4 * m1.value ** 2))
    kappa = lam.value / lam_min
    d = dict(n=n, m1=m1, m2=m2, lam=lam, raw=raw, lam_min=num(lam_min, sig=4), kappa=num(kappa, sig=4),
             flat=num(1 - 1.8 / kappa, sig=4), gain=calc("1/raw", raw=raw), x=x, eta_raw=eta_raw,
             eta_std=eta_std, behaves=behaves_raw + behaves_std, excess=(excess_raw, excess_std),
             half_raw=num(2 * eta_raw, sig=4), inv_raw=num(eta_raw / 2, sig=4),
             params={"dataset": {"generator": "make_regression", "n": n, "features": 1, "seed": data_seed,
                                 "scales": scale, "loc": loc, "noise": 0.5}, "standardise": "population sd",
                     "eta_max": {"raw": eta_raw, "standardised": eta_std}})
    d["choices"] = ndim.statements(d, CORRECT, WRONG)
    return d


def figures(d):
    ex_raw, ex_std = d["excess"]
    floor, t = 1e-12 * max(ex_raw[0], ex_std[0]), np.arange(PLOT_STEPS + 1)
    return [ndim.log_curves([(f"raw x, η = {num(0.9 * d['eta_raw'], sig=4).text}", t, np.maximum(ex_raw, floor), None),
                             (f"standardised x, η = {num(0.9 * d['eta_std'], sig=4).text}", t,
                              np.maximum(ex_std, floor), None)],
                            xlabel="step", ylabel="MSE above its minimum",
                            alt="Excess training loss per step on a log scale for gradient descent on the raw and on "
                                "the standardised feature, each at 0.9 times its own stability limit.",
                            caption="Each run at 0.9× its own largest stable rate.", in_solution=True)]


META = Meta(id="gd.regression.feature_scaling", topic="conditioning", difficulty=2, kind="multiple_choice",
            objective="Compute how standardising a feature changes the largest stable learning rate of linear "
                      "regression, from the Hessian (2/n)XᵀX.",
            closed_form=lambda d: {"eta_raw": 2.0 / core.theory.intercept_lambda_max(d["x"]), "eta_std": 1.0,
                                   "behaves": (True,) * 6},
            figures=figures, tags=("feature-scaling", "stability-threshold", "conditioning"))
