"""``ReduceLROnPlateau``: the one schedule that reacts to a metric instead of the step count,
so it is an ``init``/``update`` pair (the simulator feeds it the loss)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from quizgen.core._checks import check_nonnegative
from quizgen.core.schedules import ArrayLike, _rate


class PlateauState(NamedTuple):
    """State of :class:`ReduceOnPlateau`, one entry per run."""

    lr: np.ndarray
    best: np.ndarray
    num_bad: np.ndarray
    cooldown_counter: np.ndarray


@dataclass(frozen=True, eq=False)
class ReduceOnPlateau:
    """``ReduceLROnPlateau``: cut the rate when a metric stops improving.

    ``update(state, metric)`` is called once per epoch after the metric is measured:

    1. the metric improves iff it is < best·(1 − threshold) (``rel``) or < best − threshold
       (``abs``) — mirrored for ``mode='max'``; on improvement best ← metric, bad ← 0,
       else bad ← bad + 1;
    2. during a cooldown the counter is decremented and bad ← 0;
    3. if bad > patience: η ← max(η·factor, min_lr) (skipped if the change is ≤ eps),
       then the cooldown starts and bad ← 0.

    So the first cut comes after **patience + 1** non-improving epochs, and the new rate is
    used from the next epoch on. All state entries have the batch shape of ``init_value``.
    """

    init_value: ArrayLike
    factor: float = 0.1
    patience: int = 10
    threshold: float = 1e-4
    threshold_mode: str = "rel"
    mode: str = "min"
    cooldown: int = 0
    min_lr: float = 0.0
    eps: float = 1e-8

    def __post_init__(self) -> None:
        object.__setattr__(self, "init_value", _rate("init_value", self.init_value))
        if not 0.0 < self.factor < 1.0:
            raise ValueError(f"factor must be in (0, 1), got {self.factor!r}")
        check_nonnegative("patience", self.patience, integer=True)
        check_nonnegative("threshold", self.threshold)
        check_nonnegative("cooldown", self.cooldown, integer=True)
        check_nonnegative("min_lr", self.min_lr)
        if self.threshold_mode not in ("rel", "abs"):
            raise ValueError(f"threshold_mode must be 'rel' or 'abs', got {self.threshold_mode!r}")
        if self.mode not in ("min", "max"):
            raise ValueError(f"mode must be 'min' or 'max', got {self.mode!r}")

    def init(self, batch_shape: tuple[int, ...] = ()) -> PlateauState:
        """The state before the first epoch: rate η₀, no best metric yet, no bad epochs."""
        shape = np.broadcast_shapes(np.shape(self.init_value), batch_shape)
        worst = np.inf if self.mode == "min" else -np.inf
        return PlateauState(
            lr=np.broadcast_to(self.init_value, shape).astype(float),
            best=np.full(shape, worst),
            num_bad=np.zeros(shape, dtype=int),
            cooldown_counter=np.zeros(shape, dtype=int),
        )

    def _is_better(self, metric, best):
        if self.mode == "min":
            bound = best * (1.0 - self.threshold) if self.threshold_mode == "rel" else best - self.threshold
            return metric < bound
        bound = best * (1.0 + self.threshold) if self.threshold_mode == "rel" else best + self.threshold
        return metric > bound

    def update(self, state: PlateauState, metric: ArrayLike) -> PlateauState:
        """One ``scheduler.step(metric)``: count a bad epoch unless the metric beats the best by
        the threshold; after more than ``patience`` bad epochs (outside cool-down) set
        η ← max(factor·η, min_lr) — skipped when the change is below ``eps`` — and start the cool-down."""
        metric = np.asarray(metric, dtype=float)
        with np.errstate(invalid="ignore", over="ignore"):
            better = self._is_better(metric, state.best)
        best = np.where(better, metric, state.best)
        bad = np.where(better, 0, state.num_bad + 1)
        in_cooldown = state.cooldown_counter > 0
        cooldown_counter = np.where(in_cooldown, state.cooldown_counter - 1, state.cooldown_counter)
        bad = np.where(in_cooldown, 0, bad)
        cut = bad > self.patience
        new_lr = np.maximum(state.lr * self.factor, self.min_lr)
        lr = np.where(cut & (state.lr - new_lr > self.eps), new_lr, state.lr)
        cooldown_counter = np.where(cut, self.cooldown, cooldown_counter)
        bad = np.where(cut, 0, bad)
        return PlateauState(lr=lr, best=best, num_bad=bad, cooldown_counter=cooldown_counter)

    def lrs_for(self, metrics: ArrayLike) -> np.ndarray:
        """Rates used in epochs 0 … n for a metric sequence of length n (shape ``(n+1, …)``).

        ``metrics[e]`` is the metric measured after epoch e; entry e+1 of the result is the
        rate used in the next epoch.
        """
        metrics = np.asarray(metrics, dtype=float)
        state = self.init(np.shape(metrics)[1:])
        out = [state.lr]
        for m in metrics:
            state = self.update(state, m)
            out.append(state.lr)
        return np.stack(out)


#: Function-style alias, matching the other schedule names.
reduce_on_plateau = ReduceOnPlateau


__all__ = ["ReduceOnPlateau", "reduce_on_plateau", "PlateauState"]
