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


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the expected files under tests/golden/ instead of comparing with them")


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def bank():
    """The built-in question bank, loaded once."""
    from quizgen.bank import load_bank

    return load_bank()


@pytest.fixture(scope="session")
def torch():
    """PyTorch, the reference implementation; skipped locally when missing, required in CI."""
    if os.environ.get("QUIZGEN_REQUIRE_TORCH"):
        import torch as t  # a missing reference must fail CI, not skip silently
    else:
        t = pytest.importorskip("torch")
    t.set_default_dtype(t.float64)
    return t


@pytest.fixture(scope="session")
def chromium_path():
    """Debian's Chromium for browser tests; skipped locally when missing, required in CI."""
    import shutil

    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("QUIZGEN_REQUIRE_BROWSER"):
            pytest.fail("chromium is required (QUIZGEN_REQUIRE_BROWSER is set) but not installed")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return path
