"""Why the right learning rate depends on the data and the loss (DOMAIN archetype K4; §2.3; corrects M6).

The stability limit of full-batch gradient descent on least squares is 2/λ_max of the loss Hessian,
and λ_max changes with the feature scale and with the loss convention. One of three changes is drawn
(rescaling one feature by c; summing instead of averaging the squared errors; dropping the ½ of a
½·MSE loss), both limits are computed with ``core.theory.regression_max_lr`` and quoted, a learning
rate that works before the change and diverges after it is simulated on both, and the limits are
checked by simulating just below and above each of them.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import (
    Draft, Redraw, calc, exact, pick, pretty, question, render, sample, say, tex, text_choices,
)

N_SAMPLES = (40, 50, 60)
SCALES = ((1.0, 1.0), (1.0, 2.0), (2.0, 1.0), (0.5, 1.0))
FACTORS = (3, 5, 10)
RATES = (0.0005, 0.001, 0.0015, 0.002, 0.003, 0.005, 0.007, 0.01, 0.015, 0.02, 0.03, 0.05, 0.07, 0.1, 0.15,
         0.2, 0.3, 0.5, 0.7, 1.0)
CHECK_STEPS = 100
LOSS_TEX = {"mse": r"\frac{1}{n}\sum_i(\hat y_i - y_i)^2", "half_mse": r"\frac{1}{2n}\sum_i(\hat y_i - y_i)^2",
            "sum": r"\sum_i(\hat y_i - y_i)^2"}
HESSIAN_TEX = {"mse": r"\frac{2}{n}X^\top X", "half_mse": r"\frac{1}{n}X^\top X", "sum": r"2X^\top X"}


def _simulate(X, y, loss, rates):
    """One vectorized GD run per rate from w = 0; returns the trajectory."""
    obj = core.LinearRegression(X, y, loss=loss)
    return core.run(core.sgd(np.asarray(rates, dtype=float)), obj, np.zeros(X.shape[1]), CHECK_STEPS)


def _grows(traj, i) -> bool:
    """Whether run i's loss grows: it diverged, or its loss ends above where it started."""
    losses = traj.losses[:, i]
    return bool(traj.diverged[i] or losses[-1] > losses[0])


def _top_error_grows(traj, i) -> bool:
    """Whether run i's error along the Hessian's top eigenvector grows (the exact linear-stability test:
    the loss alone can still fall for a while when that component starts tiny)."""
    obj = traj.objective
    v = np.linalg.eigh(obj.hessian_matrix)[1][:, -1]
    err = (traj.params[:, i] - obj.minimizer) @ v
    return bool(traj.diverged[i] or abs(err[-1]) > abs(err[0]))


@question("concepts.why_lr_depends", topic="concepts", difficulty=2, kind="multiple_choice",
          objective="Explain that the largest stable learning rate 2/λ_max depends on the feature scale and the "
                    "loss convention, so no learning rate is universally safe.")
