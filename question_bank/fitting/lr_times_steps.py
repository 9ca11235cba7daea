"""Only η·T matters at small η: early stopping resembles L2 with α ≈ 1/(ηT) (DOMAIN §1.1, §2.12; archetype J3).

Full-batch GD runs (η, T) and (η/2, 2T) on the same polynomial regression, in one call, reach
training/validation MSEs within a few per cent (quoted in the prompt). Which explicit regularisation
does early stopping at a small rate resemble? An L2 penalty (α/2)‖w‖² with α ≈ 1/(ηT) (Goodfellow et
al. 2016, §7.8). Distractors: α ≈ ηT (inverted), L1, and M8 ("a small rate learns noise").
"""

import numpy as np

from quizgen.family import Meta, Rounding, calc, num, pick, redraw_if
from quizgen.kit import curves as kit

QUESTION = r"""A degree-<<degree>> polynomial model (Chebyshev features of $x \in [-1, 1]$, constant feature =
intercept) is fitted to $n = <<n>>$ noisy points by full-batch gradient descent on the MSE
$L(w) = \frac{1}{n}\sum_i(\hat y_i - y_i)^2$ from $w = 0$. Run 1 uses $\eta = <<eta>>$ for $T = <<T>>$ epochs (one
epoch = one full-batch step) and reaches training/validation MSE $<<a1>>$ / $<<b1>>$; run 2 uses $\eta = <<half>>$
for <<2 * T>> epochs and reaches $<<a2>>$ / $<<b2>>$ (see the figure). Stopping gradient descent early at a small
learning rate acts approximately like which explicit regularisation, added to $L$?"""

SOLUTION = [
    r"The two runs agree: the training MSEs differ by $<<diff.work>>\,\%$.",
    r"They share the product $\eta T = <<budget.work>>$ ($<<half>>\cdot<<2 * T>>$ is the same).",
    r"""Why only $\eta T$ matters: from $w = 0$, GD multiplies the least-squares solution's component along each
    Hessian eigenvector (eigenvalue $\lambda$) by $1 - (1 - \eta\lambda)^T \approx 1 - e^{-\eta T \lambda}$, which
    depends on $\eta T$ alone when $\eta\lambda \ll 1$. Here the largest eigenvalue is $\lambda_{\max} = <<lam>>$, so
    $\eta\lambda_{\max} = <<eta_lam.work>>$: small.""",
    r"""An L2 penalty $\frac{\alpha}{2}\|w\|^2$ (ridge, weight decay) shrinks the same component by
    $\lambda/(\lambda + \alpha)$. Both keep directions with $\lambda \gg$ the cut-off and suppress those below it;
    matching the cut-offs, $\eta T\lambda \approx \lambda/\alpha$, gives $\alpha \approx 1/(\eta T)$ (Goodfellow et
    al. 2016, §7.8).""",
    r"So $\alpha \approx 1/(\eta T) = <<alpha.work>>$.",
    r"""Rough check: the ridge fit with this $\alpha$ has training/validation MSE $<<ridge_tr>>$ / $<<ridge_va>>$,
    the same size as the early-stopped runs. The match is approximate, not exact: GD's factor
    $1 - e^{-\eta T\lambda}$ is a slightly different cut-off from ridge's $\lambda/(\lambda + \alpha)$.""",
    r"""Consequence: a *smaller* $\eta$ (or fewer epochs) means a *larger* $\alpha$, i.e. more regularisation and a
    less flexible fit. It never makes the model learn noise.""",
]

CORRECT = (r"An L2 penalty $\frac{\alpha}{2}\|w\|^2$ (ridge / weight decay) with $\alpha \approx 1/(\eta T) = <<alpha>>$",
           r"""Right (Goodfellow et al. §7.8): early stopping shrinks every eigen-direction like ridge, with strength
           $1/(\eta T) = <<alpha>>$. The two runs share $\eta T = <<budget>>$ and their training MSEs agree to within
           $<<diff>>\,\%$.""")
M8 = ("No regularisation at all: a small learning rate lets the model learn the noise, so it overfits.",
      r"""This is the misconception that a low learning rate causes overfitting. A smaller rate with the same number of epochs travels less far from
      $w = 0$, which is *more* regularisation: run 1 continued to <<2 * T>> epochs ($\eta T$ doubled) reaches a lower
      training MSE, $<<long>>$, than at <<T>> epochs ($<<a1>>$).""", "M8")
OTHERS = (
    (r"An L2 penalty $\frac{\alpha}{2}\|w\|^2$ (ridge / weight decay) with $\alpha \approx \eta T = <<budget>>$",
     r"""The strength is inverted. A larger $\eta T$ lets the weights travel further, i.e. *weaker* regularisation:
     doubling $\eta T$ (run 1 continued to <<2 * T>> epochs) lowers the training MSE from $<<a1>>$ to $<<long>>$. So
     $\alpha$ falls as $\eta T$ grows: $\alpha \approx 1/(\eta T)$.""", "inverted-strength"),
    (r"An L1 penalty $\alpha\|w\|_1$ (lasso) with $\alpha \approx 1/(\eta T) = <<alpha>>$",
     r"""L1 sets some weights exactly to zero. Early stopping instead shrinks every eigen-direction smoothly, by
     $1 - (1 - \eta\lambda)^T$; none of the <<degree + 1>> weights of run 1 is zero. Its match is L2 (ridge).""",
     "l1-vs-l2"),
    ("Dropout: stopping early randomly removes features from the model.",
     "Gradient descent here is deterministic and uses every feature at every step; early stopping limits how far the "
     "weights move from their start, which is what an L2 penalty does.", "dropout"),
)


