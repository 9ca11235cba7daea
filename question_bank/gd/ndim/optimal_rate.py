"""The optimal constant learning rate of a 2-D quadratic and its convergence rate (DOMAIN §2.2, archetype B2).

For f = ½(λ₁x₁² + λ₂x₂²) gradient descent multiplies the error along eigen-direction i by
1 − ηλ_i per step. The best constant rate balances the two extreme factors:
η* = 2/(λ_min + λ_max), giving ρ* = (κ − 1)/(κ + 1) = (λ_max − λ_min)/(λ_max + λ_min) with
κ = λ_max/λ_min. One of three quantities is asked for:

* η* itself;
* ρ*, the factor by which ‖x_k − x*‖ shrinks per step at η*;
* the number of steps k at η* until ‖x_k‖ ≤ ε‖x₀‖, k = ⌈ln ε / ln ρ*⌉ (an integer).

The loss is written either with eigenvalues (½ convention) or as c₁x² + c₂y² (λ = 2c). The
answer is read off one simulated run at η* (in 2-D both extreme components shrink by exactly
ρ* per step, so ‖x_k‖ = ρ*ᵏ‖x₀‖) and compared with ``core.theory``.
"""

import math

import numpy as np

from quizgen import core
from quizgen.authoring import (
    INTEGER, SIG4, Draft, Redraw, answer, calc, exact, pick, pretty, question, render, say, tex,
)


def _term(coef: str, var: str) -> str:
    """``coef·var²`` in LaTeX, without a printed coefficient 1 (``x_1^2``, not ``1\\,x_1^2``)."""
    return f"{var}^2" if coef == "1" else f"{coef}\\,{var}^2"


EIGENVALUES = (0.5, 1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20)
COEFFICIENTS = (0.25, 0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)
TOLERANCES = (0.01, 0.001, 1e-4, 1e-6)
STARTS = ((1, 1), (2, 1), (1, -1), (-3, 2), (4, -1), (1, 2))
KAPPA_RANGE = (2.5, 25.0)


@question("gd.ndim.optimal_rate", topic="conditioning", difficulty=3, kind="numeric",
          objective="Compute the optimal constant learning rate 2/(λ_min + λ_max) of an ill-conditioned "
                    "quadratic, its convergence factor (κ − 1)/(κ + 1) and the steps it needs.")
