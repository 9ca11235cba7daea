"""Optimizers (numpy only): equivalences between them, update rules written out by hand,
convergence where theory says, per-run hyperparameters and argument checks.
(The step-by-step comparison with torch.optim is in test_torch_reference.py.)"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizgen import core
from quizgen import core as S  # every schedule, cyclic and plateau ones included
from quizgen.core import theory


def _floats(lo, hi):
    return st.floats(min_value=lo, max_value=hi, allow_nan=False, allow_infinity=False)


def _manual(opt, grads, x0, lr=None):
    """Apply ``opt`` to a fixed gradient sequence, returning θ_1 … θ_T."""
    x, state, out = np.asarray(x0, dtype=float), opt.init(x0), []
    for g in grads:
        x, state = opt.update(np.asarray(g, dtype=float), state, x, lr)
        out.append(x)
    return np.array(out)


def _rotated(dim=5, seed=0, lo=0.5, hi=4.0, center=None):
    lam = np.linspace(lo, hi, dim)
    return core.Quadratic(lam, rotation=core.random_rotation(dim, np.random.default_rng(seed)), center=center)


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


# ---------------------------------------------------------------------------------------
# convergence where theory says


def _objectives():
    reg = core.make_regression(n=60, features=3, seed=1, scales=[1.0, 3.0, 0.5])
    cls = core.make_classification(n=200, features=2, seed=0)
    return {
        "quad1d": (core.Quadratic1D(a=2.0), np.array([-3.0])),
        "quadnd": (_rotated(dim=5, seed=6), np.array([2.0, -1.0, 0.5, 3.0, -2.0])),
        "linreg": (core.LinearRegression(reg.X, reg.y), np.zeros(4)),
        "logreg": (core.LogisticRegression(cls.X, cls.y), np.zeros(3)),
        "rosenbrock": (core.Rosenbrock(), np.array([-1.5, 2.0])),
    }


def _curvature(name, obj):
    """(λ_min, λ_max) of the Hessian (global bounds for the quadratic losses)."""
    if name == "quad1d":
        return 2.0, 2.0
    if name == "quadnd":
        return 0.5, 4.0
    if name == "linreg":
        ev = np.linalg.eigvalsh(theory.regression_hessian(obj.X))
        assert 2.0 / ev[-1] == pytest.approx(theory.regression_max_lr(obj.X))
        return ev[0], ev[-1]
    if name == "logreg":
        return None, obj.smoothness
    return None, None


def _optimizer(kind, name, obj):
    lo, hi = _curvature(name, obj)
    if name == "rosenbrock":  # small rates and many steps
        return {
            "sgd": (core.sgd(1.5e-3), 16000),
            "heavy_ball": (core.heavy_ball(1e-3, 0.9), 4000),
            "nesterov": (core.nesterov(1e-3, 0.9), 4000),
            "adagrad": (core.adagrad(0.5), 16000),
            "rmsprop": (core.rmsprop(S.cosine_annealing(1e-3, 10000)), 10000),
            "adam": (core.adam(0.01), 4000),
            "amsgrad": (core.adam(0.01, amsgrad=True), 15000),
            "adamw": (core.adamw(0.01, weight_decay=0.0), 4000),
        }[kind]
    steps = 3000
    if lo is not None:
        kappa = hi / lo
        gd_lr = 2.0 / (lo + hi)  # the optimal constant rate for GD on a quadratic
        # Polyak's optimal heavy ball (β* = 0 for κ = 1 is plain GD: use 0.5 there)
        hb = (4.0 / (math.sqrt(hi) + math.sqrt(lo)) ** 2, ((math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)) ** 2 or 0.5)
        # Nesterov with η = 1/L and μ = (√κ − 1)/(√κ + 1) (μ = 0 for κ = 1 is plain GD: use 0.5 there)
        nest = (1.0 / hi, (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1) or 0.5)
    else:  # L-smooth only: η = 1/L guarantees decrease
        gd_lr, hb, nest = 1.0 / hi, (0.5 / hi, 0.9), (0.5 / hi, 0.9)
    wd = 0.01 if name.startswith("quad") else 0.0  # decoupled decay keeps the minimizer only at 0
    return {
        "sgd": (core.sgd(gd_lr), steps),
        "heavy_ball": (core.heavy_ball(*hb), steps),
        "nesterov": (core.nesterov(*nest), steps),
        "adagrad": (core.adagrad(1.0), steps),
        "rmsprop": (core.rmsprop(S.cosine_annealing(0.01, steps)), steps),  # constant-lr RMSprop hovers at ~lr
        "adam": (core.adam(0.05), steps),
        "amsgrad": (core.adam(0.05, amsgrad=True), steps),
        "adamw": (core.adamw(0.05, weight_decay=wd), steps),
    }[kind]


KINDS = ["sgd", "heavy_ball", "nesterov", "adagrad", "rmsprop", "adam", "amsgrad", "adamw"]
OBJECTIVES = ["quad1d", "quadnd", "linreg", "logreg", "rosenbrock"]
TOL = {"quad1d": 1e-8, "quadnd": 1e-8, "linreg": 1e-7, "logreg": 1e-7, "rosenbrock": 1e-3}


@pytest.fixture(scope="module")
def objectives():
    return _objectives()


@pytest.mark.parametrize("obj_name", OBJECTIVES)
@pytest.mark.parametrize("kind", KINDS)
def test_converges_where_theory_says(objectives, kind, obj_name):
    obj, x0 = objectives[obj_name]
    opt, steps = _optimizer(kind, obj_name, obj)
    traj = core.run(opt, obj, x0, steps)
    assert not traj.diverged[0]
    x = traj.final_params[0]
    if obj_name == "logreg":  # first-order optimality (the minimizer has no closed form)
        assert np.linalg.norm(obj.grad(x)) < TOL[obj_name]
    else:
        np.testing.assert_allclose(x, np.ravel(obj.minimizer), atol=TOL[obj_name])
    assert traj.final_losses[0] < traj.losses[0, 0]


def test_gd_on_1d_quadratic_follows_the_contraction_factor():
    a, w_star, w0 = 2.0, 1.5, -3.0
    lrs = np.array([0.1, 0.5, 0.9, 0.99, 1.01, 1.2])
    traj = core.run(core.sgd(lrs), core.Quadratic1D(a, w_star), np.full(6, w0), 30)
    k = np.arange(31)[:, None]
    want = w_star + (1 - lrs * a) ** k * (w0 - w_star)  # e_k = (1 − ηa)^k e_0
    finite = ~traj.diverged
    np.testing.assert_allclose(traj.params[:, finite, 0], want[:, finite], rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(traj.diverged, [False, False, False, False, False, False])
    # past 2/a = 1 the error grows: |1 − ηa|^k
    assert abs(traj.params[-1, 4, 0] - w_star) > abs(w0 - w_star)
    long = core.run(core.sgd(lrs), core.Quadratic1D(a, w_star), np.full(6, w0), 3000)
    np.testing.assert_array_equal(long.diverged, [False, False, False, False, True, True])


def test_regression_max_lr_is_the_gd_threshold():
    reg = core.make_regression(n=80, features=2, seed=3, scales=[2.0, 0.5])
    obj = core.LinearRegression(reg.X, reg.y)
    eta = theory.regression_max_lr(reg.X)
    traj = core.run(core.sgd(np.array([0.5, 0.95, 1.05, 1.5]) * eta), obj, np.zeros(3), 3000)
    np.testing.assert_array_equal(traj.diverged, [False, False, True, True])
    np.testing.assert_allclose(traj.final_params[:2], np.broadcast_to(obj.minimizer, (2, 3)), atol=1e-8)


@pytest.mark.parametrize("beta", [0.5, 0.9])
def test_heavy_ball_widens_the_stable_range_to_2_1_plus_beta(beta):
    a = 10.0  # λ_max: GD needs η < 0.2, heavy ball η < 2(1 + β)/λ
    bound = 2 * (1 + beta) / a
    lrs = np.array([0.25, 0.97 * bound, 1.03 * bound])
    traj = core.run(core.heavy_ball(lrs, beta), core.Quadratic1D(a), np.ones(3), 4000)
    np.testing.assert_array_equal(traj.diverged, [False, False, True])
    assert core.run(core.sgd(0.25), core.Quadratic1D(a), 1.0, 200).diverged[0]


# ---------------------------------------------------------------------------------------
# per-run hyperparameters == one value at a time (bit-identical)

lr_lists = st.lists(_floats(1e-3, 1.5), min_size=2, max_size=5)


def _elementwise_problem():
    # axis-aligned objectives: the batch never goes through a matrix product
    return core.Quadratic(np.array([0.3, 1.0, 2.5])), np.array([1.0, -2.0, 0.5])


@given(lrs=lr_lists, mus=st.lists(_floats(0.0, 0.99), min_size=5, max_size=5), nesterov=st.booleans())
def test_per_run_lr_and_momentum_equal_separate_runs(lrs, mus, nesterov):
    obj, x0 = _elementwise_problem()
    mus = [m if m > 0 or not nesterov else 0.5 for m in mus[: len(lrs)]]
    batched = core.run(core.sgd(np.array(lrs), momentum=np.array(mus), nesterov=nesterov), obj, x0, 30)
    for j, (lr, mu) in enumerate(zip(lrs, mus)):
        single = core.run(core.sgd(lr, momentum=mu, nesterov=nesterov), obj, x0, 30)
        np.testing.assert_array_equal(batched.params[:, j], single.params[:, 0])
        np.testing.assert_array_equal(batched.diverged[j], single.diverged[0])


@given(lrs=lr_lists, b1s=st.lists(_floats(0.0, 0.99), min_size=5, max_size=5), amsgrad=st.booleans(),
       decoupled=st.booleans())
def test_per_run_lr_and_b1_equal_separate_runs(lrs, b1s, amsgrad, decoupled):
    obj, x0 = _elementwise_problem()
    b1s = b1s[: len(lrs)]
    make = core.adamw if decoupled else core.adam
    batched = core.run(make(np.array(lrs), b1=np.array(b1s), amsgrad=amsgrad), obj, x0, 30)
    for j, (lr, b1) in enumerate(zip(lrs, b1s)):
        single = core.run(make(lr, b1=b1, amsgrad=amsgrad), obj, x0, 30)
        np.testing.assert_array_equal(batched.params[:, j], single.params[:, 0])


@pytest.mark.parametrize("make", [core.adagrad, core.rmsprop,
                                  lambda lr: core.rmsprop(lr, centered=True, momentum=0.5)])
def test_per_run_lr_for_adaptive_methods(make):
    lrs = np.array([0.001, 0.01, 0.3])
    obj, x0 = core.Rosenbrock(), np.array([-1.0, 1.5])
    batched = core.run(make(lrs), obj, x0, 100)
    for j, lr in enumerate(lrs):
        np.testing.assert_array_equal(batched.params[:, j], core.run(make(lr), obj, x0, 100).params[:, 0])


@given(lr0=_floats(1e-3, 1.0), gamma=_floats(0.5, 0.99))
def test_per_run_schedule_equals_separate_runs(lr0, gamma):
    obj, x0 = _elementwise_problem()
    lrs = np.array([lr0, 2 * lr0])
    batched = core.run(core.sgd(S.exponential_decay(lrs, gamma), momentum=0.5), obj, x0, 25)
    for j in range(2):
        single = core.run(core.sgd(S.exponential_decay(lrs[j], gamma), momentum=0.5), obj, x0, 25)
        np.testing.assert_array_equal(batched.params[:, j], single.params[:, 0])
        np.testing.assert_array_equal(batched.lrs[:, j], single.lrs[:, 0])


# ---------------------------------------------------------------------------------------
# argument checks

BAD = [
    (lambda: core.sgd(0.0), "learning_rate must be > 0"),
    (lambda: core.sgd(-0.1), "learning_rate must be > 0"),
    (lambda: core.sgd([0.1, -0.1]), "learning_rate must be > 0"),
    (lambda: core.adam(0.0), "learning_rate must be > 0"),
    (lambda: core.adamw(-1.0), "learning_rate must be > 0"),
    (lambda: core.adagrad(0.0), "learning_rate must be > 0"),
    (lambda: core.rmsprop(0.0), "learning_rate must be > 0"),
    (lambda: core.heavy_ball(0.0), "learning_rate must be > 0"),
    (lambda: core.sgd(float("nan")), "learning_rate must be finite"),
    (lambda: core.sgd(0.1, momentum=1.0), r"momentum must be in \[0, 1\)"),
    (lambda: core.sgd(0.1, momentum=-0.1), r"momentum must be in \[0, 1\)"),
    (lambda: core.sgd(0.1, momentum=[0.5, 1.2]), r"momentum must be in \[0, 1\)"),
    (lambda: core.heavy_ball(0.1, 1.0), r"momentum must be in \[0, 1\)"),
    (lambda: core.nesterov(0.1, -0.5), r"momentum must be in \[0, 1\)"),
    (lambda: core.sgd(0.1, nesterov=True), "Nesterov momentum requires a momentum > 0"),
    (lambda: core.sgd(0.1, momentum=0.9, dampening=0.1, nesterov=True), "zero dampening"),
    (lambda: core.sgd(0.1, momentum=0.9, dampening=1.5), r"dampening must be in \[0, 1\]"),
    (lambda: core.sgd(0.1, weight_decay=-0.1), "weight_decay must be >= 0"),
    (lambda: core.adam(0.1, b1=1.0), r"b1 must be in \[0, 1\)"),
    (lambda: core.adam(0.1, b1=-0.1), r"b1 must be in \[0, 1\)"),
    (lambda: core.adam(0.1, b1=[0.9, 1.5]), r"b1 must be in \[0, 1\)"),
    (lambda: core.adam(0.1, b2=1.0), r"b2 must be in \[0, 1\)"),
    (lambda: core.adamw(0.1, b2=-0.5), r"b2 must be in \[0, 1\)"),
    (lambda: core.adam(0.1, eps=-1e-8), "eps must be >= 0"),
    (lambda: core.adamw(0.1, weight_decay=-0.01), "weight_decay must be >= 0"),
    (lambda: core.rmsprop(0.1, alpha=1.0), r"alpha must be in \[0, 1\)"),
    (lambda: core.rmsprop(0.1, alpha=-0.5), r"alpha must be in \[0, 1\)"),
    (lambda: core.rmsprop(0.1, momentum=1.0), r"momentum must be in \[0, 1\)"),
    (lambda: core.rmsprop(0.1, eps=-1.0), "eps must be >= 0"),
    (lambda: core.adagrad(0.1, lr_decay=-0.1), "lr_decay must be >= 0"),
    (lambda: core.adagrad(0.1, initial_accumulator_value=-1.0), "initial_accumulator_value must be >= 0"),
    (lambda: core.adagrad(0.1, eps=-1.0), "eps must be >= 0"),
    # only lr, momentum and b1 are per-run: elsewhere an array would broadcast over coordinates
    (lambda: core.sgd(0.1, weight_decay=[0.0, 0.5, 1.0]), "weight_decay must be a single number"),
    (lambda: core.sgd(0.1, momentum=0.5, dampening=[0.1, 0.2]), "dampening must be a single number"),
    (lambda: core.adam(0.1, b2=np.array([0.9, 0.99])), "b2 must be a single number"),
    (lambda: core.adamw(0.1, weight_decay=S.constant(0.1)), "weight_decay must be a single number"),
    (lambda: core.rmsprop(0.1, alpha=[0.9, 0.99]), "alpha must be a single number"),
    (lambda: core.rmsprop(0.1, momentum=[0.1, 0.2]), "momentum must be a single number"),
    (lambda: core.adagrad(0.1, lr_decay=[0.1, 0.2]), "lr_decay must be a single number"),
    (lambda: core.adagrad(0.1, initial_accumulator_value=[0.1]), "initial_accumulator_value must be a single"),
]


@pytest.mark.parametrize("make, message", BAD, ids=[f"{i}-{m}" for i, (_, m) in enumerate(BAD)])
def test_bad_arguments_raise_value_error(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_mismatched_run_counts_raise_value_error():
    obj = core.Quadratic1D(a=1.0)
    with pytest.raises(ValueError, match="mismatched shapes"):
        core.run(core.sgd([0.1, 0.2, 0.3]), obj, np.zeros(4), 5)  # 3 rates, 4 starts
    with pytest.raises(ValueError, match="mismatched shapes"):
        core.run(core.adam(0.1, b1=[0.9, 0.8]), obj, np.zeros(3), 5)
    with pytest.raises(ValueError, match="mismatched shapes"):
        core.run(core.sgd(S.cosine_annealing([0.1, 0.2], 10)), core.Quadratic1D(a=[1.0, 2.0, 3.0]), 1.0, 5)
    with pytest.raises(ValueError, match="disagree on the number of runs"):
        core.run(core.sgd([0.1, 0.2, 0.3], momentum=[0.5, 0.9]), obj, 1.0, 5)
    # a single value broadcasts against any number of runs
    traj = core.run(core.sgd([0.1, 0.2, 0.3]), obj, 1.0, 5)
    assert traj.params.shape == (6, 3, 1)


def test_plateau_schedule_needs_the_metric_outside_run():
    opt = core.sgd(S.ReduceOnPlateau(0.1))
    x = np.ones((1, 1))
    with pytest.raises(ValueError, match="plateau schedule needs the metric"):
        opt.update(x, opt.init(x), x)
    new, _ = opt.update(x, opt.init(x), x, lr=0.1)  # explicit lr works
    np.testing.assert_allclose(new, 0.9)
