"""The loss convention changes the stable learning rate (DOMAIN §2.3, archetype B6).

For least squares the Hessian is (2/n)XᵀX for the MSE (PyTorch ``MSELoss()``), (1/n)XᵀX for
½MSE and 2XᵀX for the sum, so the largest stable rate 2/λ_max converts as η_sum = η_mse/n,
η_half = 2·η_mse. The stem gives it under one convention (a grid value: the seeded feature is
rescaled so that it is exact) and asks for it under another; the answer is checked by simulating
the new loss at 0.97× (converges) and 1.03× (diverges).
"""

import numpy as np

from quizgen import core
from quizgen.family import Meta, calc, pick, redraw_if
from quizgen.kit import ndim

SIZES = (16, 20, 25, 32, 40, 50, 64, 100, 128, 200, 256)
SOURCE_RATES = {
    "mse": (0.02, 0.05, 0.1, 0.2, 0.25, 0.4, 0.5),
    "half_mse": (0.04, 0.1, 0.2, 0.4, 0.5, 0.8, 1.0),
    "sum": (0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005),
}
SWITCHES = (("mse", "sum"), ("sum", "mse"), ("half_mse", "mse"), ("mse", "half_mse"), ("half_mse", "sum"),
            ("sum", "half_mse"))
# the new threshold from the old one, written as in the worked step (e: the stated rate)
CONVERT = {("mse", "sum"): "e/n", ("sum", "mse"): "e*n", ("half_mse", "mse"): "e/2", ("mse", "half_mse"): "2*e",
           ("half_mse", "sum"): "e/(2*n)", ("sum", "half_mse"): "e*2*n"}
NAME = {
    "mse": r"PyTorch's `nn.MSELoss()` (reduction `'mean'`), $L = \frac{1}{n}\sum_{i=1}^{n}(\hat y_i - y_i)^2$",
    "sum": r"`nn.MSELoss(reduction='sum')`, $L = \sum_{i=1}^{n}(\hat y_i - y_i)^2$",
    "half_mse": r"the textbook loss $L = \frac{1}{2n}\sum_{i=1}^{n}(\hat y_i - y_i)^2$",
}
HESSIAN = {"mse": r"\frac{2}{n}X^\top X", "sum": r"2X^\top X", "half_mse": r"\frac{1}{n}X^\top X"}
CHECK_STEPS = 150

QUESTION = r"""A linear model $\hat y = w x + b$ is trained by full-batch gradient descent on a fixed dataset of
$n = <<n>>$ samples with <<names[source]>>. With this loss gradient descent converges for every learning rate below
$\eta = <<e>>$ and diverges above it. You switch the loss to <<names[target]>>, on the same data and with everything
else unchanged. What is the largest stable learning rate now? Give it to 4 significant figures."""

SOLUTION = [
    r"""The largest stable rate is $2/\lambda_{\max}(H)$, and the Hessian of each loss is a fixed multiple of
    $X^\top X$: $H = <<hessians[source]>>$ for the original loss and $H = <<hessians[target]>>$ for the new one. The
    data, and so $X^\top X$, are unchanged.""",
    r"""<% if switch == ('mse', 'sum') %>Summing instead of averaging multiplies the loss, its gradient and its Hessian
    by $n = <<n>>$, so the threshold is divided by <<n>>:<% elif switch == ('sum', 'mse') %>Averaging instead of
    summing divides the Hessian by $n = <<n>>$, so the threshold is multiplied by <<n>>:<% elif switch == ('half_mse',
    'mse') %>Dropping the $\frac{1}{2}$ doubles the Hessian, so the threshold halves:<% elif switch == ('mse',
    'half_mse') %>Adding the $\frac{1}{2}$ halves the Hessian, so the threshold doubles:<% elif switch == ('half_mse',
    'sum') %>From $\frac{1}{n}X^\top X$ to $2X^\top X$ the Hessian grows by a factor $2n = 2\cdot<<n>>$, so<% else
    %>From $2X^\top X$ to $\frac{1}{n}X^\top X$ the Hessian shrinks by a factor $2n = 2\cdot<<n>>$, so<% endif %>
    $<<eta.work>>$ (4 significant figures).""",
    r"""Check by simulation on the new loss: $\eta = <<lo>>$ (0.97×) converges and $\eta = <<hi>>$ (1.03×) diverges.
    The same optimiser settings that were safe before can be far from safe after a change of reduction: there is no
    universal safe learning rate.""",
]


