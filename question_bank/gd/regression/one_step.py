"""One full-batch gradient-descent step for linear regression on 3–5 points (DOMAIN §2.3, archetype A2).

The model is ŷ = w·x + b (b is the intercept, a column of ones in X). The loss is either
PyTorch's mean squared error (1/n)Σ(ŷᵢ − yᵢ)² or half of it, (1/2n)Σ(ŷᵢ − yᵢ)², and the stem
says which: the two conventions differ by a factor 2 in the gradient (DOMAIN §0.4).
Both parameters are updated simultaneously from the gradient at (w₀, b₀).
"""

import numpy as np

from quizgen import core
from quizgen.authoring import Draft, Redraw, answer, calc, exact, paren, pick, question, render, sample, say

XS = (-2, -1, 0, 1, 2, 3, 4)
YS = (-3, -2, -1, 0, 1, 2, 3, 4, 5, 6)
W_STARTS = (-1, -0.5, 0, 0.5, 1, 2)
B_STARTS = (-1, 0, 0.5, 1)
RATES = (0.01, 0.02, 0.05, 0.1)

LOSSES = {
    "mse": (r"L(w, b) = \frac{1}{n}\sum_{i=1}^{n} (\hat y_i - y_i)^2",
            "the mean squared error, as PyTorch's `MSELoss(reduction='mean')` computes it"),
    "half_mse": (r"L(w, b) = \frac{1}{2n}\sum_{i=1}^{n} (\hat y_i - y_i)^2",
                 "half the mean squared error (the convention of many textbooks)"),
}


def _line(w: str, b: str) -> str:
    """LaTeX for w·x + b with tidy signs: ``-x + 0.5``, ``2x - 1``, ``0.5``."""
    slope = {"0": "", "1": "x", "-1": "-x"}.get(w, f"{w}x")
    if b == "0":
        return slope or "0"
    if not slope:
        return b
    return f"{slope} - {b[1:]}" if b.startswith("-") else f"{slope} + {b}"


def _tuple(values: list[str]) -> str:
    return "(" + ",\\ ".join(values) + ")"


@question("gd.regression.one_step", topic="gd-basics", difficulty=2, kind="numeric",
          objective="Compute one gradient-descent update of a linear-regression weight or intercept "
                    "from the data, under a stated loss convention.")
