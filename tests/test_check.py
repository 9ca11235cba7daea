"""The stress test must catch each kind of broken question (a check that cannot fail is worthless)."""

import dataclasses

import pytest

from quizgen.check import check_family, question_problems
from quizgen.question import Choice, Figure, Kind, NumericAnswer, Question, Step


def _numeric(**over):
    base = dict(
        id="t.q", seed=1, topic="t", difficulty=1, kind=Kind.NUMERIC,
        prompt="Compute $(1 - 0.1\\cdot4)^{3}\\cdot 5$.",
        solution=(Step("$r = 1 - 0.1\\cdot4 = 0.6$", "1 - 0.1*4", "0.6"),
                  Step("$0.6^{3}\\cdot5 = 1.08$", "0.6**3*5", "1.08")),
        answer=NumericAnswer(1.08),
    )
    base.update(over)
    return Question(**base)


def _mc(choices, **over):
    base = dict(id="t.m", seed=1, topic="t", difficulty=1, kind=Kind.MULTIPLE_CHOICE, prompt="Pick.",
                solution=(Step("Because."),), choices=tuple(choices))
    base.update(over)
    return Question(**base)


def test_a_sound_question_passes():
    assert question_problems(_numeric()) == []


@pytest.mark.parametrize("change, message", [
    ({"answer": NumericAnswer(1.09)}, "the worked steps give 1.08 but the answer is 1.09"),
    ({"solution": (Step("$r = 0.6$", "1 - 0.1*4", "0.7"),)}, "but 0.7 is printed"),
    ({"solution": (Step("$r$", "1 - 0.25*4", "0"),)}, "the number 0.25"),
    ({"solution": (Step("words only"),)}, "without a computed worked step"),
    ({"solution": ()}, "no worked solution"),
    ({"answer": None}, "without an answer"),
    ({"figures": (Figure("pie", {}, "a pie"),)}, "no drawing function"),
    ({"figures": (Figure("curves", {}, "the answer is 1.08"),)}, "gives away the answer"),
    ({"figures": (Figure("curves", {"x": float("nan")}, "a plot"),)}, "not plain JSON"),
])
def test_each_defect_is_reported(change, message):
    problems = question_problems(_numeric(**change))
    assert any(message in p for p in problems), problems


def test_choice_defects_are_reported():
    ok = Choice("A", True, "right")
    assert question_problems(_mc([ok, Choice("B", False, "M5: …")])) == []
    assert any("exactly one correct" in p for p in question_problems(_mc([ok, Choice("B", True, "x")])))
    assert any("same text" in p for p in question_problems(_mc([ok, Choice("A", False, "x")])))
    assert any("no feedback" in p for p in question_problems(_mc([ok, Choice("B", False, " ")])))
    same_value = [Choice("$0.5$", True, "r", value=0.5), Choice("$0.50$", False, "w", value=0.5)]
    assert any("same value" in p for p in question_problems(_mc(same_value)))
    tf = _mc([Choice("False", True, "r"), Choice("True", False, "w")], kind=Kind.TRUE_FALSE)
    assert any("'True', 'False'" in p for p in question_problems(tf))


def test_family_level_checks_catch_constant_answers_and_fixed_positions():
    @dataclasses.dataclass
    class Fixed:
        id: str = "t.fixed"
        kind: Kind = Kind.MULTIPLE_CHOICE

        def generate(self, seed):
            # always the same question, correct answer always first: two family-level failures
            return _mc([Choice("A", True, "r"), Choice("B", False, "w"), Choice("C", False, "w")])

    report = check_family(Fixed(), range(60))
    assert not report.ok
    assert any("distinct answers" in f for f in report.failures)
    assert any("rarely at position" in f for f in report.failures)


def test_nondeterministic_family_is_caught():
    import itertools

    counter = itertools.count()

    class Drifting:
        id = "t.drift"
        kind = Kind.NUMERIC

        def generate(self, seed):
            return _numeric(prompt=f"Compute $(1 - 0.1\\cdot4)^{{3}}\\cdot 5$. ({next(counter)})")

    assert any("different question" in f for f in check_family(Drifting(), range(3)).failures)
