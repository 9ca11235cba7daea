"""One gradient-descent step on the parabola c(w − m)² (DOMAIN §2.1, archetype A1).

The stem writes the loss without the ½ (f = c(w − m)², so f'(w) = 2c(w − m)): the factor 2
is part of what is practised. Every number is short and exact, so the worked arithmetic
reproduces the simulated w₁ digit for digit.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import Draft, Redraw, answer, calc, exact, paren, pick, question, render, say

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
    steps = [say(r"Differentiate: $f(w) = <<f>>$ gives $f'(w) = 2\cdot<<c>>\,(w - <<m>>)$ "
                 r"(the chain rule brings down the exponent 2).", f=f_tex, c=C, m=paren(M))]
    step, g = calc(r"Slope at the start: $f'(<<w0>>) = 2\cdot<<c>>\cdot(<<w0>> - <<m>>) = <<result>>$.",
                   f"2*{C}*({W0} - ({M}))", c=C, w0=W0, m=paren(M))
    steps.append(step)
    step, s = calc(r"Step: $\eta\, f'(w_0) = <<eta>>\cdot<<g>> = <<result>>$.", f"{E}*({g})", eta=E, g=paren(g))
    steps.append(step)
    step, w1 = calc(r"Move against the slope: $w_1 = w_0 - \eta f'(w_0) = <<w0>> - <<s>> = <<result>>$.",
                    f"{W0} - ({s})", w0=W0, s=paren(s))
    steps.append(step)
    if (simulated - m) * (w0 - m) > 0:
        steps.append(say(r"The update moves $w$ toward the minimum at $w = <<m>>$, as a descent step should.", m=M))
    else:
        steps.append(say(r"Here $\eta\cdot 2\cdot<<c>> > 1$, so the step overshoots the minimum at $w = <<m>>$ "
                         r"but still lands closer to it.", c=C, m=M))

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
        params={"objective": {"name": "quadratic_1d", "a": a, "w_star": m, "stated_as": f"{C}(w - {M})^2"},
                "optimizer": {"name": "sgd", "lr": eta}, "x0": w0, "steps": 1},
        tags=("update-rule", "derivative"),
    )
