"""The largest stable learning rate of heavy-ball momentum (DOMAIN §2.5, archetype E2; misconception M15).

PyTorch ``SGD(lr=η, momentum=β)`` (dampening 0) is Polyak's heavy ball. On a quadratic
direction of curvature λ its error obeys e_{t+1} = (1 + β − ηλ)e_t − βe_{t−1}, with
characteristic equation z² − (1 + β − ηλ)z + β = 0: both roots lie inside the unit circle iff
0 < ηλ < 2(1 + β). The stiffest direction decides, so η_max = 2(1 + β)/λ_max — wider than plain
GD's 2/λ_max (β = 0.9: 3.8/λ instead of 2/λ).

The curvature is presented three ways: f(w) = (λ/2)w², f(w) = c·w² (λ = 2c, the factor-of-2
trap), or a 2-D quadratic given by its Hessian eigenvalues. The answer comes from
``core.theory.heavy_ball_max_lr`` and is checked by ONE batched heavy-ball simulation at 0.97×
(converges: its envelope shrinks) and 1.03× (diverges).
"""

import numpy as np

from quizgen import core
from quizgen.authoring import Draft, answer, calc, exact, pick, pretty, question, render, say, tex

CURVATURES = (1, 2, 4, 5, 8, 10, 20, 25, 40, 50, 100)
COEFFICIENTS = (0.5, 1, 2, 2.5, 4, 5, 10, 25)
SMALL = (0.1, 0.2, 0.5, 1)
BETAS = (0.5, 0.6, 0.8, 0.9, 0.95, 0.99)
CHECK_STEPS = 300


def _parabola(a: int) -> str:
    """LaTeX for (a/2)w² with the fraction reduced: ``\\frac{5}{2}w^2``, ``w^2``, ``2w^2`` (never ``\\frac{4}{2}``)."""
    if a % 2:
        return rf"\frac{{{a}}}{{2}}w^2"
    return "w^2" if a == 2 else f"{a // 2}w^2"


@question("momentum.stability", topic="momentum", difficulty=2, kind="numeric",
          objective="Find the largest stable learning rate of heavy-ball momentum on a quadratic, 2(1 + β)/λ_max, "
                    "and compare it with plain gradient descent's 2/λ_max.")
