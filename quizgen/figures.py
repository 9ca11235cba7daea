"""Figures: draw a question's figure data with matplotlib's object API (no pyplot state).

Each figure kind (``curves``, ``iterates_on_curve``, ``contour_paths``) has one drawing
function in :data:`DRAWERS`; writers call :func:`render_svg` or :func:`render_png` and
embed or save the bytes. Output is reproducible: fixed SVG hash salt, no dates in metadata.

Style: one print-friendly look readable in grayscale — line styles and markers vary
along with colour; a diverged run is drawn until it blows up and then marked with ✕.
"""

from __future__ import annotations

import io
from typing import Any, Callable

import numpy as np

from quizgen.question import Figure

# colour-blind-safe palette (Okabe–Ito) paired with distinct dash patterns for grayscale print
_COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
_DASHES = ["-", "--", "-.", ":", (0, (5, 1, 1, 1)), (0, (3, 1)), (0, (1, 1))]
_MARKERS = ["o", "s", "^", "D", "v", "P", "X"]
_RC = {
    "font.size": 9, "axes.titlesize": 10, "axes.labelsize": 9, "legend.fontsize": 8,
    "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True, "grid.alpha": 0.3,
    "svg.hashsalt": "quizgen", "svg.fonttype": "none", "lines.linewidth": 1.6,
}


def _arr(values: list) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def _new_figure(width: float = 5.2, height: float = 3.0):
    from matplotlib.figure import Figure as MplFigure

    fig = MplFigure(figsize=(width, height), dpi=100)
    fig.subplots_adjust(left=0.13, right=0.97, bottom=0.16, top=0.9)
    return fig, fig.add_subplot()


def draw_curves(data: dict[str, Any]):
    """Line plot of ``series`` with optional log scales, reference lines and ✕ at divergence."""
    fig, ax = _new_figure()
    for i, s in enumerate(data["series"]):
        x, y = _arr(s["x"]), _arr(s["y"])
        style = dict(color=_COLORS[i % len(_COLORS)], linestyle=_DASHES[i % len(_DASHES)], label=s["label"])
        if s.get("marker"):
            style.update(marker=_MARKERS[i % len(_MARKERS)], markersize=3.5)
        if s.get("style") == "step":
            ax.step(x, y, where="post", **style)
        elif s.get("style") == "points":
            style.pop("linestyle")
            ax.plot(x, y, linestyle="none", marker=_MARKERS[i % len(_MARKERS)], markersize=4,
                    **{k: v for k, v in style.items() if k != "marker"})
        else:
            ax.plot(x, y, **style)
        k = s.get("diverged_at")
        if k is not None:
            finite = np.flatnonzero(np.isfinite(y[: k + 1]))
            if finite.size:
                j = finite[-1]
                ax.plot([x[j]], [y[j]], marker="x", markersize=9, markeredgewidth=2.2,
                        color=_COLORS[i % len(_COLORS)], linestyle="none")
    for h in data.get("hlines", []):
        ax.axhline(h["y"], color="0.35", linewidth=0.9, linestyle=":")
        if h["label"]:
            ax.annotate(h["label"], (0.995, h["y"]), xycoords=("axes fraction", "data"), ha="right",
                        va="bottom", fontsize=7, color="0.25")
    for v in data.get("vlines", []):
        ax.axvline(v["x"], color="0.35", linewidth=0.9, linestyle=":")
        if v["label"]:
            ax.annotate(v["label"], (v["x"], 0.98), xycoords=("data", "axes fraction"), ha="left",
                        va="top", fontsize=7, color="0.25", rotation=90)
    ax.set_xscale(data.get("xscale", "linear"))
    ax.set_yscale(data.get("yscale", "linear"))
    ax.set_xlabel(data["xlabel"])
    ax.set_ylabel(data["ylabel"])
    if data.get("title"):
        ax.set_title(data["title"])
    if len(data["series"]) > 1 or data["series"][0]["label"]:
        ax.legend(loc="best", frameon=False)
    return fig


def draw_iterates_on_curve(data: dict[str, Any]):
    """A 1-D loss curve with numbered iterates joined by arrows."""
    fig, ax = _new_figure()
    cx, cy = _arr(data["curve"]["x"]), _arr(data["curve"]["y"])
    ax.plot(cx, cy, color="0.3", linewidth=1.4)
    wx, wy = _arr(data["iterates"]["x"]), _arr(data["iterates"]["y"])
    ax.plot(wx, wy, linestyle="none", marker="o", color=_COLORS[0], markersize=5)
    for i in range(len(wx) - 1):
        ax.annotate("", xy=(wx[i + 1], wy[i + 1]), xytext=(wx[i], wy[i]),
                    arrowprops=dict(arrowstyle="->", color=_COLORS[1], linewidth=1.2))
    for i, (x, y) in enumerate(zip(wx, wy)):
        ax.annotate(f"$x_{{{i}}}$", (x, y), textcoords="offset points", xytext=(4, 6), fontsize=8)
    ax.set_xlabel(data["xlabel"])
    ax.set_ylabel(data["ylabel"])
    if data.get("title"):
        ax.set_title(data["title"])
    return fig


def draw_contour_paths(data: dict[str, Any]):
    """Contours of a 2-D loss with labelled paths (start marked ●)."""
    fig, ax = _new_figure(4.6, 3.6)
    gx, gy = _arr(data["grid_x"]), _arr(data["grid_y"])
    z = np.array([_arr(row) for row in data["z"]])
    ax.contour(gx, gy, z, levels=12, colors="0.6", linewidths=0.7)
    for i, p in enumerate(data["paths"]):
        x, y = _arr(p["x"]), _arr(p["y"])
        ax.plot(x, y, color=_COLORS[i % len(_COLORS)], linestyle=_DASHES[i % len(_DASHES)],
                marker=_MARKERS[i % len(_MARKERS)], markersize=3, label=p["label"])
    if data["paths"]:
        ax.plot([data["paths"][0]["x"][0]], [data["paths"][0]["y"][0]], marker="o", color="black", markersize=5)
    ax.plot([0], [0], marker="*", color="black", markersize=9)
    ax.set_xlim(gx.min(), gx.max())
    ax.set_ylim(gy.min(), gy.max())
    ax.set_xlabel(data["xlabel"])
    ax.set_ylabel(data["ylabel"])
    if data.get("title"):
        ax.set_title(data["title"])
    ax.legend(loc="upper right", frameon=False)
    return fig


DRAWERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "curves": draw_curves,
    "iterates_on_curve": draw_iterates_on_curve,
    "contour_paths": draw_contour_paths,
}


def draw(figure: Figure):
    """The matplotlib Figure for a question figure (raises KeyError for an unknown kind)."""
    import matplotlib

    with matplotlib.rc_context(_RC):
        return DRAWERS[figure.kind](figure.data)


def render_svg(figure: Figure) -> bytes:
    """SVG bytes, reproducible for the same data."""
    import matplotlib

    with matplotlib.rc_context(_RC):
        fig = DRAWERS[figure.kind](figure.data)
        buf = io.BytesIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "quizgen"})
    return buf.getvalue()


def render_png(figure: Figure, dpi: int = 150) -> bytes:
    """PNG bytes (for Markdown and LMS exports)."""
    import matplotlib

    with matplotlib.rc_context(_RC):
        fig = DRAWERS[figure.kind](figure.data)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": "quizgen"})
    return buf.getvalue()
