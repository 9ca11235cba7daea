"""Shared test settings: hypothesis profiles and the PyTorch reference switch."""

import os

import pytest
from hypothesis import HealthCheck, settings

# "dev" is quick for local runs; "ci" is thorough and derandomized so CI is reproducible.
settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci", max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(scope="session")
def torch():
    """PyTorch, the reference implementation; skipped locally when missing, required in CI."""
    if os.environ.get("QUIZGEN_REQUIRE_TORCH"):
        import torch as t  # a missing reference must fail CI, not skip silently
    else:
        t = pytest.importorskip("torch")
    t.set_default_dtype(t.float64)
    return t
