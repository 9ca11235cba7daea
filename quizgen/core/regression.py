"""Objectives on data: least squares and logistic regression, and the seeded data sets they fit.

Conventions as in :mod:`quizgen.core.objectives`: least squares defaults to PyTorch's
``MSELoss(reduction='mean')``, L(w) = (1/n)‖Xw − y‖², Hessian (2/n)XᵀX; an intercept is a
column of ones in X. These losses are finite sums, so they also give mini-batch gradients.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from quizgen.core._checks import check_nonnegative, check_positive
from quizgen.core.objectives import _Base


class RegressionData(NamedTuple):
    """A synthetic dataset: design matrix (intercept column last, if any), targets, true weights."""

    X: np.ndarray
    y: np.ndarray
    w_true: np.ndarray


def make_regression(
    n: int = 50,
    features: int = 1,
    *,
    seed: int = 0,
    scales: Any = 1.0,
    intercept: bool = True,
    noise: float = 0.3,
    loc: Any = 0.0,
) -> RegressionData:
    """Seeded synthetic least-squares data: x_ij ~ N(loc_j, scales_j²), y = Xw + noise·ε.

    With ``intercept=True`` a column of ones is appended to X (the last weight is the
    intercept). True weights are drawn uniformly from [−2, 2].
    """
    check_positive("n", n, integer=True)
    check_positive("features", features, integer=True)
    rng = np.random.default_rng(seed)
    x = np.asarray(loc, dtype=float) + np.asarray(scales, dtype=float) * rng.standard_normal((n, features))
    X = np.hstack([x, np.ones((n, 1))]) if intercept else x
    w = rng.uniform(-2.0, 2.0, X.shape[1])
    y = X @ w + noise * rng.standard_normal(n)
    return RegressionData(X, y, w)


def make_polynomial_regression(
    n_train: int,
    n_val: int,
    degree: int,
    *,
    seed: int = 0,
    noise: float = 0.3,
    slope: float = 0.0,
    offset: float = 0.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Seeded train/validation data for over- and underfitting demos.

    x ~ U(−1, 1), target y = sin(πx) + slope·x + offset + noise·ε, features the Chebyshev
    polynomials T_0(x) … T_degree(x) (T_0 = 1 is the intercept column; Chebyshev rather than
    raw powers keeps the Hessian well conditioned, so plain GD can fit a high degree).
    Returns (X_train, y_train, X_val, y_val); the training draws come first, so a larger
    ``n_val`` never changes the training set.
    """
    check_positive("n_train", n_train, integer=True)
    check_positive("n_val", n_val, integer=True)
    check_nonnegative("degree", degree, integer=True)
    from numpy.polynomial import chebyshev

    rng = np.random.default_rng(seed)
    x, xv = rng.uniform(-1.0, 1.0, n_train), rng.uniform(-1.0, 1.0, n_val)
    y = np.sin(np.pi * x) + slope * x + offset + noise * rng.standard_normal(n_train)
    yv = np.sin(np.pi * xv) + slope * xv + offset + noise * rng.standard_normal(n_val)
    return chebyshev.chebvander(x, degree), y, chebyshev.chebvander(xv, degree), yv


_LOSS_SCALE = {"mse": lambda n: 1.0 / n, "half_mse": lambda n: 0.5 / n, "sum": lambda n: 1.0}


class _FiniteSum(_Base):
    """Losses that are a reduction over n samples: these support mini-batch gradients."""

    X: np.ndarray
    y: np.ndarray

    @property
    def n_samples(self) -> int:
        return self.X.shape[0]

    @property
    def dim(self) -> int:
        return self.X.shape[1]

    runs = None

    def _check_xy(self) -> None:
        X = np.asarray(self.X, dtype=float)
        y = np.asarray(self.y, dtype=float)
        if X.ndim != 2 or y.shape != (X.shape[0],):
            raise ValueError(f"X must be (n, d) and y (n,), got {X.shape} and {y.shape}")
        if not (np.all(np.isfinite(X)) and np.all(np.isfinite(y))):
            raise ValueError("X and y must be finite")
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "y", y)

    def _rows(self, batch):
        """(X_B, y_B) for an index array of shape (b,) or (runs, b); all rows when None."""
        if batch is None:
            return self.X, self.y
        return self.X[batch], self.y[batch]


