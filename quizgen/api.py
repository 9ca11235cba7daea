"""The library entry point: choose questions, generate versions, render every format, write.

    import quizgen
    result = quizgen.build(topics=["schedules"], questions=6, versions=30, seed=2026, formats=["html", "json"])
    result.written        # the paths of every file written, in order

The command line's ``generate`` is this function plus option parsing and reporting. Bad
input raises :class:`BuildError` (a ``ValueError``) before anything is written; a question
family that fails raises :class:`~quizgen.bank.GenerationError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from quizgen.assemble import Quiz, SelectionError, assemble, parse_version_code, select
from quizgen.bank import Bank, load_bank
from quizgen.output import OutputExistsError, slugify, write_files
from quizgen.writers import Layout, WriterError

DEFAULT_TITLE = "Learning-rate practice quiz"
DEFAULT_FORMATS = ("html", "md", "pdf")

#: progress(stage, done, total): stage is "versions" or "figures"; total may be None at first
Progress = Callable[[str, int, "int | None"], None]


class BuildError(ValueError):
    """The request cannot be built as given (bad options, unknown names, files in the way)."""


@dataclass(frozen=True)
class BuildResult:
    """What :func:`build` made: the quiz and the files written for it."""

    quiz: Quiz
    out_dir: Path
    written: tuple[Path, ...]


def _formats(names: Iterable[str]) -> list[str]:
    from quizgen.writers import get_writer

    names = list(dict.fromkeys(n.strip() for n in names if n.strip()))
    if not names:
        raise BuildError("give at least one format, e.g. json")
    for name in names:
        try:
            get_writer(name)
        except KeyError as exc:
            raise BuildError(exc.args[0]) from None
    return names


def _from_code(code: str, seed: int | None, versions: int | None) -> tuple[int, int, int]:
    """(seed, versions, version number) of a version code; options that contradict it are refused."""
    try:
        vc = parse_version_code(code)
    except ValueError as exc:
        raise BuildError(f"--code: {exc}") from None
    if versions is not None and versions != vc.total:
        raise BuildError(f"--code {code} is version {vc.number} of a {vc.total}-version quiz, but --versions "
                         f"{versions} was given; leave --versions out")
    if seed is not None and seed != vc.seed:
        raise BuildError(f"--code {code} was made with --seed {vc.seed}, not {seed}; leave --seed out")
    return vc.seed, vc.total, vc.number


def template_error(exc: Exception) -> str:
    """One line for a template that fails: ``template error (FILE, line N): what``.

    A syntax error carries its file and line; an error while rendering (an undefined attribute,
    a filter given the wrong value) does not, but jinja2 rewrites the traceback so that each
    template's frame has the template's file name and line: the innermost such frame is where.
    """
    import traceback

    filename, lineno = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if not lineno:
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if f.filename and not f.filename.endswith(".py") and not f.filename.startswith("<")]
        if frames:
            filename, lineno = frames[-1].filename, frames[-1].lineno
    message = getattr(exc, "message", None) or str(exc)
    # "'quizgen.render.DocumentView object' has no attribute" → "'DocumentView object' …"
    message = re.sub(r"'(?:\w+\.)+(\w+ object)'", r"'\1'", message)
    where = f" ({filename}, line {lineno})" if lineno else (f" ({filename})" if filename else "")
    return f"template error{where}: {message}"


def build(
    *,
    questions: int = 10,
    topics: Sequence[str] = (),
    ids: Sequence[str] = (),
    difficulty: Sequence[int] = (),
    seed: int | None = None,
    versions: int | None = None,
    code: str | None = None,
    formats: Sequence[str] = DEFAULT_FORMATS,
    title: str = DEFAULT_TITLE,
    out: Path | str | None = None,
    template_dirs: Sequence[Path | str] = (),
    jobs: int = 1,
    force: bool = False,
    bank: Bank | None = None,
    progress: Progress | None = None,
    layout: Layout | None = None,
) -> BuildResult:
    """Generate a quiz and write it in every format asked for.

    ``seed`` defaults to 1 and ``versions`` to 1, or both come from ``code`` (rebuild the
    one version whose sheet shows it, byte for byte). ``out`` defaults to
    ``output/<title as a slug>``. Files are written as one set, never over existing files
    unless ``force``.
    """
    from jinja2 import TemplateError

    from quizgen.writers import RenderOptions, get_writer

    if not title.strip():
        raise BuildError("--title: the title is empty")
    if out is not None and not str(out).strip():
        raise BuildError("--out: the folder name is empty")
    format_names = _formats(formats)
    only = None
    if code is not None:
        seed, versions, only = _from_code(code, seed, versions)
    seed = 1 if seed is None else seed
    versions = 1 if versions is None else versions
    if bank is None:
        try:
            bank = load_bank()
        except (ValueError, ImportError, SyntaxError, OSError) as exc:
            raise BuildError(f"cannot load the question bank: {exc}") from None
    try:
        families = select(bank, n=questions, topics=topics, ids=ids, difficulty=difficulty, seed=seed)
    except SelectionError as exc:
        raise BuildError(str(exc)) from None
    if code is not None and not parse_version_code(code).matches([f.id for f in families]):
        raise BuildError(f"--code {code}: not a code of this selection of questions; give the same "
                         "--questions/--topic/--id/--difficulty options that made it (or check for typos)")

    report = progress or (lambda stage, done, total: None)
    try:
        quiz = assemble(families, seed=seed, versions=versions, title=title, only=only, jobs=jobs,
                        progress=lambda n: report("versions", n if only is None else 1, 1 if only else versions))
    except ValueError as exc:
        raise BuildError(str(exc)) from None
    stem = slugify(title)
    options = RenderOptions(template_dirs=tuple(Path(d) for d in template_dirs), jobs=jobs,
                            progress=lambda done, total: report("figures", done, total), layout=layout or Layout())
    files: dict[str, bytes] = {}
    try:
        for name in format_names:
            files.update(get_writer(name).render(quiz, stem, options))
    except WriterError as exc:
        raise BuildError(str(exc)) from None
    except TemplateError as exc:
        raise BuildError(template_error(exc)) from None
    out_dir = Path(out) if out is not None else Path("output") / stem
    try:
        written = write_files(out_dir, files, force=force)
    except OutputExistsError as exc:
        raise BuildError(str(exc)) from None
    except OSError as exc:
        raise BuildError(f"cannot write to {out_dir}: {exc.strerror or exc}") from None
    return BuildResult(quiz, out_dir, tuple(written))


from quizgen.practice import PracticeError, PracticeSet, practice, write_practice_page  # noqa: E402,F401
from quizgen.study_guide import build_guide  # noqa: E402,F401
