"""The learning rate of an LR range test at a given iteration (DOMAIN §2.9, archetype H2).

fastai's ``lr_find(start_lr, end_lr, num_it)`` sweeps lr_i = start·(end/start)^(i/num_it), one
mini-batch per rate. Variants: the rate at iteration i; the growth factor per iteration; the first
iteration whose rate is at least x, ⌈num_it·ln(x/start)/ln(end/start)⌉ (redrawn when that quotient
is within 1e-6 of a whole number). The sweep is ``core.exponential_decay(start, γ)`` with γ > 1 (``kit.sweep``).
"""

import math

from quizgen.family import INTEGER, Meta, calc, num, pick, redraw_if
from quizgen.kit import curves as kit

QUESTION = r"""An LR range test (as in fastai's `lr_find(start_lr=<<start.text>>, end_lr=<<end.text>>, num_it=<<n>>)`)
trains one mini-batch per iteration while the learning rate grows exponentially: at iteration $i = 0, 1, 2, \dots$
it uses $\mathrm{lr}_i = \mathrm{start}\cdot(\mathrm{end}/\mathrm{start})^{i/\mathrm{num\_it}}$ with
$\mathrm{start} = <<start>>$, $\mathrm{end} = <<end>>$ and $\mathrm{num\_it} = <<n>>$.
<% if variant == "lr" %>What learning rate is used at iteration $i = <<i>>$? Give it to 4 significant figures.
<%- elif variant == "factor" %>By what factor does the learning rate grow from one iteration to the next? Give it
to 4 significant figures.
<%- else %>What is the first iteration $i$ whose learning rate is at least $<<x>>$? Give a whole number.<% endif %>"""

SOLUTION = [
    r"""<% if variant == "lr" %>The exponent is the fraction of the sweep done, $i/\mathrm{num\_it} = <<i>>/<<n>>$;
    the rate moves by equal *factors*, so it is a straight line on a log-lr axis.
    <%- elif variant == "factor" %>Going from $i$ to $i + 1$ adds $1/\mathrm{num\_it}$ to the exponent, so every
    iteration multiplies the rate by the same factor.
    <%- else %>Solve $\mathrm{start}\cdot(\mathrm{end}/\mathrm{start})^{i/\mathrm{num\_it}} \ge x$ for $i$:
    $i \ge \mathrm{num\_it}\cdot\ln(x/\mathrm{start})/\ln(\mathrm{end}/\mathrm{start})$.<% endif %>""",
    r"""<% if variant == "lr" %>$\mathrm{lr}_{<<i>>} = <<lr.work>>$ (4 significant figures).
    <%- elif variant == "factor" %>$\mathrm{lr}_{i+1}/\mathrm{lr}_i = <<lr.work>>$ (4 significant figures).
    <%- else %>$<<q.work>>$.<% endif %>""",
    r"""<% if variant == "lr" %>A linear sweep (start + (end − start)·i/num_it) would give $<<lin>>$ instead: it
    spends almost all its iterations within a decade of the end value, while the exponential sweep spends equal time
    in every decade.
    <%- elif variant == "factor" %>The sweep covers <<decades>> decades in <<n>> iterations: <<per>> iterations per
    decade.
    <%- else %>The first whole iteration at or beyond it: $i = <<lr.work>>$.<% endif %>""",
    r"""<% if variant == "first_at_least" %>Check: $\mathrm{lr}_{<<hit - 1>>} = <<below>>$ is still below $<<x>>$ and
    $\mathrm{lr}_{<<hit>>} = <<above>>$ is not.<% endif %>""",
]


def data(rng):
    start, end, n = pick(rng, (1e-7, 1e-6, 1e-5)), pick(rng, (1, 10)), pick(rng, (100, 200))
    variant = pick(rng, ("lr", "lr", "factor", "first_at_least"))
    gamma = (end / start) ** (1.0 / n)
    lrs = kit.sweep(start, end, n).values(n)   # core.exponential_decay(start, gamma)
    S, E = num(start, sig=4), num(end, sig=4)
    d = dict(variant=variant, start=S, end=E, n=n, lrs=lrs, ends=(start, end),
             params={"schedule": {"name": "exponential_decay", "init_value": start, "gamma": gamma},
                     "start_lr": start, "end_lr": end, "num_it": n, "variant": variant})
    if variant == "lr":
        i = int(rng.integers(5, n))
        d.update(i=i, value=float(lrs[i]), lr=calc("S*(E/S)**(i/n)", S=S, E=E, i=i, n=n),
                 lin=num(start + (end - start) * i / n, sig=4))
        d["params"]["iteration"] = i
    elif variant == "factor":
        decades = math.log10(end / start)
        d.update(value=float(lrs[1] / lrs[0]), lr=calc("(E/S)**(1/n)", S=S, E=E, n=n),
                 decades=int(round(decades)), per=num(n / decades, sig=4))
    else:
        x = pick(rng, (0.001, 0.003, 0.01, 0.03, 0.1, 0.3))
        q = n * math.log(x / start) / math.log(end / start)
        redraw_if(abs(q - round(q)) < 1e-6, "the target rate is hit exactly at an iteration")
        hit = int((lrs < x).sum())   # the sweep grows: the rates below x come first
        X = num(x, sig=4)
        Q = calc("n*ln(X/S)/ln(E/S)", n=n, X=X, S=S, E=E)
        d.update(x=X, q=Q, hit=hit, value=float(hit), lr=calc("ceil(Q)", INTEGER, Q=Q),
                 below=num(lrs[hit - 1], sig=4), above=num(lrs[hit], sig=4),
                 rounding=INTEGER, abs_tol=0)   # exact: the default ±1 would accept the floor slip
        d["params"]["target_lr"] = x
    d["wrong_answers"] = kit.slips(d, SLIPS[variant](d, start, end, n))
    return d


