"""The largest stable learning rate of heavy-ball momentum (DOMAIN §2.5, archetype E2; misconception M15).

PyTorch ``SGD(lr=η, momentum=β)`` (dampening 0) is Polyak's heavy ball: on a direction of curvature λ,
z² − (1 + β − ηλ)z + β = 0 has both roots inside the unit circle iff 0 < ηλ < 2(1 + β), so
η_max = 2(1 + β)/λ_max — wider than plain GD's 2/λ_max. The curvature is presented as (λ/2)w², as c·w²
(λ = 2c, the factor-of-2 trap), or by a 2-D Hessian's eigenvalues. ONE batched heavy-ball run at 0.97×
(converges: its envelope shrinks) and 1.03× (diverges) checks the limit.
"""

import numpy as np

from quizgen import core
from quizgen.family import Meta, calc, num, pick, simulate
from quizgen.kit import optim

CURVATURES = (1, 2, 4, 5, 8, 10, 20, 25, 40, 50, 100)
CHECK_STEPS = 300
W = CHECK_STEPS // 6   # the envelope is compared over the first and the last W steps

QUESTION = r"""PyTorch `SGD(lr=η, momentum=<<beta>>)` (heavy-ball momentum: dampening 0, no Nesterov) minimises
<% if form == 'eigen' %>a quadratic loss $f(x) = \frac{1}{2}x^\top H x$ in two dimensions whose Hessian $H$ has
eigenvalues $<<small>>$ and $<<lam>>$<% elif form == 'plain' %>the loss $f(w) = <<c>>\,w^2$<% else %>the loss
$f(w) = <<lam|half_quadratic>>$<% endif %>. What is the largest learning rate $\eta_{\max}$ such that it converges
for every $0 < \eta < \eta_{\max}$ from any start? Give it to 4 significant figures."""

SOLUTION = [
    r"""<% if form == 'eigen' %>The stiffest direction decides stability: $\lambda_{\max} = <<lam>>$ (the flat
    direction, $<<small>>$, only makes convergence slow).<% elif curv %>Differentiate twice: $\lambda = f''(w) =
    <<curv.work>>$<% if form == 'plain' %> (there is no $\frac{1}{2}$ in front, so $\lambda = 2c$)<% endif %>.<% else
    %>The loss has the form $\frac{\lambda}{2}w^2$, so the curvature is $\lambda = f''(w) = <<lam>>$.<% endif %>""",
    r"""Heavy ball on one direction of curvature $\lambda$: $e_{t+1} = (1 + \beta - \eta\lambda)\,e_t -
    \beta\,e_{t-1}$, with characteristic equation $z^2 - (1 + \beta - \eta\lambda)z + \beta = 0$. Both roots have
    $|z| < 1$ iff $0 < \eta\lambda < 2(1 + \beta)$ (at the upper end $z = -1$).""",
    r"$\eta_{\max} = \frac{2(1 + \beta)}{\lambda_{\max}} = <<limit.work>>$ (4 significant figures).",
    r"""Check by simulating PyTorch's heavy ball from $<% if form == 'eigen' %>x_0 = (1, 1)<% else %>w_0 = 1<% endif
    %>$ for <<T>> steps: at $\eta = <<lo>>$ (0.97×) the oscillations shrink (largest $<% if form == 'eigen'
    %>\|x\|<% else %>|w|<% endif %>$ over the first <<w>> steps: $<<begin>>$, over the last <<w>>: $<<end>>$); at
    $\eta = <<hi>>$ (1.03×) they grow until, at step <<k>>, the iterate is over $10^6$ times its starting size
    (diverged).""",
    r"""Without momentum the limit would be $2/\lambda_{\max} = <<gd>>$: momentum widens the stable range by the
    factor $1 + \beta$, even though it also multiplies the effective step by $1/(1 - \beta)$; the limit is not
    $2(1 - \beta)/\lambda$.""",
]


