"""Linear stability selects flat minima: sharpness ≤ 2/η (DOMAIN §1.2, §2.12; archetype J6).

Gradient descent with step η can only stay at (converge to) a minimum whose sharpness, the largest
eigenvalue of the loss Hessian there, is at most 2/η (Wu, Ma & E 2018; Cohen et al. 2021); with
heavy-ball momentum β the bound is 2(1 + β)/η. One of three variants is drawn: the sharpness bound
for a given η, the largest η for a given sharpness, or the bound with momentum. The answer is
checked by simulating gradient descent near the minimum of quadratics whose curvature is just below
and just above the bound (0.97×, 0.99×, 1.01×, 1.03×), in one vectorized call.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import Draft, answer, calc, exact, pick, question, render, say

RATES = (0.001, 0.002, 0.004, 0.005, 0.008, 0.01, 0.02, 0.025, 0.04, 0.05)
SHARPNESS = (20, 40, 50, 80, 100, 200, 250, 400, 500, 800, 1000)
MOMENTA = (0.5, 0.8, 0.9)
MULTIPLIERS = np.array([0.97, 0.99, 1.01, 1.03])
W0 = 0.01      # a small displacement from the minimum
STEPS = 400


@question("fitting.stability_sharpness", topic="fitting", difficulty=3, kind="numeric",
          objective="Use the stability condition η·λ_max < 2 to bound the sharpness of the minima that gradient "
                    "descent can converge to, or the learning rate that can stay at a given minimum.")
def stability_sharpness(rng: np.random.Generator) -> Draft:
    variant = pick(rng, ("sharpness_from_lr", "lr_from_sharpness", "momentum"))
    beta = pick(rng, MOMENTA) if variant == "momentum" else 0.0
    if variant == "lr_from_sharpness":
        S = pick(rng, SHARPNESS)
        value = 2.0 / S
        curvatures = np.full(4, float(S))
        rates = value * MULTIPLIERS   # rates just below / above the limit, at the fixed curvature
    else:
        eta = pick(rng, RATES)
        value = 2.0 * (1.0 + beta) / eta
        curvatures = value * MULTIPLIERS
        rates = np.full(4, eta)

    # one call: GD (or heavy ball) started W0 away from the minimum of (a/2)w² for four (η, a) pairs
    opt = core.sgd(rates, momentum=beta) if beta else core.sgd(rates)
    traj = core.run(opt, core.Quadratic1D(curvatures), x0=W0, steps=STEPS)
    final = np.abs(traj.params[-1, :, 0])
    escaped = traj.diverged | (final > 100 * W0)
    settled = ~traj.diverged & (final < 0.01 * W0)
    if not (np.all(settled[:2]) and np.all(escaped[2:])):
        raise AssertionError(f"simulation does not bracket the bound {value}: {final}, diverged {traj.diverged}")

    theory_note = ("Near a minimum the loss is approximately quadratic, $L(\\theta) \\approx L^* + \\frac{1}{2}"
                   "(\\theta - \\theta^*)^\\top H (\\theta - \\theta^*)$; its *sharpness* is $\\lambda_{\\max}(H)$, "
                   "the largest Hessian eigenvalue there.")
    if variant == "sharpness_from_lr":
        E = exact(eta)
        prompt = render(
            r"<<note>> Full-batch gradient descent with learning rate $\eta = <<e>>$ is run until it settles at a "
            r"minimum. By the linear stability of gradient descent in that quadratic model, what is the largest "
            r"sharpness $\lambda_{\max}$ the minimum can have? Give the answer to 4 significant figures.",
            note=theory_note, e=E)
        steps = [say(r"Along the top eigenvector the error is multiplied by $1 - \eta\lambda_{\max}$ per step. "
                     r"The minimum is stable only if $|1 - \eta\lambda_{\max}| \le 1$, i.e. "
                     r"$\eta\lambda_{\max} \le 2$.")]
        step, _ = calc(r"So $\lambda_{\max} \le 2/\eta = 2/<<e>> = <<result>>$.", f"2/{E}", e=E)
        steps.append(step)
        params = {"variant": variant, "lr": eta}
    elif variant == "lr_from_sharpness":
        Sx = exact(S)
        prompt = render(
            r"<<note>> A minimum has sharpness $\lambda_{\max} = <<s>>$. What is the largest learning rate with "
            r"which full-batch gradient descent can stay at (converge to) this minimum, by linear stability? "
            r"Give the answer to 4 significant figures.", note=theory_note, s=Sx)
        steps = [say(r"Along the top eigenvector the error is multiplied by $1 - \eta\lambda_{\max}$ per step, so "
                     r"gradient descent can stay only if $\eta\lambda_{\max} \le 2$.")]
        step, _ = calc(r"$\eta \le 2/\lambda_{\max} = 2/<<s>> = <<result>>$.", f"2/{Sx}", s=Sx)
        steps.append(step)
        params = {"variant": variant, "sharpness": S}
    else:
        E, B = exact(eta), exact(beta)
        prompt = render(
            r"<<note>> Gradient descent with heavy-ball momentum (PyTorch `SGD(lr=<<e>>, momentum=<<b>>)`, i.e. "
            r"$\theta_{t+1} = \theta_t - \eta\nabla L(\theta_t) + \beta(\theta_t - \theta_{t-1})$ with "
            r"$\eta = <<e>>$, $\beta = <<b>>$) settles at a minimum. By linear stability, what is the largest "
            r"sharpness $\lambda_{\max}$ that minimum can have? Give the answer to 4 significant figures.",
            note=theory_note, e=E, b=B)
        steps = [say(r"Along the top eigenvector heavy ball is the recurrence "
                     r"$e_{t+1} = (1 + \beta - \eta\lambda)e_t - \beta e_{t-1}$; both roots of "
                     r"$z^2 - (1 + \beta - \eta\lambda)z + \beta$ lie in the unit disc iff "
                     r"$0 < \eta\lambda < 2(1 + \beta)$.")]
        step, _ = calc(r"So $\lambda_{\max} \le 2(1 + \beta)/\eta = 2(1 + <<b>>)/<<e>> = <<result>>$ "
                       r"(without momentum it would be $2/\eta$).", f"2*(1 + {B})/{E}", b=B, e=E)
        steps.append(step)
        params = {"variant": variant, "lr": eta, "momentum": beta}

    steps.append(say(r"Check by simulation: starting <<w0>> away from the minimum of $\frac{a}{2}w^2$ for "
                         r"<<T>> steps, the runs at 0.97× and 0.99× of the bound shrink the displacement below "
                         r"<<small>> while those at 1.01× and 1.03× grow it beyond <<big>>.", w0=exact(W0), T=STEPS,
                         small=exact(W0 * 0.01), big=exact(W0 * 100)))
    steps.append(say(r"Consequence: a larger learning rate cannot settle in sharp minima, which is one reason "
                         r"large rates are linked with flatter solutions. This is exact for the quadratic model only; "
                         r"in neural networks sharpness changes during training (edge of stability)."))
    return Draft(
        prompt=prompt, solution=tuple(steps), answer=answer(value),
        params={**params, "objective": {"name": "quadratic_1d", "a": [float(a) for a in curvatures], "w_star": 0.0},
                "optimizer": {"name": "sgd", "lr": [float(r) for r in rates], "momentum": beta},
                "x0": W0, "steps": STEPS},
        tags=("sharpness", "stability", "flat-minima"),
    )
