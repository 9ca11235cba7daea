"""Printed numbers and worked calculations: one expression gives the page, the result and the check."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizgen.arith import evaluate
from quizgen.printed import calc, coef, half_quadratic, num, signed


def test_a_calculation_is_typeset_evaluated_and_checkable_from_one_expression():
    r = calc("1 - eta*a", eta=0.3, a=5)
    assert (r.latex, r.expr, r.text) == (r"1 - 0.3 \cdot 5", "1 - 0.3 * 5", "-0.5")
    assert r.work == r"1 - 0.3 \cdot 5 = -0.5"
    x = calc("r**k * x0", r=r, k=4, x0=-3)  # r is used as printed
    assert x.latex == r"(-0.5)^{4} \cdot (-3)" and x.expr == "(-0.5) ** 4 * (-3)" and x.text == "-0.1875"


def test_typesetting_keeps_the_meaning_of_the_expression():
    cases = [
        (("a - (b - c)", dict(a=1, b=2, c=3)), "1 - (2 - 3)"),
        (("(a - b)*c", dict(a=1, b=2, c=3)), r"(1 - 2) \cdot 3"),
        (("-x**2", dict(x=-2)), "-(-2)^{2}"),
        (("a/(b - c)", dict(a=1, b=0.25, c=-2)), r"\frac{1}{0.25 - (-2)}"),
        (("e0*(1 + cos(pi*e/T))/2", dict(e0=0.1, e=7, T=20)), r"\frac{0.1 \cdot (1 + \cos(\pi \cdot 7/20))}{2}"),
        (("sqrt(a)*ln(b)", dict(a=2, b=3)), r"\sqrt{2} \cdot \ln(3)"),
        (("a*b", dict(a=num(1.2e-5, sig=2), b=-3)), r"1.2 \times 10^{-5} \cdot (-3)"),
        (("ceil(a/b)", dict(a=7, b=2)), r"\lceil 7/2 \rceil"),
        (("n*ln(X/S)", dict(n=3, X=0.003, S=num(1e-7, sig=2))), r"3 \cdot \ln(0.003/(1 \times 10^{-7}))"),
        (("r*S", dict(r=2, S=num(1e-7, sig=2))), r"2 \cdot (1 \times 10^{-7})"),
        (("(a/b)**c", dict(a=1, b=2, c=3)), r"(\frac{1}{2})^{3}"),
    ]
    for (expr, values), latex in cases:
        assert calc(expr, **values).latex == latex


def test_rounding_is_the_hand_rule_on_printed_decimals():
    assert calc("x**2", x=1.15).text == "1.323"  # 1.3225 exactly; binary floats would give 1.322
    assert num(0.000012345, sig=3).tex == r"1.23 \times 10^{-5}"
    with pytest.raises(ValueError, match="short decimal"):
        num(1 / 3)
    with pytest.raises(NameError, match="no value for b"):
        calc("a + b", a=1)


def test_formula_printers():
    assert half_quadratic(5, var="x") == r"\frac{5}{2}x^2" and half_quadratic(4) == "2w^2"
    assert half_quadratic(2) == "w^2" and half_quadratic(1, -3, r"\theta") == r"\frac{1}{2}(\theta + 3)^2"
    assert coef(1, "x") == "x" and coef(-1, "x") == "-x" and coef(num(0.001, sig=1), "x") == "0.001x"
    assert signed(-3) == "- 3" and signed(num(2.5)) == "+ 2.5"


_names = ["a", "b", "c"]
_exprs = st.recursive(
    st.sampled_from(_names),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        inner.map(lambda e: f"-{e}"),
        inner.map(lambda e: f"{e}**2"),
    ),
    max_leaves=6,
)
_printed = st.decimals(min_value=-50, max_value=50, places=2, allow_nan=False).map(float)


@given(_exprs, _printed, _printed, _printed)
def test_the_checker_expression_is_the_typeset_one(expr, a, b, c):
    """The page's LaTeX, read back as arithmetic, gives the same value as the checked expression."""
    r = calc(expr, a=a, b=b, c=c)
    back = (r.latex.replace(r"\cdot", "*").replace("^{", "**(").replace("{", "(").replace("}", ")"))
    assert math.isclose(evaluate(back), evaluate(r.expr), rel_tol=1e-12, abs_tol=1e-12)
    assert math.isclose(evaluate(r.expr), eval(expr, {}, {"a": num(a).value, "b": num(b).value, "c": num(c).value}),
                        rel_tol=1e-9, abs_tol=1e-9)


@pytest.mark.parametrize("a, centre, var, expected", [
    ("1", "0", "w", r"\frac{1}{2}w^2"),
    ("4", "0", "w", "2w^2"),
    ("5", "-3", r"\theta", r"\frac{5}{2}(\theta + 3)^2"),
    ("0.5", "1", "x", "0.25(x - 1)^2"),
    ("2", "1.5", "w", "(w - 1.5)^2"),
])
def test_half_quadratic_prints_the_simplest_form(a, centre, var, expected):
    assert half_quadratic(a, centre, var) == expected


def test_template_filters_write_formulas_by_hand():
    from quizgen.exercise import fill

    assert fill("f(w) = <<a|coef('w')>> <<b|signed>>", {"a": 1, "b": -2}) == "f(w) = w - 2"


@given(st.integers(-10**6, 10**6), st.integers(1, 10**4), st.integers(0, 6))
def test_exact_arithmetic_agrees_with_fractions(p, q, k):
    from fractions import Fraction

    a, b = Fraction(p, 1000), Fraction(q, 100)
    expr = f"({float(a)!r} + {float(b)!r})**{k} / {float(b)!r}"
    assert evaluate(expr) == float((Fraction(repr(float(a))) + Fraction(repr(float(b)))) ** k / Fraction(repr(float(b))))
