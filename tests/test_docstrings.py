"""Every public surface of the core documents itself (the update equations live there)."""

import inspect

import pytest

from quizgen import core
from quizgen.core import theory


def _public(module):
    for name in module.__all__:
        obj = getattr(module, name)
        if inspect.ismodule(obj) or not callable(obj) or name == "Hyperparameter":  # a type alias
            continue
        yield f"{module.__name__}.{name}", obj
        if inspect.isclass(obj):
            for attr in dir(obj):
                if not attr.startswith("_") and callable(getattr(obj, attr)):
                    yield f"{module.__name__}.{name}.{attr}", getattr(obj, attr)


@pytest.mark.parametrize("module", [core, theory], ids=["core", "theory"])
def test_every_public_core_callable_has_a_docstring(module):
    missing = [name for name, obj in _public(module) if not (inspect.getdoc(obj) or "").strip()]
    assert not missing, f"undocumented: {missing}"


def test_optimizer_and_schedule_docstrings_state_their_update_equations():
    for name in ("sgd", "heavy_ball", "nesterov", "adagrad", "rmsprop", "adam", "adamw"):
        doc = inspect.getdoc(getattr(core, name))
        assert "θ_t" in doc or "θ" in doc, f"{name} does not state its update"
    for name in ("step_decay", "exponential_decay", "cosine_annealing", "one_cycle", "linear_warmup"):
        doc = inspect.getdoc(getattr(core, name))
        assert "η" in doc, f"{name} does not state its formula"
