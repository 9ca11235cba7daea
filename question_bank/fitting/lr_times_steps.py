"""Only η·T matters at small η: early stopping resembles L2 with α ≈ 1/(ηT) (DOMAIN §1.1, §2.12; archetype J3).

Two full-batch gradient-descent runs on the same polynomial regression, (η, T) and (η/2, 2T), are
simulated in one call; their training and validation MSE agree to within a few per cent, which the
prompt quotes. The question asks which explicit regularisation early stopping at a small learning rate
resembles: an L2 penalty (α/2)‖w‖² with α ≈ 1/(ηT) (Goodfellow et al. 2016, §7.8). Distractors: the
inverted strength α ≈ ηT, an L1 penalty, and the seed misconception M8 ("a small rate learns noise").
"""

import numpy as np

from quizgen import core
from quizgen.authoring import (
    Draft, Redraw, Rounding, calc, curves, exact, pick, pretty, question, render, sample, say, series, tex,
    text_choices,
)

RATES = (0.004, 0.005, 0.008, 0.01)
EPOCHS = (40, 50, 60, 80, 100)
DEGREES = (6, 7, 8)
N_TRAIN = (20, 25, 30)
N_VAL = 100
NOISE = 0.3


@question("fitting.lr_times_steps", topic="fitting", difficulty=3, kind="multiple_choice", plot=True,
          objective="Explain that at small learning rates only η·T matters and that early stopping acts like "
                    "L2 regularisation with strength α ≈ 1/(ηT).")