def why_lr_depends(rng: np.random.Generator) -> Draft:
    variant = pick(rng, ("feature_scale", "sum_vs_mean", "half_vs_full"))
    n, scales, data_seed = pick(rng, N_SAMPLES), pick(rng, SCALES), int(rng.integers(1000))
    data = core.make_regression(n, 2, seed=data_seed, scales=scales, noise=0.3)
    X_a, y = data.X, data.y
    c = pick(rng, FACTORS)
    if variant == "feature_scale":
        X_b = X_a.copy()
        X_b[:, 0] *= c
        loss_a = loss_b = "mse"
    else:
        X_b = X_a
        loss_a, loss_b = ("mse", "sum") if variant == "sum_vs_mean" else ("half_mse", "mse")
    lim_a, lim_b = core.theory.regression_max_lr(X_a, loss_a), core.theory.regression_max_lr(X_b, loss_b)
    lam_a, lam_b = 2.0 / lim_a, 2.0 / lim_b
    usable = [r for r in RATES if 1.15 * lim_b < r < 0.85 * lim_a]
    if not usable:
        raise Redraw("no readable rate lies between the two limits")
    eta = pick(rng, usable)

    # simulate: η, and 0.97×/1.03× of the limit, on each setting (one vectorized call per setting)
    traj_a = _simulate(X_a, y, loss_a, [eta, 0.97 * lim_a, 1.03 * lim_a])
    traj_b = _simulate(X_b, y, loss_b, [eta, 0.97 * lim_b, 1.03 * lim_b])
    if _grows(traj_a, 0) or not _grows(traj_b, 0):
        raise AssertionError("η must converge before the change and diverge after it")
    for traj, lim in ((traj_a, lim_a), (traj_b, lim_b)):
        if _top_error_grows(traj, 1) or not _top_error_grows(traj, 2):
            raise AssertionError(f"simulation disagrees with the stability limit 2/λ_max = {lim}")
    blow_k = int(traj_b.diverged_at[0]) if traj_b.diverged[0] else None
    L0, LA = pretty(traj_a.losses[0, 0]), pretty(traj_a.losses[-1, 0])

    E, C = exact(eta), exact(c)
    LAMA, LAMB = pretty(lam_a), pretty(lam_b)
    # the printed limits are the worked steps' 2/λ_max of the printed λ_max (so prompt and steps agree)
    step_a, LIMA = calc(r"Before: $\lambda_{\max} = <<lam>>$, so $2/<<lam>> = <<result>>$.", f"2/{LAMA}",
                        lam=tex(LAMA))
    step_b, LIMB = calc(r"After: $\lambda_{\max} = <<lam>>$, so $2/<<lam>> = <<result>>$.", f"2/{LAMB}",
                        lam=tex(LAMB))
    setting = render(r"Linear regression with <<n>> samples, two features and an intercept (a column of ones) is "
                     r"trained by full-batch gradient descent from $w = 0$.", n=n)
    if variant == "feature_scale":
        change = render(r"With the loss $L = <<l>>$, the rate $\eta = <<e>>$ works well. You then record feature 1 "
                        r"in other units, so every value of it is multiplied by <<c>>; the loss formula is "
                        r"unchanged.", l=LOSS_TEX["mse"], e=E, c=C)
        correct_text = (r"Multiplying a feature by a constant scales the loss curvature along it (by about the "
                        r"square of the constant), so $\lambda_{\max}$ grows and the largest stable rate "
                        r"$2/\lambda_{\max}$ shrinks.")
        expect = render(r"the curvature along feature 1 grows by $<<c>>^2$, so $\lambda_{\max}$ grows by up to that "
                        r"factor", c=C)
    elif variant == "sum_vs_mean":
        change = render(r"With the mean loss $L = <<la>>$, the rate $\eta = <<e>>$ works well. You then switch to "
                        r"the summed loss $L = <<lb>>$ (PyTorch `reduction='sum'`) on the same data.",
                        la=LOSS_TEX["mse"], e=E, lb=LOSS_TEX["sum"])
        correct_text = (r"Summing instead of averaging multiplies the gradient and the curvature by $n$, so the "
                        r"largest stable rate $2/\lambda_{\max}$ becomes $n$ times smaller.")
        expect = render(r"the sum is $n = <<n>>$ times the mean, so every gradient and the Hessian grow by <<n>>", n=n)
    else:
        change = render(r"With the loss $L = <<la>>$, the rate $\eta = <<e>>$ works well. You then drop the "
                        r"$\frac{1}{2}$ and train on $L = <<lb>>$ (PyTorch's `MSELoss`) on the same data.",
                        la=LOSS_TEX["half_mse"], e=E, lb=LOSS_TEX["mse"])
        correct_text = (r"Dropping the $\frac{1}{2}$ doubles the gradient and the curvature, so the largest stable "
                        r"rate $2/\lambda_{\max}$ halves.")
        expect = r"removing the $\frac{1}{2}$ doubles every gradient and the Hessian"
    after = render(r"For the original setting $2/\lambda_{\max} = <<la>>$; after the change it is $<<lb>>$, and "
                   r"$\eta = <<e>>$ now diverges. Which explanation is correct?", la=tex(LIMA), lb=tex(LIMB), e=E)
    prompt = " ".join((setting, change, after))

    steps = [say(r"Gradient descent on a least-squares loss is stable iff $\eta < 2/\lambda_{\max}$, where "
                 r"$\lambda_{\max}$ is the largest eigenvalue of the Hessian ($H = <<ha>>$ before, $H = <<hb>>$ "
                 r"after the change).", ha=HESSIAN_TEX[loss_a], hb=HESSIAN_TEX[loss_b])]
    steps += [step_a, step_b]
    exact_factor = {"sum_vs_mean": f" (exactly $n = {n}$ before rounding the limits)",
                    "half_vs_full": r" (exactly 2 before rounding the limits)"}.get(variant, "")
    step, ratio = calc(r"The limit shrank by a factor $<<a>>/<<b>> = <<result>>$<<x>>.", f"{LIMA}/{LIMB}",
                       a=tex(LIMA), b=tex(LIMB), x=exact_factor)
    steps.append(step)
    steps.append(say(r"Why: <<why>>. So $\eta = <<e>>$, below the old limit, is above the new one.", why=expect, e=E))
    blow = f"blows up at step {blow_k}" if blow_k is not None else f"grows for all {CHECK_STEPS} steps"
    steps.append(say(r"Simulated: at $\eta = <<e>>$ the loss falls from $<<l0>>$ to $<<la>>$ in <<T>> steps before "
                     r"the change and <<blow>> after it; runs at 0.97× and 1.03× of each limit shrink and grow the error "
                     r"along the steepest direction, as predicted.", e=E, l0=tex(L0), la=tex(LA), T=CHECK_STEPS, blow=blow))
    steps.append(say(r"Lesson: no learning rate is safe everywhere. The limit depends on the feature scales, the "
                     r"loss convention (sum, mean, ½), the model and (for mini-batches) the batch size, which is "
                     r"why rates are re-tuned, usually on a log scale, and why features are standardised."))

    correct = (correct_text, render(r"Right: the limit moved from <<a>> to <<b>> (a factor <<r>>), so $\eta = <<e>>$ "
                                    r"crossed it.", a=LIMA, b=LIMB, r=ratio, e=E))
    wrong = [
        ("A learning rate that worked once is safe; a good value such as 0.01 works for any data, so the "
         "divergence must come from a bug.",
         render(r"There is no universal safe rate (M6): the limit is $2/\lambda_{\max}$ and it moved here from "
                r"<<a>> to <<b>> with the same optimiser and data points.", a=LIMA, b=LIMB), "M6"),
        ("Larger gradients make the loss fall faster, so the change should allow a larger learning rate; the "
         "divergence is bad luck.",
         render(r"Backwards: larger gradients and curvature mean each step overshoots more. Gradient descent is "
                r"deterministic here, and the limit fell from <<a>> to <<b>>.", a=LIMA, b=LIMB), "reversed-scale"),
        ("The largest stable rate depends on how far the start is from the minimum, and the change moved the "
         "minimum further away.",
         "For a quadratic loss the stability limit 2/λ_max does not depend on the start point: each error "
         "component is multiplied by 1 − ηλ per step wherever it starts. What changed is the curvature.",
         "start-distance"),
        ("The learning rate must shrink whenever the number of epochs changes, and the change requires more "
         "epochs.",
         "The number of epochs does not enter the stability condition η < 2/λ_max; the change altered the "
         "Hessian, not the training length.", "epochs"),
    ]
    choices = text_choices(correct, sample(rng, wrong, 3))
    return Draft(
        prompt=prompt, solution=tuple(steps), choices=choices,
        params={"variant": variant,
                "objective": {"name": "linear_regression", "n": n, "features": 2, "intercept": True,
                              "scales": list(scales), "noise": 0.3, "data_seed": data_seed,
                              "loss_before": loss_a, "loss_after": loss_b,
                              "feature_1_factor": c if variant == "feature_scale" else 1},
                "optimizer": {"name": "sgd", "lr": eta, "full_batch": True,
                              "limit_checks": [0.97, 1.03]},
                "x0": "zeros", "steps": CHECK_STEPS},
        tags=("stability", "feature-scaling", "loss-convention", "M6"),
    )
