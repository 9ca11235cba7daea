"""quizgen's optimizers against ``torch.optim`` in float64: defaults, update arithmetic and core.run loops.

Every optimizer is compared with ``torch.optim`` over 100+ steps in float64, on a random
gradient sequence and through core.run on a rotated quadratic (with one-cycle and plateau
schedules driving it). Defaults are compared through the signatures, so a change of default
in either library fails here.

torch is only reached through the ``torch`` fixture (tests/conftest.py): it skips when
PyTorch is missing locally and is required in CI.
"""

from __future__ import annotations

import numpy as np
import pytest

from _support import assert_close
from _support import signature_defaults as _defaults
from quizgen import core
from quizgen import core as S  # every schedule, cyclic and plateau ones included

pytestmark = pytest.mark.torch


# ---------------------------------------------------------------------------------------
# defaults


OPT_PAIRS = [("sgd", "SGD"), ("adagrad", "Adagrad"), ("rmsprop", "RMSprop"), ("adam", "Adam"), ("adamw", "AdamW")]


@pytest.mark.parametrize("ours, theirs", OPT_PAIRS)
def test_optimizer_defaults_equal_torch(torch, ours, theirs):
    mine = _defaults(getattr(core, ours))
    ref = _defaults(getattr(torch.optim, theirs))
    ref["learning_rate"] = ref.pop("lr")
    if "betas" in ref:
        ref["b1"], ref["b2"] = ref.pop("betas")
    assert mine, f"{ours} has no defaults"
    for name, value in mine.items():
        assert name in ref, f"{ours}({name}=...) has no torch counterpart"
        assert value == ref[name], f"{ours}: default {name}={value!r}, torch {theirs} has {ref[name]!r}"


# ---------------------------------------------------------------------------------------
# optimizers on a random gradient sequence (pure update arithmetic)


def _torch_kwargs(kw):
    kw = dict(kw)
    if "learning_rate" in kw:
        kw["lr"] = kw.pop("learning_rate")
    if "b1" in kw or "b2" in kw:
        kw["betas"] = (kw.pop("b1", 0.9), kw.pop("b2", 0.999))
    return kw


OPT_CASES = [
    ("sgd", "SGD", dict(learning_rate=0.05)),
    ("sgd", "SGD", dict()),
    ("sgd", "SGD", dict(learning_rate=0.05, momentum=0.9)),
    ("sgd", "SGD", dict(learning_rate=0.05, momentum=0.9, dampening=0.3)),
    ("sgd", "SGD", dict(learning_rate=0.05, momentum=0.9, nesterov=True)),
    ("sgd", "SGD", dict(learning_rate=0.05, weight_decay=0.1)),
    ("sgd", "SGD", dict(learning_rate=0.02, momentum=0.5, weight_decay=0.05, nesterov=True)),
    ("sgd", "SGD", dict(learning_rate=0.02, momentum=0.7, dampening=1.0, weight_decay=0.2)),
    ("adagrad", "Adagrad", dict()),
    ("adagrad", "Adagrad", dict(learning_rate=0.1, lr_decay=0.01)),
    ("adagrad", "Adagrad", dict(learning_rate=0.1, initial_accumulator_value=0.5)),
    ("adagrad", "Adagrad", dict(learning_rate=0.1, weight_decay=0.1, lr_decay=0.05, initial_accumulator_value=0.1)),
    ("rmsprop", "RMSprop", dict()),
    ("rmsprop", "RMSprop", dict(learning_rate=0.003, alpha=0.9)),
    ("rmsprop", "RMSprop", dict(learning_rate=0.003, centered=True)),
    ("rmsprop", "RMSprop", dict(learning_rate=0.003, momentum=0.9)),
    ("rmsprop", "RMSprop", dict(learning_rate=0.003, weight_decay=0.1)),
    ("rmsprop", "RMSprop", dict(learning_rate=0.003, alpha=0.95, centered=True, momentum=0.5, weight_decay=0.05)),
    ("adam", "Adam", dict()),
    ("adam", "Adam", dict(learning_rate=0.01, amsgrad=True)),
    ("adam", "Adam", dict(learning_rate=0.01, weight_decay=0.1)),
    ("adam", "Adam", dict(learning_rate=0.01, b1=0.8, b2=0.99, eps=1e-6)),
    ("adam", "Adam", dict(learning_rate=0.01, b1=0.0, b2=0.9)),
    ("adam", "Adam", dict(learning_rate=0.01, amsgrad=True, weight_decay=0.05, b1=0.5)),
    ("adamw", "AdamW", dict()),
    ("adamw", "AdamW", dict(learning_rate=0.01, weight_decay=0.1)),
    ("adamw", "AdamW", dict(learning_rate=0.01, weight_decay=0.1, amsgrad=True, b1=0.8)),
]


def _ids(case):
    return f"{case[0]}-" + "-".join(f"{k}={v}" for k, v in case[2].items())


@pytest.mark.parametrize("ours, theirs, kw", OPT_CASES, ids=[_ids(c) for c in OPT_CASES])
def test_optimizer_matches_torch_on_random_gradients(torch, ours, theirs, kw):
    rng = np.random.default_rng(7)
    steps, shape = 150, (3, 4)
    # gradients of mixed scales, including sign flips and a few near-zero entries
    grads = rng.standard_normal((steps,) + shape) * rng.choice([1e-3, 1.0, 30.0], size=(steps,) + shape)
    x0 = rng.standard_normal(shape)

    p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    opt = getattr(torch.optim, theirs)([p], foreach=False, **_torch_kwargs(kw))
    ref = []
    for g in grads:
        p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        ref.append(p.detach().numpy().copy())

    o = getattr(core, ours)(**kw)
    x, state, mine = x0, o.init(x0), []
    for g in grads:
        x, state = o.update(g, state, x)
        mine.append(x)
    assert_close(np.array(mine), np.array(ref))


