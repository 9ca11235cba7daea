"""Rendering: one Jinja environment, and the view data that templates display.

Templates never compute: everything they show — Markdown converted to HTML with MathML,
choice letters, answers with their rounding rule, figure sources — is prepared here in
plain dataclasses. The environment searches a teacher's template folders first, then the
built-in ``templates/``; ``.html`` and ``.xml`` templates are autoescaped by their suffix,
typst templates escape plain text with the ``typst`` filter.

Question text is Markdown with ``$…$`` math; a :class:`TextFormat` says how a document
shows it: :data:`MARKDOWN_DOLLARS` (left as is), :data:`HTML_MATHML` (HTML with MathML, for
self-contained pages) or :data:`HTML_TEX` (HTML with ``\\(…\\)`` / ``\\[…\\]`` math, as LMS
imports and flashcard decks expect: their own MathJax typesets it).
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Callable, Iterable

from quizgen.assemble import Quiz, Version
from quizgen.misconceptions import name as misconception_name
from quizgen.question import Choice, Kind, NumericAnswer, Question

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
KIND_LABELS = {
    Kind.MULTIPLE_CHOICE: "Choose one answer.",
    Kind.MULTI_SELECT: "Choose all answers that apply.",
    Kind.NUMERIC: "Give a number.",
    Kind.TRUE_FALSE: "True or false?",
}


def environment(template_dirs: Iterable[Path | str] = ()):
    """The one Jinja environment: teacher folders first, then the built-in templates."""
    import jinja2

    from quizgen.resources import builtin_dir

    search = [str(Path(d)) for d in template_dirs] + [str(builtin_dir("templates"))]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        # markup formats escape every value unless a template marks it ``| safe`` (text that
        # Python already converted); Markdown and plain-text templates are left unescaped
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=False, default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    from quizgen.typst_markup import escape, string

    # typst has no autoescape: its templates mark plain text (titles, codes, notes) with these
    env.filters["typst"] = escape
    env.filters["typst_string"] = string
    import re

    special, line_start = re.compile(r"([\\`*_\[\]<>#$&!|~{}])"), re.compile(r"^(\s*)([-+=>]|\d+[.)])", re.M)

    def markdown(text) -> str:
        # Markdown has no autoescape either: plain text there (titles, cover fields) is marked | md.
        # Every character that could start emphasis, code, a link, an HTML tag or entity, math or a
        # heading is backslash-escaped, and so is a line start that would make a list or quote.
        text = special.sub(r"\\\1", str(text))
        return line_start.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text)

    env.filters["md"] = markdown
    return env


# --- text --------------------------------------------------------------------------------

@lru_cache(maxsize=2)
def _markdown(math: str):
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    md = MarkdownIt("commonmark", {"html": False}).use(dollarmath_plugin, double_inline=True)
    convert = {"mathml": _mathml, "tex": _tex}[math]
    md.add_render_rule("math_inline", lambda self, tokens, idx, options, env: convert(tokens[idx].content, False))
    md.add_render_rule("math_inline_double", lambda self, tokens, idx, options, env: convert(tokens[idx].content, True))
    md.add_render_rule("math_block", lambda self, tokens, idx, options, env: convert(tokens[idx].content, True))
    return md


@lru_cache(maxsize=4096)
def _mathml(latex: str, display: bool) -> str:
    from latex2mathml.converter import convert

    return convert(latex.strip(), display="block" if display else "inline")


def _tex(latex: str, display: bool) -> str:
    # MathJax reads the element's text, so HTML-escaping (a < b → a &lt; b) keeps the LaTeX intact
    opening, closing = (r"\[", r"\]") if display else (r"\(", r"\)")
    return opening + html.escape(latex.strip(), quote=False) + closing


@lru_cache(maxsize=8192)  # versions repeat most of their sentences: choices, feedback, steps
def markdown_to_html(text: str, math: str = "mathml") -> str:
    """Markdown with ``$…$`` math → HTML; ``math`` is ``"mathml"`` (converted at build time,
    no scripts) or ``"tex"`` (``\\(…\\)`` inline, ``\\[…\\]`` display, for a page's MathJax)."""
    return _markdown(math).render(text).strip()


@lru_cache(maxsize=8192)
def markdown_to_html_inline(text: str, math: str = "mathml") -> str:
    """The same for a span of text (no enclosing paragraph)."""
    return _markdown(math).renderInline(text)


def _unchanged(text: str) -> str:
    return text


@dataclass(frozen=True)
class TextFormat:
    """How a document shows question text (Markdown with ``$…$`` math): ``block`` converts a
    prompt (paragraphs), ``inline`` a span (a choice, feedback, a step, an answer, a caption)."""

    block: Callable[[str], str]
    inline: Callable[[str], str]


MARKDOWN_DOLLARS = TextFormat(_unchanged, _unchanged)
"""Markdown with ``$…$`` math, as GitHub, Obsidian and pandoc read it."""
HTML_MATHML = TextFormat(markdown_to_html, markdown_to_html_inline)
"""HTML with MathML: pages that need no script and no network."""
HTML_TEX = TextFormat(partial(markdown_to_html, math="tex"), partial(markdown_to_html_inline, math="tex"))
"""HTML with ``\\(…\\)`` / ``\\[…\\]`` math: what Moodle, Canvas and Anki typeset."""


# --- view data ---------------------------------------------------------------------------

@dataclass(frozen=True)
class FigureView:
    src: str
    alt: str
    caption: str
    in_solution: bool


@dataclass(frozen=True)
class ChoiceView:
    label: str
    text: str
    correct: bool
    feedback: str
    misconception: str = ""  # its name in words, for the key


@dataclass(frozen=True)
class QuestionView:
    number: int
    anchor: str
    name: str  # id@seed: the teacher's reference line in a key
    kind: str
    kind_label: str
    difficulty: int
    topic: str
    prompt: str
    choices: tuple[ChoiceView, ...]
    figures: tuple[FigureView, ...]
    answer: str
    answer_note: str
    solution: tuple[str, ...]
    learning_objective: str
    wrong_answers: tuple[str, ...] = ()  # "value — what slip gives it, and why it is wrong"
    points: int | None = None  # shown only when the teacher asked for points
    space: float = 0.0  # working space under the question on a sheet, in em

    @property
    def prompt_figures(self) -> tuple[FigureView, ...]:
        return tuple(f for f in self.figures if not f.in_solution)


@dataclass(frozen=True)
class CoverView:
    """A sheet's cover page: what the teacher wrote, and a grading table (question, points)."""

    course: str
    date: str
    instructions: str
    rows: tuple[tuple[int, int | None], ...]


@dataclass(frozen=True)
class DocumentView:
    title: str
    heading: str
    code: str
    number: int
    total_versions: int
    is_key: bool
    questions: tuple[QuestionView, ...]
    generator: str
    stylesheet: str = ""
    companions: dict[str, str] = field(default_factory=dict)
    paper: str = "a4"
    total_points: int | None = None
    cover: CoverView | None = None
    version_label: str = ""  # "Version 3 of 30" (or "Version 1"), for headers on every page


#: Working space left under a question on a student sheet, in em, by kind (``Layout.space`` scales it):
#: a number is worked out, a choice mostly reasoned about.
WORKSPACE_EM = {Kind.NUMERIC: 7.0, Kind.MULTIPLE_CHOICE: 2.5, Kind.MULTI_SELECT: 3.0, Kind.TRUE_FALSE: 1.5}


def question_points(q: Question, points: int | str | None) -> int | None:
    """A question's points under ``Layout.points``: the same for all, its difficulty, or none."""
    if points is None:
        return None
    return q.difficulty if points == "difficulty" else int(points)


@dataclass(frozen=True)
class SummaryView:
    title: str
    columns: tuple[str, ...]
    families: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]
    generator: str
    paper: str = "a4"  # the printed page, as in DocumentView
    with_figure: tuple[bool, ...] = ()  # per question: students see a figure (GIFT cannot carry one)


