"""Classify the behaviour of gradient descent on a 1-D quadratic (DOMAIN §2.1, archetype A4).

The regime is set by r = 1 − ηa (f = (a/2)w², or f = c·w² with a = 2c): monotone for
0 < ηa < 1, one step for ηa = 1, alternating but converging for 1 < ηa < 2, bouncing for
ηa = 2, diverging for ηa > 2. The target regime is drawn first (so all five occur), then a
curvature and a rate that produce it; the two boundary regimes use exact products (e.g.
0.25·4 = 1), every other draw stays ≥ 3 % away from ηa = 1 and 2. The regime read off the
simulated iterates must be ``core.theory.regime``'s.
"""

from quizgen import core
from quizgen.family import Meta, calc, fill, near_boundary, pick, text_choices
from quizgen.kit import quadratic

R = core.theory.Regime
ORDER = list(R)
RATES = (0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6)
STEPS = 8

OPTION = {
    R.MONOTONE: r"$w_k$ approaches the minimum $0$ monotonically, staying on the same side (it never changes sign)",
    R.ONE_STEP: r"$w_k$ lands exactly on the minimum $0$ after one step and stays there",
    R.ZIGZAG: r"$w_k$ converges to $0$ while alternating in sign (it overshoots the minimum every step)",
    R.BOUNCING: r"$w_k$ bounces forever between $<<w0>>$ and $<<(-w0)>>$, neither converging nor diverging",
    R.DIVERGING: r"$|w_k|$ grows without bound while $w_k$ alternates in sign: gradient descent diverges",
}
CONDITION = {
    R.MONOTONE: r"$0 < \eta a < 1$, i.e. $0 < r < 1$",
    R.ONE_STEP: r"$\eta a = 1$ exactly, i.e. $r = 0$",
    R.ZIGZAG: r"$1 < \eta a < 2$, i.e. $-1 < r < 0$",
    R.BOUNCING: r"$\eta a = 2$ exactly, i.e. $r = -1$",
    R.DIVERGING: r"$\eta a > 2$, i.e. $r < -1$",
}
EXPLAIN = {
    R.MONOTONE: "Since $0 < r < 1$, every step shrinks $w$ without changing its sign: a monotone approach.",
    R.ONE_STEP: "Since $r = 0$, $w_1 = 0 \\cdot w_0 = 0$: the first step lands on the minimum (the rate is exactly "
                "$1/a$, the Newton step) and the gradient there is zero.",
    R.ZIGZAG: "Since $-1 < r < 0$, each step flips the sign (overshoot) but shrinks $|w|$ by $|r| < 1$: it converges "
              "while zigzagging. (The loss still falls every step.)",
    R.BOUNCING: "Since $r = -1$, $w_{k+1} = -w_k$: the iterate jumps between $w_0$ and $-w_0$ forever.",
    R.DIVERGING: "Since $r < -1$, each step flips the sign and multiplies $|w|$ by $|r| > 1$: gradient descent "
                 "diverges.",
}
# what is wrong with choosing `option` when the truth is `truth`: (option, truth) → (why, misconception tag)
WRONG = {
    (R.DIVERGING, R.ZIGZAG): ("Overshooting the minimum (a sign flip) is not divergence: as long as $|r| < 1$ the "
                              "distance to the minimum still shrinks every step.", "M5"),
    (R.DIVERGING, R.BOUNCING): ("With $|r| = 1$ the sign flips but the size $|w_k|$ stays exactly $|w_0|$: it neither "
                                "grows nor shrinks. Only $|r| > 1$ makes it grow.", "M5"),
    (R.DIVERGING, R.ONE_STEP): ("With $r = 0$ the first step removes the whole error, so there is nothing left to "
                                "grow.", "regime-boundary"),
    (R.ZIGZAG, R.DIVERGING): ("The iterate does alternate in sign, but $|r| > 1$, so each overshoot lands farther from "
                              "the minimum than the last: it diverges.", "M5"),
    (R.ZIGZAG, R.BOUNCING): ("The iterate does alternate in sign, but with $|r| = 1$ each overshoot lands exactly "
                             "as far from the minimum as the last, so it never converges.", "regime-boundary"),
    (R.MONOTONE, R.ONE_STEP): ("At $\\eta a = 1$ the step is exactly as long as the distance to the minimum, so it "
                               "arrives in one step instead of approaching gradually.", "regime-boundary"),
}
WRONG_CHOICE = {  # for every other truth
    R.MONOTONE: ("A larger rate is not simply a faster version of the same approach: once $\\eta a > 1$ the step "
                 "jumps past the minimum.", "M1"),
    R.ONE_STEP: ("Landing exactly on the minimum requires $\\eta = 1/a$, the Newton step; any other rate leaves an "
                 "error that is multiplied by $r$ each step.", "regime-boundary"),
    R.BOUNCING: ("Only at exactly $\\eta a = 2$ does $|r| = 1$ keep the size of $w_k$ fixed.", "regime-boundary"),
}


def _usable(target, h: float) -> bool:
    """Whether η·a = h is a clean example of the target regime."""
    if core.theory.regime(h, 1.0) is not target:
        return False
    if target in (R.MONOTONE, R.ZIGZAG, R.DIVERGING) and near_boundary(h, (1.0, 2.0)):
        return False  # keep ≥ 3 % away from ηa = 1 and ηa = 2
    if target is R.MONOTONE and h < 0.1:
        return False  # too slow to show anything in a few steps
    return not (target is R.DIVERGING and h > 3.5)  # keep the blow-up readable


