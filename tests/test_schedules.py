"""Learning-rate schedules: values worked out by hand from DOMAIN.md §2.8, vectorization
over counts and over runs, and argument checks. (The comparison with PyTorch itself is in
test_torch_reference.py.)"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizgen import core as S  # every schedule, cyclic and plateau ones included


def _floats(lo, hi):
    return st.floats(min_value=lo, max_value=hi, allow_nan=False, allow_infinity=False)


def approx(x):
    return pytest.approx(x, rel=1e-12, abs=1e-15)


# ---------------------------------------------------------------------------------------
# hand-computed values (DOMAIN.md §2.8 examples)


def test_constant():
    sched = S.constant(0.3)
    assert sched(0) == 0.3 and sched(1000) == 0.3
    np.testing.assert_array_equal(sched(np.arange(4)), [0.3, 0.3, 0.3, 0.3])


def test_step_decay_example():
    sched = S.step_decay(0.1, step_size=10, gamma=0.5)
    for e in range(10):
        assert sched(e) == approx(0.1)
    for e in range(10, 20):
        assert sched(e) == approx(0.1 * 0.5**1)
    assert sched(20) == approx(0.1 * 0.5**2)
    assert sched(35) == approx(0.1 * 0.5**3)
    assert S.step_decay(1.0, 3)(7) == approx(1.0 * 0.1**2)  # default gamma 0.1


def test_multistep_decay_new_rate_is_used_at_the_milestone():
    sched = S.multistep_decay(0.1, (15, 30, 45))
    assert sched(14) == approx(0.1)
    assert sched(15) == approx(0.1 * 0.1)  # bisect_right: already reduced at e = milestone
    assert sched(29) == approx(0.1 * 0.1)
    assert sched(30) == approx(0.1 * 0.1**2)
    assert sched(45) == approx(0.1 * 0.1**3)
    assert sched(1000) == approx(0.1 * 0.1**3)
    # a repeated milestone applies γ twice
    assert S.multistep_decay(1.0, (2, 2), gamma=0.5)(2) == approx(0.25)


def test_exponential_decay_example():
    sched = S.exponential_decay(0.1, gamma=0.95)
    assert sched(0) == approx(0.1)
    assert sched(1) == approx(0.095)
    assert sched(2) == approx(0.09025)
    assert sched(10) == approx(0.1 * 0.95**10)


def test_inverse_time_decay_example():
    sched = S.inverse_time_decay(0.1, decay_rate=0.5)
    assert sched(0) == approx(0.1)
    assert sched(1) == approx(0.1 / 1.5)
    assert sched(2) == approx(0.05)  # halves at t = 1/k
    # Keras form with decay_steps, and its staircase variant
    assert S.inverse_time_decay(0.1, 0.5, decay_steps=4)(2) == approx(0.1 / (1 + 0.5 * 2 / 4))
    stair = S.inverse_time_decay(0.1, 0.5, decay_steps=4, staircase=True)
    assert stair(3) == approx(0.1)
    assert stair(4) == approx(0.1 / 1.5)
    assert stair(11) == approx(0.1 / (1 + 0.5 * 2))


def test_polynomial_decay():
    sched = S.polynomial_decay(0.1)  # total_iters 5, power 1
    for e, want in enumerate([0.1, 0.08, 0.06, 0.04, 0.02, 0.0, 0.0, 0.0]):
        assert sched(e) == approx(want)
    quad = S.polynomial_decay(2.0, total_iters=10, power=2.0)
    assert quad(5) == approx(2.0 * 0.5**2)
    assert quad(12) == 0.0


def test_cosine_annealing_midpoint_end_and_past_t_max():
    eta0, eta_min, T = 0.1, 0.001, 10
    sched = S.cosine_annealing(eta0, t_max=T, eta_min=eta_min)
    assert sched(0) == approx(eta0)
    assert sched(T // 2) == approx((eta0 + eta_min) / 2)
    assert sched(T) == approx(eta_min)
    # not clamped: it rises again, symmetric about T_max, back to η₀ at 2·T_max
    assert sched(T + 3) == approx(float(sched(T - 3)))
    assert sched(T + 1) > sched(T)
    assert sched(3 * T // 2) == approx((eta0 + eta_min) / 2)
    assert sched(2 * T) == approx(eta0)
    assert sched(3 * T) == approx(eta_min)
    assert sched(2) == approx(eta_min + (eta0 - eta_min) * (1 + math.cos(math.pi * 2 / 10)) / 2)


def test_cosine_warm_restarts_t_mult_1_and_2():
    eta0 = 0.1
    same = S.cosine_warm_restarts(eta0, t_0=10)
    assert same(5) == approx(eta0 / 2)
    assert same(9) == approx(eta0 * (1 + math.cos(math.pi * 9 / 10)) / 2)
    assert same(10) == approx(eta0) and same(20) == approx(eta0)
    assert same(25) == approx(eta0 / 2)

    grow = S.cosine_warm_restarts(eta0, t_0=10, t_mult=2, eta_min=0.001)
    for restart in (0, 10, 30, 70, 150):  # periods 10, 20, 40, 80
        assert grow(restart) == approx(eta0)
    assert grow(29) == approx(0.001 + (eta0 - 0.001) * (1 + math.cos(math.pi * 19 / 20)) / 2)
    assert grow(20) == approx((eta0 + 0.001) / 2)  # T_cur 10 of T_i 20
    assert grow(50) == approx((eta0 + 0.001) / 2)  # T_cur 20 of T_i 40


@given(t_0=st.integers(1, 12), t_mult=st.integers(2, 5), e=st.integers(0, 5000))
def test_cosine_warm_restarts_matches_the_iterative_counter(t_0, t_mult, e):
    """PyTorch's stepping: T_cur += 1; when T_cur reaches T_i it wraps and T_i *= T_mult."""
    t_cur, t_i = 0, t_0
    for _ in range(e):
        t_cur += 1
        if t_cur >= t_i:
            t_cur -= t_i
            t_i *= t_mult
    want = (1 + math.cos(math.pi * t_cur / t_i)) / 2
    assert S.cosine_warm_restarts(1.0, t_0, t_mult)(e) == pytest.approx(want, abs=1e-12)


