"""A tiny learning rate under a fixed epoch budget underfits (DOMAIN §1, archetype J1; corrects M8).

A polynomial regression is trained by full-batch GD at a rate far below the stability limit for a
short budget: training and validation MSE stay high and close. The seed's claim "a low learning
rate causes overfitting" is a wrong option, corrected with a reference run at a good rate.
"""

from quizgen.family import Meta, Rounding, calc, num, pick, redraw_if
from quizgen.kit import curves as kit

QUESTION = r"""A degree-<<degree>> polynomial model (Chebyshev features of $x \in [-1, 1]$, whose constant feature is
the intercept) is fitted to $n = <<n>>$ training points by full-batch gradient descent on the mean squared error
$\frac{1}{n}\sum_i(\hat y_i - y_i)^2$, starting from all weights $0$, with learning rate $\eta = <<eta>>$ for <<T>>
epochs (one epoch = one step). The figure shows the training and validation MSE per epoch; the dotted line is the MSE
of always predicting the mean of the training targets. Which diagnosis and fix fit these curves best?"""

SOLUTION = [
    r"""Read the curves: after <<T>> epochs the training MSE has only fallen from $<<start>>$ to $<<end>>$; the
    validation MSE ends at $<<end_val>>$, <% if close %>close to it<% else %>$<<gap>>\,\%$ <<'above' if end_val.value >
    end.value else 'below'>> it<% endif %>. Always predicting the mean would score $<<const>>$ on the
    training data.""",
    r"Relative decrease of the training MSE: $<<drop.work>>\,\%$.",
    r"""Both losses are high and <% if close %>nearly equal<% else %>within $<<gap>>\,\%$ of each other<% endif %>:
    the model is **underfitting** (it has not even fitted the training
    data). Overfitting would look different: a training loss that keeps falling while the validation loss rises above
    it.""",
    r"""Why so slow? For this data the largest stable rate is $2/\lambda_{\max} = <<lim>>$, so $\eta$ is
    $<<ratio.work>>$ times smaller than the limit; each step moves the weights only a little.""",
    r"""Fix: raise the learning rate (or train far longer). With $\eta = <<ref>>$ and the same <<T>> epochs the same
    model reaches a training MSE of $<<end_ref>>$ (solution figure).""",
    r"""A small learning rate does not make a model learn noise: with the same budget it fits *less*, and stopping
    early at a small rate acts like extra regularisation (Goodfellow et al. §7.8, §11.4.1).""",
]

CORRECT = (("Underfitting: the rate is so small that the weights have barely moved. Raise the learning rate.",
            "Underfitting: the learning rate is so small that the weights have barely moved. Raise the learning rate."),
           r"""Right. The training MSE fell by only $<<drop>>\,\%$ in <<T>> epochs and the validation MSE is
           <% if close %>just as high<% else %>also high, $<<end_val>>$<% endif %>. At $\eta = <<ref>>$ the same model
           reaches a training MSE of $<<end_ref>>$ in the same budget.""")
M8 = (("Overfitting: a small rate lets the model learn the noise in the data. Add regularisation.",
       "Overfitting: a small learning rate lets the model learn the noise in the training data. Add regularisation."),
      r"""This is the misconception that a low learning rate causes overfitting. A small rate slows training, so
      under a fixed budget the model fits *less*: here the training MSE is $<<end>>$, <<versus>> the
      $<<const>>$ of a constant prediction: far from fitting any noise. Overfitting needs a falling training loss
      with a rising validation loss.""", "M8")
OTHERS = (
    ("Instability: the learning rate is too high, so the optimisation cannot settle. Lower the learning rate.",
     r"""Instability shows as a rising, oscillating or exploding training loss. Here the training MSE decreases
     steadily from $<<start>>$ to $<<end>>$, just very slowly; $\eta$ is $<<ratio>>$ times below the
     stability limit $<<lim>>$.""", "slow-read-as-unstable"),
    ("Too little capacity: the model has already converged to its best fit. Add higher-degree features.",
     r"""The model has not converged: the training loss is still falling. The same degree-<<degree>> model trained
     with $\eta = <<ref>>$ for the same <<T>> epochs reaches a training MSE of $<<end_ref>>$, so capacity is not
     the bottleneck; optimisation is.""", "capacity-vs-optimisation"),
    ("Nothing is wrong: the training and validation losses are close, so the model generalises well.",
     r"""A small gap alone is not success: both losses are high (the training MSE $<<end>>$ is <<versus>> the
     $<<const>>$ of a constant prediction). Close but high curves mean underfitting.""", "small-gap-means-good"),
)


