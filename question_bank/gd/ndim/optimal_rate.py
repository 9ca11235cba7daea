"""The optimal constant learning rate of a 2-D quadratic and its convergence rate (DOMAIN §2.2, archetype B2).

For f = ½(λ₁x₁² + λ₂x₂²) the best constant rate balances the two extreme factors 1 − ηλ_i:
η* = 2/(λ_min + λ_max), giving ρ* = (κ − 1)/(κ + 1). Asked: η*, ρ*, or the steps k at η* until
‖x_k‖ ≤ ε‖x₀‖, k = ⌈ln ε / ln ρ*⌉. The loss is written with eigenvalues (½ convention) or as
c₁x² + c₂y² (λ = 2c). The answer is read off one simulated run at η* (in 2-D both components
shrink by exactly ρ* per step).
"""

import math

from quizgen.family import INTEGER, Meta, calc, num, pick, redraw_if
from quizgen.kit import ndim

EIGENVALUES = (0.5, 1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20)
COEFFICIENTS = (0.25, 0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)

QUESTION = r"""Gradient descent $\mathbf{x}_{k+1} = \mathbf{x}_k - \eta\nabla f(\mathbf{x}_k)$ with a constant learning
rate minimises $f(x_1, x_2) = <<f>>$ (minimum at the origin).
<% if ask == 'eta' %>What is the constant learning rate $\eta^*$ that makes gradient descent converge fastest (the
smallest worst-case factor per step)? Give it to 4 significant figures.
<% elif ask == 'rho' %>Gradient descent uses the optimal constant learning rate $\eta^*$. By what factor $\rho^*$ does
the distance to the minimum, $\|\mathbf{x}_k - \mathbf{x}^*\|$, shrink per step? Give it to 4 significant figures.
<% else %>Gradient descent uses the optimal constant learning rate $\eta^*$ and starts from
$\mathbf{x}_0 = (<<x0[0]>>, <<x0[1]>>)$. After how many steps $k$ is $\|\mathbf{x}_k\| \le <<eps>>\,\|\mathbf{x}_0\|$
for the first time? Give a whole number.<% endif %>"""

SOLUTION = [
    r"""<% if form == 'coef' %>The loss has no $\frac{1}{2}$, so the curvatures are $\lambda_1 = <<lam1.work>>$<% else
    %>The Hessian is $\operatorname{diag}(<<lam1>>, <<lam2>>)$: $\lambda_{\min} = <<lo>>$,
    $\lambda_{\max} = <<hi>>$.<% endif %>""",
    r"<% if form == 'coef' %>and $\lambda_2 = <<lam2.work>>$.<% endif %>",
    r"""Each step multiplies the error along direction $i$ by $1 - \eta\lambda_i$, so the slowest component shrinks by
    $\rho(\eta) = \max(|1 - \eta\lambda_{\min}|, |1 - \eta\lambda_{\max}|)$. It is smallest when the two factors
    balance, $1 - \eta\lambda_{\min} = -(1 - \eta\lambda_{\max})$, i.e. at $\eta^* = 2/(\lambda_{\min} + \lambda_{\max})$,
    where $\rho^* = \frac{\lambda_{\max} - \lambda_{\min}}{\lambda_{\max} + \lambda_{\min}} = \frac{\kappa - 1}{\kappa + 1}$.""",
    r"""<% if ask == 'eta' %>$\eta^* = <<eta.work>>$ (4 significant figures).<% elif ask == 'rho'
    %>Condition number: $\kappa = <<kappa.work>>$.<% else %>$\rho^* = <<rho.work>>$.<% endif %>""",
    r"""<% if ask == 'rho' %>$\rho^* = <<rho.work>>$ (4 significant figures).<% elif ask == 'iters' %>In 2-D both
    components shrink by exactly $\rho^*$ per step, so $\|\mathbf{x}_k\| = (\rho^*)^k\,\|\mathbf{x}_0\|$. We need
    $(\rho^*)^k \le \varepsilon$, i.e. $k \ln\rho^* \le \ln\varepsilon$; dividing by $\ln\rho^* < 0$ flips the
    inequality: $k \ge \ln\varepsilon / \ln\rho^*$.<% endif %>""",
    r"""<% if ask == 'iters' %>$k = <<k.work>>$ steps<% if rho.value != rho_star %> (using the exact $\rho^*$, not the
    rounded <<rho.text>>)<% endif %>.<% endif %>""",
    r"""<% if ask == 'eta' %>Check by simulation: at $\eta = <<eta_shown>>$ both components shrink by the same factor
    <<rho_shown>> per step (one flips sign each step, the other does not).<% elif ask == 'rho' %>Check by simulation
    from $\mathbf{x}_0$: $\|\mathbf{x}_1\|/\|\mathbf{x}_0\| = <<first>>$, and the same ratio at every later step
    (κ = <<kappa>>).<% else %>Check by simulation: $\|\mathbf{x}_{<<k_sim - 1>>}\|/\|\mathbf{x}_0\| = <<before>>$ is
    still above the tolerance and $\|\mathbf{x}_{<<k_sim>>}\|/\|\mathbf{x}_0\| = <<after>>$ is below it.<% endif %>""",
    r"""For comparison, the safe-looking $\eta = 1/\lambda_{\max}$ only achieves $\rho = 1 - 1/\kappa$, and
    $\eta = 1/\lambda_{\min}$ diverges (it exceeds $2/\lambda_{\max}$).""",
]


