"""The loss convention changes the stable learning rate (DOMAIN §2.3, archetype B6).

For least squares the Hessian is (2/n)XᵀX for the MSE (PyTorch ``MSELoss()``, reduction
'mean'), (1/n)XᵀX for ½MSE (1/2n)Σ(ŷ − y)² and 2XᵀX for the sum (reduction 'sum'), so the
largest stable rate 2/λ_max is

    η_sum = η_mse / n,   η_half = 2·η_mse,   η_sum = η_half / (2n).

The stem gives the largest stable rate under one convention (a drawn grid value) and asks for it
under another. The data is a seeded ``core.make_regression`` set with one feature and an
intercept whose feature is rescaled so that the stated threshold is exact (closed form:
μ_max of [[m₂, m₁], [m₁, 1]] solved for the scale). The answer is
``core.theory.regression_max_lr`` under the target convention, checked by simulating that
loss at 0.97× (converges) and 1.03× (diverges) in one batched run.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import Draft, Redraw, answer, calc, exact, pick, pretty, question, render, say, tex

SIZES = (16, 20, 25, 32, 40, 50, 64, 100, 128, 200, 256)
SOURCE_RATES = {
    "mse": (0.02, 0.05, 0.1, 0.2, 0.25, 0.4, 0.5),
    "half_mse": (0.04, 0.1, 0.2, 0.4, 0.5, 0.8, 1.0),
    "sum": (0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005),
}
SWITCHES = (("mse", "sum"), ("sum", "mse"), ("half_mse", "mse"), ("mse", "half_mse"), ("half_mse", "sum"),
            ("sum", "half_mse"))
CHECK_STEPS = 150

NAME = {
    "mse": r"PyTorch's `nn.MSELoss()` (reduction `'mean'`), $L = \frac{1}{n}\sum_{i=1}^{n}(\hat y_i - y_i)^2$",
    "sum": r"`nn.MSELoss(reduction='sum')`, $L = \sum_{i=1}^{n}(\hat y_i - y_i)^2$",
    "half_mse": r"the textbook loss $L = \frac{1}{2n}\sum_{i=1}^{n}(\hat y_i - y_i)^2$",
}
HESSIAN = {"mse": r"\frac{2}{n}X^\top X", "sum": r"2X^\top X", "half_mse": r"\frac{1}{n}X^\top X"}


def _mu_for(loss: str, eta: float, n: int) -> float:
    """μ_max of XᵀX/n that makes ``eta`` the largest stable rate under ``loss``."""
    return {"mse": 1.0 / eta, "half_mse": 2.0 / eta, "sum": 1.0 / (n * eta)}[loss]


@question("gd.regression.loss_convention", topic="stability", difficulty=2, kind="numeric",
          objective="Convert the largest stable learning rate between loss conventions (mean vs sum reduction, "
                    "MSE vs ½MSE) using how each scales the Hessian.")
def loss_convention(rng: np.random.Generator) -> Draft:
    source, target = pick(rng, SWITCHES)
    n, eta_src = pick(rng, SIZES), pick(rng, SOURCE_RATES[source])
    mu = _mu_for(source, eta_src, n)
    if not 1.5 <= mu <= 1e4:
        raise Redraw("the stated threshold needs a feature scale outside the usable range")
    data_seed = int(rng.integers(10_000))
    data = core.make_regression(n, 1, seed=data_seed, intercept=True, noise=0.5, loc=1.0)
    x = data.X[:, 0]
    a1, a2 = float(np.mean(x)), float(np.mean(x * x))
    # scale the feature by c so that μ_max([[c²a₂, c·a₁], [c·a₁, 1]]) = μ:  c² = μ(μ − 1)/(μa₂ − a₂ + a₁²)
    c = float(np.sqrt(mu * (mu - 1.0) / (mu * a2 - a2 + a1 * a1)))
    X = np.column_stack([c * x, np.ones(n)])
    y = data.y
    if not np.isclose(core.theory.regression_max_lr(X, source), eta_src, rtol=1e-9):
        raise AssertionError(f"rescaled data gives {core.theory.regression_max_lr(X, source)}, wanted {eta_src}")
    if not np.isclose(2.0 / core.theory.intercept_lambda_max(X[:, 0]), core.theory.regression_max_lr(X), rtol=1e-9):
        raise AssertionError("closed form and eigen-solver disagree on the MSE threshold")
    eta_tgt = core.theory.regression_max_lr(X, target)

    # check the answer by simulating the target loss just below and just above it (one batched run)
    objective = core.LinearRegression(X, y, loss=target)
    probe = core.run(core.sgd(np.array([0.97, 1.03]) * eta_tgt), objective, x0=np.zeros(2), steps=CHECK_STEPS)
    start = float(probe.losses[0, 0])
    stable = (not probe.diverged[0]) and probe.losses[-1, 0] < start
    end = float(probe.losses[-1, 1])
    unstable = bool(probe.diverged[1]) or not np.isfinite(end) or (
        end > start and end > 10 * float(np.min(probe.losses[:, 1])))
    if not (stable and unstable):
        raise AssertionError(f"target threshold {eta_tgt}: 0.97× → {probe.losses[-1, 0]}, 1.03× → {probe.losses[-1, 1]}")

    E, N = exact(eta_src), str(n)
    steps = [say(r"The largest stable rate is $2/\lambda_{\max}(H)$, and the Hessian of each loss is a fixed multiple "
                 r"of $X^\top X$: $H = <<hs>>$ for the original loss and $H = <<ht>>$ for the new one. The data, and so "
                 r"$X^\top X$, are unchanged.", hs=HESSIAN[source], ht=HESSIAN[target])]
    ratio_text = {
        ("mse", "sum"): (r"Summing instead of averaging multiplies the loss, its gradient and its Hessian by $n = <<n>>$, "
                         r"so the threshold is divided by <<n>>: $<<e>>/<<n>> = <<result>>$.", f"{E}/{N}"),
        ("sum", "mse"): (r"Averaging instead of summing divides the Hessian by $n = <<n>>$, so the threshold is "
                         r"multiplied by <<n>>: $<<e>>\cdot<<n>> = <<result>>$.", f"{E}*{N}"),
        ("half_mse", "mse"): (r"Dropping the $\frac{1}{2}$ doubles the Hessian, so the threshold halves: "
                              r"$<<e>>/2 = <<result>>$.", f"{E}/2"),
        ("mse", "half_mse"): (r"Adding the $\frac{1}{2}$ halves the Hessian, so the threshold doubles: "
                              r"$2\cdot<<e>> = <<result>>$.", f"2*{E}"),
        ("half_mse", "sum"): (r"From $\frac{1}{n}X^\top X$ to $2X^\top X$ the Hessian grows by a factor $2n = 2\cdot<<n>>$, so "
                              r"$<<e>>/(2\cdot<<n>>) = <<result>>$.", f"{E}/(2*{N})"),
        ("sum", "half_mse"): (r"From $2X^\top X$ to $\frac{1}{n}X^\top X$ the Hessian shrinks by a factor $2n = 2\cdot<<n>>$, so "
                              r"$<<e>>\cdot 2\cdot<<n>> = <<result>>$.", f"{E}*2*{N}"),
    }[(source, target)]
    step, result = calc(ratio_text[0].removesuffix(".") + " (4 significant figures).", ratio_text[1], n=N, e=tex(E))
    steps.append(step)
    ans = answer(eta_tgt)
    if result != ans.display:
        raise AssertionError(f"worked steps give {result}, the data's threshold is {ans.display}")
    steps.append(say(r"Check by simulation on the new loss: $\eta = <<lo>>$ (0.97×) converges and $\eta = <<hi>>$ "
                     r"(1.03×) diverges. The same optimiser settings that were safe before can be far from safe after "
                     r"a change of reduction: there is no universal safe learning rate.",
                     lo=tex(pretty(0.97 * eta_tgt)), hi=tex(pretty(1.03 * eta_tgt))))

    prompt = render(
        r"A linear model $\hat y = w x + b$ is trained by full-batch gradient descent on a fixed dataset of $n = <<n>>$ "
        r"samples with <<src>>. With this loss gradient descent converges for every learning rate below "
        r"$\eta = <<e>>$ and diverges above it. You switch the loss to <<tgt>>, on the same data and with everything "
        r"else unchanged. What is the largest stable learning rate now? Give it to 4 significant figures.",
        n=N, src=NAME[source], e=tex(E), tgt=NAME[target])
    return Draft(
        prompt=prompt, solution=tuple(steps), answer=ans,
        params={"objective": {"name": "linear_regression", "intercept": True, "loss_from": source, "loss_to": target},
                "dataset": {"generator": "make_regression", "n": n, "features": 1, "seed": data_seed, "loc": 1.0,
                            "noise": 0.5, "feature_rescaled_by": c},
                "stated_eta_max": eta_src, "optimizer": {"name": "sgd", "lr_checked": [0.97 * eta_tgt, 1.03 * eta_tgt]},
                "x0": [0.0, 0.0], "steps": CHECK_STEPS},
        tags=("loss-convention", "reduction", "stability-threshold"),
    )
