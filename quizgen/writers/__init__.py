"""Output formats: small writers registered by name, all reading the same Quiz data.

A writer turns a :class:`~quizgen.assemble.Quiz` into files, returned as a mapping of
relative path → bytes; :func:`quizgen.output.write_files` then writes them all or none.
Built-in writers register through :func:`writer`, the same decorator a plug-in uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from quizgen.assemble import Quiz

Files = dict[str, bytes]


@dataclass
class RenderOptions:
    """What writers may need beyond the quiz: teacher template folders, worker processes,
    a cache so formats that share figures (HTML and Markdown) draw them once, and a
    ``progress(done, total)`` callback for figure drawing (the slow part of a long run)."""

    template_dirs: tuple[Path, ...] = ()
    jobs: int = 1
    cache: dict = field(default_factory=dict)
    progress: Callable[[int, int], None] | None = None


RenderFunc = Callable[[Quiz, str, RenderOptions], Files]


@dataclass(frozen=True)
class Writer:
    """A named output format."""

    name: str
    description: str
    render: RenderFunc


WRITERS: dict[str, Writer] = {}


def writer(name: str, description: str) -> Callable[[RenderFunc], RenderFunc]:
    """Register ``render(quiz, stem, options) -> {relative path: bytes}`` as the output format ``name``."""

    def register(func):
        if name in WRITERS:
            raise ValueError(f"output format {name!r} is registered twice")
        WRITERS[name] = Writer(name, description, func)
        return func

    return register


def get_writer(name: str) -> Writer:
    _load_builtins()
    try:
        return WRITERS[name]
    except KeyError:
        raise KeyError(f"unknown format {name!r}; formats are: {', '.join(sorted(WRITERS))}") from None


def _load_builtins() -> None:
    # importing a built-in writer registers it, through the same decorator a plug-in uses
    from quizgen.writers import html_writer, json_writer, markdown_writer  # noqa: F401
