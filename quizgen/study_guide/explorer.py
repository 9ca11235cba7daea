"""The explorer's data: a grid of real runs on the guide's 2-D problem, ready to draw.

About 40 log-spaced learning rates, each run by the core twice (plain gradient descent and
heavy-ball momentum); for every run its regime and a one-line description are read off
its numbers here, and its loss curve and path are turned into SVG polyline points. A page's
script only looks these up and swaps them in; nothing is computed in the browser.
"""

from __future__ import annotations

import math

import numpy as np

from quizgen import core
from quizgen.figdata import contour_paths, curves, series, until_outside
from quizgen.figures.ticks import power
from quizgen.study_guide.model import Axis, Explorer, ExplorerRun
from quizgen.study_guide.numbers import grew, plain, printed, rises, sign_changes, tex
from quizgen.study_guide.problems import Problems

GRID = 40
STEPS = 40
LOW, HIGH = 0.02, 1.9  # the grid spans these multiples of 2/λ_max
REGIMES = ("too small", "monotone", "zigzag", "diverging")
# panel geometry in SVG units (the template draws frames and ticks from the same axes)
LOSS_BOX = (52.0, 340.0, 14.0, 214.0)  # left, right, top, bottom
PATH_BOX = (40.0, 340.0, 14.0, 214.0)
RATE_BOX = (14.0, 406.0)
MARGIN = 3.0  # curves are kept while within this many panel sizes of their panel (SVG clips the rest)


def grid_rates(limit: float) -> np.ndarray:
    """The explorer's rates: GRID log-spaced multiples of the limit, as printed (3 figures)."""
    raw = limit * np.geomspace(LOW, HIGH, GRID)
    return np.array([printed(r, 3) for r in raw])


def regime(losses: np.ndarray, path: np.ndarray, below_best: bool) -> str:
    """A run's regime read off its numbers: diverging if its loss grew; too small if more than 1 %
    of the starting loss is left after the run and the rate is below the grid's best one
    (``below_best``); zigzag if the path keeps crossing the valley (a coordinate changes sign three
    times or more); else monotone."""
    if grew(losses):
        return "diverging"
    if below_best and losses[-1] > 1e-2 * losses[0]:
        return "too small"
    if max(sign_changes(path[:, 0]), sign_changes(path[:, 1])) >= 3:
        return "zigzag"
    return "monotone"


def status(label: str, kind: str, losses: np.ndarray, path: np.ndarray, steps: int) -> str:
    """One plain sentence about a run (read out by screen readers when the slider moves)."""
    head = f"Learning rate {label}: {kind}."
    if kind == "diverging":
        ok = np.flatnonzero(np.isfinite(losses))
        return f"{head} The loss grew from {plain(losses[0])} to {plain(losses[ok[-1]])} by step {int(ok[-1])}."
    text = f"{head} After {steps} steps the loss is {plain(losses[-1] / losses[0], 2)} times its start"
    flips = sign_changes(path[:, 1])
    if flips:
        text += f"; the steep coordinate changed sign {flips} times"
    up = rises(losses)
    if up:
        text += f"; the loss went up at {up} steps"
    return text + "."


def _clip(points: np.ndarray, box) -> np.ndarray:
    """The points up to the first one far outside ``box`` (beyond :data:`MARGIN` panel sizes) or not
    finite: the page's clip path hides what lies outside the panel, and a curve that has blown up
    stops instead of carrying huge coordinates."""
    left, right, top, bottom = box
    w, h = right - left, bottom - top
    finite = np.isfinite(points).all(axis=1)
    with np.errstate(invalid="ignore"):
        near = finite & (points[:, 0] >= left - MARGIN * w) & (points[:, 0] <= right + MARGIN * w) & \
            (points[:, 1] >= top - MARGIN * h) & (points[:, 1] <= bottom + MARGIN * h)
    if near.all():
        return points
    j = int((~near).argmax())
    return points[: j + 1] if finite[j] else points[:j]  # a finite far point shows the curve leaving


