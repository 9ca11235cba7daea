"""One full-batch gradient-descent step for linear regression on 3–5 points (DOMAIN §2.3, archetype A2).

The model is ŷ = w·x + b. The loss is PyTorch's MSE (1/n)Σ(ŷᵢ − yᵢ)² or half of it, and the stem
says which: the two conventions differ by a factor 2 in the gradient (DOMAIN §0.4). Both
parameters are updated simultaneously from the gradient at (w₀, b₀).
"""

import numpy as np

from quizgen import core
from quizgen.kit import ndim
from quizgen.family import Meta, calc, pick, redraw_if, sample, simulate

LOSSES = {
    "mse": (r"L(w, b) = \frac{1}{n}\sum_{i=1}^{n} (\hat y_i - y_i)^2",
            "the mean squared error, as PyTorch's `MSELoss(reduction='mean')` computes it"),
    "half_mse": (r"L(w, b) = \frac{1}{2n}\sum_{i=1}^{n} (\hat y_i - y_i)^2",
                 "half the mean squared error (the convention of many textbooks)"),
}

# points inline, not as a Markdown table: the HTML writer renders CommonMark, which has no tables
QUESTION = r"""A linear model $\hat y = w\,x + b$ (slope $w$, intercept $b$) is fitted to these <<n>> points
$(x_i, y_i)$: $<% for p in points %><% if not loop.first %>,\quad <% endif %>(<<p[0]>>, <<p[1]>>)<% endfor %>$. The
loss is $<<losses[loss][0]>>$, <<losses[loss][1]>>. Full-batch gradient descent starts from $w_0 = <<w0>>$,
$b_0 = <<b0>>$ with learning rate $\eta = <<eta>>$; both parameters are updated simultaneously from the gradient at
$(w_0, b_0)$. What is the value of <% if p == 'w' %>the weight $w$<% else %>the intercept $b$<% endif %> after one
update? Give it exactly or to 4 significant figures."""

SOLUTION = [
    r"""Differentiate the loss: $\frac{\partial L}{\partial w} = \frac{<<k>>}{n}\sum_i (\hat y_i - y_i)\,x_i$ and
    $\frac{\partial L}{\partial b} = \frac{<<k>>}{n}\sum_i (\hat y_i - y_i)$<% if loss == 'half_mse' %> (the
    $\frac{1}{2}$ cancels the 2 from the square)<% endif %>.""",
    r"""Predictions at $(w_0, b_0) = (<<w0>>, <<b0>>)$: $\hat y = <% if w0 == 0 %><<b0>><% elif b0 == 0
    %><<w0|coef('x')>><% else %><<w0|coef('x')>> <<b0|signed>><% endif %>$ gives
    $(<% for v in preds %><<v>><% if not loop.last %>,\ <% endif %><% endfor %>)$ for the <<n>> points; residuals
    $\hat y - y = (<% for v in resid %><<v>><% if not loop.last %>,\ <% endif %><% endfor %>)$.""",
    r"""Sum needed for $<<p>>$: <% if p == 'w' %>$\sum_i (\hat y_i - y_i)\,x_i<% else %>$\sum_i (\hat y_i - y_i)<%
    endif %> = <<s.work>>$.""",
    r"Gradient component: $\frac{\partial L}{\partial <<p>>} = <<g.work>>$ (4 significant figures).",
    r"""Update: $<<p>>_1 = <<p>>_0 - \eta\,\frac{\partial L}{\partial <<p>>} = <<new.work>>$ (4 significant
    figures).""",
    r"""($<<'b' if p == 'w' else 'w'>>$ is updated at the same time from its own gradient at $(w_0, b_0)$; that does
    not change $<<p>>_1$.)""",
]


