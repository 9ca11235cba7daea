"""The practice page's grading rules: quizgen/grading.py and the page's script, on one table.

Every case runs through the Python rules and — in node, through ``module.exports`` of
``templates/practice/practice.js`` — through the script the page runs, so the two cannot drift.
Expected values come from hand-written literals (number forms), from the question's own
NumericAnswer and WrongAnswer data, and from gradient descent worked out in closed form.
"""

import json
import math
import os
import random
import shutil
import subprocess

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen import core, grading
from quizgen.question import NumericAnswer, Rounding
from quizgen.resources import builtin_dir

SCRIPT = builtin_dir("templates") / "practice" / "practice.js"

# (typed text, the number it stands for, or the reason it cannot be read)
PARSE_CASES = [
    ("0.05", 0.05), (".05", 0.05), ("5e-2", 0.05), ("5E-2", 0.05), ("-1/8", -0.125), ("1/8", 0.125),
    ("5×10^-2", 0.05), ("5x10^-2", 0.05), ("5*10^-2", 0.05), ("5 · 10⁻²", 0.05), ("5⋅10^(-2)", 0.05),
    ("5*10**-2", 0.05), ("5×10⁻²", 0.05), ("2.5×10³", 2500.0), ("10^-3", 0.001), ("-10^2", -100.0),
    ("−0.5", -0.5), ("–0.5", -0.5), ("+3", 3.0), ("3.", 3.0), (" 4.085 ", 4.085), ("1\u00a0000", 1000.0),
    ("−1/8", -0.125), ("1.5/3", 0.5), ("1e-3/2", 0.0005), ("0", 0.0), ("-0.0", -0.0), ("007", 7.0),
    ("", "empty"), ("   ", "empty"), ("0,05", "comma"), ("1,000", "comma"), ("abc", "form"), ("1/0", "form"),
    ("inf", "form"), ("nan", "form"), ("Infinity", "form"), ("1e999", "form"), ("5×10^999", "form"),
    ("١٢", "form"), ("1_000", "form"), ("0x10", "form"), ("--1", "form"), ("5×10^", "form"), ("5×", "form"),
    ("1/-8", "form"), ("e5", "form"), (".", "form"), ("1.2.3", "form"), ("5%", "form"), ("½", "form"),
    ("1/2/3", "form"), ("10", 10.0), ("x10^2", "form"), ("5 10^-2", "form"),
]


@pytest.fixture(scope="session")
def js():
    """``js(calls) -> results``: each call ``(function name, [arguments])`` made on the page's grading
    rules in node (all in one process)."""
    if shutil.which("node") is None:
        if os.environ.get("QUIZGEN_REQUIRE_NODE"):
            pytest.fail("node is required (QUIZGEN_REQUIRE_NODE is set) but not installed")
        pytest.skip("node is not installed")
    runner = ("const G = require(process.argv[1]); let s = ''; process.stdin.on('data', d => s += d);"
              "process.stdin.on('end', () => process.stdout.write(JSON.stringify("
              "JSON.parse(s).map(([f, a]) => G[f](...a)))));")

    def run(calls):
        out = subprocess.run(["node", "-e", runner, str(SCRIPT)], input=json.dumps(calls, allow_nan=False),
                             capture_output=True, text=True, check=True, timeout=60)
        return json.loads(out.stdout)

    return run


def _expect(reading, expected):
    if isinstance(expected, str):
        assert reading == grading.Reading(None, expected)
    else:
        assert reading.value == expected and math.copysign(1, reading.value) == math.copysign(1, expected)


@pytest.mark.parametrize("text, expected", PARSE_CASES)
def test_python_reads_the_usual_forms(text, expected):
    _expect(grading.read_number(text), expected)


def test_the_page_reads_them_the_same(js):
    results = js([("readNumber", [text]) for text, _ in PARSE_CASES])
    for (text, expected), got in zip(PARSE_CASES, results):
        if isinstance(expected, str):
            assert got == {"value": None, "reason": expected}, text
        else:
            assert got["value"] == expected and got["reason"] == "", text


