"""Objectives: a value, its analytic gradient and (where it exists) its Hessian.

Every objective works on parameters of shape ``(..., dim)`` and returns values of shape
``(...)``, gradients of shape ``(..., dim)`` and Hessians of shape ``(..., dim, dim)``.
Numeric constructor arguments may carry a leading batch axis ``(B,)`` (or ``(B, dim)``
for vectors), so ``B`` versions of a question — each with its own curvature — run in
one vectorized simulation; ``runs`` reports that ``B`` (``None`` when unbatched).

Conventions worth stating in every question that uses them:

* quadratics use the ½ convention: f(w) = (a/2)(w − w*)², so f''(w) = a and
  GD converges iff 0 < η < 2/a;
* least squares defaults to PyTorch's ``MSELoss(reduction='mean')``:
  L(w) = (1/n)‖Xw − y‖², gradient (2/n)Xᵀ(Xw − y), Hessian (2/n)XᵀX; ``loss='half_mse'``
  gives (1/2n)‖Xw − y‖² and ``loss='sum'`` gives ‖Xw − y‖². An intercept is a column of
  ones in X (see :func:`~quizgen.core.regression.make_regression`);
* logistic regression uses the mean log-loss with labels in {0, 1}.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol

import numpy as np

from quizgen.core._checks import check_positive


class Objective(Protocol):
    """What the simulator needs from a loss function."""

    dim: int

    @property
    def runs(self) -> int | None: ...

    def value(self, x: np.ndarray) -> np.ndarray:
        """The loss f(θ) for θ of shape (dim,) or (B, dim)."""

    def grad(self, x: np.ndarray) -> np.ndarray:
        """∇f(θ), the same shape as θ."""

    def value_and_grad(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(f(θ), ∇f(θ)) in one call."""


def _batch(*arrays: Any) -> int | None:
    """Leading batch size implied by batched parameters, or None when all are unbatched."""
    sizes = {np.shape(a)[0] for a in arrays if np.ndim(a) >= 1}
    if len(sizes) > 1:
        raise ValueError(f"batched parameters disagree on the number of runs: {sorted(sizes)}")
    return sizes.pop() if sizes else None


class _Base:
    """Shared interface of the objectives below; each class's docstring gives its formulas.

    Parameters come as shape (dim,) for one run or (B, dim) for B runs; batched objective
    parameters (one curvature per run, say) broadcast along that leading axis.
    """

    def value(self, x):  # pragma: no cover - abstract
        """The loss f(θ): shape () for θ of shape (dim,), (B,) for (B, dim)."""
        raise NotImplementedError

    def grad(self, x):  # pragma: no cover - abstract
        """The analytic gradient ∇f(θ), the same shape as θ."""
        raise NotImplementedError

    def hessian(self, x):  # pragma: no cover - abstract
        """The Hessian ∇²f(θ), shape (dim, dim) or (B, dim, dim)."""
        raise NotImplementedError

    def value_and_grad(self, x):
        """(f(θ), ∇f(θ)) in one call; objectives override it where the two share work."""
        return self.value(x), self.grad(x)


@dataclass(frozen=True, eq=False)
class Quadratic1D(_Base):
    """f(w) = (a/2)(w − w*)²;  f'(w) = a(w − w*);  f''(w) = a.

    GD: w_{t+1} − w* = (1 − ηa)(w_t − w*). ``a`` and ``w_star`` may be arrays of shape (B,).
    """

    a: Any
    w_star: Any = 0.0
    dim: int = field(default=1, init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "a", np.asarray(self.a, dtype=float))
        object.__setattr__(self, "w_star", np.asarray(self.w_star, dtype=float))
        check_positive("a", self.a)

    @property
    def runs(self):
        return _batch(self.a, self.w_star)

    def value(self, x):
        d = x[..., 0] - self.w_star
        return 0.5 * self.a * d * d

    def grad(self, x):
        return (self.a * (x[..., 0] - self.w_star))[..., None]

    def value_and_grad(self, x):
        d = x[..., 0] - self.w_star
        ad = self.a * d
        return 0.5 * ad * d, ad[..., None]

    def hessian(self, x):
        return np.broadcast_to(self.a, np.shape(x)[:-1])[..., None, None].astype(float)

    @property
    def minimizer(self):
        return self.w_star[..., None]

    min_value = 0.0


