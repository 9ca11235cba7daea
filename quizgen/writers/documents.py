"""The one document writer: a student sheet and an answer key per version, and a summary.

Every document format (HTML, Markdown, …) writes the same documents from the same views;
a :class:`DocumentFormat` declares only what differs — its templates, how question text
and math are converted (a :class:`~quizgen.render.TextFormat`) and how a figure is
referenced (:func:`embedded` or :func:`beside`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from quizgen import __version__
from quizgen.assemble import Quiz, Version
from quizgen.parallel import fork_map
from quizgen.render import (DocumentView, TextFormat, document_name, document_questions, document_view,
                            environment, summary_view, svg_data_uri)
from quizgen.writers import Files, RenderOptions
from quizgen.writers.figures_cache import quiz_svgs

FigureRef = Callable[[bytes, str], tuple[str, Files]]
"""``(svg, path) -> (src, files)``: how a document refers to a figure, given its SVG bytes and
the path it would have beside the documents; ``files`` are added to the writer's output."""


def embedded(svg: bytes, path: str) -> tuple[str, Files]:
    """The figure inside the document, as a data URI: nothing to write beside it."""
    return svg_data_uri(svg), {}


def beside(svg: bytes, path: str) -> tuple[str, Files]:
    """The figure as an SVG file beside the documents (``<stem>-figures/…``), linked by its path."""
    return path, {path: svg}


def version_documents(quiz: Quiz, stem: str, text: TextFormat, figure: Callable[[bytes, str], str],
                      svgs: dict, layout, generator: str) -> Iterator[tuple[str, str, DocumentView]]:
    """``(document name, "sheet" or "key", view)`` of every version's two documents, in order —
    what every document format (HTML, Markdown, PDF) writes. ``figure(svg, file name)`` says how a
    document refers to a figure; the file name is unique in the quiz (``v03-q02-1.svg``: figures
    of several versions share one folder, so their names carry the version)."""
    for v in quiz.versions:
        yield from documents_of(quiz, v, stem, text, figure, svgs, layout, generator)


def documents_of(quiz: Quiz, v: Version, stem: str, text: TextFormat, figure: Callable[[bytes, str], str],
                 svgs: dict, layout, generator: str) -> Iterator[tuple[str, str, DocumentView]]:
    """The two documents of version ``v``, as :func:`version_documents` gives them."""
    total = quiz.total_versions
    prefix = "" if total == 1 else f"v{v.number:02d}-"

    def src(qn: int, i: int) -> str:
        return figure(svgs[(v.number, qn, i)], f"{prefix}q{qn:02d}-{i + 1}.svg")

    questions = document_questions(v, text, src, layout)
    name = document_name(stem, v, total)
    for is_key, kind, suffix in ((False, "sheet", ""), (True, "key", "-key")):
        yield name + suffix, kind, document_view(quiz, v, questions, is_key, layout, generator)


@dataclass(frozen=True)
class DocumentFormat:
    """A document format as data. Its templates are ``<folder>/sheet<suffix>``,
    ``<folder>/key<suffix>`` and ``<folder>/summary<suffix>``; they are looked up in the
    teacher's folders, then ``template_dirs`` (a plug-in's own), then the built-in ones.
    Use :meth:`render` as a :class:`~quizgen.writers.Writer`'s render function."""

    folder: str
    suffix: str
    text: TextFormat
    figure: FigureRef
    template_dirs: tuple[Path, ...] = ()

    def render(self, quiz: Quiz, stem: str, options: RenderOptions | None = None) -> Files:
        """The sheet and key of every version, and the summary when the quiz is complete."""
        options = options or RenderOptions()
        env = environment((*options.template_dirs, *self.template_dirs))
        svgs = quiz_svgs(quiz, options)
        generator = f"quizgen {__version__}"
        layout = options.layout
        files: Files = {}

        def write(template: str, name: str, doc, into: Files) -> None:
            into[name + self.suffix] = env.get_template(f"{self.folder}/{template}{self.suffix}").render(
                doc=doc).encode("utf-8")

        def version_files(v) -> Files:  # by forked workers when there are many versions
            out: Files = {}

            def ref(svg: bytes, name: str) -> str:
                src, extra = self.figure(svg, f"{stem}-figures/{name}")
                out.update(extra)
                return src

            for name, kind, doc in documents_of(quiz, v, stem, self.text, ref, svgs, layout, generator):
                write(kind, name, doc, out)
            return out

        for kind in ("sheet", "key", "summary"):  # compiled once, before any worker starts
            env.get_template(f"{self.folder}/{kind}{self.suffix}")
        for part in fork_map(version_files, quiz.versions, options.jobs):
            files.update(part)
        if quiz.complete:  # the summary lists every version: not written when one is rebuilt alone
            write("summary", f"{stem}-summary", summary_view(quiz, generator, layout.paper), files)
        return files
