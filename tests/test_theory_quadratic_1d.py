"""Theory on the 1-D quadratic (DOMAIN §2.1: iterates, regimes, d2l anchors) and iterations to tolerance.

Every expected number is either derived by hand in the test (d2l anchors, Polyak's κ = 100,
exact powers of two) or computed independently (numpy eigen-solvers, the simulator), never
copied from the program's output.
"""

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from _support import curvatures, sim1d, starts
from _support import finite_floats as _floats
from quizgen import core
from quizgen.core import theory
from quizgen.core.theory import Regime

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


# ---------------------------------------------------------------------------------------
# strategies


centers = _floats(-10.0, 10.0)


def away_from(h, points=(1.0, 2.0), margin=1e-3):
    return all(abs(h - p) > margin for p in points)


# ---------------------------------------------------------------------------------------
# §2.1 one-dimensional quadratic


@given(a=curvatures, h=_floats(0.01, 2.6).filter(away_from), w0=starts, w_star=centers)
def test_1d_iterates_and_losses_match_closed_form(a, h, w0, w_star):
    lr, steps = h / a, 20
    traj = sim1d(lr, a, w0, steps, w_star=w_star)
    assert not traj.diverged[0]
    k = np.arange(steps + 1)
    scale = abs(w_star) + abs(w0 - w_star)
    # independent closed form, written out here: e_k = (1 − ηa)^k e_0
    by_hand = w_star + (1.0 - lr * a) ** k * (w0 - w_star)
    np.testing.assert_allclose(theory.iterate(k, lr, a, w0, w_star), by_hand, rtol=1e-12, atol=1e-14 * scale)
    np.testing.assert_allclose(traj.params[:, 0, 0], theory.iterate(k, lr, a, w0, w_star),
                               rtol=1e-9, atol=1e-12 * scale)
    np.testing.assert_allclose(traj.losses[:, 0], theory.loss_after(k, lr, a, w0, w_star),
                               rtol=1e-9, atol=1e-12 * a * scale**2)
    assert theory.contraction_factor(lr, a) == pytest.approx(1.0 - h, rel=1e-12, abs=1e-15)


def _expected_regime(h):
    if h < 1:
        return Regime.MONOTONE
    return Regime.ZIGZAG if h < 2 else Regime.DIVERGING


@given(a=curvatures, h=_floats(0.01, 2.6).filter(lambda h: away_from(h, margin=1e-2)), w0=starts)
def test_regime_matches_simulated_sign_pattern_and_growth(a, h, w0):
    lr = h / a
    regime = theory.regime(lr, a)
    assert regime is _expected_regime(h)
    e = sim1d(lr, a, w0, 12).params[:, 0, 0]  # w* = 0, so the iterate is the error
    signs = np.sign(e)
    growth = np.diff(np.abs(e))
    alternating = (-1.0) ** np.arange(e.size) * np.sign(w0)
    if regime is Regime.MONOTONE:
        assert np.all(signs == np.sign(w0)) and np.all(growth < 0)
    elif regime is Regime.ZIGZAG:
        assert np.all(signs == alternating) and np.all(growth < 0)
    else:
        assert np.all(signs == alternating) and np.all(growth > 0)


@given(a=curvatures, w0=starts)
def test_regime_boundaries_one_step_and_bouncing(a, w0):
    assert theory.regime(1.0 / a, a) is Regime.ONE_STEP
    assert theory.regime(2.0 / a, a) is Regime.BOUNCING
    e = sim1d(1.0 / a, a, w0, 3).params[:, 0, 0]
    assert np.all(np.abs(e[1:]) <= 1e-14 * abs(w0))  # the Newton step lands on w*
    e = sim1d(2.0 / a, a, w0, 10).params[:, 0, 0]
    np.testing.assert_allclose(e, (-1.0) ** np.arange(11) * w0, rtol=1e-12)  # bounces on w* ± e0


def test_regime_exact_table_rows():
    # a = 4: η = 0.1 → r = 0.6, 0.25 → 0, 0.4 → −0.6, 0.5 → −1, 0.6 → −1.4
    expected = {0.1: Regime.MONOTONE, 0.25: Regime.ONE_STEP, 0.4: Regime.ZIGZAG,
                0.5: Regime.BOUNCING, 0.6: Regime.DIVERGING}
    for lr, regime in expected.items():
        assert theory.regime(lr, 4.0) is regime
    with pytest.raises(ValueError, match="lr"):
        theory.regime(-0.1, 4.0)
    with pytest.raises(ValueError, match="a"):
        theory.regime(0.1, 0.0)


def test_symmetry_eta_and_two_over_a_minus_eta_need_the_same_iterations():
    # DOMAIN §2.1: a = 4, η = 0.1 and η = 0.4 have |r| = 0.6 and converge equally fast
    traj = core.run(core.sgd(np.array([0.1, 0.4])), core.Quadratic1D(4.0), x0=1.0, steps=30, tol=1e-8)
    np.testing.assert_allclose(np.abs(traj.params[:, 0, 0]), np.abs(traj.params[:, 1, 0]), rtol=1e-12)
    assert traj.converged_at[0] == traj.converged_at[1] > 0


