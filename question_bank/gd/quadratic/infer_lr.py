"""Infer the learning rate from an iterate sequence (DOMAIN §2.1, archetype A8).

On (a/2)w² every step multiplies w by the same factor r = 1 − ηa, so the ratio of two
consecutive iterates gives r, and η = (1 − r)/a. The stem prints the first iterates and a
prompt figure plots them (markers joined by lines); the curvature is stated as (a/2)w² or
c·w² (a = 2c). Both regimes occur: monotone (0 < r < 1) and alternating (−1 < r < 0),
where reading r as |r| is the classic slip. The answer is computed from the simulated
iterates and compared with the rate that produced them.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import (
    Draft, answer, calc, curves, exact, near_boundary, paren, pick, pretty, question, render, say, series,
)

CURVATURES = (1, 3, 5, 7)              # a for (a/2)w²: odd, so the ½ stays visible (no \frac{4}{2})
COEFFICIENTS = (0.5, 1, 2, 2.5, 4, 5)  # c for c·w² (a = 2c)
RATES = (0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4)
STARTS = (4, 5, 8, 10, -5, -8, 16, 20)
SHOWN = 5   # iterates w_0 … w_4 in the stem, a few more in the figure
PLOTTED = 8


def _valid_pairs():
    out = {}
    for form, coefs in (("half", CURVATURES), ("plain", COEFFICIENTS)):
        pairs = []
        for coef in coefs:
            a = coef if form == "half" else 2 * coef
            for eta in RATES:
                h = eta * a
                # avoid r = 0 (trivial) and the edges; r must be a short decimal
                if 0.1 <= h <= 1.8 and not near_boundary(h, (1.0, 2.0), rel=0.05):
                    pairs.append((coef, eta))
        out[form] = pairs
    return out


PAIRS = _valid_pairs()


def _coef(a: str) -> str:
    """A printed coefficient in front of a symbol: nothing for 1 (``w``, not ``1w``)."""
    return "" if a == "1" else a


@question("gd.quadratic.infer_lr", topic="gd-basics", difficulty=2, kind="numeric", plot=True,
          objective="Recover the learning rate from a sequence of gradient-descent iterates on a 1-D quadratic, "
                    "using the constant ratio r = 1 − ηa between consecutive iterates.")
def infer_lr(rng: np.random.Generator) -> Draft:
    form = pick(rng, ("half", "plain"))
    coef, eta = pick(rng, PAIRS[form])
    a = coef if form == "half" else 2 * coef
    w0 = pick(rng, STARTS)

    traj = core.run(core.sgd(eta), core.Quadratic1D(a), x0=float(w0), steps=PLOTTED)
    w = traj.params[:, 0, 0]
    closed = core.theory.iterate(np.arange(PLOTTED + 1), eta, a, w0)
    if not np.allclose(w, closed, rtol=1e-10, atol=1e-12):
        raise AssertionError("iterates disagree with (1 − ηa)^k w0")
    # the answer, read from the simulated run: η = (1 − w1/w0)/a
    estimate = (1.0 - w[1] / w[0]) / a
    if not np.isclose(estimate, eta, rtol=1e-9):
        raise AssertionError(f"inferred η {estimate} != true η {eta}")

    W = [pretty(v) for v in w[:SHOWN]]
    W0, W1 = W[0], W[1]
    if float(W1) != round(float(w[1]), 10):
        raise AssertionError(f"w1 = {w[1]} is not printed exactly as {W1}")
    C = exact(coef)
    if form == "half":
        f_tex = "w^2" if C == "2" else rf"\frac{{{C}}}{{2}}w^2"
    else:
        f_tex = "w^2" if C == "1" else rf"{C}\,w^2"
    steps = []
    if form == "plain" and C == "1":
        A = "2"
        steps.append(say(r"For $f(w) = w^2$, $f'(w) = 2w$, so one step is $w_{k+1} = (1 - 2\eta)\,w_k$: every step "
                         r"multiplies $w$ by the same factor $r = 1 - 2\eta$."))
    elif form == "half":
        A = C
        steps.append(say(r"For $f(w) = <<f>>$, $f'(w) = <<g>>$, so one step is $w_{k+1} = (1 - <<ae>>)\,w_k$: "
                         r"every step multiplies $w$ by the same factor $r = 1 - <<ae>>$.",
                         f=f_tex, g=_coef(A) + "w", ae=_coef(A) + r"\eta"))
    else:
        step, A = calc(r"For $f(w) = <<f>>$, $f'(w) = 2\cdot<<c>>\,w = <<g>>$, so one step is "
                       r"$w_{k+1} = (1 - <<ae>>)\,w_k$: every step multiplies $w$ by the same factor "
                       r"$r = 1 - <<ae>>$.", f"2*{C}", f=f_tex, c=C,
                       g=_coef(exact(2 * coef)) + "w", ae=_coef(exact(2 * coef)) + r"\eta")
        steps.append(step)
    step, R = calc(r"Read the factor off the sequence: $r = w_1/w_0 = <<w1>>/<<w0>> = <<result>>$ (the later ratios "
                   r"agree up to rounding).", f"{W1}/({W0})", w1=W1, w0=paren(W0))
    steps.append(step)
    if R.startswith("-"):
        steps.append(say(r"The sign alternates, so $r$ is negative; taking $|r|$ here would give the wrong rate."))
    step, h = calc(r"$<<ae>> = 1 - r = 1 - <<r>> = <<result>>$.", f"1 - ({R})", ae=_coef(A) + r"\eta",
                   r=paren(R))
    steps.append(step)
    if A == "1":
        result = h   # a = 1: the line above already is η
    else:
        step, result = calc(r"$\eta = <<h>>/<<a>> = <<result>>$.", f"{h}/{A}", h=h, a=A)
        steps.append(step)
    ans = answer(float(estimate))
    if result != ans.display:
        raise AssertionError(f"worked steps give {result}, simulation gives {ans.display}")

    k = np.arange(PLOTTED + 1)
    fig = curves([series("", k, w, marker=True)], xlabel="step $k$", ylabel="$w_k$", hlines=[(0.0, "minimum")],
                 alt="Gradient-descent iterates w_k plotted against the step number k, as markers joined by "
                     "lines, with the minimum marked by a dotted horizontal line.",
                 caption="The iterates of the run in the question.")
    seq = ",\\ ".join(W)
    prompt = render(
        r"Gradient descent $w_{k+1} = w_k - \eta f'(w_k)$ with an unknown constant learning rate $\eta$ minimises "
        r"$f(w) = <<f>>$. The run produces the iterates below (plotted in the figure; values to 4 significant "
        r"figures): $$w_0, w_1, w_2, \dots = <<seq>>,\ \dots$$ What learning rate $\eta$ was used? Give it exactly "
        r"or to 4 significant figures.", f=f_tex, seq=seq)
    return Draft(
        prompt=prompt, solution=tuple(steps), answer=ans, figures=(fig,),
        params={"objective": {"name": "quadratic_1d", "a": a, "w_star": 0.0,
                              "stated_as": f"{C}/2 w^2" if form == "half" else f"{C} w^2"},
                "optimizer": {"name": "sgd", "lr": eta}, "x0": w0, "steps": PLOTTED},
        tags=("contraction-factor", "plot-reading", "inverse-problem"),
    )
