"""Tools for writing question families (built-in or a teacher's plug-in).

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


def tex(number: str | float) -> str:
    """The LaTeX form of a printed number: ``'1.2e-7'`` → ``1.2 \\times 10^{-7}``, ``'-3'`` → ``-3``."""
    s = number if isinstance(number, str) else pretty(number)
    if "e" in s:
        mant, exp = s.split("e")
        return rf"{mant} \times 10^{{{int(exp)}}}"
    return s


def paren(number: str | float) -> str:
    """A printed number wrapped in parentheses when negative (for products like 0.1·(−2))."""
    s = tex(number)
    return f"({s})" if s.startswith("-") else s


def coef(number: str | float, var: str) -> str:
    """A coefficient times a symbol as written by hand: ``x`` for 1, ``-x`` for −1, ``3x``,
    ``2.5\\theta``, ``1.2 \\times 10^{-3}\\,x`` (a power of ten keeps a thin space)."""
    text = tex(number)
    if text in ("1", "1.0"):
        return var
    if text in ("-1", "-1.0"):
        return f"-{var}"
    return f"{text}\\,{var}" if "times" in text else f"{text}{var}"


def signed(number: str | float) -> str:
    """A term added to what precedes it: ``+ 3``, ``- 3`` (never ``+ -3``)."""
    text = tex(number)
    return f"- {text[1:]}" if text.startswith("-") else f"+ {text}"


def half_quadratic(a: str, centre: str = "0", var: str = "w") -> str:
    """LaTeX for (a/2)·(var − centre)² from the printed curvature ``a``, simplified the way
    a teacher writes it: ``\\frac{5}{2}w^2`` (odd a), ``w^2`` (a = 2), ``3(w - 1)^2`` (a = 6),
    ``0.25\\theta^2`` (a = 0.5), ``\\frac{1}{2}(\\theta + 3)^2`` (a = 1, centre = −3)."""
    from decimal import Decimal

    if centre in ("0", "0.0"):
        body = f"{var}^2"
    else:
        inner = f"{var} + {centre[1:]}" if centre.startswith("-") else f"{var} - {centre}"
        body = f"({inner})^2"
    half = Decimal(a) / 2
    if Decimal(a) == Decimal(a).to_integral_value() and half != half.to_integral_value():
        return rf"\frac{{{a}}}{{2}}" + body  # odd whole a: ½ stays visible
    coef = format(half.normalize(), "f")
    return body if coef == "1" else coef + body


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


def numeric_choices(
    correct: tuple[float, str],
    distractors: Sequence[tuple[float, str, str | None]],
    rounding: Rounding = SIG4,
    *,
    template: str = "$<<v>>$",
    min_rel_gap: float = 0.05,
) -> tuple[Choice, ...]:
    """Choices from numbers: ``correct = (value, feedback)``, ``distractors = [(value, feedback, tag)]``.

    Raises :class:`Redraw` if two options print the same or lie within ``min_rel_gap``
    (relative) of each other, or a value is not finite.
    """
    items = [(correct[0], correct[1], None, True)] + [(v, f, t, False) for v, f, t in distractors]
    shown = []
    for v, *_ in items:
        if not math.isfinite(v):
            raise Redraw("non-finite option")
        shown.append(pretty(v, rounding))
    if len(set(shown)) < len(shown):
        raise Redraw("options coincide after rounding")
    vals = [float(s) for s in shown]
    for i in range(len(vals)):
        for j in range(i + 1, len(vals)):
            scale = max(abs(vals[i]), abs(vals[j]))
            if scale and abs(vals[i] - vals[j]) < min_rel_gap * scale:
                raise Redraw("options too close")
    return tuple(
        Choice(render(template, v=tex(s)), ok, fb, misconception=tag, value=float(s))
        for (v, fb, tag, ok), s in zip(items, shown)
    )


def text_choices(correct: tuple[str, str], distractors: Iterable[tuple[str, str, str | None]]) -> tuple[Choice, ...]:
    """Choices from statements: ``correct = (text, feedback)``, ``distractors = [(text, feedback, tag)]``."""
    out = [Choice(correct[0], True, correct[1])]
    out += [Choice(t, False, f, misconception=tag) for t, f, tag in distractors]
    if len({c.text for c in out}) < len(out):
        raise Redraw("duplicate option text")
    return tuple(out)


def pick(rng: np.random.Generator, options: Sequence[Any]) -> Any:
    """One element of a sequence (keeps Python types, unlike ``rng.choice``)."""
    return options[int(rng.integers(len(options)))]


def sample(rng: np.random.Generator, options: Sequence[Any], k: int) -> list[Any]:
    """k distinct elements of a sequence, in random order."""
    return [options[i] for i in rng.choice(len(options), size=k, replace=False)]


def near_boundary(value: float, boundaries: Iterable[float], rel: float = 0.03) -> bool:
    """True when ``value`` lies within ``rel`` (relative) of any boundary (DOMAIN §6: keep 3 % away)."""
    return any(abs(value - b) <= rel * abs(b) for b in boundaries)


# --- figure data -------------------------------------------------------------------------

def _clean(values: Any, sig: int = 6) -> list:
    """JSON-ready floats: rounded to ``sig`` significant figures, NaN/inf → None."""
    arr = np.asarray(values, dtype=float).ravel()
    out = []
    for v in arr:
        out.append(float(f"{v:.{sig}g}") if math.isfinite(v) else None)
    return out


def series(label: str, x: Any, y: Any, *, diverged_at: int | None = None, style: str = "line",
           marker: bool = False) -> dict:
    """One plotted line: x/y data; ``diverged_at`` marks where a run blew up (drawn as ✕)."""
    return {"label": label, "x": _clean(x), "y": _clean(y), "diverged_at": diverged_at,
            "style": style, "marker": marker}


def curves(series_list: Sequence[dict], *, xlabel: str, ylabel: str, alt: str, title: str = "",
           yscale: str = "linear", xscale: str = "linear", hlines: Sequence[tuple[float, str]] = (),
           vlines: Sequence[tuple[float, str]] = (), caption: str = "", in_solution: bool = False) -> Figure:
    """A line plot (loss curves, schedules, iterate sequences, range tests …)."""
    return Figure("curves", {
        "series": list(series_list), "xlabel": xlabel, "ylabel": ylabel, "title": title,
        "yscale": yscale, "xscale": xscale,
        "hlines": [{"y": float(y), "label": lab} for y, lab in hlines],
        "vlines": [{"x": float(x), "label": lab} for x, lab in vlines],
    }, alt=alt, caption=caption, in_solution=in_solution)


def iterates_on_curve(fx: Any, fy: Any, w: Any, fw: Any, *, xlabel: str, ylabel: str, alt: str,
                      title: str = "", caption: str = "", in_solution: bool = False) -> Figure:
    """A 1-D loss curve with the GD iterates drawn on it, numbered in order."""
    return Figure("iterates_on_curve", {
        "curve": {"x": _clean(fx), "y": _clean(fy)}, "iterates": {"x": _clean(w), "y": _clean(fw)},
        "xlabel": xlabel, "ylabel": ylabel, "title": title,
    }, alt=alt, caption=caption, in_solution=in_solution)


def contour_paths(grid_x: Any, grid_y: Any, z: Any, paths: Sequence[dict], *, alt: str, title: str = "",
                  caption: str = "", in_solution: bool = False) -> Figure:
    """Contours of a 2-D loss with labelled optimization paths (``paths``: label, x, y)."""
    return Figure("contour_paths", {
        "grid_x": _clean(grid_x), "grid_y": _clean(grid_y),
        "z": [_clean(row) for row in np.asarray(z)],
        "paths": [{"label": p["label"], "x": _clean(p["x"]), "y": _clean(p["y"])} for p in paths],
        "title": title, "xlabel": "$x_1$", "ylabel": "$x_2$",
    }, alt=alt, caption=caption, in_solution=in_solution)


def first_index(mask: Any) -> int | None:
    """The first index where ``mask`` is true, or None."""
    idx = np.flatnonzero(np.asarray(mask))
    return int(idx[0]) if idx.size else None


__all__ = [
    "question", "Redraw", "Draft", "Choice", "Step", "Figure", "NumericAnswer", "Rounding", "Kind", "INTEGER",
    "SIG4", "answer", "pretty", "exact", "tex", "paren", "coef", "signed", "half_quadratic", "curvature_intro", "shifted_quadratic", "render", "calc", "say", "numeric_choices", "text_choices",
    "pick", "sample", "near_boundary", "series", "curves", "iterates_on_curve", "contour_paths", "first_index",
]
