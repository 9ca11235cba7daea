"""Optimizers (numpy only) converge where theory says: every method on five objectives, GD and heavy-ball thresholds."""

from __future__ import annotations

import math

import numpy as np
import pytest

from _support import rotated_quadratic as _rotated
from quizgen import core
from quizgen import core as S  # every schedule, cyclic and plateau ones included
from quizgen.core import theory


# ---------------------------------------------------------------------------------------
# convergence where theory says


def _objectives():
    reg = core.make_regression(n=60, features=3, seed=1, scales=[1.0, 3.0, 0.5])
    cls = core.make_classification(n=200, features=2, seed=0)
    return {
        "quad1d": (core.Quadratic1D(a=2.0), np.array([-3.0])),
        "quadnd": (_rotated(dim=5, seed=6), np.array([2.0, -1.0, 0.5, 3.0, -2.0])),
        "linreg": (core.LinearRegression(reg.X, reg.y), np.zeros(4)),
        "logreg": (core.LogisticRegression(cls.X, cls.y), np.zeros(3)),
        "rosenbrock": (core.Rosenbrock(), np.array([-1.5, 2.0])),
    }


def _curvature(name, obj):
    """(λ_min, λ_max) of the Hessian (global bounds for the quadratic losses)."""
    if name == "quad1d":
        return 2.0, 2.0
    if name == "quadnd":
        return 0.5, 4.0
    if name == "linreg":
        ev = np.linalg.eigvalsh(theory.regression_hessian(obj.X))
        assert 2.0 / ev[-1] == pytest.approx(theory.regression_max_lr(obj.X))
        return ev[0], ev[-1]
    if name == "logreg":
        return None, obj.smoothness
    return None, None


def _optimizer(kind, name, obj):
    lo, hi = _curvature(name, obj)
    if name == "rosenbrock":  # small rates and many steps
        return {
            "sgd": (core.sgd(1.5e-3), 16000),
            "heavy_ball": (core.heavy_ball(1e-3, 0.9), 4000),
            "nesterov": (core.nesterov(1e-3, 0.9), 4000),
            "adagrad": (core.adagrad(0.5), 16000),
            "rmsprop": (core.rmsprop(S.cosine_annealing(1e-3, 10000)), 10000),
            "adam": (core.adam(0.01), 4000),
            "amsgrad": (core.adam(0.01, amsgrad=True), 15000),
            "adamw": (core.adamw(0.01, weight_decay=0.0), 4000),
        }[kind]
    steps = 3000
    if lo is not None:
        kappa = hi / lo
        gd_lr = 2.0 / (lo + hi)  # the optimal constant rate for GD on a quadratic
        # Polyak's optimal heavy ball (β* = 0 for κ = 1 is plain GD: use 0.5 there)
        hb = (4.0 / (math.sqrt(hi) + math.sqrt(lo)) ** 2, ((math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)) ** 2 or 0.5)
        # Nesterov with η = 1/L and μ = (√κ − 1)/(√κ + 1) (μ = 0 for κ = 1 is plain GD: use 0.5 there)
        nest = (1.0 / hi, (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1) or 0.5)
    else:  # L-smooth only: η = 1/L guarantees decrease
        gd_lr, hb, nest = 1.0 / hi, (0.5 / hi, 0.9), (0.5 / hi, 0.9)
    wd = 0.01 if name.startswith("quad") else 0.0  # decoupled decay keeps the minimizer only at 0
    return {
        "sgd": (core.sgd(gd_lr), steps),
        "heavy_ball": (core.heavy_ball(*hb), steps),
        "nesterov": (core.nesterov(*nest), steps),
        "adagrad": (core.adagrad(1.0), steps),
        "rmsprop": (core.rmsprop(S.cosine_annealing(0.01, steps)), steps),  # constant-lr RMSprop hovers at ~lr
        "adam": (core.adam(0.05), steps),
        "amsgrad": (core.adam(0.05, amsgrad=True), steps),
        "adamw": (core.adamw(0.05, weight_decay=wd), steps),
    }[kind]


KINDS = ["sgd", "heavy_ball", "nesterov", "adagrad", "rmsprop", "adam", "amsgrad", "adamw"]
OBJECTIVES = ["quad1d", "quadnd", "linreg", "logreg", "rosenbrock"]
TOL = {"quad1d": 1e-8, "quadnd": 1e-8, "linreg": 1e-7, "logreg": 1e-7, "rosenbrock": 1e-3}


@pytest.fixture(scope="module")
def objectives():
    return _objectives()


@pytest.mark.parametrize("obj_name", OBJECTIVES)
@pytest.mark.parametrize("kind", KINDS)
def test_converges_where_theory_says(objectives, kind, obj_name):
    obj, x0 = objectives[obj_name]
    opt, steps = _optimizer(kind, obj_name, obj)
    traj = core.run(opt, obj, x0, steps)
    assert not traj.diverged[0]
    x = traj.final_params[0]
    if obj_name == "logreg":  # first-order optimality (the minimizer has no closed form)
        assert np.linalg.norm(obj.grad(x)) < TOL[obj_name]
    else:
        np.testing.assert_allclose(x, np.ravel(obj.minimizer), atol=TOL[obj_name])
    assert traj.final_losses[0] < traj.losses[0, 0]


def test_gd_on_1d_quadratic_follows_the_contraction_factor():
    a, w_star, w0 = 2.0, 1.5, -3.0
    lrs = np.array([0.1, 0.5, 0.9, 0.99, 1.01, 1.2])
    traj = core.run(core.sgd(lrs), core.Quadratic1D(a, w_star), np.full(6, w0), 30)
    k = np.arange(31)[:, None]
    want = w_star + (1 - lrs * a) ** k * (w0 - w_star)  # e_k = (1 − ηa)^k e_0
    finite = ~traj.diverged
    np.testing.assert_allclose(traj.params[:, finite, 0], want[:, finite], rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(traj.diverged, [False, False, False, False, False, False])
    # past 2/a = 1 the error grows: |1 − ηa|^k
    assert abs(traj.params[-1, 4, 0] - w_star) > abs(w0 - w_star)
    long = core.run(core.sgd(lrs), core.Quadratic1D(a, w_star), np.full(6, w0), 3000)
    np.testing.assert_array_equal(long.diverged, [False, False, False, False, True, True])


def test_regression_max_lr_is_the_gd_threshold():
    reg = core.make_regression(n=80, features=2, seed=3, scales=[2.0, 0.5])
    obj = core.LinearRegression(reg.X, reg.y)
    eta = theory.regression_max_lr(reg.X)
    traj = core.run(core.sgd(np.array([0.5, 0.95, 1.05, 1.5]) * eta), obj, np.zeros(3), 3000)
    np.testing.assert_array_equal(traj.diverged, [False, False, True, True])
    np.testing.assert_allclose(traj.final_params[:2], np.broadcast_to(obj.minimizer, (2, 3)), atol=1e-8)


@pytest.mark.parametrize("beta", [0.5, 0.9])
def test_heavy_ball_widens_the_stable_range_to_2_1_plus_beta(beta):
    a = 10.0  # λ_max: GD needs η < 0.2, heavy ball η < 2(1 + β)/λ
    bound = 2 * (1 + beta) / a
    lrs = np.array([0.25, 0.97 * bound, 1.03 * bound])
    traj = core.run(core.heavy_ball(lrs, beta), core.Quadratic1D(a), np.ones(3), 4000)
    np.testing.assert_array_equal(traj.diverged, [False, False, True])
    assert core.run(core.sgd(0.25), core.Quadratic1D(a), 1.0, 200).diverged[0]
