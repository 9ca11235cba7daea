"""Authoring helpers: numbers printed the way a teacher writes them, steps computed as a student would."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizgen.arith import evaluate
from quizgen.authoring import calc, coef, curvature_intro, half_quadratic, render, shifted_quadratic, signed
from quizgen.question import Rounding


@pytest.mark.parametrize("a, centre, var, expected", [
    ("1", "0", "w", r"\frac{1}{2}w^2"),
    ("2", "0", "w", "w^2"),
    ("4", "0", "w", "2w^2"),
    ("5", "-3", r"\theta", r"\frac{5}{2}(\theta + 3)^2"),
    ("0.5", "1", "x", "0.25(x - 1)^2"),
    ("2", "1.5", "w", "(w - 1.5)^2"),
])
def test_half_quadratic_prints_the_simplest_form(a, centre, var, expected):
    assert half_quadratic(a, centre, var) == expected


def test_coefficients_and_signs_read_as_written_by_hand():
    assert [coef("1", "x"), coef("-1", "x"), coef("3", "x")] == ["x", "-x", "3x"]
    assert [signed("-3"), signed("2.5")] == ["- 3", "+ 2.5"]
    assert render("f(w) = <<a|coef('w')>> <<b|signed>>", a="1", b="-2") == "f(w) = w - 2"


def test_curvature_is_derived_from_the_printed_loss():
    f, step, a = curvature_intro(4.0)
    assert f == "2w^2" and a == "4" and step.expr == "2*2"
    f, step, a = curvature_intro(5.0)
    assert f == r"\frac{5}{2}w^2" and a == "5" and step.expr is None


@pytest.mark.parametrize("a", [1.0, 3.0, 10.0, 0.01, 0.5])
def test_shifted_quadratic_gradient_factor_is_the_curvature(a):
    f, factor_tex, factor_expr = shifted_quadratic(a, -1.0)
    assert evaluate(factor_expr + "1") == pytest.approx(a)


def test_worked_steps_round_like_hand_arithmetic_at_a_tie():
    # 1.15² = 1.3225 exactly; binary floating point gives 1.3224999…, which would round down
    step, result = calc("<<result>>", "1.15**2", Rounding(sig=4))
    assert result == "1.323"


@given(st.integers(-10**6, 10**6), st.integers(1, 10**4), st.integers(0, 6))
def test_exact_arithmetic_agrees_with_fractions(p, q, k):
    a, b = Fraction(p, 1000), Fraction(q, 100)
    expr = f"({float(a)!r} + {float(b)!r})**{k} / {float(b)!r}"
    assert evaluate(expr) == float((Fraction(repr(float(a))) + Fraction(repr(float(b)))) ** k / Fraction(repr(float(b))))
