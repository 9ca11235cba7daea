"""Closed forms in quizgen.core.theory against really running gradient descent (DOMAIN §2.1–§2.6).

Every expected number is either derived by hand in the test (d2l anchors, Polyak's κ = 100,
exact powers of two) or computed independently (numpy eigen-solvers, the simulator), never
copied from the program's output.
"""

import math
import warnings

import numpy as np
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from quizgen import core
from quizgen.core import theory
from quizgen.core.theory import Regime

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

# ---------------------------------------------------------------------------------------
# strategies


def _floats(lo, hi):
    return st.floats(min_value=lo, max_value=hi, allow_nan=False, allow_infinity=False)


curvatures = _floats(0.1, 10.0)
starts = _floats(-10.0, 10.0).filter(lambda v: abs(v) > 0.1)
centers = _floats(-10.0, 10.0)


def away_from(h, points=(1.0, 2.0), margin=1e-3):
    return all(abs(h - p) > margin for p in points)


@st.composite
def quadratic_problems(draw, max_dim=5):
    """(eigenvalues, rotation, center, x0) of a random rotated n-D quadratic."""
    dim = draw(st.integers(1, max_dim))
    lam = np.array(draw(st.lists(_floats(0.1, 10.0), min_size=dim, max_size=dim)))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    q = core.random_rotation(dim, rng)
    center = rng.uniform(-3, 3, dim) if draw(st.booleans()) else np.zeros(dim)
    x0 = center + rng.uniform(0.5, 3.0, dim) * rng.choice([-1.0, 1.0], dim)
    return lam, q, center, x0


def sim1d(lr, a, w0, steps, w_star=0.0):
    """Plain GD on (a/2)(w − w*)² from w0: one run."""
    return core.run(core.sgd(lr), core.Quadratic1D(a, w_star=w_star), x0=w0, steps=steps)


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
# §2.2 n-D quadratics


@given(problem=quadratic_problems(), f=_floats(0.05, 1.3))
def test_nd_quadratic_iterates_match_closed_form(problem, f):
    lam, q, center, x0 = problem
    lr = f * 2.0 / lam.max()
    steps = 15
    traj = core.run(core.sgd(lr), core.Quadratic(lam, q, center), x0, steps)
    scale = np.abs(center).max() + np.abs(x0 - center).max()
    for k in range(steps + 1):
        expected = theory.quadratic_iterate(k, lr, lam, x0, rotation=q, center=center)
        np.testing.assert_allclose(traj.params[k, 0], expected, rtol=1e-9, atol=1e-11 * scale)
    # independent: the same matrix power with the explicit Hessian
    h = q @ np.diag(lam) @ q.T
    direct = center + np.linalg.matrix_power(np.eye(lam.size) - lr * h, steps) @ (x0 - center)
    np.testing.assert_allclose(traj.params[-1, 0], direct, rtol=1e-8, atol=1e-10 * scale)
    # loss: ½ Σ λ_i (1 − ηλ_i)^{2k} c_i²
    c = q.T @ (x0 - center)
    loss = 0.5 * np.sum(lam * (1 - lr * lam) ** (2 * steps) * c * c)
    assert traj.final_losses[0] == pytest.approx(loss, rel=1e-8, abs=1e-14 * scale**2)


@given(problem=quadratic_problems(), f=_floats(0.3, 0.97))
def test_rates_below_the_threshold_converge(problem, f):
    lam, q, _, x0 = problem
    lr = f * float(theory.max_stable_lr(lam))
    assert lr == pytest.approx(f * 2.0 / lam.max())
    traj = core.run(core.sgd(lr), core.Quadratic(lam, q), x0, 40)
    err = np.linalg.norm(traj.params[:, 0], axis=1)
    assert not traj.diverged[0]
    # every eigen-coordinate shrinks, so the error norm falls at every step (until it is 0)
    assert np.all((np.diff(err) < 0) | (err[1:] == 0))
    rho = np.max(np.abs(1.0 - lr * lam))
    assert err[-1] <= rho**40 * err[0] * (1 + 1e-9)


