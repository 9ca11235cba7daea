"""The largest stable learning rate of a multi-dimensional quadratic (DOMAIN §2.2, archetype B1).

GD on f(x) = ½ xᵀHx converges from every start iff 0 < η < 2/λ_max(H): the steepest
direction sets stability. The Hessian is presented in one of three ways:

* its eigenvalues (the loss may be rotated; only the eigenvalues matter);
* a diagonal quadratic f = c₁x² + c₂y² (+ c₃z²), so λ_i = 2c_i (the factor-of-2 trap);
* a symmetric 2×2 matrix H = [[p, q], [q, s]], whose λ_max = (p+s)/2 + √(((p−s)/2)² + q²).

The answer 2/λ_max is checked by simulating at 0.97× (must converge) and 1.03× (must diverge)
of it in one batched run, starting from a point with a unit component along every eigenvector.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import (
    Draft, Redraw, answer, calc, exact, paren, pick, pretty, question, render, sample, say, tex,
)

EIGENVALUES = (0.5, 1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 25, 40)
COEFFICIENTS = (0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 8, 10)
MATRIX_DIAG = (1, 2, 3, 4, 5, 6, 8, 10)
MATRIX_OFF = (-4, -3, -2, -1, 1, 2, 3, 4)
VARIABLES = ("x", "y", "z")
MAX_KAPPA = 40
CHECK_STEPS = 200


def _present(rng):
    """(form, eigenvalues, rotation, stem, worked steps, printed λ_max) for one presentation."""
    form = pick(rng, ("eigen", "diag", "matrix"))
    if form == "eigen":
        dim = pick(rng, (2, 3))
        lam = sample(rng, EIGENVALUES, dim)
        rotation = core.random_rotation(dim, rng)
        L = [exact(v) for v in lam]
        stem = render(
            r"A loss $f(\mathbf{x}) = \frac{1}{2}\mathbf{x}^\top H\,\mathbf{x}$ in <<d>> dimensions has a symmetric "
            r"Hessian $H$ (not diagonal in these coordinates) with eigenvalues $<<eigs>>$. Gradient descent "
            r"$\mathbf{x}_{k+1} = \mathbf{x}_k - \eta\nabla f(\mathbf{x}_k)$ runs with a constant learning rate "
            r"$\eta$.", d=dim, eigs=",\\ ".join(L))
        LMAX = exact(max(lam))
        steps = [say(r"In the eigenbasis of $H$ the coordinates decouple: the error along eigenvector $i$ is "
                     r"multiplied by $1 - \eta\lambda_i$ each step. The rotation does not matter, only the "
                     r"eigenvalues do. The largest is $\lambda_{\max} = <<l>>$.", l=LMAX)]
        return form, np.array(lam, float), rotation, stem, steps, LMAX
    if form == "diag":
        dim = pick(rng, (2, 3))
        coefs = sample(rng, COEFFICIENTS, dim)
        C = [exact(c) for c in coefs]
        terms = " + ".join((f"{c}\\,{v}^2" if c != "1" else f"{v}^2") for c, v in zip(C, VARIABLES))
        stem = render(r"Gradient descent with a constant learning rate $\eta$ minimises $f(<<vars>>) = <<f>>$.",
                      vars=", ".join(VARIABLES[:dim]), f=terms)
        CMAX = exact(max(coefs))
        step, LMAX = calc(r"The Hessian is diagonal with entries $\lambda_i = 2c_i$ (the loss is written without a "
                          r"$\frac{1}{2}$, so $\partial^2 (c\,v^2)/\partial v^2 = 2c$). The steepest direction has "
                          r"the largest coefficient $<<c>>$: $\lambda_{\max} = 2\cdot<<c>> = <<result>>$.",
                          f"2*{CMAX}", c=CMAX)
        return form, 2.0 * np.array(coefs, float), None, stem, [step], LMAX
    # a symmetric 2×2 matrix
    p, s, q = pick(rng, MATRIX_DIAG), pick(rng, MATRIX_DIAG), pick(rng, MATRIX_OFF)
    if p * s - q * q <= 0:
        raise Redraw("H must be positive definite")
    H = np.array([[p, q], [q, s]], float)
    lam, vecs = np.linalg.eigh(H)
    P, S, Q = exact(p), exact(s), exact(q)
    stem = render(
        r"Gradient descent with a constant learning rate $\eta$ minimises "
        r"$f(\mathbf{x}) = \frac{1}{2}\mathbf{x}^\top H\,\mathbf{x}$ with "
        r"$H = \begin{pmatrix} <<p>> & <<q>> \\ <<q>> & <<s>> \end{pmatrix}$.", p=P, q=Q, s=S)
    steps = [say(r"The curvatures are the eigenvalues of $H$. For a symmetric $2\times 2$ matrix "
                 r"$\begin{pmatrix} p & q \\ q & s \end{pmatrix}$ they are "
                 r"$\lambda = \frac{p+s}{2} \pm \sqrt{\left(\frac{p-s}{2}\right)^2 + q^2}$.")]
    step, LMAX = calc(r"$\lambda_{\max} = \frac{<<p>>+<<s>>}{2} + \sqrt{\left(\frac{<<p>>-<<s>>}{2}\right)^2 + "
                      r"<<q>>^2} = <<result>>$.", f"({P}+{S})/2 + sqrt((({P}-{S})/2)**2 + ({Q})**2)",
                      p=P, s=S, q=paren(Q))
    steps.append(step)
    return form, lam, vecs, stem, steps, LMAX


@question("gd.ndim.max_stable_lr", topic="conditioning", difficulty=2, kind="numeric",
          objective="Find the largest stable learning rate 2/λ_max of a multi-dimensional quadratic from its "
                    "Hessian's eigenvalues, a diagonal loss or a 2×2 Hessian.")
def ndim_max_stable_lr(rng: np.random.Generator) -> Draft:
    form, lam, rotation, stem, steps, LMAX = _present(rng)
    if lam.max() / lam.min() > MAX_KAPPA:
        raise Redraw("keep the flat direction fast enough for the convergence check")
    eta_max = float(core.theory.max_stable_lr(lam))
    if not np.isclose(eta_max, 2.0 / lam.max(), rtol=1e-14):
        raise AssertionError(f"theory {eta_max} != 2/λ_max = {2.0 / lam.max()}")

    # one batched run just below and just above the threshold, from a unit component on every eigenvector
    dim = lam.size
    x0 = np.ones(dim) if rotation is None else rotation @ np.ones(dim)
    objective = core.Quadratic(lam, rotation=rotation)
    probe = core.run(core.sgd(np.array([0.97, 1.03]) * eta_max), objective, x0=x0, steps=CHECK_STEPS)
    size = np.linalg.norm(probe.params[-1], axis=1)
    start = float(np.linalg.norm(x0))
    below_ok = (not probe.diverged[0]) and size[0] < 1e-3 * start
    above_bad = bool(probe.diverged[1]) or not np.isfinite(size[1]) or size[1] > 1e3 * start
    if not (below_ok and above_bad):
        raise AssertionError(f"2/λ_max = {eta_max}: 0.97× ends at {size[0]}, 1.03× ends at {size[1]}")

    steps.append(say(r"Gradient descent converges from every start iff every factor satisfies "
                     r"$|1 - \eta\lambda_i| < 1$, i.e. $0 < \eta < 2/\lambda_i$ for all $i$. The binding "
                     r"constraint is the steepest direction, $\lambda_{\max}$ (not the flattest one)."))
    step, result = calc(r"$\eta_{\max} = 2/\lambda_{\max} = 2/<<l>> = <<result>>$ (4 significant figures).",
                        f"2/{LMAX}", l=tex(LMAX))
    steps.append(step)
    ans = answer(eta_max)
    if result != ans.display:
        raise Redraw("the printed λ_max rounds to a different threshold")
    lo, hi = pretty(0.97 * eta_max), pretty(1.03 * eta_max)
    steps.append(say(r"Check by simulation: at $\eta = <<lo>>$ (0.97×) the run converges; at $\eta = <<hi>>$ "
                     r"(1.03×) the component along the steepest eigenvector is multiplied by "
                     r"$|1 - \eta\lambda_{\max}| > 1$ each step and the run diverges. The flatter directions would "
                     r"tolerate a larger rate, but one unstable direction is enough to diverge.",
                     lo=tex(lo), hi=tex(hi)))
    prompt = stem + (r" What is the largest learning rate $\eta_{\max}$ such that gradient descent converges for "
                     r"every $0 < \eta < \eta_{\max}$ from any start? Give it to 4 significant figures.")
    return Draft(
        prompt=prompt, solution=tuple(steps), answer=ans,
        params={"objective": {"name": "quadratic", "eigenvalues": [float(v) for v in lam],
                              "rotation": None if rotation is None else np.round(rotation, 12).tolist()},
                "presentation": form,
                "optimizer": {"name": "sgd", "lr_checked": [0.97 * eta_max, 1.03 * eta_max]},
                "x0": [float(v) for v in x0], "steps": CHECK_STEPS},
        tags=("stability-threshold", "hessian-eigenvalues", "steepest-direction"),
    )
