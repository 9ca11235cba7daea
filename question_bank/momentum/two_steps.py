"""Two steps of SGD with momentum by hand, in PyTorch's convention (DOMAIN §2.5, archetype E3).

PyTorch ``SGD(lr=η, momentum=β)`` (dampening 0): the buffer starts at the first gradient,
b_1 = g_1 (so the first step is a plain gradient step), then b_t = β b_{t−1} + g_t, and
θ_t = θ_{t−1} − η b_t. On f(w) = (a/2)(w − m)² the student computes g_1, w_1, g_2, b_2, w_2.

The answer comes from ``core.run(core.sgd(η, momentum=β), Quadratic1D(a, m), …)`` and is
checked against ``core.theory.heavy_ball_iterate``. The intermediate numbers are printed to
10 significant figures (they are short exact decimals), only w_2 is rounded to 4.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import (
    Draft, Redraw, Rounding, answer, calc, exact, half_quadratic, near_boundary, paren, pick, pretty, question,
    render, say, tex,
)

CURVATURES = (1, 2, 4, 5, 10)
RATES = (0.05, 0.1, 0.2)
BETAS = (0.5, 0.8, 0.9)
STARTS = (-5, -4, -3, -2, 2, 3, 4, 5)
CENTRES = (0, 0, 0, 1, -1, 2)
FULL = Rounding(sig=10)


def _parabola(a: int, centre: str) -> str:
    """(a/2)(w − m)² with the fraction reduced: ``\\frac{5}{2}(w - 1)^2``, ``(w + 1)^2``, ``2w^2``
    (the shared ``half_quadratic`` prints ``\\frac{10}{2}``)."""
    if a % 2:
        return half_quadratic(str(a), centre)
    body = half_quadratic("2", centre)          # "w^2" or "(w - m)^2"
    return body if a == 2 else f"{a // 2}{body}"


@question("momentum.two_steps", topic="momentum", difficulty=2, kind="numeric",
          objective="Carry out two steps of SGD with momentum by hand in PyTorch's convention, where the buffer "
                    "starts at the first gradient.")
def two_steps(rng: np.random.Generator) -> Draft:
    a, eta, beta = pick(rng, CURVATURES), pick(rng, RATES), pick(rng, BETAS)
    w0, m = pick(rng, STARTS), pick(rng, CENTRES)
    if w0 == m:
        raise Redraw("start at the minimum")
    if eta * a >= 1.5:
        raise Redraw("keep the first step from overshooting wildly")
    if near_boundary(eta * a, [1.0]):
        raise Redraw("ηa = 1 lands w_1 exactly on the minimum (a regime boundary): a degenerate second step")

    traj = core.run(core.sgd(eta, momentum=beta), core.Quadratic1D(a, w_star=m), x0=float(w0), steps=2)
    w = traj.params[:, 0, 0]
    closed = m + core.theory.heavy_ball_iterate(2, eta, beta, a, w0 - m)
    if not np.isclose(w[2], closed, rtol=1e-12, atol=1e-12):
        raise AssertionError(f"simulated w_2 = {w[2]} disagrees with theory {closed}")
    if abs(w[2]) < 1e-9:
        raise Redraw("w_2 would be 0 up to float noise")
    ans = answer(float(w[2]))

    A, E, B, W0, M = exact(a), exact(eta), exact(beta), exact(w0), exact(m)
    def grad_step(t: int, w_prev: str) -> tuple:
        """g_t = a(w_{t−1} − m), printed without "1·" or "− 0"."""
        if M == "0" and A == "1":
            return calc(r"$g_<<t>> = f'(w_<<s>>) = w_<<s>> = <<result>>$.", f"{w_prev}", FULL, t=t, s=t - 1)
        if M == "0":
            return calc(r"$g_<<t>> = f'(w_<<s>>) = <<a>>\cdot<<w>> = <<result>>$.", f"{A}*({w_prev})", FULL,
                        t=t, s=t - 1, a=A, w=paren(w_prev))
        inner = render("<<w>> - <<m>>", w=tex(w_prev), m=paren(M))
        return calc(r"$g_<<t>> = f'(w_<<s>>) = <<body>> = <<result>>$.", f"{A}*({w_prev} - ({M}))", FULL,
                    t=t, s=t - 1, body=inner if A == "1" else rf"{A}\cdot({inner})")

    if M == "0":
        deriv = "w" if A == "1" else f"{A}w"
    else:
        deriv = render("w - <<m>>", m=paren(M)) if A == "1" else render("<<a>>(w - <<m>>)", a=A, m=paren(M))
    steps = [say(r"PyTorch's rule: $g_t = f'(w_{t-1})$, $b_1 = g_1$, $b_t = \beta\,b_{t-1} + g_t$ for $t > 1$, and "
                 r"$w_t = w_{t-1} - \eta\,b_t$. Here $f'(w) = <<d>>$.", d=deriv)]
    step, G1 = grad_step(1, W0)
    steps.append(step)
    steps.append(say(r"The buffer starts at the first gradient: $b_1 = g_1 = <<g1>>$ (the first step has no "
                     r"momentum term).", g1=tex(G1)))
    step, W1 = calc(r"$w_1 = w_0 - \eta\,b_1 = <<w0>> - <<e>>\cdot<<g1>> = <<result>>$.", f"{W0} - {E}*({G1})", FULL,
                    w0=W0, e=E, g1=paren(G1))
    steps.append(step)
    step, G2 = grad_step(2, W1)
    steps.append(step)
    step, B2 = calc(r"$b_2 = \beta\,b_1 + g_2 = <<b>>\cdot<<g1>> + <<g2>> = <<result>>$.", f"{B}*({G1}) + ({G2})", FULL,
                    b=B, g1=paren(G1), g2=paren(G2))
    steps.append(step)
    step, result = calc(r"$w_2 = w_1 - \eta\,b_2 = <<w1>> - <<e>>\cdot<<b2>> = <<result>>$ (4 significant figures).",
                        f"{W1} - {E}*({B2})", w1=tex(W1), e=E, b2=paren(B2))
    steps.append(step)
    if result != ans.display:
        raise AssertionError(f"worked steps give {result}, the simulation gives {ans.display}")
    gd2 = float(core.theory.iterate(2, eta, a, w0, m))
    steps.append(say(r"For comparison, plain gradient descent would be at $<<gd>>$ after two steps: the term "
                     r"$\beta\,b_1$ carries the first step's velocity into the second. Two common slips: averaging "
                     r"like Adam, $b_t = \beta b_{t-1} + (1 - \beta)g_t$ (that is PyTorch's `dampening`, off by "
                     r"default), or applying momentum already in the first step ($b_1 = \beta g_1 + g_1$, as if the "
                     r"buffer had started at $g_1$ instead of empty).",
                     gd=tex(pretty(gd2))))

    prompt = render(
        r"PyTorch `SGD(lr=<<e>>, momentum=<<b>>)` (dampening 0, no Nesterov) minimises $f(w) = <<f>>$, starting from "
        r"$w_0 = <<w0>>$ with an empty momentum buffer. What is $w_2$, the parameter after two steps? Give it to "
        r"4 significant figures.", e=E, b=B, f=_parabola(a, M), w0=W0)
    return Draft(
        prompt=prompt, solution=tuple(steps), answer=ans,
        params={"objective": {"name": "quadratic_1d", "a": a, "w_star": m},
                "optimizer": {"name": "sgd", "lr": eta, "momentum": beta, "dampening": 0.0, "nesterov": False},
                "x0": w0, "steps": 2},
        tags=("momentum", "update-rule", "pytorch-convention"),
    )
