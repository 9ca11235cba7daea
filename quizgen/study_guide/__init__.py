"""The study guide on the learning rate: built from a seed, every claim shown by a real run.

    from quizgen.study_guide import build_guide
    from quizgen.writers.guide_writer import render_guide

    guide = build_guide(seed=7)                 # format-neutral data (quizgen.study_guide.model)
    files = render_guide(guide, ["html", "md"])  # {relative path: bytes}

:func:`build_guide` draws the guide's problems from the seed, runs the core for every fact
and for the explorer's grid, and assembles worked examples, review questions and practice
from the question bank with the same seed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from quizgen.bank import Bank
    from quizgen.study_guide.model import Guide

TITLE = "The learning rate in gradient descent — study guide"


def build_guide(seed: int = 1, *, bank: "Bank | None" = None, title: str = TITLE) -> "Guide":
    """The study guide for ``seed`` (the same seed and library versions: the same guide)."""
    from quizgen import core
    from quizgen.bank import load_bank
    from quizgen.study_guide import bank_items, explorer, facts, problems, text
    from quizgen.study_guide.model import Guide

    if not 0 <= int(seed) <= 2**63 - 1:
        raise ValueError(f"seed must be between 0 and {2**63 - 1}, got {seed}")
    bank = bank if bank is not None else load_bank()
    p = problems.draw(int(seed))
    fact_list = facts.all_facts(p)
    by_key = {f.key: f for f in fact_list}
    first = core.run(core.sgd(p.rates[1]), core.Quadratic1D(p.a), x0=p.w0, steps=1).params[1, 0, 0]
    return Guide(
        title=title, seed=int(seed), intro=text.INTRO, definition=text.definition(p, float(first)),
        update_rule=text.UPDATE_RULE, facts=fact_list, explorer=explorer.build_explorer(p),
        explorer_text=text.EXPLORER_TEXT, formulas=text.formulas(p, by_key), misconceptions=text.MISCONCEPTIONS,
        worked=bank_items.worked_examples(bank, int(seed)), seed_questions=text.seed_questions(by_key),
        review=bank_items.questions(bank, bank_items.REVIEW, int(seed), "Study guide: review"),
        practice=bank_items.questions(bank, bank_items.PRACTICE, int(seed), "Study guide: practice"),
        problems=p.__dict__.copy(),
    )


__all__ = ["build_guide", "TITLE"]