def test_cosine_warm_restarts_exactly_at_a_power_of_three_restart():
    # restarts of t_0 = 2, t_mult = 3 at 2, 8, 26, 80, 242: log(243)/log(3) rounds below 5
    assert S.cosine_warm_restarts(1.0, 2, 3)(242) == approx(1.0)
    assert S.cosine_warm_restarts(1.0, 1, 3)(121) == approx(1.0)


def test_linear_warmup_example():
    sched = S.linear_warmup(0.1, start_factor=0.1, total_iters=5)
    want = [0.01, 0.028, 0.046, 0.064, 0.082, 0.1, 0.1]
    np.testing.assert_allclose(sched(np.arange(7)), want, rtol=1e-12)
    default = S.linear_warmup(0.3)  # start 1/3 applied at e = 0, full rate at e = 5
    assert default(0) == approx(0.3 / 3)
    assert default(5) == approx(0.3)
    # Goyal: 0.1 → 0.4 over 5 epochs is LinearLR on 0.4 with start_factor 1/4
    goyal = S.linear_warmup(0.4, start_factor=0.25, total_iters=5)
    assert goyal(2) == approx(0.1 + 0.3 * 2 / 5)


def test_warmup_cosine():
    sched = S.warmup_cosine(0.1, warmup_steps=5, t_max=20)  # start_factor 0.01
    assert sched(0) == approx(0.1 * 0.01)
    assert sched(3) == approx(0.1 * (0.01 + 0.99 * 3 / 5))
    assert sched(5) == approx(0.1)  # cosine starts with its own counter k = 0
    assert sched(15) == approx(0.05)  # k = 10 = T_max/2
    assert sched(25) == approx(0.0)  # k = T_max
    assert sched(45) == approx(0.1)  # k = 2·T_max, not clamped


def test_one_cycle_domain_example():
    sched = S.one_cycle(1.0, total_steps=100)
    assert sched(0) == approx(1.0 / 25)
    assert sched(29) == approx(1.0)  # peak at pct·total − 1
    assert sched(30) < sched(29) and sched(28) < sched(29)
    assert sched(99) == approx(1.0 / 25 / 1e4)  # 4e-6
    assert sched(64) == approx((1.0 + 4e-6) / 2)  # halfway through 29 … 99
    mom = sched.momentum
    assert mom(0) == approx(0.95)
    assert mom(29) == approx(0.85)
    assert mom(64) == approx(0.9)
    assert mom(99) == approx(0.95)
    # phase 1 halfway (total 50: ends at 14)
    short = S.one_cycle(1.0, total_steps=50)
    assert short(7) == approx((0.04 + 1.0) / 2)
    assert short.momentum(7) == approx(0.9)


