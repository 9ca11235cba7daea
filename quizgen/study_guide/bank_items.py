"""The guide's questions from the bank: worked examples, review questions and practice.

Each group is assembled with the guide's seed (so another seed gives other numbers). Worked
examples carry a "run it yourself" snippet: a few lines of plain numpy, written from the
question's own recorded parameters, that print its answer.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from quizgen.assemble import assemble
from quizgen.bank import Bank
from quizgen.question import Question
from quizgen.study_guide.model import WorkedExample

WORKED = ("gd.quadratic.one_step", "gd.quadratic.after_k_steps", "gd.ndim.max_stable_lr", "momentum.two_steps",
          "schedules.step_decay", "adaptive.adam_first_step")
REVIEW = ("concepts.small_vs_large", "concepts.dynamic_adjustment", "fitting.small_lr_budget",
          "curves.oscillation_source")
PRACTICE = ("gd.quadratic.regime", "gd.quadratic.optimal_lr", "momentum.stability", "schedules.cosine",
            "range_test.lr_at_iteration", "sgd.linear_scaling")


def _f(x: float) -> str:
    """A number as Python source: short decimals as they are, long floats to 15 figures."""
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else (text if len(text) <= 12 else f"{float(x):.15g}")


def _run(q: Question) -> dict:
    return q.params["runs"][0]


def _printed(q: Question, var: str) -> str:
    sig = q.answer.rounding.sig or 6
    return f'print(f"{{{var}:.{sig}g}}")'


def _parabola(q: Question, var: str = "w") -> str:
    """The line that sets up f(var) = a/2·(var − var*)² as the question states it."""
    o = _run(q)["objective"]
    a, c = o["a"], o["w_star"]
    shifted = (f"({var} - {_f(c)})" if c > 0 else f"({var} + {_f(-c)})") if c else var
    return (f"a, {var}_star = {_f(a)}, {_f(c)}  # f({var}) = {_f(a / 2)}{shifted}^2, "
            f"so f'({var}) = a ({var} - {var}_star)")


def _one_step(q: Question) -> str:
    r = _run(q)
    return "\n".join([
        "import numpy as np",
        "",
        _parabola(q),
        f"eta, w = {_f(r['optimizer']['lr'])}, {_f(r['x0'])}",
        "w = w - eta * a * (w - w_star)  # one gradient-descent step",
        _printed(q, "w"),
    ])


def _after_k_steps(q: Question) -> str:
    r = _run(q)
    return "\n".join([
        "import numpy as np",
        "",
        _parabola(q, "x"),
        f"eta, x = {_f(r['optimizer']['lr'])}, {_f(r['x0'])}",
        f"for k in range({r['steps']}):",
        "    x = x - eta * a * (x - x_star)",
        _printed(q, "x"),
    ])


def _max_stable_lr(q: Question) -> str:
    o = _run(q)["objective"]
    lam = np.asarray(o["eigenvalues"], dtype=float)
    if o.get("rotation") is None:
        H = np.diag(lam)
    else:
        Q = np.asarray(o["rotation"], dtype=float)
        H = (Q * lam) @ Q.T
        H = (H + H.T) / 2
    rows = ", ".join("[" + ", ".join(_f(round(v, 12)) for v in row) + "]" for row in H)
    return "\n".join([
        "import numpy as np",
        "",
        f"H = np.array([{rows}])  # the loss's Hessian",
        "lam_max = np.linalg.eigvalsh(H).max()",
        "eta_max = 2 / lam_max",
        _printed(q, "eta_max"),
    ])


def _momentum_two_steps(q: Question) -> str:
    r = _run(q)
    return "\n".join([
        "import numpy as np",
        "",
        _parabola(q),
        f"eta, beta, w = {_f(r['optimizer']['lr'])}, {_f(r['optimizer']['momentum'])}, {_f(r['x0'])}",
        "b = None  # PyTorch's momentum buffer starts empty",
        f"for t in range({r['steps']}):",
        "    g = a * (w - w_star)",
        "    b = g if b is None else beta * b + g",
        "    w = w - eta * b",
        _printed(q, "w"),
    ])


def _step_decay(q: Question) -> str:
    lr = _run(q)["optimizer"]["lr"]
    return "\n".join([
        "import numpy as np",
        "",
        f"lr, step_size, gamma = {_f(lr['init_value'])}, {lr['step_size']}, {_f(lr['gamma'])}",
        f"for epoch in range({q.params['epoch']}):  # scheduler.step() at the end of each earlier epoch",
        "    if (epoch + 1) % step_size == 0:",
        "        lr = lr * gamma",
        _printed(q, "lr"),
    ])


def _adam_first_step(q: Question) -> str:
    r = _run(q)
    opt = r["optimizer"]
    return "\n".join([
        "import numpy as np",
        "",
        _parabola(q, "theta"),
        f"lr, b1, b2, eps = {_f(opt['lr'])}, {_f(opt['b1'])}, {_f(opt['b2'])}, {opt['eps']!r}",
        f"theta, m, v = {_f(r['x0'])}, 0.0, 0.0",
        "g = a * (theta - theta_star)",
        "m = b1 * m + (1 - b1) * g",
        "v = b2 * v + (1 - b2) * g**2",
        "m_hat, v_hat = m / (1 - b1), v / (1 - b2)  # bias correction at t = 1",
        "theta = theta - lr * m_hat / (np.sqrt(v_hat) + eps)",
        _printed(q, "theta"),
    ])


SNIPPETS: dict[str, Callable[[Question], str]] = {
    "gd.quadratic.one_step": _one_step,
    "gd.quadratic.after_k_steps": _after_k_steps,
    "gd.ndim.max_stable_lr": _max_stable_lr,
    "momentum.two_steps": _momentum_two_steps,
    "schedules.step_decay": _step_decay,
    "adaptive.adam_first_step": _adam_first_step,
}


def questions(bank: Bank, ids, seed: int, title: str) -> tuple[Question, ...]:
    """The bank's questions ``ids``, assembled with the guide's seed (one version)."""
    quiz = assemble([bank[i] for i in ids], seed=seed, versions=1, title=title)
    return quiz.versions[0].questions


def worked_examples(bank: Bank, seed: int) -> tuple[WorkedExample, ...]:
    """The worked examples, each with its plain-numpy snippet and the answer it prints."""
    return tuple(WorkedExample(q, SNIPPETS[q.id](q), q.answer.display)
                 for q in questions(bank, WORKED, seed, "Study guide: worked examples"))
