"""The study guide as PDF, judged on the paper typst makes: read back with PDFium (text, bookmarks,
the tagged structure with each figure's alternative text, page sizes, rendered pixels); what it must
say is taken from the Guide model and the questions' own answer rules, never from the PDF writer."""

import contextlib
import ctypes
import io
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass

import numpy as np
import pytest

from quizgen.study_guide import build_guide
from quizgen.writers.guide_writer import render_guide

pdfium = pytest.importorskip("pypdfium2")
pytest.importorskip("typst")
raw = pdfium.raw

SEEDS = (5, 11)
# the section names issue 11 asks for, so a reader finds them; the answers get a section on paper
SECTIONS = ("Definition", "Must-know facts", "Key formulas", "Misconceptions", "Worked examples",
            "Review questions", "Practice")


@pytest.fixture(scope="module")
def made(bank):
    """Per seed: the guide, its figure cache (shared with other renderings) and its PDF."""
    out = {}
    for seed in SEEDS:
        guide, cache = build_guide(seed=seed, bank=bank), {}
        out[seed] = (guide, cache, render_guide(guide, ["pdf"], cache=cache)["study-guide.pdf"])
    return out


def _fold(text: str) -> str:
    return " ".join(text.split())


def _pages(pdf: bytes) -> list[str]:
    """The text of every page (PDFium's extraction, whitespace folded; PDFium reads a hyphen that
    ends a line, as in "mini-" + "batch", as U+FFFE)."""
    return [_fold(page.get_textpage().get_text_range().replace("\ufffe", "-")) for page in pdfium.PdfDocument(pdf)]


def _bookmarks(pdf: bytes) -> list[tuple[int, str, int]]:
    """(level, title, page index) of every bookmark, in order."""
    return [(b.level, b.get_title(), b.get_dest().get_index()) for b in pdfium.PdfDocument(pdf).get_toc()]


def _plain_words(markdown: str, count: int = 8) -> str:
    """The longest stretch of a Markdown text without math or code, emphasis marks dropped, cut
    to ``count`` words: what PDFium must read back verbatim."""
    stretches = re.split(r"\$[^$]*\$|`[^`]*`", markdown.replace("**", "").replace("*", ""))
    return " ".join(max(stretches, key=lambda s: len(s.split())).split()[:count])


@dataclass
class Drawn:
    """A Figure element of the PDF's structure tree, and what its marked content draws."""

    page: int
    alt: str
    paths: int  # vector path objects
    images: int  # bitmap objects
    box: tuple[float, float, float, float]  # left, bottom, right, top in points


def _figures(pdf: bytes) -> list[Drawn]:
    """Every Figure element of the tagged PDF, with its alternative text and the page objects
    its marked-content ids own."""
    found = []
    buffer = ctypes.create_string_buffer(8192)

    def text_of(getter, element) -> str:
        size = getter(element, buffer, len(buffer))
        return buffer.raw[:size].decode("utf-16-le").rstrip("\x00") if size else ""

    def walk(element, out):
        if text_of(raw.FPDF_StructElement_GetType, element) == "Figure":
            out.append(element)
        for i in range(raw.FPDF_StructElement_CountChildren(element)):
            child = raw.FPDF_StructElement_GetChildAtIndex(element, i)
            if child:
                walk(child, out)

    for index, page in enumerate(pdfium.PdfDocument(pdf)):
        owned = {}
        for obj in page.get_objects(max_depth=0):
            owned.setdefault(raw.FPDFPageObj_GetMarkedContentID(obj.raw), []).append(obj)
        tree, elements = raw.FPDF_StructTree_GetForPage(page.raw), []
        for i in range(raw.FPDF_StructTree_CountChildren(tree)):
            walk(raw.FPDF_StructTree_GetChildAtIndex(tree, i), elements)
        for element in elements:
            ids = [raw.FPDF_StructElement_GetMarkedContentIdAtIndex(element, i)
                   for i in range(raw.FPDF_StructElement_GetMarkedContentIdCount(element))]
            objs = [o for i in ids for o in owned.get(i, [])]
            boxes = [o.get_bounds() for o in objs] or [(0, 0, 0, 0)]
            found.append(Drawn(index, text_of(raw.FPDF_StructElement_GetAltText, element),
                               sum(o.type == raw.FPDF_PAGEOBJ_PATH for o in objs),
                               sum(o.type == raw.FPDF_PAGEOBJ_IMAGE for o in objs),
                               (min(b[0] for b in boxes), min(b[1] for b in boxes),
                                max(b[2] for b in boxes), max(b[3] for b in boxes))))
        raw.FPDF_StructTree_Close(tree)
    return found


