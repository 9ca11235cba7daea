"""Classify the behaviour of gradient descent on a 1-D quadratic (DOMAIN §2.1, archetype A4).

The regime is set by r = 1 − ηa (f = (a/2)w², or f = c·w² with a = 2c): monotone for
0 < ηa < 1, one step for ηa = 1, alternating but converging for 1 < ηa < 2, bouncing for
ηa = 2, diverging for ηa > 2. The target regime is drawn first (so all five occur), then
a curvature and a rate that produce it; the two boundary regimes use exact products
(e.g. 0.25·4 = 1), every other draw stays ≥ 3 % away from ηa = 1 and ηa = 2. The regime
is read off the simulated iterates and compared with ``core.theory.regime``.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import (
    Draft, calc, curves, exact, near_boundary, pick, question, render, say, series, text_choices,
)
from quizgen.core.theory import Regime

CURVATURES = (1, 3, 5, 7, 9)                        # a, for f = (a/2) w²: odd, so never \frac{4}{2}w^2
HALF_CURVATURES = (0.5, 1, 1.5, 2, 2.5, 3, 4, 5)    # c, for f = c w²  (a = 2c)
RATES = (0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6)
STARTS = (1, 2, 3, -1, -2, 4)
STEPS = 8

OPTION = {
    Regime.MONOTONE: r"$w_k$ approaches the minimum $0$ monotonically, staying on the same side (it never changes sign)",
    Regime.ONE_STEP: r"$w_k$ lands exactly on the minimum $0$ after one step and stays there",
    Regime.ZIGZAG: r"$w_k$ converges to $0$ while alternating in sign (it overshoots the minimum every step)",
    Regime.BOUNCING: r"$w_k$ bounces forever between $<<w0>>$ and $<<mw0>>$, neither converging nor diverging",
    Regime.DIVERGING: r"$|w_k|$ grows without bound while $w_k$ alternates in sign: gradient descent diverges",
}
CONDITION = {
    Regime.MONOTONE: r"$0 < \eta a < 1$, i.e. $0 < r < 1$",
    Regime.ONE_STEP: r"$\eta a = 1$ exactly, i.e. $r = 0$",
    Regime.ZIGZAG: r"$1 < \eta a < 2$, i.e. $-1 < r < 0$",
    Regime.BOUNCING: r"$\eta a = 2$ exactly, i.e. $r = -1$",
    Regime.DIVERGING: r"$\eta a > 2$, i.e. $r < -1$",
}
ORDER = list(Regime)


def _usable(target: Regime, h: float) -> bool:
    """Whether η·a = h is a clean example of the target regime."""
    if core.theory.regime(h, 1.0) is not target:
        return False
    if target in (Regime.MONOTONE, Regime.ZIGZAG, Regime.DIVERGING) and near_boundary(h, (1.0, 2.0)):
        return False  # keep ≥ 3 % away from ηa = 1 and ηa = 2
    if target is Regime.MONOTONE and h < 0.1:
        return False  # too slow to show anything in a few steps
    return not (target is Regime.DIVERGING and h > 3.5)  # keep the blow-up readable


# every (coefficient, rate) pair per (regime, presentation), so each regime is drawn equally often
PAIRS = {
    (target, form): [(coef, eta) for coef in (CURVATURES if form == "half" else HALF_CURVATURES) for eta in RATES
                     if _usable(target, eta * (coef if form == "half" else 2 * coef))]
    for target in Regime for form in ("half", "plain")
}
assert all(PAIRS.values()), "every regime needs at least one grid pair"


def _classify(w: np.ndarray) -> Regime:
    """The regime as the simulated iterates show it (w[0] ≠ 0)."""
    if w[1] == 0.0 and np.all(w[1:] == 0.0):
        return Regime.ONE_STEP
    sign_flips = np.all(np.sign(w[1:]) == -np.sign(w[:-1]))
    same_side = np.all(np.sign(w[1:]) == np.sign(w[:-1]))
    size = np.abs(w)
    if sign_flips and np.allclose(size, size[0], rtol=1e-12):
        return Regime.BOUNCING
    if sign_flips and np.all(np.diff(size) > 0):
        return Regime.DIVERGING
    if sign_flips and np.all(np.diff(size) < 0):
        return Regime.ZIGZAG
    if same_side and np.all(np.diff(size) < 0):
        return Regime.MONOTONE
    raise AssertionError(f"iterates {w} fit no regime")


def _feedback_wrong(option: Regime, truth: Regime, h: str, r: str) -> tuple[str, str]:
    """Feedback (and misconception tag) for choosing ``option`` when the truth is ``truth``."""
    here = rf"Here $\eta a = {h}$, so $r = 1 - \eta a = {r}$."
    need = f"That behaviour needs {CONDITION[option]}. {here}"
    if option is Regime.DIVERGING and truth is Regime.ZIGZAG:
        return (f"{need} Overshooting the minimum (a sign flip) is not divergence: as long as $|r| < 1$ the "
                "distance to the minimum still shrinks every step.", "M5")
    if option is Regime.DIVERGING and truth is Regime.BOUNCING:
        return (f"{need} With $|r| = 1$ the sign flips but the size $|w_k|$ stays exactly $|w_0|$: it neither "
                "grows nor shrinks. Only $|r| > 1$ makes it grow.", "M5")
    if option is Regime.DIVERGING and truth is Regime.ONE_STEP:
        return (f"{need} With $r = 0$ the first step removes the whole error, so there is nothing left to grow.",
                "regime-boundary")
    if option is Regime.ZIGZAG and truth is Regime.DIVERGING:
        return (f"{need} The iterate does alternate in sign, but $|r| > 1$, so each overshoot lands farther "
                "from the minimum than the last: it diverges.", "M5")
    if option is Regime.ZIGZAG and truth is Regime.BOUNCING:
        return (f"{need} The iterate does alternate in sign, but with $|r| = 1$ each overshoot lands exactly as far "
                "from the minimum as the last, so it never converges.", "regime-boundary")
    if option is Regime.MONOTONE and truth is Regime.ONE_STEP:
        return (f"{need} At $\\eta a = 1$ the step is exactly as long as the distance to the minimum, so it arrives "
                "in one step instead of approaching gradually.", "regime-boundary")
    if option is Regime.MONOTONE and truth is not Regime.MONOTONE:
        return (f"{need} A larger rate is not simply a faster version of the same approach: once "
                r"$\eta a > 1$ the step jumps past the minimum.", "M1")
    if option is Regime.MONOTONE:
        return need, "regime-boundary"
    if option is Regime.ONE_STEP:
        return (f"{need} Landing exactly on the minimum requires $\\eta = 1/a$, the Newton step; any other "
                "rate leaves an error that is multiplied by $r$ each step.", "regime-boundary")
    if option is Regime.BOUNCING:
        return (f"{need} Only at exactly $\\eta a = 2$ does $|r| = 1$ keep the size of $w_k$ fixed.",
                "regime-boundary")
    return need, "regime-boundary"


@question("gd.quadratic.regime", topic="stability", difficulty=2, kind="multiple_choice", plot=True,
          objective="Predict whether gradient descent on a 1-D quadratic converges monotonically, in one step, "
                    "with alternating sign, bounces or diverges, from r = 1 − ηa.")
def regime(rng: np.random.Generator) -> Draft:
    target = pick(rng, ORDER)
    form = pick(rng, ("half", "plain"))
    coef, eta = pick(rng, PAIRS[(target, form)])
    a = coef if form == "half" else 2 * coef
    w0 = pick(rng, STARTS)

    traj = core.run(core.sgd(eta), core.Quadratic1D(a), x0=float(w0), steps=STEPS)
    w = traj.params[:, 0, 0]
    seen = _classify(w)
    theory = core.theory.regime(eta, a)
    if seen is not theory or seen is not target:
        raise AssertionError(f"simulation shows {seen}, theory says {theory}, target {target}")
    if not np.allclose(w, core.theory.iterate(np.arange(STEPS + 1), eta, a, w0), rtol=1e-10, atol=1e-12):
        raise AssertionError("iterates disagree with (1 − ηa)^k w0")

    C, E, W0 = exact(coef), exact(eta), exact(w0)
    f_tex = (r"\frac{<<c>>}{2}w^2" if form == "half" else r"<<c>>\,w^2") if coef != 1 else \
        (r"\frac{1}{2}w^2" if form == "half" else "w^2")
    f_tex = render(f_tex, c=C)
    steps = []
    if form == "half":
        steps.append(say(r"For $f(w) = <<f>>$ the curvature is $a = f''(w) = <<c>>$, and one step is "
                         r"$w_{k+1} = w_k - \eta a\,w_k = (1 - \eta a)\,w_k$.", f=f_tex, c=C))
        A = C
    elif C == "1":
        A = "2"
        steps.append(say(r"For $f(w) = w^2$ we have $f'(w) = 2w$, so the curvature is $a = 2$ (not 1: watch the "
                         r"factor 2). One step is $w_{k+1} = (1 - \eta a)\,w_k$."))
    else:
        step, A = calc(r"For $f(w) = <<f>>$ we have $f'(w) = 2\cdot<<c>>\,w$, so the curvature is "
                       r"$a = 2\cdot<<c>> = <<result>>$ (not <<c>>: watch the factor 2). One step is "
                       r"$w_{k+1} = (1 - \eta a)\,w_k$.", f"2*{C}", f=f_tex, c=C)
        steps.append(step)
    step, H = calc(r"$\eta a = <<eta>>\cdot<<a>> = <<result>>$.", f"{E}*{A}", eta=E, a=A)
    steps.append(step)
    step, R = calc(r"The factor per step is $r = 1 - \eta a = 1 - <<h>> = <<result>>$, so $w_k = r^k w_0$.",
                   f"1 - {H}", h=H)
    steps.append(step)
    explain = {
        Regime.MONOTONE: "Since $0 < r < 1$, every step shrinks $w$ without changing its sign: a monotone approach.",
        Regime.ONE_STEP: "Since $r = 0$, $w_1 = 0 \\cdot w_0 = 0$: the first step lands on the minimum (the rate is "
                         "exactly $1/a$, the Newton step) and the gradient there is zero.",
        Regime.ZIGZAG: "Since $-1 < r < 0$, each step flips the sign (overshoot) but shrinks $|w|$ by $|r| < 1$: "
                       "it converges while zigzagging. (The loss still falls every step.)",
        Regime.BOUNCING: "Since $r = -1$, $w_{k+1} = -w_k$: the iterate jumps between $w_0$ and $-w_0$ forever.",
        Regime.DIVERGING: "Since $r < -1$, each step flips the sign and multiplies $|w|$ by $|r| > 1$: gradient "
                          "descent diverges.",
    }[target]
    steps.append(say(explain))
    steps.append(say(r"The figure shows the simulated iterates $w_0, \dots, w_{<<T>>}$.", T=STEPS))

    fill = dict(w0=W0, mw0=exact(-w0))
    correct = (render(OPTION[target], **fill), f"Correct: {CONDITION[target]} gives this behaviour. " + explain)
    others = [o for o in ORDER if o is not target]
    distractors = []
    for o in others:
        fb, tag = _feedback_wrong(o, target, H, R)
        distractors.append((render(OPTION[o], **fill), fb, tag))
    choices = text_choices(correct, distractors)

    k = np.arange(STEPS + 1)
    fig = curves([series("", k, w, marker=True)], xlabel="step $k$", ylabel="$w_k$",
                 hlines=[(0.0, "minimum")],
                 alt="The simulated iterates w_k plotted against the step k, with the minimum at zero marked "
                     "by a dotted line.",
                 caption="The run in the question: iterates against step number.", in_solution=True)
    prompt = render(
        r"Gradient descent with a constant learning rate $\eta = <<eta>>$ minimises $f(w) = <<f>>$, starting from "
        r"$w_0 = <<w0>>$; each step is $w_{k+1} = w_k - \eta f'(w_k)$. Which statement describes the iterates "
        r"$w_k$?", eta=E, f=f_tex, w0=W0)
    return Draft(
        prompt=prompt, solution=tuple(steps), choices=choices, figures=(fig,),
        params={"objective": {"name": "quadratic_1d", "a": a, "w_star": 0.0,
                              "stated_as": f"{C}/2 w^2" if form == "half" else f"{C} w^2"},
                "optimizer": {"name": "sgd", "lr": eta}, "x0": w0, "steps": STEPS, "regime": target.value},
        tags=("regimes", "contraction-factor", "overshoot"),
    )
