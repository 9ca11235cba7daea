"""Example of a teacher's own family: w after two steps of SGD with momentum on a/2·w².

Not part of the built-in bank: add it with `quizgen generate --bank question_bank/examples …`.
"""

from quizgen import core
from quizgen.family import Meta, calc, near_boundary, pick, redraw_if, simulate

QUESTION = r"""Gradient descent with momentum minimises $f(w) = <<a|half_quadratic(var='w')>>$ with learning rate
$\eta = <<eta>>$ and momentum $\beta = <<beta>>$, starting from $w_0 = <<w0>>$ with zero velocity. Each step is
$v_{t+1} = \beta v_t + f'(w_t)$, $w_{t+1} = w_t - \eta\, v_{t+1}$ (PyTorch's rule: the first step has $v_1 = f'(w_0)$).
What is $w_2$? Give it to 4 significant figures."""

SOLUTION = [
    r"""The derivative is $f'(w) = <<a|coef('w')>>$. The first step has no velocity yet, so it is a plain
    gradient step: $w_1 = (1 - \eta a)\,w_0 = <<w1.work>>$.""",
    r"""The second step adds momentum: $v_2 = \beta f'(w_0) + f'(w_1)$, so
    $w_2 = w_1 - \eta\,(\beta a w_0 + a w_1) = <<w2.work>>$ (4 significant figures).""",
]


def data(rng):
    a, eta = pick(rng, (1, 2, 4, 5, 8)), pick(rng, (0.01, 0.02, 0.05, 0.1, 0.2))
    w0, beta = pick(rng, (-10, -5, -4, -3, -2, 2, 3, 4, 5, 10)), 0.9
    redraw_if(eta * a >= 1 or near_boundary(eta * a, (1.0,)), "keep the first step on the same side")
    run = simulate(core.sgd(eta, momentum=beta), core.Quadratic1D(a), x0=float(w0), steps=2)
    w1 = calc("(1 - eta*a)*w0", eta=eta, a=a, w0=w0)
    w2 = calc("w1 - eta*(beta*a*w0 + a*w1)", w1=w1, eta=eta, beta=beta, a=a, w0=w0)
    redraw_if(abs(w2.value) < 1e-3 * abs(w0), "w_2 would be (almost) exactly 0")
    plain = (1 - eta * a) ** 2 * w0  # what plain gradient descent gives after two steps
    return dict(a=a, eta=eta, beta=beta, w0=w0, w1=w1, w2=w2, simulated=run.final_params[0, 0],
                wrong_answers=[(plain, "forgot-momentum", "That is plain gradient descent: the second step also "
                                "carries beta times the first gradient.")])


def _closed_form(d):
    a, eta, b, w0 = d["a"], d["eta"], d["beta"], d["w0"]
    w1 = (1 - eta * a) * w0
    return w1 - eta * (b * a * w0 + a * w1)


META = Meta(id="examples.momentum_two_steps", topic="momentum", difficulty=2, kind="numeric",
            objective="Apply the heavy-ball momentum update (PyTorch convention) for two steps.",
            answer="simulated", closed_form=_closed_form, tags=("momentum", "update-rule"))
