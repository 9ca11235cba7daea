"""Shared pieces of the concept families (``question_bank/concepts/``, ``question_bank/warmup/``):
statement choices whose feedback templates are filled from the draw's values, and the small
demonstrations several of them quote (stability on least squares, the SGD noise floor, warm-up
on the steep quartic)."""

import numpy as np

from quizgen import core
from quizgen.choices import pick, sample, text_choices
from quizgen.exercise import fill, redraw_if, simulate
from quizgen.figdata import curves, series
from quizgen.question import Choice


def worded(rng, text):
    """One phrasing of an option: ``text`` itself, or one drawn with ``rng`` from a tuple of phrasings of
    different lengths (so the length of an option says nothing about whether it is right)."""
    return pick(rng, text) if isinstance(text, tuple) else text


def statements(d, correct, wrong=(), *, rng=None, sampled=(), k=0):
    """One correct statement and its distractors, every feedback a template filled from ``d``.

    ``correct = (text, feedback)``, ``wrong = [(text, feedback, tag)]``; then ``k`` distractors
    drawn from ``sampled`` with ``rng`` (after ``wrong``). A text may be a tuple of phrasings, one
    drawn with ``rng``; every text is a template filled from ``d``.
    """
    wrong = [*wrong, *(sample(rng, sampled, k) if k else ())]
    return text_choices((fill(worded(rng, correct[0]), d), fill(correct[1], d)),
                        [(fill(worded(rng, t), d), fill(f, d), tag) for t, f, tag in wrong])


def select_all(rng, d, true_pool, false_pool, shown=5):
    """A select-all question: 2 or 3 true statements ``(text, feedback)``, the rest false ones
    ``(text, feedback, tag)`` (``shown`` in all), each sampled from its pool, true ones first;
    a text may be a tuple of phrasings (one drawn); texts and feedback are templates filled from ``d``."""
    n_true = pick(rng, (2, 3))
    chosen_true, chosen_false = sample(rng, true_pool, n_true), sample(rng, false_pool, shown - n_true)
    return tuple(Choice(fill(worded(rng, t), d), True, fill(f, d)) for t, f in chosen_true) + tuple(
        Choice(fill(worded(rng, t), d), False, fill(f, d), misconception=m) for t, f, m in chosen_false)


def judged(d, statement, steps, why, tag=None, meaning="", lead=""):
    """A true-or-false statement's parts, every template filled from ``d``: the ``statement``, ``why`` (the
    feedback and the last worked step; false statements' feedback opens with ``lead``), the verdict, the
    True/False choices, the tags and ``worked(i)``, the i-th of the worked ``steps`` ("" past the last).
    ``worked`` fills its step while the solution renders it, so the step's calculation is checked. ``tag``
    names the misconception behind a false statement (None: the statement is true), ``meaning`` says it."""
    why = fill(why, d)
    if tag is None:
        verdict, choices = "true", (Choice("True", True, "Right, the statement is true. " + why),
                                    Choice("False", False, "The statement is true. " + why))
    else:
        named = f"the misconception that {meaning}"  # its tag stays in the Choice, not in the text
        verdict, feedback = f"false: {named}", f"the statement is false: it is {named}. {lead}{why}"
        choices = (Choice("True", False, feedback[0].upper() + feedback[1:], misconception=tag),
                   Choice("False", True, "Right, " + feedback))
    return dict(statement=fill(statement, d), why=why, verdict=verdict, choices=choices, tags=(tag,) if tag else (),
                worked=lambda i: fill(steps[i], d) if i < len(steps) else "")


def regression_runs(X, y, rates, steps, loss="mse"):
    """Full-batch gradient descent on least squares from w = 0, one (recorded) run per rate, and per
    run whether it is unstable: it diverged, or its error along the Hessian's steepest direction grew
    (the exact linear-stability test: the loss alone can still fall for a while when that error starts tiny)."""
    traj = simulate(core.sgd(np.asarray(rates, dtype=float)), core.LinearRegression(X, y, loss=loss),
                    np.zeros(X.shape[1]), steps)
    top = np.linalg.eigh(traj.objective.hessian_matrix)[1][:, -1]
    first, last = (traj.params[[0, -1]] - traj.objective.minimizer) @ top
    return traj, traj.diverged | (abs(last) > abs(first))


def sgd_excess(eta, data_seed, batch_size, decays=(1.0,), replicas=4, steps=60, tail=10):
    """Mini-batch SGD on a 64-sample least-squares problem (2 features + intercept, noise 0.5) from w = 0,
    ``replicas`` runs (own mini-batch orders) per step decay γ in ``decays`` (×γ at step steps/2; γ = 1
    keeps η constant); redraws unless η is well inside the stable range. Returns the objective and each
    run's excess loss over the last ``tail`` steps, shape (tail, len(decays), replicas)."""
    reg = core.make_regression(64, 2, seed=data_seed, noise=0.5)
    redraw_if(eta > 0.5 * core.theory.regression_max_lr(reg.X), "keep the SGD rate well inside the stable range")
    obj = core.LinearRegression(reg.X, reg.y)
    sched = core.step_decay(eta, steps // 2, np.repeat(decays, replicas))
    traj = simulate(core.sgd(sched), obj, np.zeros(3), steps, batch_size=batch_size, seed=data_seed)
    return obj, (traj.losses[-tail:] - obj.min_value).reshape(tail, len(decays), replicas)


def warmup_runs(eta, start_factor, total_iters, w0, steps):
    """Gradient descent on the steep quartic f(w) = w²/2 + w⁴/4 from w0 in one call: run 0 at a constant
    η, run 1 with a linear warm-up (``LinearLR``) to the same η. (Not recorded: the per-run schedule is
    a table; families state these runs in their params.)"""
    rates = np.stack([np.full(steps, float(eta)), core.linear_warmup(eta, start_factor, 1.0, total_iters).values(steps)],
                     axis=1)
    return core.run(core.sgd(lambda k: rates[k]), core.Quartic(1.0, 1.0), float(w0), steps)


def warmup_figure(traj, eta, total_iters, w0):
    """|w_k| of :func:`warmup_runs` on a log axis: the constant run until it blows up (✕), the warm-up run
    until |w| < 10⁻⁶."""
    absw = abs(traj.params[:, :, 0])
    k_div = int(traj.diverged_at[0])
    below = (absw[:, 1] < 1e-6).nonzero()[0]
    end = int(below[0]) if below.size else len(absw) - 1
    steps = range(len(absw))
    return curves(
        [series(f"constant η = {eta}", steps[: k_div + 1], absw[: k_div + 1, 0], diverged_at=k_div, marker=True),
         series(f"linear warm-up to η = {eta} over {total_iters} steps", steps[: end + 1], absw[: end + 1, 1])],
        xlabel="step $k$", ylabel="$|w_k|$ (distance from the minimum)", yscale="log",
        alt=f"Distance from the minimum |w_k| on a log scale against the step k for two gradient-descent runs "
            f"started at w0 = {w0}: the constant-rate run and the warm-up run.",
        caption="Gradient descent on f(w) = w²/2 + w⁴/4, with and without warm-up (each curve drawn until it "
                "blows up or falls below 10⁻⁶).")