def _all_figures(guide):
    questions = [w.question for w in guide.worked] + list(guide.review) + list(guide.practice)
    return ([f for fact in guide.facts for f in fact.figures] + list(guide.explorer.static)
            + [f for q in questions for f in q.figures])


@pytest.mark.parametrize("seed", SEEDS)
def test_every_section_is_a_heading_and_a_bookmark(made, seed):
    guide, _, pdf = made[seed]
    pages, marks = _pages(pdf), _bookmarks(pdf)
    top = [(title, page) for level, title, page in marks if level == 0]
    titles = [t for t, _ in top]
    for heading in (*SECTIONS, "Answers to the review questions", "Explorer"):
        assert heading in titles, (heading, titles)
    for title, page in top:  # each bookmark leads to the page that prints its heading
        assert title in pages[page], (title, page)
    order = [titles.index(h) for h in SECTIONS]
    assert order == sorted(order)  # in the reading order of the HTML guide
    # the answers come after the questions they answer, on paper not behind a click
    assert titles.index("Review questions") < titles.index("Answers to the review questions") < titles.index("Practice")
    facts = [t for level, t, _ in marks if level == 1 and re.match(r"\d+\. ", t)]
    assert len(facts) == len(guide.facts)
    assert "Key" in [t for level, t, _ in marks if level == 1]


@pytest.mark.parametrize("seed", SEEDS)
def test_every_fact_is_stated_with_its_evidence(made, seed):
    guide, _, pdf = made[seed]
    text = " ".join(_pages(pdf))
    for fact in guide.facts:
        for markdown in (fact.title, fact.statement, *fact.evidence, *filter(None, [fact.corrects])):
            words = _plain_words(markdown)
            assert len(words.split()) >= 3, markdown  # a stretch long enough to mean something
            assert _fold(words) in text, (fact.key, words)
    for m in guide.misconceptions:
        assert _fold(_plain_words(m.belief)) in text


@pytest.mark.parametrize("seed", SEEDS)
def test_pages_are_numbered_one_to_n_on_a4(made, seed):
    pdf = made[seed][2]
    pages = _pages(pdf)
    assert len(pages) >= 8
    for n, text in enumerate(pages, 1):
        assert re.search(rf"seed {seed} {n} / {len(pages)} quizgen", text), (n, text[-80:])
    for page in pdfium.PdfDocument(pdf):
        w, h = page.get_size()
        assert (w * 25.4 / 72, h * 25.4 / 72) == pytest.approx((210, 297), abs=0.5)


def test_letter_paper_when_asked(made):
    guide, cache, _ = made[SEEDS[0]]
    pdf = render_guide(guide, ["pdf"], cache=cache, paper="letter")["study-guide.pdf"]
    for page in pdfium.PdfDocument(pdf):
        w, h = page.get_size()
        assert (w * 25.4 / 72, h * 25.4 / 72) == pytest.approx((215.9, 279.4), abs=0.5)


@pytest.mark.parametrize("seed", SEEDS)
def test_every_figure_is_a_tagged_vector_drawing_with_ink(made, seed):
    guide, _, pdf = made[seed]
    drawn = _figures(pdf)
    # each figure once, described for screen readers by its own alternative text
    assert sorted(d.alt for d in drawn) == sorted(f.alt for f in _all_figures(guide))
    document = pdfium.PdfDocument(pdf)
    for page in document:
        assert all(o.type != raw.FPDF_PAGEOBJ_IMAGE for o in page.get_objects())  # no bitmap anywhere
    for d in drawn:
        left, bottom, right, top = d.box
        # a plot: vector paths (background, grid, ticks, axes, curves, markers; each kind one path
        # or more) over a good part of the text width
        assert d.paths >= 6 and d.images == 0, (d.alt, d.paths)
        assert right - left > 60 / 25.4 * 72 and top - bottom > 40 / 25.4 * 72, (d.alt, d.box)
        page = document[d.page]
        scale = 1.0
        pixels = np.asarray(page.render(scale=scale).to_pil().convert("L"), dtype=int)
        height = pixels.shape[0]
        region = pixels[int(height - top * scale):int(height - bottom * scale), int(left * scale):int(right * scale)]
        assert (region < 160).mean() > 0.008, d.alt  # it renders with ink where it stands


