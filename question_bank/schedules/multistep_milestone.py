"""The learning rate of ``MultiStepLR``, often exactly at a milestone (DOMAIN §2.8, archetype D2).

``MultiStepLR(optimizer, milestones, gamma)`` with PyTorch semantics (0-based epochs,
``scheduler.step()`` after every epoch) uses η_e = η₀·γ^(number of milestones ≤ e) during
epoch e: PyTorch counts with ``bisect_right``, so **at e = milestone the reduced rate is already
in use**. About half of the draws put e exactly on a milestone, where counting with
``bisect_left`` (milestones < e) gives the old rate.

The answer is the rate the optimizer used in step e of a simulated run driven by
``core.multistep_decay`` (one step per epoch), cross-checked against the count by hand.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import Draft, Redraw, answer, calc, exact, pick, pretty, question, render, say, tex

BASE_LRS = (0.1, 0.05, 0.2, 0.01, 0.4, 0.03)
GAMMAS = (0.1, 0.2, 0.5, 0.3)
MILESTONE_SETS = (
    (30, 60, 90), (15, 30, 45), (50, 75), (10, 20), (20, 40, 60), (30, 80), (60, 120, 160), (8, 12, 16),
    (100, 150), (25, 50, 75),
)


def lr_used(schedule, epoch: int) -> float:
    """The rate the optimizer used in step ``epoch`` of a short simulated run (one step per epoch)."""
    traj = core.run(core.sgd(schedule), core.Quadratic1D(1.0), x0=1.0, steps=epoch + 1)
    return float(traj.lrs[epoch, 0])


@question("schedules.multistep_milestone", topic="schedules", difficulty=2, kind="numeric",
          objective="Compute the learning rate MultiStepLR uses during an epoch, knowing that the reduced rate "
                    "already applies at the milestone epoch itself.")
def multistep_milestone(rng: np.random.Generator) -> Draft:
    eta0, gamma, ms = pick(rng, BASE_LRS), pick(rng, GAMMAS), pick(rng, MILESTONE_SETS)
    if gamma == 0.1 and len(ms) == 3 and eta0 < 0.05:
        raise Redraw("keep the rates readable")
    where = pick(rng, ("milestone", "milestone", "milestone", "before", "between"))
    if where == "milestone":
        e = pick(rng, ms)
    elif where == "before":
        e = pick(rng, ms) - 1
    else:
        bounds = (0,) + ms + (ms[-1] + 20,)
        j = int(rng.integers(1, len(bounds) - 1))
        lo, hi = bounds[j], bounds[j + 1]
        if hi - lo < 3:
            raise Redraw("no room between the milestones")
        e = int(rng.integers(lo + 1, hi - 1))

    sched = core.multistep_decay(eta0, ms, gamma)
    value = lr_used(sched, e)
    passed = [m for m in ms if m <= e]
    closed = eta0 * gamma ** len(passed)
    if not np.isclose(value, closed, rtol=1e-12):
        raise AssertionError(f"MultiStepLR simulation {value} disagrees with η₀·γ^{len(passed)} = {closed}")
    ans = answer(value)

    E0, G = exact(eta0), exact(gamma)
    ms_text = "[" + ", ".join(str(m) for m in ms) + "]"
    prompt = render(
        r"A model is trained with `SGD(params, lr=<<eta0>>)` and the scheduler "
        r"`MultiStepLR(optimizer, milestones=<<ms>>, gamma=<<g>>)`. Epochs are numbered from 0, and the training "
        r"loop calls `scheduler.step()` once at the end of every epoch, after that epoch's `optimizer.step()` "
        r"calls (PyTorch semantics). What learning rate is used during epoch $e = <<e>>$? "
        r"Give it to 4 significant figures.",
        eta0=E0, ms=ms_text, g=G, e=e)
    steps = [say(r"`MultiStepLR` multiplies the rate by $\gamma$ each time the epoch count reaches a milestone. The "
                 r"rate used during epoch $e$ is $\eta_0\,\gamma^{n}$ with $n$ the number of milestones **$\le e$**: "
                 r"the `scheduler.step()` at the end of epoch $m - 1$ sets the count to $m$ and applies the cut, so "
                 r"epoch $m$ itself already trains with the reduced rate.")]
    if passed:
        listed = ", ".join(str(m) for m in passed)
        steps.append(say(r"Milestones $\le <<e>>$: <<listed>>, so $n = <<n>>$.", e=e, listed=listed, n=len(passed)))
    else:
        steps.append(say(r"No milestone is $\le <<e>>$ (the first is <<m>>), so $n = 0$.", e=e, m=ms[0]))
    step, result = calc(r"$\eta_{<<e>>} = <<eta0>>\cdot <<g>>^{<<n>>} = <<result>>$ (4 significant figures).",
                        f"{E0}*{G}**{len(passed)}", e=e, eta0=E0, g=G, n=len(passed))
    steps.append(step)
    if e in ms:
        old = eta0 * gamma ** (len(passed) - 1)
        steps.append(say(r"Epoch <<e>> is a milestone. Counting only milestones $< e$ (Python's `bisect_left`) "
                         r"would give the old rate $<<old>>$, which PyTorch used up to epoch <<prev>> only.",
                         e=e, old=tex(pretty(old)), prev=e - 1))
    elif e + 1 in ms:
        steps.append(say(r"The next cut happens at the end of this epoch: from epoch <<e1>> on the rate is "
                         r"$<<new>>$.", e1=e + 1, new=tex(pretty(eta0 * gamma ** (len(passed) + 1)))))
    if result != ans.display:
        raise AssertionError(f"worked steps give {result}, the schedule gives {ans.display}")
    return Draft(
        prompt=prompt, solution=tuple(steps), answer=ans,
        params={"schedule": {"name": "multistep_decay", "init_value": eta0, "milestones": list(ms),
                             "gamma": gamma},
                "optimizer": {"name": "sgd", "lr": eta0}, "epoch": e, "convention": "0-based epochs, PyTorch"},
        tags=("schedules", "MultiStepLR", "off-by-one"),
    )
