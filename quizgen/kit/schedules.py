"""Shared pieces of the learning-rate schedule families (``question_bank/schedules/``)."""

import math

from quizgen import core
from quizgen.family import calc, simulate

#: the PyTorch training-loop convention every per-epoch schedule question states
LOOP = (r"Epochs are numbered from 0, and the training loop calls `scheduler.step()` once at the end of every epoch, "
        r"after that epoch's `optimizer.step()` calls (PyTorch semantics).")


def lr_used(schedule, epoch: int) -> float:
    """The rate the optimizer used in step ``epoch`` of a short simulated run (one step per epoch);
    the run is recorded as the question's params."""
    return float(simulated_lrs(schedule, epoch + 1)[epoch])


def simulated_lrs(schedule, epochs: int):
    """The rates the optimizer used in steps 0 … epochs−1 of a simulated run (one step per epoch)."""
    traj = simulate(core.sgd(schedule), core.Quadratic1D(1.0), x0=1.0, steps=epochs)
    return traj.lrs[:, 0]


def plateau_lrs(lr0: float, factor: float, patience: int, threshold: float, metrics):
    """The rates ``ReduceLROnPlateau`` (mode 'min', relative threshold, no cooldown) uses in epochs
    0 … len(metrics), stepped with each epoch's metric (``core.ReduceOnPlateau``)."""
    return core.ReduceOnPlateau(lr0, factor=factor, patience=patience, threshold=threshold).lrs_for(metrics)


def cosine_rate(start: float, end: float, k: float, n: float) -> float:
    """Cosine annealing by hand: end + (start − end)(1 + cos(π k/n))/2 (the closed form the runs are checked by)."""
    return end + (start - end) * (1 + math.cos(math.pi * k / n)) / 2


def cosine_work(start, end, k, n):
    """The worked step of cosine annealing from ``start`` to ``end`` at step k of n, as printed:
    ``end + (start - end)·(1 + cos(π·k/n))/2``, or ``start·(1 + cos(π·k/n))/2`` when ``end`` is 0."""
    if end == 0:
        return calc("start*((1 + cos(pi*k/n))/2)", start=start, k=k, n=n)
    return calc("end + (start - end)*((1 + cos(pi*k/n))/2)", start=start, end=end, k=k, n=n)


def warmup_rate(eta0: float, s: float, e: int, total: int) -> float:
    """Linear warm-up by hand (``LinearLR`` to factor 1): η₀(s + (1 − s)·min(e, T)/T)."""
    return eta0 * (s + (1 - s) * min(e, total) / total)


def slips(d: dict, candidates, limit: int = 4) -> list:
    """The common wrong answers for ``d["simulated"]`` (see :func:`quizgen.choices.wrong_answers`):
    each ``(value, tag, feedback template)`` filled from ``d`` plus ``v``, the wrong value as printed."""
    from quizgen.choices import wrong_answers
    from quizgen.question import Rounding

    return wrong_answers(d["simulated"], candidates, d.get("rounding", Rounding(sig=4)), limit=limit, values=d)
