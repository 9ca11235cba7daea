"""Every schedule vectorized over counts and runs, argument and count checks, as_schedule and value_at."""

from __future__ import annotations

import numpy as np
import pytest

from _support import approx
from quizgen import core as S  # every schedule, cyclic and plateau ones included


# ---------------------------------------------------------------------------------------
# vectorization over counts and runs

ALL = {
    "constant": lambda lr: S.constant(lr),
    "step": lambda lr: S.step_decay(lr, 7, 0.5),
    "multistep": lambda lr: S.multistep_decay(lr, (3, 10, 10, 20), 0.3),
    "exponential": lambda lr: S.exponential_decay(lr, 0.97),
    "inverse_time": lambda lr: S.inverse_time_decay(lr, 0.3, decay_steps=3, staircase=True),
    "polynomial": lambda lr: S.polynomial_decay(lr, 20, 2.0),
    "cosine": lambda lr: S.cosine_annealing(lr, 12, 0.001),
    "restarts": lambda lr: S.cosine_warm_restarts(lr, 4, 2, 0.001),
    "warmup": lambda lr: S.linear_warmup(lr, 0.1, 1.0, 8),
    "warmup_cosine": lambda lr: S.warmup_cosine(lr, 5, 20),
    "one_cycle": lambda lr: S.one_cycle(lr, 60, three_phase=True),
    "one_cycle_momentum": lambda lr: S.one_cycle(lr, 60).momentum,
    "cyclic": lambda lr: S.cyclic(np.asarray(lr) / 10, lr, 5, mode="triangular2"),
    "cyclic_momentum": lambda lr: S.cyclic(np.asarray(lr) / 10, lr, 5).momentum,
}
T = 60


@pytest.mark.parametrize("name", ALL)
def test_vectorized_counts_equal_one_at_a_time(name):
    sched = ALL[name](0.3)
    one_by_one = np.array([float(sched(e)) for e in range(T)])
    np.testing.assert_array_equal(sched(np.arange(T)), one_by_one)
    np.testing.assert_array_equal(sched(np.arange(T).reshape(6, 10)), one_by_one.reshape(6, 10))
    assert sched.values(T).shape == (T,)
    np.testing.assert_array_equal(sched.values(T), one_by_one)
    assert sched.values(0).shape == (0,)
    # integer-valued floats are counts too
    assert float(sched(4.0)) == one_by_one[4]


@pytest.mark.parametrize("name", [n for n in ALL if not n.endswith("_momentum")])  # momenta have no rate axis
def test_batched_init_values(name):
    lrs = np.array([0.1, 0.3, 0.7])
    batched = ALL[name](lrs)
    assert np.shape(batched(0)) == (3,)
    values = batched.values(T)
    assert values.shape == (T, 3)
    for j, lr in enumerate(lrs):
        np.testing.assert_allclose(values[:, j], ALL[name](lr).values(T), rtol=1e-15, atol=0)
        np.testing.assert_allclose(batched(17)[j], ALL[name](lr)(17), rtol=1e-15)


# ---------------------------------------------------------------------------------------
# argument checks

