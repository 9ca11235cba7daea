"""Small helpers shared by several test modules: hypothesis strategies, run wrappers and comparisons.

Not a conftest (fixtures live in tests/conftest.py): import what a module needs with
``from _support import ...``; pytest puts tests/ on sys.path because it has no __init__.py.
Helpers here hold no bare ``assert`` (pytest rewrites asserts only in test modules), so a
failure message is the same as when they lived in the test module.
"""

import inspect
import warnings

import numpy as np
import pytest
from hypothesis import strategies as st

from quizgen import core

# ---------------------------------------------------------------------------------------
# hypothesis strategies


def finite_floats(lo, hi):
    return st.floats(min_value=lo, max_value=hi, allow_nan=False, allow_infinity=False)


seeds = st.integers(0, 2**32 - 1)

# curvatures and starts of the one-dimensional quadratics in test_theory_*.py
curvatures = finite_floats(0.1, 10.0)
starts = finite_floats(-10.0, 10.0).filter(lambda v: abs(v) > 0.1)


@st.composite
def rotated_quadratics(draw, batch=None):
    rng = np.random.default_rng(draw(seeds))
    dim = draw(st.integers(1, 5))
    shape = (dim,) if batch is None else (batch, dim)
    lam = rng.uniform(-2.0, 10.0, shape)  # indefinite Hessians are allowed (non-convex edge case)
    if batch is None:
        q = core.random_rotation(dim, rng)
    else:
        q = np.stack([core.random_rotation(dim, rng) for _ in range(batch)])
    center = rng.uniform(-3, 3, shape) if draw(st.booleans()) else None
    return lam, q, center, rng


# ---------------------------------------------------------------------------------------
# objectives and runs


def rotated_quadratic(dim=5, seed=0, lo=0.5, hi=4.0, center=None):
    lam = np.linspace(lo, hi, dim)
    return core.Quadratic(lam, rotation=core.random_rotation(dim, np.random.default_rng(seed)), center=center)


def sim1d(lr, a, w0, steps, w_star=0.0):
    """Plain GD on (a/2)(w − w*)² from w0: one run."""
    return core.run(core.sgd(lr), core.Quadratic1D(a, w_star=w_star), x0=w0, steps=steps)


def run_quietly(*args, **kwargs):
    """core.run with every warning turned into an error: divergence must stay silent."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return core.run(*args, **kwargs)


# ---------------------------------------------------------------------------------------
# comparisons


def approx(x):
    """pytest.approx at the tolerance of the hand-computed schedule values."""
    return pytest.approx(x, rel=1e-12, abs=1e-15)


def assert_same(a, b):
    np.testing.assert_array_equal(a, b, strict=True)


# PyTorch reference (test_torch_reference_*.py)
RTOL = 1e-12
ATOL = 1e-14  # rates that are exactly 0 in one library are ~1e-17 in the other's chained form


def assert_close(ours, ref, rtol=RTOL, atol=ATOL):
    np.testing.assert_allclose(np.asarray(ours, dtype=float), np.asarray(ref, dtype=float), rtol=rtol, atol=atol)


def signature_defaults(fn):
    return {k: v.default for k, v in inspect.signature(fn).parameters.items() if v.default is not inspect.Parameter.empty}


# ---------------------------------------------------------------------------------------
# the bank's numeric answers


def toleranced_answers(bank, seeds):
    """``(family id, seed, NumericAnswer)`` of every numeric family over ``seeds``, counts left out
    (a count is accepted only exactly, so ranges and nearness do not apply to it)."""
    from quizgen.question import Kind

    for family in bank:
        if family.kind is not Kind.NUMERIC:
            continue
        for seed in seeds:
            a = family.draw(seed).question.answer
            if a.abs_tol == 0 and not a.rel_tol:
                continue
            yield family.id, seed, a
