"""The largest stable learning rate of a multi-dimensional quadratic (DOMAIN §2.2, archetype B1).

GD on f(x) = ½ xᵀHx converges from every start iff 0 < η < 2/λ_max(H). The Hessian is given by
its eigenvalues (the loss may be rotated), as a diagonal loss c₁x² + c₂y² (+ c₃z², so λ_i = 2c_i:
the factor-of-2 trap) or as a symmetric 2×2 matrix. The answer is checked by simulating at 0.97×
(must converge) and 1.03× (must diverge) of it, from a unit component along every eigenvector.
"""

import numpy as np

from quizgen import core
from quizgen.family import Meta, calc, num, pick, redraw_if, sample
from quizgen.kit import ndim

EIGENVALUES = (0.5, 1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 25, 40)
COEFFICIENTS = (0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 8, 10)
MATRIX_DIAG = (1, 2, 3, 4, 5, 6, 8, 10)
VARIABLES = ("x", "y", "z")
CHECK_STEPS = 200

QUESTION = r"""<% if form == 'eigen' %>A loss $f(\mathbf{x}) = \frac{1}{2}\mathbf{x}^\top H\,\mathbf{x}$ in <<dim>>
dimensions has a symmetric Hessian $H$ (not diagonal in these coordinates) with eigenvalues
$<% for v in lam %><<v>><% if not loop.last %>,\ <% endif %><% endfor %>$.
Gradient descent $\mathbf{x}_{k+1} = \mathbf{x}_k - \eta\nabla f(\mathbf{x}_k)$ runs with a constant learning rate
$\eta$.<% elif form == 'diag' %>Gradient descent with a constant learning rate $\eta$ minimises
$f(<<variables>>) = <<f>>$.<% else %>Gradient descent with a constant learning rate $\eta$ minimises
$f(\mathbf{x}) = \frac{1}{2}\mathbf{x}^\top H\,\mathbf{x}$ with
$H = \begin{pmatrix} <<p>> & <<q>> \\ <<q>> & <<s>> \end{pmatrix}$.<% endif %> What is the largest learning rate
$\eta_{\max}$ such that gradient descent converges for every $0 < \eta < \eta_{\max}$ from any start? Give it to 4
significant figures."""

SOLUTION = [
    r"""<% if form == 'eigen' %>In the eigenbasis of $H$ the coordinates decouple: the error along eigenvector $i$ is
    multiplied by $1 - \eta\lambda_i$ each step. The rotation does not matter, only the eigenvalues do. The largest is
    $\lambda_{\max} = <<lmax>>$.<% elif form == 'diag' %>The Hessian is diagonal with entries $\lambda_i = 2c_i$ (the
    loss is written without a $\frac{1}{2}$, so $\partial^2 (c\,v^2)/\partial v^2 = 2c$). The steepest direction has
    the largest coefficient $<<c>>$: $\lambda_{\max} = <<lmax.work>>$.<% else %>The curvatures are the eigenvalues of
    $H$. For a symmetric $2\times 2$ matrix $\begin{pmatrix} p & q \\ q & s \end{pmatrix}$ they are
    $\lambda = \frac{p+s}{2} \pm \sqrt{\left(\frac{p-s}{2}\right)^2 + q^2}$.<% endif %>""",
    r"<% if form == 'matrix' %>$\lambda_{\max} = <<lmax.work>>$.<% endif %>",
    r"""Gradient descent converges from every start iff every factor satisfies $|1 - \eta\lambda_i| < 1$, i.e.
    $0 < \eta < 2/\lambda_i$ for all $i$. The binding constraint is the steepest direction, $\lambda_{\max}$ (not the
    flattest one).""",
    r"$\eta_{\max} = 2/\lambda_{\max} = <<eta.work>>$ (4 significant figures).",
    r"""Check by simulation: at $\eta = <<lo>>$ (0.97×) the run converges; at $\eta = <<hi>>$ (1.03×) the component
    along the steepest eigenvector is multiplied by $|1 - \eta\lambda_{\max}| > 1$ each step and the run diverges.
    The flatter directions would tolerate a larger rate, but one unstable direction is enough to diverge.""",
]


