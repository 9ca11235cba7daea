"""Iterations needed to reach a tolerance on a 1-D quadratic (DOMAIN §2.1, archetype A7).

On (a/2)w² the error after k steps is |r|ᵏ|w₀| with r = 1 − ηa, so the smallest k with
|w_k| ≤ ε|w₀| is k = ⌈ln ε / ln|r|⌉ (dividing by ln|r| < 0 flips the inequality). A loss
variant asks for f(w_k) ≤ δ·f(w₀); since f ∝ w², that is |r|^{2k} ≤ δ and k = ⌈ln δ / (2 ln|r|)⌉.
Both regimes occur: 0 < ηa < 1 (monotone) and 1 < ηa < 2 (alternating sign, hence the
absolute value). The answer comes from a simulation run until the criterion holds and is
compared with ``core.theory.steps_to_tolerance``; draws whose log-quotient lies within
10⁻³ of an integer are rejected (the printed quotient could then mislead the ceiling).
"""

import math

import numpy as np

from quizgen import core
from quizgen.authoring import (
    curvature_intro,
    INTEGER, Draft, Redraw, answer, calc, exact, near_boundary, pick, question, render, say,
)

CURVATURES = (1, 2, 4, 5, 8, 10)
RATES = (0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)
TOLERANCES = (2, 3, 6)          # ε = 10^(−p)
STARTS = (1, 2, 5, 10, -3, -4)
MAX_STEPS = 300


TAIL = r" so one step is $w_{k+1} = w_k - \eta a\,w_k = (1 - \eta a)\,w_k$."


@question("gd.quadratic.steps_to_tolerance", topic="stability", difficulty=3, kind="numeric",
          objective="Compute how many gradient-descent steps a 1-D quadratic needs to shrink the error (or the "
                    "loss) by a given factor, from the contraction factor |1 − ηa|.")