def data(rng):
    eta, eta_ref, T = pick(rng, (0.0001, 0.0002, 0.0005, 0.001)), pick(rng, (0.1, 0.2, 0.3)), pick(rng, (20, 30, 40, 50))
    degree, n = pick(rng, (3, 4, 5)), pick(rng, (40, 50, 60))
    data_seed = int(rng.integers(1000))
    fit = kit.polynomial(n, 200, degree, seed=data_seed, noise=0.2, offset=0.5)
    redraw_if(eta_ref > 0.8 * fit.eta_max, "the reference rate must be comfortably stable")
    traj = fit.run([eta, eta_ref], T)   # the tiny rate (shown) and a well-chosen reference rate (solution)
    tr, va = traj.losses, fit.val.value(traj.params)
    start, end, end_val, end_ref = tr[0, 0], tr[-1, 0], va[-1, 0], tr[-1, 1]
    const = float(fit.train.y.var())  # the best constant prediction: the training MSE of predicting mean(y)
    redraw_if(end < 0.7 * start or end_ref > 0.25 * end or abs(end_val - end) > 0.2 * end,
              "the draw must show clearly high, close training/validation losses")
    d = {k: num(v, sig=4) for k, v in dict(start=start, end=end, end_val=end_val, end_ref=end_ref, const=const,
                                           lim=fit.eta_max).items()}
    d.update(degree=degree, n=n, eta=eta, ref=eta_ref, T=T, tr=tr, va=va, const_mse=const,
             # the model may still be worse than predicting the mean: say so rather than "near"
             versus="still above" if d["end"].value > d["const"].value else "close to",
             stable=not traj.diverged.any() and not (tr[1:] - tr[:-1] > 1e-12).any(),
             drop=calc("100*(s - e)/s", s=d["start"], e=d["end"]),
             # how far apart the two losses are, as printed: "nearly equal" only within 10 %
             gap=calc("100*abs(v - e)/e", Rounding(sig=2), v=d["end_val"], e=d["end"]),
             # η is 1, 2, 5 or 10 × 10⁻⁴, so 5 figures print LIM/η exactly (4 would meet ties such as 3971.5)
             ratio=calc("lim/eta", Rounding(sig=5), lim=d["lim"], eta=eta),
             params={"dataset": {"degree": degree, "target": "sin(pi x) + 0.5", "noise": 0.2, "n_train": n,
                                 "n_val": 200, "data_seed": data_seed}})
    d["close"] = d["gap"].value <= 10
    # each of the key and the overfitting option in a short or a long phrasing: length gives nothing away
    correct, m8 = (kit.wording(rng, *CORRECT[0]), CORRECT[1]), (kit.wording(rng, *M8[0]), *M8[1:])
    d["choices"] = kit.statements(d, correct, [m8], rng=rng, sampled=OTHERS, k=2)
    return d


def figures(d):
    tr, va = d["tr"], d["va"]
    return [kit.plot(d, [("training", None, tr[:, 0]), ("validation", None, va[:, 0])], xlabel="epoch", ylabel="MSE",
                 hlines=[(d["const_mse"], "constant prediction"), (0.0, "")],  # y = 0 keeps the axis honest
                 alt="Training and validation MSE over <<T>> epochs of gradient descent on an axis starting at zero, "
                     "with a dotted horizontal reference line for a constant prediction."),
            kit.plot(d, [("training, η = <<eta>>", None, tr[:, 0]), ("training, η = <<ref>>", None, tr[:, 1])],
                 xlabel="epoch", ylabel="training MSE", yscale="log",
                 alt="Training MSE for the small learning rate <<eta>> and the reference rate <<ref>> over the same "
                     "<<T>> epochs.", caption="Same model, same budget, two learning rates.", in_solution=True)]


META = Meta(id="fitting.small_lr_budget", topic="fitting", difficulty=1, kind="multiple_choice",
            objective="Recognise that a too-small learning rate under a fixed epoch budget causes underfitting, "
                      "not overfitting.",
            # full-batch GD far below 2/λ_max: no divergence, and the training MSE falls at every step
            closed_form=lambda d: {"stable": True}, figures=figures, tags=("underfitting", "M8", "fixed-budget"))
