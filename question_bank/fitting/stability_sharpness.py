"""Linear stability selects flat minima: sharpness ≤ 2/η (DOMAIN §1.2, §2.12; archetype J6).

GD with step η can only stay at a minimum whose sharpness (largest Hessian eigenvalue) is at most
2/η (Wu, Ma & E 2018; Cohen et al. 2021); with heavy-ball momentum β the bound is 2(1 + β)/η.
Variants: the bound for a given η, the largest η for a given sharpness, the bound with momentum.
Quadratics at 0.97×, 0.99×, 1.01×, 1.03× of the bound are simulated in one call: the first two
must settle, the last two escape.
"""

import numpy as np

from quizgen import core
from quizgen.family import Meta, calc, pick, simulate
from quizgen.kit import curves as kit

MULTIPLIERS = np.array([0.97, 0.99, 1.01, 1.03])
W0 = 0.01      # a small displacement from the minimum
STEPS = 400

QUESTION = r"""Near a minimum the loss is approximately quadratic, $L(\theta) \approx L^* + \frac{1}{2}(\theta -
\theta^*)^\top H (\theta - \theta^*)$; its *sharpness* is $\lambda_{\max}(H)$, the largest Hessian eigenvalue there. <% if variant == "sharpness_from_lr" %>
Full-batch gradient descent with learning rate $\eta = <<eta>>$ is run until it settles at a minimum. By the linear
stability of gradient descent in that quadratic model, what is the largest sharpness $\lambda_{\max}$ the minimum
can have? <% elif variant == "lr_from_sharpness" %>
A minimum has sharpness $\lambda_{\max} = <<S>>$. What is the largest learning rate with which full-batch gradient
descent can stay at (converge to) this minimum, by linear stability? <% else %>
Gradient descent with heavy-ball momentum (PyTorch `SGD(lr=<<eta>>, momentum=<<beta>>)`, i.e.
$\theta_{t+1} = \theta_t - \eta\nabla L(\theta_t) + \beta(\theta_t - \theta_{t-1})$ with $\eta = <<eta>>$,
$\beta = <<beta>>$) settles at a minimum. By linear stability, what is the largest sharpness $\lambda_{\max}$ that
minimum can have? <% endif %>
Give the answer to 4 significant figures."""

SOLUTION = [
    r"""<% if variant == "sharpness_from_lr" %>Along the top eigenvector the error is multiplied by
    $1 - \eta\lambda_{\max}$ per step. The minimum is stable only if $|1 - \eta\lambda_{\max}| \le 1$, i.e.
    $\eta\lambda_{\max} \le 2$.
    <% elif variant == "lr_from_sharpness" %>Along the top eigenvector the error is multiplied by
    $1 - \eta\lambda_{\max}$ per step, so gradient descent can stay only if $\eta\lambda_{\max} \le 2$.
    <% else %>Along the top eigenvector heavy ball is the recurrence
    $e_{t+1} = (1 + \beta - \eta\lambda)e_t - \beta e_{t-1}$; both roots of $z^2 - (1 + \beta - \eta\lambda)z + \beta$
    lie in the unit disc iff $0 < \eta\lambda < 2(1 + \beta)$.<% endif %>""",
    r"""<% if variant == "sharpness_from_lr" %>So $\lambda_{\max} \le 2/\eta = <<bound.work>>$.
    <% elif variant == "lr_from_sharpness" %>$\eta \le 2/\lambda_{\max} = <<bound.work>>$.
    <% else %>So $\lambda_{\max} \le 2(1 + \beta)/\eta = <<bound.work>>$ (without momentum it would be
    $2/\eta$).<% endif %>""",
    r"""Check by simulation: starting <<w0>> away from the minimum of $\frac{a}{2}w^2$ for <<steps>> steps, the runs
    at 0.97× and 0.99× of the bound shrink the displacement below <<small>> while those at 1.01× and 1.03× grow it
    beyond <<big>>.""",
    r"""Consequence: a larger learning rate cannot settle in sharp minima, which is one reason large rates are linked
    with flatter solutions. This is exact for the quadratic model only; in neural networks sharpness changes during
    training (edge of stability).""",
]


