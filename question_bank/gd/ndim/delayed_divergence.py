"""A loss curve that falls and then explodes: delayed divergence (DOMAIN §2.2, archetype B7; corrects M16, M9).

Gradient descent on f = ½(λ₁x₁² + λ₂x₂²) with a constant rate slightly above 2/λ_max
(ηλ_max ∈ [2.08, 2.2]) from a start with a tiny component δ along the steep direction x₂.
The flat part of the loss shrinks by (1 − ηλ₁)² per step, the steep part grows by
(1 − ηλ₂)² > 1 from a tiny start, so the loss first falls for tens of steps and then explodes.
The student sees the loss curve (log scale) and picks the explanation; the distractors (three
drawn from a pool of five) are overfitting (M9), "a divergent rate blows up immediately" (M16),
the flat direction (M7), a changed rate and "it will oscillate back down" (M5). The simulated
curve is compared with the closed form ½Σλᵢ(1 − ηλᵢ)^{2k}x₀ᵢ².
"""

import math

import numpy as np

from quizgen import core
from quizgen.authoring import (
    Draft, Redraw, Rounding, calc, curves, exact, paren, pick, pretty, question, render, sample, say, series, tex,
    text_choices,
)


def _term(coef: str, var: str) -> str:
    """``coef·var²`` in LaTeX, without a printed coefficient 1 (``x_1^2``, not ``1\\,x_1^2``)."""
    return f"{var}^2" if coef == "1" else f"{coef}\\,{var}^2"


STEEP = (2, 4, 5, 8, 10)
KAPPAS = (4, 5, 8, 10)
PRODUCTS = (2.08, 2.1, 2.12, 2.15, 2.2)   # η·λ_max, ≥ 4 % above the limit 2
FLAT_STARTS = (1, 2, 3, -1, -2)
TINY = (1e-6, 1e-5, 1e-4)
MAX_STEPS = 300

CORRECT = (
    r"The rate is slightly above the stability limit $2/\lambda_{\max}$ of the steep direction $x_2$: the error there is "
    r"multiplied by more than 1 in size every step. It started tiny, so at first the shrinking $x_1$ part dominated the "
    r"loss; once the growing $x_2$ part overtook it, the loss exploded.",
    r"The run was unstable from the very first step: $|x_2|$ grew by a constant factor each step, but it started so "
    r"small that the falling $x_1$ part of the loss hid it until around step <<m>>. After that the loss grows "
    r"geometrically and will not come back down.",
)


def _pool(m: int, g: str, r1: str, lim: str, eta: str) -> list[tuple[str, str, str]]:
    """Five wrong explanations with feedback (text, feedback, tag)."""
    return [
        (render(r"Overfitting started after step <<m>>: the model began to fit noise, so the loss went up.", m=m),
         render(r"This is the training loss itself, on a fixed quadratic: there is no data to overfit. A rising "
                r"*training* loss is an optimisation failure; overfitting shows up as a rising validation loss while "
                r"the training loss keeps falling. Here $\eta = <<eta>>$ exceeds $2/\lambda_{\max} = <<lim>>$.",
                eta=eta, lim=lim), "M9"),
        (r"The rate must be below the stability limit, because a rate above it blows up from the very first step; the "
         r"late rise is floating-point round-off.",
         render(r"An unstable direction grows geometrically, by the factor $|<<g>>|$ per step, from wherever it starts. "
                r"Starting tiny only delays the blow-up. $\eta = <<eta>> > 2/\lambda_{\max} = <<lim>>$, and the rise is "
                r"exactly that factor squared per step, not round-off.", g=g, eta=eta, lim=lim), "M16"),
        (r"The rate is too large for the flat direction $x_1$: after reaching the minimum, the $x_1$ error creeps back up.",
         render(r"Along $x_1$ the factor is $1 - \eta\lambda_1 = <<r1>>$, with $|<<r1>>| < 1$: that error keeps "
                r"shrinking. The flat direction tolerates far larger rates; stability is decided by the steepest "
                r"direction, where the factor is $<<g>>$.", r1=r1, g=g), "M7"),
        (r"The learning rate must have changed during the run: with a constant rate the loss cannot fall and then rise.",
         render(r"The rate was constant. The loss is a sum of two parts with different factors per step: the $x_1$ "
                r"part shrinks by $(<<r1>>)^2$, the $x_2$ part grows by $(<<g>>)^2$. The sum falls while the first "
                r"part dominates and rises once the second takes over.", r1=r1, g=g), "schedule-confusion"),
        (render(r"Gradient descent overshot the minimum around step <<m>> and now oscillates around it; the loss will "
                r"come back down.", m=m),
         render(r"Overshooting with $|1 - \eta\lambda| < 1$ would shrink; here the factor along $x_2$ is $<<g>>$, "
                r"larger than 1 in size, so every swing is bigger than the last. The loss only grows from now on.",
                g=g), "M5"),
    ]


