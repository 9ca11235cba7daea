"""Diagnose four mini-batch SGD loss curves (DOMAIN §3 archetypes C1 and C2, CS231n's four curves).

A seeded linear regression (MSE) is trained by mini-batch SGD from zero at about 0.01–0.02×, 0.25–0.3×,
0.8–0.9× and 1.3–1.5× of the full-batch limit 2/λ_max, in one batched run; each role is checked on the
simulated curves (diverges; fast drop to a noisy plateau above the best; slow steady decline; lowest
plateau). Curves numbered 1–4 at random; the y-axis is the MSE minus its minimum (log scale).
"""

import numpy as np

from quizgen.family import Meta, Rounding, num, pick, redraw_if
from quizgen.kit import curves as kit

FACTORS = {"low": (0.01, 0.02), "good": (0.25, 0.3), "high": (0.8, 0.9), "diverge": (1.3, 1.5)}
ROLES = ("low", "good", "high", "diverge")
LABELS = "1234"  # numbers, not letters: the choices themselves are lettered A–D
ASKED = {
    "diverge": "Which curve belongs to a learning rate so high that training diverges?",
    "low": "Which curve belongs to a learning rate that is too low?",
    "high": ("Which curve belongs to a learning rate that is high but still stable: fast progress at first, then a "
             "noisy plateau above the best curve?"),
    "good": "Which curve belongs to the best of the four learning rates for this training budget?",
}
ROLE_TEXT = {
    "diverge": "explodes: its loss rises without bound (the run diverges), so its rate is too high",
    "low": "falls slowly and steadily and is still <<low_gap>> at the end, so its rate is too low",
    "high": ("drops fast, then bounces on a noisy plateau above the best curve, so its rate is high: stable, but the "
             "mini-batch noise keeps it from settling"),
    "good": "drops quickly and settles on the lowest plateau, so its rate is the best of the four",
}
WRONG = {  # (asked, chosen): the misconception note and tag of choosing the curve of `chosen`
    ("diverge", "high"): ("A noisy curve is not a diverging one: its plateau stays bounded. Wiggles come from "
                          "mini-batch noise, not necessarily from instability.", "M4"),
    ("good", "high"): ("A noisy plateau that sits above another curve has not converged to the best loss: the larger "
                       "rate's mini-batch noise keeps it higher.", "noisy-plateau-converged"),
    ("high", "good"): ("The best curve settles lowest; the high rate's plateau is higher and noisier, because the "
                       "noise floor of SGD grows with the learning rate.", "noisy-plateau-converged"),
    ("low", "good"): ("A smooth curve is not automatically too slow: this one settles lowest. The too-low rate is the "
                      "one still <<low_gap>> at the end.", "low-vs-good"),
    ("good", "low"): ("The smallest rate is the safest, not the best: within this budget it is still far from the "
                      "minimum, so it underfits.", "M1-reverse"),
    ("low", "high"): ("Noise is not slowness: the noisy curve reached its plateau quickly; too-low rates give a slow, "
                      "smooth decline.", "M4"),
    ("high", "diverge"): ("That curve does not plateau at all: it explodes. The high-but-stable rate stays bounded.",
                          "M5"),
    ("high", "low"): ("That curve is smooth and slow, the signature of a rate that is too low.", "low-vs-high"),
    ("good", "diverge"): ("That curve explodes: a rate above the stability limit is never the best choice.", "M1"),
    ("diverge", "low"): ("That curve still falls, just slowly: a small rate does not make SGD blow up.",
                         "small-lr-diverges"),
    ("diverge", "good"): ("That curve settles lowest; it is the best rate, not a diverging one.", "misread-plot"),
    ("low", "diverge"): ("That curve rises: its rate is far too high, not too low.", "misread-plot"),
}

QUESTION = r"""A linear model with two features and an intercept is trained on $n = <<n>>$ samples by mini-batch SGD
(batch size <<B>>, data reshuffled every epoch) on the mean squared error, starting from all weights $0$. Four runs
use the learning rates $<<shown|join(',\\ ')>>$, one each, in some order. The figure shows each run's training loss
minus its minimum value on a log scale over <<T>> steps. <<ask>>"""

SOLUTION = [
    r"""For full-batch gradient descent on this loss the limit is $2/\lambda_{\max} = <<lim>>$; mini-batch noise makes
    the practical limit a little lower.""",
    *(f"Curve <<label.{r}>> ({words}) {ROLE_TEXT[r]}. It is the run with $\\eta = <<R.{r}>>$."
      for r, words in (("diverge", "very high"), ("low", "low"), ("high", "high"), ("good", "good"))),
    r"""Simulated: the run at $\eta = <<R.diverge>>$ passed the divergence bound at step <<k>>; over the last <<w>>
    steps the other curves averaged $<<tail[1]>>$ ($\eta = <<R.good>>$), $<<tail[2]>>$ ($\eta = <<R.high>>$) and
    $<<tail[0]>>$ ($\eta = <<R.low>>$) above the minimum.""",
]


