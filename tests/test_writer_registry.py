"""Writers are found by name through the ``quizgen.writers`` entry-point group, built-in or not."""

import sys
import textwrap

import pytest

from quizgen.assemble import assemble
from quizgen.writers import RenderOptions, Writer, get_writer, writer_names


@pytest.fixture
def thirdparty(tmp_path, monkeypatch):
    """An installed-looking distribution on sys.path: dist-info metadata with two entry points
    (a Writer built from a DocumentFormat with its own templates, and a bare render function)."""
    info = tmp_path / "thirdparty-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: thirdparty\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(textwrap.dedent("""\
        [quizgen.writers]
        thirdparty = thirdparty_writer:WRITER
        bare = thirdparty_writer:render_bare
        """))
    (tmp_path / "thirdparty_writer.py").write_text(textwrap.dedent('''\
        from pathlib import Path

        from quizgen.render import MARKDOWN_DOLLARS
        from quizgen.writers import Writer
        from quizgen.writers.documents import DocumentFormat, beside

        TEXT = DocumentFormat("text", ".txt", MARKDOWN_DOLLARS, beside, (Path(__file__).parent / "templates",))
        WRITER = Writer("thirdparty", "plain-text sheets", TEXT.render)


        def render_bare(quiz, stem, options=None):
            """One line per version code."""
            return {stem + ".codes": "".join(v.code + "\\n" for v in quiz.versions).encode()}
        '''))
    templates = tmp_path / "templates" / "text"
    templates.mkdir(parents=True)
    for kind in ("sheet", "key"):
        (templates / f"{kind}.txt").write_text(
            f"{kind} {{{{ doc.code }}}}\n{{% for q in doc.questions %}}{{{{ q.number }}}}. {{{{ q.prompt }}}}\n"
            "{% for f in q.figures %}[{{ f.src }}]\n{% endfor %}{% endfor %}")
    (templates / "summary.txt").write_text("{% for code, answers in doc.rows %}{{ code }}: {{ answers | join(' ') }}\n"
                                           "{% endfor %}")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield
    sys.modules.pop("thirdparty_writer", None)


def test_builtin_formats_are_entry_points():
    assert {"html", "md", "json"} <= set(writer_names())
    assert all(isinstance(get_writer(name), Writer) and get_writer(name).name == name for name in ("html", "md", "json"))


def test_unknown_format_lists_the_formats():
    with pytest.raises(KeyError) as exc:
        get_writer("x")
    import tomllib
    from pathlib import Path

    # the built-in formats are the ones quizgen's pyproject.toml registers
    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    names = sorted(project["project"]["entry-points"]["quizgen.writers"])
    assert {"html", "md", "json", "pdf", "moodle", "qti", "gift", "anki"} <= set(names)
    assert exc.value.args[0] == f"unknown format 'x'; formats are: {', '.join(names)}"


def test_a_third_party_writer_is_found_through_its_entry_point(thirdparty, bank):
    quiz = assemble([bank["gd.quadratic.after_k_steps"]], seed=1, versions=2, title="T")
    assert {"thirdparty", "bare"} <= set(writer_names())
    files = get_writer("thirdparty").render(quiz, "t", RenderOptions())
    v1, v2 = quiz.versions
    assert sorted(k for k in files if not k.endswith(".svg")) == [
        "t-summary.txt", "t-v01-key.txt", "t-v01.txt", "t-v02-key.txt", "t-v02.txt"]
    assert files["t-v02-key.txt"].decode().startswith(f"key {v2.code}\n1. ")
    assert files["t-summary.txt"].decode().startswith(f"{v1.code}: ")
    assert "$" in files["t-v01.txt"].decode(), "MARKDOWN_DOLLARS leaves the math as written"
    figures = [name for name in files if name.endswith(".svg")]
    assert figures and all(name.startswith("t-figures/") for name in figures)
    assert all(f"[{name}]" in files["t-v01-key.txt"].decode() + files["t-v02-key.txt"].decode() for name in figures)

    bare = get_writer("bare")
    assert bare.description == "One line per version code."
    assert bare.render(quiz, "t", RenderOptions()) == {"t.codes": f"{v1.code}\n{v2.code}\n".encode()}
