"""core.run: divergence as data (bounds, overflow, NaN after the blow-up, also for mini-batches) and converged_at."""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from _support import assert_same, run_quietly
from _support import finite_floats as _floats
from quizgen import core

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


# ---------------------------------------------------------------------------------------
# divergence is data


def _norm(x):
    with np.errstate(over="ignore"):  # a finite blow-up may square to inf: still > bound
        return np.linalg.norm(x, axis=-1)


def check_divergence_invariants(traj, bound):
    params, losses, grads = traj.params, traj.losses, traj.grads
    for arr in (params, losses, grads):
        assert not np.isinf(arr).any()
    T1 = params.shape[0]
    for i in range(traj.runs):
        if not traj.diverged[i]:
            assert traj.diverged_at[i] == -1
            assert np.isfinite(params[:, i]).all() and np.isfinite(losses[:, i]).all()
            assert np.isfinite(grads[:, i]).all()
            assert np.all(_norm(params[:, i]) <= bound)
            continue
        k = traj.diverged_at[i]
        assert 0 <= k < T1
        # before divergence everything is finite and within the bound
        assert np.isfinite(params[:k, i]).all() and np.isfinite(losses[:k, i]).all()
        assert np.isfinite(grads[:k, i]).all()
        assert np.all(_norm(params[:k, i]) <= bound)
        # after it, NaN everywhere
        assert np.isnan(params[k + 1:, i]).all() and np.isnan(losses[k + 1:, i]).all()
        assert np.isnan(grads[k + 1:, i]).all()
        # at it: the value is kept when finite, and then it is the blow-up past the bound
        # (or its loss overflowed, which shows as NaN)
        if np.isfinite(params[k, i]).all():
            assert _norm(params[k, i]) > bound or np.isnan(losses[k, i])
        else:
            assert np.isnan(params[k, i]).all()


@st.composite
def divergence_cases(draw):
    name = draw(st.sampled_from(["quadratic1d", "quartic", "rosenbrock", "regression"]))
    rates = np.array(draw(st.lists(st.floats(-4, 1).map(lambda e: 10.0**e), min_size=1, max_size=6)))
    huge_bound = draw(st.booleans())  # let values overflow instead of hitting the bound
    momentum = draw(st.sampled_from([0.0, 0.9]))
    steps = draw(st.integers(1, 80))
    return name, rates, huge_bound, momentum, steps


REGRESSION = core.make_regression(20, 2, seed=0)


@given(case=divergence_cases())
def test_divergence_is_data(case):
    name, rates, huge_bound, momentum, steps = case
    obj, x0 = {
        "quadratic1d": (core.Quadratic1D(30.0), 3.0),
        "quartic": (core.Quartic(), 7.0),
        "rosenbrock": (core.Rosenbrock(), np.array([-1.5, 2.0])),
        "regression": (core.LinearRegression(REGRESSION.X * 10, REGRESSION.y), np.ones(3)),
    }[name]
    bound = 1e300 if huge_bound else None
    traj = run_quietly(core.sgd(rates, momentum=momentum), obj, x0, steps, divergence_bound=bound)
    default = 1e6 * max(np.linalg.norm(np.atleast_1d(x0)), 1.0)
    check_divergence_invariants(traj, 1e300 if huge_bound else default)


def test_finite_blow_up_is_kept():
    # r = 1 − 3 = −2: w_k = (−2)^k, first past 10⁶ at k = 20 (2^20 = 1048576)
    traj = run_quietly(core.sgd(np.array([3.0, 0.5])), core.Quadratic1D(1.0), 1.0, 30)
    assert list(traj.diverged) == [True, False]
    assert traj.diverged_at[0] == 20
    assert traj.params[19, 0, 0] == -(2.0**19)
    assert traj.params[20, 0, 0] == 2.0**20
    assert traj.losses[20, 0] == 0.5 * 2.0**40
    assert np.isnan(traj.params[21:, 0]).all() and np.isnan(traj.losses[21:, 0]).all()
    assert np.isnan(traj.grads[21:, 0]).all() and traj.grads[20, 0, 0] == 2.0**20
    assert np.isfinite(traj.params[:, 1]).all()  # the other run is untouched
    check_divergence_invariants(traj, 1e6)


