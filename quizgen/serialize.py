"""Questions and quizzes as plain JSON-ready dicts — the contract every writer reads."""

from __future__ import annotations

import math
from dataclasses import asdict
from typing import Any

import numpy as np

from quizgen.question import NumericAnswer, Question, Rounding

SCHEMA_VERSION = 1


def _plain(value: Any) -> Any:
    """numpy scalars/arrays → Python numbers/lists; NaN/inf → None (JSON has neither)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (np.floating, float)):
        v = float(value)
        return v if math.isfinite(v) else None
    return value


def rounding_to_dict(r: Rounding) -> dict:
    return {"sig": r.sig, "decimals": r.decimals, "rule": r.describe()}


def answer_to_dict(a: NumericAnswer) -> dict:
    return {"value": a.value, "display": a.display, "abs_tol": a.abs_tol, "rel_tol": a.rel_tol,
            "unit": a.unit, "rounding": rounding_to_dict(a.rounding),
            "wrong": [{"value": w.value, "display": a.rounding.format(w.value), "misconception": w.misconception,
                       "feedback": w.feedback} for w in a.wrong]}


def question_to_dict(q: Question) -> dict:
    """The JSON form of one question (see ``quizgen/schema/quiz.schema.json``)."""
    return _plain({
        "id": q.id,
        "seed": q.seed,
        "name": q.name,
        "topic": q.topic,
        "difficulty": q.difficulty,
        "kind": q.kind.value,
        "learning_objective": q.learning_objective,
        "tags": list(q.tags),
        "prompt": q.prompt,
        "choices": [asdict(c) for c in q.choices],
        "answer": answer_to_dict(q.answer) if q.answer else None,
        "rounding": rounding_to_dict(q.rounding),
        "solution": [{"text": s.text, "expr": s.expr, "result": s.result,
                      "rounding": rounding_to_dict(s.rounding) if s.rounding else None} for s in q.solution],
        "figures": [asdict(f) for f in q.figures],
        "params": q.params,
    })
