"""Item-writing checks: each fault is found, and a clean item passes."""

import pytest

from quizgen.assemble import assemble, note
from quizgen.item_checks import CueStats, item_problems, natural_order, visible_length
from quizgen.question import Choice, Kind, NumericAnswer, Question, Step


def _mc(prompt="Which rate converges?", texts=("A", "B", "C", "D"), key=0, values=None, feedback="because"):
    choices = tuple(Choice(t, i == key, feedback, value=None if values is None else values[i])
                    for i, t in enumerate(texts))
    return Question(id="t.x", seed=0, topic="t", difficulty=1, kind=Kind.MULTIPLE_CHOICE, prompt=prompt,
                    solution=(Step("done"),), choices=choices)


def test_a_clean_item_passes():
    assert item_problems(_mc(texts=("$\\eta = 0.1$", "$\\eta = 0.5$", "$\\eta = 1.2$", "$\\eta = 2$"))) == []


@pytest.mark.parametrize("question, fault", [
    (_mc(feedback="This is the step-length slip (M3)."), "internal code 'M3'"),
    (_mc(feedback="the loss fell to 4.096e-06 by then"), "program notation '4.096e-06'"),
    (_mc(texts=("A", "B", "C", "None of the above")), "all/none of the above"),
    (_mc(prompt="Which rate does not converge?"), "without emphasis"),
    (_mc(texts=("Curve 2", "Curve 1", "Curve 3", "Curve 4")), "not listed in their order"),
    (_mc(texts=("0.5", "0.1", "1", "2"), values=(0.5, 0.1, 1.0, 2.0)), "not listed in their order"),
])
def test_each_fault_is_found(question, fault):
    assert any(fault in p for p in item_problems(question)), item_problems(question)


def test_emphasis_and_true_or_false_are_not_negation_faults():
    assert item_problems(_mc(prompt="Which rate does **not** converge?")) == []
    assert item_problems(_mc(prompt="True or false?")) == []


def test_the_bank_lists_numbers_and_labels_in_order():
    shuffled = tuple(Choice(t, False, "f", value=v) for t, v in (("2", 2.0), ("0.1", 0.1), ("1", 1.0)))
    assert [c.value for c in natural_order(shuffled)] == [0.1, 1.0, 2.0]
    curves = tuple(Choice(t, False, "f") for t in ("Curve 3", "Curve 1", "Curve 2"))
    assert [c.text for c in natural_order(curves)] == ["Curve 1", "Curve 2", "Curve 3"]
    words = tuple(Choice(t, False, "f") for t in ("slow", "fast", "zigzag"))
    assert natural_order(words) == words


def test_a_key_that_is_always_the_longest_option_is_a_cue():
    cued, fair = CueStats(), CueStats()
    for i in range(40):
        cued.add(_mc(texts=("a much longer and more careful correct statement", "short", "brief", "tiny")))
        fair.add(_mc(texts=("long option number one here", "short", "brief", "tiny"), key=i % 4))
    assert any("length cue" in p for p in cued.problems()) and cued.key_longest_rate == 1
    assert fair.problems() == []


def test_math_counts_by_its_symbols_not_its_latex():
    assert visible_length(r"$\frac{\eta}{2}$") < len(r"$\frac{\eta}{2}$")


def test_a_wrong_answer_the_key_would_accept_is_reported():
    from quizgen.check import question_problems
    from quizgen.question import WrongAnswer

    q = Question(id="t.x", seed=0, topic="t", difficulty=1, kind=Kind.NUMERIC, prompt="p",
                 solution=(Step("s", expr="1 + 1", result="2"),),
                 answer=NumericAnswer(2.0, wrong=(WrongAnswer(2.00001, "forgot-half", "f"),)))
    assert any("would be accepted" in p for p in question_problems(q))


def test_versions_of_a_quiz_are_distinct_as_printed(bank):
    quiz = assemble([bank["gd.quadratic.one_step"]], seed=3, versions=40)
    assert len({note(v.questions[0]) for v in quiz.versions}) == 40


def test_common_wrong_answers_keep_only_slips_a_student_could_be_marked_wrong_for():
    from quizgen.choices import wrong_answers

    kept = wrong_answers(0.5, [(0.50004, "inside", "f"), (0.25, "half", "got <<v>> from <<a>>"), None,
                               (0.2500001, "same-as-printed", "f"), (float("inf"), "inf", "f"), (None, "n", "f"),
                               (1.0, "double", "f"), (2.0, "over-limit", "f")], values={"a": 3}, limit=2)
    # 0.50004 lies within ±0.0001 of the key; 0.2500001 prints like 0.25; only two are kept
    assert kept == [(0.25, "half", "got 0.25 from 3"), (1.0, "double", "f")]
