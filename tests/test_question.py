"""The question model's arithmetic: rounding, tolerances and the worked-step evaluator."""

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizgen.arith import ArithmeticError_, evaluate, literals
from quizgen.question import INTEGER, NumericAnswer, Rounding


@pytest.mark.parametrize("x, sig, expected", [
    (0.121577, 4, "0.1216"), (-9.41192, 4, "-9.412"), (0.84035, 4, "0.8404"), (9.99996, 4, "10"),
    (4.096e-7, 4, "4.096e-7"), (123456.7, 3, "123000"), (0.5, 1, "0.5"), (0.25, 1, "0.3"), (0.0, 4, "0"),
    (2.5e7, 2, "2.5e7"),
])
def test_significant_figures(x, sig, expected):
    assert Rounding(sig=sig).format(x) == expected


def test_decimals_and_integer_rounding():
    assert Rounding(sig=None, decimals=2).format(0.1) == "0.10"
    assert INTEGER.format(12.5) == "13"  # half away from zero, as by hand
    assert INTEGER.format(-12.5) == "-13"
    assert INTEGER.describe() == "rounded to 0 decimal places"


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).filter(lambda v: abs(v) > 1e-3),
       st.integers(min_value=1, max_value=6))
def test_rounding_matches_decimal_half_up(x, sig):
    r = Rounding(sig=sig)
    exp = Decimal(repr(x)).adjusted()
    expected = Decimal(repr(x)).quantize(Decimal(1).scaleb(exp - sig + 1), rounding="ROUND_HALF_UP")
    assert math.isclose(r.apply(x), float(expected), rel_tol=1e-12) or (
        # carry into a new digit, e.g. 9.99 -> 10.0: one digit fewer after the point
        abs(r.apply(x)) == 10 ** (exp + 1))


def test_near_tie_detects_half_way_values():
    r = Rounding(sig=4)
    assert r.near_tie(0.84035) and r.near_tie(0.046875 * 10) and r.near_tie(-1.2345)
    assert not r.near_tie(0.84034) and not r.near_tie(0.121577)


def test_bad_rounding_rules():
    with pytest.raises(ValueError, match="exactly one"):
        Rounding(sig=3, decimals=2)
    with pytest.raises(ValueError):
        Rounding(sig=0)


def test_numeric_answer_tolerance_accepts_correct_roundings_only():
    a = NumericAnswer(0.121577)
    assert a.display == "0.1216" and a.abs_tol == pytest.approx(1e-4)
    assert a.accepts(0.1216) and a.accepts(0.1215) and a.accepts(0.121577)
    assert not a.accepts(0.1218) and not a.accepts(-0.1216)
    rel = NumericAnswer(200.0, rel_tol=0.01)
    assert rel.accepts(201.9) and not rel.accepts(203)
    with pytest.raises(ValueError, match="finite"):
        NumericAnswer(float("nan"))


def test_a_count_must_be_exact_but_a_rounded_value_keeps_one_unit():
    steps = NumericAnswer(230.0, INTEGER)
    assert steps.accepts(230) and not steps.accepts(229) and not steps.accepts(231)
    rounded = NumericAnswer(12.7, INTEGER)  # a continuous value printed to whole units
    assert rounded.display == "13" and rounded.accepts(13) and rounded.accepts(12)


def test_evaluator_does_arithmetic_and_nothing_else():
    assert evaluate("(1 - 0.1*4)**3 * 5") == pytest.approx(0.6**3 * 5)
    assert evaluate("ceil(log(0.001)/log(0.6))") == 14
    assert evaluate("-2**2") == -4 and evaluate("sqrt(16) + pi") == pytest.approx(4 + math.pi)
    for bad in ("__import__('os')", "x + 1", "open('f')", "[1, 2]", "1 if 2 else 3", "True + 1", "1 +"):
        with pytest.raises(ArithmeticError_):
            evaluate(bad)
    with pytest.raises(ArithmeticError_, match="cannot evaluate"):
        evaluate("1/0")


def test_literals_keep_the_printed_form():
    assert literals("(0.98)**3 * (-10) + 1e-7") == ["0.98", "3", "10", "1e-7"]
