"""Item-writing checks: what a careful examiner looks for beyond correct numbers.

Grounded in the multiple-choice item-writing guidelines teachers are trained on (Haladyna,
Downing & Rodriguez 2002): no cue to the key (length, grammar), no "all/none of the above",
negated stems emphasised, ordered things listed in order, and pages free of internal codes
and raw program notation. Per question: :func:`item_problems`; across the seeds of a family:
:class:`CueStats`, whose :meth:`~CueStats.problems` fail a family that cues its key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quizgen.question import Kind, Question

_MATH = re.compile(r"\$\$.+?\$\$|\$[^$]+\$", re.S)
_CODE = re.compile(r"`[^`]*`")
_INTERNAL = re.compile(r"\bM\d{1,2}\b")
_E_NOTATION = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?e[-+]?\d+\b")
_ABOVE = re.compile(r"\b(all|none|both|neither) of the (above|others)\b|^\s*(all|none|both|neither) of "
                    r"(them|these)\b", re.I)
_NEGATION = re.compile(r"\b(not|except|false|incorrect|never)\b", re.I)
_ORDERED = re.compile(r"^(curve|path|run|rate|schedule|panel|plot|step|epoch)\s+([0-9]+|[A-Z])\b", re.I)


def _prose(text: str) -> str:
    """The words a reader sees outside math and code."""
    return _CODE.sub(" ", _MATH.sub(" ", text))


def visible_length(text: str) -> int:
    """A text's length as a reader sees it: math counts by its symbols, not its LaTeX commands."""
    def symbols(m: re.Match) -> str:
        return re.sub(r"\\[a-zA-Z]+|[{}\s^_$]", "x", m.group(0))[: max(len(m.group(0)) // 2, 1)]

    return len(re.sub(r"\s+", " ", _MATH.sub(symbols, text)).strip())


def _label_key(text: str):
    m = _ORDERED.match(_prose(text).strip())
    if not m:
        return None
    return m.group(1).lower(), (int(m.group(2)) if m.group(2).isdigit() else m.group(2))


def natural_order(choices: tuple) -> tuple:
    """Choices that name ordered things in their order: numbers increasing, "Curve 1 … 4" by
    label; any other set unchanged (its order is random). The key's *position* then comes
    from the draw, not from a shuffle."""
    if len(choices) > 1 and all(c.value is not None for c in choices):
        return tuple(sorted(choices, key=lambda c: c.value))
    keys = [_label_key(c.text) for c in choices]
    if len(choices) > 1 and all(keys):
        return tuple(c for _, c in sorted(zip(keys, choices), key=lambda kc: kc[0]))
    return choices


def item_problems(q: Question) -> list[str]:
    """Item-writing faults of one question."""
    problems = []
    texts = {"the prompt": q.prompt}
    texts.update({f"choice {c.text[:30]!r}": c.text for c in q.choices})
    texts.update({f"feedback of {c.text[:30]!r}": c.feedback for c in q.choices})
    texts.update({f"step {i}": s.text for i, s in enumerate(q.solution, 1)})
    if q.answer:
        texts.update({f"wrong answer {w.misconception!r}": w.feedback for w in q.answer.wrong})
    for where, text in texts.items():
        prose = _prose(text)
        if m := _INTERNAL.search(prose):
            problems.append(f"internal code {m.group(0)!r} in {where}")
        if m := _E_NOTATION.search(prose):
            problems.append(f"program notation {m.group(0)!r} in {where} (print it as math)")
    for c in q.choices:
        if _ABOVE.search(_prose(c.text)):
            problems.append(f"'all/none of the above' style choice {c.text[:40]!r}")
    for sentence in re.findall(r"[^.?!]*\?", re.sub(r"(?i)true or false", "", _prose(q.prompt))):
        for m in _NEGATION.finditer(sentence):
            word = m.group(0)
            if word != word.upper() and f"**{word}**" not in q.prompt and f"*{word}*" not in q.prompt:
                problems.append(f"negated question ({word!r}) without emphasis: write **{word}**")
    if q.kind is not Kind.TRUE_FALSE and tuple(q.choices) != natural_order(tuple(q.choices)):
        problems.append("choices naming ordered things (numbers, curves 1–4) are not listed in their order")
    return problems


@dataclass
class CueStats:
    """Across a family's seeds: how often the key's length gives it away."""

    questions: int = 0
    key_longest: int = 0
    options: int = 0
    multi: int = 0
    multi_true_longer: int = 0
    true_lengths: list[float] = field(default_factory=list)
    false_lengths: list[float] = field(default_factory=list)

    def add(self, q: Question) -> None:
        if q.kind not in (Kind.MULTIPLE_CHOICE, Kind.MULTI_SELECT) or len(q.choices) < 3:
            return
        lengths = [visible_length(c.text) for c in q.choices]
        right = [n for n, c in zip(lengths, q.choices) if c.correct]
        wrong = [n for n, c in zip(lengths, q.choices) if not c.correct]
        if q.kind is Kind.MULTIPLE_CHOICE:
            self.questions += 1
            self.options = max(self.options, len(q.choices))
            self.key_longest += right[0] > max(wrong)
        elif right and wrong:
            self.multi += 1
            self.multi_true_longer += min(right) > max(wrong)
            self.true_lengths.append(sum(right) / len(right))
            self.false_lengths.append(sum(wrong) / len(wrong))

    @property
    def key_longest_rate(self) -> float:
        return self.key_longest / self.questions if self.questions else 0.0

    def problems(self, min_questions: int = 20) -> list[str]:
        """A cue is a key that is the unique longest option far more often than chance (1/k),
        or true statements of a multi-select that are systematically the longer ones."""
        out = []
        if self.questions >= min_questions:
            chance = 1 / self.options
            if self.key_longest_rate > 1.75 * chance:
                out.append(f"length cue: the key is the unique longest option in {self.key_longest_rate:.0%} "
                           f"of {self.questions} versions (chance {chance:.0%})")
        if self.multi >= min_questions:
            every = self.multi_true_longer / self.multi
            ratio = sum(self.true_lengths) / max(sum(self.false_lengths), 1)
            if every > 0.25 or ratio > 1.3:
                out.append(f"length cue: true statements are longer (every true longer than every false in "
                           f"{every:.0%} of versions; mean length ratio {ratio:.2f})")
        return out
