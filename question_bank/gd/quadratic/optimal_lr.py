"""The best constant learning rate for a 1-D quadratic (DOMAIN §2.1, archetype A6).

On (a/2)(w − w*)² the error is multiplied by r = 1 − ηa per step, so the fastest constant
rate makes r = 0: η* = 1/a = 1/f'' (Google MLCC: "the ideal learning rate in one dimension
is 1/f''(x)"), which reaches the minimum in one step. Distractors: 2/a (the largest stable
rate, M1 "bigger is faster"), a smaller "safe" rate, and 1/f(w₀) (the loss value instead of
the curvature). A simulated sweep across (0, 2/a) plus the options must find 1/a fastest.
"""

from quizgen import core
from quizgen.family import Meta, calc, fill, numeric_choices, pick, redraw_if
from quizgen.kit import quadratic

SWEEP_STEPS = 5
STEMS = (
    r"Which constant learning rate $\eta$ makes gradient descent reach the minimum fastest?",
    r"Which constant learning rate $\eta$ is optimal, in the sense that the distance to the minimum shrinks "
    r"fastest?",
    r"You may choose any constant learning rate $\eta$. Which choice gets $w$ to the minimum in the fewest steps?",
    r"Which constant learning rate $\eta$ gives the fastest convergence of gradient descent on this loss?",
)
LARGEST = r"""This is $2/a$, the largest stable rate, not the fastest: there $r = 1 - 2 = -1$ and $w$ bounces between
    $w^* \pm (w_0 - w^*)$ forever. A bigger rate is not always faster.<% if form == 'plain' %> (It is also $1/c$ with
    $c = <<coef>>$: taking the coefficient as the curvature forgets that $f = c\,w^2$ has $f'' = 2c$.)<% endif %>"""
SMALLER = (r"This is $1/(4a)$: it converges, but $r = 0.75$ means the error only shrinks by a quarter per step. "
           r"Smaller is safer, not faster; $\eta = 1/a$ removes the error in one step.")
LOSS_VALUE = (r"This divides by the loss value $f(w_0)$, not by the curvature. The loss value depends on where you "
              r"start; the best rate depends only on $f'' = a$.")
CORRECT = r"Correct: $\eta = 1/a$ makes $r = 1 - \eta a = 0$, the Newton step: $w_1 = w^*$."

QUESTION = r"""Gradient descent $w_{k+1} = w_k - \eta f'(w_k)$ minimises
$f(w) = <% if form == 'half' %><<coef|half_quadratic(m, 'w')>><% elif coef == 1 %><<square>>
<%- else %><<coef>>\,<<square>><% endif %>$,
starting from $w_0 = <<w0>>$. <<stem>> (Options are rounded to 4 significant figures.)"""

SOLUTION = [
    r"""<% if form == 'half' %>The curvature is $a = f''(w) = <<a>>$.<% elif coef == 1 %>Here $f'(w) = 2(w - w^*)$,
    so the curvature is $a = f''(w) = 2$.<% else %>Here $f'(w) = 2\cdot<<coef>>\,(w - w^*)$, so the curvature is
    $a = f''(w) = <<a.work>>$.<% endif %>""",
    r"""Each step multiplies the error $w - w^*$ by $r = 1 - \eta a$. The smaller $|r|$, the faster; the best possible
    is $r = 0$, which lands on the minimum in a single step.""",
    r"$r = 0$ when $\eta = 1/a = <<best.work>>$ (4 significant figures).",
    r"""For comparison, $2/a = <<twice.work>>$ is only the edge of stability: there $r = -1$ and $w$ bounces
    forever.""",
    r"""A simulated sweep of rates across $(0, 2/a)$ confirms it: after <<steps>> steps the run with $\eta = <<best>>$
    is at the minimum (error $0$), every other rate is still away from it.""",
]


def data(rng):
    form = pick(rng, ("half", "plain"))
    coef = pick(rng, (1, 3, 5, 7, 9, 15) if form == "half" else (0.5, 1, 2, 2.5, 4, 5, 10))  # odd a: never 4/2
    a = coef if form == "half" else 2 * coef  # c·w² has a = 2c
    m, w0 = pick(rng, (0, 0, -2, -1, 1, 2, 3)), pick(rng, (-4, -3, -2, -1, 1, 2, 3, 4, 5))
    redraw_if(w0 == m, "start at the minimum")
    options = [float(core.theory.optimal_lr(a)), float(core.theory.max_stable_lr(a)), 0.25 / a,
               1.0 / (0.5 * a * (w0 - m) ** 2)]
    # one vectorized run: a sweep across the stable range plus every option
    rates = [k / 20 / a for k in range(1, 40)] + options
    run = quadratic.descend(rates, a, w0, SWEEP_STEPS, m=m)
    err = abs(run.params[-1, :, 0] - m)
    choices = numeric_choices(
        (options[0], CORRECT),
        [(options[1], fill(LARGEST, dict(form=form, coef=coef)), "M1"), (options[2], SMALLER, "smaller-is-better"),
         (options[3], LOSS_VALUE, "loss-not-curvature")],
        template=r"$\eta = <<v>>$", min_rel_gap=0.1)
    A = a if form == "half" else 2 if coef == 1 else calc("2*c", c=coef)
    return dict(form=form, coef=coef, m=m, w0=w0, a=A, square="w^2" if m == 0 else f"({quadratic.shifted(m)})^2",
                best=calc("1/a", a=A), twice=calc("2/a", a=A), steps=SWEEP_STEPS, choices=choices,
                stem=pick(rng, STEMS), fastest=rates[int(err.argmin())], options=options, w_end=run.params[-1, -3:, 0])


META = Meta(id="gd.quadratic.optimal_lr", topic="stability", difficulty=2, kind="multiple_choice",
            objective="Identify the fastest constant learning rate on a 1-D quadratic, η = 1/f'', and tell it "
                      "apart from the largest stable rate 2/f''.",
            # the sweep's fastest rate is 1/a; the distractor runs follow w* + r⁵(w₀ − w*)
            closed_form=lambda d: {"fastest": 1 / float(d["a"]), "w_end": core.theory.iterate(
                SWEEP_STEPS, d["options"][1:], float(d["a"]), d["w0"], d["m"])},
            tags=("optimal-rate", "curvature", "newton-step"))
