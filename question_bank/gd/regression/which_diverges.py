"""Which learning rate makes gradient descent diverge on this regression dataset? (DOMAIN §2.3, archetype B5).

A seeded ``core.make_regression`` dataset (n = 30–100; one feature with or without an intercept, or two
features plus an intercept) is fitted by full-batch GD from zero on the MSE (1/n)Σ(ŷ − y)² or on ½MSE; the
stem states which and gives the data summary (1/n)XᵀX (its entries, or its eigenvalues). The Hessian is
(2/n)XᵀX (MSE) or (1/n)XᵀX (½MSE), and GD diverges iff η > 2/λ_max. Four readable rates (2 significant figures) are
listed in order: s of them (s = 0–3, drawn) converge, at 0.52–0.94× of the threshold, and the rest diverge, at
1.06–2.6×; the student names the smallest diverging one, so the key's position varies with s. All four run in
ONE batched simulation, and exactly the rates above the threshold must diverge. The prompt figure is the data
scatter (nothing revealing); the log-scale loss curves are in the solution.
"""

import numpy as np

from quizgen import core
from quizgen.family import Meta, calc, fill, num, pick, redraw_if
from quizgen.kit import ndim

# rates as multiples of the threshold: converging ones (all above half of it, so each overshoots) and diverging ones
BELOW = ((0.52, 0.55, 0.6), (0.68, 0.72, 0.76), (0.86, 0.9, 0.94))
ABOVE = ((1.06, 1.1, 1.15), (1.3, 1.4, 1.5), (1.7, 1.8, 1.9), (2.2, 2.4, 2.6))
STEPS = 250
LOSSES = {  # the loss, in words, its Hessian
    "mse": (r"L = \frac{1}{n}\sum_{i=1}^{n}(\hat y_i - y_i)^2",
            "the mean squared error, as PyTorch's `MSELoss()` computes it", r"\frac{2}{n}X^\top X"),
    "half_mse": (r"L = \frac{1}{2n}\sum_{i=1}^{n}(\hat y_i - y_i)^2", "half the mean squared error",
                 r"\frac{1}{n}X^\top X"),
}

QUESTION = r"""A linear model <% if form == 'intercept' %>$\hat y = w x + b$ (slope $w$ and intercept $b$)<% elif
form == 'no_intercept' %>$\hat y = w x$ (no intercept)<% else %>$\hat y = w_1 x_1 + w_2 x_2 + b$ (two features and an
intercept)<% endif %> is fitted to the <<n>> points in the figure by full-batch gradient descent on
$<<losses[loss][0]>>$ (<<losses[loss][1]>>), starting from all parameters $0$. For this data, <% if form ==
'intercept' %>$\frac{1}{n}X^\top X = \begin{pmatrix} <<m2>> & <<m1>> \\ <<m1>> & 1 \end{pmatrix}$, where the first
column of $X$ is the feature $x$ and the second the column of ones for the intercept (so the entries are
$\frac{1}{n}\sum x_i^2$, $\frac{1}{n}\sum x_i$ and $1$)<% elif form == 'no_intercept' %>$\frac{1}{n}\sum_i x_i^2 =
<<m2>>$<% else %>the eigenvalues of $\frac{1}{n}X^\top X$ (the last column of $X$ is the column of ones for the
intercept) are $<<eigs[0]>>$, $<<eigs[1]>>$ and $<<eigs[2]>>$<% endif %>. Which is the smallest of these
learning rates that makes gradient descent diverge?"""

