"""RMSprop's first step in PyTorch: lr/√(1 − α), not lr (DOMAIN §2.7, archetype F3).

``torch.optim.RMSprop(lr, alpha, eps=1e-8)`` keeps v_t = α v_{t−1} + (1 − α) g_t² from v_0 = 0
and steps θ_t = θ_{t−1} − lr·g_t/(√v_t + ε) with **no bias correction**. So the first step is
lr·g/(√(1 − α)|g| + ε) ≈ lr/√(1 − α)·sign(g): 10·lr for the default α = 0.99 (3.162·lr for 0.9,
31.62·lr for 0.999), whatever the gradient's scale. Adam's bias correction would make it lr.

Two variants: θ_1, or the length of the first step |θ_1 − θ_0|. The answer is simulated with
``core.run(core.rmsprop(lr, alpha), Quadratic1D(a, c), θ_0, 1)`` and checked against the closed form.
θ_1 is asked to 6 significant figures (the step can be 1e-4), and versions where a misconception's
answer (a step of lr, no move, SGD's lr·g) would be accepted are redrawn.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import (
    shifted_quadratic,
    Draft, Redraw, Rounding, answer, calc, exact, paren, pick, pretty, question, render, say, tex,
)

CURVATURES = (0.01, 0.1, 0.5, 1, 2, 10, 100)
STARTS = (-3, -2, -1, 1, 2, 3, 4)
CENTRES = (0, 0, 1, -1, 0.5)
RATES = (0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01)
ALPHAS = (0.9, 0.99, 0.99, 0.999)
FULL = Rounding(sig=10)
SIG4 = Rounding(sig=4)
SIG6 = Rounding(sig=6)      # θ_1 differs from θ_0 by a few lr (lr as small as 1e-4): 4 figures would not resolve it


@question("adaptive.rmsprop_first_step", topic="adaptive", difficulty=2, kind="numeric",
          objective="Compute RMSprop's first update in PyTorch, lr/√(1 − α) in size because there is no bias "
                    "correction.")
def rmsprop_first_step(rng: np.random.Generator) -> Draft:
    a, th0, c = pick(rng, CURVATURES), pick(rng, STARTS), pick(rng, CENTRES)
    lr, alpha = pick(rng, RATES), pick(rng, ALPHAS)
    variant = pick(rng, ("theta", "length"))
    if th0 == c:
        raise Redraw("start at the minimum")
    g = a * (th0 - c)
    if np.sqrt(1 - alpha) * abs(g) < 1e-3:
        raise Redraw("keep ε negligible (below 1e-5 relative) so the first step is lr/√(1 − α) to 4 figures")
    traj = core.run(core.rmsprop(lr, alpha=alpha), core.Quadratic1D(a, w_star=c), x0=float(th0), steps=1)
    th1 = float(traj.params[1, 0, 0])
    closed = th0 - lr * g / (np.sqrt(1 - alpha) * abs(g) + 1e-8)
    if not np.isclose(th1, closed, rtol=1e-12, atol=1e-15):
        raise AssertionError(f"simulated θ_1 = {th1} disagrees with the closed form {closed}")
    if not np.isclose(abs(th1 - th0), lr / np.sqrt(1 - alpha), rtol=2e-5):
        raise AssertionError("the first step should be lr/√(1 − α)")
    rounding = SIG6 if variant == "theta" else SIG4
    ans = answer(th1 if variant == "theta" else abs(th1 - th0), rounding)
    # the misconceptions' answers must be marked wrong: a step of lr (bias-corrected, like Adam), none, SGD's lr·g
    sign = np.sign(g)
    wrongs = (th0 - lr * sign, th0, th0 - lr * g) if variant == "theta" else (lr, lr * abs(g))
    if any(ans.accepts(w) for w in wrongs):
        raise Redraw("a misconception's answer would be accepted")

    T0, C, LR, AL = exact(th0), exact(c), exact(lr), exact(alpha)
    F, GTEX, GEXPR = shifted_quadratic(a, c)
    steps = []
    step, G = calc(r"Gradient at the start: $g = f'(\theta_0) = <<k>>(<<t0>> - <<c>>) = <<result>>$.",
                   f"{GEXPR}({T0} - ({C}))", FULL, k=GTEX, t0=T0, c=paren(C))
    steps.append(step)
    step, V1 = calc(r"Square average: $v_1 = <<al>>\cdot 0 + (1 - <<al>>)\,g^2 = <<result>>$ (PyTorch does **not** "
                    r"divide by $1 - \alpha$: there is no bias correction).", f"(1 - {AL})*({G})**2", FULL, al=AL)
    steps.append(step)
    if variant == "theta":
        step, result = calc(r"Update: $\theta_1 = \theta_0 - \mathrm{lr}\,\frac{g}{\sqrt{v_1} + \epsilon} = "
                            r"<<t0>> - <<lr>>\cdot\frac{<<g>>}{\sqrt{<<v1>>} + <<eps>>} = <<result>>$ "
                            r"(6 significant figures).", f"{T0} - {LR}*({G})/(sqrt({V1}) + 1e-8)", SIG6,
                            t0=T0, lr=tex(LR), g=tex(G), v1=tex(V1), eps=tex("1e-8"))
    else:
        step, result = calc(r"Step length: $|\theta_1 - \theta_0| = \mathrm{lr}\,\frac{|g|}{\sqrt{v_1} + \epsilon} = "
                            r"<<lr>>\cdot\frac{<<ag>>}{\sqrt{<<v1>>} + <<eps>>} = <<result>>$ (4 significant figures).",
                            f"{LR}*abs({G})/(sqrt({V1}) + 1e-8)", lr=tex(LR), ag=tex(pretty(abs(g), FULL)),
                            v1=tex(V1), eps=tex("1e-8"))
    steps.append(step)
    if result != ans.display:
        raise AssertionError(f"worked steps give {result}, the simulation gives {ans.display}")
    steps.append(say(
        r"Since $\sqrt{v_1} = \sqrt{1 - \alpha}\,|g|$, the first step is $\mathrm{lr}/\sqrt{1 - \alpha} = "
        r"<<lr>>/\sqrt{1 - <<al>>} = <<big>>$ in the direction $-\operatorname{sign}(g)$, whatever the scale of $g$: "
        r"<<times>> times the learning rate. The estimate $v_t$ starts at 0 and is too small in the first steps; "
        r"Adam's bias correction $\hat v_t = v_t/(1 - \beta_2^t)$ would make this first step just $\mathrm{lr}$.",
        lr=tex(LR), al=AL, big=tex(pretty(lr / np.sqrt(1 - alpha))), times=tex(pretty(1 / np.sqrt(1 - alpha)))))

    ask = (r"What is $\theta_1$ after the first step?" if variant == "theta" else
           r"How far does $\theta$ move in the first step, $|\theta_1 - \theta_0|$?")
    prompt = render(
        r"PyTorch `torch.optim.RMSprop(lr=<<lr>>, alpha=<<al>>)` (eps $= <<eps>>$, no momentum, not centered) "
        r"minimises $f(\theta) = <<f>>$, starting from $\theta_0 = <<t0>>$ with its square average $v_0 = 0$. "
        r"<<ask>> Give it to <<sig>> significant figures.",
        lr=LR, al=AL, eps=tex("1e-8"), f=F, t0=T0, ask=ask, sig=rounding.sig)
    return Draft(
        prompt=prompt, solution=tuple(steps), answer=ans,
        params={"objective": {"name": "quadratic_1d", "a": a, "w_star": c},
                "optimizer": {"name": "rmsprop", "lr": lr, "alpha": alpha, "eps": 1e-8},
                "x0": th0, "steps": 1, "gradient": g, "variant": variant},
        rounding=rounding, tags=("rmsprop", "no-bias-correction", "pytorch-convention"),
    )