def momentum_stability(rng: np.random.Generator) -> Draft:
    beta = pick(rng, BETAS)
    form = pick(rng, ("half", "plain", "eigen"))
    B = exact(beta)
    steps = []
    if form == "half":
        lam = pick(rng, CURVATURES)
        L = exact(lam)
        loss = render(r"the loss $f(w) = <<f>>$", f=_parabola(lam))
        if lam % 2 or lam == 2:
            steps.append(say(r"The loss has the form $\frac{\lambda}{2}w^2$, so the curvature is "
                             r"$\lambda = f''(w) = <<l>>$.", l=L))
        else:
            step, _ = calc(r"Differentiate twice: $\lambda = f''(w) = 2\cdot<<c>> = <<result>>$.",
                           f"2*{lam // 2}", c=lam // 2)
            steps.append(step)
        objective = core.Quadratic1D(lam)
        x0 = 1.0
        obj_params = {"name": "quadratic_1d", "a": lam}
    elif form == "plain":
        c = pick(rng, COEFFICIENTS)
        lam = 2 * c
        C = exact(c)
        loss = render(r"the loss $f(w) = <<c>>\,w^2$", c=C)
        step, L = calc(r"Differentiate twice: $\lambda = f''(w) = 2\cdot<<c>> = <<result>>$ (there is no "
                       r"$\frac{1}{2}$ in front, so $\lambda = 2c$).", f"2*{C}", c=C)
        steps.append(step)
        objective = core.Quadratic1D(lam)
        x0 = 1.0
        obj_params = {"name": "quadratic_1d", "a": lam, "written_as": f"{c}*w^2"}
    else:
        lam = pick(rng, CURVATURES[2:])
        small = pick(rng, SMALL)
        L, S = exact(lam), exact(small)
        loss = render(r"a quadratic loss $f(x) = \frac{1}{2}x^\top H x$ in two dimensions whose Hessian $H$ has "
                      r"eigenvalues $<<s>>$ and $<<l>>$", s=S, l=L)
        steps.append(say(r"The stiffest direction decides stability: $\lambda_{\max} = <<l>>$ (the flat direction, "
                         r"$<<s>>$, only makes convergence slow).", l=L, s=S))
        objective = core.Quadratic(np.array([small, lam]))
        x0 = np.array([1.0, 1.0])
        obj_params = {"name": "quadratic", "eigenvalues": [small, lam]}

    eta_max = float(core.theory.heavy_ball_max_lr(lam, beta))
    if not np.isclose(eta_max, 2 * (1 + beta) / lam, rtol=1e-14):
        raise AssertionError("heavy_ball_max_lr disagrees with 2(1 + β)/λ")
    # one batched run just below and just above the limit
    probe = core.run(core.sgd(np.array([0.97, 1.03]) * eta_max, momentum=beta), objective, x0=x0, steps=CHECK_STEPS)
    size = np.linalg.norm(probe.params[:, 0, :], axis=-1)
    w = CHECK_STEPS // 6
    below_ok = (not probe.diverged[0]) and size[-w:].max() < 0.5 * size[:w].max()
    if not (below_ok and probe.diverged[1]):
        raise AssertionError(f"2(1+β)/λ = {eta_max}: 0.97× diverged={probe.diverged[0]}, 1.03× diverged={probe.diverged[1]}")

    steps.append(say(r"Heavy ball on one direction of curvature $\lambda$: $e_{t+1} = (1 + \beta - \eta\lambda)\,e_t - "
                     r"\beta\,e_{t-1}$, with characteristic equation $z^2 - (1 + \beta - \eta\lambda)z + \beta = 0$. "
                     r"Both roots have $|z| < 1$ iff $0 < \eta\lambda < 2(1 + \beta)$ (at the upper end $z = -1$)."))
    step, result = calc(r"$\eta_{\max} = \frac{2(1 + \beta)}{\lambda_{\max}} = \frac{2\,(1 + <<b>>)}{<<l>>} = <<result>>$ "
                        r"(4 significant figures).", f"2*(1 + {B})/{L}", b=B, l=L)
    steps.append(step)
    gd = pretty(2.0 / lam)
    lo, hi = pretty(0.97 * eta_max), pretty(1.03 * eta_max)
    k = int(probe.diverged_at[1])
    steps.append(say(r"Check by simulating PyTorch's heavy ball from $<<start>>$ for <<T>> steps: at $\eta = <<lo>>$ "
                     r"(0.97×) the oscillations shrink (largest $<<norm>>$ over the first <<w>> steps: $<<begin>>$, "
                     r"over the last <<w>>: $<<end>>$); at "
                     r"$\eta = <<hi>>$ (1.03×) they grow until, at step <<k>>, the iterate is over $10^6$ times its "
                     r"starting size (diverged).",
                     start="w_0 = 1" if form != "eigen" else r"x_0 = (1, 1)",
                     norm="|w|" if form != "eigen" else r"\|x\|", lo=tex(lo), hi=tex(hi), w=w,
                     begin=tex(pretty(float(size[:w].max()))), end=tex(pretty(float(size[-w:].max()))), k=k,
                     T=CHECK_STEPS))
    steps.append(say(r"Without momentum the limit would be $2/\lambda_{\max} = <<gd>>$: momentum widens the stable "
                     r"range by the factor $1 + \beta$, even though it also multiplies the effective step by "
                     r"$1/(1 - \beta)$; the limit is not $2(1 - \beta)/\lambda$.", gd=tex(gd)))
    ans = answer(eta_max)
    if result != ans.display:
        raise AssertionError(f"worked steps give {result}, theory gives {ans.display}")

    prompt = render(
        r"PyTorch `SGD(lr=η, momentum=<<b>>)` (heavy-ball momentum: dampening 0, no Nesterov) minimises <<loss>>. "
        r"What is the largest learning rate $\eta_{\max}$ such that it converges for every $0 < \eta < \eta_{\max}$ "
        r"from any start? Give it to 4 significant figures.", b=B, loss=loss)
    return Draft(
        prompt=prompt, solution=tuple(steps), answer=ans,
        params={"objective": obj_params, "presentation": form,
                "optimizer": {"name": "sgd", "momentum": beta, "dampening": 0.0, "nesterov": False,
                              "lr_checked": [0.97 * eta_max, 1.03 * eta_max]},
                "x0": np.atleast_1d(x0).tolist(), "steps": CHECK_STEPS},
        tags=("momentum", "stability-threshold", "M15"),
    )
