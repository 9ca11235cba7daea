"""Writing output files safely: as a set, all or nothing, never overwriting by surprise.

Every file is first written into a hidden staging folder beside the output folder; only
when the whole set is there is it moved into place, with SIGINT and SIGTERM held back for
those few renames. An interrupt at any moment therefore leaves either the old state or
the complete new set, and the staging folder is removed on the way out.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import tempfile
import unicodedata
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

MAX_SLUG = 60  # characters: folder and file names stay far below every file system's limit


class OutputExistsError(FileExistsError):
    """Output files already exist and overwriting was not asked for."""


def slugify(title: str) -> str:
    """A file-name-safe stem that keeps letters of every script.

    ``"Learning-rate quiz #2"`` → ``"learning-rate-quiz-2"``, ``"Übung 5: Lernrate η"`` →
    ``"übung-5-lernrate-η"``; at most :data:`MAX_SLUG` characters, cut at a word boundary.
    """
    text = unicodedata.normalize("NFC", title).casefold()
    slug = re.sub(r"[\W_]+", "-", text).strip("-")
    if len(slug) > MAX_SLUG:
        cut = slug[:MAX_SLUG]
        slug = (cut.rsplit("-", 1)[0] if "-" in cut else cut).strip("-")
    return slug or "quiz"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block ends, then raise KeyboardInterrupt if one came.

    Python runs signal handlers in the main thread whichever thread the signal lands on, so
    swapping in a handler that only records the signal holds it reliably (a signal mask is
    per thread, and a worker-pool thread may still be alive to take the signal).
    """
    caught: list[int] = []
    try:
        previous = {sig: signal.signal(sig, lambda signum, frame: caught.append(signum))
                    for sig in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread: handlers cannot be changed, nothing to hold
        yield
        return
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if caught:
        raise KeyboardInterrupt


def _targets(out_dir: Path, files: dict[str, bytes]) -> dict[str, Path]:
    targets = {}
    for name in sorted(files):
        rel = Path(name)
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            raise ValueError(f"refusing to write outside the output folder: {name}")
        targets[name] = out_dir / rel
    return targets


def _obstacles(out_dir: Path, targets: dict[str, Path]) -> list[Path]:
    """Existing paths that would stop the set from being moved in whole: a folder where a
    file goes, a file where a folder goes (checked first, so a commit never stops halfway)."""
    folders = {out_dir} | {parent for p in targets.values() for parent in p.parents if out_dir in parent.parents}
    return sorted([p for p in folders if p.exists() and not p.is_dir()] +
                  [p for p in targets.values() if p.is_dir()])


def write_files(out_dir: Path, files: dict[str, bytes], *, force: bool = False) -> list[Path]:
    """Write every file under ``out_dir`` as one set.

    Refuses, before writing anything, if any target exists and ``force`` is false. Files
    of ``out_dir`` that the set does not name are left alone. Returns the written paths.
    """
    given = out_dir = Path(out_dir)
    targets = _targets(out_dir, files)
    existing = [p for p in targets.values() if p.exists() or p.is_symlink()]
    if existing and not force:
        shown = ", ".join(str(p) for p in existing[:3]) + (" …" if len(existing) > 3 else "")
        raise OutputExistsError(f"{shown} already exist{'s' if len(existing) == 1 else ''}; "
                                "use --force to overwrite or --out for another folder")
    blocked = _obstacles(out_dir, targets)
    if blocked:
        raise OutputExistsError(f"{blocked[0]} is in the way of the output files; remove it or use --out")

    out_dir = out_dir.absolute()
    created: list[Path] = []  # parent folders made for the staging area, removed on failure
    for parent in reversed([out_dir.parent, *out_dir.parent.parents]):
        if not parent.exists():
            parent.mkdir()
            created.append(parent)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name[:40]}.", suffix=".quizgen-tmp", dir=out_dir.parent))
    mode = 0o666 & ~_umask()  # what a plain open() would give
    try:
        for name in targets:
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as fh:
                fh.write(files[name])
            os.chmod(path, mode)
        with signals_held():
            _move_into_place(staging, out_dir, list(targets))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        for parent in reversed(created):
            try:
                parent.rmdir()
            except OSError:
                pass
        raise
    return [given / name for name in targets]


def _move_into_place(staging: Path, out_dir: Path, names: list[str]) -> None:
    """Renames only (the staging folder is on the same file system): fast, so holding
    signals for them costs nothing a user would notice."""
    if not out_dir.exists():
        staging.chmod(0o777 & ~_umask())  # mkdtemp made it 0700; a plain mkdir would not
        os.rename(staging, out_dir)
        return
    for name in names:
        target = out_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / name, target)
    shutil.rmtree(staging)
