"""Adagrad's built-in decay: with a constant gradient the t-th step is lr/√t (DOMAIN §2.7, archetype F4).

``torch.optim.Adagrad(lr, eps=1e-10)`` accumulates s_t = s_{t−1} + g_t² and steps
θ_t = θ_{t−1} − lr·g_t/(√s_t + ε). With the same gradient g every step, s_t = t·g² and the step
is lr·|g|/(√t·|g| + ε) ≈ lr/√t, whatever g is: the effective learning rate keeps shrinking,
CS231n's "too aggressive, stops learning too early".

Two variants: the length of step t, or the first step whose length is at most lr/k (t = k²).
The answer is simulated by calling ``core.adagrad``'s own ``update`` on a fixed gradient (a
linear objective is not in the core) and checked against the closed form.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import (
    INTEGER, Draft, Rounding, answer, calc, exact, first_index, pick, pretty, question, render, say, tex,
)

RATES = (0.01, 0.05, 0.1, 0.5, 1)
GRADIENTS = (-10, -4, -2, -1, -0.5, 0.5, 1, 2, 4, 10)
STEP_NUMBERS = (4, 9, 16, 25, 36, 50, 80, 100, 200, 400)
DIVISORS = (2, 3, 4, 5, 8, 10, 20)
FULL = Rounding(sig=10)
EPS = 1e-10


@question("adaptive.adagrad_decay", topic="adaptive", difficulty=2, kind="numeric",
          objective="Show that Adagrad's step shrinks like lr/√t under a constant gradient, and compute it.")
def adagrad_decay(rng: np.random.Generator) -> Draft:
    lr, g = pick(rng, RATES), pick(rng, GRADIENTS)
    variant = pick(rng, ("length", "length", "first_below"))
    LR, G, AG = exact(lr), exact(g), exact(abs(g))
    setup = render(
        r"PyTorch `torch.optim.Adagrad(lr=<<lr>>)` (eps $= <<eps>>$, no lr_decay, accumulator starting at 0) "
        r"trains a parameter on a stretch of the loss where the gradient is $g = <<g>>$ at every step.",
        lr=LR, eps=tex("1e-10"), g=tex(G))
    steps = [say(r"Adagrad adds up squared gradients, $s_t = s_{t-1} + g_t^2$, and steps by "
                 r"$\mathrm{lr}\cdot g_t/(\sqrt{s_t} + \epsilon)$. With a constant gradient $s_t = t\,g^2$, so step $t$ "
                 r"has length $\mathrm{lr}\,|g|/(\sqrt{t}\,|g| + \epsilon) \approx \mathrm{lr}/\sqrt{t}$, independent "
                 r"of $g$.")]

    if variant == "length":
        t = pick(rng, STEP_NUMBERS)
        sizes = core.constant_gradient_steps(core.adagrad(lr), g, t)
        value = float(sizes[-1])
        closed = lr * abs(g) / (np.sqrt(t) * abs(g) + EPS)
        if not np.isclose(value, closed, rtol=1e-12):
            raise AssertionError(f"simulated step {value} disagrees with lr|g|/(√t|g| + ε) = {closed}")
        ans = answer(value)
        step, S = calc(r"After <<t>> steps: $s_{<<t>>} = <<t>>\cdot(<<g>>)^2 = <<result>>$.", f"{t}*({G})**2", FULL,
                       t=t, g=tex(G))
        steps.append(step)
        step, result = calc(r"Step <<t>>: $\mathrm{lr}\,\frac{|g|}{\sqrt{s_{<<t>>}} + \epsilon} = "
                            r"<<lr>>\cdot\frac{<<ag>>}{\sqrt{<<s>>} + <<eps>>} = <<result>>$ (4 significant figures).",
                            f"{LR}*{AG}/(sqrt({S}) + 1e-10)", t=t, lr=LR, ag=AG, s=tex(S), eps=tex("1e-10"))
        steps.append(step)
        steps.append(say(r"Simulated: step 1 has length $<<s1>>$ ($= \mathrm{lr}$) and step <<t>> has length $<<st>>$, "
                         r"i.e. $\mathrm{lr}/\sqrt{<<t>>}$. Plain SGD would keep taking steps of $\mathrm{lr}\cdot|g| = "
                         r"<<sgd>>$. It is $\mathrm{lr}/\sqrt{t}$, not $\mathrm{lr}/t$: the square root of a sum of "
                         r"$t$ equal squares grows like $\sqrt{t}$.", s1=tex(pretty(float(sizes[0]))),
                         st=tex(pretty(value)), t=t, sgd=tex(pretty(lr * abs(g)))))
        ask = r"How long is step <<t>>, $|\theta_{<<t>>} - \theta_{<<t1>>}|$? Give it to 4 significant figures."
        params = {"asked_step": t}
        ask = render(ask, t=t, t1=t - 1)
    else:
        k = pick(rng, DIVISORS)
        sizes = core.constant_gradient_steps(core.adagrad(lr), g, k * k + 2)
        hit = first_index(sizes <= lr / k)
        if hit is None:
            raise AssertionError("no step fell to lr/k")
        value = hit + 1        # steps are numbered from 1
        if value != k * k:
            raise AssertionError(f"the first step at most lr/k is {value}, expected k² = {k * k}")
        ans = answer(float(value), INTEGER)
        steps.append(say(r"Step $t$ is at most $\mathrm{lr}/<<k>>$ when $\sqrt{t}\,|g| + \epsilon \ge <<k>>|g|$, i.e. "
                         r"(the tiny $\epsilon$ only helps) when $\sqrt{t} \ge <<k>>$.", k=k))
        step, result = calc(r"So the first such step is $t = <<k>>^2 = <<result>>$.", f"{k}**2", INTEGER, k=k)
        steps.append(step)
        steps.append(say(r"Simulated: step <<a>> has length $<<la>>$ and step <<b>> has length $<<lb>>$, while "
                         r"$\mathrm{lr}/<<k>> = <<target>>$. The step shrinks by <<k>>× only after <<b>> steps, "
                         r"not <<k>> ($\mathrm{lr}/t$ would be a much faster decay).",
                         a=k * k - 1, la=tex(pretty(float(sizes[k * k - 2]), Rounding(sig=6))), b=k * k,
                         lb=tex(pretty(float(sizes[k * k - 1]), Rounding(sig=6))), k=k,
                         target=tex(pretty(lr / k, Rounding(sig=6)))))
        ask = render(r"Steps are numbered $t = 1, 2, \dots$ What is the first step whose length "
                     r"$|\theta_t - \theta_{t-1}|$ is at most $\mathrm{lr}/<<k>>$? Give a whole number.", k=k)
        params = {"divisor": k}
    steps.append(say(r"Because the accumulator only grows, Adagrad's effective learning rate keeps falling even "
                     r"when progress is still needed; RMSprop and Adam replace the sum by a moving average."))
    if result != ans.display:
        raise AssertionError(f"worked steps give {result}, the simulation gives {ans.display}")
    return Draft(
        prompt=setup + " " + ask, solution=tuple(steps), answer=ans,
        params={"objective": {"name": "constant_gradient", "gradient": g},
                "optimizer": {"name": "adagrad", "lr": lr, "eps": EPS, "lr_decay": 0.0,
                              "initial_accumulator_value": 0.0},
                "x0": 0.0, "steps": len(sizes), "variant": variant, **params},
        tags=("adagrad", "effective-lr", "decay"),
    )
