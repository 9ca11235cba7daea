"""x after k steps of gradient descent on a/2·x²."""

from quizgen import core
from quizgen.family import Meta, calc, near_boundary, path_on_curve, pick, redraw_if, simulate

QUESTION = r"""Gradient descent minimises $f(x) = <<a|half_quadratic(var='x')>>$ with learning rate $\eta = <<eta>>$,
starting from $x_0 = <<x0>>$; each step is $x_{t+1} = x_t - \eta f'(x_t)$. What is $x_{<<k>>}$, the value after
<<k>> steps? Give it to 4 significant figures."""

SOLUTION = [
    r"""The derivative of $f(x) = <<a|half_quadratic(var='x')>>$ is $f'(x) = <<a|coef('x')>>$, so one step is
    $x_{t+1} = x_t - \eta\cdot <<a|coef('x')>>_t = (1 - <<eta>>\cdot<<a>>)\,x_t$.""",
    r"Per-step factor: $r = <<r.work>>$.",
    r"After <<k>> steps: $x_{<<k>>} = r^{<<k>>}\,x_0 = <<x_k.work>>$ (4 significant figures).",
    r"Since $|r| < 1$ the iterate <<'shrinks toward 0 from one side' if r.value > 0 else 'alternates in sign while shrinking'>>.",
]


def data(rng):
    a, eta = pick(rng, (1, 2, 4, 5, 8, 10)), pick(rng, (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5))
    x0, k = pick(rng, (-10, -5, -4, -3, -2, 2, 3, 4, 5, 10)), pick(rng, (3, 4, 5, 6, 8, 10))
    redraw_if(eta * a >= 2 or near_boundary(eta * a, (1.0, 2.0)), "keep η·a stable and away from 1 and 2")
    redraw_if(abs(round(1 - eta * a, 10)) ** k < 1e-3, "the answer would be too small to read comfortably")
    run = simulate(core.sgd(eta), core.Quadratic1D(a), x0=float(x0), steps=k)
    r = calc("1 - eta*a", eta=eta, a=a)
    slips = [(r.value ** (k - 1) * x0, "off-by-one-step", "That is one step too few: $x_0$ is the start, not step 1."),
             ((1 - eta * a / 2) ** k * x0, "forgot-power-rule", r"That uses $f'(x) = \frac{a}{2}x$; $x^2$ gives $2x$."),
             ((1 + eta * a) ** k * x0, "M2", r"That adds $\eta f'(x_t)$: a descent step moves against the slope.")]
    if r.value < 0 and k % 2:  # losing the sign of r matters only for an odd number of steps
        slips.append((abs(r.value) ** k * x0, "sign-slip", "That drops the sign of $r < 0$: the iterate alternates."))
    return dict(a=a, eta=eta, x0=x0, k=k, r=r, x_k=calc("r**k * x0", r=r, k=k, x0=x0), wrong_answers=slips,
                simulated=run.final_params[0, 0], path=run.params[: min(k, 2) + 1, 0, 0])


def figures(d):
    return [path_on_curve(lambda x: 0.5 * d["a"] * x**2, 1.25 * abs(d["x0"]), d["path"], xlabel="$x$",
                          ylabel="$f(x)$", caption="The first steps of the run.",
                          alt=f"The parabola y = f(x) with the start point and the first {len(d['path']) - 1} "
                              "gradient-descent iterates marked in order.")]


META = Meta(id="gd.quadratic.after_k_steps", topic="gd-basics", difficulty=1, kind="numeric",
            objective="Apply the gradient-descent update repeatedly on a one-dimensional quadratic.",
            answer="simulated", closed_form=lambda d: core.theory.iterate(d["k"], d["eta"], d["a"], d["x0"]),
            figures=figures, tags=("update-rule", "contraction-factor"))
