"""The study guide's writer: HTML (self-contained, with the explorer), Markdown (figures beside it)
and PDF (typeset by typst, like the quiz sheets).

The :class:`~quizgen.study_guide.model.Guide` is format-neutral; here its text is converted for
one format (MathML, ``$…$`` or typst markup), its figures drawn once and embedded, written beside
the document or handed to typst as SVG files, and the explorer's runs serialised for the page's
script. Templates live in ``templates/guide/`` and only display the view prepared here.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Sequence

from quizgen import __version__
from quizgen.question import Figure, Question
from quizgen.render import HTML_MATHML, MARKDOWN_DOLLARS, QuestionView, TextFormat, environment, question_view
from quizgen.study_guide.model import SECTIONS, Guide
from quizgen.typst_markup import TYPST, latex_to_typst
from quizgen.writers import Files
from quizgen.writers.documents import FigureRef, beside, embedded
from quizgen.writers.pdf_writer import PAPER, compile_typst, require_typst

FORMATS = ("html", "md", "pdf")
STEM = "study-guide"


@dataclass(frozen=True)
class GuideFormat:
    """What differs between the guide's formats: template, text conversion, figure references,
    and for a typeset format how its source becomes the document (``typeset(source, figures,
    name)``; the figure files then go to the compiler, not into the output)."""

    template: str
    suffix: str
    text: TextFormat
    figure: FigureRef
    display_math: Callable[[str], str]
    typeset: Callable[[str, Files, str], bytes] | None = None
    require: Callable[[], object] = lambda: None  # raises WriterUnavailable when a piece is missing


def _display_html(latex: str) -> str:
    return HTML_MATHML.block(f"$${latex}$$")


def _display_md(latex: str) -> str:
    return f"$$\n{latex}\n$$"


def _display_typst(latex: str) -> str:
    return latex_to_typst(latex, True)


def _typeset_pdf(source: str, figures: Files, name: str) -> bytes:
    """The guide's typst source compiled to PDF, its figures read as SVG files (vectors) from a
    temporary folder laid out as the source names them."""
    with tempfile.TemporaryDirectory(prefix="quizgen-guide-") as tmp:
        root = Path(tmp)
        for path, data in figures.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(data)
        return compile_typst(source, root, name)


GUIDE_FORMATS = {
    "html": GuideFormat("guide/guide.html", ".html", HTML_MATHML, embedded, _display_html),
    "md": GuideFormat("guide/guide.md", ".md", MARKDOWN_DOLLARS, beside, _display_md),
    "pdf": GuideFormat("guide/guide.typ", ".pdf", TYPST, beside, _display_typst, _typeset_pdf, require_typst),
}


@dataclass(frozen=True)
class FigureItem:
    src: str
    alt: str
    caption: str


@dataclass(frozen=True)
class FactView:
    number: int
    anchor: str
    title: str
    statement: str
    evidence: tuple[str, ...]
    corrects: str
    figures: tuple[FigureItem, ...]


@dataclass(frozen=True)
class WorkedView:
    question: QuestionView
    snippet: str
    expected: str


@dataclass(frozen=True)
class GuideView:
    title: str
    seed: int
    generator: str
    intro: str
    sections: tuple[tuple[str, str], ...]
    heading: dict[str, str]
    definition: tuple[str, ...]
    update_rule: str
    facts: tuple[FactView, ...]
    explorer_text: tuple[str, ...]
    explorer: dict[str, Any]
    explorer_json: str
    explorer_static: tuple[FigureItem, ...]
    formulas: tuple[tuple[str, str, str], ...]
    misconceptions: tuple[tuple[str, str], ...]
    worked: tuple[WorkedView, ...]
    seed_questions: tuple[tuple[int, str, tuple[str, ...]], ...]
    review: tuple[QuestionView, ...]
    practice: tuple[QuestionView, ...]


def _svgs(guide: Guide, cache: dict) -> dict[str, bytes]:
    """Every figure of the guide drawn once (shared by the formats), keyed by its file name."""
    if "guide" in cache:
        return cache["guide"]
    from quizgen.figures import render_svg

    out: dict[str, bytes] = {}
    for n, fact in enumerate(guide.facts, 1):
        for i, f in enumerate(fact.figures, 1):
            out[f"fact{n}-{i}.svg"] = render_svg(f)
    for i, f in enumerate(guide.explorer.static, 1):
        out[f"explorer-{i}.svg"] = render_svg(f)
    for group, qs in _question_groups(guide):
        for n, q in enumerate(qs, 1):
            for i, f in enumerate(q.figures, 1):
                out[f"{group}{n}-{i}.svg"] = render_svg(f)
    cache["guide"] = out
    return out


def _question_groups(guide: Guide) -> list[tuple[str, Sequence[Question]]]:
    return [("worked", [w.question for w in guide.worked]), ("review", guide.review), ("practice", guide.practice)]


def _explorer_data(guide: Guide) -> dict[str, Any]:
    """The page script's data: per grid rate, what to draw and say (nothing left to compute)."""
    import math

    e = guide.explorer

    def run(r):
        return {"label": r.label, "regime": r.regime, "status": r.status, "loss": r.loss_points,
                "path": r.path_points, "x": round(e.rate_axis.at(math.log10(r.lr)), 2)}

    return {"default": e.default, "gd": [run(r) for r in e.runs["gd"]],
            "momentum": [run(r) for r in e.runs["momentum"]]}