def data(rng):
    eta, T = pick(rng, (0.004, 0.005, 0.008, 0.01)), pick(rng, (40, 50, 60, 80, 100))
    degree, n = pick(rng, (6, 7, 8)), pick(rng, (20, 25, 30))
    data_seed = int(rng.integers(1000))
    redraw_if(abs(round(eta * T, 10) - 1.0) < 0.2, "α = 1/(ηT) and ηT would print alike")
    fit = kit.polynomial(n, 100, degree, seed=data_seed, noise=0.3, slope=0.5)
    train, val = fit.train, fit.val
    lam_max = float(np.linalg.eigvalsh(train.hessian_matrix)[-1])
    redraw_if(eta * lam_max > 0.05, "the grid must keep η·λ_max small")  # never happens for these grids
    traj = fit.run([eta, eta / 2], 2 * T)   # run 0 at η (read at T and at 2T), run 1 at η/2
    va = val.value(traj.params)
    tr1, va1, tr2, va2 = traj.losses[T, 0], va[T, 0], traj.losses[2 * T, 1], va[2 * T, 1]
    redraw_if(abs(tr1 - tr2) > 0.03 * tr1 or abs(va1 - va2) > 0.03 * va1, "the two runs should agree to within 3 %")
    redraw_if(tr1 < 1.5 * train.min_value, "the early-stopped fit must be clearly short of the least-squares fit")
    # the ridge fit the correspondence points to: minimise MSE + (α/2)‖w‖², i.e. (H + αI) w = (2/n) Xᵀ y
    alpha = 1.0 / (eta * T)
    w_ridge = np.linalg.solve(train.hessian_matrix + alpha * np.eye(train.X.shape[1]), 2.0 / n * train.X.T @ train.y)
    ridge_tr, ridge_va = float(train.value(w_ridge)), float(val.value(w_ridge))
    # the correspondence is approximate; keep draws where the worked "same size" comparison holds
    redraw_if(not (0.5 < ridge_tr / tr1 < 2.0 and 0.5 < ridge_va / va1 < 2.0),
              "ridge with α = 1/(ηT) lands too far from early stopping for a clean comparison")
    d = {k: num(v, sig=4) for k, v in dict(a1=tr1, b1=va1, a2=tr2, b2=va2, lam=lam_max, long=traj.losses[2 * T, 0],
                                           ridge_tr=ridge_tr, ridge_va=ridge_va).items()}
    budget = calc("eta*T", eta=eta, T=T)
    d.update(degree=degree, n=n, eta=eta, half=eta / 2, T=T, traj=traj, va=va, budget=budget,
             diff=calc("100*abs(a1 - a2)/a1", a1=d["a1"], a2=d["a2"]),
             # η has one significant figure, so 5 figures print η·λ_max exactly (4 would meet ties such as 0.011475)
             eta_lam=calc("eta*lam", Rounding(sig=5), eta=eta, lam=d["lam"]), alpha=calc("1/et", et=budget),
             diverged=traj.diverged, zero_weights=int((traj.params[T, 0] == 0.0).sum()),
             params={"dataset": {"degree": degree, "target": "sin(pi x) + 0.5 x", "noise": 0.3, "n_train": n,
                                 "n_val": 100, "data_seed": data_seed}, "ridge_alpha": alpha})
    d["choices"] = kit.statements(d, CORRECT, [M8], rng=rng, sampled=OTHERS, k=2)
    return d


def figures(d):
    T, eta, tr, va = d["T"], d["eta"], d["traj"].losses, d["va"]
    t1, t2 = np.arange(T + 1), np.arange(2 * T + 1)
    return [kit.plot(d, [("run 1 (η = <<eta>>), training", t1, tr[: T + 1, 0]),
                         ("run 1 (η = <<eta>>), validation", t1, va[: T + 1, 0]),
                         ("run 2 (η = <<half>>), training", t2, tr[:, 1]),
                         ("run 2 (η = <<half>>), validation", t2, va[:, 1])],
                     xlabel="epoch", ylabel="MSE", yscale="log",
                     alt="Training and validation MSE per epoch for run 1 (η = <<eta>>, <<T>> epochs) and run 2 "
                         "(η = <<half>>, <<2 * T>> epochs)."),
            kit.plot(d, [("η = <<eta>>, training", eta * t1, tr[: T + 1, 0]),
                         ("η = <<half>>, training", eta / 2 * t2, tr[:, 1]),
                         ("η = <<eta>>, validation", eta * t1, va[: T + 1, 0]),
                         ("η = <<half>>, validation", eta / 2 * t2, va[:, 1])],
                     xlabel="η · epoch", ylabel="MSE", yscale="log",
                     alt="The same four curves plotted against learning rate times epoch: the two runs overlap.",
                     caption="Plotted against η·t the two runs coincide.", in_solution=True)]


META = Meta(id="fitting.lr_times_steps", topic="fitting", difficulty=3, kind="multiple_choice",
            objective="Explain that at small learning rates only η·T matters and that early stopping acts like "
                      "L2 regularisation with strength α ≈ 1/(ηT).",
            # runs far below 2/λ_max never diverge, and early stopping (unlike L1) leaves no weight at zero
            closed_form=lambda d: {"diverged": [0, 0], "zero_weights": 0}, figures=figures,
            tags=("early-stopping", "implicit-regularisation", "M8"))