def steps_to_tolerance(rng: np.random.Generator) -> Draft:
    a, eta, p, w0 = pick(rng, CURVATURES), pick(rng, RATES), pick(rng, TOLERANCES), pick(rng, STARTS)
    measure = pick(rng, ("error", "error", "loss"))
    h = eta * a
    if h >= 2 or near_boundary(h, (1.0, 2.0)):
        raise Redraw("stay in a converging regime, away from ηa = 1 and 2")
    rate = abs(round(1 - h, 10))
    eps = 10.0 ** -p
    power = 2 if measure == "loss" else 1            # loss ratio = |r|^(2k)
    quotient = math.log(eps) / (power * math.log(rate))
    if abs(quotient - round(quotient)) < 1e-3:
        raise Redraw("log-quotient too close to an integer")
    k_theory = core.theory.steps_to_tolerance(rate**power, eps)
    if k_theory != math.ceil(quotient):
        raise AssertionError(f"theory {k_theory} != ceil({quotient})")
    if k_theory > MAX_STEPS or k_theory < 2:
        raise Redraw("too many (or too few) steps for a readable question")

    traj = core.run(core.sgd(eta), core.Quadratic1D(a), x0=float(w0), steps=k_theory + 3)
    if measure == "loss":
        met = traj.losses[:, 0] <= eps * traj.losses[0, 0]
    else:
        met = np.abs(traj.params[:, 0, 0]) <= eps * abs(w0)
    hit = np.flatnonzero(met)
    if hit.size == 0:
        raise AssertionError("the simulation never met the tolerance")
    k_sim = int(hit[0])
    if k_sim != k_theory or not np.all(met[k_sim:]):
        raise AssertionError(f"simulation first meets the tolerance at {k_sim}, theory says {k_theory}")

    E, W0, P = exact(eta), exact(w0), str(p)
    tol_tex = f"10^{{-{P}}}"
    f_tex, intro, A = curvature_intro(a, TAIL)
    steps = [intro]
    step, R = calc(r"Per-step factor: $r = 1 - \eta a = 1 - <<eta>>\cdot<<a>> = <<result>>$, so "
                   r"$w_k = r^k w_0$ and $|w_k| = |r|^k\,|w_0|$.", f"1 - {E}*{A}", eta=E, a=A)
    steps.append(step)
    absr = R.lstrip("-")
    if R.startswith("-"):
        steps.append(say(r"$r < 0$: the iterate alternates in sign, but only $|r| = <<absr>>$ matters for the size "
                         r"of the error.", absr=absr))
    if measure == "loss":
        steps.append(say(r"The loss is proportional to $w^2$, so $f(w_k) = r^{2k} f(w_0) = |r|^{2k} f(w_0)$: the loss "
                         r"shrinks by $r^2$ per step. We need $|r|^{2k} \le <<tol>>$, i.e. "
                         r"$2k\,\ln|r| \le \ln(<<tol>>)$.", tol=tol_tex))
        steps.append(say(r"Dividing by $2\ln|r| < 0$ flips the inequality: $k \ge \dfrac{\ln(<<tol>>)}{2\ln <<absr>>}$.",
                         tol=tol_tex, absr=absr))
        step, q = calc(r"$\dfrac{\ln(<<tol>>)}{2\ln <<absr>>} = <<result>>$ (4 significant figures).",
                       f"ln(10**-{P})/(2*ln({absr}))", tol=tol_tex, absr=absr)
        steps.append(step)
        expr = f"ceil(ln(10**-{P})/(2*ln({absr})))"
    else:
        steps.append(say(r"We need $|r|^k \le <<tol>>$, i.e. $k\,\ln|r| \le \ln(<<tol>>)$. Dividing by "
                         r"$\ln|r| < 0$ flips the inequality: $k \ge \dfrac{\ln(<<tol>>)}{\ln <<absr>>}$.",
                         tol=tol_tex, absr=absr))
        step, q = calc(r"$\dfrac{\ln(<<tol>>)}{\ln <<absr>>} = <<result>>$ (4 significant figures).",
                       f"ln(10**-{P})/ln({absr})", tol=tol_tex, absr=absr)
        steps.append(step)
        expr = f"ceil(ln(10**-{P})/ln({absr}))"
    step, result = calc(r"$k$ must be a whole number at least this large: $k = \lceil <<q>> \rceil = <<result>>$.",
                        expr, INTEGER, q=q)
    steps.append(step)
    steps.append(say(r"Check by simulation: the run first satisfies the criterion at step <<k>> (and not at step "
                     r"<<km1>>).", k=k_sim, km1=k_sim - 1))

    ans = answer(float(k_sim), INTEGER)
    if result != ans.display:
        raise AssertionError(f"worked steps give {result}, simulation gives {ans.display}")
    if measure == "loss":
        ask = (r"What is the smallest number of steps $k$ after which the loss has fallen to at most "
               r"$<<tol>>$ of its starting value, $f(w_k) \le <<tol>>\cdot f(w_0)$?")
    else:
        ask = (r"What is the smallest number of steps $k$ after which the distance to the minimum is at most "
               r"$\varepsilon = <<tol>>$ of the starting distance, $|w_k| \le <<tol>>\cdot|w_0|$?")
    prompt = render(
        r"Gradient descent $w_{k+1} = w_k - \eta f'(w_k)$ with $\eta = <<eta>>$ minimises $f(w) = <<f>>$ "
        r"(minimum at $w = 0$), starting from $w_0 = <<w0>>$. " + ask + r" Give a whole number.",
        eta=E, f=f_tex, w0=W0, tol=tol_tex)
    return Draft(
        prompt=prompt, solution=tuple(steps), answer=ans, rounding=INTEGER,
        params={"objective": {"name": "quadratic_1d", "a": a, "w_star": 0.0},
                "optimizer": {"name": "sgd", "lr": eta}, "x0": w0, "steps": k_theory + 3,
                "criterion": {"measure": measure, "tolerance": eps}},
        tags=("iterations", "contraction-factor", "logarithms"),
    )