def data(rng):
    variant = pick(rng, ("sharpness_from_lr", "lr_from_sharpness", "momentum"))
    beta = pick(rng, (0.5, 0.8, 0.9)) if variant == "momentum" else 0.0
    if variant == "lr_from_sharpness":
        S = pick(rng, (20, 40, 50, 80, 100, 200, 250, 400, 500, 800, 1000))
        d = dict(S=S, bound=calc("2/S", S=S), value=2.0 / S, params={"variant": variant, "sharpness": S})
        curvatures, rates = np.full(4, float(S)), d["value"] * MULTIPLIERS  # rates around the limit
    else:
        eta = pick(rng, (0.001, 0.002, 0.004, 0.005, 0.008, 0.01, 0.02, 0.025, 0.04, 0.05))
        bound = calc("2*(1 + beta)/eta", beta=beta, eta=eta) if beta else calc("2/eta", eta=eta)
        d = dict(eta=eta, beta=beta, bound=bound, value=2.0 * (1.0 + beta) / eta,
                 params={"variant": variant, "lr": eta, **({"momentum": beta} if beta else {})})
        curvatures, rates = d["value"] * MULTIPLIERS, np.full(4, eta)  # curvatures around the limit
    # GD (or heavy ball) started W0 away from the minimum of (a/2)w² for the four (η, a) pairs
    traj = simulate(core.sgd(rates, momentum=beta), core.Quadratic1D(curvatures), x0=W0, steps=STEPS)
    final = np.abs(traj.params[-1, :, 0])
    settled, escaped = ~traj.diverged & (final < 0.01 * W0), traj.diverged | (final > 100 * W0)
    d = dict(d, variant=variant, outcome=np.where(settled, 1, np.where(escaped, -1, 0)), w0=W0, steps=STEPS,
             small=W0 * 0.01, big=W0 * 100)
    d["wrong_answers"] = kit.slips(d, SLIPS[variant](d))
    return d


SLIPS = {  # variant -> the common wrong answers (value, tag, feedback) of that draw
    "sharpness_from_lr": lambda d: [
        (1 / d["eta"], "one-over-instead-of-two-over",
         r"""$<<v>>$ is $1/\eta$, the sharpness at which one step lands exactly on the minimum
         ($\eta\lambda_{\max} = 1$). Gradient descent can still stay at a minimum up to $\eta\lambda_{\max} = 2$,
         so the largest sharpness is $2/\eta$."""),
        (d["eta"] / 2, "inverted-bound",
         r"""$<<v>>$ is $\eta/2$: the condition $\eta\lambda_{\max} \le 2$ was solved upside down. Dividing by
         $\eta$ gives $\lambda_{\max} \le 2/\eta$."""),
        (2 * d["eta"], "inverted-bound",
         r"""$<<v>>$ is $2\eta$: multiplied by $\eta$ instead of dividing. From $\eta\lambda_{\max} \le 2$,
         $\lambda_{\max} \le 2/\eta$.""")],
    "lr_from_sharpness": lambda d: [
        (1 / d["S"], "one-over-instead-of-two-over",
         r"""$<<v>>$ is $1/\lambda_{\max}$, the largest rate that never overshoots. Gradient descent can still
         stay at the minimum up to $\eta = 2/\lambda_{\max}$, where the factor $1 - \eta\lambda_{\max}$ reaches
         $-1$."""),
        (d["S"] / 2, "inverted-bound",
         r"""$<<v>>$ is $\lambda_{\max}/2$: the condition $\eta\lambda_{\max} \le 2$ was solved upside down.
         Dividing by $\lambda_{\max}$ gives $\eta \le 2/\lambda_{\max}$.""")],
    "momentum": lambda d: [
        (2 / d["eta"], "M15",
         r"""$<<v>>$ is $2/\eta$, the bound without momentum. Heavy ball tolerates more curvature: both roots of
         its recurrence stay in the unit disc up to $\eta\lambda = 2(1 + \beta)$."""),
        (2 * (1 - d["beta"]) / d["eta"], "effective-step-bound",
         r"""$<<v>>$ is $2(1 - \beta)/\eta$, from treating momentum as a larger step $\eta/(1 - \beta)$. That
         picture holds for slow drifts, not for the fast oscillation that decides stability: the exact condition is
         $\eta\lambda < 2(1 + \beta)$."""),
        ((1 + d["beta"]) / d["eta"], "forgot-factor-two",
         r"""$<<v>>$ is $(1 + \beta)/\eta$: the factor 2 is missing. The recurrence stays stable up to
         $\eta\lambda = 2(1 + \beta)$, so $\lambda_{\max} \le 2(1 + \beta)/\eta$.""")],
}


META = Meta(id="fitting.stability_sharpness", topic="fitting", difficulty=3, kind="numeric",
            objective="Use the stability condition η·λ_max < 2 to bound the sharpness of the minima that gradient "
                      "descent can converge to, or the learning rate that can stay at a given minimum.",
            # the answer is the bound itself; the simulation must settle below it (1) and escape above it (−1)
            answer="value", closed_form=lambda d: {"outcome": [1, 1, -1, -1]},
            tags=("sharpness", "stability", "flat-minima"))
