"""A loss curve that falls and then explodes: delayed divergence (DOMAIN §2.2, archetype B7; corrects M16, M9).

GD on f = ½(λ₁x₁² + λ₂x₂²) with ηλ_max ∈ [2.08, 2.2], from a start with a tiny component δ along
the steep direction x₂: the flat part shrinks by (1 − ηλ₁)² per step, the steep part grows by
(1 − ηλ₂)² > 1 from tiny, so the loss falls for tens of steps and then explodes. The student picks
the explanation; three distractors are drawn from five (M9, M16, M7, a changed rate, M5).
"""

import numpy as np

from quizgen.family import Meta, Rounding, calc, num, pick, redraw_if
from quizgen.kit import ndim

MAX_STEPS = 300

QUESTION = r"""Gradient descent with a constant learning rate $\eta = <<eta>>$ minimises $f(x_1, x_2) = <<f>>$,
starting from $\mathbf{x}_0 = (<<x1>>,\ <<delta>>)$. The figure shows the loss $f(\mathbf{x}_k)$ on a log scale. It
falls for a while and then shoots up. What explains this?"""

SOLUTION = [
    r"""The stability limit is set by the steepest direction: $2/\lambda_{\max} = <<lim.work>>$, and $\eta = <<eta>>$
    is above it.""",
    r"""Along $x_2$ each step multiplies the error by $1 - \eta\lambda_2 = <<g.work>>$: it flips sign and grows in
    size.""",
    r"Along $x_1$ the factor is $<<r1.work>>$: that error shrinks.",
    r"""So $f(\mathbf{x}_k) = \frac{1}{2}\left(<% if lam1 != 1 %><<lam1>>\,<% endif %>(<<r1>>)^{2k}\cdot <<x1|paren>>^2
    + <<lam2>>\,(<<g>>)^{2k}(<<delta>>)^2\right)$: the first part dominates at the start because
    $x_{2,0} = <<delta>>$ is tiny, the second part wins later.""",
    r"""Once it dominates, the loss grows by $<<g2.work>>$ per step: a straight line rising on the log plot.""",
    r"""The simulated minimum is at step <<m>> (loss $<<lowest>>$); by step <<upto>> the loss is $<<last>>$. A slightly
    smaller rate, below $<<lim>>$, would have converged.""",
]

CORRECT = (
    r"""The rate is just above $2/\lambda_{\max}$: the tiny $x_2$ error grew every step and finally outweighed the
    shrinking $x_1$ part of the loss.""",
    r"""The run was unstable from the start: $|x_2|$ grew every step, but began so small that the falling $x_1$ part hid it
    until about step <<m>>.""",
)
RIGHT = r"""Right: $\eta = <<eta>> > 2/\lambda_{\max} = <<lim>>$, so $|x_2|$ grows by $|<<g>>|$ per step from
$<<delta>>$; the loss turns upward once that part overtakes the shrinking $x_1$ part."""
WRONG = [
    (r"""Overfitting set in after step <<m>>: having fitted the signal, the model began to fit noise, and so
     its loss turned upward.""",
     r"""This is the training loss itself, on a fixed quadratic: there is no data to overfit. A rising *training* loss
     is an optimisation failure; overfitting shows up as a rising validation loss while the training loss keeps
     falling. Here $\eta = <<eta>>$ exceeds $2/\lambda_{\max} = <<lim>>$.""", "M9"),
    (r"""The rate must be below the stability limit, since a rate above it blows up from the first step; the
     late rise is floating-point round-off.""",
     r"""An unstable direction grows geometrically, by the factor $|<<g>>|$ per step, from wherever it starts. Starting
     tiny only delays the blow-up. $\eta = <<eta>> > 2/\lambda_{\max} = <<lim>>$, and the rise is exactly that factor
     squared per step, not round-off.""", "M16"),
    (r"""The rate is too large for the flat direction $x_1$: once $x_1$ got near its minimum, its error began
     to creep back up and dragged the loss with it.""",
     r"""Along $x_1$ the factor is $1 - \eta\lambda_1 = <<r1>>$, with $|<<r1>>| < 1$: that error keeps shrinking. The
     flat direction tolerates far larger rates; stability is decided by the steepest direction, where the factor is
     $<<g>>$.""", "M7"),
    (r"""The learning rate must have been changed partway through: with one constant rate the loss cannot fall
     for many steps and then rise.""",
     r"""The rate was constant. The loss is a sum of two parts with different factors per step: the $x_1$ part shrinks
     by $(<<r1>>)^2$, the $x_2$ part grows by $(<<g>>)^2$. The sum falls while the first part dominates and rises once
     the second takes over.""", "schedule-confusion"),
    (r"""Gradient descent overshot the minimum around step <<m>> and now oscillates around it; the loss will
     settle back down within a few more steps.""",
     r"""Overshooting with $|1 - \eta\lambda| < 1$ would shrink; here the factor along $x_2$ is $<<g>>$, larger than 1
     in size, so every swing is bigger than the last. The loss only grows from now on.""", "M5"),
]