# ---------------------------------------------------------------------------------------
# optimizers through core.run on a rotated quadratic (trajectories, gradients from θ)


def _torch_run(torch, hess, x0, steps, make_opt, make_sched=None, plateau=False):
    """θ_0 … θ_T of a torch loop on f(x) = ½ xᵀHx (each row of x0 is one run)."""
    H = torch.tensor(hess)
    p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    opt = make_opt([p])
    sched = make_sched(opt) if make_sched else None
    out, lrs = [p.detach().numpy().copy()], []
    for _ in range(steps):
        opt.zero_grad()
        loss = 0.5 * torch.einsum("bi,ij,bj->", p, H, p)  # sum over runs: per-run gradients
        loss.backward()
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        with torch.no_grad():
            new_loss = 0.5 * torch.einsum("bi,ij,bj->b", p, H, p)
        if plateau:
            sched.step(float(new_loss[0]))
        elif sched is not None:
            sched.step()
        out.append(p.detach().numpy().copy())
    return np.array(out), np.array(lrs)


def _quadratic(dim=4, seed=3, eigenvalues=None):
    rng = np.random.default_rng(seed)
    lam = np.linspace(0.5, 4.0, dim) if eigenvalues is None else np.asarray(eigenvalues, dtype=float)
    return core.Quadratic(lam, rotation=core.random_rotation(len(lam), rng))


RUN_CASES = [
    ("sgd", "SGD", dict(learning_rate=0.2)),
    ("sgd", "SGD", dict(learning_rate=0.1, momentum=0.9, nesterov=True)),
    ("sgd", "SGD", dict(learning_rate=0.1, momentum=0.8, dampening=0.2, weight_decay=0.01)),
    ("adagrad", "Adagrad", dict(learning_rate=0.3, lr_decay=0.001)),
    ("rmsprop", "RMSprop", dict(learning_rate=0.01, centered=True, momentum=0.3)),
    ("adam", "Adam", dict(learning_rate=0.05, amsgrad=True)),
    ("adamw", "AdamW", dict(learning_rate=0.05, weight_decay=0.1)),
]


@pytest.mark.parametrize("ours, theirs, kw", RUN_CASES, ids=[_ids(c) for c in RUN_CASES])
def test_run_matches_torch_loop_on_rotated_quadratic(torch, ours, theirs, kw):
    obj = _quadratic()
    x0 = np.random.default_rng(11).standard_normal((2, obj.dim))
    ref, _ = _torch_run(torch, obj.hessian_matrix, x0, 120,
                        lambda ps: getattr(torch.optim, theirs)(ps, foreach=False, **_torch_kwargs(kw)))
    traj = core.run(getattr(core, ours)(**kw), obj, x0, 120)
    assert_close(traj.params, ref, atol=1e-12)


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_one_cycle_drives_momentum_like_torch(torch, optimizer):
    """OneCycleLR on SGD(momentum=0) cycles the momentum 0.95 → 0.85 → 0.95 (Adam: β₁)."""
    L = torch.optim.lr_scheduler
    obj = _quadratic(eigenvalues=[0.2, 1.0, 3.0])
    x0 = np.random.default_rng(5).standard_normal((2, 3))
    steps = 100
    sched = S.one_cycle(0.3, steps)
    if optimizer == "sgd":
        ours = core.sgd(sched, momentum=sched.momentum)
        make_opt = lambda ps: torch.optim.SGD(ps, lr=0.3, momentum=0.0)  # noqa: E731
    else:
        ours = core.adam(sched, b1=sched.momentum)
        make_opt = lambda ps: torch.optim.Adam(ps, lr=0.3, foreach=False)  # noqa: E731
    ref, ref_lrs = _torch_run(torch, obj.hessian_matrix, x0, steps, make_opt,
                              lambda o: L.OneCycleLR(o, max_lr=0.3, total_steps=steps))
    traj = core.run(ours, obj, x0, steps)
    assert_close(traj.lrs[:, 0], ref_lrs)
    assert_close(traj.params, ref, atol=1e-12)
    # the cycled momentum matters: without it the trajectory is different
    plain = core.run(core.sgd(sched) if optimizer == "sgd" else core.adam(sched, b1=0.9), obj, x0, steps)
    assert not np.allclose(plain.params, ref, atol=1e-6)


def test_plateau_driven_lr_through_run_matches_torch(torch):
    """ReduceOnPlateau fed f(θ_{k+1}) by core.run equals ReduceLROnPlateau fed the new loss."""
    # one direction oscillates forever at ηλ = 2 (constant loss → plateau), one converges
    obj = core.Quadratic(np.array([0.5, 4.0]), rotation=core.random_rotation(2, np.random.default_rng(2)))
    x0 = np.array([[1.0, -2.0]])
    kw = dict(patience=3, factor=0.5, cooldown=1)
    ref, ref_lrs = _torch_run(torch, obj.hessian_matrix, x0, 150,
                              lambda ps: torch.optim.SGD(ps, lr=0.5, momentum=0.5),
                              lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(o, **kw), plateau=True)
    traj = core.run(core.sgd(S.ReduceOnPlateau(0.5, **kw), momentum=0.5), obj, x0, 150)
    assert_close(traj.lrs[:, 0], ref_lrs)
    assert_close(traj.params, ref, atol=1e-12)
    assert len(np.unique(ref_lrs)) >= 3, "the plateau should cut the rate several times"
