"""Two steps of SGD with momentum by hand, in PyTorch's convention (DOMAIN §2.5, archetype E3).

PyTorch ``SGD(lr=η, momentum=β)`` (dampening 0): the buffer starts at the first gradient, b_1 = g_1 (so the
first step is a plain gradient step), then b_t = β b_{t−1} + g_t and θ_t = θ_{t−1} − η b_t. On
f(w) = (a/2)(w − m)² the student computes g_1, w_1, g_2, b_2, w_2; the intermediate numbers are printed to
10 significant figures (they are short exact decimals), only w_2 is rounded to 4.
"""

from quizgen import core
from quizgen.family import Meta, calc, num, pick, redraw_if, simulate
from quizgen.kit import optim

QUESTION = r"""PyTorch `SGD(lr=<<eta>>, momentum=<<beta>>)` (dampening 0, no Nesterov) minimises
$f(w) = <<a|half_quadratic(m)>>$, starting from $w_0 = <<w0>>$ with an empty momentum buffer. What is $w_2$, the
parameter after two steps? Give it to 4 significant figures."""

SOLUTION = [
    r"""PyTorch's rule: $g_t = f'(w_{t-1})$, $b_1 = g_1$, $b_t = \beta\,b_{t-1} + g_t$ for $t > 1$, and
    $w_t = w_{t-1} - \eta\,b_t$. Here $f'(w) = <% if m == 0 %><<a|coef('w')>><% elif a == 1 %>w - <<m|paren>><% else
    %><<a>>(w - <<m|paren>>)<% endif %>$.""",
    r"$g_1 = f'(w_0) = <<g1.work>>$.",
    r"The buffer starts at the first gradient: $b_1 = g_1 = <<g1>>$ (the first step has no momentum term).",
    r"$w_1 = w_0 - \eta\,b_1 = <<w1.work>>$.",
    r"$g_2 = f'(w_1) = <<g2.work>>$.",
    r"$b_2 = \beta\,b_1 + g_2 = <<b2.work>>$.",
    r"$w_2 = w_1 - \eta\,b_2 = <<w2.work>>$ (4 significant figures).",
    r"""For comparison, plain gradient descent would be at $<<gd2>>$ after two steps: the term $\beta\,b_1$ carries
    the first step's velocity into the second. Two common slips: averaging like Adam, $b_t = \beta b_{t-1} + (1 -
    \beta)g_t$ (that is PyTorch's `dampening`, off by default), or applying momentum already in the first step
    ($b_1 = \beta g_1 + g_1$, as if the buffer had started at $g_1$ instead of empty).""",
]


def gradient(a, m, w, t):
    """g_t = a(w_{t−1} − m) from the printed w_{t−1}, written without "1·" or "− 0"."""
    if m == 0 and a == 1:
        return optim.worked("w_<<t - 1>>", "w", optim.FULL, w=w, t=t)
    return calc("a*w" if m == 0 else "w - m" if a == 1 else "a*(w - m)", optim.FULL, a=a, w=w, m=m)


def data(rng):
    a, eta, beta = pick(rng, (1, 2, 4, 5, 10)), pick(rng, (0.05, 0.1, 0.2)), pick(rng, (0.5, 0.8, 0.9))
    w0, m = pick(rng, (-5, -4, -3, -2, 2, 3, 4, 5)), pick(rng, (0, 0, 0, 1, -1, 2))
    redraw_if(w0 == m, "start at the minimum")
    redraw_if(eta * a >= 1.5, "keep the first step from overshooting wildly")
    redraw_if(abs(eta * a - 1) <= 0.03, "ηa = 1 lands w_1 exactly on the minimum (a regime boundary): a degenerate "
                                        "second step")
    w = simulate(core.sgd(eta, momentum=beta), core.Quadratic1D(a, w_star=m), x0=float(w0), steps=2).params[:, 0, 0]
    redraw_if(abs(w[2]) < 1e-9, "w_2 would be 0 up to float noise")
    g1 = gradient(a, m, w0, 1)
    w1 = calc("w0 - e*g1", optim.FULL, w0=w0, e=eta, g1=g1)
    g2 = gradient(a, m, w1, 2)
    b2 = calc("b*g1 + g2", optim.FULL, b=beta, g1=g1, g2=g2)
    w2 = calc("w1 - e*b2", w1=w1, e=eta, b2=b2)
    # the slips, each carried out on this draw's numbers
    ema = w1.value - eta * (beta * g1.value + (1 - beta) * g2.value)
    early_w1 = w0 - eta * (1 + beta) * g1.value
    early = early_w1 - eta * (beta * (1 + beta) * g1.value + a * (early_w1 - m))
    slips = [
        (ema, "momentum-as-ema",
         r"""That averages like Adam, $b_2 = \beta b_1 + (1 - \beta) g_2$ (PyTorch's `dampening`, off by
         default). With dampening 0 the new gradient is added in full: $b_2 = \beta b_1 + g_2 = <<b2>>$."""),
        (early, "momentum-in-first-step",
         r"""That applies momentum already in the first step ($b_1 = g_1 + \beta g_1$). PyTorch's buffer starts
         empty and is set to the first gradient, $b_1 = g_1$, so $w_1 = <<w1>>$."""),
        (core.theory.iterate(2, eta, a, w0, m), "forgot-momentum",
         r"""That is plain gradient descent: the second step leaves out $\beta b_1$, the velocity carried over
         from the first step. $b_2 = \beta b_1 + g_2 = <<b2>>$."""),
        (w1.value - eta * (g2.value - beta * g1.value), "sign-slip",
         r"""The momentum term has the wrong sign: the buffer adds the old velocity, $b_2 = \beta b_1 + g_2$,
         it does not subtract it."""),
    ]
    return dict(a=a, eta=eta, beta=beta, w0=w0, m=m, g1=g1, w1=w1, g2=g2, b2=b2, simulated=float(w[2]), w2=w2,
                gd2=num(core.theory.iterate(2, eta, a, w0, m), sig=4),
                wrong_answers=optim.wrong_answers(w[2], optim.SIG4, slips, dict(b2=b2, w1=w1)))


META = Meta(id="momentum.two_steps", topic="momentum", difficulty=2, kind="numeric",
            objective="Carry out two steps of SGD with momentum by hand in PyTorch's convention, where the buffer "
                      "starts at the first gradient.",
            answer="simulated", tags=("momentum", "update-rule", "pytorch-convention"),
            closed_form=lambda d: d["m"] + core.theory.heavy_ball_iterate(2, d["eta"], d["beta"], d["a"],
                                                                          d["w0"] - d["m"]))
