"""The largest stable learning rate on a 1-D quadratic (DOMAIN §2.1, archetype A5).

GD on (a/2)(w − w*)² converges iff 0 < η < 2/a. The curvature a is presented in one of
five ways, so that reading it off is part of the exercise:

* f(w) = (a/2)w²                      → η_max = 2/a;
* f(w) = c·w²                         → a = 2c, η_max = 1/c (DOMAIN §2.1 "watch the factor of 2");
* f(w) = c(w − m)²                    → the shift m does not matter;
* the derivative f'(w) = k(w − m)     → a = k;
* two simulated iterates w₀, w₁ of a run at a known η → r = w₁/w₀, a = (1 − r)/η.

The answer 2/a is checked by simulating at 0.97× (must converge) and 1.03× (must diverge).
"""

import numpy as np

from quizgen import core
from quizgen.authoring import Draft, Redraw, answer, calc, exact, pick, pretty, question, render, say

CURVATURES = (0.5, 1, 2, 3, 4, 5, 6, 8, 10, 12, 20, 25)        # a for f' = a(w − m) and the probe run
HALF_CURVATURES = (1, 3, 5, 7, 9, 15, 25)   # a for (a/2)w²: odd, so it reads \frac{5}{2}, never \frac{4}{2}
COEFFICIENTS = (0.25, 0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 8, 10)        # c for c·w² and c(w − m)²
CENTRES = (-3, -2, -1, 1, 1.5, 2, 4)
PROBE_RATES = (0.01, 0.02, 0.05, 0.1)
PROBE_STARTS = (2, 4, 5, 8, 10)
CHECK_STEPS = 200


def _shifted(c: str, m: str, square: bool) -> str:
    inner = f"w + {m[1:]}" if m.startswith("-") else f"w - {m}"
    return f"{'' if c == '1' else c}({inner})" + ("^2" if square else "")


def _present(rng):
    """(form, a, stem sentence, worked steps, printed a) for one presentation of the curvature."""
    form = pick(rng, ("half", "plain", "shifted", "derivative", "iterates"))
    if form == "half":
        a = pick(rng, HALF_CURVATURES)
        A = exact(a)
        f = r"\frac{<<a>>}{2}w^2"
        stem = render(r"Gradient descent with a constant learning rate $\eta$ minimises $f(w) = " + f + "$.", a=A)
        steps = [say(r"The curvature is $a = f''(w) = <<a>>$ (the loss is written as $\frac{a}{2}w^2$).", a=A)]
        return form, a, stem, steps, A
    if form in ("plain", "shifted"):
        c = pick(rng, COEFFICIENTS)
        a = 2 * c
        C = exact(c)
        if form == "plain":
            f = "w^2" if C == "1" else rf"{C}\,w^2"
        else:
            f = _shifted(C, exact(pick(rng, CENTRES)), True)
        stem = render(r"Gradient descent with a constant learning rate $\eta$ minimises $f(w) = <<f>>$.", f=f)
        note = "" if form == "plain" else r" The shift of the minimum does not change the curvature."
        if C == "1":
            return form, a, stem, [say(r"Differentiate twice: $f''(w) = 2$, so the curvature is $a = 2$ (the loss "
                                       r"is not written with a $\frac{1}{2}$, so $a = 2c$)." + note)], "2"
        step, A = calc(r"Differentiate twice: $f''(w) = 2\cdot<<c>>$, so the curvature is $a = <<result>>$ "
                       r"(the loss is not written with a $\frac{1}{2}$, so $a = 2c$)." + note, f"2*{C}", c=C)
        return form, a, stem, [step], A
    if form == "derivative":
        a = pick(rng, CURVATURES)
        A = exact(a)
        stem = render(r"A loss $f(w)$ has derivative $f'(w) = <<g>>$. Gradient descent with a constant learning rate "
                      r"$\eta$ minimises $f$.", g=_shifted(A, exact(pick(rng, CENTRES)), False))
        steps = [say(r"The slope changes by $<<a>>$ per unit of $w$: the curvature is $a = f''(w) = <<a>>$.", a=A)]
        return form, a, stem, steps, A
    # iterates: the curvature is hidden in a short probe run at a known rate
    a = pick(rng, CURVATURES)
    eta_p, w0 = pick(rng, PROBE_RATES), pick(rng, PROBE_STARTS)
    h = eta_p * a
    if h >= 1 or h < 0.05:
        raise Redraw("keep the probe run monotone and visibly moving")
    probe = core.run(core.sgd(eta_p), core.Quadratic1D(a), x0=float(w0), steps=2).params[:, 0, 0]
    W0, W1, W2, E = exact(w0), exact(round(float(probe[1]), 10)), exact(round(float(probe[2]), 10)), exact(eta_p)
    stem = render(
        r"A loss of the form $f(w) = \frac{a}{2}w^2$ has an unknown curvature $a > 0$. A probe run of gradient "
        r"descent with learning rate $<<eta>>$ from $w_0 = <<w0>>$ gives $w_1 = <<w1>>$ and $w_2 = <<w2>>$. "
        r"Now gradient descent will be run on the same loss with a constant learning rate $\eta$.",
        eta=E, w0=W0, w1=W1, w2=W2)
    step1, r = calc(r"Each step multiplies $w$ by $r = w_1/w_0 = <<w1>>/<<w0>> = <<result>>$.", f"{W1}/{W0}",
                    w1=W1, w0=W0)
    step2, A = calc(r"Since $r = 1 - <<eta>>\,a$: $a = (1 - r)/<<eta>> = (1 - <<r>>)/<<eta>> = <<result>>$.",
                    f"(1 - {r})/{E}", eta=E, r=r)
    if float(A) != a:
        raise AssertionError(f"probe run gives a = {A}, drawn a = {a}")
    return form, a, stem, [step1, step2], A


