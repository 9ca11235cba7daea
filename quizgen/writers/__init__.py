"""Output formats: writers found by name through the ``quizgen.writers`` entry-point group.

A writer turns a :class:`~quizgen.assemble.Quiz` into files, returned as a mapping of
relative path → bytes; :func:`quizgen.output.write_files` then writes them all or none.
The built-in formats (``html``, ``md``, ``json``) are registered in quizgen's own
``pyproject.toml`` exactly as a plug-in registers one, and :func:`get_writer` finds both
through :func:`importlib.metadata.entry_points`.

**Adding a format** takes one module plus its templates. A document format (a sheet and a
key per version, and a summary) declares only how it differs from the others, as data —
say, plain text with ``$…$`` math and figure files beside it::

    # mypackage/text_writer.py
    from pathlib import Path

    from quizgen.render import MARKDOWN_DOLLARS
    from quizgen.writers import Writer
    from quizgen.writers.documents import DocumentFormat, beside

    TEXT = DocumentFormat(folder="text", suffix=".txt", text=MARKDOWN_DOLLARS, figure=beside,
                          template_dirs=(Path(__file__).parent / "templates",))
    WRITER = Writer("txt", "plain-text sheets and keys", TEXT.render)

with ``templates/text/sheet.txt``, ``key.txt`` and ``summary.txt`` (they display the views of
:mod:`quizgen.render`; see ``templates/markdown/``), and the entry point in its ``pyproject.toml``::

    [project.entry-points."quizgen.writers"]
    txt = "mypackage.text_writer:WRITER"

A built-in format is the same module in ``quizgen/writers/``, its template folder in
``templates/`` (no ``template_dirs`` needed) and its line in quizgen's ``pyproject.toml``.
Any other format is a render function ``render(quiz, stem, options) -> {path: bytes}``
(see ``json_writer.py``); an entry point may name that function directly, and its
docstring's first line becomes the description. For LMS exports and flashcards,
:data:`quizgen.render.HTML_TEX` converts question text to HTML with ``\\(…\\)`` math.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Callable

from quizgen.assemble import Quiz

GROUP = "quizgen.writers"

Files = dict[str, bytes]


@dataclass(frozen=True)
class Layout:
    """How printed documents are laid out (the paper formats read it; data formats ignore it).

    ``paper`` is ``"a4"`` or ``"letter"``. ``space`` scales the working space left under each
    question on a student sheet (its size depends on the kind of question; 0 leaves none).
    ``points`` gives every question that many points (``"difficulty"``: as many as its
    difficulty), shown with a total and a score box; ``None`` shows no points. ``cover`` adds
    a cover page with ``course``, ``date`` and ``instructions``; ``duplex`` starts every
    version of the copier booklet on an odd page.
    """

    paper: str = "a4"
    space: float = 1.0
    points: int | str | None = None
    cover: bool = False
    course: str = ""
    date: str = ""
    instructions: str = ""
    duplex: bool = False


@dataclass
class RenderOptions:
    """What writers may need beyond the quiz: teacher template folders, worker processes,
    a cache so formats that share figures (HTML and Markdown) draw them once, a
    ``progress(done, total)`` callback for figure drawing (the slow part of a long run),
    and the :class:`Layout` of printed documents."""

    template_dirs: tuple[Path, ...] = ()
    jobs: int = 1
    cache: dict = field(default_factory=dict)
    progress: Callable[[int, int], None] | None = None
    layout: Layout = field(default_factory=Layout)


RenderFunc = Callable[[Quiz, str, RenderOptions], Files]


class WriterError(RuntimeError):
    """A writer could not write its format; the message is one line saying why."""


class WriterUnavailable(WriterError):
    """A format cannot be written on this machine (a piece it needs is missing); the message
    says what to install."""


@dataclass(frozen=True)
class Writer:
    """A named output format: ``render(quiz, stem, options) -> {relative path: bytes}``.

    ``name`` must be the name of the entry point that registers it (what ``--format`` takes)."""

    name: str
    description: str
    render: RenderFunc


def writer_names() -> list[str]:
    """Every registered format, sorted."""
    return sorted({ep.name for ep in entry_points(group=GROUP)})


def get_writer(name: str) -> Writer:
    """The writer registered as ``name``; ``KeyError`` listing the formats if there is none."""
    # looked up afresh each time (cheap): a package installed or put on sys.path is seen at once
    found = {ep.value: ep for ep in entry_points(group=GROUP, name=name)}
    if not found:
        names = writer_names()
        listed = ", ".join(names) if names else "none (is quizgen installed? `pip install .` registers them)"
        raise KeyError(f"unknown format {name!r}; formats are: {listed}")
    if len(found) > 1:
        raise ValueError(f"output format {name!r} is registered more than once: {', '.join(sorted(found))}")
    (ep,) = found.values()
    obj = ep.load()
    if isinstance(obj, Writer):
        if obj.name != name:
            raise ValueError(f"entry point {name!r} ({ep.value}) points at the writer named {obj.name!r}")
        return obj
    # a bare render function: its docstring's first line describes it
    return Writer(name, (obj.__doc__ or "").strip().split("\n")[0], obj)