@question("gd.ndim.delayed_divergence", topic="stability", difficulty=3, kind="multiple_choice", plot=True,
          objective="Explain a loss curve that first falls and then explodes: a learning rate slightly above "
                    "2/λ_max with a tiny initial error along the steepest direction.")
def delayed_divergence(rng: np.random.Generator) -> Draft:
    lam2, kappa, h = pick(rng, STEEP), pick(rng, KAPPAS), pick(rng, PRODUCTS)
    lam1 = lam2 / kappa
    eta = round(h / lam2, 6)
    x1, delta = pick(rng, FLAT_STARTS), pick(rng, TINY)
    lam = np.array([lam1, lam2], float)
    g = 1.0 - eta * lam2                # steep factor, < −1
    r1 = 1.0 - eta * lam1               # flat factor, |r1| < 1
    if not (g < -1.03 and abs(r1) < 0.95):
        raise AssertionError(f"factors {g}, {r1} are not a delayed divergence")

    # steps: long enough for the steep part to pass 10³ × the starting loss
    f0 = 0.5 * (lam1 * x1 * x1 + lam2 * delta * delta)
    need = math.log(1e3 * f0 / (0.5 * lam2 * delta * delta)) / (2.0 * math.log(abs(g)))
    T = int(10 * math.ceil((need + 5) / 10))
    if T > MAX_STEPS:
        raise Redraw("the blow-up would come too late to plot")

    x0 = np.array([x1, delta], float)
    traj = core.run(core.sgd(eta), core.Quadratic(lam), x0=x0, steps=T)
    loss = traj.losses[:, 0]
    k = np.arange(T + 1)
    closed = 0.5 * (lam1 * (r1 ** (2 * k)) * x1 * x1 + lam2 * (g ** (2 * k)) * delta * delta)
    upto = T if not traj.diverged[0] else int(traj.diverged_at[0])
    if not np.allclose(loss[: upto + 1], closed[: upto + 1], rtol=1e-8):
        raise AssertionError("simulated loss disagrees with the closed form")
    m = int(np.nanargmin(loss))
    if not (8 <= m <= T - 10 and loss[m] <= 1e-2 * loss[0] and np.nanmax(loss) >= 1e3 * loss[0]):
        raise Redraw("the curve must clearly fall first and clearly explode later")

    L1, L2, E, X1, D = exact(lam1), exact(lam2), exact(eta), exact(x1), pretty(delta)
    steps = []
    step, LIM = calc(r"The stability limit is set by the steepest direction: $2/\lambda_{\max} = 2/<<l>> = <<result>>$, "
                     r"and $\eta = <<e>>$ is above it.", f"2/{L2}", l=L2, e=E)
    steps.append(step)
    step, G = calc(r"Along $x_2$ each step multiplies the error by $1 - \eta\lambda_2 = 1 - <<e>>\cdot<<l>> = <<result>>$: "
                   r"it flips sign and grows in size.", f"1 - {E}*{L2}", e=E, l=L2)
    steps.append(step)
    step, R1 = calc(r"Along $x_1$ the factor is $1 - <<e>>\cdot<<l>> = <<result>>$: that error shrinks.",
                    f"1 - {E}*{L1}", e=E, l=L1)
    steps.append(step)
    steps.append(say(r"So $f(\mathbf{x}_k) = \frac{1}{2}\left(<<l1>>(<<r1>>)^{2k}\cdot <<x1>>^2 + "
                     r"<<l2>>\,(<<g>>)^{2k}(<<d>>)^2\right)$: the first part dominates at the start because "
                     r"$x_{2,0} = <<d>>$ is tiny, the second part wins later.",
                     l1="" if L1 == "1" else L1 + r"\,", r1=R1, x1=paren(X1), l2=L2, g=G, d=tex(D)))
    # G has at most 3 decimals, so 5 figures print its square exactly (4 would meet ties such as 1.15² = 1.3225)
    step, _ = calc(r"Once it dominates, the loss grows by $(<<g>>)^2 = <<result>>$ per step: a straight line rising on the "
                   r"log plot.", f"({G})**2", Rounding(sig=5), g=G)
    steps.append(step)
    steps.append(say(r"The simulated minimum is at step <<m>> (loss $<<lo>>$); by step <<T>> the loss is $<<hi>>$. A slightly "
                     r"smaller rate, below $<<lim>>$, would have converged.", m=m, lo=tex(pretty(loss[m])), T=upto,
                     hi=tex(pretty(loss[upto])), lim=LIM))

    which = int(rng.integers(2))
    correct = (render(CORRECT[which], m=m),
               render(r"Right: $\eta = <<e>> > 2/\lambda_{\max} = <<lim>>$, so $|x_2|$ grows by $|<<g>>|$ per step "
                      r"from $<<d>>$; the loss turns upward once that part overtakes the shrinking $x_1$ part.",
                      e=E, lim=LIM, g=G, d=tex(D)))
    wrong = sample(rng, _pool(m, G, R1, LIM, E), 3)
    choices = text_choices(correct, wrong)

    fig = curves([series("", k[: upto + 1], loss[: upto + 1],
                         diverged_at=int(traj.diverged_at[0]) if traj.diverged[0] else None)],
                 xlabel="step $k$", ylabel=r"loss $f(\mathbf{x}_k)$", yscale="log",
                 alt=f"The loss of one gradient-descent run on a log scale over {upto} steps.",
                 caption="The run in the question.")
    parts = curves([series("$|x_1|$ (flat)", k[: upto + 1], np.abs(traj.params[: upto + 1, 0, 0])),
                    series("$|x_2|$ (steep)", k[: upto + 1], np.abs(traj.params[: upto + 1, 0, 1]))],
                   xlabel="step $k$", ylabel="size of the coordinate", yscale="log",
                   alt="The sizes of the two coordinates on a log scale: the flat one shrinks steadily, the steep one "
                       "grows steadily from a tiny start.",
                   caption="The two error components of the same run.", in_solution=True)
    prompt = render(
        r"Gradient descent with a constant learning rate $\eta = <<e>>$ minimises "
        r"$f(x_1, x_2) = \frac{1}{2}\left(<<t1>> + <<t2>>\right)$, starting from "
        r"$\mathbf{x}_0 = (<<x1>>,\ <<d>>)$. The figure shows the loss $f(\mathbf{x}_k)$ on a log scale. It falls for "
        r"a while and then shoots up. What explains this?", e=E, t1=_term(L1, "x_1"), t2=_term(L2, "x_2"), x1=X1,
        d=tex(D))
    return Draft(
        prompt=prompt, solution=tuple(steps), choices=choices, figures=(fig, parts),
        params={"objective": {"name": "quadratic", "eigenvalues": [lam1, float(lam2)]},
                "optimizer": {"name": "sgd", "lr": eta}, "x0": [float(x1), delta], "steps": T,
                "loss_minimum_at": m},
        tags=("delayed-divergence", "stability-threshold", "M16"),
    )