def test_d2l_anchor_numbers_one_dimension():
    # f(x) = x² (a = 2), x0 = 10, 10 steps: x10 = 10·(1 − 2η)^10
    traj = core.run(core.sgd(np.array([0.2, 0.05, 1.1])), core.Quadratic1D(2.0), x0=10.0, steps=10)
    x10 = traj.params[-1, :, 0]
    assert abs(x10[0]) == pytest.approx(0.060466, abs=5e-7)
    assert abs(x10[1]) == pytest.approx(3.486784, abs=5e-7)
    assert abs(x10[2]) == pytest.approx(61.917364, abs=5e-7)
    assert x10[2] > 0 and 10 * 1.2**10 == pytest.approx(61.917364, abs=5e-7)  # (−1.2)^10 > 0


def test_d2l_anchor_ill_conditioned_two_dimensions():
    # f = 0.1 x1² + 2 x2² = ½ xᵀ diag(0.2, 4) x: threshold 2/4 = 0.5
    obj = core.Quadratic([0.2, 4.0])
    x0 = np.array([-5.0, -2.0])
    assert theory.max_stable_lr([0.2, 4.0]) == pytest.approx(0.5)
    gd = core.run(core.sgd(np.array([0.4, 0.6])), obj, x0, 200)
    assert not gd.diverged[0] and np.linalg.norm(gd.final_params[0]) < 1e-6
    # at η = 0.4: x1 factor 1 − 0.4·0.2 = 0.92 (slow), x2 factor 1 − 0.4·4 = −0.6 (zigzag)
    k = np.arange(201)
    np.testing.assert_allclose(gd.params[:, 0, 0], -5.0 * 0.92**k, rtol=1e-10)
    np.testing.assert_allclose(gd.params[:5, 0, 1], -2.0 * (-0.6) ** k[:5], rtol=1e-12)
    assert gd.diverged[1]  # factor −1.4
    # momentum: stable iff ηλ = 2.4 < 2(1 + β); β = 0.5 converges, β = 0.25 barely
    mom = core.run(core.sgd(0.6, momentum=np.array([0.5, 0.25, 0.15])), obj, x0, 300)
    assert list(mom.diverged) == [False, False, True]
    assert np.all(np.linalg.norm(mom.final_params[:2], axis=1) < 1e-6)


# ---------------------------------------------------------------------------------------
# iterations to tolerance


def first_step_within(e, eps):
    hits = np.flatnonzero(np.abs(e) <= eps * abs(e[0]))
    return int(hits[0]) if hits.size else None


@given(a=curvatures, h=_floats(0.02, 1.98).filter(lambda h: abs(h - 1) > 1e-3),
       eps=st.sampled_from([1e-1, 1e-2, 1e-3, 1e-6]).flatmap(lambda e: _floats(e / 3, e)), w0=starts)
def test_steps_to_tolerance_matches_first_simulated_step(a, h, eps, w0):
    lr = h / a
    rate = abs(1.0 - lr * a)
    quotient = math.log(eps) / math.log(rate)
    assume(abs(quotient - round(quotient)) > 1e-6)  # exact-integer cases are tested separately
    k = theory.steps_to_tolerance(rate, eps)
    assert k == math.ceil(quotient)
    traj = sim1d(lr, a, w0, k + 2)
    assert first_step_within(traj.params[:, 0, 0], eps) == k


@pytest.mark.parametrize("lr, rate, k", [
    (0.5, 0.5, 10),     # r = 0.5, ε = 0.5**10: ln ε / ln r is exactly 10
    (1.5, 0.5, 10),     # r = −0.5: same |r|
    (0.5, 0.5, 30),
    (0.25, 0.75, 20),   # 0.75^k is exact in binary up to k = 33
    (0.25, 0.75, 9),    # ln ε / ln r = 9.000000000000002 in floating point: a naive ceil gives 10
    (0.75, 0.25, 7),
])
def test_steps_to_tolerance_exact_integer_cases(lr, rate, k):
    eps = rate**k
    assert theory.steps_to_tolerance(rate, eps) == k
    # a = 1 and e0 = 1: every simulated iterate is an exact power of r
    e = sim1d(lr, 1.0, 1.0, k + 2).params[:, 0, 0]
    assert e[k] == (1.0 - lr) ** k and abs(e[k]) == eps and abs(e[k - 1]) > eps
    assert first_step_within(e, eps) == k
    # just below ε one more step is needed
    assert theory.steps_to_tolerance(rate, eps * (1 - 1e-12)) == k + 1


def test_steps_to_tolerance_edge_cases():
    assert theory.steps_to_tolerance(0.5, 1.0) == 0
    assert theory.steps_to_tolerance(0.5, 2.0) == 0
    assert theory.steps_to_tolerance(0.0, 1e-9) == 1
    assert theory.steps_to_tolerance(1.0, 0.1) == math.inf
    assert theory.steps_to_tolerance(1.2, 0.1) == math.inf
    # the small-ηa approximation k ≈ ln(1/ε)/(ηa): a = 1, η = 0.001, ε = 1e-3 → about 6904
    assert abs(theory.steps_to_tolerance(0.999, 1e-3) - math.log(1e3) / 0.001) < 5
    with pytest.raises(ValueError, match="rate"):
        theory.steps_to_tolerance(-0.5, 0.1)
    with pytest.raises(ValueError, match="eps"):
        theory.steps_to_tolerance(0.5, 0.0)
