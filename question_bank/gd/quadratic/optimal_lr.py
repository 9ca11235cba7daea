"""The best constant learning rate for a 1-D quadratic (DOMAIN §2.1, archetype A6).

On (a/2)(w − w*)² the error is multiplied by r = 1 − ηa per step, so the fastest constant
rate makes r = 0: η* = 1/a = 1/f'' (Google MLCC: "the ideal learning rate in one dimension
is 1/f''(x)"), which reaches the minimum in one step. Distractors, three of the slips the draw
invites: 2/a (the edge of stability, M1 "bigger is faster"), a smaller "safe" rate 1/(4a), 1/(2a)
(the ½ of (a/2)w² forgotten), a itself, 1/f(w₀) or 1/|f'(w₀)| (the loss or the slope instead of
the curvature). Options are listed in increasing order, so the draw first fixes how many of them
lie below 1/a: the key's position varies. A simulated sweep across (0, 2/a) plus the options
must find 1/a fastest.
"""

from quizgen import core
from quizgen.family import Meta, calc, fill, numeric_choices, pick, redraw_if, sample
from quizgen.kit import quadratic

SWEEP_STEPS = 5
OFFSETS = (-3, -2.5, -2, -1.5, -0.5, -0.25, 0.25, 0.5, 1.5, 2, 2.5, 3)  # w0 − w*
STEMS = (
    r"Which constant learning rate $\eta$ makes gradient descent reach the minimum fastest?",
    r"Which constant learning rate $\eta$ is optimal, in the sense that the distance to the minimum shrinks "
    r"fastest?",
    r"You may choose any constant learning rate $\eta$. Which choice gets $w$ to the minimum in the fewest steps?",
    r"Which constant learning rate $\eta$ gives the fastest convergence of gradient descent on this loss?",
)
EDGE = r"""This is $2/a$, the edge of stability, not the fastest rate: there $r = 1 - 2 = -1$, so $w$ bounces between
    $w^* \pm (w_0 - w^*)$ forever and never converges. A bigger rate is not always faster.<% if form == 'plain' %>
    (It is also $1/c$ with $c = <<coef>>$: taking the coefficient as the curvature forgets that $f = c\,w^2$ has
    $f'' = 2c$.)<% endif %>"""
SAFER = (r"This is $1/(4a)$: it converges, but $r = 0.75$ means the error only shrinks by a quarter per step. "
         r"Smaller is safer, not faster; $\eta = 1/a$ removes the error in one step.")
DOUBLED = (r"This is $1/(2a)$: it reads $\frac{a}{2}w^2$ as if it were $a\,w^2$, so it doubles the curvature. The "
           r"$\frac{1}{2}$ cancels the 2 from differentiating: $f'' = a$, and the best rate is $1/a$.")
CURVATURE = (r"This is $\eta = a = f''$ itself, not its reciprocal. With it $\eta a = a^2 > 2$, so gradient descent "
             r"diverges; the best rate is $1/f''$.")
LOSS_VALUE = (r"This divides by the loss value $f(w_0)$, not by the curvature. The loss value depends on where you "
              r"start; the best rate depends only on $f'' = a$.")
SLOPE = (r"This divides by the slope $|f'(w_0)|$, not by the curvature. The slope depends on where you start; the "
         r"best rate depends only on how fast the slope changes, $f'' = a$.")
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


def _distractors(form, coef, a, d):
    """The slips this draw invites, (rate, feedback, tag), keeping only those more than 10 % from the key
    1/a and from each other (a duplicate slip is left out, first listed first kept)."""
    pool = [(2 / a, fill(EDGE, dict(form=form, coef=coef)), "M1"), (0.25 / a, SAFER, "smaller-is-better"),
            (0.5 / a, DOUBLED, "forgot-half") if form == "half" else None, (float(a), CURVATURE, "curvature-not-inverse"),
            (2 / (a * d * d), LOSS_VALUE, "loss-not-curvature"), (1 / (a * d), SLOPE, "slope-not-curvature")]
    kept = []
    for c in filter(None, pool):
        if all(abs(c[0] - v) > 0.105 * max(c[0], v) for v in [1 / a] + [k[0] for k in kept]):
            kept.append(c)
    return kept


def data(rng):
    form = pick(rng, ("half", "plain"))
    coef = pick(rng, (1, 3, 5, 7, 9, 15) if form == "half" else (0.5, 1, 2, 2.5, 4, 5, 10))  # odd a: never 4/2
    a = coef if form == "half" else 2 * coef  # c·w² has a = 2c
    m, below = pick(rng, (0, 0, -2, -1, 1, 2, 3)), pick(rng, (0, 1, 2, 3))  # below: options smaller than the key
    sides = {o: ([c for c in _distractors(form, coef, a, abs(o)) if c[0] < 1 / a],
                 [c for c in _distractors(form, coef, a, abs(o)) if c[0] > 1 / a]) for o in OFFSETS}
    usable = [o for o in OFFSETS if len(sides[o][0]) >= below and len(sides[o][1]) >= 3 - below]
    redraw_if(not usable, "this loss has too few slips on one side of 1/a")
    offset = pick(rng, usable)  # the start w0 = m + offset decides which slips lie where
    w0, (small, large) = m + offset, sides[offset]
    chosen = sample(rng, small, below) + sample(rng, large, 3 - below)
    options = [1.0 / a] + [c[0] for c in chosen]
    # one vectorized run: a sweep across the stable range plus every option
    rates = [k / 20 / a for k in range(1, 40)] + options
    run = quadratic.descend(rates, a, w0, SWEEP_STEPS, m=m, divergence_bound=1e30)  # η = a may diverge
    err = abs(run.params[-1, :, 0] - m)
    choices = numeric_choices((options[0], CORRECT), chosen, template=r"$\eta = <<v>>$", min_rel_gap=0.1)
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
