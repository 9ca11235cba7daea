"""Stability limits of Nesterov momentum vs heavy ball (DOMAIN §2.5–2.6, archetype E6; advanced).

On a quadratic direction of curvature λ (h = ηλ), heavy ball (PyTorch ``SGD(momentum=μ)``) is stable iff
0 < h < 2(1 + μ), Nesterov (``nesterov=True``, step η(g_t + μb_t)) iff 0 < h < 2(1 + μ)/(1 + 2μ). The Nesterov
limit is **derived** (Jury criterion, DOMAIN §2.6), not quoted; the question says so. Both are checked by running
0.97× and 1.03× of each limit with each optimizer (two batched calls). Distractors (three of four): swapped,
Nesterov = heavy ball, momentum ignored (2/λ, M15), the effective-rate reasoning misapplied (2(1 − μ)/λ).
"""

import numpy as np

from quizgen import core
from quizgen.family import Meta, calc, num, pick, simulate
from quizgen.kit import optim

CHECK_STEPS = 300
PAIR = r"heavy ball $\eta < <<{}>>$; Nesterov $\eta < <<{}>>$"
CORRECT = (PAIR.format("hb", "nag"),
           r"""Right: heavy ball is stable for $\eta\lambda < 2(1 + \mu)$, Nesterov (PyTorch form) only for
           $\eta\lambda < 2(1 + \mu)/(1 + 2\mu)$ (a derived bound, confirmed by simulation).""")
POOL = [
    (PAIR.format("nag", "hb"),
     r"""Swapped. Nesterov's look-ahead is often described as a 'safer' momentum, but on a quadratic its extra
     $\mu b_t$ term makes the stiffest direction less stable, not more: its limit is the smaller one.""",
     "nesterov-more-stable"),
    (PAIR.format("hb", "hb"),
     r"""Nesterov is not just heavy ball with another name: its step uses $g_t + \mu b_t$, which changes the
     characteristic polynomial; at $\eta = <<r2>>$ heavy ball converges but Nesterov diverges.""",
     "same-as-heavy-ball"),
    (PAIR.format("gd", "gd"),
     r"""Momentum does change the stability limit: $2/\lambda$ is plain gradient descent's. Heavy ball widens it to
     $2(1 + \mu)/\lambda$; Nesterov's is $2(1 + \mu)/((1 + 2\mu)\lambda)$.""", "M15"),
    (PAIR.format("eff", "eff"),
     r"""Momentum multiplies the step by $1/(1 - \mu)$ only when the gradient keeps its sign. Instability is a
     gradient that flips sign every step, and then the buffer adds up $g(1 - \mu + \mu^2 - \dots) = g/(1 + \mu)$:
     momentum damps that mode, which is why heavy ball's limit grows to $2(1 + \mu)/\lambda$.""",
     "effective-lr-as-limit"),
]

QUESTION = r"""Two optimizers minimise $f(w) = <<lam|half_quadratic>>$ (curvature $\lambda = f'' = <<lam>>$): PyTorch
`SGD(lr=η, momentum=<<mu>>)` (heavy ball) and `SGD(lr=η, momentum=<<mu>>, nesterov=True)` (Nesterov, which steps by
$\eta(g_t + \mu b_t)$ with $b_t = \mu b_{t-1} + g_t$, where $g_t$ is the gradient and $\mu = <<mu>>$ the momentum).
For which learning rates $\eta > 0$ does each converge from any start? (Limits rounded to 4 significant figures;
the Nesterov bound is derived from its characteristic polynomial.)"""

