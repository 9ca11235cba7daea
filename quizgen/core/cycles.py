"""Cyclical schedules: one-cycle and triangular cycles, with the momentum they cycle alongside.

Values follow ``torch.optim.lr_scheduler.OneCycleLR`` and ``CyclicLR`` (see each class).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from quizgen.core._checks import check_positive
from quizgen.core.schedules import ArrayLike, Schedule, _rate


def _anneal(start, end, pct, strategy: str):
    if strategy == "cos":
        return end + (start - end) / 2.0 * (np.cos(np.pi * pct) + 1.0)
    return (end - start) * pct + start


@dataclass(frozen=True, eq=False)
class one_cycle(Schedule):
    """``OneCycleLR`` (stepped once per batch), learning rate and cycled momentum.

    With η_init = max_lr/div_factor and η_final = η_init/final_div_factor, two phases
    (three with ``three_phase=True``) run over the counts k = 0 … total_steps − 1:

    * up from η_init to max_lr, ending at k = pct_start·total_steps − 1;
    * down from max_lr to η_final, ending at k = total_steps − 1.

    Within a phase, with p the fraction of it completed, ``cos`` annealing gives
    end + (start − end)(1 + cos(π p))/2 and ``linear`` gives start + p(end − start).
    The momentum (SGD's μ or Adam's β₁) is cycled inversely between ``max_momentum`` and
    ``base_momentum`` — and PyTorch does this by default, overwriting the optimizer's own
    momentum even when it was 0. Use :attr:`momentum` for that schedule. Counts beyond
    ``total_steps`` raise ``ValueError`` as PyTorch does.
    """

    max_lr: ArrayLike
    total_steps: int
    pct_start: float = 0.3
    anneal_strategy: str = "cos"
    div_factor: float = 25.0
    final_div_factor: float = 1e4
    three_phase: bool = False
    base_momentum: float = 0.85
    max_momentum: float = 0.95

    def __post_init__(self) -> None:
        object.__setattr__(self, "max_lr", _rate("max_lr", self.max_lr))
        check_positive("total_steps", self.total_steps, integer=True)
        if not 0.0 <= self.pct_start <= 1.0:
            raise ValueError(f"pct_start must be in [0, 1], got {self.pct_start!r}")
        if self.anneal_strategy not in ("cos", "linear"):
            raise ValueError(f"anneal_strategy must be 'cos' or 'linear', got {self.anneal_strategy!r}")
        check_positive("div_factor", self.div_factor)
        check_positive("final_div_factor", self.final_div_factor)
        ends = [e for e, *_ in self._phases()]
        if any(b <= a for a, b in zip([0.0] + ends[:-1], ends)):
            raise ValueError(
                f"pct_start={self.pct_start} with total_steps={self.total_steps} leaves an empty phase"
            )

    def _phases(self):
        """(end_step, start_lr, end_lr, start_momentum, end_momentum) per phase."""
        init = self.max_lr / self.div_factor
        low = init / self.final_div_factor
        up_end = float(self.pct_start * self.total_steps) - 1
        hi_m, lo_m = self.max_momentum, self.base_momentum
        if self.three_phase:
            return [
                (up_end, init, self.max_lr, hi_m, lo_m),
                (float(2 * self.pct_start * self.total_steps) - 2, self.max_lr, init, lo_m, hi_m),
                (self.total_steps - 1.0, init, low, hi_m, hi_m),
            ]
        return [(up_end, init, self.max_lr, hi_m, lo_m), (self.total_steps - 1.0, self.max_lr, low, lo_m, hi_m)]

    def _interp(self, e, lr: bool):
        if np.any(e > self.total_steps):
            raise ValueError(f"one_cycle was asked for step {np.max(e)} but total_steps is {self.total_steps}")
        e = np.asarray(e, dtype=float)
        out, start, chosen = None, 0.0, np.zeros(np.shape(e), dtype=bool)
        phases = self._phases()
        for i, (end, s_lr, e_lr, s_m, e_m) in enumerate(phases):
            here = ~chosen & ((e <= end) | (i == len(phases) - 1))
            pct = (e - start) / (end - start)
            val = _anneal(s_lr, e_lr, pct, self.anneal_strategy) if lr else _anneal(s_m, e_m, pct, self.anneal_strategy)
            out = val if out is None else np.where(here, val, out)
            chosen |= here
            start = end
        return out

    def value(self, e):
        return self._interp(e, lr=True)

    @property
    def momentum(self) -> "Schedule":
        """The cycled momentum schedule (``cycle_momentum=True``)."""
        return _MomentumOf(self)


@dataclass(frozen=True, eq=False)
class cyclic(Schedule):
    """``CyclicLR`` (stepped once per batch), Smith's cyclical learning rate.

    With a cycle of ``up + down`` steps, cycle = ⌊1 + k/(up + down)⌋ and
    x = 1 + k/(up + down) − cycle, the rate climbs linearly from ``base_lr`` to ``max_lr``
    over ``step_size_up`` steps and falls back over ``step_size_down`` (default: the same).
    ``triangular2`` halves the amplitude each cycle; ``exp_range`` scales it by γ^k.
    Momentum is cycled inversely between ``max_momentum`` and ``base_momentum``
    (:attr:`momentum`), as PyTorch does by default.
    """

    base_lr: ArrayLike
    max_lr: ArrayLike
    step_size_up: int = 2000
    step_size_down: int | None = None
    mode: str = "triangular"
    gamma: float = 1.0
    base_momentum: float = 0.8
    max_momentum: float = 0.9

    def __post_init__(self) -> None:
        object.__setattr__(self, "base_lr", _rate("base_lr", self.base_lr))
        object.__setattr__(self, "max_lr", _rate("max_lr", self.max_lr))
        check_positive("step_size_up", self.step_size_up, integer=True)
        if self.step_size_down is not None:
            check_positive("step_size_down", self.step_size_down, integer=True)
        if self.mode not in ("triangular", "triangular2", "exp_range"):
            raise ValueError(f"mode must be triangular, triangular2 or exp_range, got {self.mode!r}")
        check_positive("gamma", self.gamma)

    def _scale(self, e, base, top, invert: bool):
        up = float(self.step_size_up)
        down = float(self.step_size_down) if self.step_size_down is not None else up
        total = up + down
        ratio = up / total
        cycle = np.floor(1 + e / total)
        x = 1.0 + e / total - cycle
        factor = np.where(x <= ratio, x / ratio, (x - 1) / (ratio - 1))
        if self.mode == "triangular":
            amp = 1.0
        elif self.mode == "triangular2":
            amp = 1 / (2.0 ** (cycle - 1))
        else:
            amp = self.gamma**e
        height = (top - base) * factor * amp
        return top - height if invert else base + height

    def value(self, e):
        return self._scale(e, self.base_lr, self.max_lr, invert=False)

    @property
    def momentum(self) -> "Schedule":
        """The cycled momentum schedule (``cycle_momentum=True``)."""
        return _MomentumOf(self)


@dataclass(frozen=True, eq=False)
class _MomentumOf(Schedule):
    """The momentum schedule that a one-cycle or cyclic schedule writes into the optimizer."""

    parent: Any

    def value(self, e):
        p = self.parent
        if isinstance(p, one_cycle):
            return p._interp(e, lr=False)
        return p._scale(np.asarray(e, dtype=float), p.base_momentum, p.max_momentum, invert=True)


__all__ = ["one_cycle", "cyclic"]
