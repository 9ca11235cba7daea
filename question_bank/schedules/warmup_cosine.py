"""Warm-up followed by cosine annealing, PyTorch's ``SequentialLR`` (DOMAIN §2.8, archetype I2).

``SequentialLR(optimizer, [LinearLR(optimizer, start_factor=s, total_iters=W),
CosineAnnealingLR(optimizer, T_max=T, eta_min=η_min)], milestones=[W])`` with PyTorch semantics
(0-based epochs, ``scheduler.step()`` after every epoch) uses

* η_e = η₀·(s + (1 − s)·e/W) for e < W (linear warm-up, s·η₀ already at e = 0);
* η_e = η_min + (η₀ − η_min)(1 + cos(π k/T))/2 with the cosine's **own** counter k = e − W for
  e ≥ W (so e = W is the peak η₀).

The epoch is drawn in the warm-up, at the switch, or in the cosine phase (where plugging e instead
of e − W into the cosine is the typical slip). The answer is the rate the optimizer used in step e
of a simulated run driven by ``core.warmup_cosine``, cross-checked against the two formulas.
"""

import math

import numpy as np

from quizgen import core
from quizgen.authoring import INTEGER, Draft, Redraw, answer, calc, exact, pick, pretty, question, render, say, tex

BASE_LRS = (0.1, 0.05, 0.2, 0.01, 0.5, 0.3, 0.001)
WARMUPS = (2, 3, 4, 5, 8, 10)
T_MAXES = (20, 30, 40, 50, 60, 90, 100)
START_FACTORS = (0.01, 0.1, 0.001, 0.05, 0.2)
ETA_MINS = (0.0, 0.0, 0.0001, 0.001)


def lr_used(schedule, epoch: int) -> float:
    """The rate the optimizer used in step ``epoch`` of a short simulated run (one step per epoch)."""
    traj = core.run(core.sgd(schedule), core.Quadratic1D(1.0), x0=1.0, steps=epoch + 1)
    return float(traj.lrs[epoch, 0])


@question("schedules.warmup_cosine", topic="schedules", difficulty=2, kind="numeric",
          objective="Compute the learning rate of a linear warm-up followed by cosine annealing (SequentialLR), "
                    "where the cosine phase counts its own epochs from the milestone.")
