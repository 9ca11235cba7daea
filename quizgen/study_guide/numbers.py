"""How the guide prints numbers and reads facts off runs (shared by its fact and explorer modules)."""

from __future__ import annotations

import numpy as np

from quizgen.printed import num


def tex(x: float, sig: int = 3) -> str:
    """``x`` printed to ``sig`` significant figures, as LaTeX (1.2e-5 → 1.2 \\times 10^{-5})."""
    return num(float(x), sig=sig).tex


def m(x: float, sig: int = 3) -> str:
    """``x`` printed as inline math, ``$…$``."""
    return f"${tex(x, sig)}$"


def plain(x: float, sig: int = 3) -> str:
    """``x`` printed as plain text for status lines, as a reader writes it: '1.2 × 10⁻⁵', not '1.2e-5'."""
    from quizgen.render import plain_number

    return plain_number(num(float(x), sig=sig).text)


def printed(x: float, sig: int = 2) -> float:
    """The value of ``x`` as printed: the guide runs the very rates it prints."""
    return num(float(x), sig=sig).value


def grew(losses: np.ndarray) -> bool:
    """Whether a run's loss ended higher than it started (or blew up): the meaning of "diverges"."""
    last = losses[-1]
    return bool(not np.isfinite(last) or last > losses[0])


def falls_every_step(losses: np.ndarray) -> bool:
    """Whether the loss went down at every step."""
    return bool(np.all(np.isfinite(losses)) and np.all(np.diff(losses) < 0))


def rises(losses: np.ndarray) -> int:
    """How many steps raised the loss."""
    finite = losses[np.isfinite(losses)]
    return int(np.sum(np.diff(finite) > 0))


def sign_changes(values: np.ndarray) -> int:
    """How many steps flipped the sign of a coordinate (its error from the minimum at 0)."""
    v = values[np.isfinite(values)]
    return int(np.sum(np.sign(v[1:]) * np.sign(v[:-1]) < 0))


def last_finite(losses: np.ndarray) -> tuple[int, float]:
    """(step, value) of a run's last finite loss: where a diverged run was stopped."""
    ok = np.flatnonzero(np.isfinite(losses))
    return int(ok[-1]), float(losses[ok[-1]])


def growth(losses: np.ndarray, steps: int) -> str:
    """How a grown loss is described: "from A to B in T steps", or where the run blew up."""
    k, last = last_finite(losses)
    if k == len(losses) - 1:
        return f"from {m(losses[0])} to {m(last)} in {steps} steps"
    return f"from {m(losses[0])} to {m(last)} by step {k}, where it blew up"
