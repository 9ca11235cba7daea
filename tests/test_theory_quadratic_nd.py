"""Theory on n-D quadratics (DOMAIN §2.2): closed-form iterates, the 2/λ_max threshold, optimal rate.

Every expected number is either derived by hand in the test (d2l anchors, Polyak's κ = 100,
exact powers of two) or computed independently (numpy eigen-solvers, the simulator), never
copied from the program's output.
"""

import math

import numpy as np
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from _support import curvatures, sim1d, starts
from _support import finite_floats as _floats
from quizgen import core
from quizgen.core import theory

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


# ---------------------------------------------------------------------------------------
# strategies


@st.composite
def quadratic_problems(draw, max_dim=5):
    """(eigenvalues, rotation, center, x0) of a random rotated n-D quadratic."""
    dim = draw(st.integers(1, max_dim))
    lam = np.array(draw(st.lists(_floats(0.1, 10.0), min_size=dim, max_size=dim)))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    q = core.random_rotation(dim, rng)
    center = rng.uniform(-3, 3, dim) if draw(st.booleans()) else np.zeros(dim)
    x0 = center + rng.uniform(0.5, 3.0, dim) * rng.choice([-1.0, 1.0], dim)
    return lam, q, center, x0


# ---------------------------------------------------------------------------------------
# §2.2 n-D quadratics


@given(problem=quadratic_problems(), f=_floats(0.05, 1.3))
def test_nd_quadratic_iterates_match_closed_form(problem, f):
    lam, q, center, x0 = problem
    lr = f * 2.0 / lam.max()
    steps = 15
    traj = core.run(core.sgd(lr), core.Quadratic(lam, q, center), x0, steps)
    scale = np.abs(center).max() + np.abs(x0 - center).max()
    for k in range(steps + 1):
        expected = theory.quadratic_iterate(k, lr, lam, x0, rotation=q, center=center)
        np.testing.assert_allclose(traj.params[k, 0], expected, rtol=1e-9, atol=1e-11 * scale)
    # independent: the same matrix power with the explicit Hessian
    h = q @ np.diag(lam) @ q.T
    direct = center + np.linalg.matrix_power(np.eye(lam.size) - lr * h, steps) @ (x0 - center)
    np.testing.assert_allclose(traj.params[-1, 0], direct, rtol=1e-8, atol=1e-10 * scale)
    # loss: ½ Σ λ_i (1 − ηλ_i)^{2k} c_i²
    c = q.T @ (x0 - center)
    loss = 0.5 * np.sum(lam * (1 - lr * lam) ** (2 * steps) * c * c)
    assert traj.final_losses[0] == pytest.approx(loss, rel=1e-8, abs=1e-14 * scale**2)


@given(problem=quadratic_problems(), f=_floats(0.3, 0.97))
def test_rates_below_the_threshold_converge(problem, f):
    lam, q, _, x0 = problem
    lr = f * float(theory.max_stable_lr(lam))
    assert lr == pytest.approx(f * 2.0 / lam.max())
    traj = core.run(core.sgd(lr), core.Quadratic(lam, q), x0, 40)
    err = np.linalg.norm(traj.params[:, 0], axis=1)
    assert not traj.diverged[0]
    # every eigen-coordinate shrinks, so the error norm falls at every step (until it is 0)
    assert np.all((np.diff(err) < 0) | (err[1:] == 0))
    rho = np.max(np.abs(1.0 - lr * lam))
    assert err[-1] <= rho**40 * err[0] * (1 + 1e-9)


@given(problem=quadratic_problems(), f=_floats(1.03, 1.5))
@example(problem=(np.array([1.5, 0.5]), np.eye(2), np.zeros(2), np.array([2.5, 2.8])), f=1.5)  # 1 − ηλ = 0
def test_rates_above_the_threshold_diverge_when_predicted(problem, f):
    lam, q, _, x0 = problem
    top = np.argmax(lam)
    c = q.T @ x0  # eigen-coordinates of e0 (center 0)
    assume(abs(c[top]) > 0.1 * np.linalg.norm(c))
    lr = f * 2.0 / lam.max()
    bound = 1e6 * max(np.linalg.norm(x0), 1.0)
    # predicted first k with ‖e_k‖ > bound, from the eigen-decomposition
    k = np.arange(1, 2000)[:, None]
    with np.errstate(divide="ignore"):  # a factor 1 − ηλ = 0 is a component gone after one step
        log_terms = 2 * np.log(np.abs(c)) + 2 * k * np.log(np.abs(1 - lr * lam))
    over = np.logaddexp.reduce(log_terms, axis=1) > 2 * np.log(bound)
    assert over.any()
    predicted = int(k[np.argmax(over), 0])
    traj = core.run(core.sgd(lr), core.Quadratic(lam, q), x0, predicted + 5)
    assert traj.diverged[0]
    assert abs(traj.diverged_at[0] - predicted) <= 1
    at = traj.diverged_at[0]
    # the blow-up value at diverged_at is kept and is the first beyond the bound
    assert np.linalg.norm(traj.params[at, 0]) > bound
    assert np.linalg.norm(traj.params[at - 1, 0]) <= bound
    assert np.all(np.isnan(traj.params[at + 1:, 0]))


