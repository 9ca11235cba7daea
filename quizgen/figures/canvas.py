"""A small plotting canvas that writes SVG: one axes, lines, markers, labels and a legend.

Why not matplotlib: laying out and saving one matplotlib figure costs 45–70 ms of CPU,
nine tenths of a quiz's run time; the handful of figure kinds a quiz draws need only lines,
markers, ticks and text, which this canvas writes in about a millisecond, with the same
bytes on every machine and library version (numbers are written to 0.01 pt).

Drawing happens in data coordinates and is laid out at :meth:`Plot.svg`: view limits from
the data (5 % margins, as matplotlib's), ticks from :mod:`.ticks`, margins from the measured
tick and axis labels (so nothing sticks out of the figure), then the legend where it covers
the fewest data points and labels. Units are points (1/72 in), the SVG's user units.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field

import numpy as np

from quizgen.figures import ticks as tk
from quizgen.figures.contour import lines as contour_lines
from quizgen.figures.text import measure, n, svg_text

TICK_SIZE, LABEL_SIZE, TITLE_SIZE, LEGEND_SIZE, NOTE_SIZE = 9.0, 9.0, 10.0, 8.0, 7.0
TICK_LENGTH, MINOR_LENGTH, TICK_PAD, LABEL_PAD, EDGE_PAD = 3.5, 2.0, 3.5, 4.0, 3.0
MARGIN = 0.05  # of the data span, added on each side (in the scale's coordinates)
FONT = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, Arial, Helvetica, sans-serif"
GRID = 'stroke="#b0b0b0" stroke-opacity="0.3" stroke-width="0.8"'
REACH = 3.5  # pt around a text box in which a data point counts as hidden (marker radius + backing)


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float  # y grows downwards, as in SVG: y0 is the top

    def overlaps(self, other: "Box", gap: float = 0.0) -> bool:
        return not (self.x1 + gap <= other.x0 or other.x1 + gap <= self.x0 or
                    self.y1 + gap <= other.y0 or other.y1 + gap <= self.y0)

    def inside(self, other: "Box", tolerance: float = 0.0) -> bool:
        return (self.x0 >= other.x0 - tolerance and self.y0 >= other.y0 - tolerance and
                self.x1 <= other.x1 + tolerance and self.y1 <= other.y1 + tolerance)


def text_box(label: str, x: float, y: float, size: float, anchor: str = "start", rotate: bool = False) -> Box:
    """Where :func:`~quizgen.figures.text.svg_text` with these arguments puts the glyphs."""
    e = measure(label, size)
    shift = {"start": 0.0, "middle": 0.5, "end": 1.0}[anchor] * e.width
    if rotate:  # reads upwards: the text runs along -y, its top faces -x
        return Box(x - e.ascent, y - e.width + shift, x + e.descent, y + shift)
    return Box(x - shift, y - e.ascent, x - shift + e.width, y + e.descent)


@dataclass(frozen=True)
class Style:
    """How a line and its markers look: colour, width and dash pattern (points), marker kind
    (one of :func:`marker_path`'s, or none) with its size across and edge width."""

    color: str = "#000000"
    width: float = 1.6
    dash: tuple[float, ...] = ()
    marker: str = ""
    marker_size: float = 0.0
    marker_edge: float = 1.0


@dataclass
class _Line:
    x: np.ndarray
    y: np.ndarray
    style: Style
    label: str = ""
    draw_line: bool = True
    marks: tuple | None = None  # (x, y) of the markers when not every vertex has one


@dataclass
class _Note:
    """Text at a data point, offset by (dx, dy) points to the right and up."""

    label: str
    x: float
    y: float
    dx: float
    dy: float
    size: float = 8.0
    fill: str = "#000000"


@dataclass
class Scale:
    """Data → page along one axis; ``log`` scales map log10 of the value linearly."""

    kind: str
    lo: float
    hi: float
    p0: float = 0.0
    p1: float = 1.0

    def __post_init__(self) -> None:
        a, b = self.t(self.lo), self.t(self.hi)
        self._a, self._k = float(a), (self.p1 - self.p0) / float(b - a)

    def t(self, v):
        """The scale's coordinate of ``v``: itself, or its log10 (NaN unless positive)."""
        if self.kind != "log":
            return v if isinstance(v, float) else np.asarray(v, dtype=float)
        if isinstance(v, float):
            return math.log10(v) if v > 0 else math.nan
        v = np.asarray(v, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(v > 0, np.log10(np.where(v > 0, v, 1.0)), np.nan)

    def px(self, v):
        if not isinstance(v, (float, np.ndarray)):
            v = float(v) if np.isscalar(v) else np.asarray(v, dtype=float)
        return self.p0 + (self.t(v) - self._a) * self._k


def _visible(p: np.ndarray, box: Box):
    """For each segment of polyline ``p`` (rows of page points, NaN = gap): whether part of it
    lies inside ``box``, and the parameters where it enters and leaves (Liang–Barsky)."""
    a, b = p[:-1], p[1:]
    d = b - a
    t0 = np.zeros(len(a))
    t1 = np.ones(len(a))
    ok = np.isfinite(a).all(axis=1) & np.isfinite(b).all(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        for q, r in ((-d[:, 0], a[:, 0] - box.x0), (d[:, 0], box.x1 - a[:, 0]),
                     (-d[:, 1], a[:, 1] - box.y0), (d[:, 1], box.y1 - a[:, 1])):
            parallel = q == 0
            ok &= ~(parallel & (r < 0))
            t = r / q
            t0 = np.where(~parallel & (q < 0), np.maximum(t0, t), t0)
            t1 = np.where(~parallel & (q > 0), np.minimum(t1, t), t1)
    return ok & (t0 <= t1), t0, t1


def _clip_segments(p: np.ndarray, box: Box) -> list[np.ndarray]:
    """The parts of polyline ``p`` (rows of page points, NaN = gap) inside ``box``."""
    if len(p) == 1:
        inside = np.isfinite(p).all() and box.x0 <= p[0, 0] <= box.x1 and box.y0 <= p[0, 1] <= box.y1
        return [p] if inside else []
    if (np.isfinite(p).all() and p[:, 0].min() >= box.x0 and p[:, 0].max() <= box.x1
            and p[:, 1].min() >= box.y0 and p[:, 1].max() <= box.y1):
        return [p]  # the usual case: autoscaled limits hold every point
    ok, t0, t1 = _visible(p, box)
    a, d = p[:-1], p[1:] - p[:-1]
    out: list[list] = []
    last = -2
    for k in np.flatnonzero(ok).tolist():
        end = a[k] + t1[k] * d[k]
        if k == last + 1 and t1[last] == 1 and t0[k] == 0:
            out[-1].append(end)  # continues the piece the previous segment ended
        else:
            out.append([a[k] + t0[k] * d[k], end])
        last = k
    return [np.array(piece) for piece in out]


def _badness(b: Box, points: list, avoid: list[Box]) -> int:
    """How much a label or legend at ``b`` would hide: the data points inside it or within
    :data:`REACH` of it (a marker's size, a label's backing), the data segments crossing it,
    and (far worse) the texts it overlaps."""
    b = Box(b.x0 - REACH, b.y0 - REACH, b.x1 + REACH, b.y1 + REACH)
    inside = crossing = 0
    for p in points:
        if not len(p):
            continue
        lo, hi = np.nanmin(p, axis=0), np.nanmax(p, axis=0)
        if hi[0] < b.x0 or lo[0] > b.x1 or hi[1] < b.y0 or lo[1] > b.y1:
            continue  # nowhere near
        inside += int(np.sum((p[:, 0] >= b.x0) & (p[:, 0] <= b.x1) & (p[:, 1] >= b.y0) & (p[:, 1] <= b.y1)))
        if len(p) > 1:
            crossing += int(_visible(p, b)[0].sum())
    return inside + crossing + 1000 * sum(b.overlaps(o) for o in avoid)


def _backed(label: str, x: float, y: float, anchor: str, rotate: bool = False) -> list[str]:
    """A line label on a faint white backing, so that a line passing under it stays apart."""
    b = text_box(label, x, y, NOTE_SIZE, anchor, rotate)
    return [f'<rect x="{n(b.x0 - 1)}" y="{n(b.y0 - 1)}" width="{n(b.x1 - b.x0 + 2)}" height="{n(b.y1 - b.y0 + 2)}" '
            f'fill="#fff" fill-opacity="0.8"/>',
            svg_text(label, x, y, NOTE_SIZE, anchor=anchor, rotate=rotate, fill="#404040")]


def _path(points: np.ndarray) -> str:
    return "M" + " L".join(f"{n(x)} {n(y)}" for x, y in points)


def marker_path(kind: str, x: float, y: float, size: float) -> str:
    """Path data of a marker ``size`` points across centred on (x, y): ``o`` circle, ``s`` square,
    ``^``/``v`` triangles, ``D`` diamond, ``*`` star, ``P`` plus, ``X`` cross (filled), ``x`` cross
    (stroked)."""
    r = size / 2
    if kind == "o":
        return f"M{n(x - r)} {n(y)}a{n(r)} {n(r)} 0 1 0 {n(2 * r)} 0a{n(r)} {n(r)} 0 1 0 {n(-2 * r)} 0z"
    if kind == "x":
        h = r * 0.75
        return f"M{n(x - h)} {n(y - h)}L{n(x + h)} {n(y + h)}M{n(x - h)} {n(y + h)}L{n(x + h)} {n(y - h)}"
    shapes = {
        "s": [(-0.71, -0.71), (0.71, -0.71), (0.71, 0.71), (-0.71, 0.71)],
        "^": [(0, -1), (0.87, 0.5), (-0.87, 0.5)],
        "v": [(0, 1), (0.87, -0.5), (-0.87, -0.5)],
        "D": [(0, -1), (0.7, 0), (0, 1), (-0.7, 0)],
        "*": [(math.sin(k * math.pi / 5) * (1 if k % 2 == 0 else 0.4),
               -math.cos(k * math.pi / 5) * (1 if k % 2 == 0 else 0.4)) for k in range(10)],
        "P": [(-0.33, -1), (0.33, -1), (0.33, -0.33), (1, -0.33), (1, 0.33), (0.33, 0.33), (0.33, 1),
              (-0.33, 1), (-0.33, 0.33), (-1, 0.33), (-1, -0.33), (-0.33, -0.33)],
    }
    if kind == "X":
        pts = [((u - v) * 0.71, (u + v) * 0.71) for u, v in shapes["P"]]
    else:
        pts = shapes[kind]
    return "M" + "L".join(f"{n(x + u * r)} {n(y + v * r)}" for u, v in pts) + "z"


@dataclass
class Plot:
    """One figure with one axes. Call the drawing methods, then :meth:`svg`."""

    width: float  # points
    height: float
    xscale: str = "linear"
    yscale: str = "linear"
    xlabel: str = ""
    ylabel: str = ""
    title: str = ""
    xlim: tuple[float, float] | None = None
    ylim: tuple[float, float] | None = None
    legend_loc: str = "best"  # or "upper right"
    _lines: list = field(default_factory=list)
    _hlines: list = field(default_factory=list)
    _vlines: list = field(default_factory=list)
    _notes: list = field(default_factory=list)
    _arrows: list = field(default_factory=list)
    _contours: list = field(default_factory=list)
    _legend: list = field(default_factory=list)

    # -- drawing, in data coordinates -------------------------------------------------------

    def line(self, x, y, style: Style, label: str = "", *, draw_line: bool = True, marks=None) -> None:
        """A polyline (NaN breaks it) with ``style``'s markers at its points (or at ``marks``, an
        (x, y) pair of arrays); in the legend when labelled."""
        if marks is not None:
            marks = (np.asarray(marks[0], dtype=float), np.asarray(marks[1], dtype=float))
        line = _Line(np.asarray(x, dtype=float), np.asarray(y, dtype=float), style, label, draw_line, marks)
        self._lines.append(line)
        if label:
            self._legend.append(line)

    def hline(self, y: float, label: str = "") -> None:
        """A dotted reference line across the axes at ``y``, labelled inside the axes."""
        self._hlines.append((float(y), label))

    def vline(self, x: float, label: str = "") -> None:
        """A dotted reference line up the axes at ``x``, labelled (reading upwards) beside it."""
        self._vlines.append((float(x), label))

    def note(self, label: str, x: float, y: float, dx: float = 4.0, dy: float = 6.0) -> None:
        """``label`` at ``(dx, dy)`` points right of and above the data point (x, y)."""
        self._notes.append(_Note(label, x, y, dx, dy))

    def arrow(self, x0: float, y0: float, x1: float, y1: float, color: str, shrink: float = 4.5) -> None:
        """An open-headed arrow from one data point to another, stopping ``shrink`` points short."""
        self._arrows.append((x0, y0, x1, y1, color, shrink))

    def contour(self, x, y, z, levels: int = 12, color: str = "#999999", width: float = 0.7) -> None:
        """Contour lines of ``z`` (rows along ``y``) at about ``levels`` round values inside its range."""
        self._contours.append((np.asarray(x, float), np.asarray(y, float), np.asarray(z, float), levels,
                               color, width))

    # -- layout --------------------------------------------------------------------------

    def _limits(self, which: str) -> tuple[float, float]:
        fixed = self.xlim if which == "x" else self.ylim
        kind = self.xscale if which == "x" else self.yscale
        if fixed is not None:
            return fixed
        values = [line.x if which == "x" else line.y for line in self._lines]
        values += [np.array([v]) for v, _ in (self._vlines if which == "x" else self._hlines)]
        for x0, y0, x1, y1, *_ in self._arrows:
            values.append(np.array([x0, x1] if which == "x" else [y0, y1]))
        data = np.concatenate(values) if values else np.array([0.0, 1.0])
        data = data[np.isfinite(data)]
        if kind == "log":
            data = data[data > 0]
        if data.size == 0:
            return (1.0, 10.0) if kind == "log" else (0.0, 1.0)
        scale = Scale(kind, 1.0, 10.0)
        lo, hi = float(np.min(scale.t(data))), float(np.max(scale.t(data)))
        # a flat line gets a view of its own: at least 1e-4 of its size (so tick labels need
        # no more than about six digits), or ±0.05 around zero
        least = 0.5 if kind == "log" else max(abs(lo), abs(hi)) * 1e-4 or 0.05
        mid, pad = (lo + hi) / 2, max((hi - lo) * (1 + 2 * MARGIN), least) / 2
        lo, hi = mid - pad, mid + pad
        return (10.0 ** lo, 10.0 ** hi) if kind == "log" else (lo, hi)

    def _counts(self, which: str) -> bool:
        """Whether every value plotted along an axis is a whole number (steps, epochs): then its
        ticks are too."""
        values = [line.x if which == "x" else line.y for line in self._lines if line.draw_line or which == "x"]
        data = np.concatenate(values) if values else np.array([0.5])
        data = data[np.isfinite(data)]
        return bool(data.size) and bool(np.all(data == np.round(data)))

    def _ticks(self, kind: str, lo: float, hi: float, length: float, horizontal: bool, integer: bool = False
               ) -> tk.Ticks:
        per = TICK_SIZE * (3 if horizontal else 2)  # room per label, as matplotlib reckons it
        room = max(1, int(length // per))
        while True:
            t = tk.log(lo, hi, room) if kind == "log" else tk.linear(lo, hi, room, integer)
            if not horizontal or room <= 1:
                return t
            widths = [measure(label, TICK_SIZE).width for label in t.labels]
            scale = Scale(kind, lo, hi, 0, length)
            centres = scale.px(np.array(t.values)) if t.values else np.array([])
            crowded = any(c2 - c1 < (w1 + w2) / 2 + 4
                          for c1, c2, w1, w2 in zip(centres, centres[1:], widths, widths[1:]))
            if not crowded:
                return t
            room -= 1

    def layout(self):
        """View limits, axes box, scales and ticks (computed twice: tick labels set the margins,
        and the margins set how many ticks fit)."""
        xlo, xhi = self._limits("x")
        ylo, yhi = self._limits("y")
        W, H = self.width, self.height
        box = Box(0.13 * W, 0.1 * H, 0.97 * W, 0.84 * H)
        counts = self.xscale == "linear" and self.xlim is None and self._counts("x")
        for _ in range(2):
            xt = self._ticks(self.xscale, xlo, xhi, box.x1 - box.x0, True, counts)
            yt = self._ticks(self.yscale, ylo, yhi, box.y1 - box.y0, False)
            ywidth = max([measure(s, TICK_SIZE).width for s in yt.labels] or [0.0])
            xtick = measure("0", TICK_SIZE)
            left = EDGE_PAD + TICK_LENGTH + TICK_PAD + ywidth
            if self.ylabel:
                left += measure(self.ylabel, LABEL_SIZE).height + LABEL_PAD
            bottom = EDGE_PAD + TICK_LENGTH + TICK_PAD + xtick.height
            if self.xlabel:
                bottom += measure(self.xlabel, LABEL_SIZE).height + LABEL_PAD
            top = EDGE_PAD + TICK_SIZE * 0.5
            if self.title:
                top = EDGE_PAD + measure(self.title, TITLE_SIZE).height + 6
            if yt.offset:
                top = max(top, EDGE_PAD + measure(yt.offset, TICK_SIZE).height + 2)
            right = EDGE_PAD * 2
            if xt.labels:
                right = max(right, measure(xt.labels[-1], TICK_SIZE).width / 2 + EDGE_PAD)
            if xt.offset:
                right = max(right, measure(xt.offset, TICK_SIZE).width + EDGE_PAD)
            box = Box(left, top, W - right, H - bottom)
        xs = Scale(self.xscale, xlo, xhi, box.x0, box.x1)
        ys = Scale(self.yscale, ylo, yhi, box.y1, box.y0)
        return box, xs, ys, xt, yt

    # -- output --------------------------------------------------------------------------

    def svg(self) -> bytes:
        """The figure as a standalone SVG document."""
        box, xs, ys, xt, yt = self.layout()
        W, H = self.width, self.height
        clip = "c" + hashlib.sha1(repr((self.title, self.xlabel, self.ylabel, W, H, xs.lo, xs.hi, ys.lo, ys.hi)
                                       ).encode()).hexdigest()[:8]
        out = ['<?xml version="1.0" encoding="utf-8"?>',
               f'<svg xmlns="http://www.w3.org/2000/svg" width="{n(W)}pt" height="{n(H)}pt" '
               f'viewBox="0 0 {n(W)} {n(H)}" font-family="{FONT}">',
               f'<defs><clipPath id="{clip}"><rect x="{n(box.x0)}" y="{n(box.y0)}" width="{n(box.x1 - box.x0)}" '
               f'height="{n(box.y1 - box.y0)}"/></clipPath></defs>',
               f'<rect width="{n(W)}" height="{n(H)}" fill="#fff"/>']
        self.placed = []  # (what, box) of every text drawn: outside() and the tests check them

        # grid and ticks
        grid, marks, minor = [], [], []
        for v in xt.values:
            p = float(xs.px(v))
            grid.append(f"M{n(p)} {n(box.y0)}V{n(box.y1)}")
            marks.append(f"M{n(p)} {n(box.y1)}v{n(TICK_LENGTH)}")
        for v in yt.values:
            p = float(ys.px(v))
            grid.append(f"M{n(box.x0)} {n(p)}H{n(box.x1)}")
            marks.append(f"M{n(box.x0)} {n(p)}h{n(-TICK_LENGTH)}")
        for v in xt.minor:
            minor.append(f"M{n(float(xs.px(v)))} {n(box.y1)}v{n(MINOR_LENGTH)}")
        for v in yt.minor:
            minor.append(f"M{n(box.x0)} {n(float(ys.px(v)))}h{n(-MINOR_LENGTH)}")
        if grid:
            out.append(f'<path d="{"".join(grid)}" fill="none" {GRID}/>')

        # contours, reference lines, data (clipped to the axes)
        body = []
        for x, y, z, levels, color, width in self._contours:
            finite = z[np.isfinite(z)]
            if finite.size:
                d = []
                for level in tk.levels(float(finite.min()), float(finite.max()), levels):
                    for piece in contour_lines(x, y, z, level):
                        d.append(_path(np.column_stack([xs.px(piece[:, 0]), ys.px(piece[:, 1])])))
                if d:
                    body.append(f'<path d="{"".join(d)}" fill="none" stroke="{color}" stroke-width="{n(width)}"/>')
        hlines = [(v, label) for v, label in self._hlines if math.isfinite(ys.px(v))]  # not y ≤ 0 on a log axis
        vlines = [(v, label) for v, label in self._vlines if math.isfinite(xs.px(v))]
        refs = []
        for v, _ in hlines:
            refs.append(f"M{n(box.x0)} {n(float(ys.px(v)))}H{n(box.x1)}")
        for v, _ in vlines:
            refs.append(f"M{n(float(xs.px(v)))} {n(box.y0)}V{n(box.y1)}")
        if refs:
            body.append(f'<path d="{"".join(refs)}" fill="none" stroke="#595959" stroke-width="0.9" '
                        f'stroke-dasharray="0.9 1.49"/>')
        points = []  # every drawn data point on the page, for placing the legend
        for line in self._lines:
            page = np.column_stack([xs.px(line.x), ys.px(line.y)])
            s = line.style
            if line.draw_line and len(page) > 1:
                pieces = _clip_segments(page, box)
                if pieces:
                    dash = f' stroke-dasharray="{" ".join(n(v) for v in s.dash)}"' if s.dash else ""
                    body.append(f'<path d="{"".join(_path(p) for p in pieces)}" fill="none" stroke="{s.color}" '
                                f'stroke-width="{n(s.width)}" stroke-linejoin="round"{dash}/>')
                    points += [p for p in pieces]
            if s.marker:
                if line.marks is not None:
                    page = np.column_stack([xs.px(line.marks[0]), ys.px(line.marks[1])])
                ok = np.isfinite(page).all(axis=1)
                shown = page[ok & (page[:, 0] >= box.x0 - 1) & (page[:, 0] <= box.x1 + 1)
                             & (page[:, 1] >= box.y0 - 1) & (page[:, 1] <= box.y1 + 1)]
                points.append(shown)
                d = "".join(marker_path(s.marker, px, py, s.marker_size) for px, py in shown.tolist())
                if d:
                    if s.marker == "x":
                        body.append(f'<path d="{d}" fill="none" stroke="{s.color}" stroke-width="{n(s.marker_edge)}"/>')
                    else:
                        body.append(f'<path d="{d}" fill="{s.color}" stroke="{s.color}" '
                                    f'stroke-width="{n(s.marker_edge)}" stroke-linejoin="round"/>')
        for x0, y0, x1, y1, color, shrink in self._arrows:
            a = np.array([float(xs.px(x0)), float(ys.px(y0))])
            b = np.array([float(xs.px(x1)), float(ys.px(y1))])
            length = float(np.hypot(*(b - a)))
            if not math.isfinite(length) or length <= 2 * shrink + 1:
                continue  # a point off the page, or the points nearly touch: an arrow would be all head
            u = (b - a) / length
            a, b = a + u * shrink, b - u * shrink
            head, half = 5.0, 2.6
            left = b - u * head + np.array([-u[1], u[0]]) * half
            right = b - u * head - np.array([-u[1], u[0]]) * half
            body.append(f'<path d="M{n(a[0])} {n(a[1])}L{n(b[0])} {n(b[1])}M{n(left[0])} {n(left[1])}'
                        f'L{n(b[0])} {n(b[1])}L{n(right[0])} {n(right[1])}" fill="none" stroke="{color}" '
                        f'stroke-width="1.2" stroke-linejoin="round"/>')
        if body:
            out.append(f'<g clip-path="url(#{clip})">{"".join(body)}</g>')

        # axes lines, tick marks, tick labels
        out.append(f'<path d="M{n(box.x0)} {n(box.y0)}V{n(box.y1)}H{n(box.x1)}" fill="none" stroke="#000" '
                   f'stroke-width="0.8" stroke-linecap="square"/>')
        out.append(f'<path d="{"".join(marks)}" stroke="#000" stroke-width="0.8"/>')
        if minor:
            out.append(f'<path d="{"".join(minor)}" stroke="#000" stroke-width="0.6"/>')
        asc = measure("0", TICK_SIZE).ascent
        xlabel_y = box.y1 + TICK_LENGTH + TICK_PAD + asc
        for v, label in zip(xt.values, xt.labels):
            p = float(xs.px(v))
            out.append(svg_text(label, p, xlabel_y, TICK_SIZE, anchor="middle"))
            self.placed.append((f"x tick label {label!r}", text_box(label, p, xlabel_y, TICK_SIZE, "middle")))
        label_right = box.x0 - TICK_LENGTH - TICK_PAD
        for v, label in zip(yt.values, yt.labels):
            p = float(ys.px(v)) + 0.36 * TICK_SIZE  # centred on the tick (digits' mid-height)
            out.append(svg_text(label, label_right, p, TICK_SIZE, anchor="end"))
            self.placed.append((f"y tick label {label!r}", text_box(label, label_right, p, TICK_SIZE, "end")))
        if xt.offset:
            out.append(svg_text(xt.offset, W - EDGE_PAD, xlabel_y, TICK_SIZE, anchor="end"))
            self.placed.append(("x offset", text_box(xt.offset, W - EDGE_PAD, xlabel_y, TICK_SIZE, "end")))
        if yt.offset:
            out.append(svg_text(yt.offset, box.x0, box.y0 - 2, TICK_SIZE))
            self.placed.append(("y offset", text_box(yt.offset, box.x0, box.y0 - 2, TICK_SIZE)))

        # axis labels and title
        if self.xlabel:
            e = measure(self.xlabel, LABEL_SIZE)
            y = xlabel_y + measure("0", TICK_SIZE).descent + LABEL_PAD + e.ascent
            out.append(svg_text(self.xlabel, (box.x0 + box.x1) / 2, y, LABEL_SIZE, anchor="middle"))
            self.placed.append((f"x label {self.xlabel!r}",
                                text_box(self.xlabel, (box.x0 + box.x1) / 2, y, LABEL_SIZE, "middle")))
        if self.ylabel:
            ywidth = max([measure(s, TICK_SIZE).width for s in yt.labels] or [0.0])
            e = measure(self.ylabel, LABEL_SIZE)
            x = label_right - ywidth - LABEL_PAD - e.descent
            out.append(svg_text(self.ylabel, x, (box.y0 + box.y1) / 2, LABEL_SIZE, anchor="middle", rotate=True))
            self.placed.append((f"y label {self.ylabel!r}",
                                text_box(self.ylabel, x, (box.y0 + box.y1) / 2, LABEL_SIZE, "middle", rotate=True)))
        if self.title:
            y = box.y0 - 6 - measure(self.title, TITLE_SIZE).descent
            out.append(svg_text(self.title, (box.x0 + box.x1) / 2, y, TITLE_SIZE, anchor="middle"))
            self.placed.append((f"title {self.title!r}",
                                text_box(self.title, (box.x0 + box.x1) / 2, y, TITLE_SIZE, "middle")))

        # the legend, then reference-line labels and notes: inside the axes where they cover the
        # fewest data points and no other text
        inner: list[Box] = []
        if self._legend:
            out += self._legend_svg(box, points, inner)
            inner.append(self.placed[-1][1])
        h = box.y1 - box.y0
        for v, label in vlines:
            if not label:
                continue
            p, e = float(xs.px(v)), measure(label, NOTE_SIZE)
            right, left = p + 1.5 + e.ascent, p - 1.5 - e.descent
            top, middle, bottom = box.y0 + 0.02 * h, box.y0 + 0.5 * (h + e.width), box.y1 - 0.02 * h
            spots = [(x, y, anchor) for y, anchor in ((top, "end"), (bottom, "start"), (middle, "start"))
                     for x in (right, left)]
            x, y, anchor = self._spot(label, NOTE_SIZE, spots, box, points, inner, rotate=True)
            out += _backed(label, x, y, anchor, rotate=True)
            inner.append(text_box(label, x, y, NOTE_SIZE, anchor, rotate=True))
            self.placed.append((f"line label {label!r}", inner[-1]))
        for v, label in hlines:
            if not label:
                continue
            p, e = float(ys.px(v)), measure(label, NOTE_SIZE)
            above, below = p - 1.5 - e.descent, p + 1.5 + e.ascent
            right, left, middle = box.x1 - 2, box.x0 + 2, (box.x0 + box.x1) / 2
            spots = [(x, y, anchor) for x, anchor in ((right, "end"), (left, "start"), (middle, "middle"))
                     for y in (above, below)]
            x, y, anchor = self._spot(label, NOTE_SIZE, spots, box, points, inner)
            out += _backed(label, x, y, anchor)
            inner.append(text_box(label, x, y, NOTE_SIZE, anchor))
            self.placed.append((f"line label {label!r}", inner[-1]))
        for note in self._notes:
            px, py = float(xs.px(note.x)), float(ys.px(note.y))
            if not (math.isfinite(px) and math.isfinite(py)):
                continue
            w = measure(note.label, note.size).width
            spots = [(px + note.dx, py - note.dy, "start"), (px - note.dx - w, py - note.dy, "start"),
                     (px + note.dx, py + note.dy + note.size * 0.76, "start"),
                     (px - note.dx - w, py + note.dy + note.size * 0.76, "start")]
            fits = [spot for spot in spots if text_box(note.label, spot[0], spot[1], note.size).inside(box)
                    and not any(text_box(note.label, spot[0], spot[1], note.size).overlaps(o, 0.5) for o in inner)]
            if not fits:
                continue  # a crowded or clipped note is left out rather than printed over another
            x, y, _ = self._spot(note.label, note.size, fits, box, points, inner)
            b = text_box(note.label, x, y, note.size)
            out.append(svg_text(note.label, x, y, note.size, fill=note.fill))
            inner.append(b)
            self.placed.append((f"annotation {note.label!r}", b))
        out.append("</svg>")
        return ("\n".join(out) + "\n").encode("utf-8")

    @staticmethod
    def _spot(label: str, size: float, spots: list, box: Box, points: list, avoid: list[Box],
              rotate: bool = False) -> tuple:
        """The first of ``spots`` (x, y, anchor) for ``label`` inside ``box`` that covers the fewest
        data points and texts (the first spot when none fits)."""
        best, choice = None, spots[0]
        for x, y, anchor in spots:
            b = text_box(label, x, y, size, anchor, rotate)
            if not b.inside(box):
                continue
            score = _badness(b, points, avoid)
            if best is None or score < best:
                best, choice = score, (x, y, anchor)
        return choice

    def _legend_svg(self, box: Box, points: list, avoid: list[Box]) -> list[str]:
        size = LEGEND_SIZE
        handle, gap, pad, pitch = 2.0 * size, 0.8 * size, 0.4 * size, 1.35 * size
        width = 2 * pad + handle + gap + max(measure(line.label, size).width for line in self._legend)
        height = 2 * pad + pitch * len(self._legend)
        inset = 0.5 * size
        x_at = {"left": box.x0 + inset, "center": (box.x0 + box.x1 - width) / 2, "right": box.x1 - inset - width}
        y_at = {"upper": box.y0 + inset, "center": (box.y0 + box.y1 - height) / 2, "lower": box.y1 - inset - height}
        order = [("upper", "right"), ("upper", "left"), ("lower", "left"), ("lower", "right"),
                 ("center", "right"), ("center", "left"), ("lower", "center"),
                 ("upper", "center"), ("center", "center")]
        if self.legend_loc != "best":
            v, h = self.legend_loc.split()
            order = [(v, h)]
        best, where = None, None
        for v, h in order:
            b = Box(x_at[h], y_at[v], x_at[h] + width, y_at[v] + height)
            badness = _badness(b, points, avoid)
            if best is None or badness < best:
                best, where = badness, b
        self.placed.append(("legend", where))
        out = [f'<rect x="{n(where.x0)}" y="{n(where.y0)}" width="{n(width)}" height="{n(height)}" fill="#fff" '
               f'fill-opacity="0.8"/>']
        for k, line in enumerate(self._legend):
            mid = where.y0 + pad + pitch * (k + 0.5)
            x0 = where.x0 + pad
            s = line.style
            if line.draw_line:
                dash = f' stroke-dasharray="{" ".join(n(v) for v in s.dash)}"' if s.dash else ""
                out.append(f'<path d="M{n(x0)} {n(mid)}h{n(handle)}" stroke="{s.color}" stroke-width="{n(s.width)}"{dash}/>')
            if s.marker:
                out.append(f'<path d="{marker_path(s.marker, x0 + handle / 2, mid, s.marker_size)}" fill="{s.color}" '
                           f'stroke="{s.color}" stroke-width="{n(s.marker_edge)}"/>')
            out.append(svg_text(line.label, x0 + handle + gap, mid + 0.36 * size, size))
        return out
