"""Decay and warm-up schedules (step … cosine, restarts, linear warm-up) by hand from DOMAIN §2.8, and their properties."""

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


# ---------------------------------------------------------------------------------------
# properties


@given(lr=_floats(1e-6, 10.0), gamma=_floats(0.01, 1.0), step=st.integers(1, 50), e=st.integers(0, 10_000))
def test_step_decay_property(lr, gamma, step, e):
    assert S.step_decay(lr, step, gamma)(e) == pytest.approx(lr * gamma ** (e // step), rel=1e-12, abs=0)


@given(lr=_floats(1e-6, 10.0), eta_min=_floats(0.0, 1e-6), t_max=st.integers(1, 500), k=st.integers(0, 500))
def test_cosine_is_periodic_and_symmetric(lr, eta_min, t_max, k):
    sched = S.cosine_annealing(lr, t_max, eta_min)
    assert sched(t_max + k) == pytest.approx(float(sched(abs(t_max - k) % (2 * t_max))), rel=1e-9, abs=1e-15)
    assert sched(2 * t_max) == pytest.approx(lr, rel=1e-12)
    assert eta_min - 1e-15 <= sched(k) <= lr * (1 + 1e-15)