SLIPS = {  # variant -> the common wrong answers (value, tag, feedback) of the draw
    "lr": lambda d, s, e, n: [
        (s + (e - s) * d["i"] / n, "linear-sweep",
         r"""$<<v>>$ comes from a linear sweep,
         $\mathrm{start} + (\mathrm{end} - \mathrm{start})\cdot i/\mathrm{num\_it}$. The range test grows the rate by equal factors: raise $\mathrm{end}/\mathrm{start}$ to the power
         $i/\mathrm{num\_it}$ and multiply by the start."""),
        (s * (e / s) ** ((d["i"] + 1) / n), "M20",
         r"""$<<v>>$ is the rate of iteration <<i + 1>>: the sweep counts from $i = 0$, where the rate is exactly
         the start value, so iteration <<i>> has exponent $<<i>>/<<n>>$."""),
        (e * (s / e) ** (d["i"] / n), "sweep-reversed",
         r"""$<<v>>$ runs the sweep backwards, from the end value down. The rate starts at $<<start>>$ and
         grows: $\mathrm{start}\cdot(\mathrm{end}/\mathrm{start})^{i/\mathrm{num\_it}}$.""")],
    "factor": lambda d, s, e, n: [
        ((e / s) / n, "ratio-divided-by-n",
         r"""$<<v>>$ divides the total ratio $\mathrm{end}/\mathrm{start}$ by <<n>>. Factors compound, so the
         per-iteration factor is the <<n>>-th *root* of the ratio: $(\mathrm{end}/\mathrm{start})^{1/<<n>>}$."""),
        ((e / s) ** (1 / (n - 1)), "M20",
         r"""$<<v>>$ takes the <<n - 1>>-th root, as if <<n - 1>> steps led from start to end. In
         $\mathrm{lr}_i$ the exponent is $i/\mathrm{num\_it}$, so each iteration adds $1/<<n>>$ to it."""),
        (e ** (1 / n), "forgot-start",
         r"""$<<v>>$ is $\mathrm{end}^{1/<<n>>}$: the start value was left out. The sweep multiplies
         $\mathrm{start}$ up to $\mathrm{end}$, so the factor is $(\mathrm{end}/\mathrm{start})^{1/<<n>>}$.""")],
    "first_at_least": lambda d, s, e, n: [
        (d["hit"] - 1, "floor-instead-of-ceil",
         r"""$<<v>>$ rounds $i \ge <<q>>$ down; at iteration <<hit - 1>> the rate $<<below>>$ is still below
         $<<x>>$. The first whole iteration that satisfies the inequality is the next one up."""),
        (d["hit"] + 1, "counted-from-one",
         r"""$<<v>>$ counts iterations from 1. Here the first iteration is $i = 0$ (rate = start), so the answer is
         the rounded-up $<<q>>$ itself."""),
        (math.ceil(n * (d["x"].value - s) / (e - s)), "linear-sweep",
         r"""$<<v>>$ solves a linear sweep, $\mathrm{start} + (\mathrm{end} - \mathrm{start})\cdot
         i/\mathrm{num\_it} \ge x$. The sweep is exponential: take logarithms,
         $i \ge \mathrm{num\_it}\cdot\ln(x/\mathrm{start})/\ln(\mathrm{end}/\mathrm{start})$.""")],
}


def theory(d):
    """The closed forms: the whole sweep, and the asked value."""
    (start, end), n = d["ends"], d["n"]
    asked = {"lr": lambda: start * (end / start) ** (d["i"] / n), "factor": lambda: (end / start) ** (1 / n),
             "first_at_least": lambda: math.ceil(n * math.log(d["x"].value / start) / math.log(end / start))}
    return {"lrs": [start * (end / start) ** (k / n) for k in range(n)], "value": asked[d["variant"]]()}


META = Meta(id="range_test.lr_at_iteration", topic="range-test", difficulty=2, kind="numeric",
            objective="Compute learning rates of an exponential LR range-test sweep, lr_i = start·(end/start)^(i/num_it).",
            answer="value", closed_form=theory, tags=("range-test", "lr-find", "exponential-sweep"))
