"""Where an axis puts its ticks and what their labels say.

Linear axes step by 1, 2, 2.5 or 5 times a power of ten, as many steps as fit
(``length / spacing``, at most :data:`MAX_BINS`), ticks at the multiples of the step inside
the limits. Log axes label whole decades (``10⁻³``), every second or third one when many
don't fit, with unlabelled minor ticks between; an axis holding fewer than three whole
decades labels 1, 2 and 5 times its powers of ten as plain numbers instead, and one
spanning less than a factor of about two steps evenly. Labels use the minus
sign (−) and superscript digits, so they need no math typesetting.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MAX_BINS = 9
_STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
_EPS = 1e-9


@dataclass(frozen=True)
class Ticks:
    """Major tick values with their labels, unlabelled minor tick values, and a note such as
    ``×10⁵`` that the labels are to be multiplied by (empty when none)."""

    values: tuple[float, ...]
    labels: tuple[str, ...]
    minor: tuple[float, ...] = ()
    offset: str = ""


def minus(text: str) -> str:
    return text.replace("-", "−")


def power(k: int) -> str:
    """``10`` with ``k`` as superscript digits: ``power(-3) == "10⁻³"``."""
    return "10" + str(k).translate(_SUPERSCRIPT)


def plain(v: float) -> str:
    """A tick value as a short plain number (``0.002``, ``50``, ``1.5×10⁶`` when huge or tiny)."""
    if v == 0:
        return "0"
    if 1e-4 <= abs(v) < 1e5:
        return minus(f"{v:.6g}")
    return _times_power(v)


def _times_power(v: float) -> str:
    k = math.floor(math.log10(abs(v)) + _EPS)
    m = f"{v / 10 ** k:.3g}"
    return minus(power(k) if m == "1" else f"{m}×{power(k)}")


def nice_step(lo: float, hi: float, bins: int, integer: bool = False) -> float:
    """The smallest 1-2-2.5-5 step giving at most ``bins`` intervals between ticks inside [lo, hi]
    (a whole number when ``integer``: steps and epochs are counted, not measured)."""
    span = hi - lo
    if not span > 0:
        return 1.0
    raw = span / max(bins, 1)
    if integer:
        raw = max(raw, 1.0)
    scale = 10.0 ** math.floor(math.log10(raw))
    for m in _STEPS:
        step = m * scale
        if step >= raw * (1 - _EPS) and not (integer and step != round(step)):
            return step
    return 10 * scale


def _multiples(lo: float, hi: float, step: float) -> tuple[float, ...]:
    first, last = math.ceil(lo / step - _EPS), math.floor(hi / step + _EPS)
    return tuple(k * step for k in range(first, last + 1))


def _smaller(step: float) -> float:
    """The round step below ``step`` in the 1-2-2.5-5 sequence."""
    scale = 10.0 ** math.floor(math.log10(step) + _EPS)
    below = [m for m in _STEPS[:-1] if m * scale < step * (1 - _EPS)]
    return below[-1] * scale if below else 5.0 * scale / 10


def linear(lo: float, hi: float, bins: int, integer: bool = False) -> Ticks:
    """Ticks at the multiples of :func:`nice_step` inside [lo, hi] (whole numbers when ``integer``
    and the axis is long enough for two of them)."""
    bins = max(1, min(bins, MAX_BINS))
    step = nice_step(lo, hi, bins, integer)
    values = _multiples(lo, hi, step)
    while len(values) < 2 and hi > lo:  # a short axis still shows two ticks: the next rounder step down
        step = _smaller(step)
        values = _multiples(lo, hi, step)
    biggest = max(abs(lo), abs(hi))
    if biggest >= 1e5 or (0 < biggest < 1e-3):
        k = math.floor(math.log10(biggest))
        scale = 10.0 ** k
        inner = linear(lo / scale, hi / scale, bins)  # (whole numbers ≥ 10⁵: integer steps anyway)
        return Ticks(tuple(v * scale for v in inner.values), inner.labels, (), "×" + power(k))
    mantissa = step / 10 ** math.floor(math.log10(step) + _EPS)
    decimals = max(0, -math.floor(math.log10(step) + _EPS) + (1 if abs(mantissa - 2.5) < 1e-6 else 0))
    labels = []
    for v in values:
        text = f"{v:.{decimals}f}"
        labels.append(text.lstrip("-") if float(text) == 0 else minus(text))  # 0.0, never −0.0
    return Ticks(values, tuple(labels))


def levels(lo: float, hi: float, count: int) -> tuple[float, ...]:
    """About ``count`` round values strictly inside (lo, hi), evenly stepped: contour levels."""
    values = _multiples(lo, hi, nice_step(lo, hi, count + 1))
    return tuple(v for v in values if lo < v < hi)


def log(lo: float, hi: float, room: int) -> Ticks:
    """Ticks for a log axis over [lo, hi] (both > 0) with room for about ``room`` labels."""
    room = max(2, room)
    a, b = math.log10(lo), math.log10(hi)
    decades = list(range(math.ceil(a - _EPS), math.floor(b + _EPS) + 1))
    if len(decades) >= 3:
        stride = min(math.ceil(len(decades) / room), len(decades) - 1)
        # multiples of the stride (10⁰ among them) unless another phase labels more decades
        phase = max(range(stride), key=lambda r: (sum((k - r) % stride == 0 for k in decades), r == 0))
        major = [k for k in decades if (k - phase) % stride == 0]
        if stride == 1:
            minor = [m * 10.0 ** k for k in range(decades[0] - 1, decades[-1] + 1) for m in range(2, 10)
                     if a - _EPS <= math.log10(m * 10.0 ** k) <= b + _EPS]
        else:
            minor = [10.0 ** k for k in decades if (k - phase) % stride]
        return Ticks(tuple(10.0 ** k for k in major), tuple(power(k) for k in major), tuple(minor))
    first = math.floor(a) - 1
    for mantissas in ((1, 2, 5), (1, 2, 3, 5), (1, 2, 3, 4, 5, 6, 8)):
        values = [m * 10.0 ** k for k in range(first, math.ceil(b) + 1) for m in mantissas
                  if a - _EPS <= math.log10(m * 10.0 ** k) <= b + _EPS]
        if len(values) >= 3 or mantissas[-1] == 8:
            break
    values = [float(f"{v:.12g}") for v in values]
    if len(values) < 3:  # less than a factor of about three: evenly stepped labels read best
        t = linear(lo, hi, room)
        return Ticks(t.values, t.labels, (), t.offset)
    if len(values) > room:
        values = values[:: math.ceil(len(values) / room)]
    minor = [m * 10.0 ** k for k in range(first, math.ceil(b) + 1) for m in range(1, 10)
             if a - _EPS <= math.log10(m * 10.0 ** k) <= b + _EPS]
    minor = [v for v in (float(f"{v:.12g}") for v in minor) if v not in values]
    if all(1e-4 <= v < 1e5 for v in values):
        labels = tuple(plain(v) for v in values)
    else:  # one style for the whole axis: 5×10⁴, 10⁵, 2×10⁵ (not 50000, 10⁵)
        labels = tuple(_times_power(v) for v in values)
    return Ticks(tuple(values), labels, tuple(minor))
