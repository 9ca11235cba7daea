"""``ExponentialLR`` arithmetic (DOMAIN §2.8, archetype D3).

With PyTorch semantics (0-based epochs, ``scheduler.step()`` after every epoch) ``ExponentialLR``
uses η_e = η₀·γ^e during epoch e. Three variants: the rate used during epoch e; the γ that halves
the rate every N epochs, γ = 0.5^(1/N) (not the linearised 1 − 0.5/N); the first epoch whose rate is
below a level, e > ln(level/η₀)/ln γ, so ⌈·⌉ (draws where the quotient is within 1e-6 of a whole
number are redrawn: there the rate equals the level and "below" becomes a floating-point question).
Every answer is checked against a simulated run.
"""

from quizgen import core
from quizgen.family import INTEGER, Meta, calc, num, pick, redraw_if
from quizgen.kit import schedules as kit

QUESTION = r"""<% if variant == 'halving' %>A model is trained with `SGD(params, lr=<<eta0>>)` and
`ExponentialLR(optimizer, gamma)`, and you want to choose the decay factor $\gamma$ (the `gamma` argument) so
that the learning rate halves every <<n>> epochs.<% else %>A model is trained with
`SGD(params, lr=<<eta0>>)` and `ExponentialLR(optimizer, gamma=<<g>>)`.<% endif %> Epochs are numbered from 0, and
the training loop calls `scheduler.step()` once at the end of every epoch, after that epoch's `optimizer.step()`
calls (PyTorch semantics), so the rate used during epoch $e$ is whatever the scheduler has set after $e$ calls.
<% if variant == 'lr' %>What learning rate is used during epoch $e = <<e>>$? Give it to 4 significant figures.
<%- elif variant == 'halving' %>What value of $\gamma$ makes $\eta_{<<n>>} = \eta_0/2$ (and so
$\eta_{<<2 * n>>} = \eta_0/4$, …)? Give it to 4 significant figures.<% else %>During which epoch $e$ is the
learning rate used *below* $<<L>>$ for the first time? Give a whole number.<% endif %>"""

SOLUTION = [
    r"""<% if variant == 'lr' %>Each `scheduler.step()` multiplies the rate by $\gamma$, and $e$ steps have happened
    before epoch $e$ starts, so $\eta_e = \eta_0\,\gamma^{e}$ (epoch 0 uses $\eta_0$ itself).<% elif variant ==
    'halving' %>After $N$ epochs the rate is $\eta_0\gamma^{N}$. Halving means $\gamma^{<<n>>} = 0.5$, so
    $\gamma = 0.5^{1/<<n>>}$; the same factor then halves it again every <<n>> epochs.<% else %>Solve
    $\eta_0\gamma^{e} < <<L>>$: taking logs, $e\ln\gamma < \ln(<<L>>/\eta_0)$, and dividing by $\ln\gamma < 0$
    flips the inequality: $e > \ln(<<L>>/\eta_0)/\ln\gamma$.<% endif %>""",
    r"""<% if variant == 'lr' %>$\eta_{<<e>>} = <<eta.work>>$ (4 significant figures).<% elif variant == 'halving'
    %>$\gamma = <<gam.work>>$ (4 significant figures).<% else %>$<<q.work>>$.<% endif %>""",
    r"""<% if variant == 'lr' %>Using $\gamma^{<<e + 1>>}$ (counting epochs from 1) would give $<<off|tex>>$
    instead.<% elif variant == 'halving' %>The linearised guess $1 - 0.5/<<n>> = <<lin|tex>>$ is wrong: it gives
    $<<lin|tex>>^{<<n>>} = <<(lin ** n)|tex>>$ after <<n>> epochs, not $0.5$ (a rate falling by a constant *factor*
    compounds).<% else %>The first whole epoch beyond it: $e = <<first.work>>$.<% endif %>""",
    r"""<% if variant == 'below' %>Check: $\eta_{<<below - 1>>} = <<before>>$ is not yet below $<<L>>$, and
    $\eta_{<<below>>} = <<after>>$ is. Rounding down instead would name epoch <<below - 1>>, one too
    early.<% endif %>""",
]


