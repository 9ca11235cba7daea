"""The JSON export: valid against the schema in the repo, deterministic, and a golden file."""

import json
from pathlib import Path

import jsonschema
import pytest

from quizgen.assemble import assemble, select
from quizgen.writers import get_writer

SCHEMA = json.loads((Path(__file__).parents[1] / "quizgen" / "schema" / "quiz.schema.json").read_text())
GOLDEN = Path(__file__).parent / "golden" / "quiz-all-families-seed7.json"


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


def test_golden_json_for_a_fixed_seed(bank, update_golden):
    """Every family at seed 7; regenerate with ``pytest --update-golden`` and review the diff."""
    data = _render(assemble(list(bank), seed=7, versions=1, title="Golden"))
    if update_golden:
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_bytes(data)
    assert GOLDEN.exists(), "run pytest --update-golden once to create the golden file"
    assert data == GOLDEN.read_bytes(), "JSON output changed; if intended, run pytest --update-golden"