# common wrong answers per question: (value from the draw, tag, feedback)
SLIPS = {
    "eta": [
        (lambda d: 2 / float(d["hi"]), "max-stable-as-optimal",
         r"""This is $2/\lambda_{\max}$, the largest stable rate: there the steep component's factor is $-1$, so it
         never shrinks. The fastest rate balances the two factors: $2/(\lambda_{\min} + \lambda_{\max})$."""),
        (lambda d: 1 / float(d["hi"]), "steepest-direction-only",
         r"""This is $1/\lambda_{\max}$, best for the steep direction alone; the flat direction then shrinks only by
         $1 - 1/\kappa$ per step. Balancing both factors gives $2/(\lambda_{\min} + \lambda_{\max})$."""),
        (lambda d: 2 * d["eta_star"] if d["form"] == "coef" else math.nan, "hessian-factor-2",
         r"""This uses the coefficients as curvatures. The loss has no $\frac{1}{2}$, so $\lambda_i = 2c_i$
         ($<<lo>>$ and $<<hi>>$), and $\eta^*$ is half of this."""),
    ],
    "rho": [
        (lambda d: 1 - 1 / d["kappa_exact"], "steepest-direction-only",
         r"""$1 - 1/\kappa$ is the factor at $\eta = 1/\lambda_{\max}$, not at the optimal rate. At
         $\eta^* = 2/(\lambda_{\min} + \lambda_{\max})$ both factors have size $(\kappa - 1)/(\kappa + 1)$."""),
        (lambda d: d["rho_star"] ** 2, "loss-vs-distance",
         r"""This is $(\rho^*)^2$, the factor by which a quadratic loss shrinks per step. The question asks for the
         distance $\|\mathbf{x}_k\|$, which shrinks by $\rho^* = (\kappa - 1)/(\kappa + 1)$."""),
        (lambda d: (d["kappa_exact"] ** 0.5 - 1) / (d["kappa_exact"] ** 0.5 + 1), "heavy-ball-rate",
         r"""$(\sqrt\kappa - 1)/(\sqrt\kappa + 1)$ is the rate of heavy-ball momentum with tuned parameters. Plain
         gradient descent at its best constant rate only reaches $(\kappa - 1)/(\kappa + 1)$."""),
    ],
    "iters": [
        (lambda d: d["k_sim"] - 1, "ceil-vs-floor",
         r"""This rounds $\ln\varepsilon/\ln\rho^*$ down. After that many steps the distance is still above the
         tolerance; the first step at or below it is the next whole number, the ceiling."""),
        (lambda d: d["k_sim"] + 1, "off-by-one-step",
         r"""This counts $\mathbf{x}_0$ as the first step. The start is step 0, so $\|\mathbf{x}_k\| =
         (\rho^*)^k\|\mathbf{x}_0\|$ and $k = \lceil \ln\varepsilon / \ln\rho^* \rceil$."""),
        (lambda d: math.ceil(math.log(d["eps"].value) / (2 * math.log(d["rho_star"]))), "loss-vs-distance",
         r"""This uses $(\rho^*)^2$, the per-step factor of the quadratic loss, for the distance: it halves the count.
         The distance itself shrinks by $\rho^*$ per step, so $k = \lceil \ln\varepsilon / \ln\rho^* \rceil$."""),
    ],
}


