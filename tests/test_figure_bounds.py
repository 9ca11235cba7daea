"""Nothing a figure shows is cut off: every axis label, tick label, title, legend and
annotation of every figure lies inside the saved figure (``quizgen.figures.outside``).

The fixed margins of ``quizgen.figures`` fit most figures; a wide y tick label (``7×10⁻¹``
on a log axis, ``−1000``) used to push the y label past the left edge. The figures are
drawn for 40 seeds per family — half sequential, half the spawned seeds real quizzes use
(:func:`quizgen.check.stress_seeds`) — in two worker processes; a failure names
``family@seed`` and what sticks out.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import pytest

from quizgen.bank import load_bank
from quizgen.check import stress_seeds
from quizgen.question import Figure

SEEDS = stress_seeds(40)

_bank = None


def _figure_problems(family_id: str) -> tuple[int, list[str]]:
    """(figures checked, one line per figure with something outside) for one family."""
    from quizgen.figures import outside

    global _bank
    if _bank is None:
        _bank = load_bank()
    family = _bank[family_id]
    checked, problems = 0, []
    for seed in SEEDS:
        for i, figure in enumerate(family.generate(seed).figures):
            checked += 1
            sticking_out = outside(figure)
            if sticking_out:
                problems.append(f"{family_id}@{seed} figure {i}: " + "; ".join(sticking_out))
    return checked, problems


@pytest.mark.slow
def test_no_label_of_any_figure_is_outside_the_figure():
    ids = [family.id for family in load_bank()]
    workers = min(2, os.cpu_count() or 1)
    if workers > 1:
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            results = list(pool.map(_figure_problems, ids))
    else:
        results = [_figure_problems(i) for i in ids]
    checked = sum(n for n, _ in results)
    problems = [p for _, ps in results for p in ps]
    assert checked > 500, f"only {checked} figures drawn: did the plotting families stop making figures?"
    assert not problems, f"{len(problems)} of {checked} figures have labels outside the figure:\n" + "\n".join(problems)


def _wide_log_plot(ylabel: str = "MSE") -> Figure:
    # log y axis over 0.6 … 1: minor tick labels "6×10⁻¹" … "9×10⁻¹" are wide
    ys = [1.0, 0.9, 0.8, 0.7, 0.65, 0.62]
    return Figure("curves", {"series": [{"x": list(range(len(ys))), "y": ys, "label": ""}],
                             "xlabel": "step", "ylabel": ylabel, "yscale": "log"}, alt="a falling loss")


def test_a_wide_y_tick_label_moves_the_left_margin_and_the_label_stays_inside():
    from quizgen.figures import _MARGINS, draw, outside

    figure = _wide_log_plot()
    assert outside(figure) == []
    assert draw(figure).subplotpars.left > _MARGINS["left"]


def test_a_figure_that_fits_keeps_the_fixed_margins():
    from quizgen.figures import _MARGINS, draw

    figure = Figure("curves", {"series": [{"x": [0, 1, 2], "y": [3.0, 2.0, 1.0], "label": ""}],
                               "xlabel": "step", "ylabel": "loss"}, alt="a falling loss")
    params = draw(figure).subplotpars
    assert (params.left, params.right, params.bottom, params.top) == tuple(
        _MARGINS[k] for k in ("left", "right", "bottom", "top"))


def test_outside_reports_what_sticks_out():
    from quizgen.figures import outside

    long = "a y label far too long to fit beside the axes " * 3
    problems = outside(_wide_log_plot(long))
    assert problems and all("y label" in p for p in problems)


def test_fitted_figures_are_reproducible():
    from quizgen.figures import render_svg

    figure = _wide_log_plot()
    assert render_svg(figure) == render_svg(figure)