def _about(r: str, lead: str) -> str:
    """A feedback template: '<lead> <<label.r>> <what the curve does> ($\\eta = …$).'"""
    return f"{lead} <<label.{r}>> {ROLE_TEXT[r]} ($\\eta = <<R.{r}>>$)."


def data(rng):
    B, T = pick(rng, (25, 40)), pick(rng, (60, 80))
    data_seed, sgd_seed = int(rng.integers(10_000)), int(rng.integers(10_000))
    fit = kit.regression(200, data_seed, scales=[1, 2], loc=[0.5, 0], noise=1.0)
    eta_max = fit.eta_max
    rates = np.array([num(pick(rng, FACTORS[r]) * eta_max, Rounding(sig=2)).value for r in ROLES])
    ratio = rates / eta_max
    redraw_if(not (ratio[2] <= 0.95 and ratio[3] >= 1.1), "rounding moved a rate too close to the full-batch limit")
    traj = fit.run(rates, T, batch_size=B, seed=sgd_seed)
    excess = traj.losses - fit.train.min_value
    w = T // 3
    tail = [float(np.mean(excess[-w:, i])) for i in range(3)]
    redraw_if(not (traj.diverged[3] and not traj.diverged[:3].any()
                   and excess[-1, 0] > 3 * tail[1]                         # too low: still far above at the end
                   and tail[2] > 2 * tail[1]                               # high: plateau clearly above the good one
                   and np.max(excess[-w:, 2]) < 0.5 * excess[0, 2]         # ... but bounded and readable
                   and np.all(np.diff(excess[:, 0]) < 0.05 * excess[0, 0])),  # too low: a steady decline
              "the simulated curves do not show the four roles cleanly")
    order = rng.permutation(4)
    label = {ROLES[i]: LABELS[j] for j, i in enumerate(order)}
    asked = pick(rng, ROLES)
    d = dict(n=200, B=B, T=T, w=w, asked=asked, ask=ASKED[asked], label=label, order=order, excess=excess,
             R={r: num(rates[i], sig=4) for i, r in enumerate(ROLES)}, shown=[num(v, sig=4) for v in sorted(rates)],
             lim=num(eta_max, sig=4), tail=[num(v, sig=4) for v in tail], k=int(traj.diverged_at[3]),
             # the too-low curve is always > 3× the best one at the end; "the others" only if also > 3× the high one
             low_gap="far above the other stable curves" if excess[-1, 0] > 3 * tail[2] else "far above the best curve",
             params={"dataset": {"generator": "make_regression", "n": 200, "features": 2, "seed": data_seed,
                                 "scales": [1, 2], "loc": [0.5, 0], "noise": 1.0},
                     "eta_max_full_batch": eta_max, "labels": {label[r]: r for r in ROLES}, "asked": asked})
    d["choices"] = kit.statements(d, ("Curve <<label[asked]>>", _about(asked, "Right: curve")),
                                  [(f"Curve <<label.{r}>>", _about(r, "Curve") + " " + WRONG[asked, r][0],
                                    WRONG[asked, r][1]) for r in ROLES if r != asked])
    return d


def figures(d):
    top, lines = 100.0 * float(d["excess"][0, 3]), []
    for j, i in enumerate(d["order"]):
        y, options = d["excess"][:, i], {}
        if ROLES[i] == "diverge":  # drawn until it leaves the plotting range (100× its start), ✕ there
            out = np.flatnonzero(~(y <= top))
            end = int(out[0]) + 1 if out.size else len(y)
            y, options = y[:end], {"diverged_at": end - 1}
        lines.append(("curve " + LABELS[j], None, y, options))
    return [kit.plot(d, lines, xlabel="step", ylabel="training MSE minus its minimum", yscale="log",
                     alt="Four training-loss curves numbered 1 to 4 on a log scale over <<T>> steps of mini-batch SGD.",
                     caption="Training loss above its minimum value, one curve per learning rate; ✕ marks where a "
                             "curve leaves the plot (100 times its starting value).")]


META = Meta(id="curves.loss_curves.diagnose", topic="loss-curves", difficulty=1, kind="multiple_choice",
            objective="Read mini-batch SGD loss curves to tell a diverging, a too-high, a too-low and a good "
                      "learning rate apart.",
            figures=figures, tags=("loss-curves", "sgd-noise", "divergence"))