def data(rng):
    eta0 = pick(rng, (0.1, 0.05, 0.2, 0.01, 0.5, 0.03))
    variant = pick(rng, ("lr", "lr", "halving", "below"))
    gammas = (0.8, 0.85, 0.9, 0.95, 0.96, 0.98, 0.99)
    d = dict(variant=variant, eta0=eta0, params={"variant": variant, "convention": "0-based epochs, PyTorch"})
    if variant == "lr":
        g, e = pick(rng, gammas), int(rng.integers(2, 41))
        d.update(g=g, e=e, eta=calc("eta0*g**e", eta0=eta0, g=g, e=e), off=eta0 * g ** (e + 1),
                 simulated=kit.simulated_lrs(core.exponential_decay(eta0, g), e + 1)[e])
        d["wrong_answers"] = kit.slips(d, [
            (eta0 * g ** (e + 1), "M20", r"""This uses $\gamma^{<<e + 1>>}$, counting the epochs from 1. Before
             epoch <<e>> starts, `scheduler.step()` has run <<e>> times (epoch 0 uses $\eta_0$ itself), so the
             exponent is <<e>>."""),
            (eta0 * g ** (e - 1), "M20", r"""This uses $\gamma^{<<e - 1>>}$, one decay too few: the
             `scheduler.step()` at the end of epoch <<e - 1>> has already multiplied the rate by $\gamma$ before
             epoch <<e>> starts. The exponent is <<e>>."""),
            (eta0 * (1 - e * (1 - g)) if e * (1 - g) < 0.9 else None, "linear-instead-of-geometric",
             r"""This subtracts the same amount, $(1 - \gamma)\,\eta_0$, every epoch. `ExponentialLR` multiplies
             the current rate by $\gamma$ each time, so the decreases compound: $\eta_0\gamma^{<<e>>}$."""),
        ])
    elif variant == "halving":
        n = pick(rng, (3, 4, 5, 8, 10, 20, 25, 30, 50))
        gamma = 0.5 ** (1.0 / n)
        lrs = kit.simulated_lrs(core.exponential_decay(eta0, gamma), 2 * n + 1)
        d.update(n=n, gam=calc("0.5**(1/n)", n=n), lin=1 - 0.5 / n, simulated=gamma,
                 half=lrs[n] / eta0, quarter=lrs[2 * n] / eta0)
        d["wrong_answers"] = kit.slips(d, [
            (1 - 0.5 / n, "linear-instead-of-geometric", r"""This spreads the halving evenly, $1 - 0.5/<<n>>$, as if
             the rate fell by a fixed amount each epoch. A factor applied <<n>> times compounds:
             $\gamma^{<<n>>} = 0.5$, so $\gamma = 0.5^{1/<<n>>}$."""),
            (0.5 ** (1 / (n - 1)), "M20", r"""This takes <<n - 1>> decays to reach epoch <<n>>, counting the epochs
             from 1. Epoch <<n>> comes after <<n>> calls of `scheduler.step()`, so $\gamma^{<<n>>} = 0.5$."""),
            (0.5 / n, "factor-for-exponent", r"""This divides $0.5$ by <<n>> instead of taking the <<n>>-th root.
             The rate after <<n>> epochs is $\eta_0\gamma^{<<n>>}$; setting $\gamma^{<<n>>} = 0.5$ gives
             $\gamma = 0.5^{1/<<n>>}$, a factor just below 1."""),
        ])
    else:
        g, L = pick(rng, gammas), num(eta0 * pick(rng, (0.5, 0.2, 0.1, 0.05, 0.01)), sig=4)
        q = calc("ln(L/eta0)/ln(g)", L=L, eta0=eta0, g=g)
        redraw_if(abs(q.result.exact - round(q.result.exact)) < 1e-6, "the rate hits the level exactly at an epoch")
        first = calc("ceil(q)", INTEGER, q=q)
        redraw_if(not first.value - 1 < q.result.exact < first.value, "the printed quotient rounds onto a whole number")
        redraw_if(first.value + 3 > 300, "too many epochs to simulate comfortably")
        lrs = kit.simulated_lrs(core.exponential_decay(eta0, g), int(first.value) + 3)
        below = int((lrs >= L.value).sum())  # the rates only fall: the count of those not below is the first below
        d.update(g=g, L=L, q=q, first=first, below=below, simulated=float(below), rounding=INTEGER,
                 before=num(lrs[below - 1], sig=6), after=num(lrs[below], sig=6))
        d["wrong_answers"] = kit.slips(d, [
            (below - 1, "rounded-down", r"""This rounds the quotient $<<q>>$ down. At epoch <<below - 1>> the rate
             is still $<<before>>$, not yet below $<<L>>$; the first epoch past the quotient is <<below>>."""),
            (below + 1, "M20", r"""This counts the epochs from 1 (the first epoch called epoch 1). Epochs are
             numbered from 0 here, and epoch <<below>> already uses $<<after>>$, below $<<L>>$."""),
        ])
    return d


def closed_form(d):
    if d["variant"] == "lr":
        return d["eta0"] * d["g"] ** d["e"]
    if d["variant"] == "halving":
        return {"half": 0.5, "quarter": 0.25}
    return d["first"].value  # ⌈ln(level/η₀)/ln γ⌉ (a printed quotient with another ceiling is redrawn)


META = Meta(id="schedules.exponential", topic="schedules", difficulty=2, kind="numeric",
            objective="Work with ExponentialLR, η_e = η₀·γ^e: the rate at an epoch, the γ for a given halving "
                      "time, and the first epoch below a level.",
            answer="simulated", closed_form=closed_form, tags=("schedules", "ExponentialLR"))