# common wrong answers (each computed in data from this draw's numbers)
CONVENTION = r"""This uses the gradient of <<other>>, which differs by a factor 2 from the stated loss
$<<losses[loss][0]>>$: its derivative has the factor $\frac{<<k>>}{n}$."""
SIGN = r"""This adds $\eta\,\partial L/\partial <<p>>$ instead of subtracting it, a step uphill. Gradient descent
moves against the gradient: $<<p>>_1 = <<p>>_0 - \eta\,\partial L/\partial <<p>>$."""
NO_MEAN = r"""This leaves out the $\frac{1}{n}$ of the mean, using the summed gradient $<<k>>\sum_i(\hat y_i - y_i)\dots$;
the stated loss averages over the $n = <<n>>$ points, so the gradient is $<<n>>$ times smaller."""
NO_X = r"""This drops the factor $x_i$ in $\partial L/\partial w$: the prediction $w x_i + b$ changes by $x_i$ per unit of
$w$, so each residual is weighted by its $x_i$."""


def data(rng):
    n = pick(rng, (3, 4, 5))
    x = sorted(sample(rng, (-2, -1, 0, 1, 2, 3, 4), n))
    y = [pick(rng, (-3, -2, -1, 0, 1, 2, 3, 4, 5, 6)) for _ in range(n)]
    w0, b0, eta = pick(rng, (-1, -0.5, 0, 0.5, 1, 2)), pick(rng, (-1, 0, 0.5, 1)), pick(rng, (0.01, 0.02, 0.05, 0.1))
    loss, p = pick(rng, tuple(LOSSES)), pick(rng, ("w", "b"))
    redraw_if(len(set(y)) == 1, "all targets equal: a dull dataset")
    X = np.column_stack([np.asarray(x, dtype=float), np.ones(n)])
    run = simulate(core.sgd(eta), core.LinearRegression(X, np.asarray(y, dtype=float), loss=loss),
                   x0=np.array([w0, b0], dtype=float), steps=1)
    idx, start = (0, w0) if p == "w" else (1, b0)
    redraw_if(run.final_params[0, idx] == start, "zero gradient component: the parameter would not move")

    resid = [w0 * xi + b0 - yi for xi, yi in zip(x, y)]
    names = {**{f"r{i}": r for i, r in enumerate(resid)}, **{f"x{i}": xi for i, xi in enumerate(x)}}
    terms = [f"r{i}*x{i}" if p == "w" else f"r{i}" for i in range(n)]
    s = calc(" + ".join(terms), **names)
    k = 2 if loss == "mse" else 1
    d = dict(n=n, points=list(zip(x, y)), loss=loss, losses=LOSSES, w0=w0, b0=b0, eta=eta, p=p, k=k, s=s,
                preds=[w0 * xi + b0 for xi in x], resid=resid, g=calc("k/n*s", k=k, n=n, s=s),
                new=calc("start - eta*(k/n)*s", start=start, eta=eta, k=k, n=n, s=s),
                simulated=run.final_params[0, idx], new_params=run.final_params[0], theta0=(w0, b0), x=x, y=y,
                params={"asked": p})
    g = (k / n) * float(s.value)
    d["other"] = "half the mean squared error" if loss == "mse" else "the mean squared error"
    d["wrong_answers"] = ndim.slips(d, d["simulated"], [
        (start - eta * (3 - k) / n * float(s.value), "loss-convention", CONVENTION),
        (start + eta * g, "M2", SIGN),
        (start - eta * k * float(s.value), "sum-vs-mean", NO_MEAN),
        (start - eta * (k / n) * sum(resid) if p == "w" else float("nan"), "forgot-input-factor", NO_X),
    ])
    return d


def _by_hand(d):
    """The gradient written out, (2s)·Xᵀ(Xθ − y) with s = 1/n (MSE) or 1/(2n) (½MSE)."""
    X = np.column_stack([np.asarray(d["x"], dtype=float), np.ones(d["n"])])
    theta0 = np.array(d["theta0"], dtype=float)
    return {"new_params": theta0 - d["eta"] * (d["k"] / d["n"]) * (X.T @ (X @ theta0 - np.asarray(d["y"], float)))}


META = Meta(id="gd.regression.one_step", topic="gd-basics", difficulty=2, kind="numeric",
            objective="Compute one gradient-descent update of a linear-regression weight or intercept "
                      "from the data, under a stated loss convention.",
            answer="simulated", closed_form=_by_hand, tags=("update-rule", "loss-convention", "linear-regression"))
