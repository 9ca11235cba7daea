"""The SVG figures, judged from outside the plotter.

- In Chromium (with the DejaVu Sans files the plotter's metrics come from), every text of
  every figure kind lies inside the figure and no two texts overlap.
- The data are where the printed tick labels say: reading a figure's tick labels and their
  positions back gives a map from data to page, and every point of the plotted line lies on it.
- Ticks (hypothesis): inside the view, evenly stepped by 1, 2, 2.5 or 5 times a power of ten,
  labels that read back as their values.
- Contours of x² + y² are circles of radius √level; the font table is the font's.
- Golden SVGs (one per kind, from fixed data) catch unintended drawing changes; no other
  library is involved, so they hold across library upgrades.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.check import stress_seeds
from quizgen.figdata import contour_paths, curves, iterates_on_curve, series
from quizgen.figures import outside, render_svg
from quizgen.figures import ticks as tk
from quizgen.figures.contour import lines as contour_lines
from quizgen.figures.text import measure, runs

SVG = "{http://www.w3.org/2000/svg}"
_SUP = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


def read_tick(label: str) -> float:
    """A tick label as a number: ``−2.5``, ``10⁻³``, ``2×10⁻¹``."""
    label = label.replace("−", "-")
    m = re.fullmatch(r"(?:([-\d.]+)×)?10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)", label)
    if m:
        return float(m.group(1) or 1) * 10.0 ** int(m.group(2).translate(_SUP))
    return float(label)


def bank_figures(bank, seeds=3):
    """(family@seed#i, figure) for the first ``seeds`` stress seeds of every plotting family."""
    out = []
    for family in bank:
        for seed in stress_seeds(seeds):
            for i, f in enumerate(family.generate(seed).figures):
                out.append((f"{family.id}@{seed}#{i}", f))
    return out


def guide_figures(seed: int = 1):
    """(guide#i, figure) for every figure of the study guide."""
    import dataclasses

    from quizgen.question import Figure
    from quizgen.study_guide import build_guide

    found = []

    def walk(o):
        if isinstance(o, Figure):
            found.append(o)
        elif dataclasses.is_dataclass(o) and not isinstance(o, type):
            for f in dataclasses.fields(o):
                walk(getattr(o, f.name))
        elif isinstance(o, (list, tuple)):
            for x in o:
                walk(x)
        elif isinstance(o, dict):
            for x in o.values():
                walk(x)

    walk(build_guide(seed))
    return [(f"guide@{seed}#{i}", f) for i, f in enumerate(found)]


# -- data where the tick labels say ---------------------------------------------------------

def _ticks_of(root) -> tuple[list, list]:
    """(x ticks, y ticks) as (value, page coordinate) read from the tick label texts."""
    xs, ys = [], []
    for t in root.iter(f"{SVG}text"):
        text = "".join(t.itertext())
        try:
            value = read_tick(text)
        except ValueError:
            continue
        if t.get("text-anchor") == "middle" and t.get("transform") is None:
            xs.append((value, float(t.get("x"))))
        elif t.get("text-anchor") == "end" and t.get("transform") is None:
            ys.append((value, float(t.get("y"))))
    return xs, ys


def _fit(pairs, log: bool):
    v = np.array([math.log10(a) if log else a for a, _ in pairs])
    p = np.array([b for _, b in pairs])
    slope, icept = np.polyfit(v, p, 1)
    assert np.max(np.abs(slope * v + icept - p)) < 0.05, "tick labels are not evenly placed"
    return lambda values: slope * (np.log10(values) if log else values) + icept


def _path_points(d: str) -> np.ndarray:
    return np.array([[float(a), float(b)] for a, b in re.findall(r"[ML](-?[\d.]+) (-?[\d.]+)", d)])


@pytest.mark.parametrize("xscale,yscale", [("linear", "linear"), ("linear", "log"), ("log", "log"), ("log", "linear")])
def test_the_plotted_points_are_where_the_tick_labels_put_them(xscale, yscale):
    rng = np.random.default_rng(7)
    x = np.sort(rng.uniform(0.002, 40, 30)) if xscale == "log" else np.arange(30.0) * 3 - 20
    y = np.exp(rng.normal(0, 3, 30)) if yscale == "log" else rng.normal(5, 40, 30)
    fig = curves([series("run", x, y)], xlabel="step", ylabel="loss", alt="a run", xscale=xscale, yscale=yscale)
    root = ET.fromstring(render_svg(fig))
    xt, yt = _ticks_of(root)
    assert len(xt) >= 3 and len(yt) >= 2
    # the y label sits on the digits' mid-height, 0.36 em below the tick: the line's centre
    to_x = _fit(xt, xscale == "log")
    to_y = _fit([(v, p - 0.36 * 9) for v, p in yt], yscale == "log")
    data_path = [p for p in root.iter(f"{SVG}path") if p.get("stroke") == "#0072B2"][0]
    drawn = _path_points(data_path.get("d"))
    expected = np.column_stack([to_x(np.array(fig.data["series"][0]["x"])), to_y(np.array(fig.data["series"][0]["y"]))])
    assert drawn.shape == expected.shape
    assert np.max(np.abs(drawn - expected)) < 0.1  # printed to 0.01 pt; the fit adds a little


def test_a_line_leaving_fixed_limits_is_cut_at_the_edge_not_drawn_beyond():
    """Contour plots keep the grid's limits: a diverging path stops at the axes' edge."""
    g = np.linspace(-2, 2, 21)
    X, Y = np.meshgrid(g, g)
    fig = contour_paths(g, g, X ** 2 + Y ** 2, [{"label": "A", "x": [0, 1, -3, 9, -1e30], "y": [0.5, -1, 3, -9, 1e30]}],
                        alt="a diverging path")
    root = ET.fromstring(render_svg(fig))
    clip = root.find(f"{SVG}defs/{SVG}clipPath/{SVG}rect")
    x0, y0 = float(clip.get("x")), float(clip.get("y"))
    x1, y1 = x0 + float(clip.get("width")), y0 + float(clip.get("height"))
    path = [p for p in root.iter(f"{SVG}path") if p.get("stroke") == "#0072B2" and p.get("fill") == "none"][0]
    pts = _path_points(path.get("d"))
    assert len(pts) >= 3
    assert (pts[:, 0] >= x0 - 0.01).all() and (pts[:, 0] <= x1 + 0.01).all()
    assert (pts[:, 1] >= y0 - 0.01).all() and (pts[:, 1] <= y1 + 0.01).all()


# -- ticks ----------------------------------------------------------------------------------

def shown_values(t: tk.Ticks) -> list[float]:
    """What the tick labels say, times the axis' ``×10ᵏ`` note when there is one."""
    scale = read_tick(t.offset.replace("×", "1×")) if t.offset else 1.0
    return [read_tick(s) * scale for s in t.labels]


finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=300)
@given(finite, st.floats(1e-6, 1e6), st.integers(2, 9))
def test_linear_ticks_are_round_even_steps_inside_the_view(lo, span, bins):
    span = max(span, 1e-4 * abs(lo))  # the plotter never asks for less (Plot._limits)
    hi = lo + span
    t = tk.linear(lo, hi, bins)
    values = np.array(t.values)
    assert 2 <= len(values) <= 10
    assert values.min() >= lo - 1e-8 * span and values.max() <= hi + 1e-8 * span
    steps = np.diff(values)
    assert np.allclose(steps, steps[0], rtol=1e-6)
    mantissa = steps[0] / 10 ** math.floor(math.log10(steps[0]) + 1e-9)
    assert any(abs(mantissa - m) < 1e-5 for m in (1, 2, 2.5, 5, 10))
    # the labels share their number of decimals, and need every one of them
    assert len({len(label.partition(".")[2]) for label in t.labels}) == 1
    assert not all("." in label and label.endswith("0") for label in t.labels), t.labels
    shown = shown_values(t)
    assert np.allclose(shown, values, rtol=1e-12, atol=steps[0] * 1e-6)
    assert len(set(t.labels)) == len(t.labels)


