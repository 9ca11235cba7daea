"""Writing output files safely: all or nothing, never half-written, never overwriting by surprise."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path


class OutputExistsError(FileExistsError):
    """Output files already exist and overwriting was not asked for."""


def slugify(title: str) -> str:
    """A file-name-safe stem: ``"Learning-rate quiz #2"`` → ``"learning-rate-quiz-2"``."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug or "quiz"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_files(out_dir: Path, files: dict[str, bytes], *, force: bool = False) -> list[Path]:
    """Write every file under ``out_dir`` atomically (temp file + rename).

    Refuses, before writing anything, if any target exists and ``force`` is false.
    """
    targets = {name: out_dir / name for name in sorted(files)}
    for name, path in targets.items():
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise ValueError(f"refusing to write outside the output folder: {name}")
    existing = [p for p in targets.values() if p.exists()]
    if existing and not force:
        shown = ", ".join(str(p) for p in existing[:3]) + (" …" if len(existing) > 3 else "")
        raise OutputExistsError(f"{shown} already exist{'s' if len(existing) == 1 else ''}; "
                                "use --force to overwrite or --out for another folder")
    written = []
    mode = 0o666 & ~_umask()  # what a plain open() would give (mkstemp makes 0600)
    for name, path in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(files[name])
            os.chmod(tmp, mode)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        written.append(path)
    return written
