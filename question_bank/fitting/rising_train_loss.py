"""Rising training loss vs overfitting: diagnose from loss curves (DOMAIN §1.3, archetypes J2 and C5).

A polynomial regression trained by full-batch GD (MSE), one of two cases:

* A: η slightly above the stability limit 2/λ_max: the training loss itself turns upward (lr too high);
* B: a high-degree polynomial on few points trained long at a stable rate: training loss falls while
  the validation loss rises (overfitting; fix by early stopping or regularisation).

The same four options in both cases: the two diagnoses (each the M9 distractor of the other),
"overfitting, so lower the lr" (only postpones it: the run at η/2 for 2T epochs shows it), and M8.
"""

import numpy as np

from quizgen.family import Meta, calc, num, pick, redraw_if
from quizgen.kit import curves as kit

# (n_train, degree) -> dataset seeds whose overfitting run shows a clean U-shaped validation curve for
# both budgets below (found offline with the checks in _overfits; the generator re-checks every draw)
OVERFIT_SEEDS = {
    (12, 11): (2, 11, 17, 19, 20, 28, 38, 46, 47, 51, 54, 61, 64, 73, 84, 86),
    (14, 13): (1, 3, 7, 10, 23, 28, 31, 33, 38, 39, 57, 58, 64, 67, 73, 75),
    (16, 15): (4, 5, 9, 21, 22, 28, 30, 32, 36, 37, 42, 44, 54, 56, 57, 58),
    (20, 15): (16, 23, 32, 47, 51, 52, 56, 73, 83, 84, 85, 87, 89, 93, 103, 106),
}

QUESTION = r"""A degree-<<degree>> polynomial model (Chebyshev features of $x \in [-1, 1]$, whose constant feature is
the intercept) is fitted to $n = <<n>>$ noisy training points by full-batch gradient descent on the mean squared error
$\frac{1}{n}\sum_i(\hat y_i - y_i)^2$, starting from all weights $0$, for <<T>> epochs (one epoch = one step). The
figure shows the training and validation MSE per epoch on a log scale. What is the most likely diagnosis, and what
should you change?"""

SOLUTION = [
    r"""<% if case == "A" %>Read the **training** curve: it falls to $<<low>>$ at epoch <<m>> and then rises to
    $<<high>>$ by epoch <<k>>, growing by a roughly constant factor per epoch (a straight line on the log scale).
    <%- else %>Read both curves: the training MSE falls all the way to $<<tr>>$, while the validation MSE reaches its
    minimum $<<vmin>>$ at epoch <<m>> and then climbs to $<<vend>>$ by epoch <<T>>.<% endif %>""",
    r"""<% if case == "A" %>Growth since the minimum: $<<growth.work>>$ times.
    <%- else %>The validation error grew by a factor $<<growth.work>>$ after its minimum.<% endif %>""",
    r"""<% if case == "A" %>A training loss that goes *up* is an optimisation failure, not overfitting: gradient
    descent overshoots along the steepest direction and the error there grows every step. For this data the
    stability limit is $2/\lambda_{\max} = <<lim>>$ and the run used $\eta = <<eta>>$.
    <%- else %>Training ↓ and validation ↑ is **overfitting**: after epoch <<m>> the <<degree + 1>> weights of the
    degree-<<degree>> polynomial keep fitting the noise in only <<n>> points. The optimisation itself is healthy (the
    training loss never rises).<% endif %>""",
    r"""<% if case == "A" %>$\eta/(2/\lambda_{\max}) = <<over.work>> > 1$: just above the limit, which is why the
    loss first falls (the other directions converge) and then explodes.
    <%- else %>Fix: early stopping (keep the weights from epoch <<m>>), or regularise (e.g. an L2 penalty), use a
    lower degree or more data.<% endif %>""",
    r"""<% if case == "A" %>Fix: lower the learning rate below $<<lim>>$. Overfitting would look different: the
    training loss keeps falling while only the validation loss rises.
    <%- else %>Lowering the learning rate is not a fix: with steps half as long, the run at $\eta/2$ follows nearly
    the same path at half the speed (what matters is roughly $\eta\cdot t$). Simulated: its validation MSE is
    $<<vhT>>$ at epoch <<T>> but $<<vh>>$ at epoch <<2 * T>>, the same overfit as $<<vend>>$ at the full
    rate.<% endif %>""",
]

