"""Where the built-in question bank and templates live.

They sit at the top of the repository (``question_bank/``, ``templates/``) and are
copied into the wheel as ``quizgen/_builtin/…``; this is the one place that knows both
locations, so code works the same from a checkout and from an installed wheel.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def builtin_dir(name: str) -> Path:
    """The directory of a built-in resource (``"question_bank"`` or ``"templates"``)."""
    installed = _PACKAGE / "_builtin" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"quizgen's built-in {name!r} folder is missing (looked in {installed} and {checkout})")
