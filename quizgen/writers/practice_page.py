"""The self-check practice page: one offline HTML file that checks answers as a student works.

Questions are shown as on the HTML sheets (MathML, figures as data URIs), each with all its
variants in the page and an "another version" button. What would give answers away — keys,
tolerances, common wrong answers, choice feedback, hints and worked solutions — is not in the
page as text: it travels as one JSON blob XOR-ed with the page's id and base64-encoded, which
the script decodes. That keeps a glance at the source from spoiling a question; it is no
protection against a student who wants to cheat (this page is for self-study, not a secure exam).

The script (``templates/practice/practice.js``) applies the rules of :mod:`quizgen.grading`;
the stylesheet and script are inlined, so the page needs no network and no build step.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from dataclasses import dataclass

from quizgen import __version__
from quizgen.grading import key_rule, step_rule_data, wrong_rules
from quizgen.misconceptions import name as misconception_name
from quizgen.practice import PAGE_NAME, PracticeItem, PracticeSet
from quizgen.question import Kind, Question
from quizgen.render import (HTML_MATHML, FigureView, QuestionView, environment, question_view,
                            svg_data_uri)
from quizgen.writers import Files, RenderOptions
from quizgen.writers.figures_cache import quiz_svgs

MODE_TEXT = {
    "practice": "Practice mode: each answer is checked when you give it; hints and worked solutions are there "
                "when you want them.",
    "test": "Test mode: your answers are kept but not marked until you finish; then you see your score, "
            "feedback and the worked solutions.",
}


@dataclass(frozen=True)
class ChoiceView:
    index: int
    label: str
    text: str
    input_id: str


@dataclass(frozen=True)
class StepView:
    number: int
    label: str  # HTML: the iterate, e.g. MathML for x_3
    input_id: str


@dataclass(frozen=True)
class VariantView:
    """One variant of a question as the page shows it (nothing here gives the answer away)."""

    number: int
    anchor: str
    kind: str  # "numeric", "steps", "choice" (one answer) or "multi" (all that apply)
    kind_label: str
    prompt: str
    figures: tuple[FigureView, ...]
    choices: tuple[ChoiceView, ...]
    steps: tuple[StepView, ...]
    start: str  # HTML, "x_0 = 5" for a step item
    hidden: bool


@dataclass(frozen=True)
class ItemView:
    number: int
    anchor: str
    topic: str
    difficulty: int
    variants: tuple[VariantView, ...]


@dataclass(frozen=True)
class PageView:
    title: str
    mode: str
    mode_text: dict[str, str]
    items: tuple[ItemView, ...]
    total_variants: int
    config: dict
    data: str
    generator: str


def _kind(q: Question, steps: bool) -> str:
    if steps:
        return "steps"
    if q.kind is Kind.NUMERIC:
        return "numeric"
    return "multi" if q.kind is Kind.MULTI_SELECT else "choice"


def _inline(text: str) -> str:
    return HTML_MATHML.inline(text)


def _secret(q: Question, view: QuestionView, kind: str, plan, figure_views) -> dict:
    """Everything about one variant that would give its answer away, for the encoded blob."""
    # the script inserts these as HTML: plain text is escaped here
    solution_figures = [{"src": f.src, "alt": html.escape(f.alt), "caption": f.caption}
                        for f in figure_views if f.in_solution]
    out: dict = {
        "kind": kind,
        # a one-step solution would be the whole answer: such a question gets no separate hint
        "hint": view.solution[0] if len(view.solution) > 1 else None,
        "solution": list(view.solution),
        "figures": solution_figures,
        "answer": view.answer,
        "note": html.escape(view.answer_note),
    }
    if q.answer is not None:
        out["key"] = key_rule(q.answer).to_data()
        out["wrong"] = [{"rule": r.to_data(),
                         "feedback": _inline(f"*Misconception: {misconception_name(w.misconception)}.* {w.feedback}")}
                        for r, w in zip(wrong_rules(q.answer), q.answer.wrong)]
    if plan is not None:
        out["plan"] = plan.to_data()
        out["stepRule"] = step_rule_data(q.answer)
    if q.choices:
        out["choices"] = [{"correct": c.correct, "feedback": c.feedback} for c in view.choices]
    return out


def _variant(item: PracticeItem, n: int, j: int, svgs: dict) -> tuple[VariantView, dict]:
    q, plan = item.variants[j], item.plans[j]
    anchor = f"q{n}-v{j + 1}"
    view = question_view(q, n, HTML_MATHML.block, lambda qn, i: svg_data_uri(svgs[(j + 1, qn, i)]), _inline)
    kind = _kind(q, plan is not None)
    steps = ()
    start = ""
    if plan is not None:
        steps = tuple(StepView(t, _inline(f"${plan.symbol}_{{{t}}}$"), f"{anchor}-s{t}")
                      for t in range(1, plan.steps + 1))
        start = _inline(f"${plan.symbol}_0 = {plan.x0:g}$")
    label = "Enter each step; each is checked from your previous value." if plan is not None else view.kind_label
    shown = VariantView(
        number=j + 1, anchor=anchor, kind=kind, kind_label=label, prompt=view.prompt,
        figures=view.prompt_figures,
        choices=tuple(ChoiceView(i, c.label, c.text, f"{anchor}-c{i}") for i, c in enumerate(view.choices)),
        steps=steps, start=start, hidden=j != 0,
    )
    return shown, _secret(q, view, kind, plan, view.figures)


def encode(data: dict, key: str) -> str:
    """The blob: JSON (UTF-8, sorted keys) XOR-ed with the key's bytes, then base64."""
    plain = json.dumps(data, sort_keys=True, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    raw, k = plain.encode("utf-8"), key.encode("ascii")
    return base64.b64encode(bytes(b ^ k[i % len(k)] for i, b in enumerate(raw))).decode("ascii")


def decode(blob: str, key: str) -> dict:
    """The inverse of :func:`encode` (what the page's script does)."""
    raw, k = base64.b64decode(blob), key.encode("ascii")
    return json.loads(bytes(b ^ k[i % len(k)] for i, b in enumerate(raw)).decode("utf-8"))


def page_view(pset: PracticeSet, options: RenderOptions | None = None) -> PageView:
    """The view of the whole page: shown variants, the encoded secrets and the script's settings."""
    options = options or RenderOptions()
    svgs = quiz_svgs(pset.quiz, options)
    items, secrets = [], []
    for n, item in enumerate(pset.items, 1):
        pairs = [_variant(item, n, j, svgs) for j in range(len(item.variants))]
        first = item.variants[0]
        items.append(ItemView(n, f"q{n}", first.topic, first.difficulty, tuple(v for v, _ in pairs)))
        secrets.append([s for _, s in pairs])
    data = {"items": secrets}
    plain = json.dumps(data, sort_keys=True, ensure_ascii=False, allow_nan=False)
    # the id names this page's saved progress, so two different pages never share it
    page_id = hashlib.sha256(f"{pset.mode}|{pset.title}|{plain}".encode("utf-8")).hexdigest()[:16]
    config = {"id": page_id, "mode": pset.mode, "variants": pset.variants, "questions": len(items)}
    return PageView(title=pset.title, mode=pset.mode, mode_text=MODE_TEXT, items=tuple(items),
                    total_variants=pset.variants, config=config, data=encode(data, page_id),
                    generator=f"quizgen {__version__}")


def render_practice(pset: PracticeSet, options: RenderOptions | None = None) -> Files:
    """The practice page as ``{"practice.html": bytes}``."""
    options = options or RenderOptions()
    env = environment(options.template_dirs)
    page = env.get_template("practice/page.html").render(page=page_view(pset, options))
    return {PAGE_NAME: page.encode("utf-8")}
