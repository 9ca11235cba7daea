"""Figure data: what a family puts in a :class:`~quizgen.question.Figure` (drawn later by kind).

Values are rounded to 6 significant figures (plenty for a plot, and stable in JSON);
NaN and inf become ``None``, so a diverged run's curve simply stops.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Sequence

import numpy as np

from quizgen.question import Figure


def _clean(values: Any, sig: int = 6) -> list:
    """JSON-ready floats: rounded to ``sig`` significant figures, NaN/inf → None."""
    arr = np.asarray(values, dtype=float).ravel()
    return [float(f"{v:.{sig}g}") if math.isfinite(v) else None for v in arr]


def series(label: str, x: Any, y: Any, *, diverged_at: int | None = None, style: str = "line",
           marker: bool = False) -> dict:
    """One plotted line: x/y data; ``diverged_at`` marks where a run blew up (drawn as ✕)."""
    return {"label": label, "x": _clean(x), "y": _clean(y), "diverged_at": diverged_at,
            "style": style, "marker": marker}


def until_outside(path: Any, box: tuple[float, float]) -> np.ndarray:
    """The 2-D ``path`` (rows of points) up to and including its first point outside the box
    ``|x| ≤ box[0]``, ``|y| ≤ box[1]`` (non-finite points dropped): a diverging path is drawn
    until it leaves the picture, where the plot clips it."""
    path = np.asarray(path, dtype=float)
    out = ~(np.isfinite(path).all(axis=1) & (np.abs(path[:, 0]) <= box[0]) & (np.abs(path[:, 1]) <= box[1]))
    if not out.any():
        return path
    keep = path[: int(out.argmax()) + 1]
    return keep[np.isfinite(keep).all(axis=1)]


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
    """A 1-D loss curve (points ``fx``, ``fy``) with the GD iterates ``w`` (losses ``fw``) on it, in order."""
    return Figure("iterates_on_curve", {
        "curve": {"x": _clean(fx), "y": _clean(fy)}, "iterates": {"x": _clean(w), "y": _clean(fw)},
        "xlabel": xlabel, "ylabel": ylabel, "title": title,
    }, alt=alt, caption=caption, in_solution=in_solution)


def path_on_curve(f: Callable[[np.ndarray], np.ndarray], span: float | tuple[float, float], path: Any,
                  **labels: Any) -> Figure:
    """:func:`iterates_on_curve` for a loss function ``f``: the curve over ``span`` (±span, or
    (low, high)), 121 points, with the iterates ``path`` on it; ``labels`` as for that function."""
    low, high = (-span, span) if np.isscalar(span) else span
    xs = np.linspace(low, high, 121)
    path = np.asarray(path, dtype=float)
    return iterates_on_curve(xs, f(xs), path, f(path), **labels)


def contour_paths(grid_x: Any, grid_y: Any, z: Any, paths: Sequence[dict], *, alt: str, title: str = "",
                  caption: str = "", in_solution: bool = False) -> Figure:
    """Contours of a 2-D loss with labelled optimization paths (``paths``: label, x, y)."""
    return Figure("contour_paths", {
        "grid_x": _clean(grid_x), "grid_y": _clean(grid_y),
        "z": [_clean(row) for row in np.asarray(z)],
        "paths": [{"label": p["label"], "x": _clean(p["x"]), "y": _clean(p["y"])} for p in paths],
        "title": title, "xlabel": "$x_1$", "ylabel": "$x_2$",
    }, alt=alt, caption=caption, in_solution=in_solution)