_pieces = st.sampled_from(["0", "1", "5", "9", "10", ".", "e", "E", "-", "+", "−", "/", "×", "x", "*", "·", "^",
                           "(", ")", "⁻", "²", "³", " ", ",", "**", "e-", "10^", "×10^-"])


@settings(max_examples=4, deadline=None)
@given(st.lists(st.lists(_pieces, min_size=1, max_size=7).map("".join), min_size=150, max_size=150))
def test_python_and_the_page_agree_on_any_text(js, texts):
    results = js([("readNumber", [t]) for t in texts])
    for text, got in zip(texts, results):
        mine = grading.read_number(text)
        value = None if mine.value is None else (0.0 if mine.value == 0 else mine.value)  # JSON has no -0
        assert (got["value"], got["reason"]) == (value, mine.reason), text


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300))
def test_written_numbers_read_back_exactly(x):
    assert grading.parse_number(repr(x)) == x
    m, e = f"{x:.6e}".split("e")
    assert grading.parse_number(f"{m}×10^{int(e)}") == float(f"{m}e{e}")
    assert grading.parse_number(f"{m} · 10{str(int(e)).translate(str.maketrans('-0123456789', '⁻⁰¹²³⁴⁵⁶⁷⁸⁹'))}") \
        == float(f"{m}e{e}")


_roundings = st.one_of(st.integers(1, 7).map(lambda s: Rounding(sig=s)),
                       st.integers(0, 4).map(lambda d: Rounding(sig=None, decimals=d)))
_values = st.one_of(st.floats(-1e6, 1e6, allow_nan=False).filter(lambda v: abs(v) > 1e-12 or v == 0),
                    st.integers(-2000, 2000).map(float))


@given(_values, _roundings, st.floats(-3, 3), st.sampled_from([None, 0.0, 1e-3, 0.05]),
       st.sampled_from([None, 1e-3, 0.02]))
def test_a_rule_accepts_exactly_what_the_key_accepts(value, rounding, offset, abs_tol, rel_tol):
    answer = NumericAnswer(value, rounding, abs_tol=abs_tol, rel_tol=rel_tol)
    rule = grading.key_rule(answer)
    for typed in (value, value + offset, value + offset * answer.abs_tol if answer.abs_tol else value - offset,
                  value * (1 + offset * 1e-3)):
        assert rule.accepts(typed) == answer.accepts(typed)


def _tolerance_values():
    """Values around every place where the default tolerance changes, plus ordinary ones."""
    rng = random.Random(12)
    out = [0.0, 1.0, -1.0, 1234.0, 12345.0, 0.5, 2.5, -7.0]
    for k in range(-8, 9):
        p = 10.0 ** k
        out += [p, -p, math.nextafter(p, 0), math.nextafter(p, math.inf), 9.9995 * p, 9.99949 * p,
                9.5 * p, 0.99995 * p, 9.999999999999999 * p]
    out += [rng.uniform(-1000, 1000) for _ in range(200)] + [10 ** rng.uniform(-9, 9) for _ in range(200)]
    return out


def test_the_page_moves_the_default_tolerance_as_numeric_answer_does(js):
    roundings = [Rounding(sig=s) for s in (1, 2, 3, 4, 6)] + [Rounding(sig=None, decimals=d) for d in (0, 1, 3)]
    cases = [(r, v) for r in roundings for v in _tolerance_values()]
    results = js([("defaultTolerance", [grading.rounding_data(r), v]) for r, v in cases])
    for (r, v), got in zip(cases, results):
        assert got == NumericAnswer(v, r).abs_tol, (r, v)


# --- real questions -----------------------------------------------------------------------------

NUMERIC_IDS = ["gd.quadratic.after_k_steps", "gd.quadratic.one_step", "gd.quadratic.steps_to_tolerance",
               "momentum.two_steps", "schedules.cosine", "adaptive.adam_first_step", "range_test.lr_at_iteration"]


@pytest.fixture(scope="module")
def numeric_questions(bank):
    return [bank[i].generate(s) for i in NUMERIC_IDS for s in (1, 2, 3)]


