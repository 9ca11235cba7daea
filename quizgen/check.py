"""The stress test: every family × many seeds, checked for correctness and variety.

Modelled on R/exams' ``stresstest_exercise``. Per question: it generates without error;
numeric answers are finite; choices are distinct (also after rounding) with the right
number of correct ones and feedback on every option; every worked step's arithmetic,
evaluated from the printed numbers, gives its printed result under the stated rounding,
and only uses numbers printed before it; the last computed step gives the printed
answer; figures are known kinds with alt text that does not give the answer away; the
same seed gives the same question; no internal cross-check of the family failed on the
way (such a draw is redrawn when generating, but reported here). Across seeds: answers
vary and the correct choice's position is spread over all positions.

Seeds: half of them sequential (``start, start + 1, …``), half drawn the way assembly
draws them — the spawned 32-bit question seeds of quiz seeds derived from ``start`` — so
the test sees the seeds real quizzes use. Every failure names its seed, and ``id@seed``
regenerates the question alone.
"""

from __future__ import annotations

import json
import math
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable

import numpy as np

from quizgen.arith import evaluate, literals
from quizgen.assemble import MAX_SEED, question_seeds
from quizgen.printed import tex
from quizgen.bank import Family, GenerationError
from quizgen.item_checks import CueStats, item_problems
from quizgen.question import FIGURE_KINDS, Kind, Question


@dataclass
class FamilyReport:
    """The outcome of stress-testing one family."""

    id: str
    seeds: int = 0
    failures: list[str] = field(default_factory=list)
    distinct_answers: int = 0
    positions: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    key_longest: float | None = None  # share of versions whose key is the unique longest option
    draws: int = 0  # draws made, redraws included
    variants: Counter = field(default_factory=Counter)  # spread of a family's variants or regimes

    @property
    def acceptance(self) -> float:
        """Share of draws that were usable (Numbas' "variable testing" rate)."""
        return self.seeds / self.draws if self.draws else 1.0

    @property
    def ok(self) -> bool:
        return not self.failures


def _normalize(text: str) -> str:
    return text.replace(r"\,", "").replace(" ", "")


def question_problems(q: Question) -> list[str]:
    """Everything wrong with one generated question (empty when it is sound)."""
    problems = []
    kind = q.kind
    n_correct = len(q.correct_choices)
    if kind is Kind.NUMERIC:
        if q.answer is None:
            problems.append("numeric question without an answer")
        elif not math.isfinite(q.answer.value):
            problems.append("non-finite answer")
        elif not q.answer.accepts(float(q.answer.display)):
            problems.append(f"the printed answer {q.answer.display} is outside its own tolerance")
        else:
            for w in q.answer.wrong:
                if not math.isfinite(w.value) or q.answer.accepts(w.value):
                    problems.append(f"the common wrong answer {w.value!r} ({w.misconception}) would be accepted")
                elif q.answer.accepts(float(q.answer.rounding.format(w.value))):
                    problems.append(f"the common wrong answer {w.value!r} ({w.misconception}) is accepted as printed")
            if len({q.answer.rounding.format(w.value) for w in q.answer.wrong}) < len(q.answer.wrong):
                problems.append("two common wrong answers print the same")
    else:
        if len(q.choices) < 2:
            problems.append("a choice question needs at least two choices")
        if kind in (Kind.MULTIPLE_CHOICE, Kind.TRUE_FALSE) and n_correct != 1:
            problems.append(f"{kind.value} needs exactly one correct choice, has {n_correct}")
        if kind is Kind.MULTI_SELECT and not 1 <= n_correct < len(q.choices):
            problems.append(f"multi-select needs 1..{len(q.choices) - 1} correct choices, has {n_correct}")
        if kind is Kind.TRUE_FALSE and [c.text for c in q.choices] != ["True", "False"]:
            problems.append("true/false choices must be exactly 'True', 'False'")
    texts = [c.text for c in q.choices]
    if len(set(texts)) != len(texts):
        problems.append("two choices have the same text")
    values = [c.value for c in q.choices if c.value is not None]
    if len(set(values)) != len(values):
        problems.append("two choices have the same value after rounding")
    if kind is not Kind.TRUE_FALSE:
        for c in q.choices:
            if not c.feedback.strip():
                problems.append(f"choice {c.text!r} has no feedback")

    printed = _normalize(q.prompt)
    last_result = None
    for i, step in enumerate(q.solution, 1):
        printed += _normalize(step.text)
        if step.expr is None:
            continue
        rounding = step.rounding or q.rounding
        try:
            value = evaluate(step.expr)
            got = rounding.format(value)
        except ValueError as exc:
            problems.append(f"step {i}: {exc}")
            continue
        if got != step.result:
            problems.append(f"step {i}: {step.expr} = {got} ({rounding.describe()}), but {step.result} is printed")
        for lit in literals(step.expr):
            if _normalize(tex(lit)) not in printed:
                problems.append(f"step {i}: the number {lit} in {step.expr!r} is not printed in the question or steps")
        last_result = step.result
    if kind is Kind.NUMERIC and q.answer is not None:
        if last_result is None:
            problems.append("numeric answer without a computed worked step")
        elif last_result != q.answer.display:
            problems.append(f"the worked steps give {last_result} but the answer is {q.answer.display}")

    secret = q.answer.display if q.answer else None
    correct_texts = [q.choices[i].text for i in q.correct_choices]
    for fig in q.figures:
        if fig.kind not in FIGURE_KINDS:
            problems.append(f"figure kind {fig.kind!r} is not one of {FIGURE_KINDS}")
        if not fig.alt.strip():
            problems.append("a figure has no alt text")
        if not fig.in_solution:
            if secret and secret in fig.alt:
                problems.append("a prompt figure's alt text gives away the answer")
            if kind is Kind.MULTIPLE_CHOICE and any(t in fig.alt for t in correct_texts):
                problems.append("a prompt figure's alt text quotes the correct choice")
        try:
            json.dumps(fig.data, allow_nan=False)
        except (TypeError, ValueError) as exc:
            problems.append(f"figure data is not plain JSON: {exc}")
    if not q.solution:
        problems.append("no worked solution")
    return problems