@settings(max_examples=300)
@given(st.floats(-12, 12), st.floats(0.05, 20), st.integers(2, 10))
def test_log_ticks_read_back_as_their_values_inside_the_view(a, decades, room):
    lo, hi = 10.0 ** a, 10.0 ** (a + decades)
    t = tk.log(lo, hi, room)
    assert len(t.values) >= 2
    assert len(t.values) <= room + 1
    for v, shown in zip(t.values, shown_values(t)):
        assert lo * (1 - 1e-8) <= v <= hi * (1 + 1e-8)  # the ticks allow 1e-9 in log10
        assert math.isclose(shown, v, rel_tol=1e-2)
    assert len(set(t.labels)) == len(t.labels)


def test_log_ticks_label_decades_and_thin_them_when_many():
    assert tk.log(1e-3, 1e2, 9).labels == ("10⁻³", "10⁻²", "10⁻¹", "10⁰", "10¹", "10²")
    assert tk.log(1e-8, 1e4, 4).labels == ("10⁻⁸", "10⁻⁴", "10⁰", "10⁴")
    assert tk.log(2.0, 45.0, 8).labels == ("2", "5", "10", "20")


# -- contours, text -------------------------------------------------------------------------

def test_contours_of_a_paraboloid_are_circles_of_radius_root_level():
    g = np.linspace(-3, 3, 61)
    X, Y = np.meshgrid(g, g)
    for level in (0.5, 2.0, 4.0):
        pieces = contour_lines(g, g, X ** 2 + Y ** 2, level)
        assert len(pieces) == 1, "one closed curve"
        r = np.hypot(pieces[0][:, 0], pieces[0][:, 1])
        assert np.allclose(r, math.sqrt(level), atol=0.01)
        assert np.allclose(pieces[0][0], pieces[0][-1]), "closed"


