"""Goyal et al.'s linear scaling rule and its gradual warm-up (DOMAIN §2.10, archetype G1; misconception M13).

"When the minibatch size is multiplied by k, multiply the learning rate by k" (Goyal et al. 2017,
for SGD; ResNet-50 reference η = 0.1·B/256), followed by a gradual warm-up that ramps the rate
linearly from η to kη over the first epochs. Three variants:

* scale a working (B₀, η₀) pair to a new batch size B₁ = k·B₀  → η₀·B₁/B₀;
* Goyal's ResNet-50 reference rate for a batch size B          → 0.1·B/256;
* the warm-up rate used during epoch e (0-based) of a linear ramp from η₀ to kη₀ over W epochs,
  PyTorch ``LinearLR(start_factor=1/k, end_factor=1, total_iters=W)`` on base lr kη₀
                                                                  → η₀ + (kη₀ − η₀)·e/W.

The warm-up value is read from ``core.linear_warmup`` (the PyTorch schedule) and checked
against the closed form; the scaled rate is checked against the schedule's end value. The
solution names the distractors: √k scaling (Adam-type methods, Malladi et al. 2022) and
"keep the lr" (M13).
"""

import numpy as np

from quizgen import core
from quizgen.authoring import Draft, answer, calc, exact, pick, pretty, question, render, say, tex

BASE_RATES = (0.01, 0.02, 0.05, 0.1, 0.2)
BASE_BATCHES = (32, 64, 128, 256)
MULTIPLIERS = (2, 4, 8, 16)
GOYAL_BATCHES = (512, 1024, 2048, 3072, 4096, 8192)
WARMUP_EPOCHS = (4, 5, 8, 10)


@question("sgd.linear_scaling", topic="sgd-noise", difficulty=1, kind="numeric",
          objective="Apply the linear scaling rule for SGD (learning rate proportional to batch size) and compute the "
                    "learning rate during a gradual linear warm-up.")
