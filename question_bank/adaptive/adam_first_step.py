"""Adam's first step (DOMAIN §2.7, archetype F1; misconception M10).

With PyTorch's ``Adam(lr, betas=(0.9, 0.999), eps=1e-8)`` and zero moments, bias correction gives
m̂_1 = g and v̂_1 = g², so θ_1 = θ_0 − lr·g/(|g| + ε) ≈ θ_0 − lr·sign(g): the step is about lr whatever
the gradient's scale (curvatures span 0.001 … 1000). θ_1 is asked to 6 significant figures, and draws
where a misconception (no move, no bias correction, SGD's lr·g) would be accepted are redrawn.
"""

from quizgen import core
from quizgen.family import Meta, calc, num, pick, redraw_if, simulate
from quizgen.kit import optim


QUESTION = r"""PyTorch `torch.optim.Adam(lr=<<lr>>)` with its defaults ($\beta_1 = 0.9$, $\beta_2 = 0.999$,
$\epsilon = 1 \times 10^{-8}$, bias correction, $\epsilon$ outside the square root) minimises $f(\theta) = <<f>>$,
starting from $\theta_0 = <<th0>>$ with both moment estimates at $0$. What is $\theta_1$ after the first step?
Give it to 6 significant figures."""

SOLUTION = [
    r"Gradient at the start: $g = f'(\theta_0) = <<g.work>>$.",
    r"First moment: $m_1 = <<m1.work>>$.",
    r"Second moment: $v_1 = <<v1.work>>$.",
    r"Bias corrections: $\hat m_1 = <<mh.work>>$ (back to $g$),",
    r"and $\hat v_1 = <<vh.work>>$ (back to $g^2$).",
    r"""Update: $\theta_1 = \theta_0 - \mathrm{lr}\,\frac{\hat m_1}{\sqrt{\hat v_1} + \epsilon} = <<th1.work>>$
    (6 significant figures).""",
    r"""Since $\hat m_1/\sqrt{\hat v_1} = g/|g| = \operatorname{sign}(g)$, the first step moves $\theta$
    <<'down' if g.value > 0 else 'up'>> by almost exactly $\mathrm{lr} = <<lr>>$ (ε only matters when $|g|$ is near
    $10^{-8}$): its size does not depend on how steep the loss is, only its sign does. Plain SGD with the same lr
    would move by $\mathrm{lr}\cdot|g| = <<sgd>>$.""",
    r"""Without the bias correction the step would be $\mathrm{lr}\cdot(1 - 0.9)/\sqrt{1 - 0.999}
    \approx 3.16\,\mathrm{lr}$, and with SGD's rule it would scale with $g$. The learning rate still sets Adam's
    step size, so it still needs tuning.""",
]


def data(rng):
    a, th0 = pick(rng, (0.001, 0.01, 0.1, 1, 10, 100, 1000)), pick(rng, (-3, -2, -1.5, -1, 1, 1.5, 2, 2.5, 3))
    c, lr = pick(rng, (0, 0, 0.5, 1, -1, -0.5)), pick(rng, (0.001, 0.002, 0.005, 0.01, 0.05, 0.1))
    redraw_if(th0 == c, "start at the minimum")
    g = a * (th0 - c)
    theta1 = float(simulate(core.adam(lr), core.Quadratic1D(a, w_star=c), x0=float(th0), steps=1).params[1, 0, 0])
    # the misconceptions' answers must be marked wrong: no move, no bias correction (3.16·lr), SGD's lr·g
    wrongs = (th0, th0 - lr * 0.1 / 0.001 ** 0.5 * (1 if g > 0 else -1), th0 - lr * g)
    redraw_if(optim.accepts_any(theta1, optim.SIG6, wrongs), "a misconception's θ_1 would be accepted")
    f, grad = optim.shifted_quadratic(a, c, th0)
    m1 = optim.worked(r"(1 - 0.9)\,g", "(1 - 0.9)*g", optim.FULL, g=grad)
    v1 = optim.worked(r"(1 - 0.999)\,g^2", "(1 - 0.999)*g**2", optim.FULL, g=grad)
    mh = optim.worked("m_1/(1 - 0.9^1)", "m1/(1 - 0.9)", optim.FULL, m1=m1)
    vh = optim.worked("v_1/(1 - 0.999^1)", "v1/(1 - 0.999)", optim.FULL, v1=v1)
    sign = 1 if g > 0 else -1
    slips = [
        (th0 - lr * g, "adam-like-sgd",
         r"""That is plain SGD's step $\theta_0 - \mathrm{lr}\cdot g$. Adam divides $\hat m_1 = g$ by
         $\sqrt{\hat v_1} = |g|$, so the step is $\mathrm{lr}$ in size whatever $g$ is: $\theta_1 = <<th1>>$."""),
        (th0 - lr * 0.1 / 0.001 ** 0.5 * sign, "forgot-bias-correction",
         r"""Without the bias correction the step is $\mathrm{lr}\cdot 0.1/\sqrt{0.001} \approx 3.16\,\mathrm{lr}$.
         PyTorch's Adam divides $m_1$ by $1 - 0.9$ and $v_1$ by $1 - 0.999$, which brings both back to $g$ and
         $g^2$."""),
        (th0 + lr * sign, "M2",
         r"""Right size, wrong direction: Adam steps against the gradient, $\theta_1 = \theta_0 -
         \mathrm{lr}\cdot\operatorname{sign}(g)$, so $\theta$ goes <<'down' if g.value > 0 else 'up'>>."""),
        (th0 - 0.1 * lr * sign, "first-moment-not-corrected",
         r"""Only $v_1$ was bias-corrected: $m_1 = 0.1\,g$ must be divided by $1 - 0.9^1$ as well, giving
         $\hat m_1 = g$ and a step of $\mathrm{lr}$, not $0.1\,\mathrm{lr}$."""),
    ]
    d = dict(lr=lr, f=f, th0=th0, g=grad, m1=m1, v1=v1, mh=mh, vh=vh, theta1=theta1, params={"gradient": g},
                th1=calc("t0 - lr*(mh/(sqrt(vh) + 1e-8))", optim.SIG6, t0=th0, lr=lr, mh=mh, vh=vh),
                sgd=num(lr * abs(g), sig=4), closed=th0 - lr * g / (abs(g) + 1e-8))
    return dict(d, wrong_answers=optim.wrong_answers(theta1, optim.SIG6, slips, d))


META = Meta(id="adaptive.adam_first_step", topic="adaptive", difficulty=2, kind="numeric",
            objective="Compute Adam's first update with bias correction and explain why its size is about lr "
                      "whatever the gradient's scale, with direction −sign(g).",
            answer="theta1", closed_form=lambda d: d["closed"], rounding=optim.SIG6,
            tags=("adam", "bias-correction", "sign-step", "M10"))
