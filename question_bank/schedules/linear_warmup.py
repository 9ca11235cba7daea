"""The learning rate during a linear warm-up: ``LinearLR`` and Goyal et al.'s gradual warm-up
(DOMAIN §2.8 and §2.10, archetype D5).

With PyTorch semantics (0-based epochs, ``scheduler.step()`` after every epoch)
``LinearLR(optimizer, start_factor=s, end_factor=1, total_iters=T)`` uses
η_e = η₀·(s + (1 − s)·min(e, T)/T) during epoch e: the start factor is applied already at e = 0
and the full rate η₀ is reached at e = T (not T − 1). Two framings:

* plain ``LinearLR`` with a drawn start factor;
* Goyal et al. (2017): with batch size k·256 the linear scaling rule gives a target rate k·η
  (η = 0.1 for batch 256); the gradual warm-up ramps linearly from η to k·η over 5 epochs,
  i.e. ``SGD(lr=k·η)`` with ``LinearLR(start_factor=1/k, total_iters=5)``: η_e = η + (kη − η)·e/5.
  (The paper raises the rate a little every iteration; the question steps it once per epoch, as
  the stated PyTorch code does.)

The answer is the rate the optimizer used in step e of a simulated run driven by
``core.linear_warmup``, cross-checked against the formula.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import Draft, Redraw, answer, calc, exact, pick, pretty, question, render, say, tex

BASE_LRS = (0.1, 0.05, 0.2, 0.01, 0.5, 0.4, 0.03)
START_FACTORS = (0.1, 0.01, 0.2, 0.25, 0.5, 0.05)
TOTALS = (4, 5, 8, 10, 20)
SCALE_KS = (2, 4, 5, 8)          # batch 256·k; start factor 1/k is a short decimal for each
GOYAL_BASE = 0.1                 # Goyal et al.: η = 0.1 for a batch of 256
GOYAL_EPOCHS = 5

LOOP = (r"Epochs are numbered from 0, and the training loop calls `scheduler.step()` once at the end of every epoch, "
        r"after that epoch's `optimizer.step()` calls (PyTorch semantics).")


def lr_used(schedule, epoch: int) -> float:
    """The rate the optimizer used in step ``epoch`` of a short simulated run (one step per epoch)."""
    traj = core.run(core.sgd(schedule), core.Quadratic1D(1.0), x0=1.0, steps=epoch + 1)
    return float(traj.lrs[epoch, 0])


@question("schedules.linear_warmup", topic="schedules", difficulty=1, kind="numeric",
          objective="Compute the learning rate during a linear warm-up (PyTorch LinearLR, Goyal et al.'s gradual "
                    "warm-up), which starts at the start factor at epoch 0 and reaches the full rate at epoch T.")
def linear_warmup(rng: np.random.Generator) -> Draft:
    variant = pick(rng, ("linearlr", "linearlr", "goyal"))
    if variant == "linearlr":
        eta0, s, T = pick(rng, BASE_LRS), pick(rng, START_FACTORS), pick(rng, TOTALS)
    else:
        k = pick(rng, SCALE_KS)
        eta0, s, T = round(GOYAL_BASE * k, 10), round(1.0 / k, 10), GOYAL_EPOCHS
    e = T if rng.random() < 0.2 else int(rng.integers(1, T))
    if variant == "linearlr" and rng.random() < 0.1:
        e = T + int(rng.integers(1, 6))

    sched = core.linear_warmup(eta0, s, 1.0, T)
    value = lr_used(sched, e)
    closed = eta0 * (s + (1 - s) * min(e, T) / T)
    if not np.isclose(value, closed, rtol=1e-12):
        raise AssertionError(f"LinearLR simulation {value} disagrees with the formula {closed}")
    ans = answer(value)
    E0, S = exact(eta0), exact(s)

    if variant == "linearlr":
        prompt = render(
            r"A model is trained with `SGD(params, lr=<<eta0>>)` and a warm-up scheduler "
            r"`LinearLR(optimizer, start_factor=<<s>>, end_factor=1.0, total_iters=<<T>>)`. " + LOOP +
            r" What learning rate is used during epoch $e = <<e>>$? Give it to 4 significant figures.",
            eta0=E0, s=S, T=T, e=e)
        steps = [say(r"`LinearLR` scales the base rate by a factor that moves linearly from `start_factor` to "
                     r"`end_factor` over `total_iters` scheduler steps: $\eta_e = \eta_0\,(s + (1 - s)\min(e, T)/T)$. "
                     r"Epoch 0 already uses $s\,\eta_0$, and the full rate is reached at $e = T = <<T>>$.", T=T)]
        start, _ = calc(r"Epoch 0 uses $<<eta0>>\cdot <<s>> = <<result>>$.", f"{E0}*{S}", eta0=E0, s=S)
        steps.append(start)
        if e >= T:
            step, result = calc(r"Since $e = <<e>> \ge T = <<T>>$, the warm-up is over: "
                                r"$\eta_{<<e>>} = <<eta0>>\cdot 1 = <<result>>$.", f"{E0}*1", e=e, T=T, eta0=E0)
        else:
            step, result = calc(r"$\eta_{<<e>>} = <<eta0>>\cdot(<<s>> + (1 - <<s>>)\cdot <<e>>/<<T>>) = <<result>>$ "
                                r"(4 significant figures).", f"{E0}*({S} + (1 - {S})*{e}/{T})",
                                e=e, eta0=E0, s=S, T=T)
        steps.append(step)
    else:
        B = 256 * k
        BASE = exact(GOYAL_BASE)
        prompt = render(
            r"Following Goyal et al. (2017), you train with batch size <<B>> = <<k>>·256. The linear scaling rule "
            r"turns the reference rate <<base>> (for batch 256) into <<k>>·<<base>> = <<eta0>>, and the *gradual "
            r"warm-up* ramps the rate linearly from <<base>> up to <<eta0>> over the first <<T>> epochs. In PyTorch: "
            r"`SGD(params, lr=<<eta0>>)` with `LinearLR(optimizer, start_factor=<<s>>, total_iters=<<T>>)`. " + LOOP +
            r" What learning rate is used during epoch $e = <<e>>$? Give it to 4 significant figures.",
            B=B, k=k, base=BASE, eta0=E0, s=S, T=T, e=e)
        steps = [say(r"The ramp starts at $<<eta0>>\cdot <<s>> = <<base>>$ in epoch 0 and grows by the same amount "
                     r"each epoch until it reaches $<<eta0>>$ at epoch $<<T>>$: "
                     r"$\eta_e = <<base>> + (<<eta0>> - <<base>>)\cdot\min(e, <<T>>)/<<T>>$.",
                     eta0=E0, s=S, base=BASE, T=T)]
        inc, INC = calc(r"Increase per epoch: $(<<eta0>> - <<base>>)/<<T>> = <<result>>$.",
                        f"({E0} - {BASE})/{T}", eta0=E0, base=BASE, T=T)
        steps.append(inc)
        step, result = calc(r"$\eta_{<<e>>} = <<base>> + <<e>>\cdot <<inc>> = <<result>>$ (4 significant figures).",
                            f"{BASE} + {e}*{INC}", e=e, base=BASE, inc=tex(INC))
        steps.append(step)
        if abs(float(INC) * T - (eta0 - GOYAL_BASE)) > 1e-12:
            raise Redraw("the printed increment is rounded")
    if e == T:
        steps.append(say(r"Epoch <<T>> is the first at the full rate: the ramp has $T = <<T>>$ increments, taken by "
                         r"the `scheduler.step()` calls at the ends of epochs 0 to <<T1>>. Reaching the target at "
                         r"epoch <<T1>> is the off-by-one slip.", T=T, T1=T - 1))
    elif e < T:
        off = eta0 * (s + (1 - s) * (e + 1) / T)
        steps.append(say(r"Counting epochs from 1 (or reaching the target one epoch early) would give $<<off>>$ "
                         r"instead.", off=tex(pretty(off))))
    if result != ans.display:
        raise AssertionError(f"worked steps give {result}, the schedule gives {ans.display}")
    return Draft(
        prompt=prompt, solution=tuple(steps), answer=ans,
        params={"schedule": {"name": "linear_warmup", "init_value": eta0, "start_factor": s, "end_factor": 1.0,
                             "total_iters": T},
                "optimizer": {"name": "sgd", "lr": eta0}, "epoch": e, "variant": variant,
                "convention": "0-based epochs, PyTorch"},
        tags=("schedules", "warmup", "LinearLR") + (("linear-scaling",) if variant == "goyal" else ()),
    )
