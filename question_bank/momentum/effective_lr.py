"""Momentum's effective learning rate on a constant slope (DOMAIN §2.5, archetype E1; misconception M15).

PyTorch ``SGD(lr=η, momentum=β)`` keeps a buffer b_1 = g_1, b_t = β b_{t−1} + g_t and steps
θ_t = θ_{t−1} − η b_t. With the same gradient g at every step (a constant slope),
b_t = g(1 − βᵗ)/(1 − β), so the steps grow from η|g| and settle at the *terminal* step
η|g|/(1 − β): momentum multiplies the learning rate by 1/(1 − β) (Goodfellow §8.3.2's terminal
velocity, d2l's effective sample weight).

The answer is taken from a real run: ``core.sgd(momentum=β)``'s own ``update`` is called on a
fixed gradient (a linear objective is not in the core) for enough steps that βᵗ < 10⁻¹⁰, and
the last step is the terminal step; it is checked against ``core.theory.effective_lr``. Two
variants: the effective learning rate η/(1 − β), or the terminal step length for a given g.
"""

import math

import numpy as np

from quizgen import core
from quizgen.authoring import Draft, Redraw, answer, calc, exact, pick, pretty, question, render, say, tex

RATES = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1)
BETAS = (0.5, 0.8, 0.9, 0.95, 0.98, 0.99)
SLOPES = (-5, -4, -3, -2, -1, -0.5, 0.5, 1, 2, 3, 4, 5)
SETTLE = 1e-10   # run until βᵗ is below this: the last step equals the terminal one to ~10 digits


@question("momentum.effective_lr", topic="momentum", difficulty=1, kind="numeric",
          objective="Compute the effective learning rate η/(1 − β) of SGD with momentum: the terminal step per unit "
                    "gradient on a constant slope.")
def effective_lr(rng: np.random.Generator) -> Draft:
    eta, beta, g = pick(rng, RATES), pick(rng, BETAS), pick(rng, SLOPES)
    variant = pick(rng, ("effective", "step"))
    T = math.ceil(math.log(SETTLE) / math.log(beta))
    sizes = core.constant_gradient_steps(core.sgd(eta, momentum=beta), g, T)
    terminal = float(sizes[-1])
    closed = float(core.theory.effective_lr(eta, beta))
    if not np.isclose(sizes[0], eta * abs(g), rtol=1e-12):
        raise AssertionError(f"the first step {sizes[0]} should be η|g| = {eta * abs(g)} (no momentum yet)")
    if not np.isclose(terminal, closed * abs(g), rtol=1e-8):
        raise AssertionError(f"simulated terminal step {terminal} disagrees with η|g|/(1 − β) = {closed * abs(g)}")
    value = terminal / abs(g) if variant == "effective" else terminal
    ans = answer(value)
    if ans.display != pretty(closed if variant == "effective" else closed * abs(g)):
        raise Redraw("the simulated value and the closed form print differently")

    E, B, G, AG = exact(eta), exact(beta), exact(g), exact(abs(g))
    ten = pick(rng, (5, 10, 20))
    early = pretty(float(sizes[ten - 1]))
    steps = [
        say(r"PyTorch's buffer starts at the first gradient and then accumulates: $b_1 = g$, "
            r"$b_t = \beta\,b_{t-1} + g$, so $b_t = g\,(1 + \beta + \dots + \beta^{t-1}) = g\,\frac{1 - \beta^t}{1 - \beta}$. "
            r"Each step is $\eta\,b_t$."),
        say(r"As $t \to \infty$, $\beta^t \to 0$ and the step settles at the **terminal step** "
            r"$\eta\,|g|/(1 - \beta)$: momentum multiplies the learning rate by $1/(1 - \beta)$."),
    ]
    if variant == "effective":
        step, _ = calc(r"Effective learning rate: $\frac{\eta}{1 - \beta} = \frac{<<e>>}{1 - <<b>>} = <<result>>$ "
                       r"(4 significant figures).", f"{E}/(1 - {B})", e=E, b=B)
    else:
        step, _ = calc(r"Terminal step: $\frac{\eta\,|g|}{1 - \beta} = \frac{<<e>>\cdot<<ag>>}{1 - <<b>>} = <<result>>$ "
                       r"(4 significant figures).", f"{E}*{AG}/(1 - {B})", e=E, ag=AG, b=B)
    steps.append(step)
    steps.append(say(
        r"Simulated with PyTorch's update rule on the constant gradient $g = <<g>>$: the first step is "
        r"$\eta|g| = <<first>>$, step <<ten>> is $<<early>>$, and after <<T>> steps (when $\beta^t < 10^{-10}$) the step "
        r"is $<<last>>$<<per>>: the terminal step, approached only after many multiples of $1/(1 - \beta)$ steps.",
        g=tex(G), first=tex(pretty(float(sizes[0]))), ten=ten, early=tex(early), T=T, last=tex(pretty(terminal)),
        per=(render(r", i.e. $<<v>>$ per unit of gradient", v=tex(pretty(value))) if variant == "effective" else "")))
    steps.append(say(r"It is not $\eta\beta$ or $\eta(1 + \beta)$: the buffer adds up a geometric series. In practice, "
                     r"when you switch on momentum $\beta = <<b>>$ you often lower $\eta$ to keep the same effective "
                     r"step: momentum is not \"free\" speed with the same learning-rate limits.", b=B))

    ask = (r"Its **effective learning rate** is the terminal step per unit of gradient, i.e. the learning rate plain "
           r"SGD would need to take steps that large. What is it?" if variant == "effective" else
           r"The steps grow and settle at a **terminal** size. What is the terminal step length "
           r"$\lim_{t\to\infty} |\theta_t - \theta_{t-1}|$?")
    prompt = render(
        r"A parameter $\theta$ is trained with PyTorch `SGD(lr=<<e>>, momentum=<<b>>)` (dampening 0, no Nesterov) "
        r"on a long stretch of the loss with constant slope: the gradient is $g = <<g>>$ at every step. "
        + ask + r" Give it to 4 significant figures.", e=E, b=B, g=tex(G))
    return Draft(
        prompt=prompt, solution=tuple(steps), answer=ans,
        params={"objective": {"name": "constant_gradient", "gradient": g},
                "optimizer": {"name": "sgd", "lr": eta, "momentum": beta, "dampening": 0.0, "nesterov": False},
                "x0": 0.0, "steps": T, "variant": variant},
        tags=("momentum", "effective-lr", "M15"),
    )