def _view(guide: Guide, fmt: GuideFormat, stem: str, svgs: dict[str, bytes], files: Files) -> GuideView:
    """The guide as ``fmt`` shows it; the figure files it refers to are added to ``files``."""
    text = fmt.text

    def fig(name: str, figure: Figure) -> FigureItem:
        src, extra = fmt.figure(svgs[name], f"{stem}-figures/{name}")
        files.update(extra)
        return FigureItem(src, figure.alt, text.inline(figure.caption) if figure.caption else "")

    facts = tuple(FactView(n, f"fact-{f.key}", text.inline(f.title), text.inline(f.statement),
                           tuple(text.inline(s) for s in f.evidence), text.inline(f.corrects) if f.corrects else "",
                           tuple(fig(f"fact{n}-{i}.svg", x) for i, x in enumerate(f.figures, 1)))
                  for n, f in enumerate(guide.facts, 1))

    def questions(group: str, qs: Sequence[Question]) -> tuple[QuestionView, ...]:
        views = []
        for n, q in enumerate(qs, 1):
            figs = {i: fig(f"{group}{n}-{i + 1}.svg", f).src for i, f in enumerate(q.figures)}
            view = question_view(q, n, text.block, lambda qn, i: figs[i], text.inline)
            views.append(replace(view, anchor=f"{group}-{n}"))
        return tuple(views)

    worked_views = questions("worked", [w.question for w in guide.worked])
    e = guide.explorer
    data = _explorer_data(guide)
    default = data["gd"][e.default]
    explorer = {"steps": e.steps, "beta": f"{e.beta:g}", "count": len(e.runs["gd"]), "default": e.default,
                "run": default, "loss_x": e.loss_x, "loss_y": e.loss_y, "path_x": e.path_x, "path_y": e.path_y,
                "rate_axis": e.rate_axis, "contours": e.contours, "marks": e.marks,
                "start": (round(e.path_x.at(e.x0[0]), 2), round(e.path_y.at(e.x0[1]), 2)),
                "minimum": (round(e.path_x.at(0.0), 2), round(e.path_y.at(0.0), 2))}
    # "</" would end the script element early; JSON allows the escaped form
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).replace("</", "<\\/")
    return GuideView(
        title=guide.title, seed=guide.seed, generator=f"quizgen {__version__}", intro=text.inline(guide.intro),
        sections=SECTIONS, heading=dict(SECTIONS),
        definition=tuple(text.inline(p) for p in guide.definition), update_rule=fmt.display_math(guide.update_rule),
        facts=facts, explorer_text=tuple(text.inline(p) for p in guide.explorer_text), explorer=explorer,
        explorer_json=payload,
        explorer_static=tuple(fig(f"explorer-{i}.svg", f) for i, f in enumerate(e.static, 1)),
        formulas=tuple((text.inline(f.name), fmt.display_math(f.latex), text.inline(f.note)) for f in guide.formulas),
        misconceptions=tuple((text.inline(c.belief), text.inline(c.correction)) for c in guide.misconceptions),
        worked=tuple(WorkedView(v, w.snippet, w.expected) for v, w in zip(worked_views, guide.worked)),
        seed_questions=tuple((n, text.inline(s.prompt), tuple(text.inline(a) for a in s.answer))
                             for n, s in enumerate(guide.seed_questions, 1)),
        review=questions("review", guide.review), practice=questions("practice", guide.practice),
    )


def render_guide(guide: Guide, formats: Sequence[str] = FORMATS, stem: str = STEM,
                 cache: dict | None = None, paper: str = "a4") -> Files:
    """The guide in each of ``formats`` ("html", "md", "pdf"): ``{relative path: bytes}``.

    ``paper`` ("a4" or "letter") is the PDF's page size. A PDF needs the ``typst`` package;
    without it :class:`~quizgen.writers.WriterUnavailable` is raised before any work.
    """
    unknown = [f for f in formats if f not in GUIDE_FORMATS]
    if unknown:
        raise ValueError(f"unknown study-guide format {unknown[0]!r}; formats are: {', '.join(FORMATS)}")
    if paper not in PAPER:
        raise ValueError(f"unknown paper size {paper!r}; sizes are: {', '.join(PAPER)}")
    for name in formats:
        GUIDE_FORMATS[name].require()
    env = environment()
    svgs = _svgs(guide, {} if cache is None else cache)
    files: Files = {}
    for name in formats:
        fmt = GUIDE_FORMATS[name]
        figures: Files = {}
        view = _view(guide, fmt, stem, svgs, figures)
        source = env.get_template(fmt.template).render(doc=view, paper=PAPER[paper])
        if fmt.typeset is None:
            files.update(figures)
            files[stem + fmt.suffix] = source.encode("utf-8")
        else:
            files[stem + fmt.suffix] = fmt.typeset(source, figures, stem + fmt.suffix)
    return files