# each option in a short and a long phrasing (drawn per version): its length says nothing about the key
HIGH_LR = ("The learning rate is too high, so training is unstable. Lower the learning rate.",
           "The learning rate is too high, so the optimisation is unstable. Lower the learning rate.")
OVERFIT = ("The model is overfitting. Stop early at the validation minimum, or regularise.",
           "The model is overfitting. Stop training early at the validation minimum, or regularise the model.")
OVERFIT_LOWER_LR = ("The model is overfitting. Lower the learning rate to fix it.",
                    "The model is overfitting. Lower the learning rate so that it stops fitting the noise.")
M8 = ("The learning rate is too low, which lets the model learn the noise. Raise it.",
      "The learning rate is too low, which lets the model learn the noise in the data. Raise the learning rate.")
CHOICES = {  # case: (correct (text, feedback), wrong [(text, feedback, tag)])
    "A": ((HIGH_LR, r"""Right. The training loss itself rose $<<growth>>$-fold after epoch <<m>>: the rate
           $<<eta>>$ is above the stability limit $<<lim>>$ of this problem."""),
          [(OVERFIT, r"""Overfitting needs a *falling* training loss with a rising validation loss. Here the training
            loss itself rose from $<<low>>$ to $<<high>>$: a rising training loss means unstable optimisation
            (learning rate too high), not overfitting.""", "M9"),
           (OVERFIT_LOWER_LR, r"""Lowering the learning rate is the right move here, but the diagnosis is wrong: the
            training loss rises (from $<<low>>$ to $<<high>>$), which is instability, not overfitting.""", "M9"),
           (M8, r"""Backwards on both counts. A too-low learning rate makes the loss fall *slowly*; it never makes the
            training loss grow, and it does not make a model learn noise. Here $\eta$ is above the stability
            limit $<<lim>>$.""", "M8")]),
    "B": ((OVERFIT, r"""Right. Training MSE fell to $<<tr>>$ while validation MSE rose from $<<vmin>>$ (epoch
           <<m>>) to $<<vend>>$: stop at the validation minimum or regularise."""),
          [(HIGH_LR, r"""A too-high learning rate makes the *training* loss rise or oscillate. Here the training loss
            falls throughout (to $<<tr>>$); only the validation loss rises, which is overfitting.""", "M9"),
           (OVERFIT_LOWER_LR, r"""The diagnosis is right but the fix is not. A smaller rate only walks the same path
            more slowly: at $\eta/2$ the validation MSE after <<2 * T>> epochs is $<<vh>>$, as bad as
            $<<vend>>$ at the full rate. It merely postpones overfitting; use early stopping or
            regularisation.""", "lower-lr-for-overfitting"),
           (M8, r"""This is the misconception that a low learning rate causes overfitting. Overfitting comes from
            fitting the training data too long or too well (here <<degree + 1>> weights for <<n>> points), not from
            a small rate; a smaller rate with the same budget fits *less*.""", "M8")]),
}


def _overfits(train_loss, val_loss) -> bool:
    """A clean overfitting picture: training ↓ throughout; validation falls, bottoms out early, then rises."""
    T = len(val_loss) - 1
    m = int(np.argmin(val_loss))
    return bool(3 <= m <= T // 4 and val_loss[-1] >= 1.8 * val_loss[m] and val_loss[0] >= 1.5 * val_loss[m]
                and np.all(np.diff(train_loss) <= 1e-12) and train_loss[-1] < 0.5 * val_loss[m]
                and np.all(np.diff(val_loss[m + 5:]) > -0.01 * val_loss[m]))


