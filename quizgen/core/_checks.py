"""Argument checks shared by the core: one clear ``ValueError`` per bad argument."""

from __future__ import annotations

from typing import Any

import numpy as np


def _as_array(name: str, value: Any, integer: bool) -> np.ndarray:
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a number, got {value!r}")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if integer and not np.all(arr == np.round(arr)):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    return arr


def check_positive(name: str, value: Any, *, integer: bool = False) -> None:
    """Raise ``ValueError`` unless every entry of ``value`` is finite and > 0."""
    if not np.all(_as_array(name, value, integer) > 0):
        raise ValueError(f"{name} must be > 0, got {value!r}")


def check_nonnegative(name: str, value: Any, *, integer: bool = False) -> None:
    """Raise ``ValueError`` unless every entry of ``value`` is finite and >= 0."""
    if not np.all(_as_array(name, value, integer) >= 0):
        raise ValueError(f"{name} must be >= 0, got {value!r}")


def check_unit_interval(name: str, value: Any) -> None:
    """Raise ``ValueError`` unless every entry of ``value`` lies in [0, 1)."""
    arr = _as_array(name, value, False)
    if not np.all((arr >= 0) & (arr < 1)):
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
