"""Stability limits of Nesterov momentum vs heavy ball (DOMAIN §2.5–2.6, archetype E6; advanced).

On a quadratic direction of curvature λ (h = ηλ):

* heavy ball, PyTorch ``SGD(momentum=μ)``: z² − (1 + μ − h)z + μ = 0, stable iff 0 < h < 2(1 + μ);
* Nesterov, PyTorch ``SGD(momentum=μ, nesterov=True)`` (step η(g_t + μb_t)):
  z² − (1 + μ)(1 − h)z + μ(1 − h) = 0, stable iff 0 < h < 2(1 + μ)/(1 + 2μ).

The Nesterov limit is **derived** (Jury criterion, DOMAIN §2.6), not quoted from a textbook; the
question and solution say so. Both limits come from ``core.theory`` and are checked by
simulation: the same four rates (0.97× and 1.03× of each limit) are run once with heavy ball
and once with Nesterov (two batched calls, one per optimizer), which must give
converge/converge/converge/diverge and converge/diverge/diverge/diverge.

Choices are pairs of limits; distractors (three drawn from four): swapped (Nesterov taken
as the more stable), Nesterov = heavy ball, momentum ignored (2/λ for both, M15), and the
effective-learning-rate reasoning misapplied (2(1 − μ)/λ for both).
"""

import numpy as np

from quizgen import core
from quizgen.authoring import Draft, calc, exact, pick, pretty, question, render, sample, say, tex, text_choices

CURVATURES = (1, 2, 4, 5, 8, 10, 20, 50)
MOMENTA = (0.5, 0.6, 0.8, 0.9, 0.95)
CHECK_STEPS = 300


def _parabola(a: int) -> str:
    """LaTeX for (a/2)w² with the fraction reduced: ``\\frac{5}{2}w^2``, ``w^2``, ``10w^2`` (never ``\\frac{20}{2}``)."""
    if a % 2:
        return rf"\frac{{{a}}}{{2}}w^2"
    return "w^2" if a == 2 else f"{a // 2}w^2"


@question("momentum.nesterov_vs_heavy_ball", topic="momentum", difficulty=3, kind="multiple_choice",
          objective="Compare the stability limits of heavy-ball and Nesterov momentum on a quadratic: 2(1 + μ)/λ "
                    "versus the (derived) 2(1 + μ)/((1 + 2μ)λ).")