def test_one_cycle_linear_anneal():
    sched = S.one_cycle(1.0, total_steps=100, anneal_strategy="linear")
    assert sched(10) == approx(0.04 + (10 / 29) * (1.0 - 0.04))
    assert sched(64) == approx(1.0 + 0.5 * (4e-6 - 1.0))
    assert sched.momentum(10) == approx(0.95 + (10 / 29) * (0.85 - 0.95))


def test_one_cycle_three_phase():
    sched = S.one_cycle(1.0, total_steps=100, three_phase=True)
    # up to 29, down to 2·0.3·100 − 2 = 58, then annihilation to 99
    assert sched(0) == approx(0.04)
    assert sched(29) == approx(1.0)
    assert sched(58) == approx(0.04)
    assert sched(99) == approx(0.04 / 1e4)
    # phase 2 runs 29 → 58 from 1.0 down to 0.04: at k = 44 it is 15/29 done
    assert sched(44) == approx(0.04 + (1.0 - 0.04) / 2 * (1 + math.cos(math.pi * 15 / 29)))
    assert sched.momentum(29) == approx(0.85)
    assert sched.momentum(58) == approx(0.95)
    assert sched.momentum(80) == approx(0.95)  # third phase keeps max_momentum


def test_one_cycle_counts():
    sched = S.one_cycle(1.0, total_steps=10)
    sched(10)  # PyTorch allows stepping exactly total_steps times
    with pytest.raises(ValueError, match="total_steps"):
        sched(11)
    with pytest.raises(ValueError, match="total_steps"):
        sched(np.arange(12))
    with pytest.raises(ValueError, match="total_steps"):
        sched.values(12)
    with pytest.raises(ValueError, match="total_steps"):
        sched.momentum(11)


def test_cyclic_triangular():
    sched = S.cyclic(0.1, 1.0, step_size_up=4)
    want = [0.1, 0.1 + 0.9 / 4, 0.55, 0.1 + 0.9 * 3 / 4, 1.0, 0.1 + 0.9 * 3 / 4, 0.55, 0.1 + 0.9 / 4, 0.1, 0.1 + 0.9 / 4]
    np.testing.assert_allclose(sched(np.arange(10)), want, rtol=1e-12)
    mom = sched.momentum  # inverse: 0.9 at the base, 0.8 at the peak
    assert mom(0) == approx(0.9) and mom(4) == approx(0.8) and mom(2) == approx(0.85)


def test_cyclic_asymmetric_triangular2_and_exp_range():
    asym = S.cyclic(0.1, 1.0, step_size_up=4, step_size_down=2)
    np.testing.assert_allclose(asym(np.arange(4, 8)), [1.0, 0.55, 0.1, 0.1 + 0.9 / 4], rtol=1e-12)
    tri2 = S.cyclic(0.1, 1.0, step_size_up=4, mode="triangular2")
    assert tri2(4) == approx(1.0)
    assert tri2(12) == approx(0.1 + 0.9 / 2)  # second cycle: half the amplitude
    assert tri2(20) == approx(0.1 + 0.9 / 4)
    assert tri2.momentum(12) == approx(0.9 - 0.1 / 2)
    exp = S.cyclic(0.1, 1.0, step_size_up=4, mode="exp_range", gamma=0.9)
    assert exp(4) == approx(0.1 + 0.9 * 0.9**4)
    assert exp(14) == approx(0.1 + 0.9 * 0.5 * 0.9**14)
    assert exp.momentum(4) == approx(0.9 - 0.1 * 0.9**4)


# ---------------------------------------------------------------------------------------
# ReduceOnPlateau


def test_plateau_domain_example_patience_plus_one():
    sched = S.ReduceOnPlateau(0.1, patience=2)
    lrs = sched.lrs_for([1.0, 0.9, 0.8, 0.8, 0.8, 0.8, 0.8])
    np.testing.assert_allclose(lrs[:6], [0.1] * 6)  # 0.1 ×6 …
    assert lrs[6] == approx(0.01)  # … then 0.01, used from the next epoch
    assert lrs.shape == (8,)