@given(problem=quadratic_problems(), f=_floats(1.03, 1.5))
@example(problem=(np.array([1.5, 0.5]), np.eye(2), np.zeros(2), np.array([2.5, 2.8])), f=1.5)  # 1 − ηλ = 0
def test_rates_above_the_threshold_diverge_when_predicted(problem, f):
    lam, q, _, x0 = problem
    top = np.argmax(lam)
    c = q.T @ x0  # eigen-coordinates of e0 (center 0)
    assume(abs(c[top]) > 0.1 * np.linalg.norm(c))
    lr = f * 2.0 / lam.max()
    bound = 1e6 * max(np.linalg.norm(x0), 1.0)
    # predicted first k with ‖e_k‖ > bound, from the eigen-decomposition
    k = np.arange(1, 2000)[:, None]
    with np.errstate(divide="ignore"):  # a factor 1 − ηλ = 0 is a component gone after one step
        log_terms = 2 * np.log(np.abs(c)) + 2 * k * np.log(np.abs(1 - lr * lam))
    over = np.logaddexp.reduce(log_terms, axis=1) > 2 * np.log(bound)
    assert over.any()
    predicted = int(k[np.argmax(over), 0])
    traj = core.run(core.sgd(lr), core.Quadratic(lam, q), x0, predicted + 5)
    assert traj.diverged[0]
    assert abs(traj.diverged_at[0] - predicted) <= 1
    at = traj.diverged_at[0]
    # the blow-up value at diverged_at is kept and is the first beyond the bound
    assert np.linalg.norm(traj.params[at, 0]) > bound
    assert np.linalg.norm(traj.params[at - 1, 0]) <= bound
    assert np.all(np.isnan(traj.params[at + 1:, 0]))


@given(a=curvatures, w0=starts, f=_floats(1.03, 1.6))
def test_1d_divergence_step_follows_growth(a, w0, f):
    lr = f * 2.0 / a
    growth = lr * a - 1.0  # |e_k| = |w0|(ηa − 1)^k
    bound = 1e6 * max(abs(w0), 1.0)
    predicted = math.ceil(math.log(bound / abs(w0)) / math.log(growth))
    traj = sim1d(lr, a, w0, predicted + 3)
    assert traj.diverged[0]
    assert abs(traj.diverged_at[0] - predicted) <= 1
    at = traj.diverged_at[0]
    assert abs(traj.params[at, 0, 0]) > bound >= abs(traj.params[at - 1, 0, 0])
    assert traj.params[at, 0, 0] == pytest.approx(w0 * (1 - lr * a) ** at, rel=1e-9)


@given(a=curvatures, w0=starts, f=_floats(0.5, 0.97))
def test_1d_rates_below_threshold_never_diverge(a, w0, f):
    traj = sim1d(f * 2.0 / a, a, w0, 100)
    e = np.abs(traj.params[:, 0, 0])
    assert not traj.diverged[0]
    assert e[-1] < e[0] * (2 * f - 1) ** 100 * (1 + 1e-6) + 1e-300


@given(problem=quadratic_problems())
def test_optimal_lr_and_rate(problem):
    lam, q, _, x0 = problem
    lo, hi = lam.min(), lam.max()
    assume(hi / lo > 1.5)
    kappa = hi / lo
    eta = float(theory.optimal_lr(lam))
    assert eta == pytest.approx(2.0 / (lo + hi), rel=1e-12)
    assert float(theory.condition_number(lam)) == pytest.approx(kappa, rel=1e-12)
    assert float(theory.optimal_rate(lam)) == pytest.approx((kappa - 1) / (kappa + 1), rel=1e-12)
    assert float(theory.convergence_rate(eta, lam)) == pytest.approx((kappa - 1) / (kappa + 1), rel=1e-9)
    assert float(theory.convergence_rate(1.0 / hi, lam)) == pytest.approx(1 - 1 / kappa, rel=1e-9)
    # measured: one step from each eigenvector gives |1 − ηλ_i|; the worst over a grid of η is least at η*
    obj = core.Quadratic(lam, q)
    grid = eta * np.array([0.8, 0.9, 0.95, 1.0, 1.05, 1.1, 1.2])
    worst = []
    for lr in grid:
        traj = core.run(core.sgd(lr), obj, q.T, 1)  # one run per eigenvector (rows of Qᵀ)
        ratios = np.linalg.norm(traj.params[1], axis=1) / np.linalg.norm(traj.params[0], axis=1)
        worst.append(ratios.max())
        assert ratios.max() == pytest.approx(float(theory.convergence_rate(lr, lam)), rel=1e-9)
    assert int(np.argmin(worst)) == 3


