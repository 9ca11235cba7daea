"""What the LMS exports (Moodle XML, Canvas QTI) share: each question as HTML with ``\\(…\\)``
math, its figures as named SVG files, and numbers written without exponents.

Both formats import one question family as a pool of interchangeable versions (a Moodle
category, a Canvas question group), so :func:`families` groups the quiz that way. Figures are
files the LMS stores beside the question: the writer says how a file name becomes an ``src``
(``@@PLUGINFILE@@/…`` for Moodle, ``%24IMS-CC-FILEBASE%24/…`` for Canvas). Figures that belong
to the worked solution (``in_solution``) go only into the feedback, never into the prompt.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from quizgen.assemble import Quiz, Version
from quizgen.question import Kind, NumericAnswer, Question
from quizgen.render import HTML_TEX, QuestionView, question_view
from quizgen.writers import RenderOptions
from quizgen.writers.figures_cache import quiz_svgs


@dataclass(frozen=True)
class FigureFile:
    """One figure as the LMS stores it: its file name, SVG bytes and the HTML that shows it."""

    name: str
    svg: bytes
    html: str


@dataclass(frozen=True)
class LmsQuestion:
    """One version of one question, ready for an LMS: ``prompt`` (HTML, with the prompt's
    figures), ``solution`` (HTML: the answer, the worked steps and the solution's figures) and
    the figure files each of them refers to."""

    question: Question
    version: Version
    view: QuestionView
    prompt: str
    solution: str
    prompt_files: tuple[FigureFile, ...]
    solution_files: tuple[FigureFile, ...]


@dataclass(frozen=True)
class Family:
    """Question ``number`` of the quiz: one family, with its version in every quiz version."""

    number: int
    id: str
    questions: tuple[LmsQuestion, ...]

    @property
    def title(self) -> str:
        return f"Q{self.number} {self.id}"


def figure_name(version: Version, number: int, index: int) -> str:
    """File name of figure ``index`` of question ``number`` in a version (unique in the quiz)."""
    return f"v{version.number:02d}-q{number:02d}-{index + 1}.svg"


def families(quiz: Quiz, options: RenderOptions, src: Callable[[str], str],
             accepted: Callable[[Question], str] | None = None) -> list[Family]:
    """The quiz grouped by question family, each version converted; ``src(name)`` is how the
    format refers to a stored figure file, and ``accepted(q)`` (if given) replaces the note on
    what a numeric answer accepts, for an LMS that grades a narrower range than the key prints."""
    svgs = quiz_svgs(quiz, options)
    grouped: list[list[LmsQuestion]] = [[] for _ in quiz.family_ids]
    for v in quiz.versions:
        for n, q in enumerate(v.questions, 1):
            grouped[n - 1].append(_convert(q, v, n, svgs, src, accepted))
    return [Family(n, fid, tuple(qs)) for n, (fid, qs) in enumerate(zip(quiz.family_ids, grouped), 1)]


def _convert(q: Question, v: Version, n: int, svgs, src: Callable[[str], str], accepted) -> LmsQuestion:
    view = question_view(q, n, HTML_TEX.block, lambda qn, i: src(figure_name(v, qn, i)), HTML_TEX.inline)
    files = [FigureFile(figure_name(v, n, i), svgs[(v.number, n, i)], _figure_html(f.src, f.alt, f.caption))
             for i, f in enumerate(view.figures)]
    prompt_files = tuple(f for f, fv in zip(files, view.figures) if not fv.in_solution)
    solution_files = tuple(f for f, fv in zip(files, view.figures) if fv.in_solution)
    prompt = view.prompt + "".join(f.html for f in prompt_files)
    note = accepted(q) if accepted and q.kind is Kind.NUMERIC else view.answer_note
    return LmsQuestion(q, v, view, prompt, _solution_html(q, view, note, solution_files), prompt_files,
                       solution_files)


def _figure_html(src: str, alt: str, caption: str) -> str:
    # plain <p>/<img>: both LMSs' HTML filters keep them (figure/figcaption are not everywhere)
    img = f'<p><img src="{html.escape(src)}" alt="{html.escape(alt)}" style="max-width: 100%;"></p>'
    return img + (f"<p><em>{caption}</em></p>" if caption else "")


def _solution_html(q: Question, view: QuestionView, note: str, files: tuple[FigureFile, ...]) -> str:
    if q.kind is Kind.NUMERIC:
        answer = f"{view.answer} ({html.escape(note)})" if note else view.answer
    else:
        # the choices themselves, not their letters: an LMS may label choices its own way
        right = [c.text for c in view.choices if c.correct]
        answer = right[0] if len(right) == 1 else "<ul>" + "".join(f"<li>{t}</li>" for t in right) + "</ul>"
    steps = "".join(f"<li>{s}</li>" for s in view.solution)
    return (f"<div><strong>Answer:</strong> {answer}</div><p><strong>Worked solution</strong></p><ol>{steps}</ol>"
            + "".join(f.html for f in files))


def plain_decimal(x: float | Decimal | int) -> str:
    """A number in plain positional notation, never with an exponent (``2.5e-07`` → ``0.00000025``):
    LMS importers read exponents inconsistently (Canvas drops a margin written that way)."""
    d = x if isinstance(x, Decimal) else Decimal(repr(float(x))) if isinstance(x, float) else Decimal(x)
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def tolerance(a: NumericAnswer) -> float:
    """The absolute tolerance around ``a.value`` that accepts what ``a.accepts`` accepts: a typed
    answer passes within ``abs_tol`` or within ``rel_tol``·|value|, so within the larger of the two."""
    return max(a.abs_tol or 0.0, (a.rel_tol or 0.0) * abs(a.value))