def data(rng):
    lam2, kappa, h = pick(rng, (2, 4, 5, 8, 10)), pick(rng, (4, 5, 8, 10)), pick(rng, (2.08, 2.1, 2.12, 2.15, 2.2))
    lam1, eta = lam2 / kappa, round(h / lam2, 6)  # η·λ_max ≥ 4 % above the limit 2
    x1, delta = pick(rng, (1, 2, 3, -1, -2)), pick(rng, (1e-6, 1e-5, 1e-4))
    # steps: long enough for the steep part to pass 10³ × the starting loss
    f0 = 0.5 * (lam1 * x1 * x1 + lam2 * delta * delta)
    need = np.log(1e3 * f0 / (0.5 * lam2 * delta * delta)) / (2.0 * np.log(abs(1.0 - eta * lam2)))
    T = int(10 * np.ceil((need + 5) / 10))
    redraw_if(T > MAX_STEPS, "the blow-up would come too late to plot")

    traj = ndim.descend((lam1, lam2), eta, (x1, delta), steps=T)
    loss = traj.losses[:, 0]
    upto = T if not traj.diverged[0] else int(traj.diverged_at[0])
    m = int(np.nanargmin(loss))
    redraw_if(not (8 <= m <= T - 10 and loss[m] <= 1e-2 * loss[0] and np.nanmax(loss) >= 1e3 * loss[0]),
              "the curve must clearly fall first and clearly explode later")
    g = calc("1 - e*l", e=eta, l=lam2)
    # g has at most 3 decimals, so 5 figures print its square exactly (4 would meet ties such as 1.15² = 1.3225)
    d = dict(eta=eta, lam1=lam1, lam2=lam2, x1=x1, delta=num(delta, sig=4), m=m, upto=upto, T=T, g=g,
             f=ndim.diagonal_loss((lam1, lam2), half=True), lim=calc("2/l", l=lam2),
             r1=calc("1 - e*l", e=eta, l=lam1), g2=calc("g**2", Rounding(sig=5), g=g),
             lowest=num(loss[m], sig=4), last=num(loss[upto], sig=4), curve=loss[: upto + 1], traj=traj,
             params={"loss_minimum_at": m})
    d["choices"] = ndim.statements(d, (CORRECT[int(rng.integers(2))], RIGHT), WRONG, rng=rng, k=3)
    return d


def figures(d):
    traj, k = d["traj"], np.arange(d["upto"] + 1)
    return [ndim.log_curves([("", k, d["curve"], int(traj.diverged_at[0]) if traj.diverged[0] else None)],
                            xlabel="step $k$", ylabel=r"loss $f(\mathbf{x}_k)$",
                            alt=f"The loss of one gradient-descent run on a log scale over {d['upto']} steps.",
                            caption="The run in the question."),
            ndim.log_curves([("$|x_1|$ (flat)", k, np.abs(traj.params[: d["upto"] + 1, 0, 0]), None),
                             ("$|x_2|$ (steep)", k, np.abs(traj.params[: d["upto"] + 1, 0, 1]), None)],
                            xlabel="step $k$", ylabel="size of the coordinate",
                            alt="The sizes of the two coordinates on a log scale: the flat one shrinks steadily, the "
                                "steep one grows steadily from a tiny start.",
                            caption="The two error components of the same run.", in_solution=True)]


def _closed_loss(d):
    """½Σλᵢ(1 − ηλᵢ)^{2k}x₀ᵢ², step by step up to the end of the plot."""
    k, delta = np.arange(d["upto"] + 1), float(d["delta"].exact)
    r1, g = 1.0 - d["eta"] * d["lam1"], 1.0 - d["eta"] * d["lam2"]
    return {"curve": 0.5 * (d["lam1"] * r1 ** (2 * k) * d["x1"] ** 2 + d["lam2"] * g ** (2 * k) * delta * delta)}


META = Meta(id="gd.ndim.delayed_divergence", topic="stability", difficulty=3, kind="multiple_choice",
            objective="Explain a loss curve that first falls and then explodes: a learning rate slightly above "
                      "2/λ_max with a tiny initial error along the steepest direction.",
            closed_form=_closed_loss, rtol=1e-8,  # hundreds of steps of rounding in the simulated loss
            figures=figures, tags=("delayed-divergence", "stability-threshold", "M16"))
