"""Theory of heavy-ball and Nesterov momentum (DOMAIN §2.5–§2.6): iterates, stable ranges, rates, Polyak.

Every expected number is either derived by hand in the test (d2l anchors, Polyak's κ = 100,
exact powers of two) or computed independently (numpy eigen-solvers, the simulator), never
copied from the program's output.
"""

import math
import warnings

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from _support import curvatures, starts
from _support import finite_floats as _floats
from quizgen import core
from quizgen.core import theory

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


# ---------------------------------------------------------------------------------------
# §2.5–§2.6 momentum


@given(a=curvatures, h=_floats(0.01, 4.5), beta=_floats(0.0, 0.99), w0=starts)
def test_heavy_ball_iterate_matches_sgd_momentum(a, h, beta, w0):
    lr, steps = h / a, 25
    traj = core.run(core.sgd(lr, momentum=beta), core.Quadratic1D(a), x0=w0, steps=steps)
    assume(not traj.diverged[0])
    sim = traj.params[:, 0, 0]
    expected = np.array([theory.heavy_ball_iterate(k, lr, beta, a, w0) for k in range(steps + 1)])
    # independent recurrence: w1 = (1 − ηa)w0, w_{t+1} = (1 + β − ηa)w_t − βw_{t−1}
    rec = [w0, (1 - lr * a) * w0]
    for _ in range(steps - 1):
        rec.append((1 + beta - lr * a) * rec[-1] - beta * rec[-2])
    scale = max(abs(w0), np.abs(sim).max())
    np.testing.assert_allclose(expected, rec, rtol=1e-9, atol=1e-11 * scale)
    np.testing.assert_allclose(sim, expected, rtol=1e-9, atol=1e-11 * scale)


BETAS = [0.0, 0.3, 0.5, 0.9, 0.99]
MUS = [0.3, 0.5, 0.9, 0.99]


def test_heavy_ball_max_lr_values_and_boundary():
    assert float(theory.heavy_ball_max_lr(1.0, 0.9)) == pytest.approx(3.8)
    assert float(theory.heavy_ball_max_lr(4.0, 0.0)) == pytest.approx(0.5)  # plain GD: 2/λ
    lam = 2.5
    bounds = np.array([2 * (1 + b) / lam for b in BETAS])
    np.testing.assert_allclose(theory.heavy_ball_max_lr(lam, np.array(BETAS)), bounds, rtol=1e-12)
    beta = np.array(BETAS * 2)
    lr = np.concatenate([0.9 * bounds, 1.1 * bounds])
    traj = core.run(core.sgd(lr, momentum=beta), core.Quadratic1D(lam), x0=1.0, steps=4000)
    n = len(BETAS)
    assert not traj.diverged[:n].any()
    assert np.all(np.abs(traj.final_params[:n, 0]) < 1e-6)
    assert traj.diverged[n:].all()


def test_nesterov_max_lr_values_and_boundary():
    assert float(theory.nesterov_max_lr(1.0, 0.9)) == pytest.approx(2 * 1.9 / 2.8)  # 1.357 < 3.8
    lam = 3.0
    bounds = np.array([2 * (1 + m) / ((1 + 2 * m) * lam) for m in MUS])
    np.testing.assert_allclose(theory.nesterov_max_lr(lam, np.array(MUS)), bounds, rtol=1e-12)
    mu = np.array(MUS * 2)
    lr = np.concatenate([0.9 * bounds, 1.1 * bounds])
    traj = core.run(core.sgd(lr, momentum=mu, nesterov=True), core.Quadratic1D(lam), x0=1.0, steps=2000)
    n = len(MUS)
    assert not traj.diverged[:n].any()
    assert np.all(np.abs(traj.final_params[:n, 0]) < 1e-6)
    assert traj.diverged[n:].all()


def test_momentum_bounds_reject_bad_beta():
    with pytest.raises(ValueError, match="beta"):
        theory.heavy_ball_max_lr(1.0, 1.0)
    with pytest.raises(ValueError, match="mu"):
        theory.nesterov_max_lr(1.0, -0.1)


def _companion_radius_numpy(trace, det):
    return float(np.max(np.abs(np.roots([1.0, -trace, det]))))


@given(h=_floats(0.01, 3.5), beta=_floats(0.0, 0.95))
def test_heavy_ball_rate_is_the_companion_spectral_radius(h, beta):
    expected = _companion_radius_numpy(1 + beta - h, beta)
    # near a double root np.roots is only accurate to about √ε
    assert float(theory.heavy_ball_rate(h, beta, 1.0)) == pytest.approx(expected, rel=1e-6, abs=1e-9)
    lo, hi = (1 - math.sqrt(beta)) ** 2, (1 + math.sqrt(beta)) ** 2
    if lo + 1e-9 < h < hi - 1e-9:
        assert float(theory.heavy_ball_rate(h, beta, 1.0)) == pytest.approx(math.sqrt(beta), rel=1e-12)


