"""The exercise shape: templates, worked steps, the declared closed form, recorded runs."""

import numpy as np
import pytest

from quizgen import core
from quizgen.exercise import Exercise, Meta, Redraw, each, simulate
from quizgen.printed import calc, num
from quizgen.question import INTEGER


def _exercise(data, solution=("x",), question="Q <<a>>", **meta):
    meta = Meta(**{"id": "t.example", "topic": "t", "difficulty": 1, "kind": "numeric", "objective": "o",
                   "answer": "ans", **meta})
    return Exercise(meta, question, tuple(solution), data)


def test_a_draw_fills_templates_checks_steps_and_records_its_runs():
    def data(rng):
        run = simulate(core.sgd(0.1), core.Quadratic1D(2.0), x0=3.0, steps=2)
        r = calc("1 - eta*a", eta=0.1, a=2)
        return dict(a=2, eta=0.1, r=r, x=calc("r**2 * x0", r=r, x0=3), ans=run.final_params[0, 0], variant="b")

    draft = _exercise(data, solution=[
        r"Factor: $r = <<r.work>>$.",
        r"<% if variant == 'a' %>Never shown.<% endif %>",
        r"""Then $x_2 = <<x.work>>$
            (4 significant figures).""",
    ], closed_form=lambda d: core.theory.iterate(2, d["eta"], d["a"], 3.0))(np.random.default_rng(0))
    assert draft.prompt == "Q 2"
    assert [s.text for s in draft.solution] == [r"Factor: $r = 1 - 0.1 \cdot 2 = 0.8$.",
                                                r"Then $x_2 = 0.8^{2} \cdot 3 = 1.92$ (4 significant figures)."]
    assert [(s.expr, s.result) for s in draft.solution] == [("1 - 0.1 * 2", "0.8"), ("0.8 ** 2 * 3", "1.92")]
    assert draft.answer.display == "1.92"
    (run,) = draft.params["runs"]
    assert run["optimizer"]["name"] == "sgd" and run["optimizer"]["lr"] == 0.1
    assert run["objective"] == {"name": "quadratic_1d", "a": 2.0, "w_star": 0.0, "dim": 1} and run["steps"] == 2


def test_a_closed_form_that_disagrees_with_the_simulation_is_an_assertion_error():
    ex = _exercise(lambda rng: dict(a=1, ans=0.5), closed_form=lambda d: 0.6)
    with pytest.raises(AssertionError, match="closed form"):
        ex(np.random.default_rng(0))


def test_each_gives_one_step_per_element_and_per_draw_rounding_applies():
    ex = _exercise(lambda rng: dict(a=1, ans=7.0, rounding=INTEGER, trace=[num(0.5), num(0.25)]),
                   solution=[each("trace", r"Step <<number>>: $\eta = <<item>>$.")])
    draft = ex(np.random.default_rng(0))
    assert [s.text for s in draft.solution] == [r"Step 1: $\eta = 0.5$.", r"Step 2: $\eta = 0.25$."]
    assert draft.answer.display == "7" and draft.rounding == INTEGER


def test_templates_refuse_unrounded_numbers_and_two_calculations_in_one_step():
    with pytest.raises(ValueError, match="short decimal"):
        _exercise(lambda rng: dict(a=1 / 3, ans=1.0))(np.random.default_rng(0))
    two = _exercise(lambda rng: dict(a=1, ans=1.0, c=calc("a + a", a=1), d=calc("a * 3", a=1)),
                    solution=["<<c.work>> and <<d.work>>"])
    with pytest.raises(ValueError, match="its own step"):
        two(np.random.default_rng(0))


def test_an_answer_on_a_rounding_tie_is_redrawn():
    with pytest.raises(Redraw):
        _exercise(lambda rng: dict(a=1, ans=0.84035))(np.random.default_rng(0))
