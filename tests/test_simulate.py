"""core.run: batching, trajectory bookkeeping, divergence as data, tolerances, mini-batch SGD
(reproducibility, sampling, the η/B noise floor of DOMAIN §2.10), ReduceOnPlateau and
argument checks."""

import warnings

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from quizgen import core

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


def _floats(lo, hi):
    return st.floats(min_value=lo, max_value=hi, allow_nan=False, allow_infinity=False)


def run_quietly(*args, **kwargs):
    """core.run with every warning turned into an error: divergence must stay silent."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return core.run(*args, **kwargs)


def assert_same(a, b):
    np.testing.assert_array_equal(a, b, strict=True)


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


# ---------------------------------------------------------------------------------------
# mini-batch SGD


def test_minibatch_runs_are_reproducible_per_seed():
    data = core.make_regression(64, 2, seed=1)
    obj = core.LinearRegression(data.X, data.y)
    opt = core.sgd(np.array([0.05, 0.05, 0.1]))
    a = run_quietly(opt, obj, np.zeros(3), 50, batch_size=8, seed=11)
    b = run_quietly(opt, obj, np.zeros(3), 50, batch_size=8, seed=11)
    c = run_quietly(opt, obj, np.zeros(3), 50, batch_size=8, seed=12)
    assert_same(a.params, b.params)
    assert_same(a.grads, b.grads)
    assert not np.array_equal(a.params, c.params)
    # runs in one batch draw their own batches
    assert not np.array_equal(a.params[:, 0], a.params[:, 1])
    # the recorded gradients are mini-batch ones, not ∇f(θ_k), and the losses are full-batch
    assert not np.allclose(a.grads, obj.grad(a.params[:-1]))
    np.testing.assert_allclose(a.losses, obj.value(a.params), rtol=1e-13)
    np.testing.assert_allclose(a.params[1:], a.params[:-1] - a.lrs[..., None] * a.grads, rtol=1e-13, atol=1e-15)
    # a seed sequence is accepted as well
    s = run_quietly(opt, obj, np.zeros(3), 5, batch_size=8, seed=np.random.SeedSequence(11))
    assert s.params.shape == (6, 3, 3)


def test_minibatch_sampling_reshuffles_every_epoch():
    # X = I: the mse gradient on a batch is (2/b)(w_i − y_i) on the batch rows and 0 elsewhere,
    # so the non-zero pattern of each recorded gradient shows exactly which rows were used
    n, b, runs = 10, 3, 4
    obj = core.LinearRegression(np.eye(n), np.arange(1.0, n + 1))
    traj = run_quietly(core.sgd(1e-3), obj, np.zeros((runs, n)), 12, batch_size=b, seed=5)
    used = traj.grads != 0
    assert np.all(used.sum(axis=-1) == b)
    per_epoch = n // b  # 3 batches per epoch; the last partial batch is dropped
    epochs = []
    for e in range(12 // per_epoch):
        rows = used[e * per_epoch:(e + 1) * per_epoch].sum(axis=0)  # (runs, n) counts
        assert rows.max() == 1 and np.all(rows.sum(axis=-1) == per_epoch * b)  # no row twice
        epochs.append(rows)
    assert any(not np.array_equal(epochs[0], other) for other in epochs[1:])  # reshuffled
    assert not all(np.array_equal(epochs[0][0], epochs[0][r]) for r in range(1, runs))
    # gradient values on the used rows: (2/b)(w_i − y_i)
    w = traj.params[0]
    expected = np.where(used[0], 2.0 / b * (w - obj.y), 0.0)
    np.testing.assert_allclose(traj.grads[0], expected, rtol=1e-15)


def test_full_size_batches_are_full_batch_gd():
    data = core.make_regression(32, 2, seed=3)
    obj = core.LinearRegression(data.X, data.y)
    mb = run_quietly(core.sgd(0.1), obj, np.zeros(3), 30, batch_size=32, seed=0)
    gd = run_quietly(core.sgd(0.1), obj, np.zeros(3), 30)
    np.testing.assert_allclose(mb.params, gd.params, rtol=1e-12, atol=1e-14)


def test_minibatch_divergence_marks_recorded_grads():
    data = core.make_regression(32, 2, seed=3)
    obj = core.LinearRegression(data.X, data.y)
    traj = run_quietly(core.sgd(np.array([0.05, 5.0])), obj, np.zeros(3), 200, batch_size=4, seed=1)
    assert list(traj.diverged) == [False, True]
    check_divergence_invariants(traj, 1e6)


def stationary_excess(obj, eta, batch, runs=50, steps=2000, seed=0):
    """Mean excess MSE over the last 3/4 of SGD runs started at the minimizer."""
    x0 = np.tile(obj.minimizer, (runs, 1))
    traj = run_quietly(core.sgd(np.full(runs, eta)), obj, x0, steps, batch_size=batch, seed=seed)
    assert not traj.diverged.any()
    return float(np.mean(traj.losses[steps // 4:] - obj.min_value))


def test_sgd_noise_floor_scales_like_eta_over_b():
    # DOMAIN §2.10: the stationary excess loss is ∝ η/B for small η. A large data set keeps
    # random reshuffling's within-epoch correlations small (they push the ratio above 2).
    data = core.make_regression(2048, 2, seed=3, noise=0.5)
    obj = core.LinearRegression(data.X, data.y)
    base = stationary_excess(obj, 0.02, 8)
    double_eta = stationary_excess(obj, 0.04, 8)
    double_both = stationary_excess(obj, 0.04, 16)
    assert base > 0
    assert 1.6 < double_eta / base < 2.7
    assert 0.85 < double_both / base < 1.2
    # and full-batch GD from the minimizer has no floor at all
    gd = run_quietly(core.sgd(0.04), obj, obj.minimizer, 200)
    assert np.max(np.abs(gd.losses[:, 0] - obj.min_value)) < 1e-12


# ---------------------------------------------------------------------------------------
# ReduceOnPlateau


def test_reduce_on_plateau_cuts_the_rate_when_the_loss_stalls():
    # a = 1, η = 2 = 2/a: w bounces between ±1, the loss stalls at ½. With patience 3 the rate
    # is halved after 4 non-improving losses (steps 1–4), so η = 1 from step 5, which lands on
    # w* = 0 at once; then the loss stalls at 0 and the rate is halved again for step 10.
    plateau = core.ReduceOnPlateau(2.0, factor=0.5, patience=3)
    traj = run_quietly(core.sgd(plateau), core.Quadratic1D(1.0), 1.0, 12)
    np.testing.assert_array_equal(traj.lrs[:, 0], [2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 0.5, 0.5])
    np.testing.assert_array_equal(traj.params[:6, 0, 0], [1, -1, 1, -1, 1, -1])
    assert np.all(traj.losses[6:, 0] == 0.0)
    stuck = run_quietly(core.sgd(2.0), core.Quadratic1D(1.0), 1.0, 12)
    assert np.all(stuck.losses[:, 0] == 0.5)
    # per-run plateau state: a run that keeps improving keeps its rate
    batched = run_quietly(core.sgd(core.ReduceOnPlateau(np.array([2.0, 0.5]), factor=0.5, patience=3)),
                          core.Quadratic1D(1.0), 1.0, 12)
    assert_same(batched.lrs[:, 0], traj.lrs[:, 0])
    assert np.all(batched.lrs[:, 1] == 0.5)


# ---------------------------------------------------------------------------------------
# argument checks


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