INVERTED = r"""This converts the wrong way round. A Hessian $k$ times larger gives a threshold $k$ times smaller:
from $<<hessians[source]>>$ to $<<hessians[target]>>$ the threshold becomes $<<eta>>$."""
UNCHANGED = r"""This keeps the old threshold. The new loss is a constant multiple of the old one, so its Hessian is
scaled by that factor and the largest stable rate $2/\lambda_{\max}$ inversely: from $<<hessians[source]>>$ to $<<hessians[target]>>$ the threshold becomes
$<<eta>>$."""
FORGOT_HALF = r"""This converts by the factor $n = <<n>>$ alone and forgets the $\frac{1}{2}$ of the textbook loss: the
Hessians are $<<hessians[source]>>$ and $<<hessians[target]>>$, which differ by $2n = <<2 * n>>$, giving $<<eta>>$."""


def data(rng):
    source, target = pick(rng, SWITCHES)
    n, eta_src = pick(rng, SIZES), pick(rng, SOURCE_RATES[source])
    mu = {"mse": 1.0 / eta_src, "half_mse": 2.0 / eta_src, "sum": 1.0 / (n * eta_src)}[source]  # μ_max of XᵀX/n
    redraw_if(not 1.5 <= mu <= 1e4, "the stated threshold needs a feature scale outside the usable range")
    data_seed = int(rng.integers(10_000))
    points = core.make_regression(n, 1, seed=data_seed, intercept=True, noise=0.5, loc=1.0)
    x, y = points.X[:, 0], points.y
    a1, a2 = float(np.mean(x)), float(np.mean(x * x))
    # scale the feature by c so that μ_max([[c²a₂, c·a₁], [c·a₁, 1]]) = μ:  c² = μ(μ − 1)/(μa₂ − a₂ + a₁²)
    c = float(np.sqrt(mu * (mu - 1.0) / (mu * a2 - a2 + a1 * a1)))
    X = np.column_stack([c * x, np.ones(n)])
    eta_tgt = core.theory.regression_max_lr(X, target)

    # the answer checked by simulating the new loss just below and just above it (one batched run)
    probe, lo, hi = ndim.bracket(core.LinearRegression(X, y, loss=target), eta_tgt, np.zeros(2), CHECK_STEPS)
    start, end = float(probe.losses[0, 0]), float(probe.losses[-1, 1])
    stable = (not probe.diverged[0]) and probe.losses[-1, 0] < start
    unstable = bool(probe.diverged[1]) or not np.isfinite(end) or (
        end > start and end > 10 * float(np.min(probe.losses[:, 1])))
    d = dict(source=source, target=target, switch=(source, target), n=n, e=eta_src, names=NAME, hessians=HESSIAN,
                eta=calc(CONVERT[source, target], e=eta_src, n=n), eta_tgt=eta_tgt, converges=(stable, not unstable),
                stated_eta=core.theory.regression_max_lr(X, source), eta_mse=core.theory.regression_max_lr(X),
                lam_mse=core.theory.intercept_lambda_max(X[:, 0]),
                lo=lo, hi=hi,
                params={"dataset": {"generator": "make_regression", "n": n, "features": 1, "seed": data_seed,
                                    "loc": 1.0, "noise": 0.5, "feature_rescaled_by": c}, "stated_eta_max": eta_src})
    ratio = {"mse": 2.0, "half_mse": 1.0, "sum": 2.0 * n}  # the Hessian as a multiple of XᵀX/n
    both = {source, target} == {"half_mse", "sum"}
    d["wrong_answers"] = ndim.slips(d, eta_tgt, [
        (eta_src * ratio[target] / ratio[source], "conversion-inverted", INVERTED),
        (eta_src, "M6", UNCHANGED),
        (eta_tgt * (2 if target == "sum" else 0.5) if both else float("nan"), "forgot-half", FORGOT_HALF),
    ])
    return d


def _theory(d):
    """The conversion (the Hessian scales by 2, 1 or 2n), the rescaled data and the MSE's closed form."""
    scale = {"mse": 2.0, "half_mse": 1.0, "sum": 2.0 * d["n"]}
    return {"eta_tgt": d["e"] * scale[d["source"]] / scale[d["target"]], "stated_eta": d["e"],
            "eta_mse": 2.0 / d["lam_mse"], "converges": (True, False)}


META = Meta(id="gd.regression.loss_convention", topic="stability", difficulty=2, kind="numeric",
            objective="Convert the largest stable learning rate between loss conventions (mean vs sum reduction, "
                      "MSE vs ½MSE) using how each scales the Hessian.",
            answer="eta_tgt", closed_form=_theory, tags=("loss-convention", "reduction", "stability-threshold"))