_QUIZ_SEED_STREAM = 0xC4EC5EED
VERSIONS_PER_QUIZ = 50


def quiz_seeds(count: int, start: int = 0) -> list[int]:
    """``count`` reproducible pseudo-random quiz seeds (0 … MAX_SEED), derived from ``start``;
    a longer list begins with the shorter one."""
    words = np.random.SeedSequence([_QUIZ_SEED_STREAM, start]).generate_state(count, np.uint64)
    return [int(w) & MAX_SEED for w in words]


def assembly_seeds(n: int, start: int = 0, versions: int = VERSIONS_PER_QUIZ) -> list[int]:
    """``n`` question seeds as assembly draws them: versions 1, 2, … of the quiz seeds
    :func:`quiz_seeds` ``(…, start)``, ``versions`` per quiz seed (the first question's seed,
    ``question_seeds(quiz_seed, version, 1)[0]``, i.e. ``quizgen generate --id ID --seed Q``)."""
    if n <= 0:
        return []
    quizzes = quiz_seeds(-(-n // versions), start)
    return [question_seeds(quizzes[k // versions], k % versions + 1, 1)[0] for k in range(n)]


def stress_seeds(n: int, start: int = 0) -> list[int]:
    """The seeds :func:`check_bank` tries: ``start … start + ⌈n/2⌉ − 1``, then ``⌊n/2⌋``
    :func:`assembly_seeds`."""
    sequential = n - n // 2
    return list(range(start, start + sequential)) + assembly_seeds(n // 2, start)


def _generate(family, seed: int) -> tuple[Question, tuple[str, ...], int]:
    """The question, its failed internal checks and the draws it took (test doubles may offer
    only ``generate``)."""
    draw = getattr(family, "draw", None)
    if draw is None:
        return family.generate(seed), (), 1
    drawn = draw(seed)
    return drawn.question, drawn.check_failures, drawn.attempts


def check_family(family: Family, seeds: Iterable[int]) -> FamilyReport:
    """Stress-test one family over the given seeds; each failure reads ``@seed: what``."""
    report = FamilyReport(family.id)
    cues = CueStats()
    answers = set()
    expected_at: Counter = Counter()  # keys expected at each position if placed at random
    t0 = time.perf_counter()
    for seed in seeds:
        report.seeds += 1
        try:
            q, check_failures, attempts = _generate(family, seed)
            report.draws += attempts
            again = family.generate(seed)
        except GenerationError as exc:
            report.failures.append(f"@{seed}: {exc.what}")
            continue
        except Exception as exc:  # the stress test reports every failure, whatever its type
            report.failures.append(f"@{seed}: {type(exc).__name__}: {exc}")
            continue
        for failure in check_failures:
            report.failures.append(f"@{seed}: {failure}")
        for problem in question_problems(q) + item_problems(q):
            report.failures.append(f"@{seed}: {problem}")
        cues.add(q)
        variant = q.params.get("variant", q.params.get("regime"))
        if isinstance(variant, str):
            report.variants[variant] += 1
        if repr(q) != repr(again):  # every field, floats to the last digit
            report.failures.append(f"@{seed}: the same seed gave a different question")
        if q.kind is Kind.NUMERIC and q.answer:
            answers.add(q.answer.display)
        else:
            answers.add(tuple(q.choices[i].text for i in q.correct_choices) + (q.prompt,))
            if q.kind is Kind.MULTIPLE_CHOICE:
                for p in range(len(q.choices)):
                    expected_at[p] += 1 / len(q.choices)
                report.positions[q.correct_choices[0] if q.correct_choices else -1] += 1
    report.seconds = time.perf_counter() - t0
    report.distinct_answers = len(answers)
    report.key_longest = cues.key_longest_rate if cues.questions else None
    report.failures.extend(cues.problems())
    if report.seeds >= 20 and report.distinct_answers < 3:
        report.failures.append(f"only {report.distinct_answers} distinct answers over {report.seeds} seeds")
    if expected_at:
        # each version's key is equally likely at each of its own positions: a family mixing
        # 3- and 4-option versions expects fewer keys at position 4
        low = [p for p in sorted(expected_at) if expected_at[p] >= 10 and report.positions[p] < 0.5 * expected_at[p]]
        if low:
            report.failures.append(f"the correct choice is rarely at position(s) {low}: {dict(report.positions)}")
    return report


def check_bank(families: Iterable[Family], n_seeds: int, start: int = 0,
               progress: Callable[[FamilyReport], None] | None = None) -> list[FamilyReport]:
    """Stress-test families over ``n_seeds`` seeds each: :func:`stress_seeds` ``(n_seeds, start)``."""
    seeds = stress_seeds(n_seeds, start)
    reports = []
    for family in families:
        report = check_family(family, seeds)
        reports.append(report)
        if progress:
            progress(report)
    return reports
