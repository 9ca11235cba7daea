"""Output formats: small writers registered by name, all reading the same Quiz data.

A writer turns a :class:`~quizgen.assemble.Quiz` into files, returned as a mapping of
relative path → bytes; :func:`quizgen.output.write_files` then writes them all or none.
Built-in writers register through :func:`writer`, the same decorator a plug-in uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from quizgen.assemble import Quiz

Files = dict[str, bytes]


@dataclass(frozen=True)
class Writer:
    """A named output format."""

    name: str
    description: str
    render: Callable[[Quiz, str], Files]


WRITERS: dict[str, Writer] = {}


def writer(name: str, description: str) -> Callable[[Callable[[Quiz, str], Files]], Callable[[Quiz, str], Files]]:
    """Register ``render(quiz, stem) -> {relative path: bytes}`` as the output format ``name``."""

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
    from quizgen.writers import json_writer  # noqa: F401  (registers on import)
