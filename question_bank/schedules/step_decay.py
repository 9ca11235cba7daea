"""The learning rate of ``StepLR`` at a given epoch (DOMAIN §2.8, archetype D1).

``StepLR(optimizer, step_size=s, gamma=γ)`` with PyTorch semantics (0-based epochs,
``scheduler.step()`` after every epoch) uses η_e = η₀·γ^⌊e/s⌋ during epoch e. The epoch is
often drawn right at a multiple of s (the first epoch of a new rate) or just before it, where
the off-by-one slips (⌈e/s⌉, ⌊(e+1)/s⌋) give a different answer.

The answer is the rate the optimizer actually used in step e of a simulated run driven by
``core.step_decay`` (one step per epoch), cross-checked against the closed form.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import INTEGER, Draft, Redraw, answer, calc, exact, pick, pretty, question, render, say, tex

BASE_LRS = (0.1, 0.05, 0.2, 0.01, 0.5, 0.3, 0.02)
STEP_SIZES = (4, 5, 8, 10, 20, 30)
GAMMAS = (0.1, 0.2, 0.25, 0.5, 0.8, 0.9)


def lr_used(schedule, epoch: int) -> float:
    """The rate the optimizer used in step ``epoch`` of a short simulated run (one step per epoch)."""
    traj = core.run(core.sgd(schedule), core.Quadratic1D(1.0), x0=1.0, steps=epoch + 1)
    return float(traj.lrs[epoch, 0])


@question("schedules.step_decay", topic="schedules", difficulty=1, kind="numeric",
          objective="Compute the learning rate StepLR uses during a given 0-based epoch, η₀·γ^⌊e/s⌋.")
def step_decay(rng: np.random.Generator) -> Draft:
    eta0, s, gamma = pick(rng, BASE_LRS), pick(rng, STEP_SIZES), pick(rng, GAMMAS)
    k = int(rng.integers(0, 4 if gamma <= 0.25 else 5))
    where = pick(rng, ("start", "start", "before", "inside", "inside"))
    if where == "start":
        e = k * s
    elif where == "before":
        if k == 0:
            raise Redraw("no earlier block to sit at the end of")
        e = k * s - 1
    else:
        e = k * s + int(rng.integers(1, s - 1))
    if e < 1:
        raise Redraw("epoch 0 is too easy")

    sched = core.step_decay(eta0, s, gamma)
    value = lr_used(sched, e)
    closed = eta0 * gamma ** (e // s)
    if not np.isclose(value, closed, rtol=1e-12) or not np.isclose(value, float(sched(e)), rtol=1e-12):
        raise AssertionError(f"StepLR simulation {value} disagrees with η₀·γ^⌊e/s⌋ = {closed}")
    ans = answer(value)

    E0, S, G = exact(eta0), exact(s), exact(gamma)
    prompt = render(
        r"A model is trained with `SGD(params, lr=<<eta0>>)` and the scheduler "
        r"`StepLR(optimizer, step_size=<<s>>, gamma=<<g>>)`. Epochs are numbered from 0, and the training loop "
        r"calls `scheduler.step()` once at the end of every epoch, after that epoch's `optimizer.step()` calls "
        r"(PyTorch semantics). What learning rate is used during epoch $e = <<e>>$? "
        r"Give it to 4 significant figures.",
        eta0=E0, s=S, g=G, e=e)
    steps = [say(r"`StepLR` multiplies the rate by $\gamma$ once every $s$ epochs, so the rate used during epoch $e$ "
                 r"is $\eta_e = \eta_0\,\gamma^{\lfloor e/s \rfloor}$: epochs $0$ to $<<last>>$ use $\eta_0$, epochs "
                 r"$<<s>>$ to $<<last2>>$ use $\eta_0\gamma$, and so on.", last=s - 1, s=S, last2=2 * s - 1)]
    step, K = calc(r"Number of decays so far: $\lfloor <<e>>/<<s>> \rfloor = <<result>>$.", f"floor({e}/{S})",
                   INTEGER, e=e, s=S)
    steps.append(step)
    step, result = calc(r"$\eta_{<<e>>} = <<eta0>>\cdot <<g>>^{<<k>>} = <<result>>$ (4 significant figures).",
                        f"{E0}*{G}**{K}", e=e, eta0=E0, g=G, k=K)
    steps.append(step)
    if e % s == 0:
        steps.append(say(r"Epoch <<e>> is the *first* epoch of the new rate: the `scheduler.step()` at the end of "
                         r"epoch <<prev>> moved the count to <<e>>, and $\lfloor e/s \rfloor$ went up there. Using the "
                         r"old rate here is the usual off-by-one slip.", e=e, prev=e - 1))
    elif (e + 1) % s == 0:
        steps.append(say(r"Epoch <<e>> is the *last* epoch before a decay: the reduced rate "
                         r"$<<nxt>>$ starts at epoch <<e1>>. Writing $\lfloor (e+1)/s \rfloor$ or "
                         r"$\lceil e/s \rceil$ would apply it one epoch early.",
                         e=e, e1=e + 1, nxt=tex(pretty(eta0 * gamma ** ((e + 1) // s)))))
    else:
        steps.append(say(r"Rounding $e/s$ up ($\lceil <<e>>/<<s>> \rceil$) instead of down would apply one decay too "
                         r"many; the floor counts only the decays that have already happened.", e=e, s=S))
    if result != ans.display:
        raise AssertionError(f"worked steps give {result}, the schedule gives {ans.display}")
    return Draft(
        prompt=prompt, solution=tuple(steps), answer=ans,
        params={"schedule": {"name": "step_decay", "init_value": eta0, "step_size": s, "gamma": gamma},
                "optimizer": {"name": "sgd", "lr": eta0}, "epoch": e, "convention": "0-based epochs, PyTorch"},
        tags=("schedules", "StepLR", "off-by-one"),
    )
