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

:class:`ReduceOnPlateau` is the one schedule that is not a function of the count: it
reacts to a metric, so it has an ``init``/``update`` pair instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, NamedTuple, Sequence, Union

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
    "one_cycle",
    "cyclic",
    "ReduceOnPlateau",
    "reduce_on_plateau",
    "PlateauState",
]

