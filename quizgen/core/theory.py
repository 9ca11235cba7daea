"""Closed forms for gradient descent on quadratics — what worked answers quote and tests check.

Notation: η learning rate, a (1-D) or λ_i (n-D) Hessian eigenvalues, κ = λ_max/λ_min,
e_k = θ_k − θ* the error after k steps. Every function is vectorized over numpy
broadcasting unless its docstring says "scalar".

For f(w) = (a/2)(w − w*)², GD gives e_{k+1} = (1 − ηa) e_k, so

======================  ============  ==========================================
η                       r = 1 − ηa    behaviour of w (the loss falls iff |r| < 1)
======================  ============  ==========================================
0 < η < 1/a             0 < r < 1     monotone approach from one side
η = 1/a                 r = 0         exact minimum after one step
1/a < η < 2/a           −1 < r < 0    overshoots, sign alternates, converges
η = 2/a                 r = −1        bounces between w* ± e₀ forever
η > 2/a                 r < −1        alternates and grows: diverges
======================  ============  ==========================================

For heavy-ball momentum and Nesterov's method the per-direction iteration is a 2×2
linear recurrence; its spectral radius is the convergence factor.
"""

from __future__ import annotations

import math
from enum import Enum
from typing import Any

import numpy as np

from quizgen.core._checks import check_positive, check_unit_interval


class Regime(str, Enum):
    """How GD on a 1-D quadratic behaves for a given η·a (see the module table)."""

    MONOTONE = "monotone"
    ONE_STEP = "one_step"
    ZIGZAG = "zigzag"
    BOUNCING = "bouncing"
    DIVERGING = "diverging"


def contraction_factor(lr: Any, a: Any) -> np.ndarray:
    """r = 1 − ηa, the factor that multiplies the error each step: e_{k+1} = r·e_k."""
    return 1.0 - np.asarray(lr, dtype=float) * np.asarray(a, dtype=float)


def iterate(k: Any, lr: Any, a: Any, w0: Any, w_star: Any = 0.0) -> np.ndarray:
    """w_k = w* + (1 − ηa)^k (w₀ − w*), the k-th GD iterate on (a/2)(w − w*)²."""
    return w_star + contraction_factor(lr, a) ** np.asarray(k) * (np.asarray(w0, dtype=float) - w_star)


def loss_after(k: Any, lr: Any, a: Any, w0: Any, w_star: Any = 0.0) -> np.ndarray:
    """f(w_k) = (a/2)(1 − ηa)^{2k}(w₀ − w*)²."""
    e = iterate(k, lr, a, w0, w_star) - w_star
    return 0.5 * np.asarray(a, dtype=float) * e * e


def regime(lr: float, a: float, *, rtol: float = 1e-12) -> Regime:
    """Classify GD on (a/2)w² at rate η by r = 1 − ηa (scalar; boundaries within ``rtol``)."""
    check_positive("lr", lr)
    check_positive("a", a)
    h = lr * a
    if math.isclose(h, 1.0, rel_tol=rtol):
        return Regime.ONE_STEP
    if math.isclose(h, 2.0, rel_tol=rtol):
        return Regime.BOUNCING
    if h < 1.0:
        return Regime.MONOTONE
    return Regime.ZIGZAG if h < 2.0 else Regime.DIVERGING


def _eig(eigenvalues: Any) -> np.ndarray:
    lam = np.atleast_1d(np.asarray(eigenvalues, dtype=float))
    check_positive("eigenvalues", lam)
    return lam


def max_stable_lr(eigenvalues: Any) -> np.ndarray:
    """2/λ_max: GD on a quadratic converges from every start iff 0 < η < 2/λ_max.

    ``eigenvalues`` may be a curvature a, or an array whose last axis holds the λ_i.
    """
    return 2.0 / np.max(_eig(eigenvalues), axis=-1)


def convergence_rate(lr: Any, eigenvalues: Any) -> np.ndarray:
    """ρ(η) = max_i |1 − ηλ_i|, the worst per-step error factor; ‖e_k‖ ≤ ρᵏ‖e₀‖."""
    lam = _eig(eigenvalues)
    lr = np.asarray(lr, dtype=float)[..., None]
    return np.max(np.abs(1.0 - lr * lam), axis=-1)


def optimal_lr(eigenvalues: Any) -> np.ndarray:
    """η* = 2/(λ_min + λ_max), the constant rate with the smallest ρ (1/a in 1-D)."""
    lam = _eig(eigenvalues)
    return 2.0 / (np.min(lam, axis=-1) + np.max(lam, axis=-1))


