"""Theory of linear regression (DOMAIN §2.3: Hessian conventions, max stable rate) and the descent lemma (§2.4).

Every expected number is either derived by hand in the test (d2l anchors, Polyak's κ = 100,
exact powers of two) or computed independently (numpy eigen-solvers, the simulator), never
copied from the program's output.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _support import finite_floats as _floats
from quizgen import core
from quizgen.core import theory

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


# ---------------------------------------------------------------------------------------
# §2.3 linear regression


@given(seed=st.integers(0, 10_000), n=st.integers(5, 60), features=st.integers(1, 4))
def test_regression_hessian_conventions(seed, n, features):
    data = core.make_regression(n, features, seed=seed)
    X = data.X
    xtx = X.T @ X
    np.testing.assert_allclose(theory.regression_hessian(X, "mse"), 2.0 / n * xtx, rtol=1e-12)
    np.testing.assert_allclose(theory.regression_hessian(X), 2.0 / n * xtx, rtol=1e-12)
    np.testing.assert_allclose(theory.regression_hessian(X, "half_mse"), xtx / n, rtol=1e-12)
    np.testing.assert_allclose(theory.regression_hessian(X, "sum"), 2.0 * xtx, rtol=1e-12)
    mse = theory.regression_max_lr(X, "mse")
    assert mse == pytest.approx(1.0 / np.linalg.eigvalsh(xtx / n)[-1], rel=1e-10)
    assert mse == pytest.approx(theory.regression_max_lr(X, "half_mse") / 2, rel=1e-10)
    assert theory.regression_max_lr(X, "sum") == pytest.approx(mse / n, rel=1e-10)
    # the objective's own Hessian agrees with the theory for every convention
    for loss in ("mse", "half_mse", "sum"):
        obj = core.LinearRegression(X, data.y, loss=loss)
        np.testing.assert_allclose(obj.hessian(np.zeros(X.shape[1])), theory.regression_hessian(X, loss),
                                   rtol=1e-12)


def test_regression_hessian_rejects_bad_loss():
    with pytest.raises(ValueError, match="loss must be one of"):
        theory.regression_hessian(np.ones((3, 2)), "mean")


@given(x=st.lists(_floats(-5.0, 5.0), min_size=2, max_size=40))
def test_intercept_lambda_max_matches_eigen_solver(x):
    x = np.array(x)
    X = np.column_stack([x, np.ones_like(x)])
    expected = np.linalg.eigvalsh(2.0 / x.size * X.T @ X)[-1]
    assert theory.intercept_lambda_max(x) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("loss", ["mse", "half_mse", "sum"])
@pytest.mark.parametrize("seed, scales", [(0, 1.0), (1, [1.0, 3.0, 0.3]), (2, [2.0, 0.5])])
def test_regression_max_lr_simulated(loss, seed, scales):
    features = np.size(scales)
    data = core.make_regression(40, features, seed=seed, scales=scales, loc=0.5)
    obj = core.LinearRegression(data.X, data.y, loss=loss)
    eta = theory.regression_max_lr(data.X, loss)
    w_star = obj.minimizer
    x0 = np.zeros(data.X.shape[1])
    traj = core.run(core.sgd(np.array([0.97, 1.03]) * eta), obj, x0, 1500)
    err = np.linalg.norm(traj.params[:, 0] - w_star, axis=1)
    assert not traj.diverged[0]
    assert np.all(np.diff(err) <= 1e-12 * err[0])  # every eigen-coordinate shrinks
    assert np.all(np.diff(traj.losses[:, 0]) <= 1e-12 * traj.losses[0, 0])
    assert traj.diverged[1]


def test_scaling_example_from_domain():
    # standardising the features raises the threshold (DOMAIN §2.3)
    raw = core.make_regression(200, 3, seed=4, scales=[1.0, 3.0, 0.3], intercept=False)
    std = (raw.X - raw.X.mean(0)) / raw.X.std(0)
    assert theory.regression_max_lr(std) > 3 * theory.regression_max_lr(raw.X)


# ---------------------------------------------------------------------------------------
# §2.4 descent lemma


def test_guaranteed_decrease_values():
    L = 4.0
    # η(1 − Lη/2): zero at 0 and 2/L, maximal 1/(2L) at η = 1/L
    assert float(theory.guaranteed_decrease(0.25, L)) == pytest.approx(0.125)
    assert float(theory.guaranteed_decrease(0.5, L)) == pytest.approx(0.0, abs=1e-15)
    assert float(theory.guaranteed_decrease(0.6, L)) < 0
    grid = np.linspace(0.01, 0.49, 97)
    values = theory.guaranteed_decrease(grid, L)
    assert grid[np.argmax(values)] == pytest.approx(1 / L)
    assert values.max() == pytest.approx(1 / (2 * L))


@given(seed=st.integers(0, 1000), c=_floats(0.05, 1.99), scale=_floats(0.1, 5.0))
def test_descent_lemma_on_logistic_regression(seed, c, scale):
    data = core.make_classification(60, 3, seed=seed, separation=2.0)
    obj = core.LogisticRegression(data.X, data.y)
    L = obj.smoothness
    n = data.X.shape[0]
    assert L == pytest.approx(np.linalg.eigvalsh(data.X.T @ data.X)[-1] / (4 * n), rel=1e-12)
    w = np.random.default_rng(seed).standard_normal(data.X.shape[1]) * scale
    assert np.linalg.eigvalsh(obj.hessian(w))[-1] <= L * (1 + 1e-12)
    lr = c / L
    g = obj.grad(w)
    traj = core.run(core.sgd(lr), obj, w, 1)
    drop = traj.losses[0, 0] - traj.losses[1, 0]
    bound = float(theory.guaranteed_decrease(lr, L)) * float(g @ g)
    assert bound > 0
    assert drop >= bound - 1e-12 * max(1.0, traj.losses[0, 0])