def _points(points: np.ndarray) -> str:
    return " ".join(f"{x:.2f},{y:.2f}" for x, y in points)


def _ticks(lo: float, hi: float, axis: Axis, fmt, step: float) -> tuple:
    start = math.ceil(lo / step - 1e-9) * step
    values = np.arange(start, hi + 1e-9, step)
    return tuple((round(axis.at(v), 2), fmt(v)) for v in values)


def _power(v: float) -> str:
    """A tick label 10^v written with superscripts: 10⁻⁴ (as the static figures write it)."""
    return power(int(round(v)))


def _ellipse(c: float, lam, ax: Axis, ay: Axis) -> str:
    t = np.linspace(0, 2 * np.pi, 73)
    x, y = math.sqrt(2 * c / lam[0]) * np.cos(t), math.sqrt(2 * c / lam[1]) * np.sin(t)
    pts = [f"{ax.at(a):.2f},{ay.at(b):.2f}" for a, b in zip(x, y)]
    return "M" + " L".join(pts) + " Z"


def build_explorer(p: Problems) -> Explorer:
    """Run the grid (plain GD and momentum) on the guide's 2-D problem and prepare the drawing."""
    lam, x0, beta, T = np.array(p.eigenvalues), np.array(p.x0), p.beta, STEPS
    obj = core.Quadratic(lam)
    limit = 2 / lam[1]
    rates = grid_rates(limit)
    f0 = float(obj.value(x0))
    top, floor = math.log10(f0) + 2, math.log10(f0) - 10
    loss_x = Axis(0, T, LOSS_BOX[0], LOSS_BOX[1], label="step k")
    loss_y = Axis(top, floor, LOSS_BOX[2], LOSS_BOX[3], label="loss f(x_k), log scale")
    loss_x = Axis(**{**loss_x.__dict__, "ticks": _ticks(0, T, loss_x, lambda v: f"{v:g}", 10)})
    loss_y = Axis(**{**loss_y.__dict__, "ticks": _ticks(floor, top, loss_y, _power,
                                                          2 if top - floor <= 12 else 4)})
    bx, by = 1.25 * abs(x0[0]), 1.25 * max(abs(x0[1]), 0.5 * abs(x0[0]))
    path_x = Axis(-bx, bx, PATH_BOX[0], PATH_BOX[1], label="x₁ (flat direction)")
    path_y = Axis(by, -by, PATH_BOX[2], PATH_BOX[3], label="x₂ (steep direction)")
    step_x = 1.0 if bx <= 6 else 2.0
    path_x = Axis(**{**path_x.__dict__, "ticks": _ticks(-bx, bx, path_x, lambda v: f"{v:g}", step_x)})
    path_y = Axis(**{**path_y.__dict__, "ticks": _ticks(-by, by, path_y, lambda v: f"{v:g}", 1.0)})
    lr_lo, lr_hi = math.log10(rates[0]), math.log10(rates[-1])
    rate_axis = Axis(lr_lo, lr_hi, RATE_BOX[0], RATE_BOX[1], label="learning rate η (log scale)")
    decades = range(math.ceil(lr_lo), math.floor(lr_hi) + 1)
    rate_axis = Axis(**{**rate_axis.__dict__, "ticks": tuple((round(rate_axis.at(d), 2), plain(10.0 ** d, 1))
                                                             for d in decades)})

    runs = {}
    for name, momentum in (("gd", 0.0), ("momentum", beta)):
        traj = core.run(core.sgd(rates, momentum=momentum), obj, x0, T)
        out = []
        final = np.where(np.isfinite(traj.losses[-1]), traj.losses[-1], np.inf)
        best = int(np.argmin(final))  # the grid rate that got lowest: slower ones below it are too small
        for i, lr in enumerate(rates):
            losses, path = traj.losses[:, i], traj.params[:, i, :]
            kind = regime(losses, path, i < best)
            label = plain(lr, 3)
            with np.errstate(divide="ignore", invalid="ignore"):
                lp = np.column_stack([loss_x.at(np.arange(T + 1)), loss_y.at(np.log10(losses))])
            pp = np.column_stack([path_x.at(path[:, 0]), path_y.at(path[:, 1])])
            out.append(ExplorerRun(
                lr=float(lr), label=label, regime=kind, status=status(label, kind, losses, path, T),
                loss_points=_points(_clip(lp, LOSS_BOX)), path_points=_points(_clip(pp, PATH_BOX)),
                losses=tuple(float(v) if np.isfinite(v) else None for v in losses),
                path=tuple((float(a), float(b)) if np.isfinite(a) and np.isfinite(b) else (None, None)
                           for a, b in path)))
        runs[name] = tuple(out)

    levels = f0 * np.array([0.01, 0.05, 0.15, 0.35, 0.7, 1.2, 2.0])
    contours = tuple(_ellipse(c, lam, path_x, path_y) for c in levels)
    star = float(core.theory.optimal_lr(lam))
    spots = (("1/λmax", 1 / lam[1], "both"), ("η* optimal", star, "gd"), ("2/λmax", limit, "both"),
             ("2(1+β)/λmax", float(core.theory.heavy_ball_max_lr(lam[1], beta)), "momentum"))
    # each label on its own row, so close marks never overlap; anchored to stay inside the strip
    marks = []
    for i, (label, v, which) in enumerate(sorted(spots, key=lambda s: s[1])):
        pos = round(rate_axis.at(math.log10(v)), 2)
        anchor = "end" if i < 2 or pos > RATE_BOX[1] - 80 else "start"
        marks.append((label, pos, which, anchor, 9.0 + 10 * i))
    marks = tuple(marks)
    default = int(np.argmin(np.abs(np.log(rates / star))))
    return Explorer(eigenvalues=(float(lam[0]), float(lam[1])), x0=(float(x0[0]), float(x0[1])), steps=T, beta=beta,
                    runs=runs, default=default, loss_x=loss_x, loss_y=loss_y, path_x=path_x, path_y=path_y,
                    rate_axis=rate_axis, contours=contours, marks=marks,
                    static=_static(runs["gd"], lam, x0, T))


