"""Why the right learning rate depends on the data and the loss (DOMAIN archetype K4; §2.3; corrects M6).

The stability limit of full-batch gradient descent on least squares is 2/λ_max of the loss Hessian,
and λ_max changes with the feature scale and with the loss convention. One of three changes is drawn
(rescaling feature 1 by c; summing instead of averaging; dropping the ½ of ½·MSE); a rate that works
before the change and diverges after it is simulated on both settings, and so are rates just below
and above each limit.
"""

from quizgen import core
from quizgen.family import Meta, calc, num, pick, redraw_if
from quizgen.kit.concepts import regression_runs, statements

RATES = (0.0005, 0.001, 0.0015, 0.002, 0.003, 0.005, 0.007, 0.01, 0.015, 0.02, 0.03, 0.05, 0.07, 0.1, 0.15,
         0.2, 0.3, 0.5, 0.7, 1.0)
STEPS = 100
HESSIAN_TEX = {"mse": r"\frac{2}{n}X^\top X", "half_mse": r"\frac{1}{n}X^\top X", "sum": r"2X^\top X"}
# every option has a shorter and a longer phrasing, one drawn per version: length says nothing about the key
CORRECT = {
    "feature_scale": (
        r"Rescaling feature 1 multiplies the curvature along it, so $\lambda_{\max}$ grows and $2/\lambda_{\max}$ "
        r"shrinks.",
        r"Multiplying a feature by a constant scales the curvature along it by about the constant squared, so "
        r"$\lambda_{\max}$ grows and the stable limit shrinks."),
    "sum_vs_mean": (
        r"Summing multiplies the gradient and the curvature by $n$, so the stable limit is $n$ times smaller.",
        r"Summing instead of averaging multiplies the gradient and every eigenvalue of the Hessian by $n$, so the "
        r"largest stable rate is $n$ times smaller."),
    "half_vs_full": (
        r"Dropping the $\frac{1}{2}$ doubles the gradient and the curvature, so the largest stable rate halves.",
        r"Dropping the $\frac{1}{2}$ doubles the gradient and every eigenvalue of the Hessian, so the largest "
        r"stable rate $2/\lambda_{\max}$ is cut in half."),
}
RIGHT = r"Right: the limit moved from $<<lim_a>>$ to $<<lim_b>>$ (a factor $<<ratio>>$), so $\eta = <<eta>>$ crossed it."
WRONG = [
    ((r"A rate that worked once is safe for any data, so the divergence must come from a bug in the code.",
      r"A learning rate that worked once is safe; a good value such as $0.01$ works for any data set, so the "
      r"divergence must come from a bug in the code."),
     r"There is no universal safe rate: the limit is $2/\lambda_{\max}$ and it moved here from $<<lim_a>>$ "
     r"to $<<lim_b>>$ with the same optimiser and data points.", "M6"),
    (("Larger gradients make the loss fall faster, so the change should allow a larger learning rate.",
      "Larger gradients make the loss fall faster, so the change should allow a larger learning rate; the "
      "divergence is bad luck in this particular run."),
     r"Backwards: larger gradients and curvature mean each step overshoots more. Gradient descent is "
     r"deterministic here, and the limit fell from $<<lim_a>>$ to $<<lim_b>>$.", "reversed-scale"),
    (("The stable limit depends on how far the start is from the minimum, which the change increased.",
      "The largest stable rate depends on how far the start is from the minimum, and the change moved the "
      "minimum further away from $w = 0$."),
     r"For a quadratic loss the stability limit $2/\lambda_{\max}$ does not depend on the start point: each "
     r"error component is multiplied by $1 - \eta\lambda$ per step wherever it starts. What changed is the "
     r"curvature.", "start-distance"),
    (("The rate must shrink whenever the number of epochs changes, and the change requires more epochs.",
      "The learning rate must shrink whenever the number of epochs changes, and a change like this one requires "
      "more epochs to reach the same loss."),
     r"The number of epochs does not enter the stability condition $\eta < 2/\lambda_{\max}$; the change altered "
     r"the Hessian, not the training length.", "epochs"),
]

QUESTION = r"""Linear regression with <<n>> samples, two features and an intercept (a column of ones) is trained
by full-batch gradient descent from $w = 0$. <% if variant == "feature_scale" %>
With the loss $L = \frac{1}{n}\sum_i(\hat y_i - y_i)^2$, the rate
$\eta = <<eta>>$ works well. You then record feature 1 in other units, so every value of it is multiplied by
<<c>>; the loss formula is unchanged.<% elif variant == "sum_vs_mean" %>
With the mean loss $L = \frac{1}{n}\sum_i(\hat y_i - y_i)^2$, the rate
$\eta = <<eta>>$ works well. You then switch to the summed loss $L = \sum_i(\hat y_i - y_i)^2$ (PyTorch
`reduction='sum'`) on the same data.<% else %>
With the loss $L = \frac{1}{2n}\sum_i(\hat y_i - y_i)^2$, the rate $\eta = <<eta>>$ works well. You
then drop the $\frac{1}{2}$ and train on $L = \frac{1}{n}\sum_i(\hat y_i - y_i)^2$ (PyTorch's `MSELoss`) on the
same data.<% endif %>
For the original setting $2/\lambda_{\max} = <<lim_a>>$; after the change it is $<<lim_b>>$, and
$\eta = <<eta>>$ now diverges. Which explanation is correct?"""

