"""Optimizers with ``torch.optim``'s exact update rules and defaults.

An optimizer is a pair of pure functions, as in optax:

* ``init(params) -> state`` — a small NamedTuple (``AdamState(count, mu, nu, …)``);
* ``update(grad, state, params, lr=None) -> (new_params, new_state)`` — one step.

Nothing is mutated in place, so a trajectory can keep every iterate. ``lr`` is the
learning rate of this step; when omitted it is read from the optimizer's own
``learning_rate`` at ``state.count`` (the simulator passes it explicitly so that a
metric-driven schedule such as :class:`~quizgen.core.plateau.ReduceOnPlateau` works).

The learning rate, SGD's ``momentum`` and Adam's ``b1`` accept a number, an array with one
value per run (leading batch axis of the parameters) or a schedule of the step count
(``momentum`` and ``b1`` schedules reproduce one-cycle momentum cycling). The other
hyperparameters are single numbers shared by all runs; an array there is refused rather
than silently broadcast along the parameter axis.

Notation: g_t is the gradient at θ_{t−1} (plus λθ_{t−1} with coupled ``weight_decay`` λ),
t = 1, 2, …
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, NamedTuple

import numpy as np

from quizgen.core._checks import check_nonnegative, check_unit_interval
from quizgen.core.plateau import ReduceOnPlateau
from quizgen.core.schedules import Hyperparameter, as_schedule, constant, value_at


def _column(h: Any, like: np.ndarray) -> Any:
    """Reshape a per-run hyperparameter (B,) to (B, 1, …) so it broadcasts over parameters.

    Arrays already shaped like the parameters pass through (the simulator pre-broadcasts a
    constant rate once, because a full-shape multiply is ~3× faster than a column one).
    """
    h = np.asarray(h, dtype=float)
    if h.ndim == 0:
        return float(h)
    if h.shape == np.shape(like):
        return h
    return h.reshape(h.shape + (1,) * (like.ndim - h.ndim))


def _check_hyper(name: str, value: Hyperparameter, check: Callable[[str, Any], None]) -> None:
    if not callable(value):
        check(name, value)


def _check_number(name: str, value: Any, check: Callable[[str, Any], None]) -> None:
    """Check a hyperparameter that must be one number for all runs (no per-run array, no schedule)."""
    if callable(value) or np.ndim(value) != 0:
        raise ValueError(
            f"{name} must be a single number (per-run arrays and schedules are accepted only for "
            f"the learning rate, momentum and b1), got {value!r}"
        )
    check(name, value)


def _lerp(start: np.ndarray, end: np.ndarray, weight: float) -> np.ndarray:
    """``torch.lerp`` as PyTorch computes it (two branches for accuracy)."""
    if np.ndim(weight) == 0:
        # in place on one fresh temporary: the same operations in the same order (hot loop)
        diff = np.subtract(end, start)
        if weight < 0.5:
            diff *= weight
            return np.add(start, diff, out=diff)
        diff *= 1.0 - weight
        return np.subtract(end, diff, out=diff)
    return np.where(weight < 0.5, start + weight * (end - start), end - (end - start) * (1.0 - weight))


@dataclass(frozen=True, eq=False)
class Optimizer:
    """An (init, update) pair with its hyperparameters recorded for worked answers."""

    name: str
    learning_rate: Hyperparameter
    hyperparams: dict
    init: Callable[[np.ndarray], Any]
    _step: Callable[..., tuple[np.ndarray, Any]] = field(repr=False)

    def update(self, grad: np.ndarray, state: Any, params: np.ndarray, lr: Any = None, *, out=None):
        """One step: returns ``(new_params, new_state)``.

        ``lr`` overrides the learning-rate schedule for this step; ``out`` is an array to
        write the new parameters into (the simulator's history buffer), never ``params``.
        """
        if lr is None:
            if isinstance(self.learning_rate, ReduceOnPlateau):
                raise ValueError("a plateau schedule needs the metric: pass lr= (the simulator does this)")
            lr = value_at(self.learning_rate, state.count)
        return self._step(grad, state, params, _column(lr, params), out)

    @property
    def runs(self) -> int | None:
        """Batch size implied by per-run hyperparameters (None when all are scalars)."""
        sizes = set()
        for h in [self.learning_rate, *self.hyperparams.values()]:
            if isinstance(h, ReduceOnPlateau):
                h = h.init_value
            elif callable(h):
                h = h(0)
            if isinstance(h, (bool, str)) or h is None:
                continue
            if np.ndim(h) >= 1:
                sizes.add(np.shape(h)[0])
        if len(sizes) > 1:
            raise ValueError(f"per-run hyperparameters disagree on the number of runs: {sorted(sizes)}")
        return sizes.pop() if sizes else None


def _learning_rate(lr: Hyperparameter) -> Hyperparameter:
    """Validate a number-or-schedule learning rate (numbers must be > 0), keeping numbers as numbers."""
    sched = as_schedule(lr)
    return sched.init_value if isinstance(sched, constant) else sched


class SGDState(NamedTuple):
    """count: steps taken; buf: momentum buffer b_t (None without momentum)."""

    count: int
    buf: np.ndarray | None


def sgd(
    learning_rate: Hyperparameter = 1e-3,
    momentum: Hyperparameter = 0.0,
    dampening: float = 0.0,
    nesterov: bool = False,
    weight_decay: float = 0.0,
) -> Optimizer:
    """``torch.optim.SGD``: plain, heavy-ball (momentum) and Nesterov gradient descent.

    Without momentum: θ_t = θ_{t−1} − η g_t.

    With momentum μ and dampening τ (PyTorch's convention — the buffer starts at the
    first gradient, so the first step has no momentum term):
    b_1 = g_1, b_t = μ b_{t−1} + (1 − τ) g_t, then θ_t = θ_{t−1} − η b_t. With τ = 0 and a
    constant η this is Polyak's heavy ball θ_{t+1} = θ_t − η∇f(θ_t) + μ(θ_t − θ_{t−1}).

    Nesterov (needs μ > 0, τ = 0): θ_t = θ_{t−1} − η (g_t + μ b_t).

    Defaults follow PyTorch 2.x: lr = 1e-3, momentum = 0, dampening = 0.
    """
    _check_hyper("momentum", momentum, check_unit_interval)
    _check_number("dampening", dampening, check_nonnegative)
    if not 0.0 <= dampening <= 1.0:
        raise ValueError(f"dampening must be in [0, 1], got {dampening!r}")
    _check_number("weight_decay", weight_decay, check_nonnegative)
    uses_momentum = callable(momentum) or np.any(np.asarray(momentum) != 0)
    if nesterov and (not uses_momentum or dampening != 0):
        raise ValueError("Nesterov momentum requires a momentum > 0 and zero dampening")
    lr = _learning_rate(learning_rate)

    def init(params):
        return SGDState(count=0, buf=None)

    def step(grad, state, params, eta, out):
        g = grad + weight_decay * params if weight_decay else grad
        if not uses_momentum:
            return np.subtract(params, eta * g, out=out), SGDState(state.count + 1, None)
        mu = _column(value_at(momentum, state.count), params)
        if state.buf is None:
            buf = g
        elif dampening:
            buf = mu * state.buf + (1.0 - dampening) * g
        else:
            buf = mu * state.buf + g
        direction = g + mu * buf if nesterov else buf
        return np.subtract(params, eta * direction, out=out), SGDState(state.count + 1, buf)

    name = "nesterov" if nesterov else ("momentum" if uses_momentum else "sgd")
    hp = {"momentum": momentum, "dampening": dampening, "nesterov": nesterov, "weight_decay": weight_decay}
    return Optimizer(name, lr, hp, init, step)


def heavy_ball(learning_rate: Hyperparameter, momentum: Hyperparameter = 0.9) -> Optimizer:
    """SGD with heavy-ball momentum: b_t = μ b_{t−1} + g_t (b_1 = g_1), θ_t = θ_{t−1} − η b_t."""
    return sgd(learning_rate, momentum=momentum)


def nesterov(learning_rate: Hyperparameter, momentum: Hyperparameter = 0.9) -> Optimizer:
    """SGD with Nesterov momentum: b_t = μ b_{t−1} + g_t, θ_t = θ_{t−1} − η (g_t + μ b_t)."""
    return sgd(learning_rate, momentum=momentum, nesterov=True)


class AdagradState(NamedTuple):
    """count: steps taken; sum: accumulated squared gradients s_t."""

    count: int
    sum: np.ndarray


def adagrad(
    learning_rate: Hyperparameter = 1e-2,
    lr_decay: float = 0.0,
    weight_decay: float = 0.0,
    initial_accumulator_value: float = 0.0,
    eps: float = 1e-10,
) -> Optimizer:
    """``torch.optim.Adagrad``.

    s_t = s_{t−1} + g_t²;  η_t = η / (1 + (t − 1)·lr_decay);  θ_t = θ_{t−1} − η_t g_t / (√s_t + ε).

    With a constant gradient the step shrinks like η/√t. Defaults: lr = 1e-2, eps = 1e-10.
    """
    _check_number("lr_decay", lr_decay, check_nonnegative)
    _check_number("weight_decay", weight_decay, check_nonnegative)
    _check_number("initial_accumulator_value", initial_accumulator_value, check_nonnegative)
    _check_number("eps", eps, check_nonnegative)
    lr = _learning_rate(learning_rate)

    def init(params):
        return AdagradState(0, np.full(np.shape(params), float(initial_accumulator_value)))

    def step(grad, state, params, eta, out):
        t = state.count + 1
        g = grad + weight_decay * params if weight_decay else grad
        clr = eta / (1.0 + (t - 1) * lr_decay)
        s = state.sum + g * g
        return np.subtract(params, clr * (g / (np.sqrt(s) + eps)), out=out), AdagradState(t, s)

    hp = {"lr_decay": lr_decay, "weight_decay": weight_decay,
          "initial_accumulator_value": initial_accumulator_value, "eps": eps}
    return Optimizer("adagrad", lr, hp, init, step)


class RMSPropState(NamedTuple):
    """count; square_avg v_t; grad_avg (centered only); buf (momentum only)."""

    count: int
    square_avg: np.ndarray
    grad_avg: np.ndarray | None
    buf: np.ndarray | None


def rmsprop(
    learning_rate: Hyperparameter = 1e-2,
    alpha: float = 0.99,
    eps: float = 1e-8,
    weight_decay: float = 0.0,
    momentum: float = 0.0,
    centered: bool = False,
) -> Optimizer:
    """``torch.optim.RMSprop`` — no bias correction, ε outside the root.

    v_t = α v_{t−1} + (1 − α) g_t²  (v_0 = 0);  θ_t = θ_{t−1} − η g_t / (√v_t + ε).

    So the first step is η/√(1 − α) = 10η for α = 0.99. ``centered`` subtracts the squared
    running mean of g from v_t; ``momentum`` μ uses b_t = μ b_{t−1} + g_t/(√v_t + ε),
    θ_t = θ_{t−1} − η b_t. Defaults: lr = 1e-2, alpha = 0.99, eps = 1e-8.
    """
    _check_number("alpha", alpha, check_unit_interval)
    _check_number("eps", eps, check_nonnegative)
    _check_number("weight_decay", weight_decay, check_nonnegative)
    _check_number("momentum", momentum, check_unit_interval)
    lr = _learning_rate(learning_rate)

    def init(params):
        z = np.zeros(np.shape(params))
        return RMSPropState(0, z, z if centered else None, z if momentum > 0 else None)

    def step(grad, state, params, eta, out):
        g = grad + weight_decay * params if weight_decay else grad
        v = alpha * state.square_avg + (1.0 - alpha) * (g * g)
        grad_avg = None
        if centered:
            grad_avg = _lerp(state.grad_avg, g, 1.0 - alpha)
            avg = np.sqrt(v - grad_avg * grad_avg) + eps
        else:
            avg = np.sqrt(v) + eps
        if momentum > 0:
            buf = momentum * state.buf + g / avg
            return np.subtract(params, eta * buf, out=out), RMSPropState(state.count + 1, v, grad_avg, buf)
        return np.subtract(params, eta * (g / avg), out=out), RMSPropState(state.count + 1, v, grad_avg, None)

    hp = {"alpha": alpha, "eps": eps, "weight_decay": weight_decay, "momentum": momentum, "centered": centered}
    return Optimizer("rmsprop", lr, hp, init, step)


class AdamState(NamedTuple):
    """count t; first moment m_t (mu); second moment v_t (nu); running max of v (amsgrad)."""

    count: int
    mu: np.ndarray
    nu: np.ndarray
    nu_max: np.ndarray | None


def _adam(name, learning_rate, b1, b2, eps, weight_decay, amsgrad, decoupled) -> Optimizer:
    _check_hyper("b1", b1, check_unit_interval)
    _check_number("b2", b2, check_unit_interval)
    _check_number("eps", eps, check_nonnegative)
    _check_number("weight_decay", weight_decay, check_nonnegative)
    lr = _learning_rate(learning_rate)

    def init(params):
        z = np.zeros(np.shape(params))
        return AdamState(0, z, z, z if amsgrad else None)

    def step(grad, state, params, eta, out):
        t = state.count + 1
        beta1 = _column(value_at(b1, state.count), params)
        if decoupled and weight_decay:
            params = params * (1.0 - eta * weight_decay)
            g = grad
        else:
            g = grad + weight_decay * params if weight_decay else grad
        m = _lerp(state.mu, g, 1.0 - beta1)
        # in place on fresh temporaries: the same arithmetic, fewer allocations (hot loop)
        v = np.multiply(state.nu, b2)
        sq = np.multiply(g, g)
        sq *= 1.0 - b2
        v += sq
        nu_max = np.maximum(state.nu_max, v) if amsgrad else None
        # np.power, not **: Python's pow and numpy's vectorized one can differ in the last
        # bit, and a per-run β₁ array must give bit-for-bit the runs made one value at a time
        step_size = eta / (1.0 - np.power(beta1, t))
        denom = np.sqrt(nu_max if amsgrad else v, out=sq)
        denom /= math.sqrt(1.0 - b2**t)
        denom += eps
        ratio = np.divide(m, denom, out=denom)
        ratio *= step_size
        return np.subtract(params, ratio, out=out), AdamState(t, m, v, nu_max)

    hp = {"b1": b1, "b2": b2, "eps": eps, "weight_decay": weight_decay, "amsgrad": amsgrad}
    return Optimizer(name, lr, hp, init, step)


def adam(
    learning_rate: Hyperparameter = 1e-3,
    b1: Hyperparameter = 0.9,
    b2: float = 0.999,
    eps: float = 1e-8,
    weight_decay: float = 0.0,
    amsgrad: bool = False,
) -> Optimizer:
    """``torch.optim.Adam`` — bias-corrected, ε outside the square root.

    m_t = β₁ m_{t−1} + (1 − β₁) g_t;   v_t = β₂ v_{t−1} + (1 − β₂) g_t²
    m̂_t = m_t / (1 − β₁ᵗ);             v̂_t = v_t / (1 − β₂ᵗ)
    θ_t = θ_{t−1} − η m̂_t / (√v̂_t + ε)

    (``amsgrad`` uses the running maximum of v_t in v̂_t; ``weight_decay`` λ is coupled:
    g_t += λθ_{t−1}.) The first step is η·g/(|g| + ε) ≈ η·sign(g) whatever the gradient's
    scale. Defaults: lr = 1e-3, betas = (0.9, 0.999), eps = 1e-8.
    """
    return _adam("adam", learning_rate, b1, b2, eps, weight_decay, amsgrad, decoupled=False)


def adamw(
    learning_rate: Hyperparameter = 1e-3,
    b1: Hyperparameter = 0.9,
    b2: float = 0.999,
    eps: float = 1e-8,
    weight_decay: float = 1e-2,
    amsgrad: bool = False,
) -> Optimizer:
    """``torch.optim.AdamW`` — decoupled weight decay, then the Adam step.

    θ ← θ_{t−1}(1 − ηλ), then the Adam update of :func:`adam` with the raw gradient.
    Defaults: lr = 1e-3, betas = (0.9, 0.999), eps = 1e-8, weight_decay = 1e-2.
    """
    return _adam("adamw", learning_rate, b1, b2, eps, weight_decay, amsgrad, decoupled=True)


__all__ = [
    "Optimizer",
    "sgd",
    "heavy_ball",
    "nesterov",
    "adagrad",
    "rmsprop",
    "adam",
    "adamw",
    "SGDState",
    "AdagradState",
    "RMSPropState",
    "AdamState",
]
