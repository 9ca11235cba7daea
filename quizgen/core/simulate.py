"""Vectorized simulation: many runs of one optimizer on one objective, in one call.

``run(optimizer, objective, x0, steps)`` advances ``B`` runs at once along a leading
batch axis — ``B`` learning rates, momenta, curvatures or question versions, whichever
arguments carry it — with no Python loop over the batch. The result is a
:class:`Trajectory` holding the whole history a worked answer or a plot needs.

Divergence is data, not an error: a run *diverges at step k* when θ_k or f(θ_k) is not
finite or ‖θ_k‖₂ exceeds a bound (default 10⁶·max(‖θ₀‖₂, 1), per run, so a run's
result does not depend on the other runs in its batch). The value at step k is
kept when finite (so a plot can show the blow-up) and every later entry of that run is
NaN; ``diverged``/``diverged_at`` mark exactly which. No floating-point warning escapes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from quizgen.core._checks import check_nonnegative, check_positive
from quizgen.core.objectives import Objective
from quizgen.core.optimizers import Optimizer
from quizgen.core.plateau import ReduceOnPlateau


@dataclass(frozen=True, eq=False)
class Trajectory:
    """The history of ``B`` runs over ``T`` steps (time-major arrays).

    Attributes:
        params: θ_k for k = 0 … T, shape (T+1, B, dim).
        losses: f(θ_k) (the full-batch loss), shape (T+1, B).
        lrs: the learning rate used by step k (θ_k → θ_{k+1}), shape (T, B).
        diverged: whether each run diverged, shape (B,).
        diverged_at: the first step k at which it had diverged, −1 if never.
        converged_at: the first k with f(θ_k) ≤ ``tol``, −1 if never (or no ``tol``).
        grads: the gradient used by step k, shape (T, B, dim) (see :attr:`grads`).
    """

    params: np.ndarray
    losses: np.ndarray
    lrs: np.ndarray
    diverged: np.ndarray
    diverged_at: np.ndarray
    converged_at: np.ndarray
    objective: Objective = field(repr=False)
    minibatch_grads: np.ndarray | None = field(default=None, repr=False)

    @cached_property
    def grads(self) -> np.ndarray:
        """The gradient used by step k, shape (T, B, dim); NaN after a run diverged.

        Mini-batch runs recorded theirs; for full-batch runs it is ∇f(θ_k), recomputed
        on first access in one vectorized call (keeping 8·T·B·dim bytes out of the hot loop).
        """
        if self.minibatch_grads is not None:
            return self.minibatch_grads
        with np.errstate(all="ignore"):
            g = np.asarray(self.objective.grad(self.params[:-1]), dtype=float)
        g[~np.isfinite(g).all(axis=-1)] = np.nan
        return g

    @property
    def steps(self) -> int:
        return self.lrs.shape[0]

    @property
    def runs(self) -> int:
        return self.losses.shape[1]

    @property
    def final_params(self) -> np.ndarray:
        """θ_T per run, shape (B, dim) (NaN for diverged runs)."""
        return self.params[-1]

    @property
    def final_losses(self) -> np.ndarray:
        return self.losses[-1]


def _batch_size(*sizes: int | None) -> int:
    known = {s for s in sizes if s is not None and s != 1}
    if len(known) > 1:
        raise ValueError(f"mismatched shapes: the arguments imply different numbers of runs {sorted(known)}")
    return known.pop() if known else 1


def _start(x0: Any, dim: int) -> np.ndarray:
    x = np.asarray(x0, dtype=float)
    if x.ndim == 0:
        x = x[None]
    if x.ndim == 1:
        # a 1-D objective reads a vector as one start per run; otherwise it is one start point
        x = x[:, None] if dim == 1 else x[None, :]
    if x.ndim != 2 or x.shape[1] != dim:
        raise ValueError(f"x0 must have shape ({dim},) or (runs, {dim}), got {np.shape(x0)}")
    if not np.all(np.isfinite(x)):
        raise ValueError("x0 must be finite")
    return x


def _minibatches(rng: np.random.Generator, n: int, size: int, runs: int):
    """Endless per-run index batches: each epoch is a fresh permutation per run, last partial batch dropped."""
    per_epoch = n // size
    while True:
        perm = rng.permuted(np.broadcast_to(np.arange(n), (runs, n)), axis=1)
        for j in range(per_epoch):
            yield perm[:, j * size:(j + 1) * size]


def _mark_divergence(params, losses, grads, diverged, first) -> None:
    """NaN-out each diverged run after its divergence step, and its non-finite entries at it (in place)."""
    last_ok = np.where(diverged, first, params.shape[0])
    after = np.arange(params.shape[0])[:, None] > last_ok
    params[after] = np.nan
    losses[after] = np.nan
    runs = np.flatnonzero(diverged)
    at = first[runs]
    # at the divergence step itself only non-finite values go (a finite blow-up is kept for plots)
    params[at[~np.isfinite(params[at, runs]).all(axis=1)], runs[~np.isfinite(params[at, runs]).all(axis=1)]] = np.nan
    losses[at[~np.isfinite(losses[at, runs])], runs[~np.isfinite(losses[at, runs])]] = np.nan
    if grads is not None:
        grads[after[:-1]] = np.nan
        grads[~np.isfinite(grads).all(axis=-1)] = np.nan


def run(
    optimizer: Optimizer,
    objective: Objective,
    x0: Any,
    steps: int,
    *,
    tol: float | None = None,
    divergence_bound: float | None = None,
    batch_size: int | None = None,
    seed: int | np.random.SeedSequence | None = None,
) -> Trajectory:
    """Run ``steps`` optimizer steps from ``x0`` for every run in the batch.

    Args:
        optimizer: from :mod:`quizgen.core.optimizers`; per-run hyperparameters (arrays of
            shape (B,)) and schedules are allowed.
        objective: from :mod:`quizgen.core.objectives`; may be batched too.
        x0: start point, shape (dim,) or (B, dim); for 1-D objectives also a number or (B,).
        steps: number of updates T ≥ 0.
        tol: record the first step with f(θ_k) ≤ tol in ``converged_at``.
        divergence_bound: ‖θ‖₂ above which a run counts as diverged; by default
            10⁶·max(‖θ₀‖₂, 1), computed for each run from its own start.
        batch_size: mini-batch SGD on a finite-sum objective (regression): each step uses
            the gradient of the loss on ``batch_size`` rows, drawn per run by reshuffling
            the data every epoch (``DataLoader(shuffle=True, drop_last=True)``).
        seed: seeds the mini-batch sampling (required with ``batch_size``).

    The update is θ_{k+1} = update(∇f(θ_k), state_k, θ_k, η_k) with η_k the scheduled
    rate; a :class:`ReduceOnPlateau` schedule is fed f(θ_{k+1}) after each step.
    """
    check_nonnegative("steps", steps, integer=True)
    steps = int(steps)
    x = _start(x0, objective.dim)
    B = _batch_size(x.shape[0], objective.runs, optimizer.runs)
    x = np.array(np.broadcast_to(x, (B, objective.dim)))
    if divergence_bound is None:
        bound = 1e6 * np.maximum(np.linalg.norm(x, axis=1), 1.0)  # per run: batching must not change a run
    else:
        check_positive("divergence_bound", divergence_bound)
        bound = float(divergence_bound)

    batches = None
    if batch_size is not None:
        check_positive("batch_size", batch_size, integer=True)
        n = getattr(objective, "n_samples", None)
        if n is None:
            raise ValueError(f"mini-batches need a finite-sum objective, not {type(objective).__name__}")
        if batch_size > n:
            raise ValueError(f"batch_size {batch_size} is larger than the {n} samples")
        if seed is None:
            raise ValueError("mini-batch sampling needs a seed")
        batches = _minibatches(np.random.default_rng(seed), n, int(batch_size), B)

    schedule = optimizer.learning_rate
    plateau = schedule if isinstance(schedule, ReduceOnPlateau) else None
    # a constant rate is broadcast once to the parameters' shape (cheaper per step)
    fixed_lr = None if callable(schedule) or plateau else np.broadcast_to(schedule, (B,))
    fixed_full = None if fixed_lr is None else np.repeat(fixed_lr[:, None], objective.dim, axis=1)

    params = np.empty((steps + 1, B, objective.dim))
    losses = np.empty((steps + 1, B))
    lrs = np.empty((steps, B))
    grads = np.empty((steps, B, objective.dim)) if batches is not None else None

    with np.errstate(all="ignore"):
        state = optimizer.init(x)
        pstate = plateau.init((B,)) if plateau else None
        params[0] = x
        losses[0], g = objective.value_and_grad(x)
        for k in range(steps):
            if batches is not None:
                g = objective.grad(x, batch=next(batches))
                grads[k] = g
            if plateau:
                lr = lrs[k] = pstate.lr
            elif fixed_lr is not None:
                lrs[k] = fixed_lr
                lr = fixed_full
            else:
                lr = lrs[k] = np.broadcast_to(schedule(k), (B,))
            # the new iterate is written straight into the history buffer
            x, state = optimizer.update(g, state, x, lr, out=params[k + 1])
            losses[k + 1], g = objective.value_and_grad(x)
            if plateau:
                pstate = plateau.update(pstate, losses[k + 1])

        # divergence, found once at the end (one pass over the history is cheaper than a
        # call per step): the first k with ‖θ_k‖ above the bound or a non-finite value, per run
        sq_norms = np.einsum("tbi,tbi->tb", params, params)
        bad = ~(sq_norms <= bound * bound) | ~np.isfinite(losses)
        diverged = bad.any(axis=0)
        first = np.where(diverged, bad.argmax(axis=0), -1)
        if diverged.any():
            _mark_divergence(params, losses, grads, diverged, first)
        if tol is not None:
            hit = losses <= tol
            converged_at = np.where(hit.any(axis=0), hit.argmax(axis=0), -1)
        else:
            converged_at = np.full(B, -1)

    return Trajectory(params, losses, lrs, diverged, first, converged_at, objective, grads)


def constant_gradient_steps(optimizer: Optimizer, gradient: float, steps: int) -> np.ndarray:
    """Step lengths |θ_t − θ_{t−1}|, t = 1 … ``steps``, of one parameter fed the same gradient.

    The textbook probe of an optimizer's effective learning rate: on a constant slope SGD with
    momentum β settles to steps of η·|g|/(1 − β), AdaGrad's shrink like η/√t, Adam's stay ≈ η.
    """
    check_nonnegative("steps", steps, integer=True)
    theta = np.zeros((1, 1))
    grad = np.full((1, 1), float(gradient))
    state = optimizer.init(theta)
    path = np.empty(steps + 1)
    path[0] = 0.0
    for t in range(steps):  # a loop over steps, not over runs
        theta, state = optimizer.update(grad, state, theta)
        path[t + 1] = theta[0, 0]
    return np.abs(np.diff(path))


__all__ = ["Trajectory", "run", "constant_gradient_steps"]