def test_math_labels_become_styled_runs():
    assert [(r.text, r.face) for r in runs("step $k$")] == [("step ", "regular"), ("k", "oblique")]
    sub = runs("$x_{0}$")
    assert sub[0].text == "x" and sub[1].text == "0" and sub[1].scale < 1 and sub[1].shift < 0
    assert "".join(r.text for r in runs(r"$2/\lambda_{\max}$")) == "2/λmax"
    assert [r.face for r in runs(r"$f(\mathbf{x}_k)$") if r.text == "x"] == ["bold"]
    assert "".join(r.text for r in runs(r"$\eta = 0.1$")) == "η = 0.1"
    assert "".join(r.text for r in runs("costs $5")) == "costs $5"  # a lone dollar is text


def test_the_font_table_is_the_fonts():
    from matplotlib import ft2font

    from quizgen.figures.metrics import WIDTHS
    from quizgen.figures.text import font_dir

    def advance(file: str, ch: str) -> int:
        font = ft2font.FT2Font(str(font_dir() / file))
        return font.load_char(ord(ch), flags=ft2font.LoadFlags.NO_SCALE).horiAdvance

    for ch in "xkηλ0(":
        assert WIDTHS["oblique"][ch] == advance("DejaVuSans-Oblique.ttf", ch)
    units = ft2font.FT2Font(str(font_dir() / "DejaVuSans.ttf")).units_per_EM
    assert measure("MM", 10).width == pytest.approx(2 * advance("DejaVuSans.ttf", "M") / units * 10)


# -- laid out inside, measured by a browser ------------------------------------------------

_PAGE = """<!doctype html><meta charset="utf-8"><style>
@font-face {{ font-family: 'DejaVu Sans'; src: url('{dir}/DejaVuSans.ttf'); }}
@font-face {{ font-family: 'DejaVu Sans'; font-style: italic; src: url('{dir}/DejaVuSans-Oblique.ttf'); }}
@font-face {{ font-family: 'DejaVu Sans'; font-weight: bold; src: url('{dir}/DejaVuSans-Bold.ttf'); }}
body {{ margin: 0 }} svg {{ display: block }}</style><body></body>"""