def lr_times_steps(rng: np.random.Generator) -> Draft:
    eta, T = pick(rng, RATES), pick(rng, EPOCHS)
    degree, n = pick(rng, DEGREES), pick(rng, N_TRAIN)
    data_seed = int(rng.integers(1000))
    budget = round(eta * T, 10)
    if abs(budget - 1.0) < 0.2:
        raise Redraw("α = 1/(ηT) and ηT would print alike")
    X, y, Xv, yv = core.make_polynomial_regression(n, N_VAL, degree, seed=data_seed, noise=NOISE, slope=0.5)
    train, val = core.LinearRegression(X, y), core.LinearRegression(Xv, yv)
    lam_max = float(np.linalg.eigvalsh(train.hessian_matrix)[-1])
    if eta * lam_max > 0.05:
        raise AssertionError("the grid must keep η·λ_max small")

    # one call: run 0 at η, run 1 at η/2, both for 2T epochs (run 0 is read at T and at 2T)
    traj = core.run(core.sgd(np.array([eta, eta / 2])), train, np.zeros(X.shape[1]), 2 * T)
    if traj.diverged.any():
        raise AssertionError("a run far below 2/λ_max diverged")
    va = val.value(traj.params)
    tr1, va1 = traj.losses[T, 0], va[T, 0]
    tr2, va2 = traj.losses[2 * T, 1], va[2 * T, 1]
    tr_long = traj.losses[2 * T, 0]
    if abs(tr1 - tr2) > 0.03 * tr1 or abs(va1 - va2) > 0.03 * va1:
        raise Redraw("the two runs should agree to within 3 %")
    if tr1 < 1.5 * train.min_value:
        raise Redraw("the early-stopped fit must be clearly short of the least-squares fit")
    # the ridge fit the correspondence points to: minimise MSE + (α/2)‖w‖², i.e. (H + αI) w = (2/n) Xᵀ y
    alpha = 1.0 / (eta * T)
    w_ridge = np.linalg.solve(train.hessian_matrix + alpha * np.eye(X.shape[1]), 2.0 / n * X.T @ y)
    ridge_tr, ridge_va = float(train.value(w_ridge)), float(val.value(w_ridge))
    if not (0.5 < ridge_tr / tr1 < 2.0 and 0.5 < ridge_va / va1 < 2.0):
        # the correspondence is approximate; keep draws where the worked "same size" comparison holds
        raise Redraw("ridge with α = 1/(ηT) lands too far from early stopping for a clean comparison")

    ETA, HALF = exact(eta), exact(eta / 2)
    A1, B1, A2, B2 = (pretty(v) for v in (tr1, va1, tr2, va2))
    LAM, LONG = pretty(lam_max), pretty(tr_long)
    prompt = render(
        r"A degree-<<d>> polynomial model (Chebyshev features of $x \in [-1, 1]$, constant feature = intercept) "
        r"is fitted to $n = <<n>>$ noisy points by full-batch gradient descent on the MSE "
        r"$L(w) = \frac{1}{n}\sum_i(\hat y_i - y_i)^2$ from $w = 0$. Run 1 uses $\eta = <<eta>>$ for $T = <<T>>$ "
        r"epochs (one epoch = one full-batch step) and reaches training/validation MSE $<<a1>>$ / $<<b1>>$; run 2 uses $\eta = <<half>>$ for "
        r"<<T2>> epochs and reaches $<<a2>>$ / $<<b2>>$ (see the figure). Stopping gradient descent early at a "
        r"small learning rate acts approximately like which explicit regularisation, added to $L$?",
        d=degree, n=n, eta=ETA, T=T, a1=tex(A1), b1=tex(B1), half=HALF, T2=2 * T, a2=tex(A2), b2=tex(B2))

    steps = []
    step, diff = calc(r"The two runs agree: the training MSEs differ by "
                      r"$100\cdot|<<a1>> - <<a2>>|/<<a1>> = <<result>>\,\%$.",
                      f"100*abs({A1} - {A2})/{A1}", a1=tex(A1), a2=tex(A2))
    steps.append(step)
    step, ETA_T = calc(r"They share the product $\eta T = <<eta>>\cdot<<T>> = <<result>>$ "
                       r"($<<half>>\cdot<<T2>>$ is the same).", f"{ETA}*{T}", eta=ETA, T=T, half=HALF, T2=2 * T)
    steps.append(step)
    # η has one significant figure, so 5 figures print η·λ_max exactly (4 would meet ties such as 0.011475)
    step, _ = calc(r"Why only $\eta T$ matters: from $w = 0$, GD multiplies the least-squares solution's component "
                   r"along each Hessian eigenvector (eigenvalue $\lambda$) by $1 - (1 - \eta\lambda)^T \approx "
                   r"1 - e^{-\eta T \lambda}$, which depends on $\eta T$ alone when $\eta\lambda \ll 1$. Here the "
                   r"largest eigenvalue is $\lambda_{\max} = <<lam>>$, so $\eta\lambda_{\max} = <<eta>>\cdot<<lam>> "
                   r"= <<result>>$: small.", f"{ETA}*{LAM}", Rounding(sig=5), lam=tex(LAM), eta=ETA)
    steps.append(step)
    steps.append(say(r"An L2 penalty $\frac{\alpha}{2}\|w\|^2$ (ridge, weight decay) shrinks the same component "
                     r"by $\lambda/(\lambda + \alpha)$. Both keep directions with $\lambda \gg$ the cut-off and "
                     r"suppress those below it; matching the cut-offs, $\eta T\lambda \approx \lambda/\alpha$, gives "
                     r"$\alpha \approx 1/(\eta T)$ (Goodfellow et al. 2016, §7.8)."))
    step, ALPHA = calc(r"So $\alpha \approx 1/(\eta T) = 1/<<et>> = <<result>>$.", f"1/{ETA_T}", et=tex(ETA_T))
    steps.append(step)
    steps.append(say(r"Rough check: the ridge fit with this $\alpha$ has training/validation MSE $<<rt>>$ / $<<rv>>$, "
                     r"the same size as the early-stopped runs. The match is approximate, not exact: GD's factor "
                     r"$1 - e^{-\eta T\lambda}$ is a slightly different cut-off from ridge's $\lambda/(\lambda + \alpha)$.",
                     rt=tex(pretty(ridge_tr)), rv=tex(pretty(ridge_va))))
    steps.append(say(r"Consequence: a *smaller* $\eta$ (or fewer epochs) means a *larger* $\alpha$, i.e. more "
                     r"regularisation and a less flexible fit. It never makes the model learn noise (M8)."))

    correct = (render(r"An L2 penalty $\frac{\alpha}{2}\|w\|^2$ (ridge / weight decay) with "
                      r"$\alpha \approx 1/(\eta T) = <<al>>$", al=tex(ALPHA)),
               render(r"Right (Goodfellow et al. §7.8): early stopping shrinks every eigen-direction like ridge, "
                      r"with strength $1/(\eta T) = <<al>>$. The two runs share $\eta T = <<et>>$ and their training "
                      r"MSEs agree to within <<d>> %.", al=tex(ALPHA), et=tex(ETA_T), d=diff))
    m8 = ("No regularisation at all: a small learning rate lets the model learn the noise, so it overfits.",
          render(r"This is the seed misconception M8. A smaller rate with the same number of epochs travels less "
                 r"far from $w = 0$, which is *more* regularisation: run 1 continued to <<T2>> epochs "
                 r"($\eta T$ doubled) reaches a lower training MSE, <<long>>, than at <<T>> epochs (<<a1>>).",
                 T2=2 * T, long=tex(LONG), T=T, a1=tex(A1)), "M8")
    others = [
        (render(r"An L2 penalty $\frac{\alpha}{2}\|w\|^2$ with $\alpha \approx \eta T = <<et>>$", et=tex(ETA_T)),
         render(r"The strength is inverted. A larger $\eta T$ lets the weights travel further, i.e. *weaker* "
                r"regularisation: doubling $\eta T$ (run 1 continued to <<T2>> epochs) lowers the training MSE "
                r"from <<a1>> to <<long>>. So $\alpha$ falls as $\eta T$ grows: $\alpha \approx 1/(\eta T)$.",
                T2=2 * T, a1=tex(A1), long=tex(LONG)), "inverted-strength"),
        (render(r"An L1 penalty $\alpha\|w\|_1$ (lasso) with $\alpha \approx 1/(\eta T) = <<al>>$", al=tex(ALPHA)),
         render(r"L1 sets some weights exactly to zero. Early stopping instead shrinks every eigen-direction "
                r"smoothly, by $1 - (1 - \eta\lambda)^T$; none of the <<p>> weights of run 1 is zero. Its match "
                r"is L2 (ridge).", p=degree + 1), "l1-vs-l2"),
        ("Dropout: stopping early randomly removes features from the model.",
         "Gradient descent here is deterministic and uses every feature at every step; early stopping limits "
         "how far the weights move from their start, which is what an L2 penalty does.", "dropout"),
    ]
    if np.any(traj.params[T, 0] == 0.0):
        raise AssertionError("early-stopped weights should all be non-zero")
    choices = text_choices(correct, [m8, *sample(rng, others, 2)])

    t1, t2 = np.arange(T + 1), np.arange(2 * T + 1)
    prompt_fig = curves(
        [series(f"run 1 (η = {ETA}), training", t1, traj.losses[: T + 1, 0]),
         series(f"run 1 (η = {ETA}), validation", t1, va[: T + 1, 0]),
         series(f"run 2 (η = {HALF}), training", t2, traj.losses[:, 1]),
         series(f"run 2 (η = {HALF}), validation", t2, va[:, 1])],
        xlabel="epoch", ylabel="MSE", yscale="log",
        alt=f"Training and validation MSE per epoch for run 1 (η = {ETA}, {T} epochs) and run 2 "
            f"(η = {HALF}, {2 * T} epochs).")
    solution_fig = curves(
        [series(f"η = {ETA}, training", eta * t1, traj.losses[: T + 1, 0]),
         series(f"η = {HALF}, training", eta / 2 * t2, traj.losses[:, 1]),
         series(f"η = {ETA}, validation", eta * t1, va[: T + 1, 0]),
         series(f"η = {HALF}, validation", eta / 2 * t2, va[:, 1])],
        xlabel="η · epoch", ylabel="MSE", yscale="log",
        alt="The same four curves plotted against learning rate times epoch: the two runs overlap.",
        caption="Plotted against η·t the two runs coincide.", in_solution=True)
    return Draft(
        prompt=prompt, solution=tuple(steps), choices=choices, figures=(prompt_fig, solution_fig),
        params={"objective": {"name": "linear_regression", "loss": "mse", "features": "chebyshev",
                              "degree": degree, "target": "sin(pi x) + 0.5 x", "noise": NOISE,
                              "n_train": n, "n_val": N_VAL, "data_seed": data_seed},
                "optimizer": {"name": "sgd", "full_batch": True},
                "runs": [{"lr": eta, "steps": T}, {"lr": eta / 2, "steps": 2 * T}],
                "ridge": {"alpha": alpha, "penalty": "alpha/2 * ||w||^2 on all weights"},
                "x0": "zeros"},
        tags=("early-stopping", "implicit-regularisation", "M8"),
    )