RATE_STEP = r"""$\eta = <<R[i]>>$: $<<q[i].work>>$, <% if i >= s %>above the threshold: the error along the steepest
direction is multiplied by $|1 - \eta\lambda_{\max}| > 1$ each step, so it **diverges**<% else %>below the threshold:
it converges<% endif %>."""
SOLUTION = [
    r"""For $L$ = <<losses[loss][1]>>, the Hessian is $H = <<losses[loss][2]>>$<% if loss == 'mse' %>, i.e. twice
    $\frac{1}{n}X^\top X$<% else %> with no factor 2 (the $\frac{1}{2}$ cancels the 2 from the square)<% endif %>,
    and gradient descent from any start converges iff $\eta < 2/\lambda_{\max}(H)$.""",
    r"""<% if form == 'intercept' %>The largest eigenvalue of $\begin{pmatrix} m_2 & m_1 \\ m_1 & 1 \end{pmatrix}$ is
    $\mu_{\max} = \frac{(m_2 + 1) + \sqrt{(m_2 - 1)^2 + 4m_1^2}}{2} = <<mu.work>>$.<% elif form == 'no_intercept'
    %>With one weight and no intercept, $\frac{1}{n}X^\top X$ is the single number
    $\frac{1}{n}\sum x_i^2 = <<m2>>$.<% else %>The largest eigenvalue of $\frac{1}{n}X^\top X$ is
    $\mu_{\max} = <<mu>>$.<% endif %>""",
    r"""<% if loss == 'mse' %>$\lambda_{\max}(H) = 2\,\mu_{\max} = <<lam.work>>$.<% else %>$\lambda_{\max}(H) =
    <<lam.work>>$ (no factor 2 under the $\frac{1}{2n}$ convention).<% endif %>""",
    r"Threshold: $2/\lambda_{\max} = <<lim.work>>$.",
    *(f"<% set i = {i} %>" + RATE_STEP for i in range(4)),
    r"""The smallest rate above the threshold is $\eta = <<R[s]>>$. The simulation agrees: <% for i in range(s, 4)
    %>the run at $\eta = <<R[i]>>$ has parameters of size above $10^6$ by step <<k_div[i]>><% if not loop.last %>, <%
    endif %><% endfor %><% if s %>; the <% if s == 1 %>run at the smaller rate lowers<% else %>runs at the <<s>> smaller
    rates lower<% endif %> the loss at every step<% endif %>.""",
]

RIGHT = r"""Right: $<<R[s]>> > 2/\lambda_{\max} = <<lim>>$, so the steepest error component grows by
$|1 - \eta\lambda_{\max}| > 1$ per step<% if s %>, while every smaller rate here is below the threshold<% endif %>."""
OVERSHOOTS = (r"""$<<R[i]>>$ is below the threshold $<<lim>>$. It overshoots along the steepest direction (the sign of that
error component flips each step) but $|1 - \eta\lambda_{\max}| < 1$, so it converges: overshooting is not
diverging.""", "M5")
ONE_OVER = (r"""$<<R[i]>>$ is above $1/\lambda_{\max}$, the rate that would remove the steepest component in one step, so
it overshoots; but divergence needs $\eta > 2/\lambda_{\max} = <<lim>>$.<% if loss == 'half_mse' %> (If you used the
Hessian $\frac{2}{n}X^\top X$, that is the MSE's, not this $\frac{1}{2n}$ loss's: it halves the threshold.)<% endif
%>""", "optimal-vs-max")
LARGER = (r"""$<<R[i]>>$ does diverge, but it is not the smallest such rate: $<<R[s]>>$ is already above
$2/\lambda_{\max} = <<lim>>$. Just above the threshold the error grows slowly, but it still grows without bound, so
that run diverges too.""", "M16")


