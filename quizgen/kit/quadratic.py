"""Shared pieces of the 1-D quadratic families (gd.quadratic.*): runs on (a/2)(w − m)², reading
the curvature off the printed loss, counting steps with logarithms, shifted variables (w − 2)."""

import math

from quizgen import core
from quizgen.family import INTEGER, SIG4, Calc, calc, curves, fill, num, redraw_if, series, signed, simulate
from quizgen.choices import wrong_answers


def descend(eta, a, w0, steps: int, m=0.0, **options):
    """The recorded run of gradient descent at rate ``eta`` on (a/2)(w − m)² from ``w0``."""
    return simulate(core.sgd(eta), core.Quadratic1D(a, w_star=m), x0=float(w0), steps=steps, **options)


def slips(answer, *candidates, rounding=SIG4) -> list:
    """The common wrong answers for ``answer`` (see :func:`quizgen.choices.wrong_answers`); a slip
    past 10^15 is left out too (it would print as overflow, not as a slip anyone makes)."""
    tame = [c for c in candidates if c is None or not abs(float(c[0])) > 1e15]
    return wrong_answers(answer, tame, rounding)


def count_slips(k, d: dict, exponent: int, power: int) -> list:
    """The common wrong answers to "the first whole k with |r|^(power·k) past 10^exponent" (the data of
    factor_count in ``d``, k the simulated count): the quotient rounded down, the count plus one (w₀
    counted as step 1), |r| and r² swapped, ηa taken for the factor, and, for growth, a linear
    increase. Computed from the printed |r| as the worked solution does."""
    q, absr, h, grows = d["q"].value, d["absr"], d["eta"] * d["a"], exponent > 0
    what = "the loss" if power == 2 else "the distance" if not grows else "$|w|$"
    return slips(k, rounding=INTEGER, *((
        math.floor(q), "floor-not-ceil", r"That rounds the quotient down: after that many steps the threshold is not "
        r"yet reached, so take the next whole number, $\lceil q \rceil$."), (
        math.floor(q) + 2, "off-by-one-step", r"That counts $w_0$ as step 1; the steps are counted from $w_0$ (step 0), "
        r"so the answer is $\lceil q \rceil$."), (
        math.ceil(q * power / (3 - power)), "forgot-square" if power == 2 else "loss-factor-for-iterate",
        fill(r"That uses <<'$|r|$' if power == 2 else '$r^2$'>> per step; <<what>> is multiplied by "
             r"<<'$r^2$' if power == 2 else '$|r|$'>> per step.", dict(power=power, what=what))), (
        math.ceil(exponent * math.log(10) / (power * math.log(h))), "factor-eta-a", r"That uses $\eta a$ as the factor "
        r"per step; the factor is $|r| = |1 - \eta a|$.") if (h > 1) == grows else None, (
        math.ceil((10.0**exponent - 1) / (absr**power - 1)), "linear-growth", r"That assumes the same increase every "
        r"step; above the stability limit each step multiplies by the same factor, so the growth is geometric.")
        if grows else None))


def one_update(eta, x, g):
    """The recorded single update at rate ``eta`` from ``x`` on ½‖θ − c‖², the loss whose gradient
    at ``x`` is ``g`` (c = x − g); a number ``x`` runs on the 1-D quadratic."""
    if isinstance(x, (int, float)):
        return simulate(core.sgd(eta), core.Quadratic1D(1.0, w_star=x - g), x0=float(x), steps=1)
    return simulate(core.sgd(eta), core.Quadratic([1.0, 1.0], center=x - g), x0=x, steps=1)


def iterates_figure(w, *, alt: str, caption: str, in_solution: bool = False):
    """The iterates w_0, w_1, … against the step number, with the minimum w = 0 marked."""
    return curves([series("", range(len(w)), w, marker=True)], xlabel="step $k$", ylabel="$w_k$",
                  hlines=[(0.0, "minimum")], alt=alt, caption=caption, in_solution=in_solution)


class Quoted(Calc):
    """A calculation whose result a step quotes inside a formula of its own (f'(w) = 6(w − 2))
    rather than as ``expression = result``: ``<<c.quote>>`` prints the result and, like
    ``<<c.work>>``, marks the step as the one that checks ``c``."""

    @property
    def quote(self) -> str:
        return self.work and self.tex  # .work records the calculation for the step being rendered


def quoted(c: Calc) -> Quoted:
    return Quoted(c.expr, c.latex, c.result, c.rounding)


def shifted(m, var: str = "w") -> str:
    """``var − m`` as written by hand: ``w``, ``w - 2``, ``w + 1.5``."""
    return var if m == 0 else f"{var} {signed(num(-m))}"


# The worked step that reads a whole curvature a off f = (a/2)w² printed in its simplest form
# (odd a: \frac{5}{2}w², even a: 4w², where a = 2·4 is derived), then takes one step; the data
# comes from curvature(a).
# the branches follow each other on one line: a branch left out must not leave a blank line
# (a paragraph break) inside the step
CURVATURE_STEP = r"""$f(w) = <<a|half_quadratic(var='w')>>$ has
    <% if a % 2 %>$f'(w) = <<a|coef('w')>>$: the curvature is $a = f''(w) = <<a>>$,<% elif a == 2
    %>$f'(w) = 2w$: the curvature is $a = f''(w) = 2$,<% else %>$f'(w) = 2\cdot<<a // 2>>\,w = <<a_read.quote>>w$:
    the curvature is $a = f''(w) = <<a_read>>$ (not <<a // 2>>: the loss has no $\frac{1}{2}$),<% endif %>
    so one step is $w_{k+1} = w_k - \eta a\,w_k = (1 - \eta a)\,w_k$."""


def curvature(a: int) -> dict:
    """The values CURVATURE_STEP needs for the whole curvature ``a``."""
    return {"a": a, "a_read": quoted(calc("2*c", c=a // 2)) if a % 2 == 0 and a != 2 else None}


def factor_count(a: int, eta: float, exponent: int, power: int, most: int) -> dict:
    """The per-step factor r = 1 − ηa and the first whole k with |r|^(power·k) past 10^exponent,
    k = ⌈ln 10^exponent / (power·ln|r|)⌉ worked from the printed |r| (``q``, then ``k``), with the
    values of CURVATURE_STEP. Redraws when the quotient lies within 10⁻³ of a whole number (its
    printed value could mislead the ceiling) or k is outside 2…most."""
    quotient = math.log(10.0**exponent) / (power * math.log(abs(round(1 - eta * a, 10))))
    redraw_if(abs(quotient - round(quotient)) < 1e-3, "log-quotient too close to an integer")
    redraw_if(not 2 <= math.ceil(quotient) <= most, "too few or too many steps for a readable question")
    r = calc("1 - eta*a", eta=eta, a=a)
    absr = abs(r.value)
    ratio = "ln(10**p)/(2*ln(r))" if power == 2 else "ln(10**p)/ln(r)"
    return dict(curvature(a), eta=eta, r=r, absr=absr, q=calc(ratio, p=exponent, r=absr),
                k=quoted(calc(f"ceil({ratio})", INTEGER, p=exponent, r=absr)), k_theory=math.ceil(quotient))
