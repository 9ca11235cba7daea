"""Optimizers (numpy only): per-run hyperparameters equal separate runs, and argument checks."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _support import finite_floats as _floats
from quizgen import core
from quizgen import core as S  # every schedule, cyclic and plateau ones included


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
