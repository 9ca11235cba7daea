"""The first family shape's tools (``@question`` functions returning a Draft), kept while the
bank moves to the exercise shape of :mod:`quizgen.family`.

A family module typically does::

    from quizgen import core
    from quizgen.authoring import question, Draft, NumericAnswer, calc, render, pretty, Redraw

and builds every number in its text from one simulation, printing numbers with
:func:`pretty` and doing its worked arithmetic with :func:`calc`, which evaluates the step
from the printed numbers (so the printed result always follows from what is shown).

Text templates use ``<< … >>`` for values (so LaTeX braces need no escaping) and fail
on an undefined name.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any, Iterable, Sequence

import numpy as np

from quizgen.arith import evaluate
from quizgen.bank import Redraw, question
from quizgen.choices import first_index, near_boundary, numeric_choices, pick, sample, text_choices
from quizgen.figdata import contour_paths, curves, iterates_on_curve, series
from quizgen.printed import coef, half_quadratic, paren, signed, tex
from quizgen.question import INTEGER, Choice, Draft, Figure, Kind, NumericAnswer, Rounding, Step

SIG4 = Rounding(sig=4)


def pretty(x: float, rounding: Rounding = SIG4) -> str:
    """A number as printed (Python syntax, e.g. ``'0.1216'`` or ``'1.2e-7'``), by ``rounding``."""
    return rounding.format(float(x))


def exact(x: float) -> str:
    """A short exact decimal (for drawn parameters such as 0.05 or 3): no rounding beyond float noise."""
    text = repr(float(x))
    if "e" in text or len(text) > 12:
        raise ValueError(f"{x!r} is not a short decimal; draw parameters from readable grids")
    return text[:-2] if text.endswith(".0") else text


def curvature_intro(a: float, tail: str = "") -> tuple[str, Step, str]:
    """The loss (a/2)w² as a teacher writes it, and the worked step that reads a off it.

    Even a prints as c·w² with c = a/2 (``2w^2``, not ``\\frac{4}{2}w^2``) and the step
    derives a = 2c; odd a prints as ``\\frac{a}{2}w^2``. ``tail`` continues the step's
    sentence. Returns (LaTeX of f, the step, a as printed).
    """
    if float(a).is_integer() and int(a) % 2 == 0:
        C = exact(a / 2)
        if C == "1":
            return "w^2", say(r"$f(w) = w^2$ has $f'(w) = 2w$: the curvature is $a = f''(w) = 2$," + tail), "2"
        f = f"{C}w^2"
        step, A = calc(r"$f(w) = <<f>>$ has $f'(w) = 2\cdot<<c>>\,w = <<result>>w$: the curvature is "
                       r"$a = f''(w) = <<result>>$ (not <<c>>: the loss has no $\frac{1}{2}$)," + tail,
                       f"2*{C}", f=f, c=C)
        return f, step, A
    A = exact(a)
    f = rf"\frac{{{A}}}{{2}}w^2"
    return f, say(r"$f(w) = <<f>>$ has $f'(w) = <<g>>$: the curvature is $a = f''(w) = <<a>>$," + tail,
                  f=f, g="w" if A == "1" else f"{A}w", a=A), A


def shifted_quadratic(a: float, c: float, var: str = r"\theta") -> tuple[str, str, str]:
    """(a/2)(var − c)² as printed, and its gradient's factor a as worked text and as Python.

    Whole curvatures print through :func:`half_quadratic`; decimal ones print the coefficient
    a/2 (``0.005\\theta^2``), so the factor is written ``2·0.005·`` from the printed number.
    The gradient at θ is then ``factor·(θ − c)``.
    """
    A, C = exact(a), exact(c)
    if float(a).is_integer():
        factor = ("", "1*") if A == "1" else (rf"{A}\cdot", f"{A}*")
        return half_quadratic(A, C, var), *factor
    H = exact(a / 2)
    body = f"{var}^2" if C == "0" else half_quadratic("2", C, var)  # (var − c)², coefficient 1
    return H + body, rf"2\cdot{H}\cdot", f"2*{H}*"


@lru_cache(maxsize=1)
def _env():
    import jinja2

    env = jinja2.Environment(
        variable_start_string="<<", variable_end_string=">>",
        block_start_string="<%", block_end_string="%>",
        comment_start_string="<#", comment_end_string="#>",
        undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False,
    )
    env.filters["tex"] = tex
    env.filters["paren"] = paren
    env.filters["coef"] = coef
    env.filters["signed"] = signed
    env.filters["num"] = lambda x, sig=4: tex(pretty(x, Rounding(sig=sig)))
    return env


@lru_cache(maxsize=1024)
def _compiled(template: str):
    # families fill the same few stems for every version; compiling once keeps a version cheap
    return _env().from_string(template)


def render(template: str, **values: Any) -> str:
    """Fill a text template: ``render("$w_0 = <<w0>>$", w0="3")``. Strings are inserted as-is."""
    return _compiled(template).render(**values)


def calc(text: str, expr: str, rounding: Rounding = SIG4, **values: Any) -> tuple[Step, str]:
    """A worked step whose result is ``expr`` evaluated and printed by ``rounding``.

    ``text`` may use ``<<result>>`` (LaTeX form) and any ``values``. Returns the step and
    the printed result, to be quoted by later steps. Write ``expr`` with the numbers as
    they are printed (use the strings from :func:`pretty` / :func:`exact`).
    """
    result = pretty(evaluate(expr), rounding)
    return Step(render(text, result=tex(result), **values), expr=expr, result=result, rounding=rounding), result


def answer(value: float, rounding: Rounding = SIG4, **tolerance: Any) -> NumericAnswer:
    """The numeric answer for a simulated ``value``; redraws when it sits on a rounding tie
    (e.g. 0.84035 to 4 figures), where hand arithmetic and floating point may disagree."""
    if not math.isfinite(value):
        raise Redraw("non-finite answer")
    if rounding.near_tie(value):
        raise Redraw("answer on a rounding tie")
    return NumericAnswer(float(value), rounding, **tolerance)


def say(text: str, **values: Any) -> Step:
    """A worked step of explanation only (no arithmetic to check)."""
    return Step(render(text, **values))


__all__ = [
    "question", "Redraw", "Draft", "Choice", "Step", "Figure", "NumericAnswer", "Rounding", "Kind", "INTEGER",
    "SIG4", "answer", "pretty", "exact", "tex", "paren", "coef", "signed", "half_quadratic", "curvature_intro", "shifted_quadratic", "render", "calc", "say", "numeric_choices", "text_choices",
    "pick", "sample", "near_boundary", "series", "curves", "iterates_on_curve", "contour_paths", "first_index",
]