def data(rng):
    n, degree = pick(rng, tuple(OVERFIT_SEEDS))
    case = pick(rng, ("A", "B"))
    if case == "A":  # η = factor · 2/λ_max, at least 3 % above the limit
        data_seed, factor, T = int(rng.integers(1000)), pick(rng, (1.05, 1.08, 1.1)), pick(rng, (40, 50))
    else:            # η = 0.9 · 2/λ_max: stable and fast
        data_seed, factor, T = pick(rng, OVERFIT_SEEDS[(n, degree)]), 0.9, pick(rng, (120, 150))
    fit = kit.polynomial(n, 100, degree, seed=data_seed, noise=0.3)
    eta_max = fit.eta_max
    eta = factor * eta_max
    # case B: the shown run, and the same start at η/2 for 2T epochs (for the "lower the lr" feedback)
    traj = fit.run([eta], T) if case == "A" else fit.run([eta, eta / 2], 2 * T)
    tr_loss, va_loss = traj.losses[: T + 1, 0], fit.val.value(traj.params[: T + 1, 0])
    d = dict(case=case, degree=degree, n=n, T=T, tr_loss=tr_loss, va_loss=va_loss, diverged_at=None,
             params={"case": case, "dataset": {"degree": degree, "target": "sin(pi x)", "noise": 0.3,
                                               "n_train": n, "n_val": 100, "data_seed": data_seed},
                     "lr_over_max_stable": factor})
    if case == "A":
        m = int(np.nanargmin(tr_loss))
        redraw_if(not 1 <= m <= T // 3 or not np.nanmax(tr_loss[m:]) >= 20 * tr_loss[m],
                  "the training loss must first fall, then clearly turn upward")
        k = T if not traj.diverged[0] else int(traj.diverged_at[0])
        low, high, lim, eta_p = (num(v, sig=4) for v in (tr_loss[m], tr_loss[k], eta_max, eta))
        d.update(m=m, k=k, low=low, high=high, lim=lim, eta=eta_p, growth=calc("high/low", high=high, low=low),
                 over=calc("eta/lim", eta=eta_p, lim=lim), tags=("lr-too-high", "M9"),
                 diverged_at=int(traj.diverged_at[0]) if traj.diverged[0] else None)
    else:
        redraw_if(traj.diverged.any() or not _overfits(tr_loss, va_loss),
                  "the overfitting run must show a clean U-shaped validation curve")
        m = int(np.argmin(va_loss))
        vmin, vend = num(va_loss[m], sig=4), num(va_loss[T], sig=4)
        d.update(m=m, vmin=vmin, vend=vend, tr=num(tr_loss[T], sig=4), growth=calc("vend/vmin", vend=vend, vmin=vmin),
                 vh=num(fit.val.value(traj.params[2 * T, 1]), sig=4), vhT=num(fit.val.value(traj.params[T, 1]), sig=4),
                 tags=("overfitting", "early-stopping", "M9"))
        redraw_if(abs(d["vh"].value / vend.value - 1) > 0.1, "the run at η/2 for 2T epochs must end as overfit")
    (key, why), wrong = CHOICES[case]
    d["choices"] = kit.statements(d, (kit.wording(rng, *key), why), [(kit.wording(rng, *t), f, tag) for t, f, tag in wrong])
    return d


def figures(d):
    return [kit.plot(d, [("training", None, d["tr_loss"], {"diverged_at": d["diverged_at"]}),
                         ("validation", None, d["va_loss"])], xlabel="epoch", ylabel="MSE", yscale="log",
                     alt="Training and validation MSE over <<T>> epochs of gradient descent, log scale.")]


META = Meta(id="fitting.rising_train_loss", topic="fitting", difficulty=2, kind="multiple_choice",
            objective="Tell a rising training loss (learning rate too high) from overfitting (training loss "
                      "falling, validation loss rising) and choose the right fix for each.",
            figures=figures)
