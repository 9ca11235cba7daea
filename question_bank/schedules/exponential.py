"""``ExponentialLR`` arithmetic (DOMAIN §2.8, archetype D3).

``ExponentialLR(optimizer, gamma)`` with PyTorch semantics (0-based epochs, ``scheduler.step()``
after every epoch) uses η_e = η₀·γ^e during epoch e. Three variants:

* the rate used during epoch e;
* the γ that halves the rate every N epochs, γ = 0.5^(1/N) (not the linearised 1 − 0.5/N);
* the first epoch whose rate is below a level: e > ln(level/η₀)/ln γ, so ⌈·⌉ (an INTEGER answer;
  draws where the quotient is within 1e-6 of a whole number are redrawn, because there the rate
  equals the level and "below" becomes a floating-point question).

Every answer is read from ``core.exponential_decay`` — via a simulated run for the rate and the
first epoch, via the schedule's values for the halving factor — and checked against the closed form.
"""

import math

import numpy as np

from quizgen import core
from quizgen.authoring import (
    INTEGER, Draft, Redraw, Rounding, answer, calc, exact, first_index, pick, pretty, question, render, say, tex,
)

BASE_LRS = (0.1, 0.05, 0.2, 0.01, 0.5, 0.03)
GAMMAS = (0.8, 0.85, 0.9, 0.95, 0.96, 0.98, 0.99)
HALVINGS = (3, 4, 5, 8, 10, 20, 25, 30, 50)
LEVEL_RATIOS = (0.5, 0.2, 0.1, 0.05, 0.01)
SIG6 = Rounding(sig=6)

SETUP = (r"Epochs are numbered from 0, and the training loop calls `scheduler.step()` once at the end of every epoch, "
         r"after that epoch's `optimizer.step()` calls (PyTorch semantics), so the rate used during epoch $e$ is "
         r"whatever the scheduler has set after $e$ calls.")


def simulated_lrs(schedule, epochs: int) -> np.ndarray:
    """The rates the optimizer used in steps 0 … epochs−1 of a simulated run (one step per epoch)."""
    traj = core.run(core.sgd(schedule), core.Quadratic1D(1.0), x0=1.0, steps=epochs)
    return traj.lrs[:, 0]


@question("schedules.exponential", topic="schedules", difficulty=2, kind="numeric",
          objective="Work with ExponentialLR, η_e = η₀·γ^e: the rate at an epoch, the γ for a given halving time, "
                    "and the first epoch below a level.")
