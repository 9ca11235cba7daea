"""``CosineAnnealingLR`` arithmetic, including the past-T_max gotcha (DOMAIN §2.8, archetype D4).

With PyTorch semantics (0-based epochs, ``scheduler.step()`` after every epoch)
``CosineAnnealingLR(optimizer, T_max, eta_min)`` uses
η_e = η_min + (η₀ − η_min)(1 + cos(π e/T_max))/2 during epoch e. Variants:

* e inside [0, T_max] (sometimes the midpoint T_max/2, where η = (η₀ + η_min)/2);
* e past T_max when the loop runs longer than T_max epochs: PyTorch does **not** clamp, the same
  formula continues and the rate climbs back (η_{T+j} = η_{T−j}), reaching η₀ again at e = 2·T_max
  — drawn often. Clamping at η_min (d2l/MXNet behaviour) is the misconception M19.

The answer is the rate the optimizer used in step e of a simulated run driven by
``core.cosine_annealing``, cross-checked against the formula.
"""

import math

import numpy as np

from quizgen import core
from quizgen.authoring import Draft, Redraw, answer, calc, exact, pick, pretty, question, render, say, tex

BASE_LRS = (0.1, 0.05, 0.2, 0.01, 0.5, 0.02)
ETA_MINS = (0.0, 0.0, 0.001, 0.0001, 0.005)
T_MAXES = (10, 20, 30, 40, 50, 60, 80, 100)


def lr_used(schedule, epoch: int) -> float:
    """The rate the optimizer used in step ``epoch`` of a short simulated run (one step per epoch)."""
    traj = core.run(core.sgd(schedule), core.Quadratic1D(1.0), x0=1.0, steps=epoch + 1)
    return float(traj.lrs[epoch, 0])


@question("schedules.cosine", topic="schedules", difficulty=2, kind="numeric",
          objective="Compute the learning rate CosineAnnealingLR uses during an epoch, including epochs past T_max "
                    "where PyTorch's rate rises again.")
def cosine(rng: np.random.Generator) -> Draft:
    eta0, eta_min, T = pick(rng, BASE_LRS), pick(rng, ETA_MINS), pick(rng, T_MAXES)
    if eta_min > eta0 / 5:
        raise Redraw("eta_min should be well below the base rate")
    variant = pick(rng, ("inside", "inside", "midpoint", "past", "past"))
    if variant == "inside":
        e = int(rng.integers(1, T))
        if 2 * e == T:
            variant = "midpoint"
    elif variant == "midpoint":
        if T % 2:
            raise Redraw("no whole midpoint")
        e = T // 2
    else:
        e = 2 * T if rng.random() < 0.5 else T + int(rng.integers(1, T))

    sched = core.cosine_annealing(eta0, T, eta_min)
    value = lr_used(sched, e)
    closed = eta_min + (eta0 - eta_min) * (1 + math.cos(math.pi * e / T)) / 2
    if not np.isclose(value, closed, rtol=1e-12, atol=1e-15):
        raise AssertionError(f"CosineAnnealingLR simulation {value} disagrees with the formula {closed}")
    ans = answer(value)

    E0, M = exact(eta0), exact(eta_min)
    ask = render(r"What learning rate is used during epoch $e = <<e>>$? Give it to 4 significant figures.", e=e)
    if variant == "past":
        ask = render(r"The training loop was written for <<n>> epochs and nobody changed the scheduler, so training "
                     r"continues past epoch <<T>>. ", n=max(e + 1, 2 * T + 10), T=T) + ask
    prompt = render(
        r"A model is trained with `SGD(params, lr=<<eta0>>)` and `CosineAnnealingLR(optimizer, T_max=<<T>>, "
        r"eta_min=<<m>>)`. Epochs are numbered from 0, and the training loop calls `scheduler.step()` once at the "
        r"end of every epoch, after that epoch's `optimizer.step()` calls (PyTorch semantics). ",
        eta0=E0, T=T, m=M) + ask

    steps = [say(r"PyTorch's rate for epoch $e$ is $\eta_e = \eta_{\min} + (\eta_0 - \eta_{\min})\,"
                 r"\frac{1 + \cos(\pi e/T_{\max})}{2}$ with $\eta_0 = <<eta0>>$, $\eta_{\min} = <<m>>$ and "
                 r"$T_{\max} = <<T>>$: it starts at $\eta_0$ and reaches $\eta_{\min}$ at $e = T_{\max}$.",
                 eta0=E0, m=M, T=T)]
    if variant == "past":
        steps.append(say(r"`CosineAnnealingLR` is **not** clamped after $T_{\max}$: the same formula keeps running, "
                         r"so the rate climbs back up (period $2T_{\max} = <<p>>$ epochs; "
                         r"$\eta_{T_{\max}+j} = \eta_{T_{\max}-j}$).", p=2 * T))
    if eta_min == 0:
        step, result = calc(r"$\eta_{<<e>>} = <<eta0>>\cdot\frac{1 + \cos(\pi\cdot <<e>>/<<T>>)}{2} = <<result>>$ "
                            r"(4 significant figures).", f"{E0}*(1 + cos(pi*{e}/{T}))/2", e=e, eta0=E0, T=T)
    else:
        step, result = calc(r"$\eta_{<<e>>} = <<m>> + (<<eta0>> - <<m>>)\cdot\frac{1 + \cos(\pi\cdot <<e>>/<<T>>)}{2}"
                            r" = <<result>>$ (4 significant figures).",
                            f"{M} + ({E0} - {M})*(1 + cos(pi*{e}/{T}))/2", e=e, eta0=E0, m=M, T=T)
    steps.append(step)
    if variant == "midpoint":
        steps.append(say(r"At the midpoint $\cos(\pi/2) = 0$, so the rate is exactly halfway: "
                         r"$(\eta_0 + \eta_{\min})/2$."))
    elif variant == "past" and e == 2 * T:
        steps.append(say(r"At $e = 2T_{\max}$, $\cos(2\pi) = 1$: the rate is back at $\eta_0 = <<eta0>>$. A framework "
                         r"that clamps at the end (as d2l's scheduler does) would stay at $\eta_{\min} = <<m>>$; "
                         r"PyTorch does not.", eta0=E0, m=M))
    elif variant == "past":
        steps.append(say(r"Check by symmetry: $\eta_{<<e>>} = \eta_{<<mirror>>}$. Assuming the rate stays at "
                         r"$\eta_{\min} = <<m>>$ after $T_{\max}$ is a common mistake (other frameworks clamp; "
                         r"PyTorch does not).", e=e, mirror=2 * T - e, m=M))
    else:
        lin = eta0 + (eta_min - eta0) * e / T
        steps.append(say(r"A straight line from $\eta_0$ to $\eta_{\min}$ would give $<<lin>>$ instead: the cosine "
                         r"stays near $\eta_0$ longer at the start and flattens near $\eta_{\min}$ at the end.",
                         lin=tex(pretty(lin))))
    if result != ans.display:
        raise AssertionError(f"worked steps give {result}, the schedule gives {ans.display}")
    return Draft(
        prompt=prompt, solution=tuple(steps), answer=ans,
        params={"schedule": {"name": "cosine_annealing", "init_value": eta0, "t_max": T, "eta_min": eta_min},
                "optimizer": {"name": "sgd", "lr": eta0}, "epoch": e, "variant": variant,
                "convention": "0-based epochs, PyTorch (no clamping after T_max)"},
        tags=("schedules", "CosineAnnealingLR") + (("past-t-max", "M19") if variant == "past" else ()),
    )