_MEASURE = """svgs => svgs.map(src => {
  document.body.innerHTML = src;
  const svg = document.querySelector('svg'), frame = svg.getBoundingClientRect();
  return [frame.width, frame.height, [...svg.querySelectorAll('text')].map(t => {
    const r = t.getBoundingClientRect();
    return [t.textContent, r.left - frame.left, r.top - frame.top, r.right - frame.left, r.bottom - frame.top];
  })];
})"""


@pytest.mark.slow
def test_every_text_is_inside_its_figure_and_apart_from_the_others_in_chromium(browser, bank):
    from quizgen.figures.text import font_dir

    fonts = font_dir().as_uri()
    figures = bank_figures(bank, 5) + guide_figures()
    assert len(figures) > 120
    page = browser.new_page()
    page.set_content(_PAGE.format(dir=fonts))
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('9px \"DejaVu Sans\"')")
    problems = []
    batch = [render_svg(f).decode() for _, f in figures]
    for (name, _), (w, h, texts) in zip(figures, page.evaluate(_MEASURE, batch)):
        for text, x0, y0, x1, y1 in texts:
            if x0 < -1 or y0 < -1 or x1 > w + 1 or y1 > h + 1:
                problems.append(f"{name}: {text!r} at ({x0:.1f}, {y0:.1f}, {x1:.1f}, {y1:.1f}) outside {w:.0f}×{h:.0f}")
        boxes = [(t, x0 + 0.5, y0 + 1.5, x1 - 0.5, y1 - 1.5) for t, x0, y0, x1, y1 in texts]  # glyph ink, not line box
        for i, (a, *ba) in enumerate(boxes):
            for b, *bb in boxes[i + 1:]:
                if ba[0] < bb[2] and bb[0] < ba[2] and ba[1] < bb[3] and bb[1] < ba[3]:
                    problems.append(f"{name}: {a!r} overlaps {b!r}")
    page.close()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])


def test_outside_reports_a_label_too_long_for_the_figure():
    ys = [1.0, 0.9, 0.8]
    fig = curves([series("", range(3), ys)], xlabel="step " * 40, ylabel="MSE", alt="a falling loss")
    problems = outside(fig)
    assert problems and all("x label" in p for p in problems)
    assert outside(curves([series("", range(3), ys)], xlabel="step", ylabel="MSE", alt="a falling loss")) == []


@pytest.mark.slow
def test_no_figure_of_the_bank_lays_a_label_outside(bank):
    figures = bank_figures(bank, 30) + guide_figures(1) + guide_figures(2)
    problems = [f"{name}: {p}" for name, f in figures for p in outside(f)]
    assert len(figures) > 500
    assert not problems, "\n".join(problems[:40])


# -- same bytes ----------------------------------------------------------------------------

def _golden_figures():
    x = np.arange(0, 41)
    return {
        "curves": curves([series("$\\eta = 0.1$", x, 3 * 0.9 ** x, marker=True),
                          series("η = 0.5", x, 3 * 1.2 ** x, diverged_at=30), series("step", x[::8], 1 + 0 * x[::8], style="step")],
                         xlabel="step $k$", ylabel="loss (log scale)", yscale="log", alt="three runs",
                         hlines=[(1.0, "floor")], vlines=[(20, "cut")]),
        "iterates_on_curve": iterates_on_curve(np.linspace(-3, 3, 61), np.linspace(-3, 3, 61) ** 2,
                                               [-2.5, 1.5, -0.9, 0.54], [6.25, 2.25, 0.81, 0.29],
                                               xlabel="$w$", ylabel="$f(w)$", alt="iterates"),
        "contour_paths": contour_paths(np.linspace(-3, 3, 31), np.linspace(-2, 2, 21),
                                       [[0.5 * x * x + 2 * y * y for x in np.linspace(-3, 3, 31)] for y in np.linspace(-2, 2, 21)],
                                       [{"label": "A", "x": [-2.5, -2, -1.6], "y": [1.5, -1.2, 0.9]}], alt="a path"),
    }