def test_plateau_relative_threshold_subtlety():
    # 0.8·(1 − 1e-4) = 0.79992, so 0.79999 is not an improvement on 0.8 …
    lrs = S.ReduceOnPlateau(0.1, patience=2).lrs_for([0.8, 0.79999, 0.79999, 0.79999])
    assert lrs[4] == approx(0.01)
    # … whereas 0.7999 is, and with threshold 0 so is 0.79999
    lrs = S.ReduceOnPlateau(0.1, patience=2).lrs_for([0.8, 0.7999, 0.7999, 0.7999])
    assert lrs[4] == approx(0.1)
    lrs = S.ReduceOnPlateau(0.1, patience=2, threshold=0.0).lrs_for([0.8, 0.79999, 0.79998, 0.79997])
    assert np.all(lrs == 0.1)


def test_plateau_init_and_update_step_by_step():
    sched = S.ReduceOnPlateau(0.1, patience=1, factor=0.5)
    state = sched.init()
    assert state.lr == 0.1 and state.best == np.inf and state.num_bad == 0 and state.cooldown_counter == 0
    state = sched.update(state, 2.0)
    assert state.best == 2.0 and state.num_bad == 0
    state = sched.update(state, 2.0)
    assert state.num_bad == 1 and state.lr == 0.1
    state = sched.update(state, 3.0)
    assert state.num_bad == 0 and state.lr == approx(0.05)  # bad 2 > patience 1: cut, counter reset
    state = sched.update(state, 1.0)
    assert state.best == 1.0 and state.lr == approx(0.05)


def test_plateau_cooldown():
    metrics = [1.0] * 5
    no_cool = S.ReduceOnPlateau(0.1, patience=0).lrs_for(metrics)
    np.testing.assert_allclose(no_cool, [0.1, 0.1, 0.1 * 0.1, 0.1 * 0.1**2, 0.1 * 0.1**3, 0.1 * 0.1**4])
    # cooldown 2: after a cut, two epochs in which bad epochs are not counted
    cool = S.ReduceOnPlateau(0.1, patience=0, cooldown=2).lrs_for(metrics)
    np.testing.assert_allclose(cool, [0.1, 0.1, 0.01, 0.01, 0.01, 0.001])


def test_plateau_min_lr_and_eps():
    lrs = S.ReduceOnPlateau(0.1, patience=0, min_lr=0.005).lrs_for([1.0] * 5)
    np.testing.assert_allclose(lrs, [0.1, 0.1, 0.01, 0.005, 0.005, 0.005])
    # a cut smaller than eps is skipped
    tiny = S.ReduceOnPlateau(1e-8, patience=0, factor=0.5).lrs_for([1.0] * 4)
    assert np.all(tiny == 1e-8)


def test_plateau_mode_max_and_abs_threshold():
    lrs = S.ReduceOnPlateau(0.1, patience=1, mode="max").lrs_for([0.5, 0.6, 0.6, 0.6])
    np.testing.assert_allclose(lrs, [0.1, 0.1, 0.1, 0.1, 0.01])
    rising = S.ReduceOnPlateau(0.1, patience=0, mode="max").lrs_for([0.5, 0.6, 0.7, 0.8])
    assert np.all(rising == 0.1)
    # best 10, threshold 0.05: rel needs < 9.5, abs needs < 9.95; 9.9 passes only abs
    rel = S.ReduceOnPlateau(0.1, patience=0, threshold=0.05).lrs_for([10.0, 9.9])
    ab = S.ReduceOnPlateau(0.1, patience=0, threshold=0.05, threshold_mode="abs").lrs_for([10.0, 9.9])
    assert rel[2] == approx(0.01) and ab[2] == approx(0.1)
    # abs max: must exceed best + threshold
    lrs = S.ReduceOnPlateau(0.1, patience=0, threshold=0.1, threshold_mode="abs", mode="max").lrs_for([1.0, 1.05, 1.2])
    np.testing.assert_allclose(lrs, [0.1, 0.1, 0.01, 0.01])


def test_plateau_batched():
    sched = S.ReduceOnPlateau(np.array([0.1, 0.2]), patience=0)
    metrics = np.array([[1.0, 1.0], [0.5, 1.0], [0.25, 1.0]])  # run 0 improves, run 1 stalls
    lrs = sched.lrs_for(metrics)
    assert lrs.shape == (4, 2)
    np.testing.assert_allclose(lrs[:, 0], [0.1] * 4)
    np.testing.assert_allclose(lrs[:, 1], [0.2, 0.2, 0.2 * 0.1, 0.2 * 0.1**2])
    state = S.ReduceOnPlateau(0.1).init((3,))
    assert state.lr.shape == state.best.shape == state.num_bad.shape == (3,)
    # each column equals the unbatched schedule
    for j, lr0 in enumerate([0.1, 0.2]):
        np.testing.assert_array_equal(lrs[:, j], S.ReduceOnPlateau(lr0, patience=0).lrs_for(metrics[:, j]))


