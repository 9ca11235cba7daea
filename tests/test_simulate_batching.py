"""core.run: batched runs equal one run at a time, trajectory bookkeeping, and argument checks."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _support import assert_same, run_quietly
from _support import finite_floats as _floats
from quizgen import core

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


def assert_traj_equal(batched, i, single):
    """Run i of a batched trajectory is bit-identical to a single-run trajectory."""
    assert_same(batched.params[:, i], single.params[:, 0])
    assert_same(batched.losses[:, i], single.losses[:, 0])
    assert_same(batched.lrs[:, i], single.lrs[:, 0])
    assert_same(batched.grads[:, i], single.grads[:, 0])
    assert batched.diverged[i] == single.diverged[0]
    assert batched.diverged_at[i] == single.diverged_at[0]
    assert batched.converged_at[i] == single.converged_at[0]


# ---------------------------------------------------------------------------------------
# batched == loop

ELEMENTWISE = {
    "quadratic1d": (core.Quadratic1D(2.0), 3.0),
    "quadratic_axis_aligned": (core.Quadratic([0.2, 4.0], center=[1.0, -1.0]), np.array([-5.0, -2.0])),
    "rosenbrock": (core.Rosenbrock(), np.array([-1.2, 1.0])),
    "quartic": (core.Quartic(), 5.0),
    "double_well": (core.DoubleWell(0.25), 1.5),
}
OPTIMIZERS = {
    "sgd": lambda lr: core.sgd(lr),
    "momentum": lambda lr: core.sgd(lr, momentum=0.9),
    "nesterov": lambda lr: core.sgd(lr, momentum=0.5, nesterov=True),
    "adam": lambda lr: core.adam(lr),
}
RATES = np.array([1e-4, 1e-3, 0.01, 0.05, 0.1, 0.3, 0.45, 0.55, 1.0, 3.0])  # several of them diverge


@pytest.mark.parametrize("opt", OPTIMIZERS)
@pytest.mark.parametrize("name", ELEMENTWISE)
def test_batched_rates_equal_loop_bit_for_bit(name, opt):
    obj, x0 = ELEMENTWISE[name]
    make = OPTIMIZERS[opt]
    batched = run_quietly(make(RATES), obj, x0, 60, tol=1e-3)
    for i, lr in enumerate(RATES):
        assert_traj_equal(batched, i, run_quietly(make(float(lr)), obj, x0, 60, tol=1e-3))


@given(rates=st.lists(_floats(1e-3, 1.5), min_size=1, max_size=8), a=_floats(0.1, 3.0))
def test_batched_rates_equal_loop_random(rates, a):
    obj = core.Quadratic1D(a, w_star=0.5)
    batched = run_quietly(core.sgd(np.array(rates)), obj, -2.0, 40, tol=1e-6)
    for i, lr in enumerate(rates):
        assert_traj_equal(batched, i, run_quietly(core.sgd(lr), obj, -2.0, 40, tol=1e-6))


def test_batched_rates_on_matrix_objectives_match_loop():
    # rotated quadratics and regression go through BLAS matrix products, whose summation order
    # may depend on how many rows are multiplied at once: equal to rounding, same decisions
    rng = np.random.default_rng(1)
    q = core.random_rotation(5, rng)
    data = core.make_regression(60, 3, seed=2)
    cases = [(core.Quadratic(rng.uniform(0.1, 3, 5), q, rng.standard_normal(5)), rng.standard_normal(5)),
             (core.LinearRegression(data.X, data.y), np.zeros(4))]
    rates = np.array([0.01, 0.1, 0.4, 0.6, 0.9])
    for obj, x0 in cases:
        batched = run_quietly(core.sgd(rates, momentum=0.3), obj, x0, 80)
        for i, lr in enumerate(rates):
            single = run_quietly(core.sgd(float(lr), momentum=0.3), obj, x0, 80)
            np.testing.assert_allclose(batched.params[:, i], single.params[:, 0], rtol=1e-12, atol=1e-12)
            np.testing.assert_allclose(batched.losses[:, i], single.losses[:, 0], rtol=1e-12, atol=1e-12)
            assert batched.diverged[i] == single.diverged[0]
            assert batched.diverged_at[i] == single.diverged_at[0]


def test_batched_objective_parameters_equal_loop():
    rng = np.random.default_rng(7)
    a = np.array([0.5, 1.0, 2.0, 5.0, 12.0])
    w_star = rng.uniform(-1, 1, 5)
    batched = run_quietly(core.sgd(0.3), core.Quadratic1D(a, w_star=w_star), 2.0, 50, tol=1e-8)
    for i in range(5):
        assert_traj_equal(batched, i, run_quietly(core.sgd(0.3), core.Quadratic1D(a[i], w_star=w_star[i]),
                                                  2.0, 50, tol=1e-8))
    B, d = 4, 3
    lam = rng.uniform(0.1, 8, (B, d))
    q = np.stack([core.random_rotation(d, rng) for _ in range(B)])
    c = rng.standard_normal((B, d))
    x0 = rng.standard_normal(d)
    batched = run_quietly(core.sgd(0.3, momentum=0.5), core.Quadratic(lam, q, c), x0, 50)
    for i in range(B):
        assert_traj_equal(batched, i, run_quietly(core.sgd(0.3, momentum=0.5), core.Quadratic(lam[i], q[i], c[i]),
                                                  x0, 50))


def test_batched_starts_equal_loop_including_divergence():
    # each run's default divergence bound comes from its own start, not from the batch
    x0 = np.array([1.0, 1000.0, -0.01, 30.0])
    batched = run_quietly(core.sgd(1.1), core.Quadratic1D(2.0), x0, 120)
    for i in range(4):
        assert_traj_equal(batched, i, run_quietly(core.sgd(1.1), core.Quadratic1D(2.0), x0[i], 120))
    # |w_k| = |w0|·1.2^k passes 10⁶·max(|w0|, 1): k = 76 for |w0| >= 1
    assert list(batched.diverged_at[[0, 1, 3]]) == [76, 76, 76]
    assert batched.diverged_at[2] == int(np.ceil(np.log(1e6 / 0.01) / np.log(1.2)))


# ---------------------------------------------------------------------------------------
# trajectory bookkeeping


def test_trajectory_shapes():
    obj = core.Quadratic([1.0, 2.0, 3.0])
    traj = run_quietly(core.sgd(np.array([0.1, 0.2])), obj, np.ones(3), 7)
    assert traj.params.shape == (8, 2, 3)
    assert traj.losses.shape == (8, 2)
    assert traj.lrs.shape == (7, 2)
    assert traj.grads.shape == (7, 2, 3)
    assert traj.diverged.shape == traj.diverged_at.shape == traj.converged_at.shape == (2,)
    assert traj.steps == 7 and traj.runs == 2
    assert traj.final_params.shape == (2, 3) and traj.final_losses.shape == (2,)
    np.testing.assert_array_equal(traj.converged_at, [-1, -1])  # no tol given
    np.testing.assert_array_equal(traj.diverged_at, [-1, -1])
    # starts: 1-D objectives read a vector as one start per run, others as one point
    assert run_quietly(core.sgd(0.1), core.Quadratic1D(1.0), [1.0, 2.0, 3.0], 2).params.shape == (3, 3, 1)
    assert run_quietly(core.sgd(0.1), core.Quadratic1D(1.0), 4.0, 2).params.shape == (3, 1, 1)
    assert run_quietly(core.sgd(0.1), obj, np.ones((5, 3)), 2).params.shape == (3, 5, 3)
    empty = run_quietly(core.sgd(0.1), obj, np.ones(3), 0)
    assert empty.params.shape == (1, 1, 3) and empty.lrs.shape == (0, 1) and empty.grads.shape == (0, 1, 3)
    assert empty.losses[0, 0] == 3.0  # ½(1 + 2 + 3)


def test_history_is_the_sgd_recurrence():
    obj = core.Quadratic([0.5, 2.0], center=[1.0, 2.0])
    traj = run_quietly(core.sgd(core.step_decay(0.4, 3, 0.5)), obj, np.zeros(2), 10)
    # gradients are ∇f(θ_k) and every step is θ_{k+1} = θ_k − η_k ∇f(θ_k)
    np.testing.assert_allclose(traj.grads[:, 0], np.array([0.5, 2.0]) * (traj.params[:-1, 0] - [1.0, 2.0]),
                               rtol=1e-15)
    np.testing.assert_array_equal(traj.params[1:, 0], traj.params[:-1, 0] - traj.lrs[:, :1] * traj.grads[:, 0])
    np.testing.assert_allclose(traj.losses[:, 0], obj.value(traj.params[:, 0]), rtol=1e-15)


def test_lrs_record_the_schedule():
    sched = core.step_decay(0.1, step_size=3, gamma=0.5)
    traj = run_quietly(core.sgd(sched), core.Quadratic1D(1.0), 1.0, 10)
    expected = [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125]  # 0.1·0.5^⌊k/3⌋
    np.testing.assert_allclose(traj.lrs[:, 0], expected, rtol=1e-15)
    # w_{k+1} = (1 − η_k) w_k with a = 1
    np.testing.assert_allclose(traj.final_params[0, 0], np.prod(1 - np.array(expected)), rtol=1e-14)
    # a schedule with one base rate per run
    batched = run_quietly(core.sgd(core.step_decay(np.array([0.1, 0.3]), 3, 0.5)), core.Quadratic1D(1.0), 1.0, 10)
    np.testing.assert_allclose(batched.lrs, np.outer(expected, [1.0, 3.0]), rtol=1e-15)
    # a plain callable works too, and a constant rate is recorded at every step
    traj = run_quietly(core.sgd(lambda k: 0.1 / (1 + k)), core.Quadratic1D(1.0), 1.0, 4)
    np.testing.assert_allclose(traj.lrs[:, 0], [0.1, 0.05, 0.1 / 3, 0.025])
    traj = run_quietly(core.sgd(np.array([0.2, 0.7])), core.Quadratic1D(1.0), 1.0, 3)
    np.testing.assert_array_equal(traj.lrs, [[0.2, 0.7]] * 3)


# ---------------------------------------------------------------------------------------
# argument checks


REGRESSION = core.make_regression(20, 2, seed=0)  # 20 samples, as in test_simulate_divergence_and_tolerance.py
Q1 = core.Quadratic1D(1.0)
Q2 = core.Quadratic([1.0, 2.0])
LS = core.LinearRegression(REGRESSION.X, REGRESSION.y)


@pytest.mark.parametrize("call, match", [
    (lambda: core.run(core.sgd(0.1), Q1, 1.0, -1), "steps must be >= 0"),
    (lambda: core.run(core.sgd(0.1), Q1, 1.0, 2.5), "steps must be a whole number"),
    (lambda: core.run(core.sgd(0.1), Q1, 1.0, True), "steps must be a number"),
    (lambda: core.run(core.sgd(0.1), Q2, [1.0, 2.0, 3.0], 5), r"x0 must have shape \(2,\) or \(runs, 2\)"),
    (lambda: core.run(core.sgd(0.1), Q2, np.ones((2, 3)), 5), "x0 must have shape"),
    (lambda: core.run(core.sgd(0.1), Q2, np.ones((2, 2, 2)), 5), "x0 must have shape"),
    (lambda: core.run(core.sgd(0.1), Q1, np.nan, 5), "x0 must be finite"),
    (lambda: core.run(core.sgd(np.array([0.1, 0.2, 0.3])), Q1, [1.0, 2.0], 5), "mismatched shapes"),
    (lambda: core.run(core.sgd(np.array([0.1, 0.2, 0.3])), core.Quadratic1D([1.0, 2.0]), 1.0, 5),
     "mismatched shapes"),
    (lambda: core.run(core.sgd(0.1), core.Quadratic1D([1.0, 2.0]), [1.0, 2.0, 3.0], 5), "mismatched shapes"),
    (lambda: core.run(core.sgd(0.1, momentum=np.array([0.1, 0.2])), Q2, np.ones((3, 2)), 5),
     "mismatched shapes"),
    (lambda: core.run(core.sgd(0.1), LS, np.zeros(3), 5, batch_size=4), "needs a seed"),
    (lambda: core.run(core.sgd(0.1), LS, np.zeros(3), 5, batch_size=21, seed=0), "larger than the 20 samples"),
    (lambda: core.run(core.sgd(0.1), LS, np.zeros(3), 5, batch_size=0, seed=0), "batch_size must be > 0"),
    (lambda: core.run(core.sgd(0.1), LS, np.zeros(3), 5, batch_size=2.5, seed=0), "batch_size must be a whole"),
    (lambda: core.run(core.sgd(0.1), Q2, np.zeros(2), 5, batch_size=2, seed=0), "finite-sum objective"),
    (lambda: core.run(core.sgd(0.1), Q1, 1.0, 5, divergence_bound=0.0), "divergence_bound must be > 0"),
    (lambda: core.run(core.sgd(0.1), Q1, 1.0, 5, divergence_bound=-1.0), "divergence_bound must be > 0"),
])
def test_bad_arguments_raise_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_size_one_axes_broadcast():
    # a single start or a single-run objective broadcasts against a batch of rates
    traj = run_quietly(core.sgd(np.array([0.1, 0.2])), core.Quadratic1D([2.0]), np.array([[1.0]]), 3)
    np.testing.assert_allclose(traj.params[1, :, 0], [0.8, 0.6])