def _as_if_key(answer, value):
    """What the key's own NumericAnswer rule accepts when ``value`` is the answer (the rule the
    key states: its rounding, and its explicit tolerances if it has any)."""
    default = answer.rel_tol is None and answer.abs_tol == NumericAnswer(answer.value, answer.rounding).abs_tol
    if default:
        return NumericAnswer(value, answer.rounding)
    return NumericAnswer(value, answer.rounding, abs_tol=answer.abs_tol, rel_tol=answer.rel_tol)


def _numeric_cases(q):
    """(typed text, expected status, expected wrong index) for one question, from its data."""
    a = q.answer
    cases = [(a.display, "correct", None), (a.rounding.format(a.value * 1.5 + 1), "wrong", None),
             ("0,5", "unreadable", None)]
    for j, w in enumerate(a.wrong):
        typed = a.rounding.format(w.value)
        x = float(typed)
        if a.accepts(x):
            continue
        first = next(i for i, v in enumerate(a.wrong) if _as_if_key(a, v.value).accepts(x))
        cases.append((typed, "misconception", first))
    return cases


def test_typed_answers_are_judged_by_the_key_and_its_common_wrong_answers(numeric_questions):
    checked = 0
    for q in numeric_questions:
        for typed, status, wrong in _numeric_cases(q):
            verdict = grading.grade_numeric(q.answer, typed)
            assert (verdict.status, verdict.wrong) == (status, wrong), (q.name, typed)
            checked += status == "misconception"
    assert checked >= 15


def _secret(q):
    return {"key": grading.key_rule(q.answer).to_data(),
            "wrong": [{"rule": r.to_data()} for r in grading.wrong_rules(q.answer)]}


def test_the_page_judges_typed_answers_the_same(js, numeric_questions):
    calls, expected = [], []
    for q in numeric_questions:
        texts = [t for t, _, _ in _numeric_cases(q)] + ["5×10^-2", "-1/8", str(q.answer.value), "1e999"]
        for text in texts:
            calls.append(("gradeNumeric", [_secret(q), text]))
            v = grading.grade_numeric(q.answer, text)
            expected.append((v.status, v.wrong, v.reason))
    got = [(r["status"], r["wrong"], r["reason"]) for r in js(calls)]
    assert got == expected


# --- step by step: error carried forward ----------------------------------------------------------

STEP_IDS = ["gd.quadratic.after_k_steps", "momentum.two_steps"]


@pytest.fixture(scope="module")
def step_questions(bank):
    return [bank[i].generate(s) for i in STEP_IDS for s in range(6)]


def _hyper(q):
    run = q.params["runs"][0]
    return (run["objective"]["a"], run["objective"]["w_star"], run["optimizer"]["lr"],
            run["optimizer"]["momentum"], run["x0"], run["steps"])


def _closed_form_next(q, t, typed):
    """x_t from the student's values x_1 … x_{t−1}, by hand: plain GD x_t = x_{t−1} − ηa(x_{t−1} − m);
    PyTorch momentum b_1 = g_1, b_t = βb_{t−1} + g_t with g_t = a(x_{t−1} − m) at the student's x_{t−1}."""
    a, m, eta, beta, x0, _ = _hyper(q)
    xs = [x0, *typed[: t - 1]]
    b = None
    for s in range(1, t + 1):
        g = a * (xs[s - 1] - m)
        b = g if b is None or beta == 0 else beta * b + g
        nxt = xs[s - 1] - eta * b
    return nxt


def test_every_k_step_question_is_a_step_item(step_questions, bank):
    assert all(grading.step_plan(q) is not None for q in step_questions)
    # k-step runs whose question asks something else (a distance, a rate) are not
    for family, seed in [("gd.step.distance_moved", 10), ("gd.quadratic.infer_lr", 1), ("schedules.cosine", 2),
                         ("gd.quadratic.one_step", 1), ("concepts.definition", 1)]:
        assert grading.step_plan(bank[family].generate(seed)) is None, family