def warmup_cosine(rng: np.random.Generator) -> Draft:
    eta0, W, T = pick(rng, BASE_LRS), pick(rng, WARMUPS), pick(rng, T_MAXES)
    s, m = pick(rng, START_FACTORS), pick(rng, ETA_MINS)
    if m > eta0 / 10:
        raise Redraw("eta_min should be well below the peak")
    phase = pick(rng, ("warmup", "warmup", "switch", "cosine", "cosine", "cosine"))
    if phase == "warmup":
        e = int(rng.integers(1, W))
    elif phase == "switch":
        e = W
    else:
        e = W + int(rng.integers(1, T))

    sched = core.warmup_cosine(eta0, W, T, s, m)
    value = lr_used(sched, e)
    if e < W:
        closed = eta0 * (s + (1 - s) * e / W)
    else:
        closed = m + (eta0 - m) * (1 + math.cos(math.pi * (e - W) / T)) / 2
    if not np.isclose(value, closed, rtol=1e-12):
        raise AssertionError(f"SequentialLR simulation {value} disagrees with the formula {closed}")
    ans = answer(value)

    E0, S, M = exact(eta0), exact(s), exact(m)
    prompt = render(
        r"A model is trained for <<total>> epochs with `SGD(params, lr=<<eta0>>)` and the scheduler "
        r"`SequentialLR(optimizer, schedulers=[LinearLR(optimizer, start_factor=<<s>>, total_iters=<<W>>), "
        r"CosineAnnealingLR(optimizer, T_max=<<T>>, eta_min=<<m>>)], milestones=[<<W>>])`. Epochs are numbered "
        r"from 0, and the training loop calls `scheduler.step()` once at the end of every epoch, after that epoch's "
        r"`optimizer.step()` calls (PyTorch semantics). What learning rate is used during epoch $e = <<e>>$? "
        r"Give it to 4 significant figures.",
        total=W + T, eta0=E0, s=S, W=W, T=T, m=M, e=e)
    steps = [say(r"`SequentialLR` runs the warm-up for epochs $0$ to $<<W1>>$, then hands over to the cosine at the "
                 r"milestone $e = <<W>>$; the cosine counts its own epochs from there, $k = e - <<W>>$.",
                 W1=W - 1, W=W)]
    if e < W:
        steps.append(say(r"Epoch <<e>> is in the warm-up ($e < <<W>>$): $\eta_e = \eta_0\,(s + (1 - s)\,e/W)$, "
                         r"starting at $s\,\eta_0$ in epoch 0.", e=e, W=W))
        step, result = calc(r"$\eta_{<<e>>} = <<eta0>>\cdot(<<s>> + (1 - <<s>>)\cdot <<e>>/<<W>>) = <<result>>$ "
                            r"(4 significant figures).", f"{E0}*({S} + (1 - {S})*{e}/{W})", e=e, eta0=E0, s=S, W=W)
        steps.append(step)
        steps.append(say(r"The warm-up would reach the full rate $<<eta0>>$ at $e = <<W>>$, which is exactly where the "
                         r"cosine takes over (at its own $k = 0$, i.e. also $<<eta0>>$).", eta0=E0, W=W))
    else:
        step, K = calc(r"Epoch <<e>> is in the cosine phase: $k = <<e>> - <<W>> = <<result>>$.", f"{e} - {W}",
                       INTEGER, e=e, W=W)
        steps.append(step)
        if m == 0:
            step, result = calc(r"$\eta_{<<e>>} = <<eta0>>\cdot\frac{1 + \cos(\pi\cdot <<k>>/<<T>>)}{2} = "
                                r"<<result>>$ (4 significant figures).", f"{E0}*(1 + cos(pi*{K}/{T}))/2",
                                e=e, eta0=E0, k=K, T=T)
        else:
            step, result = calc(r"$\eta_{<<e>>} = <<m>> + (<<eta0>> - <<m>>)\cdot\frac{1 + \cos(\pi\cdot <<k>>/<<T>>)}"
                                r"{2} = <<result>>$ (4 significant figures).",
                                f"{M} + ({E0} - {M})*(1 + cos(pi*{K}/{T}))/2", e=e, eta0=E0, m=M, k=K, T=T)
        steps.append(step)
        if e == W:
            steps.append(say(r"At the milestone the cosine starts at $k = 0$, i.e. at the peak $\eta_0$: this is the "
                             r"first epoch at the full rate."))
        else:
            slip = m + (eta0 - m) * (1 + math.cos(math.pi * e / T)) / 2
            steps.append(say(r"Plugging the global epoch $e = <<e>>$ into the cosine instead of $k = <<k>>$ would give "
                             r"$<<slip>>$: that shifts the whole cosine <<W>> epochs too early, as if it had started "
                             r"at epoch 0 instead of at the milestone.",
                             e=e, k=K, slip=tex(pretty(slip)), W=W))
    if result != ans.display:
        raise AssertionError(f"worked steps give {result}, the schedule gives {ans.display}")
    return Draft(
        prompt=prompt, solution=tuple(steps), answer=ans,
        params={"schedule": {"name": "warmup_cosine", "init_value": eta0, "warmup_steps": W, "t_max": T,
                             "start_factor": s, "eta_min": m},
                "optimizer": {"name": "sgd", "lr": eta0}, "epoch": e, "phase": phase,
                "convention": "0-based epochs, PyTorch SequentialLR"},
        tags=("schedules", "warmup", "SequentialLR", "CosineAnnealingLR"),
    )
