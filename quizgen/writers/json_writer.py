"""The JSON export: the whole quiz as data, validated by ``quizgen/schema/quiz.schema.json``."""

from __future__ import annotations

import json

from quizgen import __version__
from quizgen.assemble import Quiz
from quizgen.render import document_name
from quizgen.serialize import SCHEMA_VERSION, question_to_dict
from quizgen.writers import Files, RenderOptions, Writer


def quiz_to_dict(quiz: Quiz) -> dict:
    """The JSON document of a quiz: metadata and every version with its questions."""
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": f"quizgen {__version__}",
        "title": quiz.title,
        "seed": quiz.seed,
        "total_versions": quiz.total_versions,
        "family_ids": list(quiz.family_ids),
        "versions": [
            {"number": v.number, "code": v.code, "questions": [question_to_dict(q) for q in v.questions]}
            for v in quiz.versions
        ],
    }


def render_json(quiz: Quiz, stem: str, options: RenderOptions | None = None) -> Files:
    """One JSON file: ``<stem>.json``, or the version's name when one version was rebuilt."""
    text = json.dumps(quiz_to_dict(quiz), indent=2, ensure_ascii=False, allow_nan=False)
    # a version rebuilt from its code is named like its sheet, beside the whole quiz's file
    name = stem if quiz.complete else document_name(stem, quiz.versions[0], quiz.total_versions)
    return {f"{name}.json": (text + "\n").encode("utf-8")}


WRITER = Writer("json", "the quiz as JSON data (every version, answers, worked steps, figure data)", render_json)