def test_the_affine_map_reproduces_the_recorded_run(step_questions):
    for q in step_questions:
        plan = grading.step_plan(q)
        a, m, eta, beta, x0, k = _hyper(q)
        opt = core.sgd(eta, momentum=beta)
        path = core.run(opt, core.Quadratic1D(a, w_star=m), x0=x0, steps=k).params[:, 0, 0]
        replay = [plan.expected(t, path[1:]) for t in range(1, k + 1)]
        np.testing.assert_allclose(replay, path[1:], rtol=1e-12, atol=1e-12)
        assert plan.expected(k, path[1:]) == pytest.approx(q.answer.value, rel=1e-12)
        # and the closed form agrees
        assert [_closed_form_next(q, t, list(path[1:])) for t in range(1, k + 1)] == pytest.approx(path[1:], rel=1e-12)


@given(st.floats(-3, 3).filter(lambda d: abs(d) > 0.01))
@settings(max_examples=20, deadline=None)
def test_after_a_slip_the_next_step_is_expected_from_the_slipped_value(bank, slip):
    for fid, seed in [("gd.quadratic.after_k_steps", 4), ("momentum.two_steps", 5)]:
        q = bank[fid].generate(seed)
        plan = grading.step_plan(q)
        slip_at = 2 if plan.steps > 2 else 1  # momentum.two_steps has two steps: slip at the first
        typed = []
        for t in range(1, slip_at + 1):
            typed.append(_closed_form_next(q, t, typed) + (slip if t == slip_at else 0.0))
        after = slip_at + 1
        assert plan.expected(after, typed) == pytest.approx(_closed_form_next(q, after, typed), rel=1e-12)
        assert plan.expected(after, typed) != pytest.approx(_closed_form_next(q, after, typed[:-1] + [typed[-1] - slip]))


def _step_texts(q, slip_at, slip):
    """Texts typed at every step: right from the student's previous value, except ``slip_at``."""
    plan = grading.step_plan(q)
    typed, texts = [], []
    for t in range(1, plan.steps + 1):
        x = _closed_form_next(q, t, typed) + (slip if t == slip_at else 0.0)
        text = f"{x:.6g}"
        texts.append(text)
        typed.append(float(text))
    return texts


def test_a_slip_costs_one_step(step_questions):
    for q in step_questions:
        plan = grading.step_plan(q)
        slip_at = 2 if plan.steps > 2 else 1
        texts = _step_texts(q, slip_at, 0.37)
        statuses = [v.status for v in grading.grade_steps(plan, q.answer, texts)]
        assert statuses[slip_at - 1] in ("wrong", "misconception")
        assert statuses[:slip_at - 1] + statuses[slip_at:] == ["correct"] * (plan.steps - 1), (q.name, texts)
        # an unreadable step costs nothing but leaves the later ones nothing to start from
        broken = grading.grade_steps(plan, q.answer, ["1,5"] + texts[1:])
        assert broken[0].reason == "comma" and {v.reason for v in broken[1:]} <= {"previous"}


def test_the_page_carries_errors_forward_the_same(js, step_questions):
    calls, expected = [], []
    for q in step_questions:
        plan = grading.step_plan(q)
        secret = {"plan": plan.to_data(), "stepRule": grading.step_rule_data(q.answer), **_secret(q)}
        for slip_at, slip in [(1, 0.5), (2, -0.21), (plan.steps, 0.003), (0, 0.0)]:
            texts = _step_texts(q, slip_at, slip)
            for variant in (texts, texts[:1] + ["abc"] + texts[2:], [q.answer.display] * plan.steps):
                calls.append(("gradeSteps", [secret, variant]))
                expected.append([(v.status, v.wrong, v.reason) for v in grading.grade_steps(plan, q.answer, variant)])
        calls.append(("expectedStep", [plan.to_data(), plan.steps, [1.25] * (plan.steps - 1)]))
        expected.append(plan.expected(plan.steps, [1.25] * (plan.steps - 1)))
    got = js(calls)
    for g, e in zip(got, expected):
        if isinstance(e, float):
            assert g == e  # the same multiplications and additions in the same order
        else:
            assert [(r["status"], r["wrong"], r["reason"]) for r in g] == e
