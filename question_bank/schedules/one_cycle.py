"""``OneCycleLR`` arithmetic and its momentum overwrite (DOMAIN §2.8, archetype D6).

``OneCycleLR`` is stepped once per *batch*, k = 0 … total_steps − 1 (total_steps = epochs ×
steps_per_epoch). With η_init = max_lr/div_factor and η_final = η_init/final_div_factor, the rate
rises from η_init to max_lr over k ∈ [0, pct_start·total − 1] and falls to η_final at k = total − 1,
each phase by cosine annealing end + (start − end)(1 + cos(π p))/2 with p the fraction of the phase
done. Variants:

* the initial rate (k = 0), max_lr/div_factor;
* the final rate (k = total − 1), max_lr/(div_factor·final_div_factor) (not max_lr/final_div_factor);
* the peak step, pct_start·total − 1 (INTEGER; not pct_start·total);
* the rate at a given step k, or at batch b of epoch e (k = e·steps_per_epoch + b);
* the gotcha: with ``cycle_momentum=True`` (the default) the scheduler writes its own momentum into
  the optimizer, so ``SGD(momentum=0)`` trains with momentum 0.95 at k = 0 (and 0.85 at the peak).

The answers are read from ``core.one_cycle`` (and its ``.momentum`` schedule) over all steps and
cross-checked against the hand formulas. (A simulated run over up to 2000 steps would cost more than
the whole budget of a generation; the schedule's values are exactly the rates such a run uses.)
"""

import math

import numpy as np

from quizgen import core
from quizgen.authoring import INTEGER, SIG4, Draft, Redraw, Rounding, answer, calc, exact, pick, pretty, question, render, say, tex

MAX_LRS = (0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 0.02)
EPOCHS = (4, 5, 8, 10, 20)
STEPS_PER_EPOCH = (25, 40, 50, 100, 60)
PCTS = (0.3, 0.3, 0.25, 0.2, 0.4)
DIVS = (25.0, 25.0, 10.0, 20.0)
FINAL_DIVS = (1e4, 1e4, 100.0, 1000.0)
MAX_M, BASE_M = 0.95, 0.85
SIG6 = Rounding(sig=6)


def _fmt(x: float) -> str:
    return exact(x)


@question("schedules.one_cycle", topic="schedules", difficulty=3, kind="numeric",
          objective="Work out OneCycleLR's initial, peak-step, final and intermediate learning rates per batch, "
                    "and recognise that it overwrites the optimizer's momentum.")
