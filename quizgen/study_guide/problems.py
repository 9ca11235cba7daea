"""The guide's problems, drawn from its seed: every run of the guide is made on these.

One 1-D quadratic (the four regimes), one ill-conditioned 2-D quadratic (the threshold,
momentum, Adam, the explorer), one seeded least-squares data set (SGD noise, schedules, the
range test, feature scaling) and one polynomial regression (the over/underfitting check).
Values come from short lists so that every rate the guide prints is a short exact decimal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

STREAM = 0x57D6  # the guide's own random stream, apart from the bank's question seeds


@dataclass(frozen=True)
class Problems:
    """Everything the guide draws from its seed."""

    a: float  # curvature of f(w) = a/2·w²
    w0: float
    rate_factors: tuple[float, float, float, float]  # η·a: too small, good, zigzag, diverging
    eigenvalues: tuple[float, float]  # λ_min, λ_max of the 2-D quadratic
    x0: tuple[float, float]
    beta: float  # heavy-ball momentum
    adam_lr: float
    data_seed: int
    sgd_seed: int
    scales: tuple[float, float]
    loc: tuple[float, float]
    noise: float
    batch: int
    poly_seed: int

    @property
    def rates(self) -> tuple[float, ...]:
        """The 1-D problem's four rates η = (η·a)/a."""
        return tuple(round(h / self.a, 12) for h in self.rate_factors)


def _pick(rng: np.random.Generator, options):
    return options[int(rng.integers(len(options)))]


def draw(seed: int) -> Problems:
    """The problems of the guide with this seed (the same seed, the same problems)."""
    rng = np.random.default_rng([seed, STREAM])
    a = float(_pick(rng, (1, 2, 4, 5, 8, 10)))
    w0 = float(_pick(rng, (-5, -4, -3, 3, 4, 5)))
    factors = (_pick(rng, (0.04, 0.05)), _pick(rng, (0.6, 0.7, 0.8)), _pick(rng, (1.5, 1.6, 1.7)),
               _pick(rng, (2.1, 2.2)))
    lam_min = float(_pick(rng, (0.5, 1.0, 2.0)))
    kappa = float(_pick(rng, (10, 12, 16, 20)))
    x0 = _pick(rng, ((-4.0, 1.5), (4.0, -1.5), (-3.5, 2.0), (3.5, 2.0), (-4.0, -1.0)))
    beta = float(_pick(rng, (0.5, 0.6, 0.7)))
    adam_lr = float(_pick(rng, (0.2, 0.3)))
    return Problems(
        a=a, w0=w0, rate_factors=factors, eigenvalues=(lam_min, lam_min * kappa), x0=x0, beta=beta,
        adam_lr=adam_lr, data_seed=int(rng.integers(10_000)), sgd_seed=int(rng.integers(10_000)),
        scales=_pick(rng, ((1.0, 2.0), (1.0, 1.0), (2.0, 1.0), (0.5, 1.5))),
        loc=_pick(rng, ((0.5, -0.5), (0.0, 0.0), (1.0, 0.0))), noise=float(_pick(rng, (0.3, 0.5))),
        batch=int(_pick(rng, (8, 10, 16))), poly_seed=int(rng.integers(10_000)))
