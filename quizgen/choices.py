"""Drawing parameters and building choices: the small helpers every family's ``data`` uses."""

from __future__ import annotations

import math
from typing import Any, Iterable, Sequence

import numpy as np

from quizgen.exercise import Redraw, fill
from quizgen.printed import SIG4, num
from quizgen.question import Choice, NumericAnswer, Rounding


def pick(rng: np.random.Generator, options: Sequence[Any]) -> Any:
    """One element of a sequence (keeps Python types, unlike ``rng.choice``)."""
    return options[int(rng.integers(len(options)))]


def sample(rng: np.random.Generator, options: Sequence[Any], k: int) -> list[Any]:
    """k distinct elements of a sequence, in random order."""
    return [options[i] for i in rng.choice(len(options), size=k, replace=False)]


def near_boundary(value: float, boundaries: Iterable[float], rel: float = 0.03) -> bool:
    """True when ``value`` lies within ``rel`` (relative) of any boundary (DOMAIN §6: keep 3 % away)."""
    return any(abs(value - b) <= rel * abs(b) for b in boundaries)


def first_index(mask: Any) -> int | None:
    """The first index where ``mask`` is true, or None."""
    idx = np.flatnonzero(np.asarray(mask))
    return int(idx[0]) if idx.size else None


#: A slip within this fraction of the key is not listed (it cannot be told from a rounding of the key).
NEAR = 0.01


def wrong_answers(answer: float, candidates: Iterable[tuple | None], rounding: Rounding = SIG4, *,
                  abs_tol: float | None = None, rel_tol: float | None = None, limit: int | None = None,
                  values: dict | None = None) -> list[tuple[float, str, str]]:
    """The common wrong answers worth listing for a numeric ``answer``, for ``data()``'s ``wrong_answers``.

    ``candidates`` are ``(value, tag, feedback)`` in order of preference (``None``, or a value of
    ``None``, for a slip that does not arise in this draw). A slip is dropped for this draw — never redrawn, so the question
    stays the seed's — when its value is not finite, when the key's tolerance would accept it (as
    computed or as printed), when it lies within :data:`NEAR` of the key (3 significant figures of
    the key could land on it), or when it prints like the key or an earlier slip; at most ``limit``
    are kept. With ``values``, each feedback is a template filled from them plus ``v``, the wrong
    value as printed.
    """
    key = NumericAnswer(float(answer), rounding, abs_tol=abs_tol, rel_tol=rel_tol)
    kept, seen = [], {rounding.format(float(answer))}
    for candidate in candidates:
        if candidate is None or candidate[0] is None or not math.isfinite(float(candidate[0])):
            continue
        value, tag, feedback = float(candidate[0]), candidate[1], candidate[2]
        shown = rounding.format(value)
        if shown in seen or key.accepts(value) or key.accepts(float(shown)):
            continue
        exact = key.abs_tol == 0 and not key.rel_tol  # a count: off by one is the very slip, typed exactly
        if not exact and abs(value - answer) <= NEAR * abs(answer):
            continue  # so close that the key rounded to fewer digits lands on it: naming a slip would misjudge
        seen.add(shown)
        if values is not None:
            feedback = fill(feedback, {**values, "v": num(value, rounding)})
        kept.append((value, tag, feedback))
        if limit is not None and len(kept) == limit:
            break
    return kept


def numeric_choices(
    correct: tuple[float, str],
    distractors: Sequence[tuple[float, str, str | None]],
    rounding: Rounding = SIG4,
    *,
    template: str = "$<<v>>$",
    min_rel_gap: float = 0.05,
) -> tuple[Choice, ...]:
    """Choices from numbers: ``correct = (value, feedback)``, ``distractors = [(value, feedback, tag)]``.

    Each option is printed by ``rounding`` into ``template`` (``<<v>>``). Raises :class:`Redraw`
    if two options print the same or lie within ``min_rel_gap`` (relative) of each other, or a
    value is not finite.
    """
    items = [(correct[0], correct[1], None, True)] + [(v, f, t, False) for v, f, t in distractors]
    if not all(math.isfinite(v) for v, *_ in items):
        raise Redraw("non-finite option")
    shown = [num(v, rounding) for v, *_ in items]
    if len({s.text for s in shown}) < len(shown):
        raise Redraw("options coincide after rounding")
    vals = [s.value for s in shown]
    for i in range(len(vals)):
        for j in range(i + 1, len(vals)):
            scale = max(abs(vals[i]), abs(vals[j]))
            if scale and abs(vals[i] - vals[j]) < min_rel_gap * scale:
                raise Redraw("options too close")
    return tuple(Choice(fill(template, {"v": s}), ok, fb, misconception=tag, value=s.value)
                 for (_, fb, tag, ok), s in zip(items, shown))


def text_choices(correct: tuple[str, str], distractors: Iterable[tuple[str, str, str | None]]) -> tuple[Choice, ...]:
    """Choices from statements: ``correct = (text, feedback)``, ``distractors = [(text, feedback, tag)]``."""
    out = [Choice(correct[0], True, correct[1])]
    out += [Choice(t, False, f, misconception=tag) for t, f, tag in distractors]
    if len({c.text for c in out}) < len(out):
        raise Redraw("duplicate option text")
    return tuple(out)