def ndim_optimal_rate(rng: np.random.Generator) -> Draft:
    form = pick(rng, ("eigen", "coef"))
    ask = pick(rng, ("eta", "rho", "iters"))
    if form == "eigen":
        l1, l2 = pick(rng, EIGENVALUES), pick(rng, EIGENVALUES)
        lam = np.array([l1, l2], float)
        f_tex = render(r"\frac{1}{2}\left(<<a>> + <<b>>\right)", a=_term(exact(l1), "x_1"), b=_term(exact(l2), "x_2"))
    else:
        c1, c2 = pick(rng, COEFFICIENTS), pick(rng, COEFFICIENTS)
        lam = 2.0 * np.array([c1, c2], float)
        f_tex = render(r"<<a>> + <<b>>", a=_term(exact(c1), "x_1"), b=_term(exact(c2), "x_2"))
    kappa = lam.max() / lam.min()
    if not KAPPA_RANGE[0] <= kappa <= KAPPA_RANGE[1]:
        raise Redraw("keep the problem visibly ill-conditioned but the run short")
    eps = pick(rng, TOLERANCES)
    x0 = np.array(pick(rng, STARTS), float)

    eta_star = float(core.theory.optimal_lr(lam))
    rho_star = float(core.theory.optimal_rate(lam))
    k_theory = core.theory.steps_to_tolerance(rho_star, eps)
    quotient = math.log(eps) / math.log(rho_star)
    if abs(quotient - round(quotient)) < 1e-6:
        raise Redraw("ln ε / ln ρ is (nearly) an integer: the ceiling would be fragile")

    # one run at η*, long enough to pass the tolerance
    T = int(k_theory) + 2
    traj = core.run(core.sgd(eta_star), core.Quadratic(lam), x0=x0, steps=T)
    norms = np.linalg.norm(traj.params[:, 0, :], axis=1)
    ratios = norms[1:] / norms[:-1]
    if traj.diverged[0] or not np.allclose(ratios, rho_star, rtol=1e-9):
        raise AssertionError(f"‖x_k‖ ratios {ratios[:3]} disagree with ρ* = {rho_star}")
    factors = 1.0 - eta_star * lam
    if not np.isclose(abs(factors[0]), abs(factors[1]), rtol=1e-12):
        raise AssertionError(f"at η* the extreme factors {factors} should balance")
    k_sim = int(np.argmax(norms <= eps * norms[0]))
    if norms[k_sim] > eps * norms[0] or k_sim != k_theory:
        raise AssertionError(f"simulated k = {k_sim}, theory k = {k_theory}")

    steps = []
    if form == "coef":
        step, A = calc(r"The loss has no $\frac{1}{2}$, so the curvatures are $\lambda_1 = 2\cdot<<c>> = <<result>>$",
                       f"2*{exact(c1)}", c=exact(c1))
        step2, B = calc(r"and $\lambda_2 = 2\cdot<<c>> = <<result>>$.", f"2*{exact(c2)}", c=exact(c2))
        steps += [step, step2]
        lmin, lmax = (A, B) if lam[0] < lam[1] else (B, A)
    else:
        A, B = exact(l1), exact(l2)
        lmin, lmax = (A, B) if l1 < l2 else (B, A)
        steps.append(say(r"The Hessian is $\operatorname{diag}(<<a>>, <<b>>)$: $\lambda_{\min} = <<lo>>$, "
                         r"$\lambda_{\max} = <<hi>>$.", a=A, b=B, lo=lmin, hi=lmax))
    steps.append(say(r"Each step multiplies the error along direction $i$ by $1 - \eta\lambda_i$, so the slowest "
                     r"component shrinks by $\rho(\eta) = \max(|1 - \eta\lambda_{\min}|, |1 - \eta\lambda_{\max}|)$. "
                     r"It is smallest when the two factors balance, $1 - \eta\lambda_{\min} = "
                     r"-(1 - \eta\lambda_{\max})$, i.e. at $\eta^* = 2/(\lambda_{\min} + \lambda_{\max})$, where "
                     r"$\rho^* = \frac{\lambda_{\max} - \lambda_{\min}}{\lambda_{\max} + \lambda_{\min}} = "
                     r"\frac{\kappa - 1}{\kappa + 1}$."))
    sim_k = None
    if ask == "eta":
        step, result = calc(r"$\eta^* = 2/(<<lo>> + <<hi>>) = <<result>>$ (4 significant figures).",
                            f"2/({lmin} + {lmax})", lo=lmin, hi=lmax)
        steps.append(step)
        ans = answer(eta_star)
        question_text = (r"What is the constant learning rate $\eta^*$ that makes gradient descent converge "
                         r"fastest (the smallest worst-case factor per step)? Give it to 4 significant figures.")
        check_text = render(r"Check by simulation: at $\eta = <<e>>$ both components shrink by the same factor "
                            r"<<r>> per step (one flips sign each step, the other does not).",
                            e=tex(pretty(eta_star)), r=tex(pretty(rho_star)))
    elif ask == "rho":
        step, K = calc(r"Condition number: $\kappa = <<hi>>/<<lo>> = <<result>>$.", f"{lmax}/{lmin}",
                       lo=lmin, hi=lmax)
        steps.append(step)
        step, result = calc(r"$\rho^* = \frac{<<hi>> - <<lo>>}{<<hi>> + <<lo>>} = <<result>>$ "
                            r"(4 significant figures).", f"({lmax} - {lmin})/({lmax} + {lmin})", lo=lmin, hi=lmax)
        steps.append(step)
        ans = answer(float(norms[1] / norms[0]))
        question_text = (r"Gradient descent uses the optimal constant learning rate $\eta^*$. By what factor "
                         r"$\rho^*$ does the distance to the minimum, $\|\mathbf{x}_k - \mathbf{x}^*\|$, shrink per "
                         r"step? Give it to 4 significant figures.")
        check_text = render(r"Check by simulation from $\mathbf{x}_0$: $\|\mathbf{x}_1\|/\|\mathbf{x}_0\| = <<r>>$, "
                            r"and the same ratio at every later step (κ = <<k>>).", r=tex(pretty(norms[1] / norms[0])),
                            k=K)
    else:
        step, R = calc(r"$\rho^* = \frac{<<hi>> - <<lo>>}{<<hi>> + <<lo>>} = <<result>>$.",
                       f"({lmax} - {lmin})/({lmax} + {lmin})", lo=lmin, hi=lmax)
        steps.append(step)
        steps.append(say(r"In 2-D both components shrink by exactly $\rho^*$ per step, so "
                         r"$\|\mathbf{x}_k\| = (\rho^*)^k\,\|\mathbf{x}_0\|$. We need $(\rho^*)^k \le \varepsilon$, "
                         r"i.e. $k \ln\rho^* \le \ln\varepsilon$; dividing by $\ln\rho^* < 0$ flips the inequality: "
                         r"$k \ge \ln\varepsilon / \ln\rho^*$."))
        E = pretty(eps)
        rounded = "" if float(R) == rho_star else render(r" (using the exact $\rho^*$, not the rounded <<r>>)", r=R)
        step, result = calc(r"$k = \left\lceil \frac{\ln(<<e>>)}{\ln\left((<<hi>> - <<lo>>)/(<<hi>> + <<lo>>)\right)}"
                            r"\right\rceil = <<result>>$ steps<<rounded>>.", f"ceil(ln({E})/ln(({lmax} - {lmin})/({lmax} + {lmin})))", INTEGER,
                            e=tex(E), lo=lmin, hi=lmax, rounded=rounded)
        steps.append(step)
        # a step count is exact: k − 1 and k + 1 are the floor and off-by-one slips, not roundings
        ans = answer(float(k_sim), INTEGER, abs_tol=0.0)
        sim_k = k_sim
        question_text = render(
            r"Gradient descent uses the optimal constant learning rate $\eta^*$ and starts from "
            r"$\mathbf{x}_0 = (<<a>>, <<b>>)$. After how many steps $k$ is $\|\mathbf{x}_k\| \le "
            r"<<e>>\,\|\mathbf{x}_0\|$ for the first time? Give a whole number.",
            a=exact(x0[0]), b=exact(x0[1]), e=tex(E))
        check_text = render(r"Check by simulation: $\|\mathbf{x}_{<<km>>}\|/\|\mathbf{x}_0\| = <<before>>$ is still "
                            r"above the tolerance and $\|\mathbf{x}_{<<k>>}\|/\|\mathbf{x}_0\| = <<after>>$ is below it.",
                            km=k_sim - 1, k=k_sim, before=tex(pretty(norms[k_sim - 1] / norms[0])),
                            after=tex(pretty(norms[k_sim] / norms[0])))
    if result != ans.display:
        raise AssertionError(f"worked steps give {result}, simulation gives {ans.display}")
    steps.append(say(check_text))
    steps.append(say(r"For comparison, the safe-looking $\eta = 1/\lambda_{\max}$ only achieves "
                     r"$\rho = 1 - 1/\kappa$, and $\eta = 1/\lambda_{\min}$ diverges (it exceeds "
                     r"$2/\lambda_{\max}$)."))

    prompt = render(r"Gradient descent $\mathbf{x}_{k+1} = \mathbf{x}_k - \eta\nabla f(\mathbf{x}_k)$ with a constant "
                    r"learning rate minimises $f(x_1, x_2) = <<f>>$ (minimum at the origin). ", f=f_tex) + question_text
    return Draft(
        prompt=prompt, solution=tuple(steps), answer=ans, rounding=INTEGER if ask == "iters" else SIG4,
        params={"objective": {"name": "quadratic", "eigenvalues": [float(v) for v in lam], "stated_as": form},
                "optimizer": {"name": "sgd", "lr": eta_star}, "x0": [float(v) for v in x0], "steps": T,
                "asked": ask, "tolerance": eps if ask == "iters" else None, "k_simulated": sim_k},
        tags=("optimal-learning-rate", "condition-number", "convergence-rate"),
    )