def random_rotation(dim: int, rng: np.random.Generator) -> np.ndarray:
    """A uniformly random orthogonal matrix (QR of a Gaussian matrix, signs fixed)."""
    q, r = np.linalg.qr(rng.standard_normal((dim, dim)))
    return q * np.sign(np.diag(r))


@dataclass(frozen=True, eq=False)
class Quadratic(_Base):
    """f(x) = ½ (x − c)ᵀ H (x − c) with H = Q diag(λ) Qᵀ.

    ∇f(x) = H(x − c), ∇²f = H. In the eigenbasis GD multiplies each coordinate of the
    error by (1 − ηλ_i) per step. ``eigenvalues`` has shape (dim,) or (B, dim);
    ``rotation`` (Q, orthogonal) is None (axis-aligned), (dim, dim) or (B, dim, dim).
    """

    eigenvalues: Any
    rotation: Any = None
    center: Any = None

    def __post_init__(self) -> None:
        lam = np.asarray(self.eigenvalues, dtype=float)
        if lam.ndim not in (1, 2):
            raise ValueError(f"eigenvalues must have shape (dim,) or (runs, dim), got {lam.shape}")
        if not np.all(np.isfinite(lam)):
            raise ValueError("eigenvalues must be finite")
        object.__setattr__(self, "eigenvalues", lam)
        dim = lam.shape[-1]
        if self.rotation is not None:
            q = np.asarray(self.rotation, dtype=float)
            if q.shape[-2:] != (dim, dim) or q.ndim > 3:
                raise ValueError(f"rotation must have shape ({dim}, {dim}) or (runs, {dim}, {dim}), got {q.shape}")
            eye = np.eye(dim)
            if not np.allclose(np.swapaxes(q, -1, -2) @ q, eye, atol=1e-8):
                raise ValueError("rotation must be an orthogonal matrix")
            object.__setattr__(self, "rotation", q)
        c = np.zeros(dim) if self.center is None else np.asarray(self.center, dtype=float)
        if c.shape[-1:] != (dim,):
            raise ValueError(f"center must have shape ({dim},) or (runs, {dim}), got {c.shape}")
        object.__setattr__(self, "center", c)
        object.__setattr__(self, "_shifted", bool(np.any(c != 0)))

    @property
    def dim(self) -> int:
        return self.eigenvalues.shape[-1]

    @property
    def runs(self):
        lam = self.eigenvalues if self.eigenvalues.ndim == 2 else np.zeros(())
        rot = self.rotation if self.rotation is not None and self.rotation.ndim == 3 else np.zeros(())
        c = self.center if self.center.ndim == 2 else np.zeros(())
        return _batch(lam, rot, c)

    def _error(self, x):
        return x - self.center if self._shifted else x

    def _apply_h(self, e):
        """H·e for row vectors e of shape (..., dim)."""
        if self.rotation is None:
            return self.eigenvalues * e
        h = self.hessian_matrix
        return e @ h if h.ndim == 2 else np.matmul(e[..., None, :], h)[..., 0, :]

    def value(self, x):
        e = self._error(x)
        return 0.5 * np.einsum("...i,...i->...", e, self._apply_h(e))

    def grad(self, x):
        return self._apply_h(self._error(x))

    def value_and_grad(self, x):
        e = self._error(x)
        g = self._apply_h(e)
        return 0.5 * np.einsum("...i,...i->...", e, g), g

    @cached_property
    def hessian_matrix(self) -> np.ndarray:
        """H = Q diag(λ) Qᵀ, shape (dim, dim) or (B, dim, dim)."""
        lam = self.eigenvalues
        if self.rotation is None:
            return lam[..., :, None] * np.eye(self.dim)
        q = self.rotation
        h = (q * lam[..., None, :]) @ np.swapaxes(q, -1, -2)
        return 0.5 * (h + np.swapaxes(h, -1, -2))  # exactly symmetric

    def hessian(self, x):
        return np.broadcast_to(self.hessian_matrix, np.shape(x)[:-1] + (self.dim, self.dim))

    @property
    def minimizer(self):
        return self.center

    min_value = 0.0