def regression_one_step(rng: np.random.Generator) -> Draft:
    n = pick(rng, (3, 4, 5))
    x = sorted(sample(rng, XS, n))
    y = [pick(rng, YS) for _ in range(n)]
    w0, b0, eta = pick(rng, W_STARTS), pick(rng, B_STARTS), pick(rng, RATES)
    loss = pick(rng, tuple(LOSSES))
    target = pick(rng, ("w", "b"))
    if len(set(y)) == 1:
        raise Redraw("all targets equal: a dull dataset")

    X = np.column_stack([np.asarray(x, dtype=float), np.ones(n)])
    Y = np.asarray(y, dtype=float)
    objective = core.LinearRegression(X, Y, loss=loss)
    traj = core.run(core.sgd(eta), objective, x0=np.array([w0, b0], dtype=float), steps=1)
    new = traj.final_params[0]
    # cross-check with the gradient written out by hand: (2s)·Xᵀ(Xθ − y), s = 1/n or 1/(2n)
    factor = 2.0 / n if loss == "mse" else 1.0 / n
    theta0 = np.array([w0, b0], dtype=float)
    by_hand = theta0 - eta * factor * (X.T @ (X @ theta0 - Y))
    if not np.allclose(new, by_hand, rtol=1e-12, atol=1e-12):
        raise AssertionError(f"regression step: simulation {new}, by hand {by_hand}")
    idx = 0 if target == "w" else 1
    simulated = float(new[idx])
    if simulated == theta0[idx]:
        raise Redraw("zero gradient component: the parameter would not move")

    preds = [w0 * xi + b0 for xi in x]
    resid = [p - yi for p, yi in zip(preds, y)]
    Xs, Ys = [exact(v) for v in x], [exact(v) for v in y]
    P, R = [exact(v) for v in preds], [exact(v) for v in resid]
    W0, B0, E, N = exact(w0), exact(b0), exact(eta), str(n)
    loss_tex, loss_words = LOSSES[loss]
    start = W0 if target == "w" else B0

    steps = [
        say(r"Differentiate the loss: $\frac{\partial L}{\partial w} = <<k>>\sum_i (\hat y_i - y_i)\,x_i$ and "
            r"$\frac{\partial L}{\partial b} = <<k>>\sum_i (\hat y_i - y_i)$<<simpl>>.",
            k=r"\frac{2}{n}" if loss == "mse" else r"\frac{1}{n}",
            simpl="" if loss == "mse" else r" (the $\frac{1}{2}$ cancels the 2 from the square)"),
        say(r"Predictions at $(w_0, b_0) = (<<w0>>, <<b0>>)$: $\hat y = <<line>>$ gives $<<p>>$ for the "
            r"<<n>> points; residuals $\hat y - y = <<r>>$.",
            w0=W0, b0=B0, line=_line(W0, B0), n=N, p=_tuple(P), r=_tuple(R)),
    ]
    if target == "w":
        terms = [f"({r})*({xi})" for r, xi in zip(R, Xs)]
        shown = r" + ".join(rf"{paren(r)}\cdot{paren(xi)}" for r, xi in zip(R, Xs))
        step, S = calc(r"Sum needed for $w$: $\sum_i (\hat y_i - y_i)\,x_i = <<shown>> = <<result>>$.",
                       " + ".join(terms), shown=shown)
    else:
        step, S = calc(r"Sum needed for $b$: $\sum_i (\hat y_i - y_i) = <<shown>> = <<result>>$.",
                       " + ".join(f"({r})" for r in R), shown=" + ".join(paren(r) for r in R))
    steps.append(step)
    k_expr = f"2/{N}" if loss == "mse" else f"1/{N}"
    k_tex = rf"\frac{{2}}{{{N}}}" if loss == "mse" else rf"\frac{{1}}{{{N}}}"
    step, G = calc(r"Gradient component: $\frac{\partial L}{\partial <<p>>} = <<k>>\cdot<<S>> = <<result>>$ "
                   r"(4 significant figures).", f"{k_expr}*({S})", p=target, k=k_tex, S=paren(S))
    steps.append(step)
    step, result = calc(r"Update: $<<p>>_1 = <<p>>_0 - \eta\,\frac{\partial L}{\partial <<p>>} = "
                        r"<<start>> - <<eta>>\cdot<<k>>\cdot<<S>> = <<result>>$ (4 significant figures).",
                        f"{start} - {E}*{k_expr}*({S})", p=target, start=start, eta=E, k=k_tex, S=paren(S))
    steps.append(step)
    other = "b" if target == "w" else "w"
    steps.append(say(r"($<<o>>$ is updated at the same time from its own gradient at $(w_0, b_0)$; that does not "
                     r"change $<<p>>_1$.)", o=other, p=target))

    ans = answer(simulated)
    if result != ans.display:
        raise AssertionError(f"worked steps give {result}, simulation gives {ans.display}")
    # points inline, not as a Markdown table: the HTML writer renders CommonMark, which has no tables
    points = r",\quad ".join(f"({xv}, {yv})" for xv, yv in zip(Xs, Ys))
    name = "the weight $w$" if target == "w" else "the intercept $b$"
    prompt = render(
        "A linear model $\\hat y = w\\,x + b$ (slope $w$, intercept $b$) is fitted to these <<n>> points "
        "$(x_i, y_i)$: $<<points>>$. "
        "The loss is $<<loss>>$, <<words>>. Full-batch gradient descent starts from $w_0 = <<w0>>$, "
        "$b_0 = <<b0>>$ with learning rate $\\eta = <<eta>>$; both parameters are updated simultaneously from "
        "the gradient at $(w_0, b_0)$. What is the value of <<name>> after one update? Give it exactly or to "
        "4 significant figures.",
        n=N, points=points, loss=loss_tex, words=loss_words, w0=W0, b0=B0, eta=E, name=name)
    return Draft(
        prompt=prompt, solution=tuple(steps), answer=ans,
        params={"objective": {"name": "linear_regression", "loss": loss, "intercept": True,
                              "x": list(x), "y": list(y)},
                "optimizer": {"name": "sgd", "lr": eta}, "x0": {"w": w0, "b": b0}, "steps": 1,
                "asked": target},
        tags=("update-rule", "loss-convention", "linear-regression"),
    )
