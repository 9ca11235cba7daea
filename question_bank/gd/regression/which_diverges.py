"""Which learning rate makes gradient descent diverge on this regression dataset? (DOMAIN §2.3, archetype B5).

The flagship stability question. A seeded ``core.make_regression`` dataset (n = 30–100, one
feature with or without an intercept, or two features plus an intercept) is fitted by
full-batch gradient descent from zero on the MSE (1/n)Σ(ŷ − y)² or on ½MSE (1/2n)Σ(ŷ − y)²;
the stem states which, and gives the data summary (1/n)XᵀX (its entries, or its eigenvalues).
The Hessian is (2/n)XᵀX (MSE) or (1/n)XᵀX (½MSE), and GD diverges iff η > 2/λ_max.

Four readable rates (2 significant figures) sit at about 0.2–0.3×, 0.6–0.7×, 0.85–0.95× and
1.15–1.5× of the threshold, never within 3 % of it. All four run in ONE batched simulation;
exactly one must diverge. The threshold comes from ``core.theory.regression_max_lr`` and, for
one feature plus an intercept, the closed form ``intercept_lambda_max``. The prompt figure is
the data scatter (nothing revealing); the log-scale loss curves, with the diverged run marked,
are in the solution.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import (
    Draft, Redraw, Rounding, calc, curves, numeric_choices, pick, pretty, question, render, say, series, tex,
)

SIZES = (30, 40, 50, 80, 100)
SCALES = (0.5, 1, 1.5, 2, 3)
LOCS = (0, 0.5, 1, 2, -1)
FACTORS = ((0.2, 0.25, 0.3), (0.6, 0.65, 0.7), (0.85, 0.9, 0.95), (1.15, 1.3, 1.5))
STEPS = 100
SIG2 = Rounding(sig=2)
SIG6 = Rounding(sig=6)

LOSSES = {
    "mse": (r"L = \frac{1}{n}\sum_{i=1}^{n}(\hat y_i - y_i)^2",
            "the mean squared error, as PyTorch's `MSELoss()` computes it", r"\frac{2}{n}X^\top X", "2"),
    "half_mse": (r"L = \frac{1}{2n}\sum_{i=1}^{n}(\hat y_i - y_i)^2",
                 "half the mean squared error", r"\frac{1}{n}X^\top X", "1"),
}


def _matrix(rows: list[list[str]]) -> str:
    return r"\begin{pmatrix} " + r" \\ ".join(" & ".join(r) for r in rows) + r" \end{pmatrix}"


@question("gd.regression.which_diverges", topic="stability", difficulty=2, kind="multiple_choice", plot=True,
          objective="Decide which learning rates make full-batch gradient descent diverge on a linear-regression "
                    "dataset, from the largest eigenvalue of the Hessian under the stated loss convention.")
def which_diverges(rng: np.random.Generator) -> Draft:
    form = pick(rng, ("intercept", "intercept", "no_intercept", "two_features"))
    loss = pick(rng, ("mse", "mse", "half_mse"))
    n, data_seed = pick(rng, SIZES), int(rng.integers(10_000))
    features = 2 if form == "two_features" else 1
    scales = [pick(rng, SCALES) for _ in range(features)]
    locs = [pick(rng, LOCS) for _ in range(features)]
    data = core.make_regression(n, features, seed=data_seed, scales=scales, loc=locs,
                                intercept=form != "no_intercept", noise=0.5)
    X, y = data.X, data.y
    eta_max = core.theory.regression_max_lr(X, loss)
    lam_h = 2.0 / eta_max
    if form == "intercept":
        closed = core.theory.intercept_lambda_max(X[:, 0]) * (1.0 if loss == "mse" else 0.5)
        if not np.isclose(lam_h, closed, rtol=1e-10):
            raise AssertionError(f"λ_max {lam_h} disagrees with the closed form {closed}")

    # four readable rates around the threshold, ≥ 3 % away from it and ≥ 10 % apart
    factors = [pick(rng, group) for group in FACTORS]
    rates = [float(pretty(f * eta_max, SIG2)) for f in factors]
    ratios = [r / eta_max for r in rates]
    # the second rate must stay above 1/λ_max = half the threshold (its feedback says it overshoots)
    if not (all(q <= 0.97 for q in ratios[:3]) and ratios[3] >= 1.03 and ratios[1] >= 0.53):
        raise Redraw("rounding moved a rate to the wrong side of (or too near) the threshold")
    if any(b < 1.1 * a for a, b in zip(rates, rates[1:])):
        raise Redraw("rates too close together")

    objective = core.LinearRegression(X, y, loss=loss)
    x0 = np.zeros(X.shape[1])
    traj = core.run(core.sgd(np.array(rates)), objective, x0=x0, steps=STEPS)   # one batched run
    if list(traj.diverged) != [False, False, False, True]:
        raise Redraw(f"simulation diverged = {list(traj.diverged)} within {STEPS} steps; expected only the last")
    if not np.all(np.diff(traj.losses[:, :3], axis=0) <= 1e-12 * traj.losses[0, :3]):
        raise AssertionError("full-batch GD below 2/λ_max must lower the loss at every step")

    # the data summary and the worked steps
    loss_tex, loss_words, h_tex, two = LOSSES[loss]
    G = X.T @ X / n
    steps = [say(r"For $L$ = " + loss_words + r", the Hessian is $H = <<h>>$<<rel>>, and gradient descent "
                 r"from any start converges iff $\eta < 2/\lambda_{\max}(H)$.",
                 h=h_tex, rel=r", i.e. twice $\frac{1}{n}X^\top X$" if two == "2" else
                 r" with no factor 2 (the $\frac{1}{2}$ cancels the 2 from the square)")]
    if form == "intercept":
        m1, m2 = pretty(G[0, 1], SIG6), pretty(G[0, 0], SIG6)
        summary = render(r"$\frac{1}{n}X^\top X = <<m>>$, where the first column of $X$ is the feature $x$ and "
                         r"the second the column of ones for the intercept (so the entries are "
                         r"$\frac{1}{n}\sum x_i^2$, $\frac{1}{n}\sum x_i$ and $1$)",
                         m=_matrix([[tex(m2), tex(m1)], [tex(m1), "1"]]))
        model = r"$\hat y = w x + b$ (slope $w$ and intercept $b$)"
        step, MU = calc(r"The largest eigenvalue of $\begin{pmatrix} m_2 & m_1 \\ m_1 & 1 \end{pmatrix}$ is "
                        r"$\mu_{\max} = \frac{(m_2 + 1) + \sqrt{(m_2 - 1)^2 + 4m_1^2}}{2} = "
                        r"\frac{(<<m2>> + 1) + \sqrt{(<<m2>> - 1)^2 + 4\cdot(<<m1>>)^2}}{2} = <<result>>$.",
                        f"(({m2} + 1) + sqrt(({m2} - 1)**2 + 4*({m1})**2))/2", m1=tex(m1), m2=tex(m2))
        steps.append(step)
    elif form == "no_intercept":
        m2 = pretty(G[0, 0], SIG6)
        summary = render(r"$\frac{1}{n}\sum_i x_i^2 = <<m2>>$", m2=tex(m2))
        model = r"$\hat y = w x$ (no intercept)"
        steps.append(say(r"With one weight and no intercept, $\frac{1}{n}X^\top X$ is the single number "
                         r"$\frac{1}{n}\sum x_i^2 = <<m2>>$.", m2=tex(m2)))
        MU = m2
    else:
        mu = np.linalg.eigvalsh(G)[::-1]
        M = [pretty(v, SIG6) for v in mu]
        summary = render(r"the eigenvalues of $\frac{1}{n}X^\top X$ (the last column of $X$ is the column of ones "
                         r"for the intercept) are $<<a>>$, $<<b>>$ and $<<c>>$", a=tex(M[0]), b=tex(M[1]), c=tex(M[2]))
        model = r"$\hat y = w_1 x_1 + w_2 x_2 + b$ (two features and an intercept)"
        steps.append(say(r"The largest eigenvalue of $\frac{1}{n}X^\top X$ is $\mu_{\max} = <<m>>$.", m=tex(M[0])))
        MU = M[0]
    if loss == "mse":
        step, LAM = calc(r"$\lambda_{\max}(H) = 2\,\mu_{\max} = 2\cdot<<mu>> = <<result>>$.", f"2*{MU}", mu=tex(MU))
    else:
        step, LAM = calc(r"$\lambda_{\max}(H) = \mu_{\max} = <<result>>$ (no factor 2 under the $\frac{1}{2n}$ "
                         r"convention).", f"{MU}", mu=tex(MU))
    steps.append(step)
    step, LIM = calc(r"Threshold: $2/\lambda_{\max} = 2/<<lam>> = <<result>>$.", f"2/{LAM}", lam=tex(LAM))
    steps.append(step)
    R = [pretty(r) for r in rates]
    for i, r in enumerate(R):
        verdict = ("above the threshold: the error along the steepest direction is multiplied by "
                   r"$|1 - \eta\lambda_{\max}| > 1$ each step, so it **diverges**" if i == 3 else
                   "below the threshold: it converges")
        step, _ = calc(r"$\eta = <<r>>$: $<<r>>/<<lim>> = <<result>>$, " + verdict + ".", f"{r}/{LIM}",
                       r=tex(r), lim=tex(LIM))
        steps.append(step)
    k_div = int(traj.diverged_at[3])
    steps.append(say(r"The simulation agrees: the run at $\eta = <<r>>$ has parameters of size above $10^6$ by step "
                     r"<<k>> (it has diverged); the other three lower the loss at every step.", r=tex(R[3]), k=k_div))

    wrong_half = loss == "half_mse"
    feedback = [
        render(r"Right: $<<r>> > 2/\lambda_{\max} = <<lim>>$, so the steepest error component grows by "
               r"$|1 - \eta\lambda_{\max}| > 1$ per step.", r=R[3], lim=LIM),
        (render(r"$<<r>>$ is below the threshold $<<lim>>$. It overshoots along the steepest direction "
                r"(the sign of that error component flips each step) but $|1 - \eta\lambda_{\max}| < 1$, so it "
                r"converges: overshooting is not diverging.", r=R[2], lim=LIM), "M5"),
        (render(r"$<<r>>$ is above $1/\lambda_{\max}$, the rate that would remove the steepest component in one step, "
                r"so it overshoots; but divergence needs $\eta > 2/\lambda_{\max} = <<lim>>$.", r=R[1], lim=LIM)
         + (r" (If you used the Hessian $\frac{2}{n}X^\top X$, that is the MSE's, not this $\frac{1}{2n}$ loss's: "
            r"it halves the threshold.)" if wrong_half else ""), "optimal-vs-max"),
        (render(r"The smallest rate converges, just slowly: a small learning rate never makes gradient descent on a "
                r"quadratic loss blow up. Divergence needs $\eta > <<lim>>$.", lim=LIM), "small-lr-diverges"),
    ]
    choices = numeric_choices((rates[3], feedback[0]),
                              [(rates[2], *feedback[1]), (rates[1], *feedback[2]), (rates[0], *feedback[3])],
                              min_rel_gap=0.1, template=r"$\eta = <<v>>$")

    # figures: the data (prompt, reveals nothing about stability) and the loss curves (solution)
    scatter = curves([series("", X[:, 0], y, style="points")],
                     xlabel="$x$" if features == 1 else "$x_1$", ylabel="$y$",
                     alt=f"Scatter plot of the {n} training points: target y against "
                         f"{'the feature x' if features == 1 else 'the first feature x1'}.",
                     caption="The training data.")
    t = np.arange(STEPS + 1)
    runs = [series(f"η = {R[i]}", t, traj.losses[:, i],
                   diverged_at=int(traj.diverged_at[i]) if traj.diverged[i] else None) for i in range(4)]
    loss_fig = curves(runs, xlabel="step", ylabel="training loss $L$", yscale="log",
                      alt="Training loss per step on a log scale for the four learning rates; one run blows up and "
                          "is marked with a cross where it diverged.",
                      caption="The four runs (one batched simulation).", in_solution=True)

    prompt = render(
        r"A linear model <<model>> is fitted to the <<n>> points in the figure by full-batch gradient descent on "
        r"$<<loss>>$ (<<words>>), starting from all parameters $0$. For this data, <<summary>>. "
        r"Which of these learning rates makes gradient descent diverge?",
        model=model, n=n, loss=loss_tex, words=loss_words, summary=summary)
    return Draft(
        prompt=prompt, solution=tuple(steps), choices=choices, figures=(scatter, loss_fig),
        params={"objective": {"name": "linear_regression", "loss": loss, "intercept": form != "no_intercept"},
                "dataset": {"generator": "make_regression", "n": n, "features": features, "seed": data_seed,
                            "scales": scales, "loc": locs, "noise": 0.5},
                "optimizer": {"name": "sgd", "lr": rates}, "x0": [0.0] * X.shape[1], "steps": STEPS,
                "eta_max": eta_max, "diverged_at": k_div},
        tags=("stability-threshold", "regression", "loss-convention"),
    )
