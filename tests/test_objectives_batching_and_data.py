"""Objectives: batched parameters, data generators, double-well minima, the quartic warm-up demo, argument checks."""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _support import finite_floats as _floats
from _support import rotated_quadratics, seeds
from quizgen import core

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


# ---------------------------------------------------------------------------------------
# batched parameters == one objective per run


@given(seed=seeds, runs=st.integers(1, 6))
def test_batched_quadratic1d_equals_separate(seed, runs):
    rng = np.random.default_rng(seed)
    a, w_star = rng.uniform(0.1, 5, runs), rng.uniform(-2, 2, runs)
    batched = core.Quadratic1D(a, w_star=w_star)
    assert batched.runs == runs and core.Quadratic1D(2.0).runs is None
    x = rng.uniform(-3, 3, (runs, 1))
    v, g, h = batched.value(x), batched.grad(x), batched.hessian(x)
    for i in range(runs):
        one = core.Quadratic1D(a[i], w_star=w_star[i])
        assert v[i] == one.value(x[i])
        np.testing.assert_array_equal(g[i], one.grad(x[i]))
        np.testing.assert_array_equal(h[i], one.hessian(x[i]))
    np.testing.assert_array_equal(batched.minimizer[:, 0], w_star)


@given(problem=rotated_quadratics(batch=5))
def test_batched_quadratic_equals_separate(problem):
    lam, q, center, rng = problem
    batched = core.Quadratic(lam, q, center)
    x = rng.uniform(-3, 3, lam.shape)
    v, g, h = batched.value(x), batched.grad(x), batched.hessian(x)
    for i in range(5):
        one = core.Quadratic(lam[i], q[i], None if center is None else center[i])
        assert one.runs is None
        np.testing.assert_allclose(v[i], one.value(x[i]), rtol=1e-13, atol=1e-14)
        np.testing.assert_allclose(g[i], one.grad(x[i]), rtol=1e-13, atol=1e-14)
        np.testing.assert_allclose(h[i], one.hessian(x[i]), rtol=1e-13, atol=1e-14)


def test_partly_batched_quadratic():
    # batched eigenvalues with one shared rotation, and a batched center with shared eigenvalues
    rng = np.random.default_rng(3)
    q = core.random_rotation(3, rng)
    lam = rng.uniform(0.5, 2, (4, 3))
    obj = core.Quadratic(lam, q)
    assert obj.runs == 4
    x = rng.standard_normal((4, 3))
    for i in range(4):
        np.testing.assert_allclose(obj.grad(x)[i], q @ np.diag(lam[i]) @ q.T @ x[i], rtol=1e-12)
    centers = rng.standard_normal((4, 3))
    obj = core.Quadratic(lam[0], q, centers)
    assert obj.runs == 4
    for i in range(4):
        np.testing.assert_allclose(obj.grad(x)[i], q @ np.diag(lam[0]) @ q.T @ (x[i] - centers[i]), rtol=1e-12)
    with pytest.raises(ValueError, match="disagree on the number of runs"):
        core.Quadratic(lam, q, rng.standard_normal((5, 3))).runs


# ---------------------------------------------------------------------------------------
# data generators


def test_make_regression_is_deterministic_per_seed():
    a, b, c = (core.make_regression(30, 2, seed=s) for s in (7, 7, 8))
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)
    assert not np.array_equal(a.X, c.X) and not np.array_equal(a.y, c.y)
    assert a.X.shape == (30, 3) and a.y.shape == (30,) and a.w_true.shape == (3,)
    np.testing.assert_array_equal(a.X[:, -1], 1.0)  # the intercept is the last column
    assert np.all(np.abs(a.w_true) <= 2)
    # y = Xw + noise: with noise 0 the true weights fit exactly
    exact = core.make_regression(30, 2, seed=7, noise=0.0)
    np.testing.assert_allclose(exact.y, exact.X @ exact.w_true, rtol=1e-12)
    no_icpt = core.make_regression(30, 2, seed=7, intercept=False)
    assert no_icpt.X.shape == (30, 2)
    scaled = core.make_regression(4000, 2, seed=1, scales=[1.0, 5.0], loc=[3.0, -1.0], intercept=False)
    np.testing.assert_allclose(scaled.X.mean(0), [3.0, -1.0], atol=0.25)
    np.testing.assert_allclose(scaled.X.std(0), [1.0, 5.0], rtol=0.05)


def test_make_classification_is_deterministic_per_seed():
    a, b, c = (core.make_classification(50, 2, seed=s) for s in (3, 3, 4))
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)
    assert not np.array_equal(a.X, c.X)
    assert set(np.unique(a.y)) <= {0.0, 1.0}
    assert a.X.shape == (50, 3) and np.all(a.X[:, -1] == 1.0)
    assert np.linalg.norm(a.w_true) == pytest.approx(2.0)
    strong = core.make_classification(2000, 2, seed=1, separation=5.0)
    # with separated classes the true weights classify most samples correctly
    acc = np.mean((strong.X @ strong.w_true > 0) == (strong.y == 1))
    assert acc > 0.8


def test_minimizers_of_regression():
    data = core.make_regression(50, 2, seed=5)
    obj = core.LinearRegression(data.X, data.y)
    w = obj.minimizer
    np.testing.assert_allclose(obj.grad(w), 0.0, atol=1e-12)
    # normal equations, solved independently
    np.testing.assert_allclose(w, np.linalg.solve(data.X.T @ data.X, data.X.T @ data.y), rtol=1e-10)
    assert obj.min_value == pytest.approx(np.mean((data.X @ w - data.y) ** 2))


