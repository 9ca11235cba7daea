"""Rising training loss vs overfitting: diagnose from loss curves (DOMAIN §1.3, archetypes J2 and C5).

One of two cases is drawn, both from a real polynomial regression trained by full-batch gradient
descent (MSE):

* case A: the learning rate is slightly above the stability limit 2/λ_max, so the training loss
  itself turns upward and grows geometrically: lr too high (an optimisation failure, not overfitting);
* case B: a high-degree polynomial on few points trained long at a stable rate: the training loss
  keeps falling while the validation loss rises: overfitting, fixed by early stopping/regularisation.

The same four options are offered in both cases: the two diagnoses (each the swapped-diagnosis
distractor M9 of the other), "overfitting, so lower the learning rate" (which only postpones the
same path; the simulation at η/2 for twice the epochs shows it), and the seed misconception M8.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import (
    Draft, Redraw, calc, curves, pick, pretty, question, render, say, series, tex, text_choices,
)

# (n_train, degree) -> dataset seeds whose overfitting run shows a clean U-shaped validation curve for
# both budgets below (found offline with the checks in _overfits; the generator re-checks every draw)
OVERFIT_SEEDS = {
    (12, 11): (2, 11, 17, 19, 20, 28, 38, 46, 47, 51, 54, 61, 64, 73, 84, 86),
    (14, 13): (1, 3, 7, 10, 23, 28, 31, 33, 38, 39, 57, 58, 64, 67, 73, 75),
    (16, 15): (4, 5, 9, 21, 22, 28, 30, 32, 36, 37, 42, 44, 54, 56, 57, 58),
    (20, 15): (16, 23, 32, 47, 51, 52, 56, 73, 83, 84, 85, 87, 89, 93, 103, 106),
}
CONFIGS = tuple(OVERFIT_SEEDS)
OVERFIT_EPOCHS = (120, 150)
OVERFIT_FRACTION = 0.9          # case B: η = 0.9 · 2/λ_max (stable, fast)
UNSTABLE_FACTORS = (1.05, 1.08, 1.1)  # case A: η = factor · 2/λ_max (≥ 3 % above the limit)
UNSTABLE_EPOCHS = (40, 50)
N_VAL = 100
NOISE = 0.3


def _overfits(train_loss: np.ndarray, val_loss: np.ndarray) -> bool:
    """A clean overfitting picture: training ↓ throughout; validation falls, bottoms out early, then rises."""
    T = len(val_loss) - 1
    m = int(np.argmin(val_loss))
    return bool(3 <= m <= T // 4 and val_loss[-1] >= 1.8 * val_loss[m] and val_loss[0] >= 1.5 * val_loss[m]
                and np.all(np.diff(train_loss) <= 1e-12) and train_loss[-1] < 0.5 * val_loss[m]
                and np.all(np.diff(val_loss[m + 5:]) > -0.01 * val_loss[m]))


OPTION_HIGH_LR = "The learning rate is too high, so the optimisation is unstable. Lower the learning rate."
OPTION_OVERFIT = ("The model is overfitting. Stop training early (keep the weights from the validation minimum) "
                  "or regularise / reduce the polynomial degree.")
OPTION_OVERFIT_LOWER_LR = "The model is overfitting. Lower the learning rate to fix it."
OPTION_M8 = "The learning rate is too low, which lets the model learn the noise. Raise the learning rate."


@question("fitting.rising_train_loss", topic="fitting", difficulty=2, kind="multiple_choice", plot=True,
          objective="Tell a rising training loss (learning rate too high) from overfitting (training loss "
                    "falling, validation loss rising) and choose the right fix for each.")
def rising_train_loss(rng: np.random.Generator) -> Draft:
    n, degree = pick(rng, CONFIGS)
    case = pick(rng, ("A", "B"))
    if case == "A":
        data_seed = int(rng.integers(1000))
        factor, T = pick(rng, UNSTABLE_FACTORS), pick(rng, UNSTABLE_EPOCHS)
    else:
        data_seed = pick(rng, OVERFIT_SEEDS[(n, degree)])
        factor, T = OVERFIT_FRACTION, pick(rng, OVERFIT_EPOCHS)
    X, y, Xv, yv = core.make_polynomial_regression(n, N_VAL, degree, seed=data_seed, noise=NOISE)
    train, val = core.LinearRegression(X, y), core.LinearRegression(Xv, yv)
    eta_max = core.theory.regression_max_lr(X)
    eta = factor * eta_max

    if case == "A":
        traj = core.run(core.sgd(eta), train, np.zeros(X.shape[1]), T)
    else:  # the shown run, and the same start at η/2 for 2T epochs (for the "lower the lr" feedback)
        traj = core.run(core.sgd(np.array([eta, eta / 2])), train, np.zeros(X.shape[1]), 2 * T)
    tr_loss, va_loss = traj.losses[: T + 1, 0], val.value(traj.params[: T + 1, 0])
    t = np.arange(T + 1)
    ETAMAX, ETA = pretty(eta_max), pretty(eta)
    intro = render(
        r"A degree-<<d>> polynomial model (Chebyshev features of $x \in [-1, 1]$, whose constant feature is the "
        r"intercept) is fitted to $n = <<n>>$ noisy training points by full-batch gradient descent on the mean "
        r"squared error $\frac{1}{n}\sum_i(\hat y_i - y_i)^2$, starting from all weights $0$, for <<T>> epochs "
        r"(one epoch = one step). The figure shows the training and validation MSE per epoch on a log scale. "
        r"What is the most likely diagnosis, and what should you change?", d=degree, n=n, T=T)

    if case == "A":
        m = int(np.nanargmin(tr_loss))
        if not 1 <= m <= T // 3 or not np.nanmax(tr_loss[m:]) >= 20 * tr_loss[m]:
            raise Redraw("the training loss must first fall, then clearly turn upward")
        k_last = T if not traj.diverged[0] else int(traj.diverged_at[0])
        low, high = pretty(tr_loss[m]), pretty(tr_loss[k_last])
        steps = [say(r"Read the **training** curve: it falls to $<<low>>$ at epoch <<m>> and then rises to "
                     r"$<<high>>$ by epoch <<k>>, growing by a roughly constant factor per epoch (a straight "
                     r"line on the log scale).", low=tex(low), m=m, high=tex(high), k=k_last)]
        step, growth = calc(r"Growth since the minimum: $<<high>>/<<low>> = <<result>>$ times.",
                            f"{high}/{low}", high=tex(high), low=tex(low))
        steps.append(step)
        steps.append(say(r"A training loss that goes *up* is an optimisation failure, not overfitting: gradient "
                         r"descent overshoots along the steepest direction and the error there grows every "
                         r"step. For this data the stability limit is $2/\lambda_{\max} = <<lim>>$ and the run "
                         r"used $\eta = <<eta>>$.", lim=tex(ETAMAX), eta=tex(ETA)))
        step, _ = calc(r"$\eta/(2/\lambda_{\max}) = <<eta>>/<<lim>> = <<result>> > 1$: just above the limit, "
                       r"which is why the loss first falls (the other directions converge) and then explodes.",
                       f"{ETA}/{ETAMAX}", eta=tex(ETA), lim=tex(ETAMAX))
        steps.append(step)
        steps.append(say(r"Fix: lower the learning rate below $<<lim>>$. Overfitting would look different: the "
                         r"training loss keeps falling while only the validation loss rises.", lim=tex(ETAMAX)))
        correct = (OPTION_HIGH_LR, render(
            r"Right. The training loss itself rose <<g>>-fold after epoch <<m>>: the rate <<eta>> is above "
            r"the stability limit <<lim>> of this problem.", g=growth, m=m, eta=ETA, lim=ETAMAX))
        wrong = [
            (OPTION_OVERFIT, render(
                r"Overfitting needs a *falling* training loss with a rising validation loss. Here the training "
                r"loss itself rose from <<low>> to <<high>>: a rising training loss means unstable "
                r"optimisation (learning rate too high), not overfitting (M9).", low=low, high=high), "M9"),
            (OPTION_OVERFIT_LOWER_LR, render(
                r"Lowering the learning rate is the right move here, but the diagnosis is wrong: the training "
                r"loss rises (from <<low>> to <<high>>), which is instability, not overfitting (M9).",
                low=low, high=high), "M9"),
            (OPTION_M8, render(
                r"Backwards on both counts. A too-low learning rate makes the loss fall *slowly*; it never "
                r"makes the training loss grow, and it does not make a model learn noise (M8). Here $\eta$ "
                r"is above the stability limit <<lim>>.", lim=ETAMAX), "M8"),
        ]
        diverged_at = int(traj.diverged_at[0]) if traj.diverged[0] else None
        figs = (curves([series("training", t, tr_loss, diverged_at=diverged_at),
                        series("validation", t, va_loss)],
                       xlabel="epoch", ylabel="MSE", yscale="log",
                       alt=f"Training and validation MSE over {T} epochs of gradient descent, log scale."),)
        tags = ("lr-too-high", "M9")
    else:
        if traj.diverged.any() or not _overfits(tr_loss, va_loss):
            raise Redraw("the overfitting run must show a clean U-shaped validation curve")
        m = int(np.argmin(va_loss))
        v_min, v_end, tr_end = pretty(va_loss[m]), pretty(va_loss[T]), pretty(tr_loss[T])
        v_half = pretty(val.value(traj.params[2 * T, 1]))
        v_half_T = pretty(val.value(traj.params[T, 1]))
        steps = [say(r"Read both curves: the training MSE falls all the way to $<<tr>>$, while the validation "
                     r"MSE reaches its minimum $<<vmin>>$ at epoch <<m>> and then climbs to $<<vend>>$ by epoch "
                     r"<<T>>.", tr=tex(tr_end), vmin=tex(v_min), m=m, vend=tex(v_end), T=T)]
        step, _ = calc(r"The validation error grew by a factor $<<vend>>/<<vmin>> = <<result>>$ after its "
                       r"minimum.", f"{v_end}/{v_min}", vend=tex(v_end), vmin=tex(v_min))
        steps.append(step)
        steps.append(say(r"Training ↓ and validation ↑ is **overfitting**: after epoch <<m>> the <<p>> weights "
                         r"of the degree-<<d>> polynomial keep fitting the noise in only <<n>> points. The "
                         r"optimisation itself is healthy (the training loss never rises).",
                         m=m, p=degree + 1, d=degree, n=n))
        steps.append(say(r"Fix: early stopping (keep the weights from epoch <<m>>), or regularise (e.g. an L2 "
                         r"penalty), use a lower degree or more data.", m=m))
        steps.append(say(r"Lowering the learning rate is not a fix: with steps half as long, the run at "
                         r"$\eta/2$ follows nearly the same path at half the speed (what matters is roughly "
                         r"$\eta\cdot t$). Simulated: its validation MSE is $<<vhT>>$ at epoch <<T>> but $<<vh>>$ "
                         r"at epoch <<T2>>, the same overfit as $<<vend>>$ at the full rate.",
                         vhT=tex(v_half_T), T=T, vh=tex(v_half), T2=2 * T, vend=tex(v_end)))
        correct = (OPTION_OVERFIT, render(
            r"Right. Training MSE fell to <<tr>> while validation MSE rose from <<vmin>> (epoch <<m>>) to "
            r"<<vend>>: stop at the validation minimum or regularise.", tr=tr_end, vmin=v_min, m=m, vend=v_end))
        wrong = [
            (OPTION_HIGH_LR, render(
                r"A too-high learning rate makes the *training* loss rise or oscillate. Here the training loss "
                r"falls throughout (to <<tr>>); only the validation loss rises, which is overfitting (M9).",
                tr=tr_end), "M9"),
            (OPTION_OVERFIT_LOWER_LR, render(
                r"The diagnosis is right but the fix is not. A smaller rate only walks the same path more "
                r"slowly: at $\eta/2$ the validation MSE after <<T2>> epochs is <<vh>>, as bad as <<vend>> at the "
                r"full rate. It merely postpones overfitting; use early stopping or regularisation.",
                T2=2 * T, vh=v_half, vend=v_end), "lower-lr-for-overfitting"),
            (OPTION_M8, render(
                r"This is the misconception that a low learning rate causes overfitting (M8). Overfitting comes "
                r"from fitting the training data too long or too well (here <<p>> weights for <<n>> points), "
                r"not from a small rate; a smaller rate with the same budget fits *less*.", p=degree + 1, n=n),
             "M8"),
        ]
        figs = (curves([series("training", t, tr_loss), series("validation", t, va_loss)],
                       xlabel="epoch", ylabel="MSE", yscale="log",
                       alt=f"Training and validation MSE over {T} epochs of gradient descent, log scale."),)
        tags = ("overfitting", "early-stopping", "M9")

    return Draft(
        prompt=intro, solution=tuple(steps), choices=text_choices(correct, wrong), figures=figs,
        params={"case": case,
                "objective": {"name": "linear_regression", "loss": "mse", "features": "chebyshev",
                              "degree": degree, "target": "sin(pi x)", "noise": NOISE,
                              "n_train": n, "n_val": N_VAL, "data_seed": data_seed},
                "optimizer": {"name": "sgd", "lr": eta, "lr_over_max_stable": factor, "full_batch": True,
                              **({"comparison_lr": eta / 2, "comparison_steps": 2 * T} if case == "B" else {})},
                "x0": "zeros", "steps": T},
        tags=tags,
    )
