"""Objectives: analytic gradients and Hessians against finite differences, batching, data
generators, the double well, the warm-up demo on the quartic, and argument checks."""

import warnings

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from quizgen import core

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


def _floats(lo, hi):
    return st.floats(min_value=lo, max_value=hi, allow_nan=False, allow_infinity=False)


seeds = st.integers(0, 2**32 - 1)

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


@st.composite
def rotated_quadratics(draw, batch=None):
    rng = np.random.default_rng(draw(seeds))
    dim = draw(st.integers(1, 5))
    shape = (dim,) if batch is None else (batch, dim)
    lam = rng.uniform(-2.0, 10.0, shape)  # indefinite Hessians are allowed (non-convex edge case)
    if batch is None:
        q = core.random_rotation(dim, rng)
    else:
        q = np.stack([core.random_rotation(dim, rng) for _ in range(batch)])
    center = rng.uniform(-3, 3, shape) if draw(st.booleans()) else None
    return lam, q, center, rng


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
