"""Figures: draw a question's figure data with matplotlib's object API (no pyplot state).

Each figure kind (``curves``, ``iterates_on_curve``, ``contour_paths``) has one drawing
function in :data:`DRAWERS`; writers call :func:`render_svg` or :func:`render_png` and
embed or save the bytes. Output is reproducible: fixed SVG hash salt, no dates in metadata.

Layout: fixed ``subplots_adjust`` margins (fast), widened per figure by :func:`_fit` only when
a label would stick out of the figure; :func:`outside` lists anything that still does.

Style: one print-friendly look readable in grayscale — line styles and markers vary
along with colour; a diverged run is drawn until it blows up and then marked with ✕.
"""

from __future__ import annotations

import codecs
import functools
import io
import threading
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


_MARGINS = dict(left=0.13, right=0.97, bottom=0.16, top=0.9)
_FIT_PAD = 2.0  # px at the figure's dpi kept free between a label and the figure's edge
_MIN_AXES = 0.4  # _fit never shrinks the axes below this fraction of the figure


def _new_figure(width: float, height: float):
    from matplotlib.figure import Figure as MplFigure

    fig = MplFigure(figsize=(width, height), dpi=100)
    fig.subplots_adjust(**_MARGINS)
    return fig, fig.add_subplot()


def draw_curves(ax, data: dict[str, Any]) -> None:
    """Line plot of ``series`` with optional log scales, reference lines and ✕ at divergence."""
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


def draw_iterates_on_curve(ax, data: dict[str, Any]) -> None:
    """A 1-D loss curve with numbered iterates joined by arrows."""
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


def draw_contour_paths(ax, data: dict[str, Any]) -> None:
    """Contours of a 2-D loss with labelled paths (start marked ●)."""
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


# kind → function drawing a figure of that kind into a blank Axes, and the figure's size (inches)
DRAWERS: dict[str, Callable[[Any, dict[str, Any]], None]] = {
    "curves": draw_curves,
    "iterates_on_curve": draw_iterates_on_curve,
    "contour_paths": draw_contour_paths,
}
SIZES: dict[str, tuple[float, float]] = {
    "curves": (5.2, 3.0),
    "iterates_on_curve": (5.2, 3.0),
    "contour_paths": (4.6, 3.6),
}


_measuring = threading.local()


def _measuring_renderer():
    """A renderer kept for measuring text (one per thread): its text-metric and mathtext
    caches stay warm from figure to figure, so measuring costs little next to saving."""
    renderer = getattr(_measuring, "renderer", None)
    if renderer is None:
        from matplotlib.backends.backend_agg import RendererAgg

        renderer = _measuring.renderer = RendererAgg(1, 1, 100)
    return renderer


def _tick_labels(ticks) -> list:
    """The shown, non-empty labels of the ticks an axis draws."""
    return [label for tick in ticks for label in (tick.label1, tick.label2)
            if label.get_visible() and label.get_text()]


def _label_boxes(fig, renderer) -> list:
    """Where the labels :func:`_extents` lists will be drawn, computed the cheap way.

    Tick labels are measured; an axis label is placed as ``Axis._update_label_position``
    places it (``labelpad`` beyond the tick labels, or the spine when there are none) but
    without measuring every tick label twice more; titles are taken at their default
    height (nothing moves them here: no top ticks). Anything unusual (an offset text, a
    label on the top or right) falls back to matplotlib's own ``get_tightbbox``.
    """
    from matplotlib.text import Annotation
    from matplotlib.transforms import Bbox

    boxes = []
    pad = fig.dpi / 72  # px per point
    for ax in fig.axes:
        unusual = False
        for axis, near in ((ax.xaxis, "bottom"), (ax.yaxis, "left")):
            if not axis.get_visible():
                continue
            ticks = axis._update_ticks()
            axis.offsetText.set_text(axis.major.formatter.get_offset())
            if (axis.offsetText.get_visible() and axis.offsetText.get_text()) or not axis._autolabelpos \
                    or axis.get_label_position() != near:
                unusual = True
                bb = axis.get_tightbbox(renderer)
                if bb is not None:
                    boxes.append(bb)
                continue
            near_boxes = [t.label1.get_window_extent(renderer) for t in ticks
                          if t.label1.get_visible() and t.label1.get_text()]
            boxes += near_boxes
            boxes += [t.label2.get_window_extent(renderer) for t in ticks
                      if t.label2.get_visible() and t.label2.get_text()]
            label = axis.label
            if not (label.get_visible() and label.get_text()):
                continue
            size = label.get_window_extent(renderer)
            if not near_boxes:
                near_boxes = [ax.spines.get(near, ax).get_window_extent()]
            if near == "left":
                edge = min(b.x0 for b in near_boxes) - axis.labelpad * pad
                boxes.append(Bbox.from_extents(edge - size.width, size.y0, edge, size.y1))
            else:
                edge = min(b.y0 for b in near_boxes) - axis.labelpad * pad
                boxes.append(Bbox.from_extents(size.x0, edge - size.height, size.x1, edge))
        titles = [t for t in (ax.title, ax._left_title, ax._right_title) if t.get_visible() and t.get_text()]
        if titles and unusual:
            ax._update_title_position(renderer)
        boxes += [t.get_window_extent(renderer) for t in titles]
        legend = ax.get_legend()
        if legend is not None and legend.get_visible():
            boxes.append(legend.get_window_extent(renderer))
        for child in ax.get_children():
            if isinstance(child, Annotation) and child.get_visible() and child.get_text():
                if child._check_xy(renderer):
                    boxes.append(child.get_window_extent(renderer))
    return [bb for bb in boxes if bb.width > 0 or bb.height > 0]


