"""A tiny learning rate under a fixed epoch budget underfits (DOMAIN §1, archetype J1; corrects M8).

A polynomial regression model is trained by full-batch gradient descent with a learning rate far
below the stability limit for a short budget; training and validation MSE both stay high and close
together. The student diagnoses underfitting from slow optimisation. The seed's claim "a low
learning rate causes overfitting (learns noise)" appears only as a wrong option whose feedback
corrects it with a reference run at a well-chosen rate for the same budget.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import (
    Draft, Redraw, Rounding, calc, curves, exact, pick, pretty, question, render, sample, say, series, tex,
    text_choices,
)

TINY_RATES = (0.0001, 0.0002, 0.0005, 0.001)
REFERENCE_RATES = (0.1, 0.2, 0.3)
EPOCHS = (20, 30, 40, 50)
DEGREES = (3, 4, 5)
N_TRAIN = (40, 50, 60)
N_VAL = 200
NOISE = 0.2


def _num(x: float) -> str:
    """A simulated number as printed (4 significant figures), in LaTeX form."""
    return tex(pretty(x))


@question("fitting.small_lr_budget", topic="fitting", difficulty=1, kind="multiple_choice", plot=True,
          objective="Recognise that a too-small learning rate under a fixed epoch budget causes underfitting, "
                    "not overfitting.")
def small_lr_budget(rng: np.random.Generator) -> Draft:
    eta, eta_ref, T = pick(rng, TINY_RATES), pick(rng, REFERENCE_RATES), pick(rng, EPOCHS)
    degree, n = pick(rng, DEGREES), pick(rng, N_TRAIN)
    data_seed = int(rng.integers(1000))
    X, y, Xv, yv = core.make_polynomial_regression(n, N_VAL, degree, seed=data_seed, noise=NOISE, offset=0.5)
    train, val = core.LinearRegression(X, y), core.LinearRegression(Xv, yv)
    eta_max = core.theory.regression_max_lr(X)
    if eta_ref > 0.8 * eta_max:
        raise Redraw("the reference rate must be comfortably stable")

    # one vectorized run: the tiny rate (shown) and a well-chosen reference rate (solution)
    traj = core.run(core.sgd(np.array([eta, eta_ref])), train, np.zeros(X.shape[1]), T)
    if traj.diverged.any():
        raise AssertionError(f"a run below 2/λ_max = {eta_max} diverged")
    tr_loss, va_loss = traj.losses, val.value(traj.params)
    if np.any(np.diff(tr_loss, axis=0) > 1e-12):
        raise AssertionError("full-batch GD below the stability limit must decrease the training MSE monotonically")
    start, end, end_val, end_ref = tr_loss[0, 0], tr_loss[-1, 0], va_loss[-1, 0], tr_loss[-1, 1]
    const_mse = float(np.var(y))  # the best constant prediction: the training MSE of predicting mean(y)
    if end < 0.7 * start or end_ref > 0.25 * end or abs(end_val - end) > 0.3 * end:
        raise Redraw("the draw must show clearly high, close training/validation losses")

    S, E, EV, ER, C = (pretty(v) for v in (start, end, end_val, end_ref, const_mse))
    # the model may still be worse than predicting the mean: say so rather than "near"
    versus_const = "still above" if float(E) > float(C) else "close to"
    ETA, REF = exact(eta), exact(eta_ref)
    prompt = render(
        r"A degree-<<d>> polynomial model (Chebyshev features of $x \in [-1, 1]$, whose constant feature is "
        r"the intercept) is fitted to $n = <<n>>$ training points by full-batch gradient descent on the "
        r"mean squared error $\frac{1}{n}\sum_i(\hat y_i - y_i)^2$, starting from all weights $0$, with "
        r"learning rate $\eta = <<eta>>$ for <<T>> epochs (one epoch = one step). The figure shows the "
        r"training and validation MSE per epoch; the dotted line is the MSE of always predicting the "
        r"mean of the training targets. Which diagnosis and fix fit these curves best?",
        d=degree, n=n, eta=ETA, T=T)
    steps = [say(r"Read the curves: after <<T>> epochs the training MSE has only fallen from $<<s>>$ to "
                 r"$<<e>>$; the validation MSE ends at $<<ev>>$, close to it. Always predicting the mean "
                 r"would score $<<c>>$ on the training data.", T=T, s=tex(S), e=tex(E), ev=tex(EV), c=tex(C))]
    step, drop = calc(r"Relative decrease of the training MSE: $100\cdot(<<s>> - <<e>>)/<<s>> = <<result>>\,\%$.",
                      f"100*({S} - {E})/{S}", s=tex(S), e=tex(E))
    steps.append(step)
    steps.append(say(r"Both losses are high and nearly equal: the model is **underfitting** (it has not even "
                     r"fitted the training data). Overfitting would look different: a training loss that "
                     r"keeps falling while the validation loss rises above it."))
    LIM = pretty(eta_max)
    # η is 1, 2, 5 or 10 × 10⁻⁴, so 5 figures print LIM/η exactly (4 would meet ties such as 3971.5)
    step, ratio = calc(r"Why so slow? For this data the largest stable rate is $2/\lambda_{\max} = <<lim>>$, "
                       r"so $\eta$ is $<<lim>>/<<eta>> = <<result>>$ times smaller than the limit; each step "
                       r"moves the weights only a little.", f"{LIM}/{ETA}", Rounding(sig=5), lim=tex(LIM), eta=ETA)
    steps.append(step)
    steps.append(say(r"Fix: raise the learning rate (or train far longer). With $\eta = <<ref>>$ and the same "
                     r"<<T>> epochs the same model reaches a training MSE of $<<er>>$ (solution figure).",
                     ref=REF, T=T, er=tex(ER)))
    steps.append(say(r"A small learning rate does not make a model learn noise: with the same budget it fits "
                     r"*less*, and stopping early at a small rate acts like extra regularisation "
                     r"(Goodfellow et al. §7.8, §11.4.1)."))

    correct = ("Underfitting: the learning rate is so small that the weights have barely moved in the "
               "budget. Raise the learning rate (or train for many more epochs).",
               render(r"Right. The training MSE fell by only <<p>> % in <<T>> epochs and the validation MSE "
                      r"is just as high. At $\eta = <<ref>>$ the same model reaches a training MSE of <<er>> "
                      r"in the same budget.", p=drop, T=T, ref=REF, er=ER))
    m8 = ("Overfitting: a small learning rate lets the model learn the noise in the training data. Add "
          "regularisation or lower the learning rate further.",
          render(r"This is the misconception that a low learning rate causes overfitting (M8). A small rate "
                 r"slows training, so under a fixed budget the model fits *less*: here the training MSE is "
                 r"<<e>>, <<vs>> the <<c>> of a constant prediction: far from fitting any noise. Overfitting "
                 r"needs a falling training loss with a rising validation loss.", e=E, vs=versus_const, c=C), "M8")
    others = [
        ("The learning rate is too high, so the optimisation is unstable. Lower the learning rate.",
         render(r"Instability shows as a rising, oscillating or exploding training loss. Here the training "
                r"MSE decreases steadily from <<s>> to <<e>>, just very slowly; $\eta$ is <<r>> times below "
                r"the stability limit <<lim>>.", s=S, e=E, r=ratio, lim=LIM), "slow-read-as-unstable"),
        ("The model is too simple and has converged to its best fit. Add higher-degree features.",
         render(r"The model has not converged: the training loss is still falling. The same degree-<<d>> "
                r"model trained with $\eta = <<ref>>$ for the same <<T>> epochs reaches a training MSE of "
                r"<<er>>, so capacity is not the bottleneck; optimisation is.", d=degree, ref=REF, T=T, er=ER),
         "capacity-vs-optimisation"),
        ("Nothing is wrong: training and validation losses are close, so the model generalises well.",
         render(r"A small gap alone is not success: both losses are high (the training MSE <<e>> is <<vs>> "
                r"the <<c>> of a constant prediction). Close but high curves mean underfitting.", e=E, vs=versus_const,
                c=C),
         "small-gap-means-good"),
    ]
    choices = text_choices(correct, [m8, *sample(rng, others, 2)])

    t = np.arange(T + 1)
    prompt_fig = curves(
        [series("training", t, tr_loss[:, 0]), series("validation", t, va_loss[:, 0])],
        xlabel="epoch", ylabel="MSE", hlines=[(const_mse, "constant prediction"), (0.0, "")],  # y = 0 keeps the axis honest
        alt=f"Training and validation MSE over {T} epochs of gradient descent on an axis starting at zero, "
            f"with a dotted horizontal reference line for a constant prediction.")
    solution_fig = curves(
        [series(f"training, η = {ETA}", t, tr_loss[:, 0]), series(f"training, η = {REF}", t, tr_loss[:, 1])],
        xlabel="epoch", ylabel="training MSE", yscale="log",
        alt=f"Training MSE for the small learning rate {ETA} and the reference rate {REF} over the same "
            f"{T} epochs.", caption="Same model, same budget, two learning rates.", in_solution=True)
    return Draft(
        prompt=prompt, solution=tuple(steps), choices=choices, figures=(prompt_fig, solution_fig),
        params={"objective": {"name": "linear_regression", "loss": "mse", "features": "chebyshev",
                              "degree": degree, "target": "sin(pi x) + 0.5", "noise": NOISE,
                              "n_train": n, "n_val": N_VAL, "data_seed": data_seed},
                "optimizer": {"name": "sgd", "lr": eta, "reference_lr": eta_ref, "full_batch": True},
                "x0": "zeros", "steps": T},
        tags=("underfitting", "M8", "fixed-budget"),
    )
