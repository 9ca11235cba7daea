"""quizgen's schedules against the real ``torch.optim.lr_scheduler`` classes, and their defaults.

Every schedule is compared with the real ``torch.optim.lr_scheduler`` class stepped in
the standard loop (read the rate, ``optimizer.step()``, ``scheduler.step()``). Defaults are
compared through the signatures, so a change of default in either library fails here.

torch is only reached through the ``torch`` fixture (tests/conftest.py): it skips when
PyTorch is missing locally and is required in CI.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from _support import assert_close
from _support import signature_defaults as _defaults
from quizgen import core as S  # every schedule, cyclic and plateau ones included

pytestmark = pytest.mark.torch


# ---------------------------------------------------------------------------------------
# helpers


def _param(torch, shape=(1,)):
    return torch.zeros(shape, dtype=torch.float64, requires_grad=True)


def torch_schedule(torch, make_scheduler, steps, *, lr=0.1, optimizer="sgd", **opt_kw):
    """Rates (and momenta / beta1) used in steps 0 … steps-1 by a real torch scheduler."""
    p = _param(torch)
    if optimizer == "sgd":
        opt = torch.optim.SGD([p], lr=lr, **opt_kw)
    else:
        opt = torch.optim.Adam([p], lr=lr, **opt_kw)
    sched = make_scheduler(opt)
    lrs, moms = [], []
    for e in range(steps):
        group = opt.param_groups[0]
        lrs.append(group["lr"])
        moms.append(group["betas"][0] if "betas" in group else group["momentum"])
        opt.step()  # no gradient: nothing moves, but torch sees the right call order
        if e < steps - 1:
            sched.step()
    return np.array(lrs, dtype=float), np.array(moms, dtype=float)


# ---------------------------------------------------------------------------------------
# schedules


def test_step_lr(torch):
    L = torch.optim.lr_scheduler
    ref, _ = torch_schedule(torch, lambda o: L.StepLR(o, step_size=7, gamma=0.5), 120)
    assert_close(S.step_decay(0.1, 7, 0.5).values(120), ref)
    ref, _ = torch_schedule(torch, lambda o: L.StepLR(o, step_size=3), 60, lr=0.3)
    assert_close(S.step_decay(0.3, 3).values(60), ref)


def test_multistep_lr_including_count_equal_to_milestone(torch):
    L = torch.optim.lr_scheduler
    milestones = [15, 30, 45, 45, 80]  # a repeated milestone applies gamma twice in both
    ref, _ = torch_schedule(torch, lambda o: L.MultiStepLR(o, milestones, gamma=0.3), 100)
    ours = S.multistep_decay(0.1, tuple(milestones), 0.3).values(100)
    assert_close(ours, ref)
    # at the milestone itself the reduced rate is already used (bisect_right)
    assert ref[15] == pytest.approx(0.1 * 0.3) and ours[15] == pytest.approx(0.1 * 0.3)
    assert ours[14] == pytest.approx(0.1)


def test_exponential_lr(torch):
    ref, _ = torch_schedule(torch, lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.97), 300)
    assert_close(S.exponential_decay(0.1, 0.97).values(300), ref)


@pytest.mark.parametrize("rate", [0.5, 0.01])
def test_inverse_time_is_lambda_lr(torch, rate):
    L = torch.optim.lr_scheduler
    ref, _ = torch_schedule(torch, lambda o: L.LambdaLR(o, lambda e: 1.0 / (1.0 + rate * e)), 200)
    assert_close(S.inverse_time_decay(0.1, rate).values(200), ref)


@pytest.mark.parametrize("total_iters, power", [(5, 1.0), (40, 2.0), (25, 0.5)])
def test_polynomial_lr(torch, total_iters, power):
    L = torch.optim.lr_scheduler
    ref, _ = torch_schedule(torch, lambda o: L.PolynomialLR(o, total_iters=total_iters, power=power), 80)
    assert_close(S.polynomial_decay(0.1, total_iters, power).values(80), ref)


@pytest.mark.parametrize("t_max, eta_min", [(10, 0.0), (25, 0.001), (7, 0.02)])
def test_cosine_annealing_lr_past_t_max(torch, t_max, eta_min):
    L = torch.optim.lr_scheduler
    steps = 5 * t_max + 3  # well past T_max: torch's rate rises again (period 2·T_max)
    ref, _ = torch_schedule(torch, lambda o: L.CosineAnnealingLR(o, T_max=t_max, eta_min=eta_min), steps)
    ours = S.cosine_annealing(0.1, t_max, eta_min).values(steps)
    assert_close(ours, ref, rtol=1e-11)
    assert ref[2 * t_max] == pytest.approx(0.1) and ours[2 * t_max] == pytest.approx(0.1)


@pytest.mark.parametrize("t_0, t_mult, eta_min", [(10, 1, 0.0), (10, 2, 0.0), (3, 2, 0.001), (2, 3, 0.0), (5, 1, 0.01)])
def test_cosine_warm_restarts(torch, t_0, t_mult, eta_min):
    L = torch.optim.lr_scheduler
    steps = 300
    ref, _ = torch_schedule(
        torch, lambda o: L.CosineAnnealingWarmRestarts(o, T_0=t_0, T_mult=t_mult, eta_min=eta_min), steps
    )
    assert_close(S.cosine_warm_restarts(0.1, t_0, t_mult, eta_min).values(steps), ref)


@pytest.mark.parametrize("start, end, total", [(1 / 3, 1.0, 5), (0.1, 1.0, 5), (0.01, 0.5, 12), (1.0, 0.2, 9)])
def test_linear_lr(torch, start, end, total):
    L = torch.optim.lr_scheduler
    ref, _ = torch_schedule(
        torch, lambda o: L.LinearLR(o, start_factor=start, end_factor=end, total_iters=total), 40
    )
    assert_close(S.linear_warmup(0.1, start, end, total).values(40), ref)


@pytest.mark.parametrize("warmup, t_max, start, eta_min", [(5, 20, 0.01, 0.0), (10, 50, 0.1, 0.001)])
def test_warmup_cosine_is_sequential_lr(torch, warmup, t_max, start, eta_min):
    L = torch.optim.lr_scheduler

    def make(o):
        return L.SequentialLR(
            o,
            [L.LinearLR(o, start_factor=start, end_factor=1.0, total_iters=warmup),
             L.CosineAnnealingLR(o, T_max=t_max, eta_min=eta_min)],
            milestones=[warmup],
        )

    with warnings.catch_warnings():
        # SequentialLR calls scheduler.step(0) at the milestone, which torch itself flags
        warnings.simplefilter("ignore", UserWarning)
        ref, _ = torch_schedule(torch, make, warmup + 2 * t_max + 5)
    ours = S.warmup_cosine(0.1, warmup, t_max, start, eta_min).values(len(ref))
    assert_close(ours, ref, rtol=1e-11)


ONE_CYCLE_CASES = [
    dict(max_lr=1.0, total_steps=100),
    dict(max_lr=0.5, total_steps=137, pct_start=0.25, div_factor=10.0, final_div_factor=100.0),
    dict(max_lr=1.0, total_steps=100, anneal_strategy="linear"),
    dict(max_lr=0.3, total_steps=120, three_phase=True),
    dict(max_lr=0.3, total_steps=90, three_phase=True, anneal_strategy="linear", pct_start=0.4),
    dict(max_lr=0.2, total_steps=80, base_momentum=0.7, max_momentum=0.99),
]


@pytest.mark.parametrize("kw", ONE_CYCLE_CASES)
@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_one_cycle_lr_and_momentum(torch, kw, optimizer):
    L = torch.optim.lr_scheduler
    # SGD: OneCycleLR overwrites its momentum (0.9 here, 0 in the test below); Adam: betas[0]
    steps = kw["total_steps"] + 1  # torch allows stepping exactly total_steps times
    opt_kw = {"momentum": 0.9} if optimizer == "sgd" else {}
    ref_lr, ref_mom = torch_schedule(torch, lambda o: L.OneCycleLR(o, **kw), steps, optimizer=optimizer, **opt_kw)
    sched = S.one_cycle(**kw)
    assert_close(sched.values(steps), ref_lr)
    assert_close(sched.momentum.values(steps), ref_mom)


def test_one_cycle_overwrites_zero_momentum_and_raises_past_total_steps(torch):
    L = torch.optim.lr_scheduler
    opt = torch.optim.SGD([_param(torch)], lr=0.1, momentum=0.0)
    sched = L.OneCycleLR(opt, max_lr=1.0, total_steps=10)
    assert opt.param_groups[0]["momentum"] == 0.95 == S.one_cycle(1.0, 10).momentum(0)
    for _ in range(10):
        opt.step()
        sched.step()
    opt.step()
    with pytest.raises(ValueError):
        sched.step()  # the 11th step
    with pytest.raises(ValueError, match="total_steps"):
        S.one_cycle(1.0, 10)(11)


CYCLIC_CASES = [
    dict(base_lr=0.01, max_lr=0.1, step_size_up=10),
    dict(base_lr=0.01, max_lr=0.1, step_size_up=7, step_size_down=13),
    dict(base_lr=0.01, max_lr=0.1, step_size_up=5, mode="triangular2"),
    dict(base_lr=0.001, max_lr=0.1, step_size_up=6, step_size_down=4, mode="exp_range", gamma=0.99),
    dict(base_lr=0.01, max_lr=0.1, step_size_up=4, base_momentum=0.5, max_momentum=0.95),
]


@pytest.mark.parametrize("kw", CYCLIC_CASES)
@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_cyclic_lr_and_momentum(torch, kw, optimizer):
    L = torch.optim.lr_scheduler
    opt_kw = {"momentum": 0.9} if optimizer == "sgd" else {}
    ref_lr, ref_mom = torch_schedule(torch, lambda o: L.CyclicLR(o, **kw), 150, optimizer=optimizer, **opt_kw)
    sched = S.cyclic(**kw)
    assert_close(sched.values(150), ref_lr)
    assert_close(sched.momentum.values(150), ref_mom)


def _plateau_metrics(seed, n=200, mode="min"):
    """A metric sequence with plateaus, sub-threshold improvements, setbacks and real gains."""
    rng = np.random.default_rng(seed)
    out, m = [], 1.0
    for _ in range(n):
        kind = rng.integers(5)
        if kind == 0:
            m *= 1 - rng.uniform(0.001, 0.2)  # real improvement
        elif kind == 1:
            m *= 1 - rng.uniform(0, 2e-4)  # around the relative threshold 1e-4
        elif kind == 2:
            m *= 1 + rng.uniform(0, 0.1)  # setback
        # else: exact plateau
        out.append(m if mode == "min" else -m + 3.0)
    return np.array(out)


PLATEAU_CASES = [
    dict(),
    dict(patience=2),
    dict(patience=0, factor=0.5),
    dict(patience=3, cooldown=2, factor=0.5),
    dict(patience=1, min_lr=1e-3, factor=0.3),
    dict(patience=2, threshold=0.01, threshold_mode="abs"),
    dict(patience=2, mode="max"),
    dict(patience=1, mode="max", threshold_mode="abs", threshold=0.005, cooldown=1),
    dict(patience=0, threshold=0.0),
]


@pytest.mark.parametrize("kw", PLATEAU_CASES)
@pytest.mark.parametrize("seed", [0, 1])
def test_reduce_lr_on_plateau(torch, kw, seed):
    metrics = _plateau_metrics(seed, mode=kw.get("mode", "min"))
    opt = torch.optim.SGD([_param(torch)], lr=0.1)
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **kw)
    ref = [opt.param_groups[0]["lr"]]
    for m in metrics:
        opt.step()
        sched.step(m)
        ref.append(opt.param_groups[0]["lr"])
    ours = S.ReduceOnPlateau(0.1, **kw).lrs_for(metrics)
    assert_close(ours, ref)
    assert len(set(ref)) > 2, "the metric sequence should trigger several cuts"


def test_reduce_lr_on_plateau_batched_runs_match_torch_one_at_a_time(torch):
    metrics = np.stack([_plateau_metrics(s, n=80) for s in range(3)], axis=1)  # (80, 3)
    ours = S.ReduceOnPlateau(np.array([0.1, 0.2, 0.05]), patience=1).lrs_for(metrics)
    for j, lr in enumerate([0.1, 0.2, 0.05]):
        opt = torch.optim.SGD([_param(torch)], lr=lr)
        sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, patience=1)
        ref = [lr]
        for m in metrics[:, j]:
            opt.step()
            sched.step(m)
            ref.append(opt.param_groups[0]["lr"])
        assert_close(ours[:, j], ref)


# ---------------------------------------------------------------------------------------
# defaults


SCHED_PAIRS = [
    (S.step_decay, "StepLR", {}),
    (S.multistep_decay, "MultiStepLR", {}),
    (S.polynomial_decay, "PolynomialLR", {}),
    (S.cosine_annealing, "CosineAnnealingLR", {"t_max": "T_max"}),
    (S.cosine_warm_restarts, "CosineAnnealingWarmRestarts", {"t_0": "T_0", "t_mult": "T_mult"}),
    (S.linear_warmup, "LinearLR", {}),
    (S.one_cycle, "OneCycleLR", {}),
    (S.cyclic, "CyclicLR", {}),
    (S.ReduceOnPlateau, "ReduceLROnPlateau", {}),
]


@pytest.mark.parametrize("ours, theirs, rename", SCHED_PAIRS)
def test_schedule_defaults_equal_torch(torch, ours, theirs, rename):
    mine = _defaults(ours)
    ref = _defaults(getattr(torch.optim.lr_scheduler, theirs))
    shared = [n for n in mine if rename.get(n, n) in ref]
    assert shared, f"{ours.__name__} shares no defaulted argument with {theirs}"
    for name in shared:
        assert mine[name] == ref[rename.get(name, name)], f"{ours.__name__}.{name} differs from {theirs}"
