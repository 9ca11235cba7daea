"""Everything a question family needs, in one import (see :mod:`quizgen.exercise` for the shape).

A family module: ``QUESTION`` and ``SOLUTION`` templates, a ``data(rng)`` function that draws
and simulates, optionally ``figures(d)``, and ``META``; printed numbers with :func:`num`, worked
arithmetic with :func:`calc`, runs with :func:`simulate`.
"""

from quizgen.choices import first_index, near_boundary, numeric_choices, pick, sample, text_choices, wrong_answers
from quizgen.exercise import Meta, Redraw, each, fill, redraw_if, simulate
from quizgen.figdata import contour_paths, curves, iterates_on_curve, path_on_curve, series
from quizgen.printed import SIG4, Calc, Num, calc, coef, half_quadratic, num, paren, signed, tex
from quizgen.question import INTEGER, Choice, Figure, Kind, Rounding

__all__ = [
    "Meta", "Redraw", "redraw_if", "simulate", "fill", "each", "first_index", "calc", "num", "Calc", "Num", "tex", "paren", "coef", "signed",
    "half_quadratic", "pick", "sample", "near_boundary", "numeric_choices", "text_choices", "wrong_answers", "series", "curves",
    "iterates_on_curve", "path_on_curve", "contour_paths", "INTEGER", "SIG4", "Rounding", "Choice", "Figure", "Kind",
]