@pytest.mark.parametrize("seed", SEEDS)
def test_math_is_typeset_not_left_as_tex(made, seed):
    guide, _, pdf = made[seed]
    text = " ".join(_pages(pdf))
    assert "$" not in text and "\\" not in text  # no TeX source left over: no $…$, no \eta
    assert "𝜂" in text and "𝜆" in text  # math italic: typst's math font set them, not a text font
    # the update rule as a formula (NFKC reads 𝜃 as θ), with the true minus sign
    assert "θt+1=θt−η∇L(θt)" in unicodedata.normalize("NFKC", text).replace(" ", "")


@pytest.mark.parametrize("seed", SEEDS)
def test_the_explorer_is_its_static_figure_and_points_to_the_html(made, seed):
    guide, _, pdf = made[seed]
    pages, marks = _pages(pdf), _bookmarks(pdf)
    page = next(p for level, t, p in marks if level == 0 and t == "Explorer")
    following = " ".join(pages[page:page + 2])
    assert "interactive explorer is in the HTML guide" in pages[page]
    assert f"slider over {len(guide.explorer.runs['gd'])} real runs" in pages[page]
    for figure in guide.explorer.static:
        assert _fold(_plain_words(figure.caption)) in following
    static = {f.alt for f in guide.explorer.static}
    assert {d.page for d in _figures(pdf) if d.alt in static} <= {page, page + 1}


def _run(snippet: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(snippet, {})  # the student's numpy, run as a notebook would
    return out.getvalue().strip()


def test_worked_examples_carry_their_runnable_numpy_and_another_seed_other_numbers(made):
    printed = {}
    for seed in SEEDS:
        guide, _, pdf = made[seed]
        text = " ".join(_pages(pdf))
        printed[seed] = [_run(w.snippet) for w in guide.worked]
        assert "Run it yourself" in text
        for w, out in zip(guide.worked, printed[seed]):
            assert f"Prints {out}." in text  # what the code prints is what the guide says it prints
            assert _fold(w.snippet.splitlines()[0]) in text  # the code itself is on the page
    assert printed[SEEDS[0]] != printed[SEEDS[1]]


@pytest.mark.parametrize("seed", SEEDS)
def test_review_answers_and_practice_key_are_printed_and_right(made, seed):
    guide, _, pdf = made[seed]
    pages, marks = _pages(pdf), _bookmarks(pdf)
    answers_at = next(p for level, t, p in marks if level == 0 and t == "Answers to the review questions")
    key_at = next(p for level, t, p in marks if level == 1 and t == "Key")
    answers = " ".join(pages[answers_at:key_at])
    for q in guide.review:
        letters = ", ".join("ABCDEFGH"[i] for i, c in enumerate(q.choices) if c.correct)
        assert f"Answer: {letters}" in answers, (q.name, letters)
    key = " ".join(pages[key_at:])
    shown = re.findall(r"Answer: (−|-)?(\d+(?:\.\d+)?)(?: × 10 ?(−|-)?(\d+))?", key)
    values = [float(("-" if sign else "") + mant + (f"e{'-' if esign else ''}{exp}" if exp else ""))
              for sign, mant, esign, exp in shown]
    numeric = [q for q in guide.practice if q.kind.value == "numeric"]
    assert len(values) >= len(numeric) >= 1
    for q in numeric:  # each printed key answer passes the question's own acceptance rule
        assert any(q.answer.accepts(v) for v in values), (q.name, values)


def test_same_seed_same_bytes(made, bank):
    seed = SEEDS[0]
    again = render_guide(build_guide(seed=seed, bank=bank), ["pdf"])["study-guide.pdf"]
    assert again == made[seed][2]
    assert made[SEEDS[0]][2] != made[SEEDS[1]][2]


def test_cli_writes_only_the_pdf_and_a_missing_typst_is_one_line(tmp_path):
    out = tmp_path / "g"
    done = subprocess.run([sys.executable, "-m", "quizgen", "study-guide", "--format", "pdf", "--seed", "2",
                           "--out", str(out), "--quiet"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["study-guide.pdf"]  # figures are inside it
    assert (out / "study-guide.pdf").read_bytes().startswith(b"%PDF-")
    blocked = ("import sys; sys.modules['typst'] = None; from quizgen.cli import main; "
               "sys.argv = ['quizgen', 'study-guide', '--format', 'html,pdf', '--out', sys.argv[1]]; main()")
    done = subprocess.run([sys.executable, "-c", blocked, str(tmp_path / "h")], capture_output=True, text=True)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "pip install typst" in done.stderr, done.stderr
    assert not (tmp_path / "h").exists()