def linear_scaling(rng: np.random.Generator) -> Draft:
    variant = pick(rng, ("scale", "goyal", "warmup", "warmup"))
    steps = []
    rule = (r"Goyal et al.'s linear scaling rule for SGD: when the mini-batch size is multiplied by $k$, multiply the "
            r"learning rate by $k$ (so the noise scale $\propto \eta/B$ stays the same).")
    if variant == "scale":
        eta0, b0, k = pick(rng, BASE_RATES), pick(rng, BASE_BATCHES), pick(rng, MULTIPLIERS)
        b1 = b0 * k
        value = float(core.linear_warmup(eta0 * k, 1.0 / k, 1.0, 5)(5))   # the rate the warm-up ends at
        E0 = exact(eta0)
        prompt = render(
            r"Mini-batch SGD (no momentum) trains well with batch size $<<b0>>$ and learning rate $<<e0>>$. You move "
            r"to more GPUs and use batch size $<<b1>>$. Following the linear scaling rule, what learning rate should "
            r"you use (after the warm-up)? Give it to 4 significant figures.", b0=b0, e0=E0, b1=b1)
        steps.append(say(rule))
        step, K = calc(r"$k = <<b1>>/<<b0>> = <<result>>$.", f"{b1}/{b0}", b1=b1, b0=b0)
        steps.append(step)
        step, result = calc(r"$\eta = k\,\eta_0 = <<k>>\cdot<<e0>> = <<result>>$.", f"{K}*{E0}", k=K, e0=E0)
        steps.append(step)
        closed = eta0 * b1 / b0
        params = {"base_lr": eta0, "base_batch": b0, "batch": b1}
        alt = [(r"\sqrt{k}", eta0 * np.sqrt(k)), ("1", eta0)]
    elif variant == "goyal":
        b = pick(rng, GOYAL_BATCHES)
        value = float(core.linear_warmup(0.1 * b / 256, 256 / b, 1.0, 5)(5))
        prompt = render(
            r"Goyal et al. (2017) trained ResNet-50 on ImageNet with SGD (momentum 0.9) using the reference learning "
            r"rate $0.1$ for a batch size of $256$ and the linear scaling rule $\eta = 0.1\cdot B/256$. What learning "
            r"rate does the rule give for batch size $B = <<b>>$ (after the warm-up)? Give it to 4 significant "
            r"figures.", b=b)
        steps.append(say(rule))
        step, result = calc(r"$\eta = 0.1\cdot B/256 = 0.1\cdot<<b>>/256 = <<result>>$.", f"0.1*{b}/256", b=b)
        steps.append(step)
        closed = 0.1 * b / 256
        k = b / 256
        params = {"base_lr": 0.1, "base_batch": 256, "batch": b}
        alt = [(r"\sqrt{k}", 0.1 * np.sqrt(k)), ("1", 0.1)]
    else:
        eta0, k, W = pick(rng, BASE_RATES), pick(rng, MULTIPLIERS[:3]), pick(rng, WARMUP_EPOCHS)
        e = int(rng.integers(1, W))
        target = eta0 * k
        sched = core.linear_warmup(target, start_factor=1.0 / k, end_factor=1.0, total_iters=W)
        value = float(sched(e))
        E0, TG = exact(eta0), pretty(target)
        prompt = render(
            r"Mini-batch SGD trains well with learning rate $<<e0>>$ at a small batch size. The batch is made $<<k>>$ "
            r"times larger, so by the linear scaling rule the target rate is $<<k>>\cdot<<e0>>$. To avoid early "
            r"instability it is reached by a gradual warm-up: the rate rises linearly from $<<e0>>$ at epoch $0$ to "
            r"the target at epoch $<<W>>$ and stays there (PyTorch `LinearLR(start_factor=1/<<k>>, end_factor=1, "
            r"total_iters=<<W>>)` on the target rate, `scheduler.step()` once per epoch). Epochs are counted from 0. "
            r"What learning rate is used during epoch $<<e>>$? Give it to 4 significant figures.",
            e0=E0, k=k, W=W, e=e)
        step, T = calc(r"Target rate: $k\,\eta_0 = <<k>>\cdot<<e0>> = <<result>>$.", f"{k}*{E0}", k=k, e0=E0)
        steps.append(step)
        step, result = calc(r"During epoch $e$ the rate is $\eta_0 + (k\eta_0 - \eta_0)\,e/W$ with $W = <<W>>$ warm-up "
                            r"epochs, so in epoch <<e>>: "
                            r"$<<e0>> + (<<t>> - <<e0>>)\cdot<<e>>/<<W>> = <<result>>$.",
                            f"{E0} + ({T} - {E0})*{e}/{W}", e0=E0, t=tex(T), e=e, W=W)
        steps.append(step)
        closed = eta0 + (target - eta0) * e / W
        params = {"base_lr": eta0, "multiplier": k, "warmup_epochs": W, "epoch": e,
                  "schedule": {"name": "linear_warmup", "init_value": target, "start_factor": 1.0 / k,
                               "end_factor": 1.0, "total_iters": W}}
        alt = []
        steps.append(say(r"It reaches $<<t>>$ at epoch <<W>> (not <<W1>>): `LinearLR` applies the start factor at "
                         r"epoch 0 and the full rate from epoch $W$ on. Warm-up is there for stability in the first "
                         r"epochs, not to speed training up (M14).", t=tex(TG), W=W, W1=W - 1))
    if not np.isclose(value, closed, rtol=1e-12):
        raise AssertionError(f"schedule value {value} disagrees with the closed form {closed}")
    ans = answer(value)
    if result != ans.display:
        raise AssertionError(f"worked steps give {result}, the schedule gives {ans.display}")
    if alt:
        steps.append(say(r"Not $\sqrt{k}$ scaling (<<sq>>): that rule is for Adam-type optimizers (Malladi et al. "
                         r"2022). And not the old rate (<<old>>): with $k$ times fewer steps per epoch, each of the "
                         r"same size, the same epoch budget would train much less (M13). The rule holds up to a point: it needs "
                         r"warm-up and breaks down at very large batches.",
                         sq=f"${tex(pretty(alt[0][1]))}$", old=f"${tex(pretty(alt[1][1]))}$"))
    return Draft(prompt=prompt, solution=tuple(steps), answer=ans,
                 params={"rule": "linear_scaling", "variant": variant, **params},
                 tags=("linear-scaling", "batch-size", "warmup", "M13"))
