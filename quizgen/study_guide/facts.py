"""The must-know facts, each shown by a run made for this guide on its seed's problems.

Every sentence that describes a run is chosen by what that run's numbers say — a rate is
called diverging only if its loss grew, overshooting only if its sign flipped — and each
fact's ``run`` records the parameters and numbers, so tests can redo the run independently.
"""

from __future__ import annotations

import numpy as np

from quizgen import core
from quizgen.figdata import contour_paths, curves, series, until_outside
from quizgen.printed import half_quadratic
from quizgen.study_guide.model import Fact
from quizgen.study_guide.numbers import falls_every_step, grew, growth, m, printed, rises, sign_changes, tex
from quizgen.study_guide.problems import Problems

STEPS_1D = 25
STEPS_2D = 40
STEPS_MOMENTUM = 80
SGD_STEPS = 800
RANGE_TEST = dict(start=1e-4, end=10.0, num_it=100, beta=0.98, stop_factor=4.0)
NOISE_FRACTIONS = (0.05, 0.1, 0.2)  # constant SGD rates, as fractions of the full-batch limit
POLY = dict(n=25, n_val=200, degree=15, noise=0.3, steps=2000, fractions=(0.0003, 0.003, 0.03, 0.3, 0.95))


def regime_1d(losses: np.ndarray, w: np.ndarray) -> str:
    """What a 1-D run did, read off its numbers: diverging, zigzag, too small or good."""
    if grew(losses):
        return "diverging"
    if sign_changes(w) > 0:
        return "zigzag"
    return "too small" if losses[-1] > 1e-2 * losses[0] else "good"


def regimes(p: Problems) -> Fact:
    """One 1-D problem at four rates: too small, good, zigzag, diverging."""
    a, w0, rates, T = p.a, p.w0, p.rates, STEPS_1D
    traj = core.run(core.sgd(np.array(rates)), core.Quadratic1D(a), x0=w0, steps=T)
    L, W = traj.losses, traj.params[:, :, 0]
    evidence, names = [], []
    for i, eta in enumerate(rates):
        loss, w = L[:, i], W[:, i]
        kind = regime_1d(loss, w)
        names.append(kind)
        head = rf"$\eta = {tex(eta, 4)}$ ($\eta a = {tex(eta * a, 3)}$): "
        flips = sign_changes(w)
        fell = "fell at every step" if falls_every_step(loss) else "fell overall"
        if kind == "diverging":
            evidence.append(head + f"the loss **grew** {growth(loss, T)} — it diverges; $w$ changed sign at "
                            rf"{flips} of the {T} steps while moving further out ($w_1 = {tex(w[1])}$, "
                            rf"$w_2 = {tex(w[2])}$).")
        elif kind == "zigzag":
            evidence.append(head + rf"$w$ **overshoots**: its sign flipped at {flips} of the {T} steps "
                            rf"($w_1 = {tex(w[1])}$, $w_2 = {tex(w[2])}$), yet the loss {fell}, to "
                            rf"{m(loss[-1] / loss[0], 2)} times its start — zigzagging is not diverging.")
        elif kind == "too small":
            evidence.append(head + rf"the loss {fell} but **slowly**: after {T} steps it is still "
                            rf"{m(loss[-1] / loss[0], 2)} times its start — too small a rate wastes steps.")
        else:
            evidence.append(head + rf"the loss {fell}, from one side of the minimum, to "
                            rf"{m(loss[-1] / loss[0], 2)} times its start after {T} steps — a good rate.")
    k = np.arange(T + 1)
    lines = [series(rf"$\eta = {tex(eta, 4)}$ ({names[i]})", k, L[:, i], diverged_at=None) for i, eta in
             enumerate(rates)]
    path_lines = [series(rf"$\eta = {tex(eta, 4)}$ ({names[i]})", k[:13], W[:13, i], marker=True)
                  for i, eta in enumerate(rates)]
    figures = (
        curves(lines, xlabel="step $k$", ylabel="loss $f(w_k)$ (log scale)", yscale="log",
               alt=f"Loss against step on a log scale for the four learning rates: {', '.join(names)}.",
               caption=rf"The loss of $f(w) = {half_quadratic(int(a))}$ from $w_0 = {w0:g}$ at four rates."),
        curves(path_lines, xlabel="step $k$", ylabel="$w_k$", hlines=[(0.0, "minimum")],
               alt="The iterate w_k against step for the same four rates: one side, one side slowly, "
                   "alternating in sign, and alternating with growing size.",
               caption="The iterates themselves (first 12 steps): the zigzag rate flips sign at every step."),
    )
    return Fact(
        key="regimes",
        title="Too small is slow, too large overshoots, and beyond a limit it diverges",
        statement=(r"On $f(w) = \frac{a}{2}w^2$ each step multiplies $w$ by $r = 1 - \eta a$. For $\eta < 1/a$ it "
                   r"approaches the minimum from one side (slowly if $\eta$ is tiny); for $1/a < \eta < 2/a$ it "
                   r"overshoots and zigzags but still converges; for $\eta > 2/a$ it diverges. Here "
                   rf"$a = {a:g}$, so $1/a = {tex(1 / a, 3)}$ and $2/a = {tex(2 / a, 3)}$."),
        evidence=tuple(evidence),
        figures=figures,
        run={"a": a, "w0": w0, "rates": list(rates), "steps": T, "regimes": names,
             "loss_left": [float(L[-1, i] / L[0, i]) for i in range(len(rates))]},
        corrects=("“Too high a rate makes the loss oscillate”: for full-batch gradient descent on a quadratic "
                  "the *parameter* zigzags while the loss still falls; a loss that goes up and down comes from "
                  "mini-batch noise or momentum (facts 4 and 5), or from a loss that is not quadratic."),
    )


