"""Learning-rate schedules with the exact values of ``torch.optim.lr_scheduler``.

A schedule is a function of the 0-based step (or epoch) count ``e``: ``schedule(e)`` is
the learning rate **used during** step ``e``, i.e. the value an optimizer sees in the
PyTorch loop ::

    for e in range(E):
        train_one_epoch()        # optimizer.step() uses η_e
        scheduler.step()         # moves to η_{e+1}

so ``schedule(0)`` is the base rate (except for warm-ups, which apply their start
factor at ``e = 0``). Every schedule is a frozen dataclass, so its repr records the
arguments needed to recompute it, and it is vectorized twice over:

* ``count`` may be an integer array, e.g. ``schedule(np.arange(100))`` for a plot;
* the base rate (and other numeric arguments) may carry a leading batch axis of shape
  ``(B,)`` so one schedule drives ``B`` runs. Combine both with ``schedule.values(T)``,
  which returns shape ``(T, B)``.

Values are computed from closed forms (not the chained multiplications PyTorch uses
internally), which agree with PyTorch to rounding error.

One-cycle and cyclic schedules live in :mod:`quizgen.core.cycles`; the metric-driven
:class:`~quizgen.core.plateau.ReduceOnPlateau` in :mod:`quizgen.core.plateau`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence, Union

import numpy as np

from quizgen.core._checks import check_nonnegative, check_positive

ArrayLike = Union[float, int, np.ndarray, Sequence[float]]
#: Anything accepted where a learning rate (or another hyperparameter) is taken:
#: a number, an array with a leading batch axis, or a schedule.
Hyperparameter = Union[float, np.ndarray, Callable[[Any], Any]]


def _counts(count: Any) -> np.ndarray:
    c = np.asarray(count)
    if c.dtype.kind not in "iu" and not (c.dtype.kind == "f" and np.all(c == np.floor(c))):
        raise ValueError(f"step count must be an integer, got {count!r}")
    if np.any(c < 0):
        raise ValueError(f"step count must be >= 0, got {count!r}")
    return c


class Schedule:
    """Base class of count-based schedules: ``__call__(count) -> learning rate``."""

    def __call__(self, count: Any) -> np.ndarray:
        return self.value(_counts(count))

    def value(self, e: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        """The rate η_e at integer counts ``e`` (the formula is in each subclass's docstring)."""
        raise NotImplementedError

    def values(self, steps: int) -> np.ndarray:
        """The rates used in steps ``0 … steps-1``, shape ``(steps,) + batch_shape``."""
        check_nonnegative("steps", steps, integer=True)
        batch_shape = np.shape(self(0))
        e = np.arange(steps).reshape((steps,) + (1,) * len(batch_shape))
        return np.broadcast_to(self(e), (steps,) + batch_shape).astype(float)


def as_schedule(value: Hyperparameter, name: str = "learning_rate", *, positive: bool = True) -> Callable:
    """Normalize "a number or a schedule" into a schedule (the one place this is done).

    Numbers and arrays become :class:`constant`; callables are returned unchanged.
    """
    from quizgen.core.plateau import ReduceOnPlateau  # (it builds on this module)

    if callable(value) or isinstance(value, ReduceOnPlateau):
        return value
    return constant(value, name=name, positive=positive)


def _rate(name: str, value: ArrayLike, positive: bool = True) -> np.ndarray:
    arr = np.asarray(value, dtype=float)
    if arr.ndim > 1:
        raise ValueError(f"{name} must be a number or a 1-D array (one value per run), got shape {arr.shape}")
    if positive:
        check_positive(name, arr)
    else:
        check_nonnegative(name, arr)
    return arr


@dataclass(frozen=True, eq=False)
class constant(Schedule):
    """η_e = η₀ for every e (a plain number wrapped as a schedule)."""

    init_value: ArrayLike
    name: str = "learning_rate"
    positive: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "init_value", _rate(self.name, self.init_value, self.positive))

    def value(self, e):
        return self.init_value + np.zeros_like(e, dtype=float)