@question("gd.quadratic.max_stable_lr", topic="stability", difficulty=2, kind="numeric",
          objective="Find the largest learning rate for which gradient descent on a 1-D quadratic converges, "
                    "2/f'', reading the curvature from the way the loss is written.")
def max_stable_lr(rng: np.random.Generator) -> Draft:
    form, a, stem, steps, A = _present(rng)
    eta_max = float(core.theory.max_stable_lr(a))
    if not np.isclose(eta_max, 2.0 / a, rtol=1e-14):
        raise AssertionError(f"theory {eta_max} != 2/a = {2.0 / a}")
    # simulate just below and just above the threshold: converge vs diverge
    probe = core.run(core.sgd(np.array([0.97, 1.03]) * eta_max), core.Quadratic1D(a), x0=1.0, steps=CHECK_STEPS)
    w_end = np.abs(probe.params[-1, :, 0])
    below_ok = (not probe.diverged[0]) and w_end[0] < 1e-3
    above_bad = bool(probe.diverged[1]) or not np.all(np.isfinite(w_end[1:])) or w_end[1] > 1e3
    if not (below_ok and above_bad):
        raise AssertionError(f"2/a = {eta_max}: 0.97× ends at {w_end[0]}, 1.03× ends at {w_end[1]}")

    steps.append(say(r"Each step multiplies $w - w^*$ by $r = 1 - \eta a$, and gradient descent converges iff "
                     r"$|1 - \eta a| < 1$, i.e. $0 < \eta < 2/a$."))
    step, result = calc(r"Largest stable rate: $\eta_{\max} = 2/a = 2/<<a>> = <<result>>$ (4 significant figures).",
                        f"2/{A}", a=A)
    steps.append(step)
    lo, hi = pretty(0.97 * eta_max), pretty(1.03 * eta_max)
    steps.append(say(r"Check by simulation: at $\eta = <<lo>>$ (0.97×) the run converges; at $\eta = <<hi>>$ "
                     r"(1.03×) $|w_k|$ grows each step and the run diverges. At exactly $\eta_{\max}$ it would "
                     r"bounce forever; it is the supremum of the stable rates.", lo=lo, hi=hi))
    ans = answer(eta_max)
    if result != ans.display:
        raise AssertionError(f"worked steps give {result}, theory gives {ans.display}")
    prompt = stem + (r" What is the largest learning rate $\eta_{\max}$ such that gradient descent converges for "
                     r"every $0 < \eta < \eta_{\max}$ (from any start)? Give it exactly or to 4 significant figures.")
    return Draft(
        prompt=prompt, solution=tuple(steps), answer=ans,
        params={"objective": {"name": "quadratic_1d", "a": a}, "presentation": form,
                "optimizer": {"name": "sgd", "lr_checked": [0.97 * eta_max, 1.03 * eta_max]},
                "x0": 1.0, "steps": CHECK_STEPS},
        tags=("stability-threshold", "curvature", "factor-of-2"),
    )