def data(rng):
    form = pick(rng, ("intercept", "intercept", "no_intercept", "two_features"))
    loss = pick(rng, ("mse", "mse", "half_mse"))
    n, data_seed = pick(rng, (30, 40, 50, 80, 100)), int(rng.integers(10_000))
    features = 2 if form == "two_features" else 1
    scales = [pick(rng, (0.5, 1, 1.5, 2, 3)) for _ in range(features)]
    locs = [pick(rng, (0, 0.5, 1, 2, -1)) for _ in range(features)]
    points = core.make_regression(n, features, seed=data_seed, scales=scales, loc=locs,
                                  intercept=form != "no_intercept", noise=0.5)
    X, y = points.X, points.y
    eta_max = core.theory.regression_max_lr(X, loss)

    # four readable rates: s of them converge (s = 0 … 3 is drawn, and the key, the smallest diverging rate, is the
    # (s+1)-th option), all ≥ 3 % away from the threshold, above half of it (each overshoots) and ≥ 10 % apart
    s = int(rng.integers(4))
    rates = [num(pick(rng, group) * eta_max, sig=2).value for group in BELOW[3 - s:] + ABOVE[: 4 - s]]
    ratios = [r / eta_max for r in rates]
    redraw_if(not (all(0.53 <= q <= 0.97 for q in ratios[:s]) and all(q >= 1.03 for q in ratios[s:])),
              "rounding moved a rate to the wrong side of (or too near) the threshold")
    redraw_if(any(b < 1.1 * a for a, b in zip(rates, rates[1:])), "rates too close together")
    traj = ndim.fit(X, y, loss, rates, STEPS)  # one batched run
    redraw_if(list(traj.diverged) != [i >= s for i in range(4)], "expected exactly the rates above the threshold to diverge")

    G = X.T @ X / n
    m1, m2 = num(G[0, -1], sig=6), num(G[0, 0], sig=6)  # (m1 is read only with an intercept column)
    eigs = [num(v, sig=6) for v in np.linalg.eigvalsh(G)[::-1]]
    mu = calc("(m2 + 1 + sqrt((m2 - 1)**2 + 4*m1**2))/2", m1=m1, m2=m2) if form == "intercept" else (
        m2 if form == "no_intercept" else eigs[0])
    lam = calc("2*mu", mu=mu) if loss == "mse" else ndim.symbolic(calc("mu", mu=mu), r"\mu_{\max}")
    lim = calc("2/lam", lam=lam)
    R = [num(r, sig=4) for r in rates]
    falls = np.diff(traj.losses[:, :s], axis=0) <= 1e-12 * traj.losses[0, :s]  # the stable runs, every step
    d = dict(form=form, loss=loss, features=features, losses=LOSSES, n=n, m1=m1, m2=m2, eigs=eigs, mu=mu, lam=lam,
             lim=lim, R=R, q=[calc("r/lim", r=r, lim=lim) for r in R], s=s, k_div=[int(k) for k in traj.diverged_at], X=X, y=y,
             traj=traj, lam_h=2.0 / eta_max, monotone=bool(falls.all()),
             params={"dataset": {"generator": "make_regression", "n": n, "features": features, "seed": data_seed,
                                 "scales": scales, "loc": locs, "noise": 0.5}, "eta_max": eta_max})
    wrong = [(rates[i], fill(why, dict(d, i=i)), tag) for i in range(4) if i != s
             for why, tag in [ONE_OVER if i == 0 else OVERSHOOTS if i < s else LARGER]]
    d["choices"] = ndim.numbers(d, (rates[s], RIGHT), wrong, min_rel_gap=0.1, template=r"$\eta = <<v>>$")
    return d


def figures(d):
    traj, one = d["traj"], d["features"] == 1
    return [ndim.scatter(d["X"][:, 0], d["y"], xlabel="$x$" if one else "$x_1$", ylabel="$y$",
                         alt=f"Scatter plot of the {d['n']} training points: target y against "
                             f"{'the feature x' if one else 'the first feature x1'}.", caption="The training data."),
            ndim.log_curves([(f"η = {r.text}", range(STEPS + 1), traj.losses[:, i],
                              int(traj.diverged_at[i]) if traj.diverged[i] else None) for i, r in enumerate(d["R"])],
                            xlabel="step", ylabel="training loss $L$",
                            alt="Training loss per step on a log scale for the four learning rates; each run that blows "
                                "up is marked with a cross where it diverged.",
                            caption="The four runs (one batched simulation).", in_solution=True)]


def _theory(d):
    """Full-batch GD below 2/λ_max lowers the loss at every step; λ_max in closed form for one feature."""
    x, half = d["X"][:, 0], 0.5 if d["loss"] == "half_mse" else 1.0
    lam = {"intercept": core.theory.intercept_lambda_max(x), "no_intercept": 2.0 * float(np.mean(x * x))}
    return {"monotone": True} if d["form"] not in lam else {"monotone": True, "lam_h": lam[d["form"]] * half}


META = Meta(id="gd.regression.which_diverges", topic="stability", difficulty=2, kind="multiple_choice",
            objective="Decide which learning rates make full-batch gradient descent diverge on a linear-regression "
                      "dataset, from the largest eigenvalue of the Hessian under the stated loss convention.",
            closed_form=_theory, figures=figures, tags=("stability-threshold", "regression", "loss-convention"))
