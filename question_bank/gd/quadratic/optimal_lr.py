"""The best constant learning rate for a 1-D quadratic (DOMAIN §2.1, archetype A6).

On (a/2)(w − w*)² the error is multiplied by r = 1 − ηa per step, so the fastest constant
rate makes r = 0: η* = 1/a = 1/f'' (Google MLCC: "the ideal learning rate in one dimension
is 1/f''(x)"), which reaches the minimum in one step. Distractors: 2/a (the largest stable
rate, where GD bounces forever; M1 "bigger is faster"), a smaller "safe" rate (smaller is
not faster), 1/f(w₀) (the loss value instead of the curvature) and, for f = c·w², 1/(2a)
or 2/c-style slips of the factor 2.

The answer is confirmed by simulating a sweep of rates across (0, 2/a) together with the
options and checking that 1/a gives the smallest |w − w*| after a few steps.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import Draft, Redraw, calc, exact, numeric_choices, pick, pretty, question, render, say

CURVATURES = (1, 3, 5, 7, 9, 15)               # a for (a/2)w²: odd, so it reads \frac{5}{2}, never \frac{4}{2}
COEFFICIENTS = (0.5, 1, 2, 2.5, 4, 5, 10)       # c for c·w² (a = 2c)
CENTRES = (-2, -1, 1, 2, 3)
STARTS = (-4, -3, -2, -1, 1, 2, 3, 4, 5)
SWEEP_STEPS = 5

STEMS = (
    r"Which constant learning rate $\eta$ makes gradient descent reach the minimum fastest?",
    r"Which constant learning rate $\eta$ is optimal, in the sense that the distance to the minimum shrinks "
    r"fastest?",
    r"You may choose any constant learning rate $\eta$. Which choice gets $w$ to the minimum in the fewest steps?",
    r"Which constant learning rate $\eta$ gives the fastest convergence of gradient descent on this loss?",
)


def _loss_tex(form: str, coef: str, m: str) -> str:
    if form == "half":
        body = "w^2" if m == "0" else (f"(w + {m[1:]})^2" if m.startswith("-") else f"(w - {m})^2")
        return body if coef == "2" else rf"\frac{{{coef}}}{{2}}{body}"
    body = "w^2" if m == "0" else (f"(w + {m[1:]})^2" if m.startswith("-") else f"(w - {m})^2")
    return body if coef == "1" else rf"{coef}\,{body}"


@question("gd.quadratic.optimal_lr", topic="stability", difficulty=2, kind="multiple_choice",
          objective="Identify the fastest constant learning rate on a 1-D quadratic, η = 1/f'', and tell it "
                    "apart from the largest stable rate 2/f''.")
def optimal_lr(rng: np.random.Generator) -> Draft:
    form = pick(rng, ("half", "plain"))
    coef = pick(rng, CURVATURES if form == "half" else COEFFICIENTS)
    a = coef if form == "half" else 2 * coef
    m = pick(rng, (0, 0) + CENTRES)
    w0 = pick(rng, STARTS)
    if w0 == m:
        raise Redraw("start at the minimum")
    f0 = 0.5 * a * (w0 - m) ** 2
    C = exact(coef)

    best = float(core.theory.optimal_lr(a))
    if not np.isclose(best, 1.0 / a, rtol=1e-14):
        raise AssertionError(f"theory optimal_lr {best} != 1/a")
    largest = float(core.theory.max_stable_lr(a))
    smaller = 0.25 / a
    wrong_loss = 1.0 / f0
    options = [best, largest, smaller, wrong_loss]
    # one vectorized run: a fine sweep across the stable range plus every option
    sweep = np.linspace(0.05, 1.95, 39) / a
    rates = np.concatenate([sweep, options])
    traj = core.run(core.sgd(rates), core.Quadratic1D(a, w_star=m), x0=float(w0), steps=SWEEP_STEPS)
    err = np.abs(traj.params[-1, :, 0] - m)
    err = np.where(np.isfinite(err), err, np.inf)
    if rates[int(np.argmin(err))] != best and not np.isclose(rates[int(np.argmin(err))], best, rtol=1e-12):
        raise AssertionError(f"the sweep's fastest rate is {rates[int(np.argmin(err))]}, not 1/a = {best}")
    opt_err = err[len(sweep)]
    if opt_err > 1e-12 * abs(w0 - m) or not np.all(err[len(sweep) + 1:len(sweep) + 4] > 1e-6):
        raise AssertionError(f"1/a should land on the minimum after one step; errors {err[len(sweep):]}")

    W0, M = exact(w0), exact(m)
    f_tex = _loss_tex(form, C, M)
    steps = []
    if form == "half":
        A = C
        steps.append(say(r"The curvature is $a = f''(w) = <<a>>$.", a=A))
    elif C == "1":
        A = "2"
        steps.append(say(r"Here $f'(w) = 2(w - w^*)$, so the curvature is $a = f''(w) = 2$."))
    else:
        step, A = calc(r"Here $f'(w) = 2\cdot<<c>>\,(w - w^*)$, so the curvature is $a = f''(w) = 2\cdot<<c>> = "
                       r"<<result>>$.", f"2*{C}", c=C)
        steps.append(step)
    steps.append(say(r"Each step multiplies the error $w - w^*$ by $r = 1 - \eta a$. The smaller $|r|$, the faster; "
                     r"the best possible is $r = 0$, which lands on the minimum in a single step."))
    step, shown = calc(r"$r = 0$ when $\eta = 1/a = 1/<<a>> = <<result>>$ (4 significant figures).", f"1/{A}", a=A)
    steps.append(step)
    step, twice = calc(r"For comparison, $2/a = 2/<<a>> = <<result>>$ is only the edge of stability: there "
                       r"$r = -1$ and $w$ bounces forever.", f"2/{A}", a=A)
    steps.append(step)
    steps.append(say(r"A simulated sweep of rates across $(0, 2/a)$ confirms it: after <<T>> steps the run with "
                     r"$\eta = <<best>>$ is at the minimum (error $0$), every other rate is still away from it.",
                     T=SWEEP_STEPS, best=shown))

    fb_loss = (r"This divides by the loss value $f(w_0)$, not by the curvature. The loss value depends on where you "
               r"start; the best rate depends only on $f'' = a$.")
    distractors = [
        (largest, r"This is $2/a$, the largest stable rate, not the fastest: there $r = 1 - 2 = -1$ and $w$ "
                  r"bounces between $w^* \pm (w_0 - w^*)$ forever. A bigger rate is not always faster."
                  + ("" if form == "half" else
                     rf" (It is also $1/c$ with $c = {C}$: taking the coefficient as the curvature forgets that "
                     rf"$f = c\,w^2$ has $f'' = 2c$.)"), "M1"),
        (smaller, r"This is $1/(4a)$: it converges, but $r = 0.75$ means the error only shrinks by a quarter per "
                  r"step. Smaller is safer, not faster; $\eta = 1/a$ removes the error in one step.",
         "smaller-is-better"),
        (wrong_loss, fb_loss, "loss-not-curvature"),
    ]
    correct = (best, r"Correct: $\eta = 1/a$ makes $r = 1 - \eta a = 0$, the Newton step: $w_1 = w^*$.")
    choices = numeric_choices(correct, distractors, template=r"$\eta = <<v>>$", min_rel_gap=0.1)
    for c in choices:
        if c.correct and c.value != float(shown):
            raise AssertionError(f"correct option {c.value} != worked {shown}")

    prompt = render(
        r"Gradient descent $w_{k+1} = w_k - \eta f'(w_k)$ minimises $f(w) = <<f>>$, starting from $w_0 = <<w0>>$. "
        + pick(rng, STEMS) + r" (Options are rounded to 4 significant figures.)",
        f=f_tex, w0=W0)
    return Draft(
        prompt=prompt, solution=tuple(steps), choices=choices,
        params={"objective": {"name": "quadratic_1d", "a": a, "w_star": m,
                              "stated_as": f"{C}/2 (w - {M})^2" if form == "half" else f"{C} (w - {M})^2"},
                "optimizer": {"name": "sgd", "lr_sweep": [float(sweep[0]), float(sweep[-1]), len(sweep)],
                              "options": [float(pretty(v)) for v in options]},
                "x0": w0, "steps": SWEEP_STEPS},
        tags=("optimal-rate", "curvature", "newton-step"),
    )
