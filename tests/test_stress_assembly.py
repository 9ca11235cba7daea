"""Every built-in family over the seeds real quizzes use (spawned 32-bit seeds), not only 0…N.

``quizgen generate --id F --versions V --seed Q`` draws version v's question from
``question_seeds(Q, v, 1)[0]``; a family that only breaks on such seeds slipped past a stress
test of sequential seeds once (gd.regression.feature_scaling, quiz seed 101, version 363).
``benchmarks/stress_assembly.py`` runs the full-size version of this (1000 versions × 3 quiz seeds).
"""

import pytest

from quizgen.assemble import assemble, question_seeds
from quizgen.check import question_problems

VERSIONS = 30
QUIZ_SEEDS = (7, 101)

# (family, quiz seed, version) that once raised AssertionError from an over-strict cross-check
FIXED = [
    ("gd.regression.feature_scaling", 101, 363),
    ("gd.regression.feature_scaling", 2026, 128),
    ("concepts.true_false", 1, 879),
    ("curves.oscillation_source", 1, 98),
]


@pytest.mark.slow
def test_every_family_passes_on_assembly_seeds(bank):
    failures = []
    for family in bank:
        for quiz_seed in QUIZ_SEEDS:
            for v in range(1, VERSIONS + 1):
                seed = question_seeds(quiz_seed, v, 1)[0]
                try:
                    drawn = family.draw(seed)
                except Exception as exc:
                    failures.append(f"{family.id}@{seed}: {type(exc).__name__}: {exc}")
                    continue
                failures += [f"{family.id}@{seed}: {p}" for p in drawn.check_failures]
                failures += [f"{family.id}@{seed}: {p}" for p in question_problems(drawn.question)]
    assert not failures, "\n".join(failures[:20])


@pytest.mark.parametrize("family_id, quiz_seed, version", FIXED)
def test_seeds_that_once_failed_a_cross_check_now_pass_it(bank, family_id, quiz_seed, version):
    family = bank[family_id]
    drawn = family.draw(question_seeds(quiz_seed, version, 1)[0])
    assert drawn.check_failures == ()
    assert question_problems(drawn.question) == []


def test_the_reported_quiz_generates(bank):
    """The version that aborted ``generate --id gd.regression.feature_scaling --versions 1000 --seed 101``."""
    quiz = assemble([bank["gd.regression.feature_scaling"]], seed=101, versions=1000, only=363)
    assert [v.number for v in quiz.versions] == [363] and quiz.versions[0].questions[0].seed == 197967709
