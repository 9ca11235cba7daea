"""PDF: a sheet and a key per version, and one booklet for the copier, typeset by typst.

The documents are the same views the HTML and Markdown writers show, written as typst
markup by ``templates/typst/`` (question text and math converted by
:mod:`quizgen.typst_markup`) and compiled in memory by the ``typst`` package, whose
compiler and fonts ship inside its wheel: no LaTeX, no browser, no system package. Only
the fonts built into typst are used, so a PDF is the same on every machine. Figures go in
as SVG and stay vectors.

Layout (:class:`~quizgen.writers.Layout`): A4 or Letter; a sheet never splits a question
over two pages; a key may, between steps, and the next page then says which question
continues; every page shows its document's page number ("2 / 4"), version and code, and
on sheets a name field. The booklet ``<stem>-booklet.pdf`` holds every version's sheet in
order, then every key, each starting on a new page (an odd one with ``duplex``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from quizgen import __version__
from quizgen.assemble import Quiz
from quizgen.render import environment
from quizgen.typst_markup import TYPST
from quizgen.writers import Files, RenderOptions, Writer, WriterError, WriterUnavailable
from quizgen.writers.documents import version_documents
from quizgen.writers.figures_cache import quiz_svgs


#: typst's names of the paper sizes quizgen offers
PAPER = {"a4": "a4", "letter": "us-letter"}


def require_typst():
    """The typst package, or a one-line :class:`WriterUnavailable` saying how to install it."""
    try:
        import typst
    except ImportError:
        raise WriterUnavailable("PDF output needs the typst package: pip install typst") from None
    return typst


def typst_sources(quiz: Quiz, stem: str, options: RenderOptions, root: Path) -> dict[str, str]:
    """The typst source of every PDF (``{pdf name: source}``), with the figures they show
    written as SVG files under ``root/figures/`` (typst reads images from files)."""
    layout = options.layout
    env = environment(options.template_dirs)
    svgs = quiz_svgs(quiz, options)
    generator = f"quizgen {__version__}"
    paper = PAPER[layout.paper]
    (root / "figures").mkdir(exist_ok=True)

    def ref(svg: bytes, name: str) -> str:
        (root / "figures" / name).write_bytes(svg)
        return f"figures/{name}"

    sources, documents = {}, []
    for name, kind, doc in version_documents(quiz, stem, TYPST, ref, svgs, layout, generator):
        documents.append(doc)
        sources[f"{name}.pdf"] = env.get_template(f"typst/{kind}.typ").render(doc=doc, paper=paper, duplex=False)
    if quiz.complete:
        # sheets first, in version order, then the keys: the copier's order
        ordered = [d for d in documents if not d.is_key] + [d for d in documents if d.is_key]
        sources[f"{stem}-booklet.pdf"] = env.get_template("typst/booklet.typ").render(
            docs=ordered, title=quiz.title, paper=paper, duplex=layout.duplex)
    return sources


def compile_typst(source: str, root: Path, name: str) -> bytes:
    """One typst source compiled to PDF bytes (images resolved under ``root``)."""
    typst = require_typst()
    main = root / "main.typ"
    main.write_text(source, encoding="utf-8")
    try:
        # only typst's own fonts and matplotlib's (the figures' text asks for DejaVu Sans, which
        # matplotlib ships): the same PDF on every machine, whatever fonts it has installed
        return typst.compile(str(main), root=str(root), format="pdf", ignore_system_fonts=True,
                             font_paths=font_paths())
    except typst.TypstError as exc:  # a teacher's template (or a bug): say where, in one line
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise WriterError(f"typst could not typeset {name}: {first}") from None


def font_paths() -> list[str]:
    """The fonts typst may use besides its own: the figures' (DejaVu Sans, which their text names)."""
    from quizgen.figures.text import font_dir

    return [str(font_dir())]


def render_pdf(quiz: Quiz, stem: str, options: RenderOptions | None = None) -> Files:
    """Every version's sheet and key as PDF, and the booklet of all of them when the quiz is complete."""
    require_typst()  # before any work: a missing typst is one line, at once
    options = options or RenderOptions()
    with tempfile.TemporaryDirectory(prefix="quizgen-typst-") as tmp:
        root = Path(tmp)
        return {name: compile_typst(source, root, name)
                for name, source in typst_sources(quiz, stem, options, root).items()}


WRITER = Writer("pdf", "PDF sheets and keys, and one booklet of every version for the copier (typeset by typst)",
                render_pdf)