@given(h=_floats(0.01, 1.9), mu=_floats(0.01, 0.95))
def test_nesterov_rate_is_the_companion_spectral_radius(h, mu):
    expected = _companion_radius_numpy((1 + mu) * (1 - h), mu * (1 - h))
    assert float(theory.nesterov_rate(h, mu, 1.0)) == pytest.approx(expected, rel=1e-6, abs=1e-9)


def _measured_rates(params, rho):
    """Per-step decay of the state norm ‖(w_k, w_{k−1})‖ of each run over the second half of
    its useful window (before the state underflows towards 1e-150)."""
    w = params[:, :, 0]
    s = np.hypot(w[1:], w[:-1])
    stop = np.minimum(s.shape[0] - 1, (np.log(1e-150) / np.log(rho)).astype(int))
    start = stop // 2
    runs = np.arange(w.shape[1])
    return (s[stop, runs] / s[start, runs]) ** (1.0 / (stop - start))


def _momentum_cases(h_max):
    case = st.tuples(_floats(0.05, h_max), _floats(0.0, 0.9), curvatures)
    return st.lists(case, min_size=1, max_size=12)


@given(cases=_momentum_cases(3.0))
def test_heavy_ball_rate_matches_measured_decay(cases):
    h, beta, a = map(np.array, zip(*cases))
    rho = theory.heavy_ball_rate(h / a, beta, a)
    keep = (rho > 0.3) & (rho < 0.98)  # slow enough to measure, fast enough to see
    assume(keep.any())
    h, beta, a, rho = h[keep], beta[keep], a[keep], rho[keep]
    traj = core.run(core.sgd(h / a, momentum=beta), core.Quadratic1D(a), x0=1.0, steps=400)
    assert not traj.diverged.any()
    np.testing.assert_allclose(_measured_rates(traj.params, rho), rho, rtol=0.02)


@given(cases=_momentum_cases(1.3))
def test_nesterov_rate_matches_measured_decay(cases):
    h, mu, a = map(np.array, zip(*cases))
    mu = np.maximum(mu, 0.05)
    rho = theory.nesterov_rate(h / a, mu, a)
    keep = (rho > 0.3) & (rho < 0.98)
    assume(keep.any())
    h, mu, a, rho = h[keep], mu[keep], a[keep], rho[keep]
    traj = core.run(core.sgd(h / a, momentum=mu, nesterov=True), core.Quadratic1D(a), x0=1.0, steps=400)
    assert not traj.diverged.any()
    np.testing.assert_allclose(_measured_rates(traj.params, rho), rho, rtol=0.02)


def test_polyak_optimal_kappa_100():
    lr, beta, rate = theory.polyak_optimal(1.0, 100.0)
    # by hand: √κ = 10, rate = 9/11, β = (9/11)², η = 4/(√100 + √1)² = 4/121
    assert rate == pytest.approx(9 / 11, rel=1e-12)
    assert beta == pytest.approx(81 / 121, rel=1e-12)
    assert lr == pytest.approx(4 / 121, rel=1e-12)
    assert rate == pytest.approx(0.818, abs=5e-4)
    assert float(theory.optimal_rate([1.0, 100.0])) == pytest.approx(99 / 101)  # GD: 0.980
    # simulated heavy ball with these settings contracts at 9/11 per step (double roots at both ends)
    lam = np.array([1.0, 100.0])
    traj = core.run(core.sgd(lr, momentum=beta), core.Quadratic(lam), np.ones(2), 600)
    err = np.linalg.norm(traj.params[:, 0], axis=1)
    assert (err[600] / err[300]) ** (1 / 300) == pytest.approx(9 / 11, rel=5e-3)
    for lam_i in lam:
        assert float(theory.heavy_ball_rate(lr, beta, lam_i)) == pytest.approx(9 / 11, rel=1e-6)
    # scaling both eigenvalues scales η* inversely and leaves β*, rate alone
    lr2, beta2, rate2 = theory.polyak_optimal(3.0, 300.0)
    assert (lr2, beta2, rate2) == pytest.approx((lr / 3, beta, rate))


def test_effective_lr():
    assert float(theory.effective_lr(0.01, 0.9)) == pytest.approx(0.1)
    # on a constant slope the momentum step tends to η/(1 − β): a very flat, far-away
    # quadratic has gradient a(w − w*) ≈ −1 everywhere the run goes
    slope = core.Quadratic1D(1e-12, w_star=1e12)
    traj = core.run(core.sgd(0.01, momentum=0.9), slope, x0=0.0, steps=400)
    step = np.diff(traj.params[:, 0, 0])[-1]
    assert step == pytest.approx(0.1, rel=1e-3)


def test_no_warning_from_theory_functions():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        theory.convergence_rate(np.array([0.1, 1.0, 10.0]), [1.0, 100.0])
        theory.heavy_ball_rate(np.linspace(0, 5, 11), 0.9, 1.0)
        theory.nesterov_rate(np.linspace(0, 5, 11), 0.9, 1.0)
