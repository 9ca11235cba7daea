"""One golden file per question family: the family's question for fixed seeds, as JSON data.

``tests/golden/families/<family id>.json`` maps each of ``SEEDS`` to ``question_to_dict`` of the
family's question for that seed, so a failure names the family, the seed and the field
(e.g. ``$.2026.answer.display``). Comparison
(``json_mismatches`` in conftest.py): strings, integers, booleans, nulls, keys and list lengths
exactly — every printed number, answer, prompt, choice and worked step is a string — and floats
to a relative 1e-9 (absolute 1e-12 near zero), so a different numpy/LAPACK build that moves an
unprinted float in its last digit passes while any change a reader could see fails.
Regenerate with ``pytest --update-golden`` and review ``git diff tests/golden``.
"""

import copy
import json

import pytest

from quizgen.bank import load_bank
from quizgen.serialize import question_to_dict

SEEDS = (7, 2026)
FOLDER = "families"
FAMILY_IDS = [f.id for f in load_bank()]


def family_golden_data(family) -> dict[str, dict]:
    """What a family's golden file holds: seed → its question for that seed, for every seed in SEEDS."""
    return {str(seed): question_to_dict(family.generate(seed)) for seed in SEEDS}


@pytest.mark.parametrize("family_id", FAMILY_IDS)
def test_family_matches_its_golden(bank, golden, family_id):
    golden.check_json(golden.dir / FOLDER / f"{family_id}.json", family_golden_data(bank[family_id]))


def test_there_is_one_golden_per_family_and_no_stale_one(bank, golden):
    golden.check_names(golden.dir / FOLDER, {f"{f.id}.json" for f in bank}, "*.json")


# --- the comparator is honest -------------------------------------------------------------


def _paths(value, path=()):
    """(path, value) of every leaf of a JSON value."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, path + (i,))
    else:
        yield path, value


def _set(doc, path, value):
    for key in path[:-1]:
        doc = doc[key]
    doc[path[-1]] = value


def _reference(bank):
    # a numeric family with printed numbers in its prompt, answer and steps, and float params
    q = question_to_dict(bank["gd.quadratic.after_k_steps"].generate(7))
    return json.loads(json.dumps(q))


def test_comparator_accepts_a_last_digit_float_change(bank, golden, tmp_path):
    expected = _reference(bank)
    floats = [(p, v) for p, v in _paths(expected) if isinstance(v, float) and v != 0.0]
    assert len(floats) > 5, "the reference question has too few floats to perturb"
    perturbed = copy.deepcopy(expected)
    for p, v in floats:  # every float, a few units in the last place (as another LAPACK gives)
        _set(perturbed, p, v * (1 + 4 * 2.0 ** -52))
    assert perturbed != expected
    assert golden.mismatches(perturbed, expected) == []
    # and through the golden machinery itself, on a scratch file
    path = tmp_path / "family.json"
    path.write_text(json.dumps(expected), encoding="utf-8")
    type(golden)(update=False).check_json(path, perturbed)


def test_comparator_rejects_a_changed_printed_number(bank, golden, tmp_path):
    expected = _reference(bank)
    display = expected["answer"]["display"]
    assert any(c.isdigit() for c in display), display
    # one printed digit of the answer changed: an exact-string mismatch, named by its path
    i = max(i for i, c in enumerate(display) if c.isdigit())
    changed = copy.deepcopy(expected)
    changed["answer"]["display"] = display[:i] + str((int(display[i]) + 1) % 10) + display[i + 1:]
    assert golden.mismatches(changed, expected) == [
        f"$.answer.display: {changed['answer']['display']!r} != {display!r}"]
    path = tmp_path / "family.json"
    path.write_text(json.dumps(expected), encoding="utf-8")
    with pytest.raises(AssertionError, match=r"\$\.answer\.display"):
        type(golden)(update=False).check_json(path, changed)
    # a printed number inside a worked step
    step = next(i for i, s in enumerate(expected["solution"]) if any(c.isdigit() for c in s["result"] or ""))
    changed = copy.deepcopy(expected)
    changed["solution"][step]["result"] += "1"
    assert [m.split(":")[0] for m in golden.mismatches(changed, expected)] == [f"$.solution[{step}].result"]


def test_comparator_rejects_real_float_and_structure_changes(bank, golden):
    expected = _reference(bank)
    path, v = next((p, v) for p, v in _paths(expected) if isinstance(v, float) and abs(v) > 1e-3)
    changed = copy.deepcopy(expected)
    _set(changed, path, v * (1 + 1e-7))  # beyond the stated relative 1e-9
    assert len(golden.mismatches(changed, expected)) == 1
    m = golden.mismatches
    assert m(1, 1.0) and m(True, 1) and m(None, 0.0) and m("0.1", 0.1)
    assert m({"a": 1}, {"a": 1, "b": 2}) == ["$: missing key 'b'"]
    assert m([1, 2], [1]) == ["$: 2 items != 1 items"]
    assert m(1e-17, 0.0) == [] and m(1e-9, 0.0)
