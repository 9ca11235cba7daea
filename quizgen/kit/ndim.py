"""Shared pieces of the ``gd/ndim`` and ``gd/regression`` families: the diagonal loss as a teacher
writes it and its curvatures read off that form, the runs on it and on least squares, the 0.97×/1.03×
check of a stability threshold, statement and number choices filled from the draw, log-scale loss curves
and data scatters."""

import dataclasses

import numpy as np

from quizgen import core
from quizgen.choices import numeric_choices, sample, text_choices, wrong_answers
from quizgen.exercise import fill, simulate
from quizgen.figdata import curves, series
from quizgen.printed import SIG4, calc, num


def square_term(c, var: str) -> str:
    """``c·var²`` in LaTeX, without a printed coefficient 1 (``x_2^2``, not ``1\\,x_2^2``)."""
    c = num(c).tex
    return f"{var}^2" if c == "1" else f"{c}\\,{var}^2"


def diagonal_loss(coefs, half: bool = False, variables=("x_1", "x_2")) -> str:
    """``c₁x₁² + c₂x₂²`` in LaTeX, or ``½(c₁x₁² + c₂x₂²)`` with ``half`` (the eigenvalue form)."""
    terms = " + ".join(square_term(c, v) for c, v in zip(coefs, variables))
    return rf"\frac{{1}}{{2}}\left({terms}\right)" if half else terms


def stated(values, half: bool):
    """The loss ½(λ₁x₁² + λ₂x₂²) (``half``: ``values`` are the λ) or c₁x₁² + c₂x₂² (they are the c):
    its LaTeX, the eigenvalues λ (an array) and the λ_i as printed — worked as 2·c_i when the loss
    has no ½ (``<<lam.work>>``)."""
    lam = np.array(values, float) * (1.0 if half else 2.0)
    shown = [num(v) if half else calc("2*c", c=v) for v in values]
    return diagonal_loss(values, half), lam, shown


def descend(lam, lr, x0, steps: int):
    """Gradient descent (one run, or a batch for an array of rates) on ½Σλ_i x_i² from ``x0``."""
    return simulate(core.sgd(lr), core.Quadratic(np.asarray(lam, float)), x0=np.asarray(x0, float), steps=steps)


def fit(X, y, loss: str, lr, steps: int):
    """Full-batch gradient descent (one run, or a batch for a list of rates) on least squares from zero."""
    return simulate(core.sgd(np.asarray(lr, float)), core.LinearRegression(X, y, loss=loss),
                    x0=np.zeros(np.shape(X)[1]), steps=steps)


def statements(d, correct, wrong, *, rng=None, k: int = 0):
    """Choices whose texts and feedback are templates filled from ``d``: ``correct = (text, feedback)``,
    ``wrong = [(text, feedback, tag)]`` (or ``k`` of them drawn with ``rng``)."""
    wrong = sample(rng, wrong, k) if k else wrong
    filled = [(fill(c[0], d), fill(c[1], d), *c[2:]) for c in (correct, *wrong)]
    return text_choices(filled[0], filled[1:])


def numbers(d, correct, wrong, **options):
    """Choices of numbers whose feedback are templates filled from ``d``: ``correct = (value, feedback)``,
    ``wrong = [(value, feedback, tag)]``; ``options`` as for ``numeric_choices``."""
    return numeric_choices((correct[0], fill(correct[1], d)), [(v, fill(f, d), tag) for v, f, tag in wrong],
                           **options)


def scatter(x, y, **labels):
    """A scatter plot of data points; ``labels`` as for ``curves``."""
    return curves([series("", x, y, style="points")], **labels)


def log_curves(lines, **labels):
    """Loss curves on a log scale: ``lines = [(label, x, y, diverged_at or None)]``; ``labels`` as for ``curves``."""
    return curves([series(label, x, y, diverged_at=at) for label, x, y, at in lines], yscale="log", **labels)


def bracket(objective, eta: float, x0, steps: int, also=()):
    """The check of a stability threshold ``eta``: one batched run at 0.97× (must converge) and 1.03× (must
    diverge), then at the fractions ``also`` of it, and the first two rates as printed."""
    run = simulate(core.sgd(np.array([0.97, 1.03, *also]) * eta), objective, x0=x0, steps=steps)
    return run, num(0.97 * eta, sig=4), num(1.03 * eta, sig=4)


def symbolic(c, latex: str):
    """The calculation ``c`` with its worked form typeset as ``latex`` (``2/\\lambda_{\\max} = 0.0349``): for a
    result computed from the unrounded values of an earlier step, which writing out again would only repeat.
    The checker still evaluates ``c.expr``."""
    return dataclasses.replace(c, latex=latex)


def slips(d, answer, candidates, rounding=None, *, abs_tol=None, rel_tol=None):
    """The common wrong answers for ``answer`` (see :func:`quizgen.choices.wrong_answers`), each
    feedback a template filled from ``d``; ``rounding`` defaults to 4 significant figures."""
    return wrong_answers(answer, candidates, rounding or SIG4, abs_tol=abs_tol, rel_tol=rel_tol, values=d)
