"""How fast does a too-large learning rate blow up? (DOMAIN §2.1, archetype A9).

For η > 2/a on (a/2)w², each step multiplies w by r = 1 − ηa with |r| = ηa − 1 > 1, so
|w_k| = |r|ᵏ|w₀| grows geometrically (not linearly) and the loss grows by r² per step.
The question asks for the first step at which |w_k| ≥ M·|w₀| (k = ⌈ln M / ln|r|⌉) or at which
f(w_k) ≥ M·f(w₀) (k = ⌈ln M / (2 ln|r|)⌉). The answer is read off a simulation (with a
divergence bound far above M so that the run is not cut short) and compared with the
closed form; the worked solution shows |w_k| on a log axis, where geometric growth is a
straight line crossing the threshold.
"""

import math

import numpy as np

from quizgen import core
from quizgen.authoring import (
    curvature_intro,
    INTEGER, Draft, Redraw, answer, calc, curves, exact, near_boundary, pick, question, render, say, series,
)

CURVATURES = (1, 2, 4, 5, 8, 10)
RATES = (0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.75, 1, 1.5, 2, 2.5, 3)
FACTORS = (2, 3, 4, 6)        # M = 10^p
STARTS = (0.001, 0.01, 0.1, 0.5, 1, 2, -1, -0.01)


TAIL = r" so one step is $w_{k+1} = w_k - \eta a\,w_k = (1 - \eta a)\,w_k$."


@question("gd.quadratic.divergence_growth", topic="stability", difficulty=2, kind="numeric", plot=True,
          objective="Quantify divergence above the stability limit: |w| (and the loss) grow geometrically by "
                    "|1 − ηa| (and its square) per step.")