def data(rng):
    beta, form = pick(rng, (0.5, 0.6, 0.8, 0.9, 0.95, 0.99)), pick(rng, ("half", "plain", "eigen"))
    d = dict(beta=beta, form=form, curv=None, T=CHECK_STEPS, w=W, params={"presentation": form})
    if form == "half":
        lam = pick(rng, CURVATURES)
        if lam % 2 == 0 and lam != 2:   # 2c·w²/2 prints as c·w²: λ = 2c is worked out
            d["curv"] = calc("2*c", c=lam // 2)
        objective, x0 = core.Quadratic1D(lam), 1.0
    elif form == "plain":
        c = pick(rng, (0.5, 1, 2, 2.5, 4, 5, 10, 25))
        lam, d["c"], d["curv"] = 2 * c, c, calc("2*c", c=c)
        objective, x0 = core.Quadratic1D(lam), 1.0
    else:
        lam, small = pick(rng, CURVATURES[2:]), pick(rng, (0.1, 0.2, 0.5, 1))
        objective, x0, d["small"] = core.Quadratic(np.array([small, lam])), np.array([1.0, 1.0]), small
    eta_max = float(core.theory.heavy_ball_max_lr(lam, beta))
    probe = simulate(core.sgd(np.array([0.97, 1.03]) * eta_max, momentum=beta), objective, x0=x0, steps=CHECK_STEPS)
    size = np.linalg.norm(probe.params[:, 0, :], axis=-1)
    slips = [
        (2.0 / lam, "M15",
         r"""$2/\lambda_{\max}$ is plain gradient descent's limit. Heavy ball's buffer damps the sign-flipping mode,
         so its range is wider: $2(1 + \beta)/\lambda_{\max}$."""),
        (2.0 * (1 - beta) / lam, "effective-lr-as-limit",
         r"""That divides plain GD's limit by the effective-rate factor $1/(1 - \beta)$, which holds only for a
         gradient that keeps its sign. At the stability edge the gradient flips sign every step and the buffer damps
         it, so the limit grows by the factor $1 + \beta$ instead."""),
    ]
    if form == "eigen":
        slips.append((2.0 * (1 + beta) / small, "M7",
                      r"""That uses the flat direction's curvature $<<small>>$. Stability is decided by the stiffest
                      direction, $\lambda_{\max} = <<lam>>$."""))
    else:
        slips.append((4.0 * (1 + beta) / lam, "coefficient-as-curvature",
                      r"""That takes the coefficient of $w^2$ for the curvature. The curvature is $f'' = <<lam>>$,
                      twice the coefficient, so the limit is $2(1 + \beta)/<<lam>>$."""))
    d["wrong_answers"] = optim.wrong_answers(eta_max, optim.SIG4, slips, {"small": d.get("small", 0), "lam": lam})
    return dict(d, lam=lam, eta_max=eta_max, limit=calc("2*(1 + b)/l", b=beta, l=d["curv"] or lam),
                lo=num(0.97 * eta_max, sig=4), hi=num(1.03 * eta_max, sig=4), k=int(probe.diverged_at[1]),
                begin=num(size[:W].max(), sig=4), end=num(size[-W:].max(), sig=4), gd=num(2.0 / lam, sig=4),
                stable_below=not probe.diverged[0] and size[-W:].max() < 0.5 * size[:W].max(),
                diverged_above=bool(probe.diverged[1]))


META = Meta(id="momentum.stability", topic="momentum", difficulty=2, kind="numeric",
            objective="Find the largest stable learning rate of heavy-ball momentum on a quadratic, 2(1 + β)/λ_max, "
                      "and compare it with plain gradient descent's 2/λ_max.",
            answer="eta_max", tags=("momentum", "stability-threshold", "M15"),
            # the limit is 2(1 + β)/λ, and the batched probe converges just below it and diverges just above
            closed_form=lambda d: {"eta_max": 2 * (1 + d["beta"]) / d["lam"], "stable_below": True,
                                   "diverged_above": True})
