"""x after k steps of gradient descent on a/2·x² (DOMAIN §2.1, archetypes A1/A7 family).

The loss is printed in its simplest form (½x², 5/2·x², x², 2x², 4x², 5x²), never as 4/2·x², and the
worked answer takes the derivative f′(x) = a·x from that form.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import (
    half_quadratic,
    Draft, Redraw, answer, calc, exact, iterates_on_curve, near_boundary, paren, pick, question, render, say,
)

CURVATURES = (1, 2, 4, 5, 8, 10)
RATES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5)
STARTS = (-10, -5, -4, -3, -2, 2, 3, 4, 5, 10)
STEPS = (3, 4, 5, 6, 8, 10)


@question("gd.quadratic.after_k_steps", topic="gd-basics", difficulty=1, kind="numeric", plot=True,
          objective="Apply the gradient-descent update repeatedly on a one-dimensional quadratic.")
def after_k_steps(rng: np.random.Generator) -> Draft:
    a, eta, x0, k = pick(rng, CURVATURES), pick(rng, RATES), pick(rng, STARTS), pick(rng, STEPS)
    h = eta * a
    if h >= 2 or near_boundary(h, (1.0, 2.0)):
        raise Redraw("keep η·a inside the stable range and away from 1 and 2")
    r = round(1 - h, 10)
    if abs(r) ** k < 1e-3:
        raise Redraw("the answer would be too small to read comfortably")

    traj = core.run(core.sgd(eta), core.Quadratic1D(a), x0=float(x0), steps=k)
    simulated = float(traj.final_params[0, 0])
    closed = float(core.theory.iterate(k, eta, a, x0))
    if not np.isclose(simulated, closed, rtol=1e-12, atol=1e-300):
        raise AssertionError(f"simulation {simulated} disagrees with theory {closed}")

    A, E, X0 = exact(a), exact(eta), exact(x0)
    ax = "x" if a == 1 else f"{A}x"
    f_tex = half_quadratic(A, var="x")  # simplest printed form: \frac{5}{2}x^2, x^2, 2x^2, …
    steps = [say(r"The derivative of $f(x) = <<f>>$ is $f'(x) = <<ax>>$, so one step is "
                 r"$x_{t+1} = x_t - \eta\cdot <<ax>>_t = (1 - <<eta>>\cdot<<a>>)\,x_t$.", f=f_tex, ax=ax, a=A,
                 eta=E)]
    step, r_printed = calc(r"Per-step factor: $r = 1 - <<eta>>\cdot<<a>> = <<result>>$.",
                           f"1 - {E}*{A}", eta=E, a=A)
    steps.append(step)
    step, _ = calc(r"After <<k>> steps: $x_{<<k>>} = r^{<<k>>}\,x_0 = (<<r>>)^{<<k>>}\cdot <<x0>> = <<result>>$ "
                   r"(4 significant figures).", f"({r_printed})**{k} * ({X0})", k=k, r=r_printed, x0=paren(X0))
    steps.append(step)
    regime = "shrinks toward 0 from one side" if r > 0 else "alternates in sign while shrinking"
    steps.append(say(r"Since $|r| < 1$ the iterate <<how>>.", how=regime))

    xs = np.linspace(-1.25 * abs(x0), 1.25 * abs(x0), 121)
    shown = traj.params[: min(k, 2) + 1, 0, 0]
    fig = iterates_on_curve(xs, 0.5 * a * xs**2, shown, 0.5 * a * shown**2, xlabel="$x$", ylabel="$f(x)$",
                            alt=f"The parabola y = f(x) with the start point and the first "
                                f"{len(shown) - 1} gradient-descent iterates marked in order.",
                            caption="The first steps of the run.")
    prompt = render(
        r"Gradient descent minimises $f(x) = <<f>>$ with learning rate $\eta = <<eta>>$, "
        r"starting from $x_0 = <<x0>>$; each step is $x_{t+1} = x_t - \eta f'(x_t)$. "
        r"What is $x_{<<k>>}$, the value after <<k>> steps? Give it to 4 significant figures.",
        f=f_tex, eta=E, x0=X0, k=k)
    return Draft(
        prompt=prompt, solution=tuple(steps), answer=answer(simulated), figures=(fig,),
        params={"objective": {"name": "quadratic_1d", "a": a, "w_star": 0.0},
                "optimizer": {"name": "sgd", "lr": eta}, "x0": x0, "steps": k},
        tags=("update-rule", "contraction-factor"),
    )
