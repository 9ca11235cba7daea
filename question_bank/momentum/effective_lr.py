"""Momentum's effective learning rate on a constant slope (DOMAIN §2.5, archetype E1; misconception M15).

PyTorch ``SGD(lr=η, momentum=β)`` keeps b_1 = g_1, b_t = β b_{t−1} + g_t and steps η b_t. With the same
gradient g every step, b_t = g(1 − βᵗ)/(1 − β): the steps settle at the *terminal* step η|g|/(1 − β)
(Goodfellow §8.3.2's terminal velocity). The steps come from ``core.sgd(momentum=β)``'s own ``update`` on a
fixed gradient, run until βᵗ < 10⁻¹⁰. Variants: the effective rate η/(1 − β), or the terminal step for g.
"""

import math

from quizgen import core
from quizgen.family import Meta, calc, num, pick, redraw_if
from quizgen.kit import optim

SETTLE = 1e-10   # run until βᵗ is below this: the last step equals the terminal one to ~10 digits

QUESTION = r"""A parameter $\theta$ is trained with PyTorch `SGD(lr=<<eta>>, momentum=<<beta>>)` (dampening 0, no
Nesterov) on a long stretch of the loss with constant slope: the gradient is $g = <<g>>$ at every step.
<% if variant == 'effective' %>Its **effective learning rate** is the terminal step per unit of gradient, i.e. the
learning rate plain SGD would need to take steps that large. What is it?<% else %>The steps grow and settle at a
**terminal** size. What is the terminal step length $\lim_{t\to\infty} |\theta_t - \theta_{t-1}|$?<% endif %> Give it
to 4 significant figures."""

SOLUTION = [
    r"""PyTorch's buffer starts at the first gradient and then accumulates: $b_1 = g$, $b_t = \beta\,b_{t-1} + g$, so
    $b_t = g\,(1 + \beta + \dots + \beta^{t-1}) = g\,\frac{1 - \beta^t}{1 - \beta}$. Each step is $\eta\,b_t$.""",
    r"""As $t \to \infty$, $\beta^t \to 0$ and the step settles at the **terminal step** $\eta\,|g|/(1 - \beta)$:
    momentum multiplies the learning rate by $1/(1 - \beta)$.""",
    r"""<% if variant == 'effective' %>Effective learning rate: $\frac{\eta}{1 - \beta} = <<answer.work>>$<% else
    %>Terminal step: $\frac{\eta\,|g|}{1 - \beta} = <<answer.work>>$<% endif %> (4 significant figures).""",
    r"""Simulated with PyTorch's update rule on the constant gradient $g = <<g>>$: the first step is $\eta|g| =
    <<first>>$, step <<ten>> is $<<early>>$, and after <<T>> steps (when $\beta^t < 10^{-10}$) the step is
    $<<last>>$<% if variant == 'effective' %>, i.e. $<<per>>$ per unit of gradient<% endif %>: the terminal step,
    approached only after many multiples of $1/(1 - \beta)$ steps.""",
    r"""It is not $\eta\beta$ or $\eta(1 + \beta)$: the buffer adds up a geometric series. In practice, when you
    switch on momentum $\beta = <<beta>>$ you often lower $\eta$ to keep the same effective step: momentum is not
    "free" speed with the same learning-rate limits.""",
]


def data(rng):
    eta = pick(rng, (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1))
    beta = pick(rng, (0.5, 0.8, 0.9, 0.95, 0.98, 0.99))
    g, variant = pick(rng, (-5, -4, -3, -2, -1, -0.5, 0.5, 1, 2, 3, 4, 5)), pick(rng, ("effective", "step"))
    T = math.ceil(math.log(SETTLE) / math.log(beta))
    sizes = core.constant_gradient_steps(core.sgd(eta, momentum=beta), g, T)
    effective = float(core.theory.effective_lr(eta, beta))
    value, theory = (sizes[-1] / abs(g), effective) if variant == "effective" else (sizes[-1], effective * abs(g))
    redraw_if(num(value, sig=4).text != num(theory, sig=4).text,
              "the simulated value and the closed form print differently")
    ten = pick(rng, (5, 10, 20))
    answer = calc("e/(1 - b)" if variant == "effective" else "e*ag/(1 - b)", e=eta, ag=abs(g), b=beta)
    per = 1 if variant == "effective" else abs(g)  # the slips' rates, times |g| for a step
    slips = [
        (eta * (1 + beta) * per, "momentum-one-step",
         r"""$\eta(1 + \beta)$ counts only the first two terms of the buffer, $g + \beta g$. The buffer keeps
         adding: $b_t = g(1 + \beta + \beta^2 + \dots) \to g/(1 - \beta)$."""),
        (eta * beta * per, "momentum-times-beta",
         r"""Momentum does not scale the step by $\beta$: the buffer adds up all past gradients with weights
         $1, \beta, \beta^2, \dots$, a sum of $1/(1 - \beta)$."""),
        (eta * beta / (1 - beta) * per, "series-from-beta",
         r"""The geometric series starts at $1$, not at $\beta$: PyTorch's buffer begins with the gradient itself,
         $b_1 = g$, so the sum is $1/(1 - \beta)$, not $\beta/(1 - \beta)$."""),
    ]
    if variant == "step":
        slips.append((eta / (1 - beta), "forgot-gradient",
                      r"""That is the effective learning rate $\eta/(1 - \beta)$; the step is that rate times the
                      gradient's size, $|g| = <<ag>>$."""))
    return dict(eta=eta, beta=beta, g=g, variant=variant, T=T, ten=ten, answer=answer, value=float(value),
                wrong_answers=optim.wrong_answers(value, optim.SIG4, slips, {"ag": abs(g)}),
                first=num(sizes[0], sig=4), early=num(sizes[ten - 1], sig=4), last=num(sizes[-1], sig=4),
                per=num(value, sig=4), first_step=sizes[0], terminal=sizes[-1],
                closed={"first_step": eta * abs(g), "terminal": effective * abs(g)}, params={"variant": variant})


META = Meta(id="momentum.effective_lr", topic="momentum", difficulty=1, kind="numeric",
            objective="Compute the effective learning rate η/(1 − β) of SGD with momentum: the terminal step per "
                      "unit gradient on a constant slope.",
            # the first step has no momentum yet; the last one is the terminal step (βᵗ < 1e-10)
            answer="value", closed_form=lambda d: d["closed"], tags=("momentum", "effective-lr", "M15"))