SOLUTION = [
    r"""Write $h = \eta\lambda$ with $\lambda = <<lam>>$. On $f(w) = \frac{\lambda}{2}w^2$ each method is a two-term
    recurrence for $w_t$; it converges iff both roots of its characteristic polynomial have $|z| < 1$.""",
    r"""Heavy ball ($w_t = w_{t-1} - \eta b_t$, $b_t = \mu b_{t-1} + g_t$): $z^2 - (1 + \mu - h)z + \mu = 0$, stable
    iff $0 < h < 2(1 + \mu)$ (Polyak; Goh, *Distill* 2017).""",
    r"Heavy-ball limit: $\eta < \frac{2(1 + \mu)}{\lambda} = <<hb.work>>$.",
    r"""Nesterov in PyTorch's form steps by $\eta(g_t + \mu b_t)$: $z^2 - (1 + \mu)(1 - h)z + \mu(1 - h) = 0$. The
    Jury test gives $p(1) = h > 0$, $|\mu(1 - h)| < 1$, and $p(-1) = 2(1 + \mu) - (1 + 2\mu)h > 0$, so it is stable
    iff $0 < h < \frac{2(1 + \mu)}{1 + 2\mu}$. (This limit is *derived* here and checked numerically, not quoted
    from a textbook.)""",
    r"Nesterov limit: $\eta < \frac{2(1 + \mu)}{(1 + 2\mu)\lambda} = <<nag.work>>$.",
    r"""Simulation ($w_0 = 1$, <<T>> steps) at $\eta = <<r0>>, <<r1>>, <<r2>>, <<r3>>$ (0.97× and 1.03× of each
    limit): heavy ball converges at the first three and diverges only at $<<r3>>$; Nesterov converges at $<<r0>>$
    and diverges at the other three (first at step <<k>> for $\eta = <<r1>>$).""",
    r"""Nesterov's look-ahead adds $\mu b_t$ to the gradient step, so in the stiffest direction it over-reacts
    sooner: its limit is smaller than heavy ball's by the factor $1 + 2\mu = <<factor>>$ and, since $2(1 + \mu)/(1 +
    2\mu) < 2$ for every $\mu > 0$, even smaller than plain gradient descent's $2/\lambda = <<gd>>$.""",
]


def data(rng):
    lam, mu = pick(rng, (1, 2, 4, 5, 8, 10, 20, 50)), pick(rng, (0.5, 0.6, 0.8, 0.9, 0.95))
    hb_limit, nag_limit = float(core.theory.heavy_ball_max_lr(lam, mu)), float(core.theory.nesterov_max_lr(lam, mu))
    rates = np.array([0.97 * nag_limit, 1.03 * nag_limit, 0.97 * hb_limit, 1.03 * hb_limit])
    objective = core.Quadratic1D(lam)
    hb_run = simulate(core.sgd(rates, momentum=mu), objective, x0=1.0, steps=CHECK_STEPS)
    nag_run = simulate(core.sgd(rates, momentum=mu, nesterov=True), objective, x0=1.0, steps=CHECK_STEPS)
    # the runs just below each limit must be shrinking, not merely bounded
    shrinking = [np.abs(run.params[-50:, i, 0]).max() < 0.5 * np.abs(run.params[:50, i, 0]).max()
                 for run, i in ((hb_run, 2), (nag_run, 0))]
    d = dict(lam=lam, mu=mu, T=CHECK_STEPS, k=int(nag_run.diverged_at[1]), hb_limit=hb_limit, nag_limit=nag_limit,
             hb=calc("2*(1 + mu)/l", mu=mu, l=lam), nag=calc("2*(1 + mu)/((1 + 2*mu)*l)", mu=mu, l=lam),
             gd=num(2.0 / lam, sig=4), eff=num(2.0 * (1 - mu) / lam, sig=4), factor=num(1 + 2 * mu, sig=4),
             hb_diverged=hb_run.diverged, nag_diverged=nag_run.diverged, shrinking=shrinking,
             params={"provenance": "nesterov bound derived (Jury test)"},
             **{f"r{i}": num(r, sig=4) for i, r in enumerate(rates)})
    return dict(d, choices=optim.drawn_choices(rng, CORRECT, POOL, 3, d))


META = Meta(id="momentum.nesterov_vs_heavy_ball", topic="momentum", difficulty=3, kind="multiple_choice",
            objective="Compare the stability limits of heavy-ball and Nesterov momentum on a quadratic: 2(1 + μ)/λ "
                      "versus the (derived) 2(1 + μ)/((1 + 2μ)λ).",
            closed_form=lambda d: {"hb_limit": 2 * (1 + d["mu"]) / d["lam"],
                                   "nag_limit": 2 * (1 + d["mu"]) / ((1 + 2 * d["mu"]) * d["lam"]),
                                   "hb_diverged": [False, False, False, True],
                                   "nag_diverged": [False, True, True, True], "shrinking": [True, True]},
            tags=("momentum", "nesterov", "stability-threshold", "derived"))
