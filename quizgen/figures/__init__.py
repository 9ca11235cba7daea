"""Figures: draw a question's figure data as SVG.

Each figure kind (``curves``, ``iterates_on_curve``, ``contour_paths``; see
:data:`quizgen.question.FIGURE_KINDS`) has one drawing function in :data:`DRAWERS`, which
puts the data on a :class:`~quizgen.figures.canvas.Plot`; writers call :func:`render_svg`
and embed or save the bytes. The same data always gives the same bytes, on any machine.

Style: one print-friendly look readable in grayscale — line styles and markers vary along
with colour (Okabe–Ito palette); a diverged run is drawn until it blows up and then
marked with ✕; labels over lines get a white outline.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from quizgen.figures.canvas import Plot, Style
from quizgen.question import Figure

__all__ = ["DRAWERS", "SIZES", "render_svg", "plot", "outside"]

COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
LINE_WIDTH = 1.6
# solid, dashed, dash-dot, dotted, and three more; lengths in line widths (matplotlib's patterns)
DASHES = ((), (3.7, 1.6), (6.4, 1.6, 1.0, 1.6), (1.0, 1.65), (5.0, 1.0, 1.0, 1.0), (3.0, 1.0), (1.0, 1.0))
MARKERS = ("o", "s", "^", "D", "v", "P", "X")

#: figure size in points (width, height) per kind
SIZES: dict[str, tuple[float, float]] = {
    "curves": (374.4, 216.0),
    "iterates_on_curve": (374.4, 216.0),
    "contour_paths": (331.2, 259.2),
}


def _arr(values: list) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def _style(i: int, *, width: float = LINE_WIDTH, dashed: bool = True, marker: bool = False,
           marker_size: float = 3.5) -> Style:
    dash = tuple(v * width for v in DASHES[i % len(DASHES)]) if dashed else ()
    return Style(COLORS[i % len(COLORS)], width, dash, MARKERS[i % len(MARKERS)] if marker else "", marker_size)


def draw_curves(p: Plot, data: dict[str, Any]) -> None:
    """Line plot of ``series`` with optional log scales, reference lines and ✕ at divergence."""
    p.xscale, p.yscale = data.get("xscale", "linear"), data.get("yscale", "linear")
    for i, s in enumerate(data["series"]):
        x, y = _arr(s["x"]), _arr(s["y"])
        label, marks = s["label"], None
        if s.get("style") == "step":  # y[k] holds from x[k] to x[k+1]; markers at the data only
            marks, x, y = (x, y), np.repeat(x, 2)[1:], np.repeat(y, 2)[:-1]
        if s.get("style") == "points":
            p.line(x, y, _style(i, dashed=False, marker=True, marker_size=4), label, draw_line=False)
        else:
            p.line(x, y, _style(i, marker=bool(s.get("marker"))), label, marks=marks)
        k = s.get("diverged_at")
        if k is not None:  # ✕ on the last finite point up to the blow-up
            data_x, data_y = _arr(s["x"]), _arr(s["y"])
            finite = np.flatnonzero(np.isfinite(data_y[: k + 1]))
            if finite.size:
                j = finite[-1]
                p.line([data_x[j]], [data_y[j]], Style(COLORS[i % len(COLORS)], 0, (), "x", 9, 2.2), draw_line=False)
    for h in data.get("hlines", []):
        p.hline(h["y"], h["label"])
    for v in data.get("vlines", []):
        p.vline(v["x"], v["label"])
    p.xlabel, p.ylabel, p.title = data["xlabel"], data["ylabel"], data.get("title", "")


def draw_iterates_on_curve(p: Plot, data: dict[str, Any]) -> None:
    """A 1-D loss curve with numbered iterates joined by arrows."""
    p.line(_arr(data["curve"]["x"]), _arr(data["curve"]["y"]), Style("#4d4d4d", 1.4))
    wx, wy = _arr(data["iterates"]["x"]), _arr(data["iterates"]["y"])
    p.line(wx, wy, Style(COLORS[0], 0, (), "o", 5), draw_line=False)
    for i in range(len(wx) - 1):
        p.arrow(wx[i], wy[i], wx[i + 1], wy[i + 1], COLORS[1])
    for i, (x, y) in enumerate(zip(wx, wy)):
        p.note(f"$x_{{{i}}}$", x, y)
    p.xlabel, p.ylabel, p.title = data["xlabel"], data["ylabel"], data.get("title", "")


def draw_contour_paths(p: Plot, data: dict[str, Any]) -> None:
    """Contours of a 2-D loss with labelled paths (start marked ●, minimum ★)."""
    gx, gy = _arr(data["grid_x"]), _arr(data["grid_y"])
    p.contour(gx, gy, np.array([_arr(row) for row in data["z"]]))
    for i, path in enumerate(data["paths"]):
        p.line(_arr(path["x"]), _arr(path["y"]), _style(i, marker=True, marker_size=3), path["label"])
    if data["paths"]:
        first = data["paths"][0]
        p.line([first["x"][0]], [first["y"][0]], Style("#000000", 0, (), "o", 5), draw_line=False)
    p.line([0.0], [0.0], Style("#000000", 0, (), "*", 9), draw_line=False)
    p.xlim, p.ylim = (float(np.nanmin(gx)), float(np.nanmax(gx))), (float(np.nanmin(gy)), float(np.nanmax(gy)))
    p.legend_loc = "upper right"
    p.xlabel, p.ylabel, p.title = data["xlabel"], data["ylabel"], data.get("title", "")


#: kind → function drawing a figure of that kind onto a blank :class:`Plot`
DRAWERS: dict[str, Callable[[Plot, dict[str, Any]], None]] = {
    "curves": draw_curves,
    "iterates_on_curve": draw_iterates_on_curve,
    "contour_paths": draw_contour_paths,
}


def plot(figure: Figure) -> Plot:
    """The :class:`Plot` of a question figure (raises KeyError for an unknown kind)."""
    draw_into = DRAWERS[figure.kind]
    p = Plot(*SIZES[figure.kind])
    draw_into(p, figure.data)
    return p


def render_svg(figure: Figure) -> bytes:
    """SVG bytes, the same for the same data."""
    return plot(figure).svg()


def outside(figure: Figure, tolerance: float = 0.5) -> list[str]:
    """Which texts of the figure (tick and axis labels, title, line labels, annotations, legend)
    stick out of it, as :func:`render_svg` lays them out: one line each, e.g.
    ``"y label 'MSE': x0=-3.2 < 0"``; empty when nothing would be clipped."""
    p = plot(figure)
    p.svg()
    problems = []
    for what, b in p.placed:
        bad = [f"{name}={value:.1f} {op} {limit:g}" for name, value, op, limit, out in (
            ("x0", b.x0, "<", 0, b.x0 < -tolerance), ("y0", b.y0, "<", 0, b.y0 < -tolerance),
            ("x1", b.x1, ">", p.width, b.x1 > p.width + tolerance),
            ("y1", b.y1, ">", p.height, b.y1 > p.height + tolerance)) if out]
        if bad:
            problems.append(f"{what}: {', '.join(bad)}")
    return problems
