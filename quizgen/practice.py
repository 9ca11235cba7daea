"""A self-check practice set: questions with several variants each, ready for the practice page.

    from quizgen.api import practice, write_practice_page

    pset = practice(topics=["gd-basics"], questions=5, variants=5, seed=3)
    write_practice_page(pset, "output/practice")   # → output/practice/practice.html

The variants of a question are the versions of one assembled quiz (:func:`quizgen.assemble.assemble`
with ``versions=variants``), so they differ as printed. A numeric question that asks for the
value after k steps of gradient descent the core can replay becomes a step-by-step item with its
:class:`~quizgen.grading.StepPlan` (see :mod:`quizgen.grading`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from quizgen.assemble import Quiz, SelectionError, assemble, select
from quizgen.bank import Bank, load_bank
from quizgen.grading import StepPlan, step_plan
from quizgen.question import Question

MODES = ("practice", "test")
MAX_VARIANTS = 20
DEFAULT_QUESTIONS = 10
DEFAULT_TITLE = "Learning-rate self-check"
PAGE_NAME = "practice.html"


class PracticeError(ValueError):
    """The practice set cannot be made as asked (bad options, unknown names, files in the way)."""


@dataclass(frozen=True)
class PracticeItem:
    """One question of the page: its variants, and for each a step plan when it is a step item."""

    family_id: str
    variants: tuple[Question, ...]
    plans: tuple[StepPlan | None, ...]


@dataclass(frozen=True)
class PracticeSet:
    """What the practice page shows: the quiz whose versions are the variants, and its items.
    ``mode`` is how the page starts: ``"practice"`` (check as you go, solutions on request) or
    ``"test"`` (results and solutions when the student finishes)."""

    title: str
    seed: int
    mode: str
    quiz: Quiz
    items: tuple[PracticeItem, ...]

    @property
    def variants(self) -> int:
        return self.quiz.total_versions


def practice(
    questions: int | None = None,
    topics: Sequence[str] = (),
    ids: Sequence[str] = (),
    variants: int = 5,
    seed: int = 1,
    bank: Bank | None = None,
    mode: str = "practice",
    title: str = DEFAULT_TITLE,
) -> PracticeSet:
    """Choose questions as ``quizgen generate`` does (``topics``, ``ids``, ``questions``) and draw
    ``variants`` variants of each from ``seed``. Without ``questions``, every family of the chosen
    topics is taken, at most :data:`DEFAULT_QUESTIONS` (so a whole topic can be practised).
    Bad options raise :class:`PracticeError`."""
    if mode not in MODES:
        raise PracticeError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if not 1 <= variants <= MAX_VARIANTS:
        raise PracticeError(f"--variants must be between 1 and {MAX_VARIANTS}, got {variants}")
    if not title.strip():
        raise PracticeError("--title: the title is empty")
    if bank is None:
        bank = load_bank()
    if questions is None:
        pool = sum(1 for f in bank if not topics or f.topic in topics)
        questions = max(1, min(DEFAULT_QUESTIONS, pool))
    try:
        families = select(bank, n=questions, topics=topics, ids=ids, seed=seed)
        quiz = assemble(families, seed=seed, versions=variants, title=title)
    except (SelectionError, ValueError) as exc:
        raise PracticeError(str(exc)) from None
    items = []
    for i, family in enumerate(families):
        drawn = tuple(v.questions[i] for v in quiz.versions)
        items.append(PracticeItem(family.id, drawn, tuple(step_plan(q) for q in drawn)))
    return PracticeSet(title, seed, mode, quiz, tuple(items))


def write_practice_page(pset: PracticeSet, out: Path | str = Path("output") / "practice", *,
                        force: bool = False, template_dirs: Sequence[Path | str] = ()) -> list[Path]:
    """Render the page and write it as ``<out>/practice.html`` (never over a file unless ``force``)."""
    from quizgen.output import OutputExistsError, write_files
    from quizgen.writers import RenderOptions
    from quizgen.writers.practice_page import render_practice

    if not str(out).strip():
        raise PracticeError("--out: the folder name is empty")
    files = render_practice(pset, RenderOptions(template_dirs=tuple(Path(d) for d in template_dirs)))
    try:
        return write_files(Path(out), files, force=force)
    except OutputExistsError as exc:
        raise PracticeError(str(exc)) from None
    except OSError as exc:
        raise PracticeError(f"cannot write to {out}: {exc.strerror or exc}") from None
