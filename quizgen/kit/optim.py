"""Shared pieces of the optimizer families (``question_bank/adaptive/``, ``momentum/``, ``sgd/``)."""

import dataclasses

import numpy as np

from quizgen import core
from quizgen.choices import sample, text_choices
from quizgen.choices import wrong_answers as shared_wrong_answers
from quizgen.exercise import fill, redraw_if, simulate  # fill also for families short of import names: optim.fill
from quizgen.printed import SIG4, Calc, calc, half_quadratic, num
from quizgen.question import NumericAnswer, Rounding

#: intermediate values of a worked update, printed in full (they are short exact decimals)
FULL = Rounding(sig=10)
#: for θ_1 after one adaptive step of size ≈ lr (as small as 1e-4): 4 figures would not resolve it
SIG6 = Rounding(sig=6)


def worked(latex: str, expr: str, rounding: Rounding = SIG4, **values) -> Calc:
    """A checked calculation shown in its symbolic form: ``latex`` (a template over ``values``)
    instead of the substituted numbers, e.g. ``m_1 = (1 - 0.9)\\,g = 5``."""
    return dataclasses.replace(calc(expr, rounding, **values), latex=fill(latex, values))


def shifted_quadratic(a: float, c: float, x0: float, var: str = r"\theta") -> tuple[str, Calc]:
    """(a/2)(var − c)² as printed, and its gradient at ``x0`` worked from that form.

    Whole curvatures print through ``half_quadratic`` and the gradient is a·(x0 − c); decimal
    ones print the coefficient a/2 (``0.005\\theta^2``), so the gradient is 2·(a/2)·(x0 − c)."""
    if float(a).is_integer():
        if a == 1:  # f'(θ) = (θ − c), the factor 1 left out
            return half_quadratic(a, c, var), worked("(<<x0>> - <<c|paren>>)", "x0 - c", FULL, x0=x0, c=c)
        g = calc("a*(x0 - c)", FULL, a=a, x0=x0, c=c)
        return half_quadratic(a, c, var), g
    h = num(a / 2)
    body = f"{var}^2" if c == 0 else half_quadratic(2, c, var)  # (var − c)², coefficient 1
    return h.text + body, calc("2*h*(x0 - c)", FULL, h=h, x0=x0, c=c)


def accepts_any(value: float, rounding: Rounding, wrongs) -> bool:
    """Whether the numeric answer ``value`` (printed by ``rounding``) would accept one of ``wrongs``."""
    answer = NumericAnswer(float(value), rounding)
    return any(answer.accepts(float(w)) for w in wrongs)


def wrong_answers(value: float, rounding: Rounding, slips, values=None) -> list:
    """The common wrong answers for ``value`` (see :func:`quizgen.choices.wrong_answers`): ``slips``
    are (value, tag, feedback template filled with ``values``)."""
    return shared_wrong_answers(value, slips, rounding, values=values or {})


def _phrasing(rng, text):
    """A text template, or one drawn from a tuple of phrasings of the same statement (different lengths)."""
    return text[int(rng.integers(len(text)))] if isinstance(text, tuple) else text


def drawn_choices(rng, correct: tuple, pool, k: int, values) -> tuple:
    """Statement choices from templates filled with ``values``: the ``correct`` (text, feedback) and
    ``k`` distractors (text, feedback, misconception tag) drawn from ``pool``, in drawn order. A text may
    be a tuple of phrasings; one is drawn for each option (so no option is systematically the longest)."""
    wrong = [(fill(_phrasing(rng, t), values), fill(f, values), tag) for t, f, tag in sample(rng, pool, k)]
    return text_choices((fill(_phrasing(rng, correct[0]), values), fill(correct[1], values)), wrong)


def cut_rate_runs(X, y, eta, factor, cut, steps, batch_size, seed):
    """Mini-batch SGD (reshuffled every epoch) on least squares from w = 0, three runs in one recorded
    call: constant η, constant factor·η, and factor·η cut to η at step ``cut`` (a per-run ``StepLR``
    with γ = 1, 1, 1/factor). Redraws if a run diverged. Returns the objective and each run's excess
    training loss, shape (steps + 1, 3)."""
    obj = core.LinearRegression(X, y)
    big = factor * eta
    sched = core.step_decay(np.array([eta, big, big]), cut, np.array([1.0, 1.0, 1.0 / factor]))
    traj = simulate(core.sgd(sched), obj, np.zeros(obj.dim), steps, batch_size=batch_size, seed=seed)
    redraw_if(traj.diverged.any(), "a run diverged")
    return obj, traj.losses - obj.min_value


def gd_excess(obj, eta, k):
    """Full-batch gradient descent's excess loss after ``k`` steps from w = 0 on a quadratic objective,
    from the Hessian's eigenvectors. The mean SGD iterate follows it, so it is the transient still left
    in an SGD run after k steps."""
    lam, vec = np.linalg.eigh(obj.hessian_matrix)
    c = vec.T @ (np.zeros(len(lam)) - obj.minimizer)
    return 0.5 * np.sum(lam * (1 - eta * lam) ** (2 * k) * c**2)
