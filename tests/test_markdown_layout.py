"""Markdown that reads well everywhere (issue 10), checked on markdown-it-py's parse (CommonMark, as
GitHub reads it) and, where pandoc is installed, on pandoc's: a choice and its feedback are separate
paragraphs, headings step down one level at a time, figures resolve and keep their alt text out
of the visible caption, and points, cover page and version code are there."""

import re
import shutil
import subprocess

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from quizgen.assemble import assemble
from quizgen.render import MARKDOWN_DOLLARS, document_questions
from quizgen.writers import Layout, RenderOptions, get_writer

COVER = Layout(cover=True, points="difficulty", course="ML 101, week 5", date="3 March 2026",
               instructions="Closed book.")


def _parser():
    return MarkdownIt("commonmark").use(dollarmath_plugin).enable("table")


@pytest.fixture(scope="module", params=["plain", "cover"])
def written(request, bank, golden, tmp_path_factory):
    """The golden quiz (two versions) in Markdown, written to a folder: (quiz, layout, folder, files)."""
    layout = COVER if request.param == "cover" else Layout()
    quiz = assemble([bank[i] for i in golden.quiz_ids(bank)], seed=7, versions=2, title="Layout")
    files = get_writer("md").render(quiz, "quiz", RenderOptions(layout=layout))
    folder = tmp_path_factory.mktemp(request.param)
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return quiz, layout, folder, files


def _views(quiz, layout, number):
    return document_questions(quiz.versions[number - 1], MARKDOWN_DOLLARS, lambda qn, i: "", layout)


def _items(tokens):
    """Each bullet list item's paragraphs, as their inline source: [[paragraph, …], …]."""
    items, depth = [], 0
    for i, tok in enumerate(tokens):
        if tok.type == "list_item_open":
            depth += 1
            items.append([])
        elif tok.type == "list_item_close":
            depth -= 1
        elif tok.type == "inline" and depth and tokens[i - 1].type == "paragraph_open":
            items[-1].append(tok.content)
    return items


def test_a_keys_choice_and_its_feedback_are_two_paragraphs(written):
    quiz, layout, folder, _ = written
    for n in (1, 2):
        tokens = _parser().parse((folder / f"quiz-v{n:02d}-key.md").read_text(encoding="utf-8"))
        choices = {p[0]: p for p in _items(tokens) if p and re.match(r"\*\*[A-Z]\.\*\*", p[0])}
        expected = [c for q in _views(quiz, layout, n) for c in q.choices]
        assert len(choices) == len(expected) > 0
        for c in expected:
            (first,) = [k for k in choices if k.startswith(f"**{c.label}.** {c.text}")]
            assert choices[first] == [first, c.feedback], f"choice {c.label}: {choices[first]}"
        sheet = _parser().parse((folder / f"quiz-v{n:02d}.md").read_text(encoding="utf-8"))
        listed = [p for p in _items(sheet) if p and re.match(r"\*\*[A-Z]\.\*\*", p[0])]
        assert len(listed) == len(expected) and all(len(p) == 1 for p in listed), "feedback on a sheet"


def test_headings_step_down_one_level_at_a_time(written):
    _, _, folder, _ = written
    for path in sorted(folder.glob("*.md")):
        levels = [int(t.tag[1]) for t in _parser().parse(path.read_text(encoding="utf-8")) if t.type == "heading_open"]
        assert levels[0] == 1 and levels.count(1) == 1, f"{path.name}: {levels}"
        for a, b in zip(levels, levels[1:]):
            assert b <= a + 1, f"{path.name}: heading level {a} followed by {b}"
        if "summary" not in path.name:
            assert 2 in levels


def test_figures_resolve_and_keep_their_alt_text_out_of_a_caption(written):
    quiz, layout, folder, files = written
    seen = 0
    for n in (1, 2):
        alts = {f.alt for q in _views(quiz, layout, n) for f in q.figures}
        for suffix in ("", "-key"):
            tokens = _parser().parse((folder / f"quiz-v{n:02d}{suffix}.md").read_text(encoding="utf-8"))
            for tok in tokens:
                images = [c for c in tok.children or [] if c.type == "image"]
                if not images:
                    continue
                seen += len(images)
                (image,) = images
                assert (folder / image.attrGet("src")).is_file() and image.attrGet("src") in files
                assert image.content in alts
                # pandoc makes a figure captioned with the alt text of an image alone in its paragraph
                kinds = [c.type for c in tok.children]
                assert kinds[:2] == ["image", "hardbreak"] and len(kinds) > 2, kinds
                caption = "".join(c.content for c in tok.children[2:])
                assert caption.startswith(("Figure", "Solution figure")) and image.content not in caption
    assert seen


def test_version_code_points_and_cover_are_in_the_markdown(written):
    quiz, layout, folder, _ = written
    parser = _parser()
    for v in quiz.versions:
        sheet = (folder / f"quiz-v{v.number:02d}.md").read_text(encoding="utf-8")
        key = (folder / f"quiz-v{v.number:02d}-key.md").read_text(encoding="utf-8")
        for text in (sheet, key):
            assert f"Version {v.number} of 2 · code `{v.code}`" in text
        points = re.findall(r"\*\*Points: (\d+)\*\*", sheet)
        tables = [t for t in parser.parse(sheet) if t.type == "table_open"]
        if layout.cover:
            assert [int(p) for p in points] == [q.difficulty for q in v.questions]
            assert f"total points: {sum(q.difficulty for q in v.questions)}" in sheet
            rows = re.findall(r"^\| (\d+) \| (\d+) \| \|$", sheet, flags=re.M)
            assert [(int(a), int(b)) for a, b in rows] == [(i, q.difficulty) for i, q in enumerate(v.questions, 1)]
            assert len(tables) == 1 and "Student ID: ____" in sheet and COVER.course in sheet
        else:
            assert not points and not tables and "Name: ____" in sheet


def test_pandoc_reads_choices_feedback_and_figures_as_meant(written):
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        pytest.skip("pandoc is not installed (apt-get install pandoc)")
    quiz, layout, folder, _ = written
    for path in sorted(folder.glob("*-key.md")):
        out = subprocess.run([pandoc, "-f", "markdown", "-t", "html", "--mathml", str(path)],
                             capture_output=True, text=True, check=True).stdout
        assert "<figure" not in out and "<figcaption" not in out
        items = re.findall(r"<li><p><strong>[A-Z]\.</strong>.*?</li>", out, flags=re.S)
        assert items and all(item.count("<p>") == 2 for item in items)
