"""Optimizers (numpy only): equivalences between them and update rules written out by hand (torch: test_torch_reference_optimizers.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from _support import rotated_quadratic as _rotated
from quizgen import core
from quizgen import core as S  # every schedule, cyclic and plateau ones included


def _manual(opt, grads, x0, lr=None):
    """Apply ``opt`` to a fixed gradient sequence, returning θ_1 … θ_T."""
    x, state, out = np.asarray(x0, dtype=float), opt.init(x0), []
    for g in grads:
        x, state = opt.update(np.asarray(g, dtype=float), state, x, lr)
        out.append(x)
    return np.array(out)


# ---------------------------------------------------------------------------------------
# equivalences (bit-identical where the arithmetic is the same)


def test_sgd_with_zero_momentum_is_plain_sgd():
    obj = _rotated()
    x0 = np.random.default_rng(1).standard_normal((3, 5))
    plain = core.run(core.sgd(0.3), obj, x0, 60)
    zero = core.run(core.sgd(0.3, momentum=0.0), obj, x0, 60)
    np.testing.assert_array_equal(zero.params, plain.params)
    assert core.sgd(0.3, momentum=0.0).name == "sgd"
    # and it is not momentum: a non-zero momentum changes the trajectory
    assert not np.allclose(core.run(core.sgd(0.3, momentum=0.5), obj, x0, 60).params, plain.params)


def test_momentum_array_with_a_zero_entry_equals_sgd_for_that_run():
    obj = core.Quadratic1D(a=2.0, w_star=0.5)
    x0 = np.array([3.0, 3.0, 3.0])
    traj = core.run(core.sgd(0.4, momentum=[0.0, 0.5, 0.9]), obj, x0, 50)
    plain = core.run(core.sgd(0.4), obj, 3.0, 50)
    np.testing.assert_array_equal(traj.params[:, 0], plain.params[:, 0])
    assert not np.allclose(traj.params[:, 1], plain.params[:, 0])


@pytest.mark.parametrize("make", [
    lambda lr: core.sgd(lr),
    lambda lr: core.sgd(lr, momentum=0.9, nesterov=True),
    lambda lr: core.adagrad(lr),
    lambda lr: core.rmsprop(lr, centered=True),
    lambda lr: core.adam(lr),
    lambda lr: core.adamw(lr),
])
def test_constant_schedule_equals_the_number(make):
    obj = _rotated()
    x0 = np.random.default_rng(2).standard_normal((2, 5))
    number = core.run(make(0.05), obj, x0, 80)
    sched = core.run(make(S.constant(0.05)), obj, x0, 80)
    np.testing.assert_array_equal(sched.params, number.params)
    np.testing.assert_array_equal(sched.lrs, number.lrs)
    assert np.all(number.lrs == 0.05)


def test_update_reads_its_own_schedule_when_lr_is_omitted():
    sched = S.step_decay(0.2, 5, 0.5)
    obj = core.Quadratic1D(a=1.5, w_star=-1.0)
    traj = core.run(core.sgd(sched, momentum=0.5), obj, 2.0, 20)
    x, opt = np.array([[2.0]]), core.sgd(sched, momentum=0.5)
    state = opt.init(x)
    for k in range(20):
        x, state = opt.update(obj.grad(x), state, x)
        np.testing.assert_array_equal(x, traj.params[k + 1])
    np.testing.assert_array_equal(traj.lrs[:, 0], [0.2 * 0.5 ** (k // 5) for k in range(20)])


def test_adam_with_b1_zero_is_bias_corrected_rmsprop():
    rng = np.random.default_rng(3)
    grads = rng.standard_normal((40, 6)) * rng.choice([1e-2, 1.0, 10.0], size=(40, 6))
    lr, b2, eps = 0.01, 0.99, 1e-8
    ours = _manual(core.adam(lr, b1=0.0, b2=b2, eps=eps), grads, np.zeros(6))
    theta, v, want = np.zeros(6), np.zeros(6), []
    for t, g in enumerate(grads, start=1):
        v = b2 * v + (1 - b2) * g**2
        v_hat = v / (1 - b2**t)
        theta = theta - lr * g / (np.sqrt(v_hat) + eps)
        want.append(theta)
    np.testing.assert_allclose(ours, want, rtol=1e-13, atol=1e-16)


def test_adam_two_steps_by_hand():
    """DOMAIN F2: m_t, v_t, bias corrections and θ_t over two steps."""
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    g1, g2 = 2.0, -1.0
    m1, v1 = (1 - b1) * g1, (1 - b2) * g1**2
    th1 = 1.0 - lr * (m1 / (1 - b1)) / (math.sqrt(v1 / (1 - b2)) + eps)
    m2, v2 = b1 * m1 + (1 - b1) * g2, b2 * v1 + (1 - b2) * g2**2
    th2 = th1 - lr * (m2 / (1 - b1**2)) / (math.sqrt(v2 / (1 - b2**2)) + eps)
    ours = _manual(core.adam(lr), [[g1], [g2]], [1.0])
    np.testing.assert_allclose(ours[:, 0], [th1, th2], rtol=1e-14)
    # without bias correction the first step would be 3.16·lr: check we are not doing that
    assert abs(ours[0, 0] - 1.0) == pytest.approx(lr, rel=1e-6)


@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3])
@pytest.mark.parametrize("amsgrad", [False, True])
def test_adam_first_step_is_lr_times_sign(scale, amsgrad):
    g = scale * np.array([1.0, -2.0, 0.5])
    lr = 0.01
    (step,) = _manual(core.adam(lr, amsgrad=amsgrad), [g], np.zeros(3))
    np.testing.assert_allclose(step, -lr * g / (np.abs(g) + 1e-8), rtol=1e-12)
    np.testing.assert_allclose(step, -lr * np.sign(g), rtol=1e-4)  # ε/|g| ≤ 2e-5
    # constant gradient: every step equals lr (up to ε)
    steps = np.diff(_manual(core.adam(lr, amsgrad=amsgrad), [g] * 20, np.zeros(3)), axis=0)
    np.testing.assert_allclose(steps, np.broadcast_to(-lr * np.sign(g), steps.shape), rtol=1e-4)


@pytest.mark.parametrize("alpha", [0.99, 0.9, 0.5])
def test_rmsprop_first_step(alpha):
    g = np.array([3.0, -0.02, 400.0])
    lr = 0.01
    (step,) = _manual(core.rmsprop(lr, alpha=alpha), [g], np.zeros(3))
    np.testing.assert_allclose(step, -lr * g / (math.sqrt(1 - alpha) * np.abs(g) + 1e-8), rtol=1e-12)
    np.testing.assert_allclose(step, -lr / math.sqrt(1 - alpha) * np.sign(g), rtol=1e-5)
    if alpha == 0.99:
        np.testing.assert_allclose(np.abs(step), 10 * lr, rtol=1e-5)  # no bias correction: 10·lr


def test_adagrad_constant_gradient_step_is_lr_over_sqrt_t():
    lr, g = 0.5, np.array([2.0, -0.3])
    traj = _manual(core.adagrad(lr), [g] * 100, np.zeros(2))
    steps = np.abs(np.diff(np.vstack([np.zeros(2), traj]), axis=0))
    t = np.arange(1, 101)[:, None]
    np.testing.assert_allclose(steps, np.broadcast_to(lr / np.sqrt(t), steps.shape), rtol=1e-8)
    assert steps[99, 0] == pytest.approx(lr / 10, rel=1e-8)  # after 100 steps: lr/10, not lr/100
    # lr_decay: lr_t = lr/(1 + (t − 1)·decay)
    decayed = _manual(core.adagrad(lr, lr_decay=0.1), [g] * 5, np.zeros(2))
    d = np.abs(np.diff(np.vstack([np.zeros(2), decayed]), axis=0))[:, 0]
    want = [lr / (1 + (t - 1) * 0.1) / math.sqrt(t) for t in range(1, 6)]
    np.testing.assert_allclose(d, want, rtol=1e-8)


def test_adamw_decoupled_decay_formula():
    lr, wd, b1, b2, eps = 0.05, 0.2, 0.9, 0.999, 1e-8
    rng = np.random.default_rng(4)
    grads = rng.standard_normal((10, 3))
    theta0 = np.array([1.0, -2.0, 0.5])
    ours = _manual(core.adamw(lr, weight_decay=wd), grads, theta0)
    theta, m, v, want = theta0.copy(), np.zeros(3), np.zeros(3), []
    for t, g in enumerate(grads, start=1):
        theta = theta * (1 - lr * wd)  # decay first, from the raw parameters, not via the gradient
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        theta = theta - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
        want.append(theta)
    np.testing.assert_allclose(ours, want, rtol=1e-12)
    # coupled L2 (Adam's weight_decay) is a different method
    coupled = _manual(core.adam(lr, weight_decay=wd), grads, theta0)
    assert not np.allclose(coupled, ours, rtol=1e-6)
    assert core.adamw().hyperparams["weight_decay"] == 0.01


def test_coupled_weight_decay_adds_lambda_theta_to_the_gradient():
    lr, wd = 0.1, 0.3
    theta0, g = np.array([2.0, -1.0]), np.array([0.5, 0.5])
    (sgd_step,) = _manual(core.sgd(lr, weight_decay=wd), [g], theta0)
    np.testing.assert_allclose(sgd_step, theta0 - lr * (g + wd * theta0), rtol=1e-15)


@pytest.mark.parametrize("mu", [0.5, 0.9])
def test_heavy_ball_is_polyaks_recurrence(mu):
    obj = _rotated(dim=4, seed=5, center=np.array([1.0, -1.0, 0.5, 2.0]))
    eta = 0.2
    x0 = np.array([3.0, 0.0, -2.0, 1.0])
    traj = core.run(core.heavy_ball(eta, mu), obj, x0, 80)
    prev, x = x0, x0 - eta * obj.grad(x0)  # the first step has no momentum term
    want = [x0, x]
    for _ in range(79):
        prev, x = x, x - eta * obj.grad(x) + mu * (x - prev)
        want.append(x)
    np.testing.assert_allclose(traj.params[:, 0], want, rtol=1e-10, atol=1e-12)


def test_dampened_momentum_by_hand():
    mu, tau, lr = 0.9, 0.3, 0.1
    g1, g2, g3 = 1.0, 2.0, -1.0
    b1 = g1  # the first buffer is the raw gradient
    b2 = mu * b1 + (1 - tau) * g2
    b3 = mu * b2 + (1 - tau) * g3
    ours = _manual(core.sgd(lr, momentum=mu, dampening=tau), [[g1], [g2], [g3]], [0.0])[:, 0]
    np.testing.assert_allclose(ours, np.cumsum([-lr * b1, -lr * b2, -lr * b3]), rtol=1e-14)
    nest = _manual(core.nesterov(lr, mu), [[g1], [g2]], [0.0])[:, 0]
    n1, n2 = g1, mu * g1 + g2
    np.testing.assert_allclose(nest, [-lr * (g1 + mu * n1), -lr * (g1 + mu * n1) - lr * (g2 + mu * n2)], rtol=1e-14)