def optimal_rate(eigenvalues: Any) -> np.ndarray:
    """ρ* = (κ − 1)/(κ + 1) with κ = λ_max/λ_min: the error factor at η*."""
    lam = _eig(eigenvalues)
    kappa = np.max(lam, axis=-1) / np.min(lam, axis=-1)
    return (kappa - 1.0) / (kappa + 1.0)


def condition_number(eigenvalues: Any) -> np.ndarray:
    """κ = λ_max / λ_min."""
    lam = _eig(eigenvalues)
    return np.max(lam, axis=-1) / np.min(lam, axis=-1)


def steps_to_tolerance(rate: float, eps: float) -> float:
    """Smallest k ≥ 0 with rateᵏ ≤ ε (scalar): k = ⌈ln ε / ln rate⌉ for 0 < rate < 1.

    Use rate = |1 − ηa| for |e_k| ≤ ε|e₀|, and rate² (or ε → √δ) for a loss ratio δ.
    Returns 0 when ε ≥ 1, 1 when rate = 0 and ``math.inf`` when rate ≥ 1. The logarithm is
    only a first guess: the answer is settled by comparing rateᵏ with ε directly, so a
    quotient within rounding of an integer cannot be off by one.
    """
    check_positive("eps", eps)
    if rate < 0:
        raise ValueError(f"rate must be >= 0, got {rate!r}")
    if eps >= 1.0:
        return 0
    if rate == 0.0:
        return 1
    if rate >= 1.0:
        return math.inf
    k = max(math.ceil(math.log(eps) / math.log(rate)), 0)
    while k > 0 and rate ** (k - 1) <= eps:
        k -= 1
    while rate**k > eps:
        k += 1
    return k


def quadratic_iterate(k: int, lr: Any, eigenvalues: Any, x0: Any, rotation: Any = None, center: Any = None):
    """x_k = c + Q diag((1 − ηλ)^k) Qᵀ (x₀ − c) for f = ½(x − c)ᵀQ diag(λ)Qᵀ(x − c).

    Unbatched: eigenvalues (dim,), x0 (dim,), rotation (dim, dim) or None.
    """
    lam = _eig(eigenvalues)
    x0 = np.asarray(x0, dtype=float)
    c = np.zeros_like(x0) if center is None else np.asarray(center, dtype=float)
    factors = (1.0 - np.asarray(lr, dtype=float) * lam) ** k
    if rotation is None:
        return c + factors * (x0 - c)
    q = np.asarray(rotation, dtype=float)
    return c + q @ (factors * (q.T @ (x0 - c)))


def heavy_ball_max_lr(lam_max: Any, beta: Any) -> np.ndarray:
    """Heavy-ball momentum is stable on a direction of curvature λ iff 0 < ηλ < 2(1 + β)."""
    check_unit_interval("beta", beta)
    return 2.0 * (1.0 + np.asarray(beta, dtype=float)) / np.asarray(lam_max, dtype=float)


def nesterov_max_lr(lam_max: Any, mu: Any) -> np.ndarray:
    """PyTorch-Nesterov is stable on curvature λ iff 0 < ηλ < 2(1 + μ)/(1 + 2μ) (derived, Jury test).

    From the characteristic polynomial z² − (1 + μ)(1 − h)z + μ(1 − h), h = ηλ.
    """
    check_unit_interval("mu", mu)
    mu = np.asarray(mu, dtype=float)
    return 2.0 * (1.0 + mu) / ((1.0 + 2.0 * mu) * np.asarray(lam_max, dtype=float))


def _companion_radius(trace: np.ndarray, det: np.ndarray) -> np.ndarray:
    """Spectral radius of a 2×2 recurrence with characteristic z² − trace·z + det."""
    disc = trace * trace - 4.0 * det
    sq = np.sqrt(np.abs(disc))
    real = np.maximum(np.abs(trace + sq), np.abs(trace - sq)) / 2.0
    return np.where(disc >= 0, real, np.sqrt(np.abs(det)))


def heavy_ball_rate(lr: Any, beta: Any, lam: Any) -> np.ndarray:
    """Spectral radius of heavy ball on curvature λ: roots of z² − (1 + β − ηλ)z + β.

    For (1 − √β)² < ηλ < (1 + √β)² the roots are complex and the rate is √β (ripples).
    """
    h = np.asarray(lr, dtype=float) * np.asarray(lam, dtype=float)
    beta = np.asarray(beta, dtype=float)
    return _companion_radius(1.0 + beta - h, beta)


