"""HTML and Markdown writers: golden files, self-containment, Markdown structure, determinism."""

import re
import subprocess
import sys

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from quizgen.assemble import assemble
from quizgen.writers import RenderOptions, get_writer

FIGURE_LIST = "figure-files.txt"


def _files(bank, fmt, ids, seed=7, versions=1):
    """A quiz's documents; ``ids`` is usually ``golden.quiz_ids(bank)``, the golden quiz (conftest.py)."""
    quiz = assemble([bank[i] for i in ids], seed=seed, versions=versions, title="Golden")
    return get_writer(fmt).render(quiz, "golden", RenderOptions())


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_golden_documents(bank, fmt, golden):
    """Sheets, keys and summary for a fixed seed; regenerate with ``pytest --update-golden``.

    Every character is compared except the bytes of the SVG figures (their drawing has goldens
    of its own, in test_figures.py): an embedded figure (HTML) must be a valid SVG and is
    compared as a placeholder; a figure file (Markdown) must be a valid SVG and only its name
    is compared (``figure-files.txt``). The figures' data is in the family goldens, and the
    bytes' determinism is tested below.
    """
    files = _files(bank, fmt, golden.quiz_ids(bank))
    folder = golden.dir / fmt
    docs = {k: v for k, v in files.items() if not k.endswith(".svg")}
    figures = sorted(k for k in files if k.endswith(".svg"))
    for name in figures:
        golden.check_svg(files[name], name)
    for name, data in docs.items():
        golden.check_text(folder / name, golden.normalize_document(name, data))
    if figures:
        golden.check_text(folder / FIGURE_LIST, "".join(f"{name}\n" for name in figures))
    assert (fmt == "md") == bool(figures), "Markdown puts figures beside the documents, HTML embeds them"
    golden.check_names(folder, set(docs) | ({FIGURE_LIST} if figures else set()))


def test_html_is_self_contained_and_keys_are_separate(bank, golden):
    files = _files(bank, "html", golden.quiz_ids(bank), versions=2)
    names = sorted(files)
    assert "golden-v01.html" in names and "golden-v01-key.html" in names and "golden-summary.html" in names
    for name, data in files.items():
        html = data.decode()
        # no external resource of any kind: every src/href is a data URI or an in-page anchor
        for ref in re.findall(r'(?:src|href)="([^"]*)"', html):
            assert ref.startswith(("data:", "#")), f"{name} refers to {ref}"
        assert "<script" not in html and "@import" not in html and "url(http" not in html
        assert "$" not in re.sub(r"<[^>]+>", "", html).replace("$…$", ""), f"unconverted math in {name}"
    sheet, key = files["golden-v01.html"].decode(), files["golden-v01-key.html"].decode()
    assert "Worked solution" in key and "Worked solution" not in sheet
    assert "✓ correct" in key and "✓ correct" not in sheet
    assert "<math" in sheet and 'alt="' in sheet


def test_student_sheet_hides_solution_figures_and_answers(bank):
    quiz = assemble(list(bank), seed=5, versions=1)
    files = get_writer("html").render(quiz, "all", RenderOptions())
    sheet = files["all.html"].decode()
    for q in quiz.versions[0].questions:
        for f in q.figures:
            if f.in_solution:
                assert f'alt="{f.alt}"' not in sheet or any(
                    g.alt == f.alt and not g.in_solution for g in q.figures), q.name
        if q.answer:
            assert f"Answer:</strong> {q.answer.display}" not in sheet


def test_markdown_parses_as_commonmark_with_math_and_images_resolve(bank, golden, tmp_path):
    files = _files(bank, "md", golden.quiz_ids(bank), versions=2)
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    md = MarkdownIt("commonmark").use(dollarmath_plugin)
    from latex2mathml.converter import convert

    images = math = 0
    for doc in tmp_path.glob("*.md"):
        tokens = md.parse(doc.read_text(encoding="utf-8"))
        for tok in tokens:
            for child in tok.children or []:
                if child.type == "image":
                    images += 1
                    target = tmp_path / child.attrGet("src")
                    assert target.is_file() and target.stat().st_size > 1000, f"{doc.name}: broken {target}"
                    assert child.content, "an image without alt text"
                elif child.type == "math_inline":
                    math += 1
                    convert(child.content)  # valid LaTeX for a converter
                elif child.type == "text":
                    assert "$" not in child.content, f"{doc.name}: unbalanced math in {child.content!r}"
    assert images and math