def _fit(fig) -> None:
    """Widen the fixed margins just enough that every label lies inside the figure.

    The fixed ``subplots_adjust`` margins fit most figures (constrained/tight layout is
    several times slower); a wide y tick label (``7×10⁻¹`` on a log axis, ``−1000``) pushes
    the y label past the left edge. Each label is measured once against the margins; only
    when something sticks out are the margins moved (by what sticks out plus
    :data:`_FIT_PAD`) and the labels measured again, as ticks can change with the axes size.
    """
    renderer = _measuring_renderer()
    if renderer.dpi != fig.dpi:
        renderer.dpi = fig.dpi
    W, H = fig.bbox.width, fig.bbox.height
    for _ in range(3):
        boxes = _label_boxes(fig, renderer)
        if not boxes:
            return
        x0 = min(bb.x0 for bb in boxes)
        y0 = min(bb.y0 for bb in boxes)
        x1 = max(bb.x1 for bb in boxes)
        y1 = max(bb.y1 for bb in boxes)
        if x0 >= 0 and y0 >= 0 and x1 <= W and y1 <= H:
            return
        sp = fig.subplotpars
        left = sp.left + (_FIT_PAD - x0) / W if x0 < 0 else sp.left
        right = sp.right - (x1 - W + _FIT_PAD) / W if x1 > W else sp.right
        bottom = sp.bottom + (_FIT_PAD - y0) / H if y0 < 0 else sp.bottom
        top = sp.top - (y1 - H + _FIT_PAD) / H if y1 > H else sp.top
        if right - left < _MIN_AXES or top - bottom < _MIN_AXES:
            return  # a label too big for any margin: leave it (outside() reports it)
        fig.subplots_adjust(left=left, right=right, bottom=bottom, top=top)


def _build(figure: Figure, reuse: bool = False):
    """Draw ``figure`` (inside the quizgen style) and fit its margins: into a new matplotlib
    Figure, or with ``reuse`` into this thread's :func:`_blank` one for figures of its shape."""
    draw_into = DRAWERS[figure.kind]  # KeyError for an unknown kind, before anything is made
    fig, ax = _blank(figure) if reuse else _new_figure(*SIZES[figure.kind])
    draw_into(ax, figure.data)
    _fit(fig)
    return fig


_reusable = threading.local()


def _shape(figure: Figure) -> tuple:
    """What a reused Figure must share with the one drawn before: the kind (and with it the
    size), the axis scales and whether there is a title (the tick objects, the scales'
    locators and the title's properties stay as that drawing left them)."""
    return (figure.kind, figure.data.get("xscale", "linear"), figure.data.get("yscale", "linear"),
            bool(figure.data.get("title")))