# common wrong answers: (value from the draw, tag, feedback, the presentations where the slip can happen)
SLIPS = [
    (lambda d: 1 / d["lam"].max(), "optimal-vs-max",
     r"""This is $1/\lambda_{\max}$, the rate that removes the steepest component in one step. The error there is
     multiplied by $1 - \eta\lambda_{\max}$, which stays above $-1$ up to $2/\lambda_{\max}$: the limit is twice
     as large.""", "any"),
    (lambda d: 2 / d["lam"].min(), "M7",
     r"""This is $2/\lambda_{\min}$, the limit of the flattest direction ($\lambda_{\min} = <<lmin>>$). Every
     direction must be stable, so the steepest one, $\lambda_{\max} = <<lmax>>$, decides: $2/\lambda_{\max}$.""",
     "any"),
    (lambda d: 2 / d["c"], "hessian-factor-2",
     r"""This takes the coefficient $<<c>>$ itself as the curvature. Without a $\frac{1}{2}$ in the loss the second
     derivative of $c\,v^2$ is $2c$, so $\lambda_{\max} = <<lmax>>$ and the limit is half of this.""", "diag"),
    (lambda d: 2 / d["diag_max"], "diagonal-as-eigenvalue",
     r"""This uses the largest diagonal entry $<<diag_max>>$ of $H$ as its largest eigenvalue. With the off-diagonal
     entry $q = <<q>>$ the eigenvalues spread further apart: $\lambda_{\max} = <<lmax>>$.""", "matrix"),
]


def data(rng):
    form, rotation = pick(rng, ("eigen", "diag", "matrix")), None
    if form == "eigen":
        lam = np.array(sample(rng, EIGENVALUES, pick(rng, (2, 3))), float)
        rotation = core.random_rotation(lam.size, rng)
        d = dict(dim=lam.size, lmax=float(lam.max()))
    elif form == "diag":
        coefs = sample(rng, COEFFICIENTS, pick(rng, (2, 3)))
        lam = 2.0 * np.array(coefs, float)
        d = dict(variables=", ".join(VARIABLES[: len(coefs)]), f=ndim.diagonal_loss(coefs, variables=VARIABLES),
                 c=max(coefs), lmax=calc("2*c", c=max(coefs)))
    else:
        p, s, q = pick(rng, MATRIX_DIAG), pick(rng, MATRIX_DIAG), pick(rng, (-4, -3, -2, -1, 1, 2, 3, 4))
        redraw_if(p * s - q * q <= 0, "H must be positive definite")
        lam, rotation = np.linalg.eigh(np.array([[p, q], [q, s]], float))
        d = dict(p=p, q=q, s=s, lmax=calc("(p + s)/2 + sqrt(((p - s)/2)**2 + q**2)", p=p, s=s, q=q))
    redraw_if(lam.max() / lam.min() > 40, "keep the flat direction fast enough for the convergence check")
    eta_max = float(core.theory.max_stable_lr(lam))

    # one batched run just below and just above the threshold, from a unit component on every eigenvector
    x0 = np.ones(lam.size) if rotation is None else rotation @ np.ones(lam.size)
    probe, lo, hi = ndim.bracket(core.Quadratic(lam, rotation=rotation), eta_max, x0, CHECK_STEPS)
    size, start = np.linalg.norm(probe.params[-1], axis=1), float(np.linalg.norm(x0))
    above_bad = bool(probe.diverged[1]) or not np.isfinite(size[1]) or size[1] > 1e3 * start
    eta = calc("2/l", l=d["lmax"])
    redraw_if(eta.text != eta.rounding.format(eta_max), "the printed λ_max rounds to a different threshold")
    d = dict(d, form=form, lam=lam, eta=eta, eta_max=eta_max, lo=lo, hi=hi, params={"presentation": form},
             converges=((not probe.diverged[0]) and size[0] < 1e-3 * start, not above_bad),
             lmin=num(lam.min(), sig=4), diag_max=max(d.get("p", 0), d.get("s", 0)))
    d["wrong_answers"] = ndim.slips(d, eta_max, [(value(d), tag, why) for value, tag, why, forms in SLIPS
                                                 if forms in (form, "any")])
    return d


META = Meta(id="gd.ndim.max_stable_lr", topic="conditioning", difficulty=2, kind="numeric",
            objective="Find the largest stable learning rate 2/λ_max of a multi-dimensional quadratic from its "
                      "Hessian's eigenvalues, a diagonal loss or a 2×2 Hessian.",
            answer="eta_max", closed_form=lambda d: {"eta_max": 2.0 / d["lam"].max(), "converges": (True, False)},
            tags=("stability-threshold", "hessian-eigenvalues", "steepest-direction"))