def divergence_growth(rng: np.random.Generator) -> Draft:
    a, eta, p, w0 = pick(rng, CURVATURES), pick(rng, RATES), pick(rng, FACTORS), pick(rng, STARTS)
    measure = pick(rng, ("iterate", "iterate", "loss"))
    h = eta * a
    if h <= 2 or near_boundary(h, (2.0,)) or h > 5:
        raise Redraw("need a clearly divergent rate with a readable growth factor")
    growth = round(h - 1, 10)        # |r| = ηa − 1
    power = 2 if measure == "loss" else 1
    quotient = math.log(10.0**p) / (power * math.log(growth))
    if abs(quotient - round(quotient)) < 1e-3:
        raise Redraw("log-quotient too close to an integer")
    k_theory = math.ceil(quotient)
    if k_theory < 2 or k_theory > 150:
        raise Redraw("too few or too many steps")

    M = 10.0**p
    traj = core.run(core.sgd(eta), core.Quadratic1D(a), x0=float(w0), steps=k_theory + 2,
                    divergence_bound=1e6 * M * max(abs(w0), 1.0))
    if traj.diverged[0]:
        raise AssertionError("the run was cut off before the threshold")
    w = traj.params[:, 0, 0]
    if not np.allclose(w, core.theory.iterate(np.arange(k_theory + 3), eta, a, w0), rtol=1e-9, atol=0):
        raise AssertionError("iterates disagree with (1 − ηa)^k w0")
    if measure == "loss":
        size, start = traj.losses[:, 0], traj.losses[0, 0]
    else:
        size, start = np.abs(w), abs(w0)
    hit = np.flatnonzero(size >= M * start)
    if hit.size == 0:
        raise AssertionError("the run never reached the threshold")
    k_sim = int(hit[0])
    if k_sim != k_theory:
        raise AssertionError(f"simulation crosses at step {k_sim}, closed form says {k_theory}")

    E, W0, P = exact(eta), exact(w0), str(p)
    big = f"10^{{{P}}}"
    f_tex, intro, A = curvature_intro(a, TAIL)
    steps = [intro]
    step, R = calc(r"Per-step factor: $r = 1 - \eta a = 1 - <<eta>>\cdot<<a>> = <<result>>$. Since $|r| > 1$ "
                   r"(here $\eta > 2/a$), gradient descent diverges: every step flips the sign of $w$ and "
                   r"makes $|w|$ larger.", f"1 - {E}*{A}", eta=E, a=A)
    steps.append(step)
    absr = R.lstrip("-")
    if measure == "loss":
        steps.append(say(r"$|w_k| = |r|^k|w_0|$, and the loss is proportional to $w^2$, so "
                         r"$f(w_k) = r^{2k} f(w_0)$: the loss grows by a factor $r^2$ every step (geometric, not "
                         r"linear, growth). We need $|r|^{2k} \ge <<big>>$, i.e. "
                         r"$k \ge \dfrac{\ln <<big>>}{2\ln <<absr>>}$.", big=big, absr=absr))
        step, q = calc(r"$\dfrac{\ln <<big>>}{2\ln <<absr>>} = <<result>>$ (4 significant figures).",
                       f"ln(10**{P})/(2*ln({absr}))", big=big, absr=absr)
        expr = f"ceil(ln(10**{P})/(2*ln({absr})))"
    else:
        steps.append(say(r"$|w_k| = |r|^k|w_0|$: the size is multiplied by $|r| = <<absr>>$ every step (geometric, "
                         r"not linear, growth). We need $|r|^k \ge <<big>>$, i.e. "
                         r"$k \ge \dfrac{\ln <<big>>}{\ln <<absr>>}$.", big=big, absr=absr))
        step, q = calc(r"$\dfrac{\ln <<big>>}{\ln <<absr>>} = <<result>>$ (4 significant figures).",
                       f"ln(10**{P})/ln({absr})", big=big, absr=absr)
        expr = f"ceil(ln(10**{P})/ln({absr}))"
    steps.append(step)
    step, result = calc(r"The first whole step at or beyond this: $k = \lceil <<q>> \rceil = <<result>>$.",
                        expr, INTEGER, q=q)
    steps.append(step)
    steps.append(say(r"The figure shows the simulated run on a log scale: the growth is a straight line, and it "
                     r"first reaches the threshold at step <<k>>.", k=k_sim))
    ans = answer(float(k_sim), INTEGER)
    if result != ans.display:
        raise AssertionError(f"worked steps give {result}, simulation gives {ans.display}")

    k = np.arange(k_theory + 3)
    ylabel = "loss $f(w_k)$" if measure == "loss" else "$|w_k|$"
    fig = curves([series("simulated run", k, size, marker=True)], xlabel="step $k$", ylabel=ylabel,
                 yscale="log", hlines=[(M * start, f"{'loss' if measure == 'loss' else 'size'} threshold")],
                 vlines=[(k_sim, "first crossing")],
                 alt="The simulated run on a logarithmic vertical axis: the values rise along a straight line "
                     "and cross a dotted horizontal threshold line.",
                 caption="Geometric growth is a straight line on a log axis.", in_solution=True)
    if measure == "loss":
        ask = (r"After how many steps $k$ does the loss first reach at least $<<big>>$ times its starting value, "
               r"$f(w_k) \ge <<big>>\cdot f(w_0)$?")
    else:
        ask = (r"After how many steps $k$ is $|w_k|$ first at least $<<big>>$ times its starting size, "
               r"$|w_k| \ge <<big>>\cdot|w_0|$?")
    prompt = render(
        r"Gradient descent $w_{k+1} = w_k - \eta f'(w_k)$ with a constant learning rate $\eta = <<eta>>$ is run on "
        r"$f(w) = <<f>>$ (minimum at $w = 0$), starting from $w_0 = <<w0>>$. " + ask + r" Give a whole number.",
        eta=E, f=f_tex, w0=W0, big=big)
    return Draft(
        prompt=prompt, solution=tuple(steps), answer=ans, figures=(fig,), rounding=INTEGER,
        params={"objective": {"name": "quadratic_1d", "a": a, "w_star": 0.0},
                "optimizer": {"name": "sgd", "lr": eta}, "x0": w0, "steps": k_theory + 2,
                "criterion": {"measure": measure, "factor": M}},
        tags=("divergence", "geometric-growth", "logarithms"),
    )
