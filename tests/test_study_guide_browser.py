"""The study guide's HTML in Debian's Chromium: the explorer driven by the keyboard replays the very
core runs for each rate, offline, without console errors, accessible, with a static fallback."""

import math

import numpy as np
import pytest

from quizgen import core
from quizgen.output import write_files
from quizgen.study_guide import build_guide
from quizgen.writers.guide_writer import render_guide

pytestmark = pytest.mark.browser

SEED = 8


@pytest.fixture(scope="module")
def guide(bank):
    return build_guide(seed=SEED, bank=bank)


@pytest.fixture(scope="module")
def page_url(guide, tmp_path_factory):
    out = tmp_path_factory.mktemp("guide")
    write_files(out, render_guide(guide, ["html"]))
    return (out / "study-guide.html").as_uri()



def open_page(browser, url, **options):
    page = browser.new_page(**options)
    requests, problems = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(url, wait_until="load")
    return page, requests, problems


def plotted(page, selector):
    text = page.get_attribute(selector, "points").strip()
    return np.array([[float(v) for v in p.split(",")] for p in text.split()])


def expected_points(guide, lr, momentum):
    """This test's own core run at ``lr``, mapped through the explorer's axes."""
    e = guide.explorer
    traj = core.run(core.sgd(lr, momentum=momentum), core.Quadratic(np.array(e.eigenvalues)), np.array(e.x0),
                    e.steps)
    losses, path = traj.losses[:, 0], traj.params[:, 0, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        loss = np.column_stack([e.loss_x.at(np.arange(e.steps + 1)), e.loss_y.at(np.log10(losses))])
    return loss, np.column_stack([e.path_x.at(path[:, 0]), e.path_y.at(path[:, 1])])


def assert_shows(page, guide, index, momentum):
    run = guide.explorer.runs["momentum" if momentum else "gd"][index]
    assert page.text_content("#lr-value") == f"η = {run.label}"
    assert page.get_attribute("#lr-explorer", "data-regime") == run.regime
    loss, path = expected_points(guide, run.lr, guide.explorer.beta if momentum else 0.0)
    for selector, want in (("#loss-line", loss), ("#path-line", path)):
        got = plotted(page, selector)
        assert len(got) >= 2
        finite = np.isfinite(want).all(axis=1)
        n = min(len(got), int(finite.argmin()) if not finite.all() else len(want))
        np.testing.assert_allclose(got[:n], want[:n], atol=0.006)  # points are printed to 2 decimals


def test_slider_moves_by_keyboard_to_the_precomputed_runs(browser, page_url, guide):
    page, requests, problems = open_page(browser, page_url)
    start = guide.explorer.default
    assert page.is_visible("#lr-explorer") and not page.is_visible(".explorer-static")
    assert_shows(page, guide, start, momentum=False)
    page.focus("#lr-slider")
    before = plotted(page, "#loss-line")
    page.keyboard.press("ArrowRight")
    assert page.input_value("#lr-slider") == str(start + 1)
    assert not np.array_equal(before, plotted(page, "#loss-line"))
    assert_shows(page, guide, start + 1, momentum=False)
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert_shows(page, guide, start + 4, momentum=False)
    page.keyboard.press("Home")
    assert_shows(page, guide, 0, momentum=False)
    page.check("#lr-momentum")
    assert_shows(page, guide, 0, momentum=True)
    page.focus("#lr-slider")
    page.keyboard.press("End")
    last = len(guide.explorer.runs["gd"]) - 1
    assert_shows(page, guide, last, momentum=True)
    assert page.get_attribute("#lr-slider", "aria-valuetext").startswith("η = ")
    assert page.text_content("#lr-status") == guide.explorer.runs["momentum"][last].status
    outside = [u for u in requests if not u.startswith(("file://", "data:"))]
    assert not outside and not problems, (outside, problems)
    page.close()


def test_regime_marks_agree_with_theory_on_the_page(browser, page_url, guide):
    page, _, _ = open_page(browser, page_url)
    lam_max = max(guide.explorer.eigenvalues)
    e = guide.explorer
    marks = {label: pos for label, pos, *_ in e.marks}
    assert marks["2/λmax"] == pytest.approx(e.rate_axis.at(math.log10(2 / lam_max)), abs=0.01)
    lines = page.eval_on_selector_all(".rate-strip .mark line", "els => els.map(e => Number(e.getAttribute('x1')))")
    assert sorted(lines) == sorted(marks.values())
    page.close()


def test_page_is_accessible(browser, page_url, axe):
    page, _, problems = open_page(browser, page_url)
    assert axe(page) == []
    page.check("#lr-momentum")
    assert axe(page) == []
    assert not problems
    page.close()


def test_print_and_no_script_show_the_static_figures(browser, page_url):
    page, _, _ = open_page(browser, page_url)
    page.emulate_media(media="print")
    assert not page.is_visible("#lr-explorer") and page.is_visible(".explorer-static img")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    page.close()
    page, _, problems = open_page(browser, page_url, java_script_enabled=False)
    assert not page.is_visible("#lr-explorer") and page.is_visible(".explorer-static img")
    images = page.eval_on_selector_all(".explorer-static img", "els => els.map(e => e.complete && e.naturalWidth)")
    assert images and all(images)
    assert not problems
    page.close()