SOLUTION = [
    r"""Gradient descent on a least-squares loss is stable iff $\eta < 2/\lambda_{\max}$, where $\lambda_{\max}$
    is the largest eigenvalue of the Hessian ($H = <<h_a>>$ before, $H = <<h_b>>$ after the change).""",
    r"Before: $\lambda_{\max} = <<lam_a>>$, so $<<lim_a.work>>$.",
    r"After: $\lambda_{\max} = <<lam_b>>$, so $<<lim_b.work>>$.",
    r"""The limit shrank by a factor $<<ratio.work>>$<% if variant == "sum_vs_mean" %> (exactly $n = <<n>>$ before
    rounding the limits)<% elif variant == "half_vs_full" %> (exactly 2 before rounding the limits)<% endif %>.""",
    r"""Why: <% if variant == "feature_scale" %>the curvature along feature 1 grows by $<<c>>^2$, so
    $\lambda_{\max}$ grows by up to that factor<% elif variant == "sum_vs_mean" %>the sum is $n = <<n>>$ times
    the mean, so every gradient and the Hessian grow by <<n>><% else %>removing the $\frac{1}{2}$ doubles every
    gradient and the Hessian<% endif %>. So $\eta = <<eta>>$, below the old limit, is above the new one.""",
    r"""Simulated: at $\eta = <<eta>>$ the loss falls from $<<l0>>$ to $<<l_end>>$ in <<steps>> steps before the
    change and <% if blow_k is none %>grows for all <<steps>> steps<% else %>blows up at step <<blow_k>><% endif %>
    after it; runs at 0.97× and 1.03× of each limit shrink and grow the error along the steepest direction, as
    predicted.""",
    r"""Lesson: no learning rate is safe everywhere. The limit depends on the feature scales, the loss convention
    (sum, mean, ½), the model and (for mini-batches) the batch size, which is why rates are re-tuned, usually on
    a log scale, and why features are standardised.""",
]


def data(rng):
    variant = pick(rng, ("feature_scale", "sum_vs_mean", "half_vs_full"))
    n, scales = pick(rng, (40, 50, 60)), pick(rng, ((1.0, 1.0), (1.0, 2.0), (2.0, 1.0), (0.5, 1.0)))
    data_seed = int(rng.integers(1000))
    reg = core.make_regression(n, 2, seed=data_seed, scales=scales, noise=0.3)
    X_a, c = reg.X, pick(rng, (3, 5, 10))
    X_b = X_a * [c, 1, 1] if variant == "feature_scale" else X_a  # feature 1 in other units
    loss_a, loss_b = {"sum_vs_mean": ("mse", "sum"), "half_vs_full": ("half_mse", "mse")}.get(variant, ("mse", "mse"))
    exact_a, exact_b = core.theory.regression_max_lr(X_a, loss_a), core.theory.regression_max_lr(X_b, loss_b)
    usable = [r for r in RATES if 1.15 * exact_b < r < 0.85 * exact_a]
    redraw_if(not usable, "no readable rate lies between the two limits")
    eta = pick(rng, usable)
    # η, and 0.97×/1.03× of the limit, on each setting (one vectorized run per setting)
    traj_a, unstable_a = regression_runs(X_a, reg.y, [eta, 0.97 * exact_a, 1.03 * exact_a], STEPS, loss_a)
    traj_b, unstable_b = regression_runs(X_b, reg.y, [eta, 0.97 * exact_b, 1.03 * exact_b], STEPS, loss_b)
    # the printed limits are 2/λ_max of the printed λ_max (so prompt and steps agree)
    lam_a, lam_b = num(2.0 / exact_a, sig=4), num(2.0 / exact_b, sig=4)
    lim_a, lim_b = calc("2/lam", lam=lam_a), calc("2/lam", lam=lam_b)
    d = dict(variant=variant, n=n, c=c, eta=eta, h_a=HESSIAN_TEX[loss_a], h_b=HESSIAN_TEX[loss_b],
             lam_a=lam_a, lam_b=lam_b, lim_a=lim_a, lim_b=lim_b, ratio=calc("a/b", a=lim_a, b=lim_b),
             l0=num(traj_a.losses[0, 0], sig=4), l_end=num(traj_a.losses[-1, 0], sig=4), steps=STEPS,
             blow_k=int(traj_b.diverged_at[0]) if traj_b.diverged[0] else None,
             exact_a=exact_a, exact_b=exact_b, unstable_a=unstable_a, unstable_b=unstable_b,
             params={"variant": variant, "data_seed": data_seed, "feature_1_factor": c})
    d["choices"] = statements(d, (CORRECT[variant], RIGHT), rng=rng, sampled=WRONG, k=3)
    return d


META = Meta(id="concepts.why_lr_depends", topic="concepts", difficulty=2, kind="multiple_choice",
            objective="Explain that the largest stable learning rate 2/λ_max depends on the feature scale and the "
                      "loss convention, so no learning rate is universally safe.",
            # η converges before the change and diverges after it; 0.97× a limit is stable, 1.03× is not
            closed_form=lambda d: {"unstable_a": [d["eta"] > d["exact_a"], False, True],
                                   "unstable_b": [d["eta"] > d["exact_b"], False, True]},
            tags=("stability", "feature-scaling", "loss-convention", "M6"))