def _blank(figure: Figure):
    """A Figure and Axes for ``figure``, emptied to the state a new one has.

    Making the Figure, its Axes and their tick objects is most of a figure's drawing time
    once text is cached, and nearly all of it is the same for every figure of one shape;
    so one Figure per shape is kept and, before each drawing, stripped of what the last
    drawing added (artists, legend, data and view limits, autoscaling, margins). The SVG
    is byte-identical to a new Figure's (tests/test_figure_reuse.py draws every family's
    figures both ways, in mixed order).
    """
    from matplotlib.transforms import Bbox

    kept = getattr(_reusable, "figures", None)
    if kept is None:
        kept = _reusable.figures = {}
    shape = _shape(figure)
    if shape not in kept:
        fig, ax = _new_figure(*SIZES[figure.kind])
        kept[shape] = fig, ax, (ax._tight, ax._xmargin, ax._ymargin, ax.get_autoscalex_on(),
                                ax.get_autoscaley_on()), [(t, t.get_position()) for t in _placed_texts(ax)]
        return fig, ax
    fig, ax, (tight, xmargin, ymargin, autox, autoy), positions = kept[shape]
    if ax.legend_ is not None:
        ax.legend_.remove()
    for artist in list(ax._children):
        artist.remove()
    ax.containers = []
    ax.dataLim = Bbox.null()
    ax._viewLim.set_points(Bbox.unit().get_points())
    ax.ignore_existing_data_limits = True
    ax._stale_viewlims = dict.fromkeys(ax._stale_viewlims, False)
    ax._tight, ax._xmargin, ax._ymargin = tight, xmargin, ymargin
    ax.set_autoscalex_on(autox)
    ax.set_autoscaley_on(autoy)
    ax.set_prop_cycle(None)
    for text, position in positions:
        # drawing moved these; _fit measures them where a new Figure has them (a rotated
        # label's width differs in the last bits with its position, and so would the margins)
        text.set_position(position)
    for text in (ax.title, ax.xaxis.label, ax.yaxis.label):
        text.set_text("")
    fig.subplots_adjust(**_MARGINS)
    return fig, ax


def _placed_texts(ax) -> list:
    """The texts of ``ax`` that drawing places anew each time (axis labels, offsets, titles)."""
    return [ax.xaxis.label, ax.yaxis.label, ax.xaxis.offsetText, ax.yaxis.offsetText,
            ax.title, ax._left_title, ax._right_title]


def draw(figure: Figure):
    """The matplotlib Figure for a question figure (raises KeyError for an unknown kind)."""
    import matplotlib

    with matplotlib.rc_context(_RC):
        return _build(figure)


class _MathTextCache:
    """A ``MathTextParser('path')`` whose results are kept for the whole process.

    Every SVG save makes a new renderer, and with it a new parser: matplotlib's own cache
    (an LRU of 50 keyed on the parser) then misses on every figure, and parsing the same
    ``$x_{0}$`` again is a third of a figure's drawing time. The parsed layout depends only
    on the text, dpi and font, all in the key; the result is only read by the renderer.
    """

    def __init__(self) -> None:
        from matplotlib.mathtext import MathTextParser

        self._parser = MathTextParser("path")
        self._parsed: dict = {}

    def parse(self, s, dpi=72, prop=None, *, antialiased=None):
        key = (s, dpi, None if prop is None else prop.copy(), antialiased)
        parsed = self._parsed.get(key)
        if parsed is None:
            if len(self._parsed) > 4096:  # many different labels: start again rather than grow
                self._parsed.clear()
            parsed = self._parsed[key] = self._parser.parse(s, dpi, prop, antialiased=antialiased)
        return parsed


@functools.cache
def _svg_canvas_class():
    """A ``FigureCanvasSVG`` whose renderers share one text-to-path converter (and so
    :class:`_MathTextCache`); otherwise it saves exactly as ``savefig(format="svg")``."""
    from matplotlib import cbook
    from matplotlib.backends.backend_mixed import MixedModeRenderer
    from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG
    from matplotlib.textpath import TextToPath

    text2path = TextToPath()
    text2path.mathtext_parser = _MathTextCache()

    class Renderer(RendererSVG):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._text2path = text2path

    class Canvas(FigureCanvasSVG):
        def print_svg(self, filename, *, bbox_inches_restore=None, metadata=None, **_print_figure_extras):
            # FigureCanvasSVG.print_svg (matplotlib 3.11) with the renderer above; tests/test_figure_reuse.py
            # compares the bytes with plain savefig, so a matplotlib that saves differently is caught
            with cbook.open_file_cm(filename, "w", encoding="utf-8") as fh:
                if not cbook.file_requires_unicode(fh):
                    fh = codecs.getwriter("utf-8")(fh)
                dpi = self.figure.dpi
                self.figure.dpi = 72
                width, height = self.figure.get_size_inches()
                w, h = width * 72, height * 72
                renderer = MixedModeRenderer(self.figure, width, height, dpi,
                                             Renderer(w, h, fh, image_dpi=dpi, metadata=metadata),
                                             bbox_inches_restore=bbox_inches_restore)
                self.figure.draw(renderer)
                renderer.finalize()

    return Canvas