# ---------------------------------------------------------------------------------------
# double well


@given(tilt=_floats(-0.38, 0.38))
def test_double_well_minima(tilt):
    obj = core.DoubleWell(tilt)
    m = obj.minima
    # one minimum in each well, outside the concave band |w| < 1/√3
    assert m.shape == (2,) and m[0] < -1 / np.sqrt(3) and m[1] > 1 / np.sqrt(3)
    np.testing.assert_allclose(obj.grad(m[:, None])[:, 0], 0.0, atol=1e-12)
    assert np.all(obj.hessian(m[:, None])[:, 0, 0] > 0)
    values = obj.value(m[:, None])
    best = obj.minimizer
    assert best.shape == (1,)
    assert obj.value(best[None])[0] == values.min()
    if abs(tilt) > 1e-6:
        # with s > 0 the left well is deeper, with s < 0 the right one
        assert (best[0] < 0) == (tilt > 0)
        assert values.min() < values.max()
    # the global one is the lowest point of f on a fine grid
    grid = np.linspace(-2, 2, 40001)[:, None]
    assert obj.value(best[None])[0] <= obj.value(grid).min() + 1e-9


def test_double_well_symmetric_case():
    m = core.DoubleWell(0.0).minima
    np.testing.assert_allclose(m, [-1.0, 1.0], atol=1e-12)


# ---------------------------------------------------------------------------------------
# warm-up demo (DOMAIN §2.11)


def test_quartic_warmup_demo():
    obj = core.Quartic()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        constant = core.run(core.sgd(0.5), obj, x0=5.0, steps=300)
        # LinearLR needs a start factor > 0 (as in PyTorch); 1e-9 is "from 0"
        warm = core.linear_warmup(0.5, start_factor=1e-9, total_iters=100)
        warmed = core.run(core.sgd(warm), obj, x0=5.0, steps=300)
    assert constant.diverged[0]
    # first step by hand: 5 − 0.5·(5 + 125) = −60, already further away
    assert constant.params[1, 0, 0] == -60.0
    assert not warmed.diverged[0]
    assert abs(warmed.final_params[0, 0]) < 1e-60
    assert warmed.lrs[0, 0] == pytest.approx(0.0, abs=1e-9)
    assert warmed.lrs[50, 0] == pytest.approx(0.25)
    np.testing.assert_allclose(warmed.lrs[100:, 0], 0.5)
    # the loss never goes up along the warm-up path
    assert np.all(np.diff(warmed.losses[:, 0]) <= 0)


# ---------------------------------------------------------------------------------------
# argument checks


@pytest.mark.parametrize("make, match", [
    (lambda: core.Quadratic1D(0.0), "a must be > 0"),
    (lambda: core.Quadratic1D(-1.0), "a must be > 0"),
    (lambda: core.Quadratic1D([1.0, -2.0]), "a must be > 0"),
    (lambda: core.Quadratic1D(np.nan), "a must be finite"),
    (lambda: core.Quadratic([1.0, 2.0], [[1.0, 1.0], [0.0, 1.0]]), "rotation must be an orthogonal matrix"),
    (lambda: core.Quadratic([1.0, 2.0], np.eye(3)), "rotation must have shape"),
    (lambda: core.Quadratic(np.ones((2, 2, 2))), "eigenvalues must have shape"),
    (lambda: core.Quadratic([1.0, np.inf]), "eigenvalues must be finite"),
    (lambda: core.Quadratic([1.0, 2.0], center=[1.0, 2.0, 3.0]), "center must have shape"),
    (lambda: core.LinearRegression(np.ones((5, 2)), np.ones(4)), "X must be"),
    (lambda: core.LinearRegression(np.ones(5), np.ones(5)), "X must be"),
    (lambda: core.LinearRegression([[1.0], [np.nan]], [1.0, 2.0]), "must be finite"),
    (lambda: core.LinearRegression(np.ones((5, 2)), np.ones(5), loss="mean"), "loss must be one of"),
    (lambda: core.LogisticRegression(np.ones((3, 2)), [0.0, 1.0, 2.0]), "labels must be 0 or 1"),
    (lambda: core.LogisticRegression(np.ones((3, 2)), [0.0, 1.0, -1.0]), "labels must be 0 or 1"),
    (lambda: core.LogisticRegression(np.ones((3, 2)), [0.0, 1.0]), "X must be"),
    (lambda: core.DoubleWell(0.4), r"\|tilt\| must be < 2/\(3√3\)"),
    (lambda: core.DoubleWell(-0.39), r"\|tilt\|"),
    (lambda: core.Quartic(a=0.0), "a must be > 0"),
    (lambda: core.Quartic(b=-1.0), "b must be > 0"),
    (lambda: core.make_regression(0), "n must be > 0"),
    (lambda: core.make_regression(10.5), "n must be a whole number"),
    (lambda: core.make_regression(10, 0), "features must be > 0"),
    (lambda: core.make_classification(-3), "n must be > 0"),
])
def test_bad_arguments_raise_value_error(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_tilt_limit_is_the_two_minima_boundary():
    # f'(w) = w³ − w + s has three real roots iff 4 − 27s² > 0, i.e. |s| < 2/√27
    limit = 2 / np.sqrt(27)
    core.DoubleWell(limit * 0.999)
    with pytest.raises(ValueError):
        core.DoubleWell(limit * 1.001)
