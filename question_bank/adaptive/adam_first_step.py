"""Adam's first step (DOMAIN §2.7, archetype F1; misconception M10).

With PyTorch's ``Adam(lr, betas=(0.9, 0.999), eps=1e-8)`` and zero moments, the first step has
m̂_1 = g and v̂_1 = g² after bias correction, so θ_1 = θ_0 − lr·g/(|g| + ε) ≈ θ_0 − lr·sign(g):
the step is (almost exactly) lr whatever the gradient's scale, and its direction is −sign(g).

The loss f(θ) = (a/2)(θ − c)² is drawn with curvatures from 0.001 to 1000, so the gradient at
θ_0 ranges over six orders of magnitude while the answer does not. The answer is simulated
with ``core.run(core.adam(lr), Quadratic1D(a, c), θ_0, 1)`` and checked against the closed form;
the worked steps compute m_1, v_1, the bias corrections and the update, with ε kept. θ_1 is asked to 6
significant figures, and versions where a misconception (no move, no bias correction, SGD's lr·g) would
still be accepted are redrawn.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import (
    shifted_quadratic,
    Draft, Redraw, Rounding, answer, calc, exact, paren, pick, pretty, question, render, say, tex,
)

CURVATURES = (0.001, 0.01, 0.1, 1, 10, 100, 1000)
STARTS = (-3, -2, -1.5, -1, 1, 1.5, 2, 2.5, 3)
CENTRES = (0, 0, 0.5, 1, -1, -0.5)
RATES = (0.001, 0.002, 0.005, 0.01, 0.05, 0.1)
FULL = Rounding(sig=10)
SIG6 = Rounding(sig=6)      # θ_1 differs from θ_0 by lr (as small as 0.001): 4 figures would not resolve it


@question("adaptive.adam_first_step", topic="adaptive", difficulty=2, kind="numeric",
          objective="Compute Adam's first update with bias correction and explain why its size is about lr "
                    "whatever the gradient's scale, with direction −sign(g).")
def adam_first_step(rng: np.random.Generator) -> Draft:
    a, th0, c, lr = pick(rng, CURVATURES), pick(rng, STARTS), pick(rng, CENTRES), pick(rng, RATES)
    if th0 == c:
        raise Redraw("start at the minimum")
    g = a * (th0 - c)
    traj = core.run(core.adam(lr), core.Quadratic1D(a, w_star=c), x0=float(th0), steps=1)
    th1 = float(traj.params[1, 0, 0])
    closed = th0 - lr * g / (abs(g) + 1e-8)
    if not np.isclose(th1, closed, rtol=1e-12, atol=1e-15):
        raise AssertionError(f"simulated θ_1 = {th1} disagrees with θ_0 − lr·g/(|g| + ε) = {closed}")
    ans = answer(th1, SIG6)
    # the misconceptions' answers must be marked wrong: no move, no bias correction (3.16·lr), SGD's lr·g
    for wrong in (th0, th0 - lr * 0.1 / np.sqrt(0.001) * np.sign(g), th0 - lr * g):
        if ans.accepts(wrong):
            raise Redraw("a misconception's θ_1 would be accepted")

    T0, C, LR = exact(th0), exact(c), exact(lr)
    F, GTEX, GEXPR = shifted_quadratic(a, c)
    steps = []
    step, G = calc(r"Gradient at the start: $g = f'(\theta_0) = <<k>>(<<t0>> - <<c>>) = <<result>>$.",
                   f"{GEXPR}({T0} - ({C}))", FULL, k=GTEX, t0=T0, c=paren(C))
    steps.append(step)
    step, M1 = calc(r"First moment: $m_1 = (1 - 0.9)\,g = <<result>>$.", f"(1 - 0.9)*({G})", FULL)
    steps.append(step)
    step, V1 = calc(r"Second moment: $v_1 = (1 - 0.999)\,g^2 = <<result>>$.", f"(1 - 0.999)*({G})**2", FULL)
    steps.append(step)
    step, MH = calc(r"Bias corrections: $\hat m_1 = m_1/(1 - 0.9^1) = <<result>>$ (back to $g$),", f"({M1})/(1 - 0.9)",
                    FULL)
    steps.append(step)
    step, VH = calc(r"and $\hat v_1 = v_1/(1 - 0.999^1) = <<result>>$ (back to $g^2$).", f"({V1})/(1 - 0.999)", FULL)
    steps.append(step)
    step, result = calc(r"Update: $\theta_1 = \theta_0 - \mathrm{lr}\,\frac{\hat m_1}{\sqrt{\hat v_1} + \epsilon} = "
                        r"<<t0>> - <<lr>>\cdot\frac{<<mh>>}{\sqrt{<<vh>>} + <<eps>>} = <<result>>$ "
                        r"(6 significant figures).",
                        f"{T0} - {LR}*({MH})/(sqrt({VH}) + 1e-8)", SIG6, t0=T0, lr=LR, mh=tex(MH), vh=tex(VH), eps=tex("1e-8"))
    steps.append(step)
    if result != ans.display:
        raise AssertionError(f"worked steps give {result}, the simulation gives {ans.display}")
    direction = "down" if g > 0 else "up"
    steps.append(say(
        r"Since $\hat m_1/\sqrt{\hat v_1} = g/|g| = \operatorname{sign}(g)$, the first step moves $\theta$ <<dir>> by "
        r"almost exactly $\mathrm{lr} = <<lr>>$ (ε only matters when $|g|$ is near $10^{-8}$): its size does not "
        r"depend on how steep the loss is, only its sign does. Plain SGD with the same lr would move by "
        r"$\mathrm{lr}\cdot|g| = <<sgd>>$.", dir=direction, lr=LR, sgd=tex(pretty(lr * abs(g)))))
    steps.append(say(
        r"Without the bias correction the step would be $\mathrm{lr}\cdot(1 - 0.9)/\sqrt{1 - 0.999} \approx 3.16\,"
        r"\mathrm{lr}$, and with SGD's rule it would scale with $g$. The learning rate still sets Adam's step "
        r"size, so it still needs tuning (M10)."))

    prompt = render(
        r"PyTorch `torch.optim.Adam(lr=<<lr>>)` with its defaults ($\beta_1 = 0.9$, $\beta_2 = 0.999$, "
        r"$\epsilon = <<eps>>$, bias correction, $\epsilon$ outside the square root) minimises "
        r"$f(\theta) = <<f>>$, starting from $\theta_0 = <<t0>>$ with both moment estimates at $0$. "
        r"What is $\theta_1$ after the first step? Give it to 6 significant figures.",
        lr=LR, eps=tex("1e-8"), f=F, t0=T0)
    return Draft(
        prompt=prompt, solution=tuple(steps), answer=ans,
        params={"objective": {"name": "quadratic_1d", "a": a, "w_star": c},
                "optimizer": {"name": "adam", "lr": lr, "betas": [0.9, 0.999], "eps": 1e-8},
                "x0": th0, "steps": 1, "gradient": g},
        rounding=SIG6, tags=("adam", "bias-correction", "sign-step", "M10"),
    )