def _grid(lam, x0, span: float = 1.25, n: int = 61):
    bx, by = span * abs(x0[0]), span * max(abs(x0[1]), 0.5 * abs(x0[0]))
    gx, gy = np.linspace(-bx, bx, n), np.linspace(-by, by, n)
    X, Y = np.meshgrid(gx, gy)
    return gx, gy, 0.5 * (lam[0] * X * X + lam[1] * Y * Y), (bx, by)


def threshold(p: Problems) -> Fact:
    """2/λ_max on an ill-conditioned 2-D quadratic: the steep direction sets the limit."""
    lam, x0, T = np.array(p.eigenvalues), np.array(p.x0), STEPS_2D
    limit, star = 2 / lam[1], float(core.theory.optimal_lr(lam))
    slow, under, over, best = printed(0.4 * limit, 2), printed(0.9 * limit, 2), printed(1.1 * limit, 2), printed(star, 3)
    rates = np.array([slow, under, over, best])
    traj = core.run(core.sgd(rates), core.Quadratic(lam), x0, T)
    L, P = traj.losses, traj.params
    rho = float(core.theory.optimal_rate(lam))
    evidence = [rf"The Hessian's eigenvalues are $\lambda_{{\min}} = {lam[0]:g}$ and $\lambda_{{\max}} = {lam[1]:g}$ "
                rf"(condition number $\kappa = {lam[1] / lam[0]:g}$), so the limit is "
                rf"$2/\lambda_{{\max}} = {tex(limit, 3)}$. The flat direction alone would allow "
                rf"$2/\lambda_{{\min}} = {tex(2 / lam[0], 3)}$ — it does not count."]
    verdicts = []
    for i, eta in enumerate(rates):
        loss, steep = L[:, i], P[:, i, 1]
        head = (rf"$\eta^* = 2/(\lambda_{{\min}} + \lambda_{{\max}}) = {tex(eta, 3)}$: " if i == 3 else
                rf"$\eta = {tex(eta, 3)}$ (about {(0.4, 0.9, 1.1)[i]:g}× the limit): ")
        if grew(loss):
            verdicts.append("diverges")
            evidence.append(head + f"the loss **grew** {growth(loss, T)}: it "
                            rf"diverges along the steep direction, $x_2$ flipping sign and growing.")
        else:
            verdicts.append("converges")
            flips = sign_changes(steep)
            how = (f"zigzagging across the valley ($x_2$ changed sign {flips} times)" if flips
                   else "without crossing the valley floor")
            extra = ""
            if i == 3:
                # ρ* is a worst case over all starts: said as such, with what the printed rate gives, and
                # whether another rate happened to end lower from this start
                factor = float(np.max(np.abs(1 - eta * lam)))
                lower = [rates[j] for j in range(3) if not grew(L[:, j]) and L[-1, j] < loss[-1]]
                extra = (rf" It makes the worst per-step factor of the error, $\max_i |1 - \eta\lambda_i|$, as small "
                         rf"as a constant rate can: $\rho^* = (\kappa - 1)/(\kappa + 1) = {tex(rho, 3)}$ (the printed "
                         rf"rate gives ${tex(factor, 3)}$). That is a guarantee for every start, not the lowest loss "
                         r"from a given one" + (rf": from this start $\eta = {tex(lower[0], 3)}$ ends lower." if lower
                                                 else "."))
            evidence.append(head + rf"converges, {how}; the loss is {m(loss[-1] / loss[0], 2)} times its start "
                            rf"after {T} steps.{extra}")
    gx, gy, z, box = _grid(lam, x0)
    paths = [{"label": rf"$\eta = {tex(eta, 3)}$ ({verdicts[i]})", "x": q[:, 0], "y": q[:, 1]}
             for i, eta in enumerate(rates[:3]) for q in [until_outside(P[:, i, :], box)]]
    fig = contour_paths(gx, gy, z, paths,
                        alt=("Elliptical contours of a valley that is steep across and flat along, with three "
                             f"gradient-descent paths from the same start: {', '.join(verdicts[:3])}."),
                        caption=rf"Contours of $f(x) = \frac{{1}}{{2}}({lam[0]:g}\,x_1^2 + {lam[1]:g}\,x_2^2)$ with "
                                "three paths from the same start (●); ★ is the minimum.")
    return Fact(
        key="threshold",
        title=r"The stability limit is $2/\lambda_{\max}$: the steepest direction decides",
        statement=(r"On a quadratic with Hessian eigenvalues $\lambda_i$, gradient descent multiplies the error along "
                   r"eigenvector $i$ by $1 - \eta\lambda_i$ per step, so it converges from every start exactly when "
                   r"$0 < \eta < 2/\lambda_{\max}$. The flat directions then converge slowly: that is "
                   r"ill-conditioning. For neural networks this is a local rule of thumb, not an exact limit: their "
                   r"curvature changes during training."),
        evidence=tuple(evidence),
        figures=(fig,),
        run={"eigenvalues": lam.tolist(), "x0": x0.tolist(), "rates": rates.tolist(), "steps": T,
             "limit": limit, "verdicts": verdicts},
    )