def exponential(rng: np.random.Generator) -> Draft:
    eta0 = pick(rng, BASE_LRS)
    variant = pick(rng, ("lr", "lr", "halving", "below"))
    E0 = exact(eta0)
    steps = []
    params = {}
    if variant == "lr":
        gamma = pick(rng, GAMMAS)
        e = int(rng.integers(2, 41))
        sched = core.exponential_decay(eta0, gamma)
        value = float(simulated_lrs(sched, e + 1)[e])
        if not np.isclose(value, eta0 * gamma**e, rtol=1e-12):
            raise AssertionError("ExponentialLR simulation disagrees with η₀·γ^e")
        ans = answer(value)
        G = exact(gamma)
        prompt = render(
            r"A model is trained with `SGD(params, lr=<<eta0>>)` and `ExponentialLR(optimizer, gamma=<<g>>)`. "
            + SETUP + r" What learning rate is used during epoch $e = <<e>>$? Give it to 4 significant figures.",
            eta0=E0, g=G, e=e)
        steps.append(say(r"Each `scheduler.step()` multiplies the rate by $\gamma$, and $e$ steps have happened "
                         r"before epoch $e$ starts, so $\eta_e = \eta_0\,\gamma^{e}$ (epoch 0 uses $\eta_0$ itself)."))
        step, result = calc(r"$\eta_{<<e>>} = <<eta0>>\cdot <<g>>^{<<e>>} = <<result>>$ (4 significant figures).",
                            f"{E0}*{G}**{e}", e=e, eta0=E0, g=G)
        steps.append(step)
        steps.append(say(r"Using $\gamma^{<<e1>>}$ (counting epochs from 1) would give $<<off>>$ instead.",
                         e1=e + 1, off=tex(pretty(eta0 * gamma ** (e + 1)))))
        params = {"gamma": gamma, "epoch": e}
    elif variant == "halving":
        n = pick(rng, HALVINGS)
        gamma = 0.5 ** (1.0 / n)
        sched = core.exponential_decay(eta0, gamma)
        lrs = sched.values(2 * n + 1)
        if not (np.isclose(lrs[n] / eta0, 0.5, rtol=1e-12) and np.isclose(lrs[2 * n] / eta0, 0.25, rtol=1e-12)):
            raise AssertionError("γ = 0.5^(1/N) does not halve the schedule every N epochs")
        ans = answer(gamma)
        prompt = render(
            r"You want an `ExponentialLR(optimizer, gamma=γ)` schedule whose learning rate halves every <<n>> "
            r"epochs, starting from `lr=<<eta0>>`. " + SETUP + r" What value of $\gamma$ makes $\eta_{<<n>>} = "
            r"\eta_0/2$ (and so $\eta_{<<n2>>} = \eta_0/4$, …)? Give it to 4 significant figures.",
            n=n, n2=2 * n, eta0=E0)
        steps.append(say(r"After $N$ epochs the rate is $\eta_0\gamma^{N}$. Halving means "
                         r"$\gamma^{<<n>>} = 0.5$, so $\gamma = 0.5^{1/<<n>>}$; the same factor then halves it again "
                         r"every <<n>> epochs.", n=n))
        step, result = calc(r"$\gamma = 0.5^{1/<<n>>} = <<result>>$ (4 significant figures).", f"0.5**(1/{n})", n=n)
        steps.append(step)
        lin = 1 - 0.5 / n
        steps.append(say(r"The linearised guess $1 - 0.5/<<n>> = <<lin>>$ is wrong: it gives "
                         r"$<<lin>>^{<<n>>} = <<val>>$ after <<n>> epochs, not $0.5$ (a rate falling by a constant "
                         r"*factor* compounds).", n=n, lin=tex(pretty(lin)), val=tex(pretty(lin**n))))
        params = {"halving_epochs": n, "gamma": gamma}
    else:
        gamma, ratio = pick(rng, GAMMAS), pick(rng, LEVEL_RATIOS)
        level = float(pretty(eta0 * ratio))
        q = math.log(level / eta0) / math.log(gamma)
        if abs(q - round(q)) < 1e-6:
            raise Redraw("the rate hits the level exactly at an epoch")
        if math.ceil(float(pretty(q))) != math.ceil(q):
            raise Redraw("the printed quotient rounds onto a whole number")
        horizon = math.ceil(q) + 3
        if horizon > 300:
            raise Redraw("too many epochs to simulate comfortably")
        sched = core.exponential_decay(eta0, gamma)
        lrs = simulated_lrs(sched, horizon)
        first = first_index(lrs < level)
        if first is None or first != math.ceil(q):
            raise AssertionError(f"simulated first epoch {first} disagrees with ⌈{q}⌉")
        ans = answer(float(first), INTEGER, abs_tol=0)   # exact: the default ±1 would accept the floor slip
        G, L = exact(gamma), pretty(level)
        prompt = render(
            r"A model is trained with `SGD(params, lr=<<eta0>>)` and `ExponentialLR(optimizer, gamma=<<g>>)`. "
            + SETUP + r" During which epoch $e$ is the learning rate used *below* $<<L>>$ for the first time? "
            r"Give a whole number.", eta0=E0, g=G, L=tex(L))
        steps.append(say(r"Solve $\eta_0\gamma^{e} < <<L>>$: taking logs, $e\ln\gamma < \ln(<<L>>/\eta_0)$, and "
                         r"dividing by $\ln\gamma < 0$ flips the inequality: $e > \ln(<<L>>/\eta_0)/\ln\gamma$.",
                         L=tex(L)))
        step, Q = calc(r"$\ln(<<L>>/<<eta0>>)/\ln(<<g>>) = <<result>>$.", f"ln({L}/{E0})/ln({G})", L=tex(L),
                       eta0=E0, g=G)
        steps.append(step)
        step, result = calc(r"The first whole epoch beyond it: $e = \lceil <<q>> \rceil = <<result>>$.",
                            f"ceil({Q})", INTEGER, q=tex(Q))
        steps.append(step)
        steps.append(say(r"Check: $\eta_{<<a>>} = <<la>>$ is not yet below $<<L>>$, and $\eta_{<<b>>} = <<lb>>$ is. "
                         r"Rounding down instead would name epoch <<a>>, one too early.",
                         a=first - 1, la=tex(pretty(float(lrs[first - 1]), SIG6)), b=first,
                         lb=tex(pretty(float(lrs[first]), SIG6)), L=tex(L)))
        params = {"gamma": gamma, "level": level}
    if result != ans.display:
        raise AssertionError(f"worked steps give {result}, the schedule gives {ans.display}")
    return Draft(
        prompt=prompt, solution=tuple(steps), answer=ans,
        params={"schedule": {"name": "exponential_decay", "init_value": eta0, "gamma": params["gamma"]},
                "optimizer": {"name": "sgd", "lr": eta0}, "variant": variant,
                "convention": "0-based epochs, PyTorch", **params},
        tags=("schedules", "ExponentialLR"),
    )
