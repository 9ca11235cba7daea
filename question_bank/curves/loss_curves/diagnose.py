"""Diagnose four mini-batch SGD loss curves (DOMAIN §3 archetypes C1 and C2, CS231n's four curves).

A seeded linear-regression dataset (two features and an intercept, MSE) is trained by
mini-batch SGD (``core.run(..., batch_size=, seed=)``, data reshuffled every epoch) from zero
with four rates of about 0.01–0.02×, 0.25–0.3×, 0.8–0.9× and 1.3–1.5× of the full-batch limit
2/λ_max, in ONE batched run. The roles are checked on the simulated curves:

* very high: the loss explodes (the run diverges);
* high: a fast drop, then a noisy plateau clearly above the best curve (noise floor ∝ η/B);
* low: a slow, steady decline, still far above the others at the end;
* good: the lowest plateau.

The curves are numbered 1–4 in random order; the student names the one that diverges, the one
that is too low, the high-but-stable one or the best one. The y-axis is the training MSE minus
its minimum (log scale), so the plateaus are readable.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import (
    Draft, Redraw, Rounding, curves, pick, pretty, question, render, say, series, tex, text_choices,
)

N = 200
BATCHES = (25, 40)
FACTORS = {"low": (0.01, 0.02), "good": (0.25, 0.3), "high": (0.8, 0.9), "diverge": (1.3, 1.5)}
STEPS = (60, 80)
SIG2 = Rounding(sig=2)
ROLES = ("low", "good", "high", "diverge")
LABELS = ("1", "2", "3", "4")   # numbers, not letters: the choices themselves are lettered A–D

QUESTION = {
    "diverge": "Which curve belongs to a learning rate so high that training diverges?",
    "low": "Which curve belongs to a learning rate that is too low?",
    "high": ("Which curve belongs to a learning rate that is high but still stable: fast progress at first, then a "
             "noisy plateau above the best curve?"),
    "good": "Which curve belongs to the best of the four learning rates for this training budget?",
}
ROLE_TEXT = {
    "diverge": "explodes: its loss rises without bound (the run diverges), so its rate is too high",
    "low": "falls slowly and steadily and is still far above the others at the end, so its rate is too low",
    "high": ("drops fast, then bounces on a noisy plateau above the best curve, so its rate is high: stable, but the "
             "mini-batch noise keeps it from settling"),
    "good": "drops quickly and settles on the lowest plateau, so its rate is the best of the four",
}


def _wrong_tag(asked: str, chosen: str) -> tuple[str, str]:
    """A misconception note and tag for choosing the curve with role ``chosen`` when ``asked`` was wanted."""
    table = {
        ("diverge", "high"): ("A noisy curve is not a diverging one: its plateau stays bounded. Wiggles come from "
                              "mini-batch noise, not necessarily from instability.", "M4"),
        ("good", "high"): ("A noisy plateau that sits above another curve has not converged to the best loss: the "
                           "larger rate's mini-batch noise keeps it higher.", "noisy-plateau-converged"),
        ("high", "good"): ("The best curve settles lowest; the high rate's plateau is higher and noisier, because "
                           "the noise floor of SGD grows with the learning rate.", "noisy-plateau-converged"),
        ("low", "good"): ("A smooth curve is not automatically too slow: this one settles lowest. The too-low rate "
                          "is the one still far above the rest at the end.", "low-vs-good"),
        ("good", "low"): ("The smallest rate is the safest, not the best: within this budget it is still far from "
                          "the minimum, so it underfits.", "M1-reverse"),
        ("low", "high"): ("Noise is not slowness: the noisy curve reached its plateau quickly; too-low rates give a "
                          "slow, smooth decline.", "M4"),
        ("high", "diverge"): ("That curve does not plateau at all: it explodes. The high-but-stable rate stays "
                              "bounded.", "M5"),
        ("high", "low"): ("That curve is smooth and slow, the signature of a rate that is too low.", "low-vs-high"),
        ("good", "diverge"): ("That curve explodes: a rate above the stability limit is never the best choice.",
                              "M1"),
        ("diverge", "low"): ("That curve still falls, just slowly: a small rate does not make SGD blow up.",
                             "small-lr-diverges"),
        ("diverge", "good"): ("That curve settles lowest; it is the best rate, not a diverging one.", "misread-plot"),
        ("low", "diverge"): ("That curve rises: its rate is far too high, not too low.", "misread-plot"),
    }
    return table[(asked, chosen)]


@question("curves.loss_curves.diagnose", topic="loss-curves", difficulty=1, kind="multiple_choice", plot=True,
          objective="Read mini-batch SGD loss curves to tell a diverging, a too-high, a too-low and a good "
                    "learning rate apart.")
def diagnose(rng: np.random.Generator) -> Draft:
    B, T = pick(rng, BATCHES), pick(rng, STEPS)
    data_seed, sgd_seed = int(rng.integers(10_000)), int(rng.integers(10_000))
    data = core.make_regression(N, 2, seed=data_seed, scales=[1, 2], loc=[0.5, 0], intercept=True, noise=1.0)
    objective = core.LinearRegression(data.X, data.y)
    eta_max = core.theory.regression_max_lr(data.X)
    rates = np.array([float(pretty(pick(rng, FACTORS[r]) * eta_max, SIG2)) for r in ROLES])
    ratio = rates / eta_max
    if not (ratio[2] <= 0.95 and ratio[3] >= 1.1):
        raise Redraw("rounding moved a rate too close to the full-batch limit")

    traj = core.run(core.sgd(rates), objective, x0=np.zeros(3), steps=T, batch_size=B, seed=sgd_seed)
    excess = traj.losses - objective.min_value
    w = T // 3
    tail = [float(np.mean(excess[-w:, i])) for i in range(3)]
    clean = (traj.diverged[3] and not traj.diverged[:3].any()
             and excess[-1, 0] > 3 * tail[1]                       # too low: still far above at the end
             and tail[2] > 2 * tail[1]                             # high: plateau clearly above the good one
             and np.max(excess[-w:, 2]) < 0.5 * excess[0, 2]       # ... but bounded and readable
             and np.all(np.diff(excess[:, 0]) < 0.05 * excess[0, 0]))  # too low: a steady decline
    if not clean:
        raise Redraw("the simulated curves do not show the four roles cleanly")

    order = rng.permutation(4)
    label = {ROLES[i]: LABELS[j] for j, i in enumerate(order)}
    R = {r: pretty(rates[i]) for i, r in enumerate(ROLES)}
    t = np.arange(T + 1)
    top = 100.0 * float(excess[0, 3])
    plotted = []
    for j, i in enumerate(order):
        role = ROLES[i]
        y = excess[:, i]
        if role == "diverge":
            out = np.flatnonzero(~(y <= top))
            end = int(out[0]) if out.size else T
            # drawn until it leaves the plotting range (100× its start); the ✕ marks the blow-up there
            plotted.append(series(f"curve {LABELS[j]}", t[: end + 1], y[: end + 1],
                                  diverged_at=int(traj.diverged_at[i])))
        else:
            plotted.append(series(f"curve {LABELS[j]}", t, y))
    fig = curves(plotted, xlabel="step", ylabel="training MSE minus its minimum", yscale="log",
                 alt=f"Four training-loss curves numbered 1 to 4 on a log scale over {T} steps of "
                     "mini-batch SGD.",
                 caption="Training loss above its minimum value, one curve per learning rate.")

    asked = pick(rng, ROLES)
    steps = [say(r"For full-batch gradient descent on this loss the limit is $2/\lambda_{\max} = <<lim>>$; mini-batch "
                 r"noise makes the practical limit a little lower.", lim=tex(pretty(eta_max)))]
    for r in ("diverge", "low", "high", "good"):
        steps.append(say(r"Curve <<c>> (<<words>>) " + ROLE_TEXT[r] + r". It is the run with $\eta = <<e>>$.",
                         c=label[r], e=tex(R[r]), words={"diverge": "very high", "low": "low", "high": "high",
                                                         "good": "good"}[r]))
    steps.append(say(r"Simulated: the run at $\eta = <<e>>$ passed the divergence bound at step <<k>>; over the last "
                     r"<<w>> steps the other curves averaged $<<a>>$ ($\eta = <<eg>>$), $<<b>>$ ($\eta = <<eh>>$) and "
                     r"$<<c>>$ ($\eta = <<el>>$) above the minimum.", e=tex(R["diverge"]), k=int(traj.diverged_at[3]), w=w,
                     a=tex(pretty(tail[1])), b=tex(pretty(tail[2])), c=tex(pretty(float(np.mean(excess[-w:, 0])))),
                     eg=tex(R["good"]), eh=tex(R["high"]), el=tex(R["low"])))

    correct = (f"Curve {label[asked]}", render("Right: curve <<c>> " + ROLE_TEXT[asked] + r" ($\eta = <<e>>$).",
                                               c=label[asked], e=R[asked]))
    wrong = []
    for r in ROLES:
        if r == asked:
            continue
        note, tag = _wrong_tag(asked, r)
        wrong.append((f"Curve {label[r]}", render("Curve <<c>> " + ROLE_TEXT[r] + r" ($\eta = <<e>>$). ", c=label[r],
                                                  e=R[r]) + note, tag))
    choices = text_choices(correct, wrong)

    shown = sorted(rates)
    prompt = render(
        r"A linear model with two features and an intercept is trained on $n = <<n>>$ samples by mini-batch SGD "
        r"(batch size <<B>>, data reshuffled every epoch) on the mean squared error, starting from all weights $0$. "
        r"Four runs use the learning rates $<<rates>>$, one each, in some order. The figure shows each run's "
        r"training loss minus its minimum value on a log scale over <<T>> steps. " + QUESTION[asked],
        n=N, B=B, T=T, rates=r",\ ".join(tex(pretty(v)) for v in shown))
    return Draft(
        prompt=prompt, solution=tuple(steps), choices=choices, figures=(fig,),
        params={"objective": {"name": "linear_regression", "loss": "mse", "intercept": True},
                "dataset": {"generator": "make_regression", "n": N, "features": 2, "seed": data_seed,
                            "scales": [1, 2], "loc": [0.5, 0], "noise": 1.0},
                "optimizer": {"name": "sgd", "lr": [float(v) for v in rates]}, "batch_size": B,
                "sampling_seed": sgd_seed, "x0": [0.0, 0.0, 0.0], "steps": T, "eta_max_full_batch": eta_max,
                "labels": {label[r]: r for r in ROLES}, "asked": asked},
        tags=("loss-curves", "sgd-noise", "divergence"),
    )
