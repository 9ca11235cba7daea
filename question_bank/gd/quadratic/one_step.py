"""One gradient-descent step on the parabola c(w − m)² (DOMAIN §2.1, archetype A1).

The stem writes the loss without the ½ (f = c(w − m)², so f'(w) = 2c(w − m)): the factor 2
is part of what is practised. Every number is short and exact, so the worked arithmetic
reproduces the simulated w₁ digit for digit.
"""

from quizgen import core
from quizgen.family import Meta, calc, pick, redraw_if
from quizgen.kit import quadratic

QUESTION = r"""Gradient descent minimises $f(w) = <<c|coef(square)>>$ with learning rate $\eta = <<eta>>$, starting
from $w_0 = <<w0>>$. One update is $w_{t+1} = w_t - \eta\, f'(w_t)$. What is $w_1$, the value after one update? Give
it exactly or to 4 significant figures."""

SOLUTION = [
    r"""Differentiate: $f(w) = <<c|coef(square)>>$ gives $f'(w) =
    <% if c == 1 %><<2|coef(body)>><% else %>2\cdot<<c>>\,<<body>> = <<d.quote|coef(inner if d.value == 1 else body)>>
    <%- endif %>$ (power rule: the exponent 2 comes down as a factor; the inside, $<<inner>>$, has derivative 1).""",
    r"Slope at the start: $f'(<<w0>>) = <<g.work>>$.",
    r"Step: $\eta\, f'(w_0) = <<s.work>>$.",
    r"Move against the slope: $w_1 = w_0 - \eta f'(w_0) = <<w1.work>>$.",
    r"""<% if toward %>The update moves $w$ toward the minimum at $w = <<m>>$, as a descent step should.
    <%- else %>Here $\eta\cdot<<d>> > 1$, so the step overshoots the minimum at $w = <<m>>$ but still lands closer to
    it (because $\eta\cdot<<d>> < 2$).<% endif %>""",
]


def data(rng):
    c, m = pick(rng, (0.5, 1, 2, 3)), pick(rng, (-3, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 3))
    w0, eta = pick(rng, (-4, -3, -2.5, -2, -1, 0, 1, 2, 2.5, 3, 4, 5)), pick(rng, (0.01, 0.05, 0.1, 0.2))
    redraw_if(w0 == m, "the start is already the minimum")
    run = quadratic.descend(eta, 2 * c, w0, 1, m=m)  # c(w − m)² = (a/2)(w − m)² with a = 2c
    inner = quadratic.shifted(m)
    d = 2 if c == 1 else quadratic.quoted(calc("2*c", c=c))  # f' = d·(w − m)
    at = "w0" if m == 0 else "w0 - m" if m > 0 else "w0 + n"  # w0 − m, written with |m|
    g = calc(at if float(d) == 1 else f"d*{at}" if m == 0 else f"d*({at})", d=d, w0=w0, m=m, n=-m)
    s = calc("eta*g", eta=eta, g=g)
    w1 = run.final_params[0, 0]
    step = eta * 2 * c * (w0 - m)  # the slips: what a hand computation commonly gets instead of w0 - step
    slips = quadratic.slips(w1, (
        w0 - step / 2, "forgot-factor-2", r"That uses $f'(w) = c\,(w - m)$: differentiating the square brings down a "
        r"factor 2, so $f'(w) = 2c\,(w - m)$."), (
        w0 + step, "M2", r"That adds $\eta f'(w_0)$: gradient descent moves against the slope, $w_0 - \eta f'(w_0)$."), (
        w0 - eta * 2 * c * w0, "ignored-shift", r"That uses $f'(w_0) = 2c\,w_0$, as if the minimum were at $0$: the "
        r"slope is $2c\,(w_0 - m)$, measured from the minimum.") if m != 0 else None, (
        step, "step-not-position", r"That is the step $\eta f'(w_0)$ itself; the new value is $w_1 = w_0 - \eta f'(w_0)$."))
    return dict(wrong_answers=slips, c=c, m=m, w0=w0, eta=eta, d=d, g=g, s=s, w1=calc("w0 - s", w0=w0, s=s), simulated=w1,
                inner=inner, body=inner if m == 0 else f"({inner})", square="w^2" if m == 0 else f"({inner})^2",
                error=w1 - m, toward=(w1 - m) * (w0 - m) > 0)


META = Meta(id="gd.quadratic.one_step", topic="gd-basics", difficulty=1, kind="numeric",
            objective="Carry out one gradient-descent update w ← w − η f'(w) on a parabola by hand.",
            # theory checks the distance to the minimum: w₁ itself may be 0 (up to float noise in the formula)
            answer="simulated",
            closed_form=lambda d: {"error": core.theory.iterate(1, d["eta"], 2 * d["c"], d["w0"] - d["m"])},
            tags=("update-rule", "derivative"))
