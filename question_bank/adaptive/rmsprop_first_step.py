"""RMSprop's first step in PyTorch: lr/√(1 − α), not lr (DOMAIN §2.7, archetype F3).

``torch.optim.RMSprop(lr, alpha, eps=1e-8)`` keeps v_t = α v_{t−1} + (1 − α) g_t² from v_0 = 0 with
**no bias correction**, so the first step is lr·g/(√(1 − α)|g| + ε) ≈ lr/√(1 − α)·sign(g): 10·lr for the
default α = 0.99, whatever the gradient's scale (Adam's bias correction would make it lr). Two variants:
θ_1 (6 significant figures: the step can be 1e-4) or the step length |θ_1 − θ_0|; draws where a
misconception's answer (a step of lr, no move, SGD's lr·g) would be accepted are redrawn.
"""

from quizgen import core
from quizgen.family import Meta, calc, num, pick, redraw_if, simulate
from quizgen.kit import optim


QUESTION = r"""PyTorch `torch.optim.RMSprop(lr=<<lr>>, alpha=<<al>>)` (eps $= 1 \times 10^{-8}$, no momentum, not
centered) minimises $f(\theta) = <<f>>$, starting from $\theta_0 = <<th0>>$ with its square average $v_0 = 0$.
<% if variant == 'theta' %>What is $\theta_1$ after the first step?<% else %>How far does $\theta$ move in the first
step, $|\theta_1 - \theta_0|$?<% endif %> Give it to <<sig>> significant figures."""

SOLUTION = [
    r"Gradient at the start: $g = f'(\theta_0) = <<g.work>>$.",
    r"""Square average: $v_1 = <<v1.work>>$ (PyTorch does **not** divide by $1 - \alpha$: there is no bias
    correction).""",
    r"""<% if variant == 'theta' %>Update: $\theta_1 = \theta_0 - \mathrm{lr}\,\frac{g}{\sqrt{v_1} + \epsilon} =
    <<step.work>>$ (6 significant figures).<% else %>Step length: $|\theta_1 - \theta_0| =
    \mathrm{lr}\,\frac{|g|}{\sqrt{v_1} + \epsilon} = <<step.work>>$ (4 significant figures).<% endif %>""",
    r"""Since $\sqrt{v_1} = \sqrt{1 - \alpha}\,|g|$, the first step is $\mathrm{lr}/\sqrt{1 - \alpha} =
    <<lr>>/\sqrt{1 - <<al>>} = <<big>>$ in the direction $-\operatorname{sign}(g)$, whatever the scale of $g$:
    <<times>> times the learning rate. The estimate $v_t$ starts at 0 and is too small in the first steps; Adam's
    bias correction $\hat v_t = v_t/(1 - \beta_2^t)$ would make this first step just $\mathrm{lr}$.""",
]


def data(rng):
    a, th0 = pick(rng, (0.01, 0.1, 0.5, 1, 2, 10, 100)), pick(rng, (-3, -2, -1, 1, 2, 3, 4))
    c = pick(rng, (0, 0, 1, -1, 0.5))
    lr, alpha = pick(rng, (0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01)), pick(rng, (0.9, 0.99, 0.99, 0.999))
    variant = pick(rng, ("theta", "length"))
    redraw_if(th0 == c, "start at the minimum")
    g = a * (th0 - c)
    redraw_if((1 - alpha) ** 0.5 * abs(g) < 1e-3,
              "keep ε negligible (below 1e-5 relative) so the first step is lr/√(1 − α) to 4 figures")
    run = simulate(core.rmsprop(lr, alpha=alpha), core.Quadratic1D(a, w_star=c), x0=float(th0), steps=1)
    th1, closed = float(run.params[1, 0, 0]), th0 - lr * g / ((1 - alpha) ** 0.5 * abs(g) + 1e-8)
    rounding = optim.SIG6 if variant == "theta" else optim.SIG4
    # the misconceptions' answers must be marked wrong: a step of lr (bias-corrected, like Adam), none, SGD's lr·g
    sign = 1 if g > 0 else -1
    wrongs = (th0 - lr * sign, th0, th0 - lr * g) if variant == "theta" else (lr, lr * abs(g))
    value = th1 if variant == "theta" else abs(th1 - th0)
    redraw_if(optim.accepts_any(value, rounding, wrongs), "a misconception's answer would be accepted")
    f, grad = optim.shifted_quadratic(a, c, th0)
    v1 = optim.worked(r"<<al>>\cdot 0 + (1 - <<al>>)\,g^2", "(1 - al)*g**2", optim.FULL, al=alpha, g=grad)
    if variant == "theta":
        step = calc("t0 - lr*(g/(sqrt(v1) + 1e-8))", optim.SIG6, t0=th0, lr=lr, g=grad, v1=v1)
    else:
        step = calc("lr*(ag/(sqrt(v1) + 1e-8))", lr=lr, ag=num(abs(g), optim.FULL), v1=v1)
    big = lr / (1 - alpha) ** 0.5
    moves = [  # each slip's signed move θ_1 − θ_0 (the length variant takes its size)
        (-lr * sign, "assumed-bias-correction",
         r"""That is a step of exactly $\mathrm{lr}$, what Adam's bias correction would give. PyTorch's RMSprop
         has none: $v_1 = (1 - <<al>>)\,g^2$ is too small, so the step is $\mathrm{lr}/\sqrt{1 - <<al>>} =
         <<big>>$."""),
        (-lr * g, "adam-like-sgd",
         r"""That is plain SGD's step $\mathrm{lr}\cdot g$. RMSprop divides the gradient by $\sqrt{v_1} =
         \sqrt{1 - <<al>>}\,|g|$, so the size of $g$ cancels."""),
        (-lr / (1 - alpha) * sign, "forgot-square-root",
         r"""The square root was left out: the step divides by $\sqrt{v_1} = \sqrt{1 - <<al>>}\,|g|$, giving
         $\mathrm{lr}/\sqrt{1 - <<al>>}$, not $\mathrm{lr}/(1 - <<al>>)$."""),
    ]
    if variant == "theta":
        moves.append((big * sign, "M2", r"""Right size, wrong direction: the step goes against the gradient,
                      $\theta_1 = \theta_0 - \mathrm{lr}\,g/(\sqrt{v_1} + \epsilon)$."""))
    slips = [(th0 + m if variant == "theta" else abs(m), tag, fb) for m, tag, fb in moves]
    d = dict(lr=lr, al=alpha, f=f, th0=th0, variant=variant, sig=rounding.sig, g=grad, v1=v1, step=step,
                value=value, closed=closed if variant == "theta" else abs(closed - th0), rounding=rounding,
                big=num(lr / (1 - alpha) ** 0.5, sig=4), times=num(1 / (1 - alpha) ** 0.5, sig=4),
                params={"gradient": g, "variant": variant})
    return dict(d, wrong_answers=optim.wrong_answers(value, rounding, slips, d))


META = Meta(id="adaptive.rmsprop_first_step", topic="adaptive", difficulty=2, kind="numeric",
            objective="Compute RMSprop's first update in PyTorch, lr/√(1 − α) in size because there is no bias "
                      "correction.",
            answer="value", closed_form=lambda d: d["closed"],
            tags=("rmsprop", "no-bias-correction", "pytorch-convention"))
