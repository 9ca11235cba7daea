"""One gradient-descent step on the parabola c(w − m)² (DOMAIN §2.1, archetype A1).

The stem writes the loss without the ½ (f = c(w − m)², so f'(w) = 2c(w − m)): the factor 2
is part of what is practised. Every number is short and exact, so the worked arithmetic
reproduces the simulated w₁ digit for digit.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import Draft, Redraw, answer, calc, exact, paren, pick, pretty, question, render, say

COEFFICIENTS = (0.5, 1, 2, 3)
CENTRES = (-3, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 3)
STARTS = (-4, -3, -2.5, -2, -1, 0, 1, 2, 2.5, 3, 4, 5)
RATES = (0.01, 0.05, 0.1, 0.2)


def _parabola(c: str, m: str) -> str:
    """LaTeX for c(w − m)², e.g. ``3(w - 2)^2``, ``(w + 1.5)^2``, ``0.5w^2``."""
    coef = "" if c == "1" else c
    if m == "0":
        return f"{coef}w^2"
    inner = f"w + {m[1:]}" if m.startswith("-") else f"w - {m}"
    return f"{coef}({inner})^2"


def _times(coef: str, inner: str) -> str:
    """LaTeX for coef·(inner) without a "1" coefficient: ``4(w - 2)``, ``w + 3``, ``6w``."""
    if inner == "w":
        return "w" if coef == "1" else f"{coef}w"
    return inner if coef == "1" else f"{coef}({inner})"


@question("gd.quadratic.one_step", topic="gd-basics", difficulty=1, kind="numeric",
          objective="Carry out one gradient-descent update w ← w − η f'(w) on a parabola by hand.")
def one_step(rng: np.random.Generator) -> Draft:
    c, m, w0, eta = pick(rng, COEFFICIENTS), pick(rng, CENTRES), pick(rng, STARTS), pick(rng, RATES)
    if w0 == m:
        raise Redraw("the start is already the minimum")
    a = 2 * c  # f = c(w − m)² = (a/2)(w − m)² with a = 2c

    traj = core.run(core.sgd(eta), core.Quadratic1D(a, w_star=m), x0=float(w0), steps=1)
    simulated = float(traj.final_params[0, 0])
    closed = float(core.theory.iterate(1, eta, a, w0, m))
    by_hand = w0 - eta * 2 * c * (w0 - m)
    if not (np.isclose(simulated, closed, rtol=1e-12, atol=1e-12)
            and np.isclose(simulated, by_hand, rtol=1e-12, atol=1e-12)):
        raise AssertionError(f"one step: simulation {simulated}, theory {closed}, by hand {by_hand}")

    C, M, W0, E = exact(c), exact(m), exact(w0), exact(eta)
    f_tex = _parabola(C, M)
    # the derivative is written in the same shape as f: 2c(w − m) with the sign of m folded in
    inner = "w" if M == "0" else (f"w + {M[1:]}" if M.startswith("-") else f"w - {M}")
    at_w0 = W0 if M == "0" else (f"{W0} + {M[1:]}" if M.startswith("-") else f"{W0} - {M}")
    steps = []
    if C == "1":
        D = "2"
        steps.append(say(r"Differentiate: $f(w) = <<f>>$ gives $f'(w) = <<g>>$ (power rule: the exponent 2 comes "
                         r"down as a factor; the inside, $<<inner>>$, has derivative 1).",
                         f=f_tex, inner=inner, g=f"2{inner}" if M == "0" else f"2({inner})"))
    else:
        step, D = calc(r"Differentiate: $f(w) = <<f>>$ gives $f'(w) = 2\cdot<<c>>\,<<body>> = <<d>>$ (power rule: "
                       r"the exponent 2 comes down as a factor; the inside, $<<inner>>$, has derivative 1).",
                       f"2*{C}", f=f_tex, c=C, inner=inner,
                       body=inner if M == "0" else f"({inner})",
                       d=_times(pretty(2 * c), inner))
        steps.append(step)
    if D == "1":
        text, expr = r"Slope at the start: $f'(<<w0>>) = <<at>> = <<result>>$.", at_w0
    elif M == "0":
        text, expr = r"Slope at the start: $f'(<<w0>>) = <<d>>\cdot<<pw0>> = <<result>>$.", f"{D}*({W0})"
    else:
        text, expr = r"Slope at the start: $f'(<<w0>>) = <<d>>\cdot(<<at>>) = <<result>>$.", f"{D}*({at_w0})"
    step, g = calc(text, expr, w0=W0, pw0=paren(W0), at=at_w0, d=D)
    steps.append(step)
    step, s = calc(r"Step: $\eta\, f'(w_0) = <<eta>>\cdot<<g>> = <<result>>$.", f"{E}*({g})", eta=E, g=paren(g))
    steps.append(step)
    step, w1 = calc(r"Move against the slope: $w_1 = w_0 - \eta f'(w_0) = <<w0>> - <<s>> = <<result>>$.",
                    f"{W0} - ({s})", w0=W0, s=paren(s))
    steps.append(step)
    if (simulated - m) * (w0 - m) > 0:
        steps.append(say(r"The update moves $w$ toward the minimum at $w = <<m>>$, as a descent step should.", m=M))
    else:
        steps.append(say(r"Here $\eta\cdot<<d>> > 1$, so the step overshoots the minimum at $w = <<m>>$ "
                         r"but still lands closer to it (because $\eta\cdot<<d>> < 2$).", d=D, m=M))

    ans = answer(simulated)
    if w1 != ans.display:
        raise AssertionError(f"worked steps give {w1}, simulation gives {ans.display}")
    prompt = render(
        r"Gradient descent minimises $f(w) = <<f>>$ with learning rate $\eta = <<eta>>$, starting from "
        r"$w_0 = <<w0>>$. One update is $w_{t+1} = w_t - \eta\, f'(w_t)$. What is $w_1$, the value after "
        r"one update? Give it exactly or to 4 significant figures.",
        f=f_tex, eta=E, w0=W0)
    return Draft(
        prompt=prompt, solution=tuple(steps), answer=ans,
        params={"objective": {"name": "quadratic_1d", "a": a, "w_star": m, "stated_as": f_tex},
                "optimizer": {"name": "sgd", "lr": eta}, "x0": w0, "steps": 1},
        tags=("update-rule", "derivative"),
    )