def momentum_adam(p: Problems) -> Fact:
    """Heavy-ball momentum and Adam against plain GD on the same 2-D problem."""
    lam, x0, T, beta = np.array(p.eigenvalues), np.array(p.x0), STEPS_MOMENTUM, p.beta
    obj = core.Quadratic(lam)
    eta = printed(1 / lam[1], 3)
    tol = 1e-6 * float(obj.value(x0))
    gd = core.run(core.sgd(eta), obj, x0, T, tol=tol)
    hb = core.run(core.sgd(eta, momentum=beta), obj, x0, T, tol=tol)
    ad = core.run(core.adam(p.adam_lr), obj, x0, T, tol=tol)
    over = printed(1.2 * 2 / lam[1], 2)
    wide = core.run(core.sgd(np.array([over, over]), momentum=np.array([0.0, beta])), obj, x0, T)
    runs = {"gd": gd, "momentum": hb, "adam": ad}
    hit = {k: int(r.converged_at[0]) for k, r in runs.items()}

    def reached(k):
        return f"reaches $10^{{-6}}$ of its starting loss at step {hit[k]}" if hit[k] >= 0 else \
            rf"has not reached $10^{{-6}}$ of its starting loss after {T} steps (it is at " \
            rf"{m(runs[k].losses[-1, 0] / runs[k].losses[0, 0], 2)})"

    gd_l, hb_l, ad_l = gd.losses[:, 0], hb.losses[:, 0], ad.losses[:, 0]
    evidence = [rf"Plain gradient descent at $\eta = {tex(eta, 3)} = 1/\lambda_{{\max}}$ {reached('gd')}; its loss "
                + ("fell at every step." if falls_every_step(gd_l) else f"rose at {rises(gd_l)} steps.")]
    faster = hit["momentum"] >= 0 and (hit["gd"] < 0 or hit["momentum"] < hit["gd"])
    evidence.append(rf"Heavy-ball momentum $\beta = {beta:g}$ at the same rate {reached('momentum')}"
                    + (" — faster, because the velocity keeps moving along the flat direction" if faster else "")
                    + (rf". Yet its loss **rose** at {rises(hb_l)} of the {T} steps while converging: a loss that "
                       "goes up and down does not by itself mean the rate is too high." if rises(hb_l) else "."))
    limit_hb = float(core.theory.heavy_ball_max_lr(lam[1], beta))
    g_w, h_w = wide.losses[:, 0], wide.losses[:, 1]
    evidence.append(rf"Momentum also widens the stable range to $2(1 + \beta)/\lambda_{{\max}} = {tex(limit_hb, 3)}$: "
                    rf"at $\eta = {tex(over, 2)}$, above $2/\lambda_{{\max}}$, plain gradient descent "
                    + ("**diverges** (its loss grew)" if grew(g_w) else "still converged")
                    + " while momentum " + ("converges" if not grew(h_w) else "diverges too") + ".")
    first = np.abs(ad.params[1, 0] - ad.params[0, 0])
    evidence.append(rf"Adam (lr $= {p.adam_lr:g}$) moved each coordinate by about lr in its first step, "
                    rf"whatever the slope: $|\Delta x_1| = {tex(first[0], 3)}$, $|\Delta x_2| = {tex(first[1], 3)}$, "
                    rf"although the gradient is {m(abs(obj.grad(x0)[1] / obj.grad(x0)[0]), 2)} times steeper along "
                    rf"$x_2$. It {reached('adam')}" + (rf"; its loss rose at {rises(ad_l)} steps" if rises(ad_l) else "")
                    + ": with a constant lr Adam still needs its rate tuned (and often decayed).")
    k = np.arange(T + 1)
    names = {"gd": rf"gradient descent $\eta = {tex(eta, 3)}$", "momentum": rf"momentum $\beta = {beta:g}$",
             "adam": rf"Adam lr $= {p.adam_lr:g}$"}
    loss_fig = curves([series(names[key], k, r.losses[:, 0]) for key, r in runs.items()],
                      xlabel="step $k$", ylabel="loss (log scale)", yscale="log",
                      alt="Loss against step, log scale: gradient descent falls steadily, momentum falls faster "
                          "with ripples, Adam falls and then wanders.",
                      caption="The same problem and start for all three optimizers.")
    gx, gy, z, box = _grid(lam, x0)
    path_fig = contour_paths(gx, gy, z, [{"label": names[key], "x": r.params[:, 0, 0], "y": r.params[:, 0, 1]}
                                         for key, r in runs.items()],
                             alt="The three paths on the contour plot: gradient descent creeps along the valley, "
                                 "momentum swings along it, Adam moves diagonally at first.",
                             caption="Their paths on the contours (● start, ★ minimum).")
    return Fact(
        key="momentum",
        title="Momentum and Adam change the speed, not the need for a good rate",
        statement=(r"Heavy-ball momentum adds $\beta$ times the previous step: it speeds travel along flat directions, "
                   r"makes the loss non-monotone, multiplies the effective rate by about $1/(1 - \beta)$ and widens "
                   r"the stable range to $\eta < 2(1 + \beta)/\lambda_{\max}$. Adam scales each coordinate's step to "
                   r"about lr, whatever the gradient's size — it still has a learning rate to tune."),
        evidence=tuple(evidence),
        figures=(loss_fig, path_fig),
        run={"eigenvalues": lam.tolist(), "x0": x0.tolist(), "lr": eta, "beta": beta, "adam_lr": p.adam_lr,
             "steps": T, "tol": tol, "reached": hit, "wide_lr": over, "first_adam_step": first.tolist()},
    )


