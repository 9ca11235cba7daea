"""Pick a learning rate from an LR range-test plot (DOMAIN §2.9, archetype H1; misconception M11).

fastai's ``lr_find`` on a seeded regression: ONE mini-batch SGD run whose rate grows exponentially,
lr_i = start·(end/start)^(i/num_it), recording the full training MSE before each step, smoothed with
fastai's debiased EMA (``AvgSmoothLoss``, β = 0.98); the sweep stops once the smoothed loss exceeds 4 ×
its best. Unlike fastai (``skip_end=5``) the plot runs up to the first point above 1.5 × the starting
smoothed loss, on a log loss axis (so the final jump does not flatten the rest), and the suggestions
(after the first num_it//10 points) use the plotted points: ``minimum`` = lr_min/10 (the answer, the
rule named in the prompt; redrawn unless within 5× of ``steep``, the most negative d(loss)/d(log lr),
and below 2/λ_max < lr_min). Options are listed by value, so the key's position comes from the draw:
0–3 distractors below it (the smallest lr of the sweep, where the loss starts to fall, lr_min/100) and
the rest above it (lr_min, the largest lr plotted, 10·lr_min).
"""

import numpy as np

from quizgen.family import Meta, Rounding, calc, num, pick, redraw_if
from quizgen.kit import curves as kit

END, NUM_IT, BETA = 10.0, 100, 0.98
SIG2 = Rounding(sig=2)

QUESTION = r"""An LR range test in the style of fastai's `lr_find` is run on a linear regression (two features and an
intercept, $n = <<n>>$, mean squared error): mini-batch SGD with batch size <<B>> takes one step per learning rate
while the rate grows exponentially from $<<start>>$ to $<<end>>$ over <<it>> iterations. The training loss is recorded
before each step and smoothed (debiased moving average, $\beta = 0.98$); the test stops when the smoothed loss exceeds
4 times its best value. The figure plots the smoothed loss against the learning rate (both axes logarithmic) up to
the first point above 1.5 times the starting smoothed loss. Which constant learning rate does fastai's `minimum`
rule pick for training, i.e. one tenth of the learning rate at which the smoothed loss is lowest?"""

SOLUTION = [
    r"""Read the curve: flat at small rates (too slow to change the loss within one step each), falling where the
    rate is useful, and rising sharply once the rate is too large. The smoothed loss is lowest at
    $\mathrm{lr} \approx <<lmin>>$.""",
    r"""The minimum is *not* the rate to train with: the smoothed curve lags the raw loss, so at its minimum the rate
    is already close to blowing up (the plotted curve shoots up just beyond it, by $\mathrm{lr} \approx <<last>>$).""",
    r"fastai's `minimum` suggestion: $<<sug.work>>$.",
    r"""It lies on the steep downward part of the curve: the most negative slope $d(\text{loss})/d(\log
    \mathrm{lr})$ is at $\mathrm{lr} \approx <<steep>>$ (fastai's `steep`).""",
    r"""Theory agrees: this least-squares loss has full-batch stability limit $2/\lambda_{\max} = <<lim>>$. The
    minimum of the curve lies beyond it, the suggestion below it.""",
]

RIGHT = r"""Right: about a tenth of the lr at the minimum, on the steep downward part of the curve (the steepest point
is near $<<steep>>$). There the loss falls fast and training is still stable."""
M11 = r"""Picking the minimum itself is the classic misreading: there the loss is about to blow up. The EMA lags the raw
loss, and $<<lmin>>$ is already above the full-batch stability limit $2/\lambda_{\max} = <<lim>>$. Step back by
about 10×."""
LARGEST = """That is the largest lr on the plot, where the loss shoots up (the test stops soon after, once the smoothed
loss exceeds 4 × its best): training there diverges."""
SMALLEST = """The smallest lr of the sweep is safe but useless: the curve is flat there because the loss hardly moves.
Pick a rate where the loss is falling fast."""
START = r"""That is where the smoothed loss only begins to fall (below 98 % of its starting value): as a constant rate
it is needlessly slow. The `minimum` rule steps back from the lowest point by a factor of 10, to $<<sug>>$."""
HUNDREDTH = r"""That steps back two decades from the minimum $<<lmin>>$ instead of one: safe, but ten times slower than
the rule's $<<sug>>$, a tenth of the minimum."""
TENFOLD = r"""That is ten times the lr at the minimum: the rule steps *down* from $<<lmin>>$ by a factor of 10. This rate
lies beyond $<<last>>$, where the plotted curve has already shot up."""