# every (coefficient, rate) pair per (regime, presentation), so each regime is drawn equally often;
# the coefficient is a for (a/2)w² (odd, so never \frac{4}{2}w²) and c for c·w² (a = 2c)
PAIRS = {(target, form): [(coef, eta) for coef in coefs for eta in RATES if _usable(target, eta * coef * k)]
         for target in R for form, coefs, k in (("half", (1, 3, 5, 7, 9), 1),
                                                ("plain", (0.5, 1, 1.5, 2, 2.5, 3, 4, 5), 2))}
assert all(PAIRS.values()), "every regime needs at least one grid pair"


def _classify(w):
    """The regime as the simulated iterates show it (w[0] ≠ 0)."""
    size, product = abs(w), w[1:] * w[:-1]
    shrinks, grows = (size[1:] < size[:-1]).all(), (size[1:] > size[:-1]).all()
    if (w[1:] == 0.0).all():
        return R.ONE_STEP
    if (product < 0).all() and (abs(size - size[0]) <= 1e-12 * size[0]).all():
        return R.BOUNCING
    if (product < 0).all() and (grows or shrinks):
        return R.DIVERGING if grows else R.ZIGZAG
    if (product > 0).all() and shrinks:
        return R.MONOTONE
    raise AssertionError(f"iterates {w} fit no regime")


def _feedback_wrong(option, truth) -> tuple[str, str]:
    """Feedback template (and misconception tag) for choosing ``option`` when the truth is ``truth``."""
    need = f"That behaviour needs {CONDITION[option]}. Here $\\eta a = <<h>>$, so $r = 1 - \\eta a = <<r>>$."
    why, tag = WRONG.get((option, truth), WRONG_CHOICE.get(option, ("", "regime-boundary")))
    return f"{need} {why}" if why else need, tag


QUESTION = r"""Gradient descent with a constant learning rate $\eta = <<eta>>$ minimises
$f(w) = <% if form == 'half' %><<coef|half_quadratic(var='w')>><% elif coef == 1 %>w^2<% else %><<coef>>\,w^2
<%- endif %>$, starting from $w_0 = <<w0>>$; each step is $w_{k+1} = w_k - \eta f'(w_k)$. Which statement describes
the iterates $w_k$?"""

SOLUTION = [
    r"""<% if form == 'half' %>For $f(w) = <<coef|half_quadratic(var='w')>>$ the curvature is $a = f''(w) = <<coef>>$,
    and one step is $w_{k+1} = w_k - \eta a\,w_k = (1 - \eta a)\,w_k$.<% elif coef == 1 %>For $f(w) = w^2$ we have
    $f'(w) = 2w$, so the curvature is $a = 2$ (not 1: watch the factor 2). One step is
    $w_{k+1} = (1 - \eta a)\,w_k$.<% else %>For $f(w) = <<coef>>\,w^2$ we have $f'(w) = 2\cdot<<coef>>\,w$, so the
    curvature is $a = <<a.work>>$ (not <<coef>>: watch the factor 2). One step is
    $w_{k+1} = (1 - \eta a)\,w_k$.<% endif %>""",
    r"$\eta a = <<h.work>>$.",
    r"The factor per step is $r = 1 - \eta a = <<r.work>>$, so $w_k = r^k w_0$.",
    "<<explain>>",
    r"The figure shows the simulated iterates $w_0, \dots, w_{<<steps>>}$.",
]


def data(rng):
    target, form = pick(rng, ORDER), pick(rng, ("half", "plain"))
    coef, eta = pick(rng, PAIRS[(target, form)])
    a = coef if form == "half" else 2 * coef
    w0 = pick(rng, (1, 2, 3, -1, -2, 4))
    w = quadratic.descend(eta, a, w0, STEPS).params[:, 0, 0]
    A = a if form == "half" else 2 if coef == 1 else calc("2*c", c=coef)
    h = calc("eta*a", eta=eta, a=A)
    d = dict(form=form, coef=coef, eta=eta, w0=w0, a=A, h=h, r=calc("1 - h", h=h), steps=STEPS, w=w,
             explain=EXPLAIN[target], seen=ORDER.index(_classify(w)), lr=eta, curvature=a)
    wrong = [(o, *_feedback_wrong(o, target)) for o in ORDER if o is not target]
    d["choices"] = text_choices(
        (fill(OPTION[target], d), f"Correct: {CONDITION[target]} gives this behaviour. " + EXPLAIN[target]),
        [(fill(OPTION[o], d), fill(why, d), tag) for o, why, tag in wrong])
    return d


def figures(d):
    return [quadratic.iterates_figure(
        d["w"], caption="The run in the question: iterates against step number.", in_solution=True,
        alt="The simulated iterates w_k plotted against the step k, with the minimum at zero marked by a dotted line.")]


META = Meta(id="gd.quadratic.regime", topic="stability", difficulty=2, kind="multiple_choice",
            objective="Predict whether gradient descent on a 1-D quadratic converges monotonically, in one step, "
                      "with alternating sign, bounces or diverges, from r = 1 − ηa.",
            closed_form=lambda d: {"seen": ORDER.index(core.theory.regime(d["lr"], d["curvature"])),
                                   "w": core.theory.iterate(range(STEPS + 1), d["lr"], d["curvature"], d["w0"])},
            figures=figures, tags=("regimes", "contraction-factor", "overshoot"))