@given(a=curvatures, w0=starts, f=_floats(1.03, 1.6))
def test_1d_divergence_step_follows_growth(a, w0, f):
    lr = f * 2.0 / a
    growth = lr * a - 1.0  # |e_k| = |w0|(ηa − 1)^k
    bound = 1e6 * max(abs(w0), 1.0)
    predicted = math.ceil(math.log(bound / abs(w0)) / math.log(growth))
    traj = sim1d(lr, a, w0, predicted + 3)
    assert traj.diverged[0]
    assert abs(traj.diverged_at[0] - predicted) <= 1
    at = traj.diverged_at[0]
    assert abs(traj.params[at, 0, 0]) > bound >= abs(traj.params[at - 1, 0, 0])
    assert traj.params[at, 0, 0] == pytest.approx(w0 * (1 - lr * a) ** at, rel=1e-9)


@given(a=curvatures, w0=starts, f=_floats(0.5, 0.97))
def test_1d_rates_below_threshold_never_diverge(a, w0, f):
    traj = sim1d(f * 2.0 / a, a, w0, 100)
    e = np.abs(traj.params[:, 0, 0])
    assert not traj.diverged[0]
    assert e[-1] < e[0] * (2 * f - 1) ** 100 * (1 + 1e-6) + 1e-300


@given(problem=quadratic_problems())
def test_optimal_lr_and_rate(problem):
    lam, q, _, x0 = problem
    lo, hi = lam.min(), lam.max()
    assume(hi / lo > 1.5)
    kappa = hi / lo
    eta = float(theory.optimal_lr(lam))
    assert eta == pytest.approx(2.0 / (lo + hi), rel=1e-12)
    assert float(theory.condition_number(lam)) == pytest.approx(kappa, rel=1e-12)
    assert float(theory.optimal_rate(lam)) == pytest.approx((kappa - 1) / (kappa + 1), rel=1e-12)
    assert float(theory.convergence_rate(eta, lam)) == pytest.approx((kappa - 1) / (kappa + 1), rel=1e-9)
    assert float(theory.convergence_rate(1.0 / hi, lam)) == pytest.approx(1 - 1 / kappa, rel=1e-9)
    # measured: one step from each eigenvector gives |1 − ηλ_i|; the worst over a grid of η is least at η*
    obj = core.Quadratic(lam, q)
    grid = eta * np.array([0.8, 0.9, 0.95, 1.0, 1.05, 1.1, 1.2])
    worst = []
    for lr in grid:
        traj = core.run(core.sgd(lr), obj, q.T, 1)  # one run per eigenvector (rows of Qᵀ)
        ratios = np.linalg.norm(traj.params[1], axis=1) / np.linalg.norm(traj.params[0], axis=1)
        worst.append(ratios.max())
        assert ratios.max() == pytest.approx(float(theory.convergence_rate(lr, lam)), rel=1e-9)
    assert int(np.argmin(worst)) == 3


@given(problem=quadratic_problems(), f=_floats(0.2, 1.9))
def test_convergence_rate_bounds_and_is_attained(problem, f):
    lam, q, _, x0 = problem
    lr = f / lam.max()
    rho = float(theory.convergence_rate(lr, lam))
    steps = 30
    traj = core.run(core.sgd(lr), core.Quadratic(lam, q), x0, steps)
    err = np.linalg.norm(traj.params[:, 0], axis=1)
    k = np.arange(steps + 1)
    assert np.all(err <= rho**k * err[0] * (1 + 1e-9) + 1e-13)
    # from the worst eigenvector the bound is an equality: ‖e_k‖ = ρ^k ‖e0‖
    worst = q[:, np.argmax(np.abs(1 - lr * lam))]
    traj = core.run(core.sgd(lr), core.Quadratic(lam, q), worst, steps)
    np.testing.assert_allclose(np.linalg.norm(traj.params[:, 0], axis=1), rho**k, rtol=1e-8, atol=1e-13)


def test_optimal_rate_contraction_measured():
    # κ = 100 at η*: the error contracts by (κ − 1)/(κ + 1) = 99/101 per step asymptotically
    lam = np.array([1.0, 3.0, 30.0, 100.0])
    rng = np.random.default_rng(5)
    q = core.random_rotation(4, rng)
    traj = core.run(core.sgd(theory.optimal_lr(lam)), core.Quadratic(lam, q), q @ np.ones(4), 400)
    err = np.linalg.norm(traj.params[:, 0], axis=1)
    measured = (err[400] / err[200]) ** (1 / 200)
    assert measured == pytest.approx(99 / 101, rel=1e-6)
