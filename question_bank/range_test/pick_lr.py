"""Pick a learning rate from an LR range-test plot (DOMAIN §2.9, archetype H1; misconception M11).

The fastai ``lr_find`` protocol is simulated on a seeded regression problem: ONE mini-batch SGD
run (``core.run`` with ``batch_size``/``seed``) whose learning rate grows exponentially,
lr_i = start·(end/start)^(i/num_it), built as ``core.exponential_decay(start, γ)`` with γ > 1.
The recorded loss (here the full training-set MSE before each step) is smoothed with fastai's
debiased EMA (``AvgSmoothLoss``, β = 0.98: v ← βv + (1 − β)loss, reported v/(1 − βⁱ)), and the
sweep stops once the smoothed loss exceeds 4 × its best. Suggestions: ``minimum`` = (lr at the
lowest smoothed loss)/10, and ``steep`` = the lr with the most negative slope d(loss)/d(log lr),
both over the points after the first num_it//10. fastai drops the last 5 points from its plot
(``skip_end=5``) and from its suggestions alike; here the plot instead runs up to the first point
above 1.5 × the starting smoothed loss, so the blow-up is visible on a linear axis, and the
suggestions use the plotted points, so what the student reads off the plot is what the solution uses.

The figure shows the smoothed loss against the lr on a log lr-axis. The correct choice is the
``minimum`` suggestion (lr_min/10), which must lie within a factor 5 of the steepest point
(so "the steep part of the curve" and "min ÷ 10" agree) and below the full-batch stability
limit 2/λ_max, while lr_min itself lies above that limit (draws that break this are redrawn).
Distractors: the lr at the minimum (M11), the largest lr reached (where it blew up), and the
smallest lr of the sweep.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import (
    Draft, Redraw, Rounding, calc, curves, numeric_choices, pick, pretty, question, render, say, series, tex,
)

N = 200
SCALES = ([1, 2], [1, 1], [2, 1], [0.5, 1.5])
LOCS = ([1, 0], [0, 0], [0.5, -0.5], [0, 1])
NOISES = (0.3, 0.5, 1.0)
BATCHES = (8, 16, 32)
STARTS = (1e-5, 1e-4, 1e-3)
END = 10.0
NUM_IT = 100
BETA = 0.98
SIG2 = Rounding(sig=2)


def _smoothed(losses: np.ndarray) -> np.ndarray:
    """fastai's AvgSmoothLoss: debiased exponential moving average of the recorded losses."""
    out = np.empty(len(losses))
    val = 0.0
    for i, loss in enumerate(losses):
        val = BETA * val + (1 - BETA) * loss
        out[i] = val / (1 - BETA ** (i + 1))
    return out


def _stop(smooth: np.ndarray) -> int | None:
    """Number of points recorded before fastai stops: smoothed loss > 4 × best, or NaN."""
    best = np.inf
    for i, v in enumerate(smooth):
        if not np.isfinite(v):
            return i + 1
        best = min(best, v)
        if v > 4 * best:
            return i + 1
    return None


@question("range_test.pick_lr", topic="range-test", difficulty=2, kind="multiple_choice", plot=True,
          objective="Choose a learning rate from an LR range-test plot: on the steep descending part, about a tenth of "
                    "the lr at the loss minimum, not the minimum itself.")
