"""Shared code of the loss-curve, fitting and range-test families (group "curves"): least-squares
problems run from w = 0, and statement choices and line plots filled from the draw."""

from __future__ import annotations

import dataclasses
from typing import Any, Sequence

import numpy as np

from quizgen import core
from quizgen.choices import numeric_choices, sample, text_choices
from quizgen.exercise import fill, simulate
from quizgen.figdata import curves, series
from quizgen.question import Rounding


# --- least-squares problems -----------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Problem:
    """A least-squares training objective (MSE) and, for fitting demos, a validation one."""

    train: Any
    val: Any = None

    @property
    def eta_max(self) -> float:
        """The full-batch stability limit 2/λ_max."""
        return core.theory.regression_max_lr(self.train.X)

    def run(self, rates: Any, steps: int, momentum: Any = 0.0, **options: Any):
        """SGD (full batch unless ``batch_size``/``seed`` are given) from w = 0, one run per rate
        (or a schedule), in one recorded call."""
        lr = rates if callable(rates) else np.asarray(rates, dtype=float)
        return simulate(core.sgd(lr, momentum=momentum), self.train, x0=np.zeros(self.train.X.shape[1]),
                        steps=steps, **options)


def sweep(start: float, end: float, num_it: int):
    """An LR range test's exponential sweep lr_i = start·(end/start)^(i/num_it), as a schedule."""
    return core.exponential_decay(start, (end / start) ** (1.0 / num_it))


def regression(n: int, seed: int, **options: Any) -> Problem:
    """A seeded linear regression with two features and an intercept (``core.make_regression``)."""
    data = core.make_regression(n, 2, seed=seed, intercept=True, **options)
    return Problem(core.LinearRegression(data.X, data.y))


def polynomial(n: int, n_val: int, degree: int, **options: Any) -> Problem:
    """A seeded Chebyshev polynomial regression with its validation set."""
    X, y, Xv, yv = core.make_polynomial_regression(n, n_val, degree, **options)
    return Problem(core.LinearRegression(X, y), core.LinearRegression(Xv, yv))


# --- choices and figures filled from the draw ------------------------------------------------

def statements(d: dict, correct: tuple, wrong: Sequence[tuple] = (), *, rng=None, sampled: Sequence[tuple] = (),
               k: int = 0):
    """Text choices: ``correct = (text, feedback)``, ``wrong = [(text, feedback, tag)]``, then ``k``
    distractors sampled from ``sampled`` with ``rng``; texts and feedback are templates filled from ``d``."""
    wrong = [*wrong, *(sample(rng, sampled, k) if k else ())]
    return text_choices((fill(correct[0], d), fill(correct[1], d)),
                        [(fill(t, d), fill(f, d), tag) for t, f, tag in wrong])


def numbers(d: dict, correct: tuple, wrong: Sequence[tuple], rounding: Rounding, **options: Any):
    """Numeric choices (``correct = (value, feedback)``, ``wrong = [(value, feedback, tag)]``) whose
    feedback templates are filled from ``d``; ``options`` as for ``numeric_choices``."""
    return numeric_choices((correct[0], fill(correct[1], d)), [(v, fill(f, d), tag) for v, f, tag in wrong],
                           rounding, **options)


def plot(d: dict, lines: Sequence[tuple], **options: Any):
    """A line plot: ``lines`` are ``(label, x, y[, series options])`` (x None: 0, 1, 2, …); the labels,
    ``alt`` and ``caption`` are templates filled from ``d``."""
    drawn = [series(fill(label, d), np.arange(len(y)) if x is None else x, y, **(rest[0] if rest else {}))
             for label, x, y, *rest in lines]
    for key in ("alt", "caption"):
        if key in options:
            options[key] = fill(options[key], d)
    return curves(drawn, **options)


def wording(rng, *variants: str) -> str:
    """One of several phrasings of the same option, drawn with ``rng``: phrasings of different
    lengths keep an option's length from cueing whether it is the key."""
    return variants[int(rng.integers(len(variants)))]


def slips(d: dict, candidates: Sequence[tuple], answer: str = "value", limit: int = 4) -> list:
    """The common wrong answers for ``d[answer]`` (see :func:`quizgen.choices.wrong_answers`): each
    ``(value, tag, feedback template)`` filled from ``d`` plus ``v``, the wrong value as printed."""
    from quizgen.choices import wrong_answers
    from quizgen.printed import SIG4

    return wrong_answers(d[answer], candidates, d.get("rounding", SIG4), abs_tol=d.get("abs_tol"),
                         rel_tol=d.get("rel_tol"), limit=limit, values=d)