def _smoothed(losses):
    """fastai's AvgSmoothLoss: v ← βv + (1 − β)·loss, reported debiased as v/(1 − βⁱ)."""
    out, val = np.empty(len(losses)), 0.0
    for i, loss in enumerate(losses):
        val = BETA * val + (1 - BETA) * loss
        out[i] = val / (1 - BETA ** (i + 1))
    return out


def _stop(smooth):
    """Number of points recorded before fastai stops: smoothed loss > 4 × best so far, or not finite."""
    hits = np.flatnonzero(~np.isfinite(smooth) | (smooth > 4 * np.minimum.accumulate(smooth)))
    return int(hits[0]) + 1 if hits.size else None


def first_below(values, level):
    """The index of the first value below ``level``, or None."""
    hits = np.flatnonzero(values < level)
    return int(hits[0]) if hits.size else None


def _apart(value, others, gap=0.15):
    """Whether ``value`` (as printed to 2 figures) is at least ``gap`` (relative) away from all ``others``."""
    v = num(value, SIG2).value
    return all(abs(v - o) >= gap * max(abs(v), abs(o)) for o in others)


def data(rng):
    scales, locs = pick(rng, ([1, 2], [1, 1], [2, 1], [0.5, 1.5])), pick(rng, ([1, 0], [0, 0], [0.5, -0.5], [0, 1]))
    noise, B, start = pick(rng, (0.3, 0.5, 1.0)), pick(rng, (8, 16, 32)), pick(rng, (1e-5, 1e-4, 1e-3))
    data_seed, sgd_seed = int(rng.integers(10_000)), int(rng.integers(10_000))
    fit = kit.regression(200, data_seed, scales=scales, loc=locs, noise=noise)
    eta_max = fit.eta_max
    traj = fit.run(kit.sweep(start, END, NUM_IT), NUM_IT, batch_size=B, seed=sgd_seed)
    lrs = traj.lrs[:, 0]
    smooth = _smoothed(np.where(np.isfinite(traj.losses[:-1, 0]), traj.losses[:-1, 0], np.inf))
    stop = _stop(smooth)
    redraw_if(stop is None or stop < NUM_IT // 2, "the sweep must blow up in its second half")
    # plot (and quote) the points up to the first one above 1.5 × the starting smoothed loss: the blow-up is
    # shown without dwarfing the rest of the curve on a linear axis
    above = np.flatnonzero(smooth[:stop] > 1.5 * smooth[0])
    cut = int(above[0]) + 1 if above.size else stop
    lr_rec, sm_rec = lrs[:cut], smooth[:cut]
    lr_w, sm_w = lr_rec[NUM_IT // 10: cut], sm_rec[NUM_IT // 10: cut]  # every plotted point after the first 10 %
    lr_min = float(lr_w[int(np.argmin(sm_w))])
    lr_steep = float(lr_w[int(np.argmin(np.diff(sm_w) / np.diff(np.log(lr_w))))])
    lmin = num(lr_min, SIG2)
    redraw_if(not lr_min / 10 < eta_max < lr_min, "keep the classic picture: minimum above 2/λ_max, minimum/10 below")
    redraw_if(lmin.value < 1.03 * eta_max, "the minimum (as printed) must sit clearly above 2/λ_max, not within 3 %")
    redraw_if(not 0.2 < lr_steep / (lr_min / 10) < 5, "the steepest point and minimum/10 disagree")
    redraw_if(sm_rec[-1] < 1.5 * sm_rec[0], "the plotted curve should show the blow-up")
    last, first = float(lr_rec[-1]), float(lr_rec[0])
    d = dict(n=200, B=B, it=NUM_IT, start=num(start, sig=4), end=num(END, sig=4), lrs=lrs,
             lmin=lmin, lr_min=lr_min, sug=calc("m/10", SIG2, m=lmin), steep=num(lr_steep, SIG2),
             last=num(last, SIG2), lim=num(eta_max, sig=4), eta_max=eta_max, lr_rec=lr_rec, sm_rec=sm_rec,
             params={"dataset": {"generator": "make_regression", "n": 200, "features": 2, "seed": data_seed,
                                 "scales": scales, "loc": locs, "noise": noise},
                     "range_test": {"start_lr": start, "end_lr": END, "num_it": NUM_IT, "smooth_beta": BETA,
                                    "stop_factor": 4, "recorded_points": stop},
                     "lr_min": lr_min, "lr_steep": lr_steep, "eta_max": eta_max})
    # the options are listed by value: 0–3 wrong rates below the key and the rest above it, drawn
    fall = first_below(sm_rec, 0.98 * sm_rec[0])
    below = [(first, SMALLEST, "smallest-is-safest"), (None if fall is None else float(lr_rec[fall]), START,
              "start-of-descent"), (lmin.value / 100 if lmin.value / 100 > first else None, HUNDREDTH, "two-decades-back")]
    above = [(lmin.value, M11, "M11"), (last, LARGEST, "largest-lr"),
             (10 * lmin.value if last < 10 * lmin.value <= END else None, TENFOLD, "multiplied-by-ten")]
    kept = [d["sug"].value]
    below, above = ([c for c in side if c[0] is not None and _apart(c[0], kept) and not kept.append(c[0])]
                    for side in (below, above))
    below = [c for c in below if c[0] < d["sug"].value]
    counts = [k for k in range(4) if k <= len(below) and 3 - k <= len(above)]
    redraw_if(not counts, "too few distinct wrong rates on one side of the key")
    k = pick(rng, counts)
    d["choices"] = kit.numbers(d, (d["sug"].value, RIGHT), below[:k] + above[: 3 - k],
                               SIG2, template=r"$\mathrm{lr} \approx <<v>>$", min_rel_gap=0.1)
    return d


def figures(d):
    line = [("", d["lr_rec"], d["sm_rec"])]
    return [kit.plot(d, line, xlabel="learning rate (log scale)", ylabel="smoothed training loss (log scale)",
                     xscale="log", yscale="log",
                     alt="Smoothed training loss against learning rate, both axes logarithmic: flat at small rates, "
                         "falling in the middle, then rising sharply at the largest rates shown.",
                     caption="LR range test: one mini-batch per learning rate. The loss axis is logarithmic and the "
                             "plot stops at the first point above 1.5 times the starting loss, so the final blow-up "
                             "does not flatten the rest of the curve."),
            kit.plot(d, [("smoothed loss", *line[0][1:])], xlabel="learning rate (log scale)",
                     ylabel="smoothed training loss (log scale)", xscale="log", yscale="log",
                     vlines=[(d["lr_min"], "minimum"), (d["sug"].value, "minimum / 10"),
                             (d["eta_max"], r"$2/\lambda_{\max}$")],
                     alt="The same range-test curve with vertical lines at the minimum, at a tenth of it, and at the "
                         "full-batch stability limit.", caption="The suggestion and the theory.", in_solution=True)]


META = Meta(id="range_test.pick_lr", topic="range-test", difficulty=2, kind="multiple_choice",
            objective="Choose a learning rate from an LR range-test plot: on the steep descending part, about a "
                      "tenth of the lr at the loss minimum, not the minimum itself.",
            # the simulated sweep is the exponential one the prompt describes
            closed_form=lambda d: {"lrs": d["start"].value * (END / d["start"].value) ** (np.arange(NUM_IT) / NUM_IT)},
            figures=figures, tags=("range-test", "lr-find", "M11"))
