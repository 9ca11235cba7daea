"""The study guide as format-neutral data: what every writer (HTML, Markdown, later PDF) shows.

Text fields are Markdown with ``$…$`` math, like question text; figures are
:class:`~quizgen.question.Figure` data, drawn by :mod:`quizgen.figures`. Nothing here knows
about a file format: a writer converts the text and draws the figures its own way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quizgen.question import Figure, Question

#: The guide's sections in reading order: (anchor, heading). Writers use these headings as given.
SECTIONS = (
    ("definition", "Definition"),
    ("facts", "Must-know facts"),
    ("explorer", "Explorer"),
    ("formulas", "Key formulas"),
    ("misconceptions", "Misconceptions"),
    ("worked", "Worked examples"),
    ("review", "Review questions"),
    ("practice", "Practice"),
)


@dataclass(frozen=True)
class Fact:
    """One must-know fact, stated correctly and shown by a run made for this guide.

    ``evidence`` are sentences read off the run's numbers (each chosen by what the run did:
    "diverges" only if its loss grew). ``run`` records the run's parameters and the numbers the
    sentences quote, so a test can redo the run independently and compare.
    """

    key: str
    title: str
    statement: str
    evidence: tuple[str, ...]
    figures: tuple[Figure, ...]
    run: dict[str, Any]
    corrects: str = ""  # the popular wording this fact replaces, when it needed correcting


@dataclass(frozen=True)
class Formula:
    """A key formula: its name, the formula (LaTeX, no dollars) and a note (Markdown)."""

    name: str
    latex: str
    note: str


@dataclass(frozen=True)
class Misconception:
    """A common wrong belief, what is true instead, and why (Markdown)."""

    belief: str
    correction: str
    tag: str


@dataclass(frozen=True)
class WorkedExample:
    """A bank question shown with its full worked solution and a plain-numpy snippet that
    recomputes its answer; ``expected`` is what the snippet prints (the printed answer)."""

    question: Question
    snippet: str
    expected: str


@dataclass(frozen=True)
class SeedQuestion:
    """One of the three review questions of the source page, answered in this guide's words,
    with numbers from this guide's runs."""

    prompt: str
    answer: tuple[str, ...]  # paragraphs (Markdown)


@dataclass(frozen=True)
class ExplorerRun:
    """One grid point of the explorer: a learning rate, its regime and what to draw."""

    lr: float
    label: str  # the rate as printed
    regime: str  # "too small", "monotone", "zigzag" or "diverging"
    status: str  # one plain sentence describing the run (no math: it is read out by screen readers)
    loss_points: str  # SVG polyline points of the loss curve, in the loss panel's coordinates
    path_points: str  # SVG polyline points of the path, in the contour panel's coordinates
    losses: tuple[float | None, ...]  # the run's losses f(x_k), None once it diverged
    path: tuple[tuple[float | None, float | None], ...]  # the iterates x_k


@dataclass(frozen=True)
class Axis:
    """A linear map from data to SVG coordinates, with its ticks: v ↦ p0 + (v − v0)·(p1 − p0)/(v1 − v0)."""

    v0: float
    v1: float
    p0: float
    p1: float
    ticks: tuple[tuple[float, str], ...] = ()  # (position in SVG units, label)
    label: str = ""

    def at(self, v: float) -> float:
        return self.p0 + (v - self.v0) * (self.p1 - self.p0) / (self.v1 - self.v0)


@dataclass(frozen=True)
class Explorer:
    """The learning-rate explorer: a grid of real runs on the guide's 2-D problem, plain GD and
    heavy-ball momentum, and everything needed to draw them (axes, contours, theory marks).

    The loss panel plots log₁₀ f(x_k) against k (``loss_x``: k, ``loss_y``: log₁₀ f); the
    contour panel plots x₂ against x₁. A curve stops where it leaves its panel (at the edge).
    """

    eigenvalues: tuple[float, float]
    x0: tuple[float, float]
    steps: int
    beta: float
    runs: dict[str, tuple[ExplorerRun, ...]]  # "gd", "momentum"
    default: int
    loss_x: Axis
    loss_y: Axis
    path_x: Axis
    path_y: Axis
    rate_axis: Axis  # log₁₀ η → position on the rate strip
    contours: tuple[str, ...]  # SVG path data of the loss's level sets
    marks: tuple[tuple[str, float, str, str, float], ...]  # (label, position on the rate strip, which optimizer's
    # mark it is: "gd", "momentum" or "both", its label's text-anchor, its label's row)
    static: tuple[Figure, ...]  # the fallback for print and for readers without scripts


@dataclass(frozen=True)
class Guide:
    """A whole study guide, built from one seed by :func:`quizgen.study_guide.build_guide`."""

    title: str
    seed: int
    intro: str
    definition: tuple[str, ...]
    update_rule: str  # LaTeX
    facts: tuple[Fact, ...]
    explorer: Explorer
    explorer_text: tuple[str, ...]
    formulas: tuple[Formula, ...]
    misconceptions: tuple[Misconception, ...]
    worked: tuple[WorkedExample, ...]
    seed_questions: tuple[SeedQuestion, ...]
    review: tuple[Question, ...]
    practice: tuple[Question, ...]
    problems: dict[str, Any] = field(default_factory=dict)