def regression(p: Problems):
    """The guide's least-squares problem (MSE, two features and an intercept) and its limit 2/λ_max."""
    data = core.make_regression(200, 2, seed=p.data_seed, scales=p.scales, loc=p.loc, noise=p.noise)
    obj = core.LinearRegression(data.X, data.y)
    return obj, core.theory.regression_max_lr(data.X)


def _plateau(excess: np.ndarray) -> np.ndarray:
    return excess[-len(excess) // 3:].mean(axis=0)


def noise_floor(p: Problems) -> Fact:
    """Constant-rate mini-batch SGD stalls on a noise floor that rises with the rate."""
    obj, limit = regression(p)
    rates = np.array([printed(f * limit, 2) for f in NOISE_FRACTIONS])
    T = SGD_STEPS
    sgd = core.run(core.sgd(rates), obj, np.zeros(obj.dim), T, batch_size=p.batch, seed=p.sgd_seed)
    full = core.run(core.sgd(rates), obj, np.zeros(obj.dim), T)
    excess = sgd.losses - obj.min_value
    plateaus, full_end = _plateau(excess), full.losses[-1] - obj.min_value
    rising = bool(np.all(np.diff(plateaus) > 0))
    evidence = [rf"Mini-batch SGD (batch {p.batch} of 200) at constant $\eta = "
                + r",\ ".join(tex(r, 2) for r in rates) + rf"$ (full-batch limit $2/\lambda_{{\max}} = {tex(limit, 3)}$) "
                rf"levels off at excess losses " + ", ".join(m(v, 2) for v in plateaus)
                + f" (mean over the last third of {T} steps)"
                + (" — the floor **rises** with the rate" if rising else " — here the floors are not in order of the rate")
                + "."]
    if rising:
        ratios = plateaus[1:] / plateaus[:-1]
        # the η/B rule is a small-rate limit (sampling with replacement); say how these runs compare
        how = ("faster than in proportion to the rate" if np.all(ratios > 2.2) else
               "about in proportion to the rate" if np.all(np.abs(ratios - 2) <= 0.2) else
               "not in a fixed proportion to the rate")
        evidence.append(rf"Doubling the rate raised the floor by {m(ratios[0], 2)}× and then {m(ratios[1], 2)}×, "
                        rf"{how}: the jitter is the noisy gradient times the step size.")
    evidence.append("Full-batch gradient descent at the same rates gets to excess losses "
                    + ", ".join(m(v, 2) if v >= 1e-12 else r"$< 10^{-12}$" for v in full_end)
                    + (": without mini-batch noise a constant rate converges, so the floor is noise, not the rate "
                       "being too high." if np.all(full_end < 0.1 * plateaus) else "."))
    k = np.arange(T + 1)
    fig = curves([series(rf"SGD $\eta = {tex(r, 2)}$", k[::4], excess[::4, i]) for i, r in enumerate(rates)],
                 xlabel="step $k$", ylabel="training loss − minimum (log scale)", yscale="log",
                 alt="Three noisy SGD loss curves on a log scale: each falls, then jitters on a plateau; the larger "
                     "the rate, the higher the plateau.",
                 caption="Excess training loss of constant-rate SGD (every 4th step).")
    return Fact(
        key="noise-floor",
        title="With mini-batches a constant rate stalls on a noise floor that rises with the rate",
        statement=(r"A mini-batch gradient is the true gradient plus noise. With a constant rate the iterate keeps "
                   r"jittering around the minimum; the size of that floor grows with $\eta$ and shrinks with the "
                   r"batch size $B$ (for small rates about like $\eta/B$; at larger rates it can grow faster). "
                   r"That is the main reason SGD schedules decay the rate."),
        evidence=tuple(evidence),
        figures=(fig,),
        run={"data_seed": p.data_seed, "sgd_seed": p.sgd_seed, "scales": list(p.scales), "loc": list(p.loc),
             "noise": p.noise, "batch": p.batch, "rates": rates.tolist(), "steps": T, "limit": limit,
             "plateaus": plateaus.tolist(), "full_batch_end": full_end.tolist(), "rising": rising},
    )


def schedule(p: Problems) -> Fact:
    """A cosine schedule against the constant rate it starts from, on mini-batch SGD."""
    obj, limit = regression(p)
    eta, T = printed(NOISE_FRACTIONS[-1] * limit, 2), SGD_STEPS
    runs = [core.run(core.sgd(lr), obj, np.zeros(obj.dim), T, batch_size=p.batch, seed=p.sgd_seed)
            for lr in (eta, core.cosine_annealing(eta, T))]
    const, cos = (r.losses[:, 0] - obj.min_value for r in runs)
    tail = T // 10
    c_end, s_end = float(const[-tail:].mean()), float(cos[-tail:].mean())
    lower = s_end < c_end
    half = T // 2
    evidence = [rf"Constant $\eta = {tex(eta, 2)}$: the excess loss drops within a few dozen steps and then jitters "
                rf"around {m(c_end, 2)} (mean of the last {tail} steps).",
                rf"Cosine annealing from the same $\eta_0 = {tex(eta, 2)}$ to 0 over {T} steps "
                rf"($\eta_k = \eta_0 (1 + \cos(\pi k/{T}))/2$, so $\eta_{{{half}}} = {tex(eta / 2, 2)}$): it ends at "
                rf"{m(s_end, 2)}" + (rf", **{tex(c_end / s_end, 2)} times lower**: large steps early for speed, "
                                     r"small steps late to settle." if lower else ", not lower than the constant rate.")]
    k = np.arange(T + 1)
    fig = curves([series(rf"constant $\eta = {tex(eta, 2)}$", k[::4], const[::4]),
                  series("cosine annealing to 0", k[::4], cos[::4])],
                 xlabel="step $k$", ylabel="training loss − minimum (log scale)", yscale="log",
                 alt="Two SGD loss curves: the constant rate plateaus; the cosine schedule follows it at first, "
                     "then falls far lower as its rate shrinks.",
                 caption="The same mini-batches, with and without a schedule.")
    return Fact(
        key="schedule",
        title="Schedules lower the rate as training goes on",
        statement=(r"A schedule changes $\eta$ during training: warm-up ramps it up for stability at the start, "
                   r"decay (step, exponential, cosine) brings it down so mini-batch SGD can settle below its noise "
                   r"floor. Adaptive methods (AdaGrad, RMSprop, Adam) rescale it per parameter. For full-batch "
                   r"gradient descent on a smooth convex loss a constant $\eta \le 1/L$ already converges: decay is "
                   r"there for the noise, not because gradients would grow."),
        evidence=tuple(evidence),
        figures=(fig,),
        run={"lr": eta, "steps": T, "constant_end": c_end, "cosine_end": s_end, "lower": lower, "tail": tail},
    )


def smoothed(losses: np.ndarray, beta: float) -> np.ndarray:
    """fastai's smoothed range-test loss: v ← βv + (1 − β)·loss, reported as v/(1 − βⁱ)."""
    out, val = np.empty(len(losses)), 0.0
    for i, loss in enumerate(losses):
        val = beta * val + (1 - beta) * loss
        out[i] = val / (1 - beta ** (i + 1))
    return out


def range_test(p: Problems) -> Fact:
    """An LR range test on the guide's regression: sweep the rate up, watch the smoothed loss."""
    obj, limit = regression(p)
    rt = RANGE_TEST
    n = rt["num_it"]
    sweep = core.exponential_decay(rt["start"], (rt["end"] / rt["start"]) ** (1 / n))
    traj = core.run(core.sgd(sweep), obj, np.zeros(obj.dim), n, batch_size=p.batch, seed=p.sgd_seed)
    lrs, raw = traj.lrs[:, 0], traj.losses[:-1, 0]
    sm = smoothed(np.where(np.isfinite(raw), raw, np.inf), rt["beta"])
    bad = np.flatnonzero(~np.isfinite(sm) | (sm > rt["stop_factor"] * np.minimum.accumulate(sm)))
    stop = int(bad[0]) if bad.size else n
    lo = n // 10
    lr_min = float(lrs[lo + int(np.argmin(sm[lo:stop]))])
    suggestion = lr_min / 10
    evidence = [rf"The rate grew from ${tex(rt['start'], 1)}$ to ${tex(rt['end'], 1)}$ over {n} mini-batches; the "
                rf"smoothed loss was lowest at $\mathrm{{lr}} \approx {tex(lr_min, 2)}$"
                + (rf" and blew up (over {rt['stop_factor']:g}× its best) at $\mathrm{{lr}} \approx "
                   rf"{tex(lrs[stop], 2)}$, where the test stops." if stop < n else ".")]
    evidence.append(rf"Theory for this data: $2/\lambda_{{\max}} = {tex(limit, 3)}$. The blow-up shows up "
                    + (rf"{tex(lrs[stop] / limit, 2)}× later" if stop < n and lrs[stop] > limit else "near it")
                    + ", because the loss is smoothed and the rate keeps growing while the damage shows.")
    evidence.append(rf"So do not pick the minimum ({m(lr_min, 2)}: the loss is about to blow up there); a tenth of it, "
                    rf"{m(suggestion, 2)}, " + ("is safely below the limit." if suggestion < limit else
                                                "is the usual pick, checked against the limit.") )
    keep = min(stop + 1, n)
    fig = curves([series("smoothed loss", lrs[:keep], sm[:keep])], xlabel="learning rate (log scale)",
                 ylabel="smoothed training loss", xscale="log",
                 vlines=[(limit, "2/λmax"), (suggestion, "min/10")],
                 alt="The range-test curve: flat at small rates, falling, reaching a minimum, then shooting up; "
                     "dotted lines mark the full-batch limit and a tenth of the minimum.",
                 caption="LR range test: the smoothed loss as the rate sweeps up (one mini-batch per rate).")
    return Fact(
        key="range-test",
        title="Finding a rate: sweep it and read the range-test curve",
        statement=(r"Choosing the rate takes experiment: the right value depends on the model, the data's scale and "
                   r"the batch size. An LR range test raises the rate exponentially, one mini-batch per value, and "
                   r"plots the smoothed loss: take a rate on the steep descending part, about a tenth of the "
                   r"rate at the minimum — not the minimum itself."),
        evidence=tuple(evidence),
        figures=(fig,),
        run={"start": rt["start"], "end": rt["end"], "num_it": n, "beta": rt["beta"], "stop": stop,
             "lr_min": lr_min, "suggestion": suggestion, "limit": limit},
    )


def scaling(p: Problems) -> Fact:
    """The limit depends on the data: the same feature in other units changes 2/λ_max."""
    data = core.make_regression(200, 2, seed=p.data_seed, scales=p.scales, loc=p.loc, noise=p.noise)
    factor = 5.0
    X2 = data.X * np.array([1.0, factor, 1.0])
    lim1, lim2 = core.theory.regression_max_lr(data.X), core.theory.regression_max_lr(X2)
    eta = printed(0.9 * lim1, 2)
    w0 = np.zeros(3)
    a = core.run(core.sgd(eta), core.LinearRegression(data.X, data.y), w0, 100)
    b = core.run(core.sgd(eta), core.LinearRegression(X2, data.y), w0, 100)
    la, lb = a.losses[:, 0], b.losses[:, 0]
    evidence = [rf"The guide's regression data has $2/\lambda_{{\max}} = {tex(lim1, 3)}$ (MSE loss, "
                r"$H = \tfrac{2}{n}X^\top X$); with the second feature measured in units "
                rf"{factor:g} times smaller it is ${tex(lim2, 3)}$.",
                rf"At $\eta = {tex(eta, 2)}$ the original data " + ("converges" if not grew(la) else "diverges")
                + rf" (loss {m(la[0])} → {m(la[-1], 2)} in 100 steps); the rescaled data "
                + (f"**diverges** (its loss grew {growth(lb, 100)})" if grew(lb) else "converges too")
                + ". Same model, same rate, different units: there is no universal safe rate."]
    return Fact(
        key="depends",
        title="The right rate depends on the model and the data",
        statement=(r"The limit $2/\lambda_{\max}$ comes from the loss's curvature, and that depends on the features' "
                   r"scale, the loss's convention (mean or sum, with or without $\frac{1}{2}$), the architecture and "
                   r"the batch size. Standardising features and searching rates on a log scale "
                   r"($10^{-5}, 10^{-4}, \dots$) are the practical answers."),
        evidence=tuple(evidence),
        figures=(),
        run={"factor": factor, "limits": [lim1, lim2], "lr": eta, "diverged": [grew(la), grew(lb)]},
    )


def fitting(p: Problems) -> Fact:
    """A small rate at a fixed budget underfits; overfitting comes from fitting too far."""
    X, y, Xv, yv = core.make_polynomial_regression(POLY["n"], POLY["n_val"], POLY["degree"], seed=p.poly_seed,
                                                   noise=POLY["noise"])
    train, val = core.LinearRegression(X, y), core.LinearRegression(Xv, yv)
    limit = core.theory.regression_max_lr(X)
    rates = np.array([printed(f * limit, 2) for f in POLY["fractions"]])
    T = POLY["steps"]
    traj = core.run(core.sgd(rates), train, np.zeros(X.shape[1]), T)
    tr, va = traj.final_losses, val.value(traj.final_params)
    order_ok = bool(np.all(np.diff(tr) <= 0))
    best = int(np.argmin(va))
    evidence = [rf"A degree-{POLY['degree']} polynomial fitted to {POLY['n']} noisy points by full-batch gradient "
                rf"descent, {T} steps at each rate ($2/\lambda_{{\max}} = {tex(limit, 3)}$). Training loss: "
                + ", ".join(rf"${tex(tr[i], 2)}$ at $\eta = {tex(r, 2)}$" for i, r in enumerate(rates))
                + (" — it falls as the rate grows." if order_ok else ".")]
    if tr[0] == tr.max():
        evidence.append(rf"The smallest rate leaves the **highest** training loss ({m(tr[0], 2)}) and a validation loss "
                        rf"of {m(va[0], 2)}: both high — that is underfitting, not overfitting.")
    evidence.append(rf"The validation loss is lowest at $\eta = {tex(rates[best], 2)}$ ({m(va[best], 2)})"
                    + (rf"; at the largest rate the training loss is lowest but validation rises to {m(va[-1], 2)}: "
                       r"overfitting comes from fitting too far (a large $\eta \cdot T$), never from a small rate."
                       if best < len(rates) - 1 and va[-1] > va[best] else "."))
    fig = curves([series("training loss", rates, tr, style="points"), series("validation loss", rates, va,
                                                                            style="points")],
                 xlabel="learning rate (log scale)", ylabel="MSE after the fixed budget", xscale="log", yscale="log",
                 alt="Training and validation loss after the same number of steps, against the learning rate: "
                     "training loss falls as the rate grows; validation loss is lowest in the middle.",
                 caption=f"The same budget of {T} steps at each rate.")
    return Fact(
        key="fitting",
        title="A low rate underfits (at a fixed budget); it does not cause overfitting",
        statement=(r"Too small a rate means slow progress: with a fixed number of epochs the training loss stays high "
                   r"— underfitting. A smaller rate with the same budget fits *less*; stopping early at a small rate "
                   r"acts like L2 regularisation with strength about $1/(\eta T)$. Overfitting (training loss falling "
                   r"while validation loss rises) is about capacity, data, regularisation and how far you train."),
        evidence=tuple(evidence),
        figures=(fig,),
        run={"poly_seed": p.poly_seed, **POLY, "fractions": list(POLY["fractions"]), "rates": rates.tolist(),
             "train": tr.tolist(), "val": va.tolist()},
        corrects=("“A low learning rate may cause overfitting, as it lets the model learn noise”: as worded this is a "
                  "misconception. The true nuance is narrower: in deep networks trained with SGD, a large initial "
                  "rate that is later decayed often generalises better than a small rate throughout (its noise and "
                  "large steps act as implicit regularisation)."),
    )


def all_facts(p: Problems) -> tuple[Fact, ...]:
    """The guide's must-know facts in reading order."""
    return (regimes(p), threshold(p), momentum_adam(p), noise_floor(p), schedule(p), range_test(p), scaling(p),
            fitting(p))
