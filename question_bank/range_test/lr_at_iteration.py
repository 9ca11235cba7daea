"""The learning rate of an LR range test at a given iteration (DOMAIN §2.9, archetype H2).

fastai's ``Learner.lr_find(start_lr, end_lr, num_it)`` sweeps the learning rate exponentially,
lr_i = start·(end/start)^(i/num_it) for iterations i = 0, 1, … (one mini-batch per rate), so
every iteration multiplies the rate by the same factor (end/start)^(1/num_it). Three variants:

* the rate at iteration i;
* the growth factor per iteration;
* the first iteration whose rate is at least a given value: ⌈num_it·ln(x/start)/ln(end/start)⌉
  (draws where that quotient is within 1e-6 of a whole number are redrawn).

The sweep is built as ``core.exponential_decay(start, gamma)`` with γ = (end/start)^(1/num_it) > 1
(an exponential *growth* schedule) and its values are checked against the closed form.
"""

import math

import numpy as np

from quizgen import core
from quizgen.authoring import (
    INTEGER, Draft, Redraw, answer, calc, first_index, pick, pretty, question, render, say, tex,
)

STARTS = (1e-7, 1e-6, 1e-5)
ENDS = (1, 10)
NUM_ITS = (100, 200)
TARGETS = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3)


@question("range_test.lr_at_iteration", topic="range-test", difficulty=2, kind="numeric",
          objective="Compute learning rates of an exponential LR range-test sweep, lr_i = start·(end/start)^(i/num_it).")
def lr_at_iteration(rng: np.random.Generator) -> Draft:
    start, end, num_it = pick(rng, STARTS), pick(rng, ENDS), pick(rng, NUM_ITS)
    variant = pick(rng, ("lr", "lr", "factor", "first_at_least"))
    gamma = (end / start) ** (1.0 / num_it)
    sched = core.exponential_decay(start, gamma)
    lrs = sched.values(num_it)
    closed = start * (end / start) ** (np.arange(num_it) / num_it)
    if not np.allclose(lrs, closed, rtol=1e-10):
        raise AssertionError("the exponential schedule disagrees with start·(end/start)^(i/num_it)")
    S, EN = pretty(start), pretty(end)
    SP = f"({tex(S)})"   # 1 × 10^-6 inside a quotient or product needs parentheses
    setup = render(
        r"An LR range test (as in fastai's `lr_find(start_lr=<<s>>, end_lr=<<en>>, num_it=<<n>>)`) trains one "
        r"mini-batch per iteration while the learning rate grows exponentially: at iteration $i = 0, 1, 2, \dots$ it "
        r"uses $\mathrm{lr}_i = \mathrm{start}\cdot(\mathrm{end}/\mathrm{start})^{i/\mathrm{num\_it}}$ with "
        r"$\mathrm{start} = <<S>>$, $\mathrm{end} = <<EN>>$ and $\mathrm{num\_it} = <<n>>$.",
        s=S, en=EN, n=num_it, S=tex(S), EN=tex(EN))
    steps = []
    params = {}
    if variant == "lr":
        i = int(rng.integers(5, num_it))
        value = float(lrs[i])
        ans = answer(value)
        step, result = calc(r"$\mathrm{lr}_{<<i>>} = <<S>>\cdot(<<EN>>/<<S>>)^{<<i>>/<<n>>} = <<result>>$ "
                            r"(4 significant figures).", f"{S}*({EN}/{S})**({i}/{num_it})", i=i, S=SP, EN=tex(EN),
                            n=num_it)
        steps.append(say(r"The exponent is the fraction of the sweep done, $i/\mathrm{num\_it} = <<i>>/<<n>>$; the "
                         r"rate moves by equal *factors*, so it is a straight line on a log-lr axis.", i=i, n=num_it))
        steps.append(step)
        lin = start + (end - start) * i / num_it
        steps.append(say(r"A linear sweep (start + (end − start)·i/num_it) would give $<<lin>>$ instead: it spends almost "
                         r"all its iterations within a decade of the end value, while the exponential sweep spends "
                         r"equal time in every decade.",
                         lin=tex(pretty(lin))))
        ask = render(r"What learning rate is used at iteration $i = <<i>>$? Give it to 4 significant figures.", i=i)
        params = {"iteration": i}
    elif variant == "factor":
        value = float(lrs[1] / lrs[0])
        ans = answer(value)
        step, result = calc(r"$\mathrm{lr}_{i+1}/\mathrm{lr}_i = (<<EN>>/<<S>>)^{1/<<n>>} = <<result>>$ "
                            r"(4 significant figures).", f"({EN}/{S})**(1/{num_it})", S=SP, EN=tex(EN), n=num_it)
        steps.append(say(r"Going from $i$ to $i + 1$ adds $1/\mathrm{num\_it}$ to the exponent, so every iteration "
                         r"multiplies the rate by the same factor."))
        steps.append(step)
        decades = math.log10(end / start)
        steps.append(say(r"The sweep covers <<d>> decades in <<n>> iterations: <<per>> iterations per decade.",
                         d=int(round(decades)), n=num_it, per=tex(pretty(num_it / decades))))
        ask = r"By what factor does the learning rate grow from one iteration to the next? Give it to 4 significant figures."
    else:
        x = pick(rng, TARGETS)
        q = num_it * math.log(x / start) / math.log(end / start)
        if abs(q - round(q)) < 1e-6:
            raise Redraw("the target rate is hit exactly at an iteration")
        hit = first_index(lrs >= x)
        if hit is None or hit != math.ceil(q):
            raise AssertionError(f"simulated first iteration {hit} disagrees with ⌈{q}⌉")
        ans = answer(float(hit), INTEGER, abs_tol=0)   # exact: the default ±1 would accept the floor slip
        X = pretty(x)
        steps.append(say(r"Solve $\mathrm{start}\cdot(\mathrm{end}/\mathrm{start})^{i/\mathrm{num\_it}} \ge x$ for $i$: "
                         r"$i \ge \mathrm{num\_it}\cdot\ln(x/\mathrm{start})/\ln(\mathrm{end}/\mathrm{start})$."))
        step, Q = calc(r"$<<n>>\cdot\ln(<<X>>/<<S>>)/\ln(<<EN>>/<<S>>) = <<result>>$.",
                       f"{num_it}*ln({X}/{S})/ln({EN}/{S})", n=num_it, X=tex(X), S=SP, EN=tex(EN))
        steps.append(step)
        step, result = calc(r"The first whole iteration at or beyond it: $i = \lceil <<q>> \rceil = <<result>>$.",
                            f"ceil({Q})", INTEGER, q=tex(Q))
        steps.append(step)
        steps.append(say(r"Check: $\mathrm{lr}_{<<a>>} = <<la>>$ is still below $<<X>>$ and $\mathrm{lr}_{<<b>>} = "
                         r"<<lb>>$ is not.", a=hit - 1, la=tex(pretty(float(lrs[hit - 1]))), b=hit,
                         lb=tex(pretty(float(lrs[hit]))), X=tex(X)))
        ask = render(r"What is the first iteration $i$ whose learning rate is at least $<<X>>$? Give a whole number.",
                     X=tex(X))
        params = {"target_lr": x}
    if result != ans.display:
        raise AssertionError(f"worked steps give {result}, the schedule gives {ans.display}")
    return Draft(
        prompt=setup + " " + ask, solution=tuple(steps), answer=ans,
        params={"schedule": {"name": "exponential_decay", "init_value": start, "gamma": gamma},
                "start_lr": start, "end_lr": end, "num_it": num_it, "variant": variant, **params},
        tags=("range-test", "lr-find", "exponential-sweep"),
    )