def accepted_range(a: NumericAnswer) -> tuple[str, str]:
    """The accepted interval of a numeric answer as printed: one more decimal than the answer,
    rounded inward, so every number in the printed range is accepted."""
    from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

    tol = max(a.abs_tol or 0.0, (a.rel_tol or 0.0) * abs(a.value))
    places = max(a.rounding._places(a.rounding.apply(a.value)) + 1, 0)
    step = Decimal(1).scaleb(-places)
    value, tol = Decimal(repr(a.value)), Decimal(repr(tol))  # decimals, so 0.2 − 0.0001 is 0.1999
    low = (value - tol).quantize(step, rounding=ROUND_CEILING)
    high = (value + tol).quantize(step, rounding=ROUND_FLOOR)
    if "e" not in a.display:
        return format(low, "f"), format(high, "f")
    # an answer printed as m × 10^k has its range printed the same way, so it reads at a glance
    exp = int(a.display.split("e")[1])
    return tuple(plain_number(f"{format(b.scaleb(-exp).normalize(), 'f')}e{exp}") for b in (low, high))


def answer_text(q: Question) -> tuple[str, str]:
    """(short answer, note): e.g. ("$0.1216$", "rounded to 4 significant figures; accepted from 0.12155 to
    0.12165") or ("B", ""). Numbers are math, so 1.2e-5 reads as 1.2 × 10⁻⁵."""
    if q.kind is Kind.NUMERIC and q.answer:
        from quizgen.printed import tex

        a = q.answer
        unit = f" {a.unit}" if a.unit else ""
        shown = f"${tex(a.display)}${unit}"
        if a.abs_tol == 0 and not a.rel_tol:
            return shown, "a whole number; only the exact value is accepted"
        low, high = accepted_range(a)
        return shown, f"{a.rounding.describe()}; accepted from {low} to {high}"
    return ", ".join(LETTERS[i] for i in q.correct_choices), ""