def nesterov_rate(lr: Any, mu: Any, lam: Any) -> np.ndarray:
    """Spectral radius of PyTorch-Nesterov on curvature λ: roots of z² − (1+μ)(1−h)z + μ(1−h)."""
    h = np.asarray(lr, dtype=float) * np.asarray(lam, dtype=float)
    mu = np.asarray(mu, dtype=float)
    return _companion_radius((1.0 + mu) * (1.0 - h), mu * (1.0 - h))


def heavy_ball_iterate(k: int, lr: float, beta: float, a: float, w0: float) -> float:
    """w_k of PyTorch SGD(momentum=β) on (a/2)w² from w₀ (scalar, exact 2×2 matrix power).

    The buffer starts at the first gradient, so w₁ = w₀ − ηa·w₀ and afterwards
    w_{t+1} = (1 + β − ηa) w_t − β w_{t−1}.
    """
    if k == 0:
        return float(w0)
    m = np.array([[1.0 + beta - lr * a, -beta], [1.0, 0.0]])
    w1 = (1.0 - lr * a) * w0
    v = np.linalg.matrix_power(m, k - 1) @ np.array([w1, w0])
    return float(v[0])


def polyak_optimal(lam_min: float, lam_max: float) -> tuple[float, float, float]:
    """Polyak's optimal heavy ball: η* = 4/(√λ_max + √λ_min)², β* = ((√κ − 1)/(√κ + 1))², rate (√κ − 1)/(√κ + 1)."""
    check_positive("lam_min", lam_min)
    check_positive("lam_max", lam_max)
    s = math.sqrt(lam_max / lam_min)
    rate = (s - 1.0) / (s + 1.0)
    return 4.0 / (math.sqrt(lam_max) + math.sqrt(lam_min)) ** 2, rate * rate, rate


def effective_lr(lr: Any, beta: Any) -> np.ndarray:
    """η/(1 − β): the terminal step per unit gradient of momentum SGD on a constant slope."""
    check_unit_interval("beta", beta)
    return np.asarray(lr, dtype=float) / (1.0 - np.asarray(beta, dtype=float))


_REGRESSION_SCALE = {"mse": 2.0, "half_mse": 1.0, "sum": None}


def regression_hessian(X: Any, loss: str = "mse") -> np.ndarray:
    """Hessian of least squares: (2/n)XᵀX for MSE, (1/n)XᵀX for ½MSE, 2XᵀX for a sum."""
    X = np.asarray(X, dtype=float)
    if loss not in _REGRESSION_SCALE:
        raise ValueError(f"loss must be one of {sorted(_REGRESSION_SCALE)}, got {loss!r}")
    n = X.shape[0]
    scale = 2.0 if loss == "sum" else _REGRESSION_SCALE[loss] / n
    return scale * (X.T @ X)


def regression_max_lr(X: Any, loss: str = "mse") -> float:
    """2/λ_max of the least-squares Hessian: the largest stable full-batch GD rate for this data."""
    return float(2.0 / np.linalg.eigvalsh(regression_hessian(X, loss))[-1])


def intercept_lambda_max(x: Any) -> float:
    """λ_max of the MSE Hessian for one feature plus an intercept, H = 2[[m₂, m₁], [m₁, 1]]:

    λ_max = (m₂ + 1) + √((m₂ − 1)² + 4m₁²) with m₁ = mean(x), m₂ = mean(x²).
    """
    x = np.asarray(x, dtype=float)
    m1, m2 = float(np.mean(x)), float(np.mean(x * x))
    return (m2 + 1.0) + math.sqrt((m2 - 1.0) ** 2 + 4.0 * m1 * m1)


def guaranteed_decrease(lr: Any, smoothness: Any) -> np.ndarray:
    """Descent lemma factor: f(x − η∇f) ≤ f(x) − η(1 − Lη/2)‖∇f‖²; positive iff 0 < η < 2/L."""
    lr = np.asarray(lr, dtype=float)
    return lr * (1.0 - np.asarray(smoothness, dtype=float) * lr / 2.0)


__all__ = [
    "Regime",
    "contraction_factor",
    "iterate",
    "loss_after",
    "regime",
    "max_stable_lr",
    "convergence_rate",
    "optimal_lr",
    "optimal_rate",
    "condition_number",
    "steps_to_tolerance",
    "quadratic_iterate",
    "heavy_ball_max_lr",
    "nesterov_max_lr",
    "heavy_ball_rate",
    "nesterov_rate",
    "heavy_ball_iterate",
    "polyak_optimal",
    "effective_lr",
    "regression_hessian",
    "regression_max_lr",
    "intercept_lambda_max",
    "guaranteed_decrease",
]