@given(problem=quadratic_problems(), f=_floats(0.2, 1.9))
def test_convergence_rate_bounds_and_is_attained(problem, f):
    lam, q, _, x0 = problem
    lr = f / lam.max()
    rho = float(theory.convergence_rate(lr, lam))
    steps = 30
    traj = core.run(core.sgd(lr), core.Quadratic(lam, q), x0, steps)
    err = np.linalg.norm(traj.params[:, 0], axis=1)
    k = np.arange(steps + 1)
    assert np.all(err <= rho**k * err[0] * (1 + 1e-9) + 1e-13)
    # from the worst eigenvector the bound is an equality: ‖e_k‖ = ρ^k ‖e0‖
    worst = q[:, np.argmax(np.abs(1 - lr * lam))]
    traj = core.run(core.sgd(lr), core.Quadratic(lam, q), worst, steps)
    np.testing.assert_allclose(np.linalg.norm(traj.params[:, 0], axis=1), rho**k, rtol=1e-8, atol=1e-13)


def test_optimal_rate_contraction_measured():
    # κ = 100 at η*: the error contracts by (κ − 1)/(κ + 1) = 99/101 per step asymptotically
    lam = np.array([1.0, 3.0, 30.0, 100.0])
    rng = np.random.default_rng(5)
    q = core.random_rotation(4, rng)
    traj = core.run(core.sgd(theory.optimal_lr(lam)), core.Quadratic(lam, q), q @ np.ones(4), 400)
    err = np.linalg.norm(traj.params[:, 0], axis=1)
    measured = (err[400] / err[200]) ** (1 / 200)
    assert measured == pytest.approx(99 / 101, rel=1e-6)


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


# ---------------------------------------------------------------------------------------
# §2.3 linear regression


@given(seed=st.integers(0, 10_000), n=st.integers(5, 60), features=st.integers(1, 4))
def test_regression_hessian_conventions(seed, n, features):
    data = core.make_regression(n, features, seed=seed)
    X = data.X
    xtx = X.T @ X
    np.testing.assert_allclose(theory.regression_hessian(X, "mse"), 2.0 / n * xtx, rtol=1e-12)
    np.testing.assert_allclose(theory.regression_hessian(X), 2.0 / n * xtx, rtol=1e-12)
    np.testing.assert_allclose(theory.regression_hessian(X, "half_mse"), xtx / n, rtol=1e-12)
    np.testing.assert_allclose(theory.regression_hessian(X, "sum"), 2.0 * xtx, rtol=1e-12)
    mse = theory.regression_max_lr(X, "mse")
    assert mse == pytest.approx(1.0 / np.linalg.eigvalsh(xtx / n)[-1], rel=1e-10)
    assert mse == pytest.approx(theory.regression_max_lr(X, "half_mse") / 2, rel=1e-10)
    assert theory.regression_max_lr(X, "sum") == pytest.approx(mse / n, rel=1e-10)
    # the objective's own Hessian agrees with the theory for every convention
    for loss in ("mse", "half_mse", "sum"):
        obj = core.LinearRegression(X, data.y, loss=loss)
        np.testing.assert_allclose(obj.hessian(np.zeros(X.shape[1])), theory.regression_hessian(X, loss),
                                   rtol=1e-12)


def test_regression_hessian_rejects_bad_loss():
    with pytest.raises(ValueError, match="loss must be one of"):
        theory.regression_hessian(np.ones((3, 2)), "mean")


