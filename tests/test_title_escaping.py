"""A title (and cover text) with Markdown, HTML and typst markup prints literally in every
document kind — read back by real parsers: lxml for HTML, markdown-it for Markdown, pypdf for
PDF — and a broken teacher template is one error line with its file and line."""

import pytest
from click.testing import CliRunner

from quizgen.cli import main

TITLE = "*bold* <b>x</b> # [link](u) $x$ `code` & _under_ ~s~ | 1. -a"
COURSE = "<i>ML</i> **101** #x"


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    out = tmp_path_factory.mktemp("escaping") / "out"
    result = CliRunner().invoke(main, ["generate", "--id", "gd.quadratic.one_step", "--id", "concepts.definition",
                                       "--format", "html,md,pdf", "--title", TITLE, "--cover", "--course", COURSE,
                                       "--out", str(out), "--jobs", "1", "-q"])
    assert result.exit_code == 0, result.output
    return out


def _md_text(source: str, index: int = 0):
    """The text of the n-th heading as a CommonMark reader shows it, and every HTML-ish token."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    tokens = MarkdownIt("commonmark").use(dollarmath_plugin).parse(source)
    headings = [tokens[i + 1] for i, t in enumerate(tokens) if t.type == "heading_open"]
    inline = headings[index]
    kinds = {c.type for c in inline.children}
    return "".join(c.content for c in inline.children if c.type == "text"), kinds


def test_markdown_headings_show_the_title_literally(made):
    sheet = next(p for p in made.glob("*.md") if not p.name.endswith(("-key.md", "-summary.md")))
    for path, suffix in ((sheet, ""), (sheet.with_name(sheet.stem + "-key.md"), " — answer key")):
        text, kinds = _md_text(path.read_text(encoding="utf-8"))
        assert text == TITLE + suffix
        # nothing but text: no emphasis, link, code, HTML or math made of the title
        assert kinds == {"text"}, kinds
    source = sheet.read_text(encoding="utf-8")
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(source)
    assert "<b>" not in html and "<i>" not in html and "<em>" not in html.split("<h2")[0]
    assert "<p>Course: &lt;i&gt;ML&lt;/i&gt; **101** #x</p>" in html


def test_html_documents_show_the_title_as_text(made):
    from lxml import html

    pages = list(made.glob("*.html"))
    assert len(pages) == 3  # sheet, key, summary
    for page in pages:
        tree = html.fromstring(page.read_bytes())
        assert TITLE in tree.findtext(".//title")
        assert TITLE in tree.xpath("string(.//h1)")
        assert not tree.xpath("//h1//b | //h1//a | //h1//code | //h1//em | //title/*")


def test_pdf_shows_the_title_literally(made):
    from pypdf import PdfReader

    sheet = next(p for p in made.glob("*.pdf") if not p.name.endswith(("-key.pdf", "-booklet.pdf")))
    reader = PdfReader(sheet)
    text = " ".join((page.extract_text() or "") for page in reader.pages[:2])
    flat = " ".join(text.split())
    for piece in ("*bold*", "<b>x</b>", "# [link](u)", "$x$", "`code`", "_under_", COURSE):
        assert piece in flat, (piece, flat[:400])
    assert reader.metadata.title == TITLE


def _generate_with(folder, fmt, tmp_path):
    return CliRunner().invoke(main, ["generate", "--templates", str(folder), "--id", "gd.quadratic.one_step",
                                     "-f", fmt, "--out", str(tmp_path / "out"), "-q"])


def test_a_template_error_names_the_teachers_file_and_line(tmp_path):
    folder = tmp_path / "tpl"
    (folder / "html").mkdir(parents=True)
    (folder / "html" / "sheet.html").write_text("<!doctype html>\n<p>hello</p>\n{{ doc.nope }}\n")
    result = _generate_with(folder, "html", tmp_path)
    assert result.exit_code == 2
    assert result.output.strip() == (f"Error: template error ({folder / 'html' / 'sheet.html'}, line 3): "
                                     "'DocumentView object' has no attribute 'nope'")
    assert not (tmp_path / "out").exists()
    # an included partial of the teacher's: the partial's own file and line
    (folder / "html" / "sheet.html").unlink()
    (folder / "markdown").mkdir()
    (folder / "markdown" / "sheet.md").write_text('{% include "markdown/_mine.md" %}\n')
    (folder / "markdown" / "_mine.md").write_text("a\nb\n{{ doc.title | nosuch }}\n")
    result = _generate_with(folder, "md", tmp_path)
    assert result.exit_code == 2
    assert result.output.strip() == (f"Error: template error ({folder / 'markdown' / '_mine.md'}, line 3): "
                                     "No filter named 'nosuch'.")