def _feedback(c: Choice) -> str:
    """A wrong choice's feedback, led by the misconception behind it in words."""
    named = "" if c.correct else misconception_name(c.misconception)
    return f"*Misconception: {named}.* {c.feedback}" if named else c.feedback


def question_view(q: Question, number: int, text: Callable[[str], str], figure_src: Callable[[int, int], str],
                  inline: Callable[[str], str] | None = None, points: int | None = None, space: float = 1.0):
    """The display data of one question.

    ``text`` converts a Markdown block (the prompt), ``inline`` a short span (choices,
    feedback, steps, answers, captions; defaults to ``text``), ``figure_src`` names figure i;
    ``points`` and ``space`` (a factor on :data:`WORKSPACE_EM`) come from the layout.
    """
    inline = inline or text
    ans, note = answer_text(q)
    return QuestionView(
        number=number,
        anchor=f"q{number}",
        name=q.name,
        kind=q.kind.value,
        kind_label=KIND_LABELS[q.kind],
        difficulty=q.difficulty,
        topic=q.topic,
        prompt=text(q.prompt),
        choices=tuple(ChoiceView(LETTERS[i], inline(c.text), c.correct, inline(_feedback(c)),
                                 "" if c.correct else misconception_name(c.misconception))
                      for i, c in enumerate(q.choices)),
        figures=tuple(FigureView(figure_src(number, i), f.alt, inline(f.caption) if f.caption else "", f.in_solution)
                      for i, f in enumerate(q.figures)),
        answer=inline(ans) if q.kind is Kind.NUMERIC else ans,
        answer_note=note,
        solution=tuple(inline(s.text) for s in q.solution),
        learning_objective=q.learning_objective,
        wrong_answers=tuple(inline(_wrong(q, w)) for w in (q.answer.wrong if q.answer else ())),
        points=points,
        space=round(WORKSPACE_EM[q.kind] * space, 2),
    )


def _wrong(q: Question, w) -> str:
    from quizgen.printed import tex

    return f"${tex(q.answer.rounding.format(w.value))}$ — *{misconception_name(w.misconception)}.* {w.feedback}"


def svg_data_uri(svg: bytes) -> str:
    """An SVG embedded as a data URI (base64: robust inside HTML attributes)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def plain_number(display: str) -> str:
    """A printed number as plain text: ``1.2e-5`` → ``1.2 × 10⁻⁵`` (for tables, where math would crowd)."""
    if "e" not in display:
        return display
    from quizgen.figures.ticks import power

    mant, exp = display.split("e")
    return f"{mant} × {power(int(exp))}"


def summary_view(quiz: Quiz, generator: str, paper: str = "a4") -> SummaryView:
    n = len(quiz.family_ids)

    def short(q: Question) -> str:
        return plain_number(q.answer.display) if q.kind is Kind.NUMERIC and q.answer else answer_text(q)[0]

    rows = tuple((v.code, tuple(short(q) for q in v.questions)) for v in quiz.versions)
    with_figure = tuple(any(not f.in_solution for v in quiz.versions for f in v.questions[i].figures)
                        for i in range(n))
    return SummaryView(quiz.title, tuple(f"Q{i}" for i in range(1, n + 1)), quiz.family_ids, rows, generator, paper,
                       with_figure)


def document_name(stem: str, version: Version, total: int) -> str:
    """File stem of a version's documents: the quiz stem, plus the version when there are several."""
    return stem if total == 1 else f"{stem}-v{version.number:02d}"


def document_questions(version: Version, text: TextFormat, figure_src: Callable[[int, int], str],
                       layout) -> tuple[QuestionView, ...]:
    """The views of a version's questions, numbered from 1, laid out by ``layout``
    (a :class:`quizgen.writers.Layout`)."""
    return tuple(question_view(q, n, text.block, figure_src, text.inline,
                               points=question_points(q, layout.points), space=layout.space)
                 for n, q in enumerate(version.questions, 1))


def document_view(quiz: Quiz, version: Version, questions: tuple[QuestionView, ...], is_key: bool, layout,
                  generator: str) -> DocumentView:
    """A version's sheet (``is_key`` false) or answer key, with the layout's cover and points."""
    total = quiz.total_versions
    points = [q.points for q in questions]
    total_points = sum(points) if layout.points is not None else None
    cover = None
    if layout.cover and not is_key:
        cover = CoverView(layout.course, layout.date, layout.instructions,
                          tuple((q.number, q.points) for q in questions))
    return DocumentView(
        title=quiz.title, heading=quiz.title + (" — answer key" if is_key else ""), code=version.code,
        number=version.number, total_versions=total, is_key=is_key, questions=questions, generator=generator,
        paper=layout.paper, total_points=total_points, cover=cover,
        version_label=f"Version {version.number}" + (f" of {total}" if total > 1 else ""),
    )