def pick_lr(rng: np.random.Generator) -> Draft:
    scales, locs, noise = pick(rng, SCALES), pick(rng, LOCS), pick(rng, NOISES)
    B, start = pick(rng, BATCHES), pick(rng, STARTS)
    data_seed, sgd_seed = int(rng.integers(10_000)), int(rng.integers(10_000))
    data = core.make_regression(N, 2, seed=data_seed, scales=scales, loc=locs, intercept=True, noise=noise)
    objective = core.LinearRegression(data.X, data.y)
    eta_max = core.theory.regression_max_lr(data.X)

    gamma = (END / start) ** (1.0 / NUM_IT)
    sweep = core.exponential_decay(start, gamma)
    traj = core.run(core.sgd(sweep), objective, x0=np.zeros(3), steps=NUM_IT, batch_size=B, seed=sgd_seed)
    lrs = traj.lrs[:, 0]
    if not np.allclose(lrs, start * (END / start) ** (np.arange(NUM_IT) / NUM_IT), rtol=1e-10):
        raise AssertionError("the sweep schedule disagrees with start·(end/start)^(i/num_it)")
    recorded = np.where(np.isfinite(traj.losses[:-1, 0]), traj.losses[:-1, 0], np.inf)
    smooth = _smoothed(recorded)
    stop = _stop(smooth)
    if stop is None or stop < NUM_IT // 2:
        raise Redraw("the sweep must blow up in its second half")
    # plot (and quote) the recorded points up to the first one above 1.5 × the starting smoothed loss: the
    # blow-up is shown without dwarfing the rest of the curve on a linear axis
    above = np.flatnonzero(smooth[:stop] > 1.5 * smooth[0])
    cut = int(above[0]) + 1 if above.size else stop
    lr_rec, sm_rec = lrs[:cut], smooth[:cut]
    window = slice(NUM_IT // 10, cut)     # every plotted point after the first 10 % (see the module docstring)
    lr_w, sm_w = lr_rec[window], sm_rec[window]
    i_min = int(np.argmin(sm_w))
    lr_min = float(lr_w[i_min])
    slopes = np.diff(sm_w) / np.diff(np.log(lr_w))
    lr_steep = float(lr_w[int(np.argmin(slopes))])
    if not lr_min / 10 < eta_max < lr_min:
        raise Redraw("keep the classic picture: minimum above 2/λ_max, minimum/10 below it")
    if float(pretty(lr_min, SIG2)) < 1.03 * eta_max:
        raise Redraw("the minimum (as printed) must sit clearly above 2/λ_max, not within 3 % of it")
    if not 0.2 < lr_steep / (lr_min / 10) < 5:
        raise Redraw("the steepest point and minimum/10 disagree")
    if sm_rec[-1] < 1.5 * sm_rec[0]:
        raise Redraw("the plotted curve should show the blow-up")

    LMIN = pretty(lr_min, SIG2)
    step, SUG = calc(r"fastai's `minimum` suggestion: $<<m>>/10 = <<result>>$.", f"{LMIN}/10", SIG2, m=tex(LMIN))
    last, first = float(lr_rec[-1]), float(lr_rec[0])
    ETA, STEEP = pretty(eta_max), pretty(lr_steep, SIG2)
    feedback_ok = render(
        r"Right: about a tenth of the lr at the minimum, on the steep downward part of the curve (the steepest "
        r"point is near $<<s>>$). There the loss falls fast and training is still stable.", s=tex(STEEP))
    choices = numeric_choices(
        (float(SUG), feedback_ok),
        [(float(LMIN), render(r"Picking the minimum itself is the classic misreading: there the loss is about to blow up. The EMA lags "
                              r"the raw loss, and $<<m>>$ is already above the full-batch stability limit "
                              r"$2/\lambda_{\max} = <<e>>$. Step back by about 10×.", m=tex(LMIN), e=tex(ETA)), "M11"),
         (last, r"That is the largest lr on the plot, where the loss shoots up (the test stops soon after, once "
                r"the smoothed loss exceeds 4 × its best): training there diverges.", "largest-lr"),
         (first, r"The smallest lr of the sweep is safe but useless: the curve is flat there because the loss hardly "
                 r"moves. Pick a rate where the loss is falling fast.", "smallest-is-safest")],
        SIG2, template=r"$\mathrm{lr} \approx <<v>>$", min_rel_gap=0.1)

    x = lr_rec
    fig = curves([series("", x, sm_rec)], xlabel="learning rate (log scale)", ylabel="smoothed training loss",
                 xscale="log", alt="Smoothed training loss against learning rate on a logarithmic lr axis: flat at "
                                   "small rates, falling in the middle, then rising sharply at the largest rates shown.",
                 caption="LR range test: one mini-batch per learning rate.")
    sol_fig = curves([series("smoothed loss", x, sm_rec)], xlabel="learning rate (log scale)",
                     ylabel="smoothed training loss", xscale="log",
                     vlines=[(lr_min, "minimum"), (float(SUG), "minimum / 10"), (eta_max, r"$2/\lambda_{\max}$")],
                     alt="The same range-test curve with vertical lines at the minimum, at a tenth of it, and at the "
                         "full-batch stability limit.", caption="The suggestion and the theory.", in_solution=True)

    steps = [
        say(r"Read the curve: flat at small rates (too slow to change the loss within one step each), falling where "
            r"the rate is useful, and rising sharply once the rate is too large. The smoothed loss is lowest at "
            r"$\mathrm{lr} \approx <<m>>$.", m=tex(LMIN)),
        say(r"The minimum is *not* the rate to train with: the smoothed curve lags the raw loss, so at its minimum "
            r"the rate is already close to blowing up (the plotted curve shoots up just beyond it, by $\mathrm{lr} \approx <<last>>$)."
            , last=tex(pretty(last, SIG2))),
        step,
        say(r"It lies on the steep downward part of the curve: the most negative slope $d(\text{loss})/d(\log "
            r"\mathrm{lr})$ is at $\mathrm{lr} \approx <<s>>$ (fastai's `steep`).", s=tex(STEEP)),
        say(r"Theory agrees: this least-squares loss has full-batch stability limit $2/\lambda_{\max} = <<e>>$. The "
            r"minimum of the curve lies beyond it, the suggestion below it.", e=tex(ETA)),
    ]
    prompt = render(
        r"An LR range test in the style of fastai's `lr_find` is run on a linear regression (two features and an "
        r"intercept, $n = <<n>>$, mean squared error): mini-batch SGD with batch size <<B>> takes one step per "
        r"learning rate while the rate grows exponentially from $<<s>>$ to $<<end>>$ over <<it>> iterations. The "
        r"training loss is recorded before each step and smoothed (debiased moving average, $\beta = 0.98$); the "
        r"test stops when the smoothed loss exceeds 4 times its best value. Which constant learning rate should you "
        r"pick for training, following the usual rule of thumb for reading this plot?",
        n=N, B=B, s=tex(pretty(start)), end=tex(pretty(END)), it=NUM_IT)
    return Draft(
        prompt=prompt, solution=tuple(steps), choices=choices, figures=(fig, sol_fig),
        params={"objective": {"name": "linear_regression", "loss": "mse", "intercept": True},
                "dataset": {"generator": "make_regression", "n": N, "features": 2, "seed": data_seed,
                            "scales": scales, "loc": locs, "noise": noise},
                "optimizer": {"name": "sgd"}, "batch_size": B, "sampling_seed": sgd_seed, "x0": [0.0, 0.0, 0.0],
                "schedule": {"name": "exponential_decay", "init_value": start, "gamma": gamma},
                "range_test": {"start_lr": start, "end_lr": END, "num_it": NUM_IT, "smooth_beta": BETA,
                               "stop_factor": 4, "recorded_points": stop},
                "lr_min": lr_min, "lr_steep": lr_steep, "eta_max": eta_max},
        tags=("range-test", "lr-find", "M11"),
    )