@given(st.lists(_floats(0.0, 10.0), min_size=1, max_size=40), st.integers(0, 4), st.integers(0, 3))
def test_plateau_rates_never_rise_and_stay_on_the_factor_grid(metrics, patience, cooldown):
    lrs = S.ReduceOnPlateau(0.1, factor=0.5, patience=patience, cooldown=cooldown).lrs_for(metrics)
    assert np.all(np.diff(lrs) <= 0)
    cuts = np.round(np.log(lrs / 0.1) / np.log(0.5))
    np.testing.assert_allclose(lrs, 0.1 * 0.5**cuts, rtol=1e-12)
    # a cut needs patience + 1 epochs, so at most ⌊n / (patience + 1)⌋ of them
    assert cuts[-1] <= len(metrics) // (patience + 1)


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


@given(lr=_floats(1e-6, 10.0), gamma=_floats(0.01, 1.0), step=st.integers(1, 50), e=st.integers(0, 10_000))
def test_step_decay_property(lr, gamma, step, e):
    assert S.step_decay(lr, step, gamma)(e) == pytest.approx(lr * gamma ** (e // step), rel=1e-12, abs=0)


@given(lr=_floats(1e-6, 10.0), eta_min=_floats(0.0, 1e-6), t_max=st.integers(1, 500), k=st.integers(0, 500))
def test_cosine_is_periodic_and_symmetric(lr, eta_min, t_max, k):
    sched = S.cosine_annealing(lr, t_max, eta_min)
    assert sched(t_max + k) == pytest.approx(float(sched(abs(t_max - k) % (2 * t_max))), rel=1e-9, abs=1e-15)
    assert sched(2 * t_max) == pytest.approx(lr, rel=1e-12)
    assert eta_min - 1e-15 <= sched(k) <= lr * (1 + 1e-15)


@given(max_lr=_floats(1e-4, 10.0), total=st.integers(10, 400), frac=_floats(0.1, 0.9),
       three=st.booleans(), linear=st.booleans())
def test_one_cycle_bounds(max_lr, total, frac, three, linear):
    pct = max(round(frac * total), 1) / total  # the peak falls on a step
    try:
        sched = S.one_cycle(max_lr, total, pct_start=pct, three_phase=three,
                            anneal_strategy="linear" if linear else "cos")
    except ValueError as err:  # only an empty phase is refused
        assert "empty phase" in str(err)
        return
    lrs = sched.values(total)
    assert np.all(lrs <= max_lr * (1 + 1e-12)) and np.all(lrs >= max_lr / 25 / 1e4 * (1 - 1e-9))
    assert lrs.max() == pytest.approx(max_lr, rel=1e-12)
    assert lrs[0] == pytest.approx(max_lr / 25, rel=1e-12)
    assert lrs[-1] == pytest.approx(max_lr / 25 / 1e4, rel=1e-9)
    mom = sched.momentum.values(total)
    assert np.all((mom >= 0.85 - 1e-12) & (mom <= 0.95 + 1e-12))
    # momentum moves inversely to the rate in the first phase
    up = int(pct * total)
    assert np.all(np.diff(lrs[:up]) >= -1e-15) and np.all(np.diff(mom[:up]) <= 1e-15)


@given(base=_floats(1e-4, 1.0), span=_floats(1e-4, 5.0), up=st.integers(1, 30), down=st.integers(1, 30),
       mode=st.sampled_from(["triangular", "triangular2", "exp_range"]))
def test_cyclic_bounds_and_period(base, span, up, down, mode):
    top = base + span
    sched = S.cyclic(base, top, up, down, mode=mode, gamma=0.999)
    lrs = sched.values(3 * (up + down) + 1)
    assert np.all(lrs >= base * (1 - 1e-12)) and np.all(lrs <= top * (1 + 1e-12))
    assert lrs[0] == pytest.approx(base) and lrs[up] == pytest.approx(top if mode != "exp_range" else
                                                                      base + span * 0.999**up)
    if mode == "triangular":
        np.testing.assert_allclose(lrs[up + down:], lrs[: len(lrs) - up - down], rtol=1e-12)


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