@pytest.mark.parametrize("kind", ["curves", "iterates_on_curve", "contour_paths"])
def test_golden_figures(kind, golden):
    svg = render_svg(_golden_figures()[kind])
    assert svg == render_svg(_golden_figures()[kind])
    golden.check_text(golden.dir / "figures" / f"{kind}.svg", svg.decode("utf-8"))


# -- cases an independent review found --------------------------------------------------------

def test_nothing_unplottable_reaches_the_svg():
    """A reference line at 0 on a log axis, an iterate that overflowed: left out, and the rest drawn."""
    k = np.arange(10)
    log_fig = curves([series("a", k, 0.5 ** k)], xlabel="step", ylabel="loss", alt="a", yscale="log",
                     hlines=[(0.0, "zero")], vlines=[(5.0, "cut")])
    svg = render_svg(log_fig).decode()
    assert "nan" not in svg and "inf" not in svg
    assert "cut" in svg and "zero" not in svg
    xs = np.linspace(-3, 3, 31)
    broken = iterates_on_curve(xs, xs ** 2, [2.0, -2.5, float("inf")], [4.0, 6.25, float("inf")],
                               xlabel="$w$", ylabel="$f(w)$", alt="a blow-up")
    assert "nan" not in render_svg(broken).decode()


def test_a_step_plot_marks_its_data_points_only():
    fig = curves([series("rate", [0, 10, 20, 30], [0.1, 0.05, 0.025, 0.0125], style="step", marker=True)],
                 xlabel="step", ylabel="rate", alt="a step schedule")
    root = ET.fromstring(render_svg(fig))
    filled = [p for p in root.iter(f"{SVG}path") if p.get("fill") == "#0072B2"]
    assert len(filled) == 2  # the markers on the plot and the one in the legend
    assert filled[0].get("d").count("z") == 4  # one closed marker per data point, none at the corners


def test_counted_axes_get_whole_number_ticks():
    for last in (4, 18, 40):
        fig = curves([series("", np.arange(last + 1), np.arange(last + 1) ** 0.5)], xlabel="step $k$",
                     ylabel="size", alt="growth")
        xt, _ = _ticks_of(ET.fromstring(render_svg(fig)))
        assert xt and all(float(v).is_integer() for v, _ in xt), (last, xt)
    assert tk.linear(0, 4.2, 9, integer=True).labels == ("0", "1", "2", "3", "4")


def test_contours_get_about_the_levels_asked_for():
    assert 10 <= len(tk.levels(0.0, 12.7, 12)) <= 13
    assert all(0 < v < 12.7 for v in tk.levels(0.0, 12.7, 12))


def test_a_log_axis_writes_its_labels_in_one_style():
    labels = tk.log(3e4, 2e6, 8).labels
    assert all("10" in label for label in labels), labels
    assert len(tk.log(1.03, 3.25, 7).values) >= 3  # a short log axis still reads


def test_fractions_and_signs_in_math_labels():
    def text(label):
        return "".join(r.text for r in runs(label))

    assert text(r"$\frac{1}{2}$") == "1/2" and text(r"$\frac{x+1}{2}$") == "(x + 1)/2"
    assert text(r"$\eta = -0.5$") == "η = −0.5" and text("$a - b$") == "a − b" and text("$(-1)$") == "(−1)"


def test_the_guides_static_explorer_shows_the_diverging_run_leaving():
    """Its diverging path goes on to the point where it leaves the contour plot, and its loss
    curve ends in a ✕ (before, the path was cut to its start point and the curve just stopped)."""
    figures = [f for _, f in guide_figures(1)]
    paths = [f for f in figures if f.kind == "contour_paths" and "same four runs" in f.alt]
    assert paths
    grid = paths[0].data
    left = [p for p in grid["paths"] if len(p["x"]) >= 2 and (max(map(abs, p["x"])) > max(grid["grid_x"]) or
                                                               max(map(abs, p["y"])) > max(grid["grid_y"]))]
    assert left, "no path leaves the picture"
    loss = [s for f in figures if f.alt.startswith("Loss curves of the explorer") for s in f.data["series"]
            if "(diverging)" in s["label"]]
    assert loss and all(s["diverged_at"] is not None for s in loss)