def _svg_bytes(fig) -> bytes:
    buf = io.BytesIO()
    _svg_canvas_class()(fig)  # becomes fig.canvas
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "quizgen"})
    return buf.getvalue()


def render_svg(figure: Figure) -> bytes:
    """SVG bytes, reproducible for the same data."""
    import matplotlib

    with matplotlib.rc_context(_RC):
        return _svg_bytes(_build(figure, reuse=True))


def render_png(figure: Figure, dpi: int = 150) -> bytes:
    """PNG bytes (for Markdown and LMS exports)."""
    import matplotlib

    with matplotlib.rc_context(_RC):
        fig = _build(figure)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": "quizgen"})
    return buf.getvalue()


# -- checking that nothing is drawn outside the saved figure -------------------------------------

def _extents(fig, renderer) -> list[tuple[str, Any]]:
    """(description, window extent) of every axis label, tick label, offset text, title,
    legend and shown annotation of ``fig``, as placed by the last ``fig.draw(renderer)``."""
    from matplotlib.text import Annotation

    out = []

    def add(what, artist):
        bb = artist.get_window_extent(renderer)
        if bb.width > 0 or bb.height > 0:
            out.append((what, bb))

    for ax in fig.axes:
        for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            if not axis.get_visible():
                continue
            if axis.label.get_visible() and axis.label.get_text():
                add(f"{name} label {axis.label.get_text()!r}", axis.label)
            for label in _tick_labels(axis._update_ticks()):  # the ticks Axis.draw drew
                add(f"{name} tick label {label.get_text()!r}", label)
            if axis.offsetText.get_visible() and axis.offsetText.get_text():
                add(f"{name} offset text {axis.offsetText.get_text()!r}", axis.offsetText)
        for title in (ax.title, ax._left_title, ax._right_title):
            if title.get_visible() and title.get_text():
                add(f"title {title.get_text()!r}", title)
        legend = ax.get_legend()
        if legend is not None and legend.get_visible():
            add("legend", legend)
        for child in ax.get_children():
            if isinstance(child, Annotation) and child.get_visible() and child.get_text():
                if child._check_xy(renderer):  # drawn only when its point is shown
                    add(f"annotation {child.get_text()!r}", child)
    return out


def outside(figure: Figure, tolerance: float = 0.5) -> list[str]:
    """What of ``figure``, drawn as :func:`render_svg` saves it, sticks out of the figure.

    One line per axis label, tick label, offset text, title, legend or annotation whose
    rendered bounding box is not inside the figure's (within ``tolerance`` pixels), e.g.
    ``"y label 'MSE': x0=-3.2 < 0"``. Empty when nothing would be clipped.
    """
    import matplotlib

    with matplotlib.rc_context(_RC):
        fig = _build(figure)
        # lay the whole figure out as canvas.draw() would, at the figure's size and dpi, but
        # without rasterizing (a kept renderer: its text metrics stay cached between figures)
        renderer = _measuring_renderer()
        if renderer.dpi != fig.dpi:
            renderer.dpi = fig.dpi
        with renderer._draw_disabled():
            fig.draw(renderer)
        W, H = fig.bbox.width, fig.bbox.height
        problems = []
        for what, bb in _extents(fig, renderer):
            bad = []
            if bb.x0 < -tolerance:
                bad.append(f"x0={bb.x0:.1f} < 0")
            if bb.y0 < -tolerance:
                bad.append(f"y0={bb.y0:.1f} < 0")
            if bb.x1 > W + tolerance:
                bad.append(f"x1={bb.x1:.1f} > {W:g}")
            if bb.y1 > H + tolerance:
                bad.append(f"y1={bb.y1:.1f} > {H:g}")
            if bad:
                problems.append(f"{what}: {', '.join(bad)}")
    return problems