@dataclass(frozen=True, eq=False)
class LinearRegression(_FiniteSum):
    """Least squares L(w) = s·‖Xw − y‖² with s = 1/n (``'mse'``), 1/(2n) (``'half_mse'``) or 1 (``'sum'``).

    ∇L = 2s·Xᵀ(Xw − y), ∇²L = 2s·XᵀX. ``grad(w, batch=idx)`` is the same loss on the rows
    ``idx`` (with n replaced by the batch size), i.e. a mini-batch gradient.
    """

    X: Any
    y: Any
    loss: str = "mse"

    def __post_init__(self) -> None:
        if self.loss not in _LOSS_SCALE:
            raise ValueError(f"loss must be one of {sorted(_LOSS_SCALE)}, got {self.loss!r}")
        self._check_xy()

    def _scale(self, n):
        return _LOSS_SCALE[self.loss](n)

    def _residual(self, w, X, y):
        if X.ndim == 2:
            return w @ X.T - y
        return np.matmul(X, w[..., None])[..., 0] - y

    def value(self, w, batch=None):
        X, y = self._rows(batch)
        r = self._residual(w, X, y)
        return self._scale(X.shape[-2]) * np.sum(r * r, axis=-1)

    def grad(self, w, batch=None):
        X, y = self._rows(batch)
        r = self._residual(w, X, y)
        g = r @ X if X.ndim == 2 else np.matmul(r[..., None, :], X)[..., 0, :]
        return 2.0 * self._scale(X.shape[-2]) * g

    def value_and_grad(self, w, batch=None):
        X, y = self._rows(batch)
        r = self._residual(w, X, y)
        s = self._scale(X.shape[-2])
        g = r @ X if X.ndim == 2 else np.matmul(r[..., None, :], X)[..., 0, :]
        return s * np.sum(r * r, axis=-1), 2.0 * s * g

    @property
    def hessian_matrix(self) -> np.ndarray:
        return 2.0 * self._scale(self.n_samples) * (self.X.T @ self.X)

    def hessian(self, w):
        return np.broadcast_to(self.hessian_matrix, np.shape(w)[:-1] + (self.dim, self.dim))

    @property
    def minimizer(self) -> np.ndarray:
        return np.linalg.lstsq(self.X, self.y, rcond=None)[0]

    @property
    def min_value(self) -> float:
        return float(self.value(self.minimizer))


def make_classification(n: int = 100, features: int = 2, *, seed: int = 0, separation: float = 1.0,
                        intercept: bool = True) -> RegressionData:
    """Seeded two-class data: labels y ∈ {0, 1} drawn from a logistic model with weights of norm ``separation``·2."""
    check_positive("n", n, integer=True)
    check_positive("features", features, integer=True)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, features))
    X = np.hstack([x, np.ones((n, 1))]) if intercept else x
    w = rng.standard_normal(X.shape[1])
    w *= 2.0 * separation / np.linalg.norm(w)
    p = 1.0 / (1.0 + np.exp(-(X @ w)))
    y = (rng.random(n) < p).astype(float)
    return RegressionData(X, y, w)


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # overflow-free form of 1/(1 + e^{−z})


@dataclass(frozen=True, eq=False)
class LogisticRegression(_FiniteSum):
    """Mean log-loss L(w) = (1/n) Σ [log(1 + e^{z_i}) − y_i z_i], z = Xw, y ∈ {0, 1}.

    ∇L = (1/n) Xᵀ(σ(z) − y), ∇²L = (1/n) Xᵀ diag(σ(1 − σ)) X. L is L-smooth with
    L = λ_max(XᵀX)/(4n) because σ' ≤ 1/4.
    """

    X: Any
    y: Any

    def __post_init__(self) -> None:
        self._check_xy()
        if not np.all((self.y == 0) | (self.y == 1)):
            raise ValueError("logistic regression labels must be 0 or 1")

    def _z(self, w, X):
        return w @ X.T if X.ndim == 2 else np.matmul(X, w[..., None])[..., 0]

    def value(self, w, batch=None):
        X, y = self._rows(batch)
        z = self._z(w, X)
        return np.mean(np.logaddexp(0.0, z) - y * z, axis=-1)

    def grad(self, w, batch=None):
        X, y = self._rows(batch)
        r = (_sigmoid(self._z(w, X)) - y) / X.shape[-2]
        return r @ X if X.ndim == 2 else np.matmul(r[..., None, :], X)[..., 0, :]

    def hessian(self, w):
        s = _sigmoid(self._z(w, self.X))
        return np.einsum("...n,ni,nj->...ij", s * (1 - s), self.X, self.X) / self.n_samples

    @property
    def smoothness(self) -> float:
        """L = λ_max(XᵀX)/(4n), an upper bound on every Hessian eigenvalue."""
        return float(np.linalg.eigvalsh(self.X.T @ self.X)[-1] / (4 * self.n_samples))


__all__ = ["LinearRegression", "LogisticRegression", "RegressionData", "make_regression",
           "make_polynomial_regression", "make_classification"]
