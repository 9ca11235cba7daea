"""core.run: mini-batch SGD (reproducibility, sampling, the η/B noise floor of DOMAIN §2.10) and ReduceOnPlateau."""

import numpy as np
import pytest

from _support import assert_same, run_quietly
from quizgen import core

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


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