BAD = [
    (lambda: S.constant(0.0), "learning_rate must be > 0"),
    (lambda: S.constant(-0.1), "learning_rate must be > 0"),
    (lambda: S.step_decay(0.0, 10), "init_value must be > 0"),
    (lambda: S.step_decay(-1.0, 10), "init_value must be > 0"),
    (lambda: S.step_decay(0.1, 0), "step_size must be > 0"),
    (lambda: S.step_decay(0.1, 2.5), "step_size must be a whole number"),
    (lambda: S.step_decay(0.1, 10, gamma=0.0), "gamma must be > 0"),
    (lambda: S.step_decay(0.1, 10, gamma=-0.5), "gamma must be > 0"),
    (lambda: S.step_decay(np.ones((2, 2)), 10), "1-D array"),
    (lambda: S.multistep_decay(0.1, (30, 15)), "milestones must be a non-decreasing"),
    (lambda: S.multistep_decay(0.1, (-1, 5)), "milestones"),
    (lambda: S.multistep_decay(0.1, (5,), gamma=0.0), "gamma must be > 0"),
    (lambda: S.exponential_decay(0.1, 0.0), "gamma must be > 0"),
    (lambda: S.exponential_decay(0.1, float("nan")), "gamma must be finite"),
    (lambda: S.inverse_time_decay(0.1, -0.5), "decay_rate must be >= 0"),
    (lambda: S.inverse_time_decay(0.1, 0.5, decay_steps=0), "decay_steps must be > 0"),
    (lambda: S.polynomial_decay(0.1, 0), "total_iters must be > 0"),
    (lambda: S.cosine_annealing(0.1, 0), "t_max must be > 0"),
    (lambda: S.cosine_annealing(0.1, 10, eta_min=-1.0), "eta_min must be >= 0"),
    (lambda: S.cosine_warm_restarts(0.1, 0), "t_0 must be > 0"),
    (lambda: S.cosine_warm_restarts(0.1, 10, t_mult=0), "t_mult must be > 0"),
    (lambda: S.linear_warmup(0.1, start_factor=0.0), "start_factor must be in"),
    (lambda: S.linear_warmup(0.1, start_factor=1.5), "start_factor must be in"),
    (lambda: S.linear_warmup(0.1, end_factor=1.5), "end_factor must be in"),
    (lambda: S.linear_warmup(0.1, total_iters=0), "total_iters must be > 0"),
    (lambda: S.warmup_cosine(0.1, 0, 10), "warmup_steps must be > 0"),
    (lambda: S.warmup_cosine(0.1, 5, 0), "t_max must be > 0"),
    (lambda: S.one_cycle(0.0, 100), "max_lr must be > 0"),
    (lambda: S.one_cycle(1.0, 0), "total_steps must be > 0"),
    (lambda: S.one_cycle(1.0, 100, pct_start=1.5), "pct_start must be in"),
    (lambda: S.one_cycle(1.0, 100, pct_start=0.01), "empty phase"),  # phase 1 ends at step 0
    (lambda: S.one_cycle(1.0, 100, pct_start=0.0), "empty phase"),
    (lambda: S.one_cycle(1.0, 100, pct_start=1.0), "empty phase"),  # phase 2 ends where it starts
    (lambda: S.one_cycle(1.0, 100, pct_start=0.6, three_phase=True), "empty phase"),
    (lambda: S.one_cycle(1.0, 100, anneal_strategy="cosine"), "anneal_strategy must be"),
    (lambda: S.one_cycle(1.0, 100, div_factor=0.0), "div_factor must be > 0"),
    (lambda: S.cyclic(0.0, 1.0), "base_lr must be > 0"),
    (lambda: S.cyclic(0.1, 1.0, step_size_up=0), "step_size_up must be > 0"),
    (lambda: S.cyclic(0.1, 1.0, step_size_down=0), "step_size_down must be > 0"),
    (lambda: S.cyclic(0.1, 1.0, mode="triangle"), "mode must be"),
    (lambda: S.cyclic(0.1, 1.0, mode="exp_range", gamma=0.0), "gamma must be > 0"),
    (lambda: S.ReduceOnPlateau(0.0), "init_value must be > 0"),
    (lambda: S.ReduceOnPlateau(0.1, factor=1.0), "factor must be in"),
    (lambda: S.ReduceOnPlateau(0.1, factor=0.0), "factor must be in"),
    (lambda: S.ReduceOnPlateau(0.1, patience=-1), "patience must be >= 0"),
    (lambda: S.ReduceOnPlateau(0.1, cooldown=-1), "cooldown must be >= 0"),
    (lambda: S.ReduceOnPlateau(0.1, min_lr=-1.0), "min_lr must be >= 0"),
    (lambda: S.ReduceOnPlateau(0.1, mode="minimum"), "mode must be"),
    (lambda: S.ReduceOnPlateau(0.1, threshold_mode="relative"), "threshold_mode must be"),
    (lambda: S.ReduceOnPlateau(0.1, threshold=-1e-4), "threshold must be >= 0"),
]


@pytest.mark.parametrize("make, message", BAD, ids=[m for _, m in BAD])
def test_bad_arguments_raise_value_error(make, message):
    with pytest.raises(ValueError, match=message):
        make()


@pytest.mark.parametrize("name", ALL)
def test_bad_counts_raise_value_error(name):
    sched = ALL[name](0.1)
    with pytest.raises(ValueError, match="step count must be >= 0"):
        sched(-1)
    with pytest.raises(ValueError, match="step count must be >= 0"):
        sched(np.array([0, 1, -2]))
    with pytest.raises(ValueError, match="step count must be an integer"):
        sched(1.5)
    with pytest.raises(ValueError, match="steps must be >= 0"):
        sched.values(-1)


def test_as_schedule_and_value_at():
    sched = S.as_schedule(0.5)
    assert isinstance(sched, S.constant) and sched(3) == 0.5
    cos = S.cosine_annealing(0.1, 10)
    assert S.as_schedule(cos) is cos
    plateau = S.ReduceOnPlateau(0.1)
    assert S.as_schedule(plateau) is plateau
    assert S.value_at(0.25, 7) == 0.25
    assert S.value_at(cos, 5) == approx(0.05)
    with pytest.raises(ValueError, match="momentum must be >= 0"):
        S.as_schedule(-0.1, "momentum", positive=False)
    assert S.as_schedule(0.0, "momentum", positive=False)(4) == 0.0