def nesterov_vs_heavy_ball(rng: np.random.Generator) -> Draft:
    lam, mu = pick(rng, CURVATURES), pick(rng, MOMENTA)
    L, MU = exact(lam), exact(mu)
    hb = float(core.theory.heavy_ball_max_lr(lam, mu))
    nag = float(core.theory.nesterov_max_lr(lam, mu))
    if not (np.isclose(hb, 2 * (1 + mu) / lam) and np.isclose(nag, 2 * (1 + mu) / ((1 + 2 * mu) * lam))):
        raise AssertionError("theory limits disagree with the formulas")

    rates = np.array([0.97 * nag, 1.03 * nag, 0.97 * hb, 1.03 * hb])
    objective = core.Quadratic1D(lam)
    hb_run = core.run(core.sgd(rates, momentum=mu), objective, x0=1.0, steps=CHECK_STEPS)
    nag_run = core.run(core.sgd(rates, momentum=mu, nesterov=True), objective, x0=1.0, steps=CHECK_STEPS)
    if list(hb_run.diverged) != [False, False, False, True] or list(nag_run.diverged) != [False, True, True, True]:
        raise AssertionError(f"heavy ball diverged {list(hb_run.diverged)}, Nesterov {list(nag_run.diverged)}")
    for run, i in ((hb_run, 2), (nag_run, 0)):
        w = np.abs(run.params[:, i, 0])
        if not w[-50:].max() < 0.5 * w[:50].max():
            raise AssertionError("the run just below a limit should be shrinking")

    # the worked derivation, with this question's numbers
    steps = [
        say(r"Write $h = \eta\lambda$ with $\lambda = <<l>>$. On $f(w) = \frac{\lambda}{2}w^2$ each method is a "
            r"two-term recurrence for $w_t$; it converges iff both roots of its characteristic polynomial have "
            r"$|z| < 1$.", l=L),
        say(r"Heavy ball ($w_t = w_{t-1} - \eta b_t$, $b_t = \mu b_{t-1} + g_t$): $z^2 - (1 + \mu - h)z + \mu = 0$, "
            r"stable iff $0 < h < 2(1 + \mu)$ (Polyak; Goh, *Distill* 2017)."),
    ]
    step, HB = calc(r"Heavy-ball limit: $\eta < \frac{2(1 + \mu)}{\lambda} = \frac{2\,(1 + <<mu>>)}{<<l>>} = <<result>>$.",
                    f"2*(1 + {MU})/{L}", mu=MU, l=L)
    steps.append(step)
    steps.append(say(
        r"Nesterov in PyTorch's form steps by $\eta(g_t + \mu b_t)$: $z^2 - (1 + \mu)(1 - h)z + \mu(1 - h) = 0$. "
        r"The Jury test gives $p(1) = h > 0$, $|\mu(1 - h)| < 1$, and $p(-1) = 2(1 + \mu) - (1 + 2\mu)h > 0$, so it is "
        r"stable iff $0 < h < \frac{2(1 + \mu)}{1 + 2\mu}$. (This limit is *derived* here and checked numerically, "
        r"not quoted from a textbook.)"))
    step, NAG = calc(r"Nesterov limit: $\eta < \frac{2(1 + \mu)}{(1 + 2\mu)\lambda} = "
                     r"\frac{2\,(1 + <<mu>>)}{(1 + 2\cdot<<mu>>)\cdot<<l>>} = <<result>>$.",
                     f"2*(1 + {MU})/((1 + 2*{MU})*{L})", mu=MU, l=L)
    steps.append(step)
    R = [pretty(r) for r in rates]
    steps.append(say(
        r"Simulation ($w_0 = 1$, <<T>> steps) at $\eta = <<r0>>, <<r1>>, <<r2>>, <<r3>>$ (0.97× and 1.03× of each "
        r"limit): heavy ball converges at the first three and diverges only at $<<r3>>$; Nesterov converges at "
        r"$<<r0>>$ and diverges at the other three (first at step <<k>> for $\eta = <<r1>>$).",
        T=CHECK_STEPS, r0=tex(R[0]), r1=tex(R[1]), r2=tex(R[2]), r3=tex(R[3]), k=int(nag_run.diverged_at[1])))
    steps.append(say(r"Nesterov's look-ahead adds $\mu b_t$ to the gradient step, so in the stiffest direction it "
                     r"over-reacts sooner: its limit is smaller than heavy ball's by the factor $1 + 2\mu = <<f>>$ "
                     r"and, since $2(1 + \mu)/(1 + 2\mu) < 2$ for every $\mu > 0$, even smaller than plain gradient "
                     r"descent's $2/\lambda = <<gd>>$.", f=tex(pretty(1 + 2 * mu)), gd=tex(pretty(2.0 / lam))))

    GD, EFF = pretty(2.0 / lam), pretty(2.0 * (1 - mu) / lam)
    def pair(h: str, n: str) -> str:
        return rf"heavy ball $\eta < {tex(h)}$; Nesterov $\eta < {tex(n)}$"

    correct = (pair(HB, NAG),
               r"Right: heavy ball is stable for $\eta\lambda < 2(1 + \mu)$, Nesterov (PyTorch form) only for "
               r"$\eta\lambda < 2(1 + \mu)/(1 + 2\mu)$ (a derived bound, confirmed by simulation).")
    pool = [
        (pair(NAG, HB),
         r"Swapped. Nesterov's look-ahead is often described as a 'safer' momentum, but on a quadratic its extra "
         r"$\mu b_t$ term makes the stiffest direction less stable, not more: its limit is the smaller one.",
         "nesterov-more-stable"),
        (pair(HB, HB),
         r"Nesterov is not just heavy ball with another name: its step uses $g_t + \mu b_t$, which changes the "
         rf"characteristic polynomial; at $\eta = {tex(R[2])}$ heavy ball converges but Nesterov diverges.",
         "same-as-heavy-ball"),
        (pair(GD, GD),
         r"Momentum does change the stability limit: $2/\lambda$ is plain gradient descent's. Heavy ball "
         r"widens it to $2(1 + \mu)/\lambda$; Nesterov's is $2(1 + \mu)/((1 + 2\mu)\lambda)$.", "M15"),
        (pair(EFF, EFF),
         r"Momentum multiplies the step by $1/(1 - \mu)$ only when the gradient keeps its sign. Instability is a "
         r"gradient that flips sign every step, and then the buffer adds up $g(1 - \mu + \mu^2 - \dots) = "
         r"g/(1 + \mu)$: momentum damps that mode, which is why heavy ball's limit grows to $2(1 + \mu)/\lambda$.",
         "effective-lr-as-limit"),
    ]
    choices = text_choices(correct, sample(rng, pool, 3))

    prompt = render(
        r"Two optimizers minimise $f(w) = <<f>>$ (curvature $\lambda = f'' = <<l>>$): PyTorch `SGD(lr=η, momentum=<<mu>>)` (heavy ball) and "
        r"`SGD(lr=η, momentum=<<mu>>, nesterov=True)` (Nesterov, which steps by $\eta(g_t + \mu b_t)$ with "
        r"$b_t = \mu b_{t-1} + g_t$, where $g_t$ is the gradient and $\mu = <<mu>>$ the momentum). For which learning rates $\eta > 0$ does each converge from any start? "
        r"(Limits rounded to 4 significant figures; the Nesterov bound is derived from its characteristic "
        r"polynomial.)", f=_parabola(lam), l=L, mu=MU)
    return Draft(
        prompt=prompt, solution=tuple(steps), choices=choices,
        params={"objective": {"name": "quadratic_1d", "a": lam},
                "optimizers": [{"name": "sgd", "momentum": mu, "nesterov": False},
                               {"name": "sgd", "momentum": mu, "nesterov": True}],
                "lr_checked": rates.tolist(), "x0": 1.0, "steps": CHECK_STEPS,
                "limits": {"heavy_ball": hb, "nesterov": nag, "provenance": "nesterov bound derived (Jury test)"}},
        tags=("momentum", "nesterov", "stability-threshold", "derived"),
    )