def one_cycle(rng: np.random.Generator) -> Draft:
    max_lr, n_ep, spe = pick(rng, MAX_LRS), pick(rng, EPOCHS), pick(rng, STEPS_PER_EPOCH)
    pct, div, fdiv = pick(rng, PCTS), pick(rng, DIVS), pick(rng, FINAL_DIVS)
    total = n_ep * spe
    up = float(pct * total)
    if up != round(up) or up < 4:
        raise Redraw("pct_start·total_steps should be a whole number of steps")
    up_end = int(up) - 1
    variant = pick(rng, ("initial", "final", "peak", "step", "step", "momentum"))

    sched = core.one_cycle(max_lr, total, pct_start=pct, div_factor=div, final_div_factor=fdiv)
    lrs = sched.values(total)
    moms = sched.momentum.values(total)
    init, low = max_lr / div, max_lr / div / fdiv
    peak = int(np.argmax(lrs))
    if not (np.isclose(lrs[0], init, rtol=1e-12) and np.isclose(lrs[-1], low, rtol=1e-9)
            and peak == up_end and np.isclose(lrs[peak], max_lr, rtol=1e-12)
            and np.isclose(moms[0], MAX_M) and np.isclose(moms[up_end], BASE_M) and np.isclose(moms[-1], MAX_M)):
        raise AssertionError("one_cycle disagrees with the OneCycleLR recipe at its landmarks")

    ML, D, FD = _fmt(max_lr), _fmt(div), _fmt(fdiv)
    prompt = render(
        r"A model is trained with `SGD(params, lr=<<ml>>, momentum=0)` and "
        r"`OneCycleLR(optimizer, max_lr=<<ml>>, epochs=<<ne>>, steps_per_epoch=<<spe>>, pct_start=<<pct>>, "
        r"div_factor=<<d>>, final_div_factor=<<fd>>)`; the other arguments keep their defaults "
        r"(`anneal_strategy='cos'`, `three_phase=False`, `cycle_momentum=True`, `base_momentum=0.85`, "
        r"`max_momentum=0.95`). As PyTorch requires, `scheduler.step()` is called after every batch "
        r"(every `optimizer.step()`), and steps are counted from $k = 0$. ",
        ml=ML, ne=n_ep, spe=spe, pct=_fmt(pct), d=D, fd=FD)
    steps = [say(r"`OneCycleLR` runs over $<<ne>>\cdot <<spe>> = <<tot>>$ batch steps, $k = 0, \dots, <<last>>$. "
                 r"It starts at $\eta_{\mathrm{init}} = \mathrm{max\_lr}/\mathrm{div\_factor}$, rises to "
                 r"$\mathrm{max\_lr}$ at the end of the first phase, $k = \mathrm{pct\_start}\cdot <<tot>> - 1$, and "
                 r"anneals to $\eta_{\mathrm{init}}/\mathrm{final\_div\_factor}$ at $k = <<last>>$; within a phase "
                 r"the value is $\mathrm{end} + (\mathrm{start} - \mathrm{end})\,(1 + \cos(\pi p))/2$, with $p$ the "
                 r"fraction of the phase done.", ne=n_ep, spe=spe, tot=total, last=total - 1)]
    init_step, INIT = calc(r"$\eta_{\mathrm{init}} = <<ml>>/<<d>> = <<result>>$.", f"{ML}/{D}", ml=ML, d=D)
    if not math.isclose(float(INIT), init, rel_tol=1e-12):
        raise Redraw("the initial rate is not a short decimal")
    rounding = None
    params = {}
    if variant == "initial":
        value = float(lrs[0])
        ask = r"What learning rate is used in the very first step, $k = 0$? Give it to 4 significant figures."
        steps.append(init_step)
        result = INIT
        steps.append(say(r"Step 0 does **not** use `max_lr` (nor the `lr` given to SGD, which `OneCycleLR` "
                         r"overwrites): the cycle starts <<d>> times lower and warms up.", d=D))
    elif variant == "final":
        value = float(lrs[-1])
        ask = render(r"What learning rate is used in the last step, $k = <<last>>$? Give it to 4 significant "
                     r"figures.", last=total - 1)
        steps.append(init_step)
        step, result = calc(r"$\eta_{\mathrm{final}} = \eta_{\mathrm{init}}/\mathrm{final\_div\_factor} = "
                            r"<<init>>/<<fd>> = <<result>>$ (4 significant figures).",
                            f"{INIT}/{FD}", init=tex(INIT), fd=FD)
        steps.append(step)
        steps.append(say(r"Dividing `max_lr` by `final_div_factor` alone would give $<<wrong>>$: the final divisor "
                         r"applies to the *initial* rate, so the total reduction from the peak is "
                         r"<<d>>·<<fd>>.", wrong=tex(pretty(max_lr / fdiv)), d=D, fd=FD))
    elif variant == "peak":
        value = float(peak)
        rounding = INTEGER
        ask = r"At which step $k$ is the learning rate at its maximum, `max_lr`? Give a whole number."
        step, result = calc(r"The first phase ends at $k = <<pct>>\cdot <<tot>> - 1 = <<result>>$.",
                            f"{_fmt(pct)}*{total} - 1", INTEGER, pct=_fmt(pct), tot=total)
        steps.append(step)
        steps.append(say(r"PyTorch ends phase 1 at $\mathrm{pct\_start}\cdot\mathrm{total\_steps} - 1$ (the steps "
                         r"are counted from 0), so the peak is one step before <<up>>; at step <<up>> the rate "
                         r"has already started to fall ($\eta_{<<up>>} = <<after>>$ against "
                         r"$\mathrm{max\_lr} = <<ml>>$).", up=int(up), after=tex(pretty(float(lrs[int(up)]), SIG6)),
                         ml=ML))
    elif variant == "step":
        k = int(rng.integers(1, total - 1))
        if k == up_end:
            raise Redraw("the peak step has its own variant")
        value = float(lrs[k])
        if rng.random() < 0.5:
            e_, b_ = divmod(k, spe)
            ask = render(r"What learning rate is used for batch $b = <<b>>$ of epoch $e = <<e>>$ (both counted from "
                         r"0)? Give it to 4 significant figures.", b=b_, e=e_)
            step, K = calc(r"That batch is step $k = <<e>>\cdot <<spe>> + <<b>> = <<result>>$.",
                           f"{e_}*{spe} + {b_}", INTEGER, e=e_, spe=spe, b=b_)
            steps.append(step)
        else:
            ask = render(r"What learning rate is used in step $k = <<k>>$? Give it to 4 significant figures.", k=k)
            K = str(k)
        steps.append(init_step)
        step, UPEND = calc(r"Phase 1 ends at $k = <<pct>>\cdot <<tot>> - 1 = <<result>>$.",
                           f"{_fmt(pct)}*{total} - 1", INTEGER, pct=_fmt(pct), tot=total)
        steps.append(step)
        if k < up_end:
            step, P = calc(r"Step <<k>> is in the rising phase: $p = <<k>>/<<ue>> = <<result>>$.",
                           f"{K}/{UPEND}", k=K, ue=UPEND)
            steps.append(step)
            step, result = calc(r"$\eta_{<<k>>} = <<ml>> + (<<init>> - <<ml>>)\cdot\frac{1 + \cos(\pi\cdot <<k>>/<<ue>>)}"
                                r"{2} = <<result>>$ (4 significant figures).",
                                f"{ML} + ({INIT} - {ML})*(1 + cos(pi*{K}/{UPEND}))/2",
                                k=K, ml=ML, init=tex(INIT), ue=UPEND)
        else:
            step, LOW = calc(r"The final rate is $\eta_{\mathrm{init}}/\mathrm{final\_div\_factor} = "
                             r"<<init>>/<<fd>> = <<result>>$.", f"{INIT}/{FD}", init=tex(INIT), fd=FD)
            steps.append(step)
            n2 = total - 1 - up_end
            step, P = calc(r"Step <<k>> is in the annealing phase, which runs from <<ue>> to <<last>>: "
                           r"$p = (<<k>> - <<ue>>)/<<n2>> = <<result>>$.", f"({K} - {UPEND})/{n2}",
                           k=K, ue=UPEND, last=total - 1, n2=n2)
            steps.append(step)
            step, result = calc(r"$\eta_{<<k>>} = <<low>> + (<<ml>> - <<low>>)\cdot\frac{1 + \cos(\pi\cdot (<<k>> - "
                                r"<<ue>>)/<<n2>>)}{2} = <<result>>$ (4 significant figures).",
                                f"{LOW} + ({ML} - {LOW})*(1 + cos(pi*({K} - {UPEND})/{n2}))/2",
                                k=K, low=tex(LOW), ml=ML, ue=UPEND, n2=n2)
        steps.append(step)
        params = {"step": k}
    else:
        k = 0 if rng.random() < 0.5 else int(rng.integers(1, total - 1))
        value = float(moms[k])
        ask = render(r"What momentum does SGD actually use in step $k = <<k>>$? Give it to 4 significant figures.",
                     k=k)
        steps.append(say(r"With `cycle_momentum=True` (the default) `OneCycleLR` writes its own momentum into the "
                         r"optimizer's parameter group at construction and at every step, so the `momentum=0` given to "
                         r"SGD is overwritten. The momentum moves opposite to the rate: from `max_momentum` = 0.95 "
                         r"down to `base_momentum` = 0.85 at the peak step, then back up to 0.95."))
        if k == 0:
            step, result = calc(r"At $k = 0$ the momentum is `max_momentum` $= <<result>>$, not 0.", "0.95")
            steps.append(step)
        else:
            step, UPEND = calc(r"Phase 1 ends at $k = <<pct>>\cdot <<tot>> - 1 = <<result>>$.",
                               f"{_fmt(pct)}*{total} - 1", INTEGER, pct=_fmt(pct), tot=total)
            steps.append(step)
            if k <= up_end:
                step, result = calc(r"Step <<k>> is in phase 1 (momentum falling from 0.95 to 0.85): "
                                    r"$0.85 + (0.95 - 0.85)\cdot\frac{1 + \cos(\pi\cdot <<k>>/<<ue>>)}{2} = <<result>>$ "
                                    r"(4 significant figures).",
                                    f"0.85 + (0.95 - 0.85)*(1 + cos(pi*{k}/{UPEND}))/2", k=k, ue=UPEND)
            else:
                n2 = total - 1 - up_end
                step, result = calc(r"Step <<k>> is in phase 2 (momentum rising from 0.85 back to 0.95 over "
                                    r"<<n2>> steps): $0.95 + (0.85 - 0.95)\cdot\frac{1 + \cos(\pi\cdot (<<k>> - <<ue>>)"
                                    r"/<<n2>>)}{2} = <<result>>$ (4 significant figures).",
                                    f"0.95 + (0.85 - 0.95)*(1 + cos(pi*({k} - {UPEND})/{n2}))/2",
                                    k=k, ue=UPEND, n2=n2)
            steps.append(step)
        steps.append(say(r"To keep plain SGD without momentum, pass `cycle_momentum=False`."))
        params = {"step": k}
    ans = answer(value, rounding or SIG4)
    prompt += ask
    if result != ans.display:
        raise AssertionError(f"worked steps give {result}, the schedule gives {ans.display}")
    return Draft(
        prompt=prompt, solution=tuple(steps), answer=ans, rounding=rounding or SIG4,
        params={"schedule": {"name": "one_cycle", "max_lr": max_lr, "total_steps": total, "pct_start": pct,
                             "anneal_strategy": "cos", "div_factor": div, "final_div_factor": fdiv,
                             "base_momentum": BASE_M, "max_momentum": MAX_M},
                "optimizer": {"name": "sgd", "lr": max_lr, "momentum": 0.0, "cycle_momentum": True},
                "epochs": n_ep, "steps_per_epoch": spe, "variant": variant,
                "convention": "OneCycleLR stepped per batch, k = 0 … total_steps − 1", **params},
        tags=("schedules", "OneCycleLR") + (("momentum-overwrite",) if variant == "momentum" else ()),
    )