def data(rng):
    form, ask = pick(rng, ("eigen", "coef")), pick(rng, ("eta", "rho", "iters"))
    pool = EIGENVALUES if form == "eigen" else COEFFICIENTS
    values = pick(rng, pool), pick(rng, pool)
    f, lam, (lam1, lam2) = ndim.stated(values, half=form == "eigen")
    kappa = lam.max() / lam.min()
    redraw_if(not 2.5 <= kappa <= 25.0, "keep the problem visibly ill-conditioned but the run short")
    eps, x0 = pick(rng, (0.01, 0.001, 1e-4, 1e-6)), pick(rng, ((1, 1), (2, 1), (1, -1), (-3, 2), (4, -1), (1, 2)))

    eta_star, rho_star = 2.0 / (lam.min() + lam.max()), (kappa - 1.0) / (kappa + 1.0)
    quotient = math.log(eps) / math.log(rho_star)
    redraw_if(abs(quotient - round(quotient)) < 1e-6, "ln ε / ln ρ is (nearly) an integer: the ceiling would be fragile")
    k_theory = math.ceil(quotient)
    traj = ndim.descend(lam, eta_star, x0, steps=k_theory + 2)  # long enough to pass the tolerance
    P = traj.params[:, 0, :]
    norms = (P * P).sum(axis=1) ** 0.5
    k_sim = int((norms <= eps * norms[0]).argmax())

    lo, hi = sorted((lam1, lam2), key=float)
    d = dict(form=form, ask=ask, f=f, lam1=lam1, lam2=lam2, lo=lo, hi=hi, x0=x0, eps=num(eps, sig=4),
             rho_star=rho_star, k_sim=k_sim, k_theory=k_theory, ratios=norms[1:] / norms[:-1],
             eta=calc("2/(lo + hi)", lo=lo, hi=hi), kappa=calc("hi/lo", lo=lo, hi=hi),
             rho=calc("(hi - lo)/(hi + lo)", lo=lo, hi=hi),
             k=calc("ceil(ln(e)/ln((hi - lo)/(hi + lo)))", INTEGER, e=num(eps, sig=4), lo=lo, hi=hi),
             eta_shown=num(eta_star, sig=4), rho_shown=num(rho_star, sig=4), first=num(norms[1] / norms[0], sig=4),
             before=num(norms[k_sim - 1] / norms[0], sig=4), after=num(norms[k_sim] / norms[0], sig=4),
             params={"asked": ask, "tolerance": eps if ask == "iters" else None})
    d.update(kappa_exact=kappa, eta_star=eta_star)
    if ask == "iters":  # a step count is exact: k − 1 and k + 1 are the floor and off-by-one slips
        d = dict(d, answer=float(k_sim), rounding=INTEGER, abs_tol=0.0)
    else:
        d = dict(d, answer=eta_star if ask == "eta" else norms[1] / norms[0])
    d["wrong_answers"] = ndim.slips(d, d["answer"], [(value(d), tag, why) for value, tag, why in SLIPS[ask]],
                                    d.get("rounding"), abs_tol=d.get("abs_tol"))
    return d


META = Meta(id="gd.ndim.optimal_rate", topic="conditioning", difficulty=3, kind="numeric",
            objective="Compute the optimal constant learning rate 2/(λ_min + λ_max) of an ill-conditioned "
                      "quadratic, its convergence factor (κ − 1)/(κ + 1) and the steps it needs.",
            answer="answer", closed_form=lambda d: {"ratios": d["rho_star"], "k_sim": d["k_theory"]},
            tags=("optimal-learning-rate", "condition-number", "convergence-rate"))