def test_same_seed_gives_identical_files_in_separate_processes(tmp_path):
    """Same seed, same library versions: byte-identical files, figures included (the goldens
    above ignore figure bytes; this does not). Different hash seeds rule out set/dict order."""
    import os

    outs = []
    for run, hash_seed in (("a", "1"), ("b", "2")):
        out = tmp_path / run
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run([sys.executable, "-m", "quizgen.cli", "generate", "--id", "gd.quadratic.after_k_steps",
                        "--versions", "2", "--seed", "99", "--format", "html,md,json", "--out", str(out), "-q"],
                       check=True, capture_output=True, env=env)
        outs.append({p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert outs[0] == outs[1] and len(outs[0]) > 5
    assert sum(p.suffix == ".svg" for p in outs[0]) >= 2, "the comparison must include figure files"


def test_same_seed_gives_identical_files_in_one_process(bank, golden):
    ids = golden.quiz_ids(bank)
    first, second = ({**_files(bank, "md", ids, seed=11, versions=2), **_files(bank, "html", ids, seed=11, versions=2)}
                     for _ in range(2))
    assert first == second and any(k.endswith(".svg") for k in first)


def test_teacher_templates_override_builtins(bank, tmp_path):
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "summary.html").write_text("<p>my summary for {{ doc.title }}</p>")
    quiz = assemble([bank["gd.quadratic.after_k_steps"]], seed=1, title="T")
    files = get_writer("html").render(quiz, "t", RenderOptions(template_dirs=(tmp_path,)))
    assert files["t-summary.html"].decode() == "<p>my summary for T</p>"
    assert b"Worked solution" in files["t-key.html"], "templates not overridden still come from the built-ins"


def test_figures_drawn_in_parallel_are_the_same_bytes(bank, monkeypatch):
    from quizgen.writers import figures_cache

    monkeypatch.setattr(figures_cache, "PARALLEL_FROM", 2)
    plotted = [f.id for f in bank if f.plot][:3]
    quiz = assemble([bank[i] for i in plotted], seed=3, versions=2, title="Jobs")
    seen = []
    serial = get_writer("md").render(quiz, "jobs", RenderOptions(jobs=1))
    parallel = get_writer("md").render(quiz, "jobs", RenderOptions(jobs=2, progress=lambda d, n: seen.append((d, n))))
    assert serial == parallel
    assert seen[0] == (0, len(seen) - 1) and seen[-1][0] == seen[-1][1] >= 6, seen


def test_a_failing_figure_worker_raises_its_error_with_its_traceback(bank, monkeypatch):
    from quizgen.writers import figures_cache

    def broken(figure):
        raise ValueError("no axes here")

    monkeypatch.setattr(figures_cache, "PARALLEL_FROM", 2)
    monkeypatch.setattr(figures_cache, "_svg", broken)  # the forked workers inherit the patch
    plotted = [f.id for f in bank if f.plot][:2]
    quiz = assemble([bank[i] for i in plotted], seed=3, versions=2, title="Jobs")
    with pytest.raises(ValueError, match="no axes here") as caught:
        get_writer("md").render(quiz, "jobs", RenderOptions(jobs=2))
    assert any("raised in a worker process" in note and "in broken" in note for note in caught.value.__notes__)


def test_the_summary_names_the_questions_whose_figure_gift_cannot_carry(bank):
    from quizgen.render import summary_view

    ids = ["gd.quadratic.after_k_steps", "concepts.true_false", "curves.loss_curves.diagnose"]
    quiz = assemble([bank[i] for i in ids], seed=2, versions=3, title="T")
    view = summary_view(quiz, "g")
    expected = [any(not f.in_solution for v in quiz.versions for f in v.questions[i].figures) for i in range(3)]
    assert list(view.with_figure) == expected and any(expected) and not all(expected)
    text = get_writer("md").render(quiz, "t", RenderOptions())["t-summary.md"].decode()
    marked = [line for line in text.splitlines() if "GIFT export cannot carry" in line]
    assert len(marked) == sum(expected)
