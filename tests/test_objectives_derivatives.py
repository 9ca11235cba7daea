"""Objectives: values, analytic gradients and Hessians against finite differences, for every objective."""

import warnings

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from _support import finite_floats as _floats
from _support import rotated_quadratics, seeds
from quizgen import core

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


# ---------------------------------------------------------------------------------------
# finite differences (central), vectorized over any leading batch axes of x


def fd_grad(f, x, rel=1e-6):
    x = np.asarray(x, dtype=float)
    out = np.empty(np.shape(f(x)) + (x.shape[-1],))
    for i in range(x.shape[-1]):
        h = rel * np.maximum(1.0, np.abs(x[..., i]))
        step = np.zeros_like(x)
        step[..., i] = h
        out[..., i] = (f(x + step) - f(x - step)) / (2 * h)
    return out


def fd_hessian(grad, x, rel=1e-6):
    x = np.asarray(x, dtype=float)
    d = x.shape[-1]
    out = np.empty(x.shape + (d,))
    for j in range(d):
        h = rel * np.maximum(1.0, np.abs(x[..., j]))
        step = np.zeros_like(x)
        step[..., j] = h
        out[..., :, j] = (grad(x + step) - grad(x - step)) / (2 * h)[..., None]
    return out


def assert_grad_ok(obj, x, rtol=1e-6):
    g = obj.grad(x)
    fd = fd_grad(obj.value, x)
    scale = max(1.0, float(np.max(np.abs(g))), float(np.max(np.abs(obj.value(x)))) * 1e-3)
    np.testing.assert_allclose(g, fd, rtol=rtol, atol=rtol * scale)
    # value_and_grad agrees with the separate calls
    v2, g2 = obj.value_and_grad(x)
    np.testing.assert_allclose(v2, obj.value(x), rtol=1e-13, atol=1e-300)
    np.testing.assert_allclose(g2, g, rtol=1e-13, atol=1e-13 * scale)


def assert_hessian_ok(obj, x, rtol=1e-6):
    hess = obj.hessian(x)
    fd = fd_hessian(obj.grad, x)
    scale = max(1.0, float(np.max(np.abs(hess))))
    np.testing.assert_allclose(hess, fd, rtol=rtol, atol=rtol * scale)
    np.testing.assert_allclose(hess, np.swapaxes(hess, -1, -2), rtol=1e-12, atol=1e-12 * scale)


def random_points(seed, shape, scale=2.0):
    return np.random.default_rng(seed).uniform(-scale, scale, shape)


# ---------------------------------------------------------------------------------------
# gradients and Hessians


@given(a=_floats(0.01, 50.0), w_star=_floats(-5, 5), seed=seeds)
def test_quadratic1d_derivatives(a, w_star, seed):
    obj = core.Quadratic1D(a, w_star=w_star)
    x = random_points(seed, (4, 1), 10.0)
    np.testing.assert_allclose(obj.value(x), 0.5 * a * (x[:, 0] - w_star) ** 2, rtol=1e-13)
    assert_grad_ok(obj, x)
    assert_hessian_ok(obj, x)
    np.testing.assert_array_equal(obj.minimizer, [w_star])
    assert obj.value(obj.minimizer) == 0.0 == obj.min_value