@given(x=st.lists(_floats(-5.0, 5.0), min_size=2, max_size=40))
def test_intercept_lambda_max_matches_eigen_solver(x):
    x = np.array(x)
    X = np.column_stack([x, np.ones_like(x)])
    expected = np.linalg.eigvalsh(2.0 / x.size * X.T @ X)[-1]
    assert theory.intercept_lambda_max(x) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("loss", ["mse", "half_mse", "sum"])
@pytest.mark.parametrize("seed, scales", [(0, 1.0), (1, [1.0, 3.0, 0.3]), (2, [2.0, 0.5])])
def test_regression_max_lr_simulated(loss, seed, scales):
    features = np.size(scales)
    data = core.make_regression(40, features, seed=seed, scales=scales, loc=0.5)
    obj = core.LinearRegression(data.X, data.y, loss=loss)
    eta = theory.regression_max_lr(data.X, loss)
    w_star = obj.minimizer
    x0 = np.zeros(data.X.shape[1])
    traj = core.run(core.sgd(np.array([0.97, 1.03]) * eta), obj, x0, 1500)
    err = np.linalg.norm(traj.params[:, 0] - w_star, axis=1)
    assert not traj.diverged[0]
    assert np.all(np.diff(err) <= 1e-12 * err[0])  # every eigen-coordinate shrinks
    assert np.all(np.diff(traj.losses[:, 0]) <= 1e-12 * traj.losses[0, 0])
    assert traj.diverged[1]


def test_scaling_example_from_domain():
    # standardising the features raises the threshold (DOMAIN §2.3)
    raw = core.make_regression(200, 3, seed=4, scales=[1.0, 3.0, 0.3], intercept=False)
    std = (raw.X - raw.X.mean(0)) / raw.X.std(0)
    assert theory.regression_max_lr(std) > 3 * theory.regression_max_lr(raw.X)


# ---------------------------------------------------------------------------------------
# §2.4 descent lemma


def test_guaranteed_decrease_values():
    L = 4.0
    # η(1 − Lη/2): zero at 0 and 2/L, maximal 1/(2L) at η = 1/L
    assert float(theory.guaranteed_decrease(0.25, L)) == pytest.approx(0.125)
    assert float(theory.guaranteed_decrease(0.5, L)) == pytest.approx(0.0, abs=1e-15)
    assert float(theory.guaranteed_decrease(0.6, L)) < 0
    grid = np.linspace(0.01, 0.49, 97)
    values = theory.guaranteed_decrease(grid, L)
    assert grid[np.argmax(values)] == pytest.approx(1 / L)
    assert values.max() == pytest.approx(1 / (2 * L))


@given(seed=st.integers(0, 1000), c=_floats(0.05, 1.99), scale=_floats(0.1, 5.0))
def test_descent_lemma_on_logistic_regression(seed, c, scale):
    data = core.make_classification(60, 3, seed=seed, separation=2.0)
    obj = core.LogisticRegression(data.X, data.y)
    L = obj.smoothness
    n = data.X.shape[0]
    assert L == pytest.approx(np.linalg.eigvalsh(data.X.T @ data.X)[-1] / (4 * n), rel=1e-12)
    w = np.random.default_rng(seed).standard_normal(data.X.shape[1]) * scale
    assert np.linalg.eigvalsh(obj.hessian(w))[-1] <= L * (1 + 1e-12)
    lr = c / L
    g = obj.grad(w)
    traj = core.run(core.sgd(lr), obj, w, 1)
    drop = traj.losses[0, 0] - traj.losses[1, 0]
    bound = float(theory.guaranteed_decrease(lr, L)) * float(g @ g)
    assert bound > 0
    assert drop >= bound - 1e-12 * max(1.0, traj.losses[0, 0])


def test_no_warning_from_theory_functions():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        theory.convergence_rate(np.array([0.1, 1.0, 10.0]), [1.0, 100.0])
        theory.heavy_ball_rate(np.linspace(0, 5, 11), 0.9, 1.0)
        theory.nesterov_rate(np.linspace(0, 5, 11), 0.9, 1.0)