@dataclass(frozen=True, eq=False)
class step_decay(Schedule):
    """``StepLR``: η_e = η₀ · γ^⌊e / step_size⌋ (default γ = 0.1)."""

    init_value: ArrayLike
    step_size: int
    gamma: float = 0.1

    def __post_init__(self) -> None:
        object.__setattr__(self, "init_value", _rate("init_value", self.init_value))
        check_positive("step_size", self.step_size, integer=True)
        check_positive("gamma", self.gamma)

    def value(self, e):
        return self.init_value * self.gamma ** (e // self.step_size)


@dataclass(frozen=True, eq=False)
class multistep_decay(Schedule):
    """``MultiStepLR``: η_e = η₀ · γ^(number of milestones ≤ e).

    At ``e == milestone`` the reduced rate is already in use (``bisect_right``).
    """

    init_value: ArrayLike
    milestones: tuple[int, ...]
    gamma: float = 0.1

    def __post_init__(self) -> None:
        object.__setattr__(self, "init_value", _rate("init_value", self.init_value))
        ms = tuple(int(m) for m in self.milestones)
        if list(ms) != sorted(ms) or any(m < 0 for m in ms):
            raise ValueError(f"milestones must be a non-decreasing list of counts >= 0, got {self.milestones!r}")
        object.__setattr__(self, "milestones", ms)
        check_positive("gamma", self.gamma)

    def value(self, e):
        passed = np.searchsorted(np.asarray(self.milestones), e, side="right")
        return self.init_value * self.gamma**passed


@dataclass(frozen=True, eq=False)
class exponential_decay(Schedule):
    """``ExponentialLR``: η_e = η₀ · γ^e."""

    init_value: ArrayLike
    gamma: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "init_value", _rate("init_value", self.init_value))
        check_positive("gamma", self.gamma)

    def value(self, e):
        return self.init_value * self.gamma**e


@dataclass(frozen=True, eq=False)
class inverse_time_decay(Schedule):
    """Inverse-time decay: η_e = η₀ / (1 + rate · e / decay_steps).

    With ``staircase=True`` the exponent uses ⌊e / decay_steps⌋ (Keras' ``InverseTimeDecay``).
    ``decay_steps=1`` is PyTorch's ``LambdaLR(lambda e: 1 / (1 + rate * e))``.
    """

    init_value: ArrayLike
    decay_rate: float
    decay_steps: int = 1
    staircase: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "init_value", _rate("init_value", self.init_value))
        check_nonnegative("decay_rate", self.decay_rate)
        check_positive("decay_steps", self.decay_steps, integer=True)

    def value(self, e):
        t = e // self.decay_steps if self.staircase else e / self.decay_steps
        return self.init_value / (1.0 + self.decay_rate * t)


@dataclass(frozen=True, eq=False)
class polynomial_decay(Schedule):
    """``PolynomialLR``: η_e = η₀ · (1 − min(e, T)/T)^power — zero from e = T on."""

    init_value: ArrayLike
    total_iters: int = 5
    power: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "init_value", _rate("init_value", self.init_value))
        check_positive("total_iters", self.total_iters, integer=True)
        check_positive("power", self.power)

    def value(self, e):
        return self.init_value * (1.0 - np.minimum(e, self.total_iters) / self.total_iters) ** self.power


@dataclass(frozen=True, eq=False)
class cosine_annealing(Schedule):
    """``CosineAnnealingLR``: η_e = η_min + (η₀ − η_min) · (1 + cos(π e / T_max)) / 2.

    The formula is **not clamped** after ``T_max``: the rate rises again and returns to η₀
    at ``e = 2·T_max`` (period ``2·T_max``), exactly as PyTorch does.
    """

    init_value: ArrayLike
    t_max: int
    eta_min: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "init_value", _rate("init_value", self.init_value))
        check_positive("t_max", self.t_max, integer=True)
        check_nonnegative("eta_min", self.eta_min)

    def value(self, e):
        return self.eta_min + (self.init_value - self.eta_min) * (1.0 + np.cos(np.pi * e / self.t_max)) / 2.0


