"""The JSON export: valid against the schema in the repo, and a golden file (per-family goldens:
test_golden_families.py)."""

import json
from pathlib import Path

import jsonschema
import pytest

from quizgen.assemble import assemble, select
from quizgen.writers import get_writer

SCHEMA = json.loads((Path(__file__).parents[1] / "quizgen" / "schema" / "quiz.schema.json").read_text())


def _render(quiz):
    files = get_writer("json").render(quiz, "quiz")
    return files["quiz.json"]


def test_schema_is_itself_valid():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_every_family_exports_valid_json(bank):
    quiz = assemble(list(bank), seed=3, versions=2)
    doc = json.loads(_render(quiz))
    jsonschema.validate(doc, SCHEMA)
    assert [v["code"] for v in doc["versions"]] == [v.code for v in quiz.versions]
    q = doc["versions"][0]["questions"][0]
    assert set(q) >= {"id", "kind", "prompt", "choices", "answer", "solution", "params", "figures"}


def test_schema_rejects_broken_documents(bank):
    doc = json.loads(_render(assemble(select(bank, n=1, seed=1), seed=1)))
    q = doc["versions"][0]["questions"][0]
    for mutate in (lambda d: d.pop("versions"), lambda d: q.update(kind="essay"),
                   lambda d: q.update(solution=[]), lambda d: d["versions"][0].update(code="nope")):
        broken = json.loads(json.dumps(doc))
        q = broken["versions"][0]["questions"][0]
        mutate(broken)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, SCHEMA)


def test_golden_json_for_a_fixed_seed(bank, golden):
    """The writers' golden quiz (the same as tests/golden/html and md) as the JSON writer writes it.

    Compared as data: strings (every printed number), integers and structure exactly, floats to
    a relative 1e-9 (see conftest.py). Each family's content has its own golden in
    tests/golden/families/; this one covers the document around it (metadata, version codes,
    question order and seeds). Regenerate with ``pytest --update-golden`` and review the diff.
    """
    quiz = assemble([bank[i] for i in golden.quiz_ids(bank)], seed=7, versions=1, title="Golden")
    golden.check_json(golden.dir / "json" / "golden.json", json.loads(_render(quiz)))
    golden.check_names(golden.dir / "json", {"golden.json"})
