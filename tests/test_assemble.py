"""Selecting families and generating versions: determinism, independence, version codes."""

import json
from collections import Counter

import pytest

from quizgen.assemble import (MAX_SEED, SelectionError, VersionCode, assemble, parse_version_code, question_seeds,
                              select, version_code)
from quizgen.question import Kind
from quizgen.serialize import question_to_dict


def _dump(quiz):
    return json.dumps([[question_to_dict(q) for q in v.questions] for v in quiz.versions], sort_keys=True)


def test_select_by_ids_keeps_order_and_rejects_unknown(bank):
    ids = [f.id for f in bank][:3][::-1]
    assert [f.id for f in select(bank, ids=ids)] == ids
    with pytest.raises(SelectionError, match="unknown question id"):
        select(bank, ids=["no.such"])
    with pytest.raises(SelectionError, match="twice"):
        select(bank, ids=[ids[0], ids[0]])


def test_select_filters_and_spreads_over_topics(bank):
    topic = bank["gd.quadratic.after_k_steps"].topic
    assert all(f.topic == topic for f in select(bank, n=1, topics=[topic]))
    for d in (1, 2, 3):
        matching = [f for f in bank if f.difficulty == d]
        if matching:
            assert all(f.difficulty == d for f in select(bank, n=len(matching), difficulty=[d]))
    n_topics = len(bank.topics)
    chosen = select(bank, n=n_topics, seed=5)
    assert len({f.topic for f in chosen}) == n_topics, "round-robin should cover every topic once"
    assert [f.id for f in select(bank, n=5, seed=9)] == [f.id for f in select(bank, n=5, seed=9)]
    with pytest.raises(SelectionError, match="only"):
        select(bank, n=len(bank) + 1)
    with pytest.raises(SelectionError, match="unknown topic"):
        select(bank, topics=["astrology"])


def test_versions_are_deterministic_and_independent(bank):
    fams = select(bank, n=min(6, len(bank)), seed=3)
    a = assemble(fams, seed=42, versions=4)
    b = assemble(fams, seed=42, versions=4)
    assert _dump(a) == _dump(b)
    seeds = [[q.seed for q in v.questions] for v in a.versions]
    assert len({s for row in seeds for s in row}) == len(fams) * 4, "every question gets its own seed"
    assert _dump(assemble(fams, seed=43, versions=4)) != _dump(a)
    # version 3 alone equals version 3 of the whole quiz
    alone = assemble(fams, seed=42, versions=4, only=3)
    assert alone.total_versions == 4 and not alone.complete
    assert _dump(alone) == json.dumps([[question_to_dict(q) for q in a.versions[2].questions]], sort_keys=True)
    assert alone.versions[0].code == a.versions[2].code


def test_question_seeds_are_spawned_streams():
    import numpy as np

    children = np.random.SeedSequence(7).spawn(3)
    assert question_seeds(7, 3, 4) == [int(s) for s in children[2].generate_state(4)]


def test_version_codes_round_trip_and_check_the_selection():
    ids = ["a.b", "c.d"]
    for seed in (0, 1, 31, 32, 2026, 2**40 + 17, MAX_SEED):
        for total, number in ((1, 1), (7, 7), (30, 1), (30, 30), (1000, 999)):
            code = version_code(seed, total, number, ids)
            parsed = parse_version_code(code)
            assert (parsed.seed, parsed.total, parsed.number) == (seed, total, number)
            assert parse_version_code(code.lower()) == parsed
            assert parsed.matches(ids)
            assert not parsed.matches(["a.b"]), "a code names its selection"
    for bad in ("", " ", "1-", "1-1", "ABC", "1-1K", "!-1KQ", "1ZA0X-31KQ", "1ZA0X-0KQ"):
        with pytest.raises(ValueError):
            parse_version_code(bad)
    with pytest.raises(ValueError):
        version_code(1, 3, 4, ids)
    # the check letters also cover the number of versions: few other totals share them
    same = sum(VersionCode(2026, t, 3, parse_version_code(version_code(2026, 30, 3, ids)).check).matches(ids)
               for t in range(3, 1001))
    assert same < 10


def test_a_code_is_self_contained():
    """2026 in base 32 is 1ZA; 30 versions add 0X (29) in the next two places."""
    assert version_code(2026, 30, 3, ["x.y"]).startswith("1ZA0X-3")


def test_correct_choice_position_is_near_uniform_over_versions(bank):
    mc = [f for f in bank if f.kind is Kind.MULTIPLE_CHOICE]
    if not mc:
        pytest.skip("no multiple-choice family yet")
    fam = mc[0]
    quiz = assemble([fam], seed=11, versions=200)
    counts = Counter(v.questions[0].correct_choices[0] for v in quiz.versions)
    n = len(quiz.versions[0].questions[0].choices)
    assert set(counts) == set(range(n))
    assert min(counts.values()) >= 0.5 * 200 / n, counts


def test_bad_assembly_arguments():
    with pytest.raises(ValueError, match="seed"):
        assemble([], seed=-1)
    with pytest.raises(ValueError, match="versions"):
        assemble([], seed=1, versions=0)