@dataclass(frozen=True, eq=False)
class cosine_warm_restarts(Schedule):
    """``CosineAnnealingWarmRestarts``: cosine from η₀ to η_min over T_i steps, then restart.

    η_e = η_min + (η₀ − η_min)(1 + cos(π T_cur / T_i))/2, where the first period is
    ``T_0`` and each next period is ``T_mult`` times longer (restarts at e = T_0,
    T_0(1 + T_mult), …).
    """

    init_value: ArrayLike
    t_0: int
    t_mult: int = 1
    eta_min: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "init_value", _rate("init_value", self.init_value))
        check_positive("t_0", self.t_0, integer=True)
        check_positive("t_mult", self.t_mult, integer=True)
        check_nonnegative("eta_min", self.eta_min)

    def value(self, e):
        e = np.asarray(e, dtype=float)
        if self.t_mult == 1:
            t_cur, t_i = np.mod(e, self.t_0), float(self.t_0)
        else:
            def start(k):  # the count at which period k (0-based) begins, an exact integer
                return self.t_0 * (self.t_mult**k - 1) / (self.t_mult - 1)

            n = np.floor(np.log(e / self.t_0 * (self.t_mult - 1) + 1) / np.log(self.t_mult))
            # the logarithm can land a rounding error below an integer right at a restart
            # (log(243)/log(3) < 5), so settle the period with the exact restart counts
            n = np.where(e >= start(n + 1), n + 1, np.where(e < start(n), n - 1, n))
            t_cur = e - start(n)
            t_i = self.t_0 * self.t_mult**n
        return self.eta_min + (self.init_value - self.eta_min) * (1.0 + np.cos(np.pi * t_cur / t_i)) / 2.0


@dataclass(frozen=True, eq=False)
class linear_warmup(Schedule):
    """``LinearLR``: η_e = η₀ · (s + (f − s) · min(e, T)/T), s = start, f = end factor.

    PyTorch's defaults are ``start_factor=1/3``, ``end_factor=1``, ``total_iters=5``;
    the start factor is already applied at e = 0 and the full rate is reached at e = T.
    """

    init_value: ArrayLike
    start_factor: float = 1.0 / 3.0
    end_factor: float = 1.0
    total_iters: int = 5

    def __post_init__(self) -> None:
        object.__setattr__(self, "init_value", _rate("init_value", self.init_value))
        if not 0.0 < self.start_factor <= 1.0:
            raise ValueError(f"start_factor must be in (0, 1], got {self.start_factor!r}")
        if not 0.0 <= self.end_factor <= 1.0:
            raise ValueError(f"end_factor must be in [0, 1], got {self.end_factor!r}")
        check_positive("total_iters", self.total_iters, integer=True)

    def value(self, e):
        frac = np.minimum(e, self.total_iters) / self.total_iters
        return self.init_value * (self.start_factor + (self.end_factor - self.start_factor) * frac)


@dataclass(frozen=True, eq=False)
class warmup_cosine(Schedule):
    """``SequentialLR([LinearLR(s, 1, W), CosineAnnealingLR(T_max)], milestones=[W])``.

    For e < W: η₀ · (s + (1 − s) · e/W) (linear warm-up); from e = W on: cosine annealing
    with its own counter k = e − W, i.e. η_min + (η₀ − η_min)(1 + cos(π k/T_max))/2.
    """

    init_value: ArrayLike
    warmup_steps: int
    t_max: int
    start_factor: float = 0.01
    eta_min: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "init_value", _rate("init_value", self.init_value))
        check_positive("warmup_steps", self.warmup_steps, integer=True)
        check_positive("t_max", self.t_max, integer=True)
        if not 0.0 < self.start_factor <= 1.0:
            raise ValueError(f"start_factor must be in (0, 1], got {self.start_factor!r}")
        check_nonnegative("eta_min", self.eta_min)

    def value(self, e):
        warm = linear_warmup(self.init_value, self.start_factor, 1.0, self.warmup_steps).value(e)
        k = np.maximum(e - self.warmup_steps, 0)
        cos = cosine_annealing(self.init_value, self.t_max, self.eta_min).value(k)
        return np.where(e < self.warmup_steps, warm, cos)


def value_at(hyper: Hyperparameter, count: int) -> Any:
    """The value of a number-or-schedule hyperparameter at a step count."""
    return hyper(count) if callable(hyper) else hyper


__all__ = [
    "Schedule",
    "Hyperparameter",
    "as_schedule",
    "value_at",
    "constant",
    "step_decay",
    "multistep_decay",
    "exponential_decay",
    "inverse_time_decay",
    "polynomial_decay",
    "cosine_annealing",
    "cosine_warm_restarts",
    "linear_warmup",
    "warmup_cosine",
]