@given(problem=rotated_quadratics())
def test_rotated_quadratic_derivatives(problem):
    lam, q, center, rng = problem
    obj = core.Quadratic(lam, q, center)
    x = rng.uniform(-3, 3, (5, lam.size))
    c = np.zeros(lam.size) if center is None else center
    h = q @ np.diag(lam) @ q.T
    e = x - c
    np.testing.assert_allclose(obj.value(x), 0.5 * np.einsum("bi,ij,bj->b", e, h, e), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(obj.hessian_matrix, h, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(np.linalg.eigvalsh(obj.hessian_matrix), np.sort(lam), rtol=1e-9, atol=1e-12)
    assert_grad_ok(obj, x)
    assert_hessian_ok(obj, x)
    np.testing.assert_array_equal(obj.minimizer, c)


@given(problem=rotated_quadratics(batch=4))
def test_batched_rotated_quadratic_derivatives(problem):
    lam, q, center, rng = problem
    obj = core.Quadratic(lam, q, center)
    assert obj.runs == 4
    x = rng.uniform(-3, 3, lam.shape)
    assert_grad_ok(obj, x)
    assert_hessian_ok(obj, x)


@pytest.mark.parametrize("loss, scale", [("mse", lambda n: 1 / n), ("half_mse", lambda n: 0.5 / n),
                                         ("sum", lambda n: 1.0)])
@given(seed=seeds, n=st.integers(3, 40), features=st.integers(1, 4))
def test_linear_regression_derivatives(loss, scale, seed, n, features):
    data = core.make_regression(n, features, seed=seed % 1000)
    obj = core.LinearRegression(data.X, data.y, loss=loss)
    w = random_points(seed, (3, data.X.shape[1]))
    r = w @ data.X.T - data.y
    np.testing.assert_allclose(obj.value(w), scale(n) * np.sum(r * r, axis=1), rtol=1e-12)
    assert_grad_ok(obj, w)
    assert_hessian_ok(obj, w)
    assert obj.n_samples == n and obj.dim == data.X.shape[1] and obj.runs is None


@pytest.mark.parametrize("loss", ["mse", "half_mse", "sum"])
@given(seed=seeds, b=st.integers(1, 10))
def test_linear_regression_minibatch_grad(loss, seed, b):
    data = core.make_regression(30, 2, seed=seed % 1000)
    obj = core.LinearRegression(data.X, data.y, loss=loss)
    rng = np.random.default_rng(seed)
    runs = 4
    w = rng.uniform(-2, 2, (runs, 3))
    idx = np.stack([rng.choice(30, b, replace=False) for _ in range(runs)])
    g = obj.grad(w, batch=idx)
    v = obj.value(w, batch=idx)
    assert g.shape == (runs, 3) and v.shape == (runs,)
    for i in range(runs):
        # the same loss on the selected rows, n replaced by the batch size
        sub = core.LinearRegression(data.X[idx[i]], data.y[idx[i]], loss=loss)
        np.testing.assert_allclose(g[i], sub.grad(w[i]), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(v[i], sub.value(w[i]), rtol=1e-12)
        # one shared index array (b,) for an unbatched point too
        np.testing.assert_allclose(obj.grad(w[i], batch=idx[i]), sub.grad(w[i]), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(g, fd_grad(lambda x: obj.value(x, batch=idx), w), rtol=1e-6, atol=1e-6)
    _, g2 = obj.value_and_grad(w, batch=idx)
    np.testing.assert_allclose(g2, g, rtol=1e-13, atol=1e-14)
    # the full index set is the full-batch gradient
    full = np.broadcast_to(np.arange(30), (runs, 30))
    np.testing.assert_allclose(obj.grad(w, batch=full), obj.grad(w), rtol=1e-12, atol=1e-12)


@given(seed=seeds, scale=_floats(0.1, 4.0))
def test_logistic_regression_derivatives(seed, scale):
    data = core.make_classification(40, 3, seed=seed % 1000)
    obj = core.LogisticRegression(data.X, data.y)
    w = random_points(seed, (3, data.X.shape[1]), scale)
    z = w @ data.X.T

    def softplus(t):  # log(1 + e^t) without overflow or cancellation
        return np.maximum(t, 0) + np.log1p(np.exp(-np.abs(t)))

    # −[y log σ(z) + (1 − y) log(1 − σ(z))], where log σ(z) = −softplus(−z)
    # and log(1 − σ(z)) = −softplus(z)
    by_hand = np.mean(data.y * softplus(-z) + (1 - data.y) * softplus(z), axis=1)
    np.testing.assert_allclose(obj.value(w), by_hand, rtol=1e-10)
    assert_grad_ok(obj, w)
    assert_hessian_ok(obj, w)
    idx = np.random.default_rng(seed).choice(40, 7, replace=False)
    np.testing.assert_allclose(obj.grad(w, batch=idx), fd_grad(lambda x: obj.value(x, batch=idx), w),
                               rtol=1e-6, atol=1e-7)
    sub = core.LogisticRegression(data.X[idx], data.y[idx])
    np.testing.assert_allclose(obj.grad(w, batch=idx), sub.grad(w), rtol=1e-12, atol=1e-14)


def test_logistic_regression_is_stable_for_huge_logits():
    X = np.array([[1.0], [1.0]])
    obj = core.LogisticRegression(X, np.array([0.0, 1.0]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        v = obj.value(np.array([[1000.0], [-1000.0]]))
        g = obj.grad(np.array([[1000.0], [-1000.0]]))
    # one sample is confidently wrong: loss ≈ |z|/2, gradient (σ − y) averages to ±1/2
    np.testing.assert_allclose(v, [500.0, 500.0])
    np.testing.assert_allclose(g[:, 0], [0.5, -0.5])


@given(a=_floats(0.2, 3.0), b=_floats(1.0, 100.0), seed=seeds)
@example(a=0.5412814652722424, b=1.0, seed=0)  # a**2 != a*a in floating point here
def test_rosenbrock_derivatives(a, b, seed):
    obj = core.Rosenbrock(a, b)
    x = random_points(seed, (4, 2), 2.0)
    by_hand = (a - x[:, 0]) ** 2 + b * (x[:, 1] - x[:, 0] ** 2) ** 2
    np.testing.assert_allclose(obj.value(x), by_hand, rtol=1e-12)
    assert_grad_ok(obj, x)
    assert_hessian_ok(obj, x)
    assert obj.value(obj.minimizer) == 0.0
    np.testing.assert_array_equal(obj.grad(obj.minimizer), [0.0, 0.0])
    # at the minimum the Hessian is [[2 + 8ba², −4ba], [−4ba, 2b]], positive definite
    np.testing.assert_allclose(obj.hessian(obj.minimizer), [[2 + 8 * b * a * a, -4 * b * a], [-4 * b * a, 2 * b]])


@given(tilt=_floats(-0.38, 0.38), seed=seeds)
def test_double_well_derivatives(tilt, seed):
    obj = core.DoubleWell(tilt)
    x = random_points(seed, (6, 1), 2.0)
    w = x[:, 0]
    np.testing.assert_allclose(obj.value(x), w**4 / 4 - w**2 / 2 + tilt * w, rtol=1e-12, atol=1e-14)
    assert_grad_ok(obj, x)
    assert_hessian_ok(obj, x)


@given(a=_floats(0.1, 5.0), b=_floats(0.1, 5.0), seed=seeds)
def test_quartic_derivatives(a, b, seed):
    obj = core.Quartic(a, b)
    x = random_points(seed, (6, 1), 5.0)
    w = x[:, 0]
    np.testing.assert_allclose(obj.value(x), a / 2 * w**2 + b / 4 * w**4, rtol=1e-12)
    assert_grad_ok(obj, x)
    assert_hessian_ok(obj, x)


def test_quartic_curvature_at_the_warmup_start():
    # f = w²/2 + w⁴/4: f''(5) = 1 + 3·25 = 76, local threshold 2/76 ≈ 0.026; near 0 it is 2
    obj = core.Quartic()
    assert obj.hessian(np.array([5.0]))[0, 0] == 76.0
    assert 2 / obj.hessian(np.array([5.0]))[0, 0] == pytest.approx(0.026, abs=5e-4)
    assert obj.hessian(np.array([0.0]))[0, 0] == 1.0
