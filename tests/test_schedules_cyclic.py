"""One-cycle, cyclic and ReduceOnPlateau schedules: values by hand from DOMAIN §2.8, plateau logic and bounds."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _support import approx
from _support import finite_floats as _floats
from quizgen import core as S  # every schedule, cyclic and plateau ones included


# ---------------------------------------------------------------------------------------
# one-cycle and cyclic (DOMAIN.md §2.8 examples)


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
# bounds and periods


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