def test_overflow_is_caught_without_warnings():
    # Quartic with η = 1: w → w − (w + w³) = −w³: 10, −1e3, 1e9, −1e27, 1e81, then overflow;
    # the loss w⁴/4 already overflows at 1e81, so the run diverged at k = 4
    traj = run_quietly(core.sgd(1.0), core.Quartic(), 10.0, 10, divergence_bound=1e308)
    assert traj.diverged[0] and traj.diverged_at[0] == 4
    np.testing.assert_allclose(traj.params[:5, 0, 0], [10.0, -1e3, 1e9, -1e27, 1e81], rtol=1e-12)
    assert np.isnan(traj.losses[4, 0]) and np.isfinite(traj.losses[3, 0])
    check_divergence_invariants(traj, 1e308)
    # an immediate non-finite step (η large enough to overflow at once)
    traj = run_quietly(core.sgd(1e300), core.Quartic(), 1e10, 3, divergence_bound=1e308)
    assert traj.diverged_at[0] == 1 and np.isnan(traj.params[1, 0, 0])
    check_divergence_invariants(traj, 1e308)


def test_divergence_bound_is_respected():
    obj, x0 = core.Quadratic([1.0, 3.0]), np.array([1.0, 1.0])
    rates = np.array([0.3, 0.7, 0.75, 0.9])  # the λ = 3 factors are 0.1, −1.1, −1.25, −1.7
    ref = run_quietly(core.sgd(rates), obj, x0, 60, divergence_bound=1e300)
    assert not ref.diverged.any()
    for bound in (2.0, 50.0, 1e4):
        traj = run_quietly(core.sgd(rates), obj, x0, 60, divergence_bound=bound)
        norms = np.linalg.norm(ref.params, axis=-1)
        for i in range(4):
            over = np.flatnonzero(norms[:, i] > bound)
            if over.size == 0:
                assert not traj.diverged[i]
                assert_same(traj.params[:, i], ref.params[:, i])
            else:
                assert traj.diverged[i] and traj.diverged_at[i] == over[0]
                assert_same(traj.params[:over[0] + 1, i], ref.params[:over[0] + 1, i])
        check_divergence_invariants(traj, bound)
    # the converging run (factors 0.7 and 0.1) stays under even the tight bound ‖θ0‖ = √2 < 2
    assert not run_quietly(core.sgd(rates), obj, x0, 60, divergence_bound=2.0).diverged[0]


def test_minibatch_divergence_marks_recorded_grads():
    data = core.make_regression(32, 2, seed=3)
    obj = core.LinearRegression(data.X, data.y)
    traj = run_quietly(core.sgd(np.array([0.05, 5.0])), obj, np.zeros(3), 200, batch_size=4, seed=1)
    assert list(traj.diverged) == [False, True]
    check_divergence_invariants(traj, 1e6)


# ---------------------------------------------------------------------------------------
# tolerance


@given(a=_floats(0.1, 10.0), h=_floats(0.01, 2.5), tol=st.floats(-12, 0).map(lambda e: 10.0**e), w0=_floats(0.5, 5))
def test_converged_at_is_the_first_step_below_tol(a, h, tol, w0):
    traj = run_quietly(core.sgd(h / a), core.Quadratic1D(a), w0, 60, tol=tol)
    losses = traj.losses[:, 0]
    hits = np.flatnonzero(losses <= tol)
    assert traj.converged_at[0] == (hits[0] if hits.size else -1)
    # and the closed form agrees unless the loss is within rounding of tol at that step
    k = np.arange(61)
    theory_loss = core.theory.loss_after(k, h / a, a, w0)
    assume(not np.any(np.isclose(theory_loss, tol, rtol=1e-9)))
    th_hits = np.flatnonzero(theory_loss <= tol)
    if not traj.diverged[0]:
        assert traj.converged_at[0] == (th_hits[0] if th_hits.size else -1)


def test_converged_at_by_hand():
    # a = 1, η = 0.5: f_k = ½·0.25^k with w0 = 1; f ≤ 1e-3 first at k = 5 (½·0.25^5 = 4.9e-4)
    traj = run_quietly(core.sgd(np.array([0.5, 3.0])), core.Quadratic1D(1.0), 1.0, 40, tol=1e-3)
    assert traj.converged_at[0] == 5
    assert traj.converged_at[1] == -1  # diverging run never gets there
    assert run_quietly(core.sgd(0.5), core.Quadratic1D(1.0), 0.01, 3, tol=1e-3).converged_at[0] == 0