@dataclass(frozen=True, eq=False)
class Rosenbrock(_Base):
    """f(x, y) = (a − x)² + b(y − x²)², minimum 0 at (a, a²).

    ∇f = (−2(a − x) − 4bx(y − x²), 2b(y − x²));  ∇²f = [[2 − 4b(y − x²) + 8bx², −4bx], [−4bx, 2b]].
    """

    a: float = 1.0
    b: float = 100.0
    dim: int = field(default=2, init=False)
    runs = None

    def value(self, p):
        x, y = p[..., 0], p[..., 1]
        return (self.a - x) ** 2 + self.b * (y - x * x) ** 2

    def grad(self, p):
        x, y = p[..., 0], p[..., 1]
        r = y - x * x
        return np.stack([-2.0 * (self.a - x) - 4.0 * self.b * x * r, 2.0 * self.b * r], axis=-1)

    def hessian(self, p):
        x, y = p[..., 0], p[..., 1]
        hxx = 2.0 - 4.0 * self.b * (y - x * x) + 8.0 * self.b * x * x
        hxy = -4.0 * self.b * x
        hyy = np.broadcast_to(2.0 * self.b, np.shape(x))
        return np.stack([np.stack([hxx, hxy], -1), np.stack([hxy, hyy], -1)], -2)

    @property
    def minimizer(self):
        return np.array([self.a, self.a * self.a])  # a*a, as value() squares: exactly f = 0 and ∇f = 0

    min_value = 0.0


@dataclass(frozen=True, eq=False)
class DoubleWell(_Base):
    """A tilted double well f(w) = w⁴/4 − w²/2 + s·w (non-convex, two minima for |s| < 2/(3√3)).

    f'(w) = w³ − w + s;  f''(w) = 3w² − 1 (negative between ±1/√3: no threshold is global).
    With s > 0 the left minimum is the deeper (global) one.
    """

    tilt: float = 0.25
    dim: int = field(default=1, init=False)
    runs = None

    def __post_init__(self) -> None:
        if not abs(self.tilt) < 2 / (3 * np.sqrt(3)):
            raise ValueError(f"|tilt| must be < 2/(3√3) ≈ 0.385 for two minima, got {self.tilt!r}")

    def value(self, x):
        w = x[..., 0]
        w2 = w * w
        return 0.25 * w2 * w2 - 0.5 * w2 + self.tilt * w

    def grad(self, x):
        w = x[..., 0]
        return (w * w * w - w + self.tilt)[..., None]

    def hessian(self, x):
        w = x[..., 0]
        return (3.0 * w * w - 1.0)[..., None, None]

    @property
    def minima(self) -> np.ndarray:
        """Both local minima, sorted (roots of f' with f'' > 0)."""
        roots = np.roots([1.0, 0.0, -1.0, self.tilt])
        real = np.sort(roots[np.abs(roots.imag) < 1e-12].real)
        return real[3 * real**2 - 1 > 0]

    @property
    def minimizer(self):
        m = self.minima
        return m[np.argmin(self.value(m[:, None]))][None]


@dataclass(frozen=True, eq=False)
class Quartic(_Base):
    """The warm-up demo f(w) = (a/2)w² + (b/4)w⁴, minimum 0 at w = 0.

    f'(w) = aw + bw³;  f''(w) = a + 3bw² — steep far out (local threshold 2/f'' small),
    gentle near the minimum (threshold 2/a). With a = b = 1 and w₀ = 5: f'' = 76.
    """

    a: float = 1.0
    b: float = 1.0
    dim: int = field(default=1, init=False)
    runs = None

    def __post_init__(self) -> None:
        check_positive("a", self.a)
        check_positive("b", self.b)

    def value(self, x):
        w2 = x[..., 0] ** 2
        return 0.5 * self.a * w2 + 0.25 * self.b * w2 * w2

    def grad(self, x):
        w = x[..., 0]
        return (self.a * w + self.b * w * w * w)[..., None]

    def hessian(self, x):
        w = x[..., 0]
        return (self.a + 3.0 * self.b * w * w)[..., None, None]

    @property
    def minimizer(self):
        return np.zeros(1)

    min_value = 0.0


__all__ = [
    "Objective",
    "Quadratic1D",
    "Quadratic",
    "random_rotation",
    "Rosenbrock",
    "DoubleWell",
    "Quartic",
]