def _static(runs, lam, x0, T):
    """The fallback for print and for readers without scripts: one grid rate of each regime."""
    chosen = []
    for kind in REGIMES:
        hits = [i for i, r in enumerate(runs) if r.regime == kind]
        if hits:
            chosen.append(hits[len(hits) // 2])
    k = np.arange(T + 1)
    loss = curves([series(rf"$\eta = {tex(runs[i].lr, 3)}$ ({runs[i].regime})", k,
                          [np.nan if v is None else v for v in runs[i].losses],
                          diverged_at=next((j for j, v in enumerate(runs[i].losses) if v is None), None))
                   for i in chosen],
                  xlabel="step $k$", ylabel="loss (log scale)", yscale="log",
                  alt="Loss curves of the explorer's problem at one rate of each regime: "
                      + ", ".join(runs[i].regime for i in chosen) + ".",
                  caption="Four of the explorer's runs (the page's slider shows all of them).")
    bx, by = 1.25 * abs(x0[0]), 1.25 * max(abs(x0[1]), 0.5 * abs(x0[0]))
    gx, gy = np.linspace(-bx, bx, 61), np.linspace(-by, by, 61)
    X, Y = np.meshgrid(gx, gy)
    paths = []
    for i in chosen:
        pts = np.array([[np.nan if a is None else a, np.nan if b is None else b] for a, b in runs[i].path])
        pts = until_outside(pts, (bx, by))  # a diverging path is drawn until it leaves the picture
        paths.append({"label": rf"$\eta = {tex(runs[i].lr, 3)}$", "x": pts[:, 0], "y": pts[:, 1]})
    path = contour_paths(gx, gy, 0.5 * (lam[0] * X * X + lam[1] * Y * Y), paths,
                         alt="The same four runs as paths on the contour plot.",
                         caption="Their paths on the contours (● start, ★ minimum).")
    return (loss, path)
