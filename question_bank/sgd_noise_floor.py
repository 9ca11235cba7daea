"""Constant-lr SGD: a larger rate is faster at first but plateaus higher (DOMAIN §2.10, archetypes C6, G3; M12, M17).

A seeded, well-conditioned regression problem (two features plus an intercept, n = 200, MSE) is
trained from zero by mini-batch SGD (batch size B, reshuffled every epoch) with three runs in
ONE batched call (per-run sampling): constant η, constant 4η, and 4η cut to η halfway
through (a callable schedule). From the simulation we measure each run's plateau (mean excess
training loss over the last third of the steps) and the first step at which each run gets
below a level L = 2 × (the 4η plateau).

Two stems:

* *identify*: the η and 4η runs are plotted as curves A and B (random order); which
  statement is true? (larger lr: sooner but higher; distractors: "larger lr ends lower",
  "constant lr would converge if trained longer" (M17), "4η is above the stability limit" (M4),
  "the larger lr is slower because it overshoots" (M1 in reverse));
* *decay*: what happens when the 4η run's rate is cut to η? (drops to about the η plateau;
  distractors: nothing happens / it converged (M17), the loss jumps or diverges, it
  plateaus even higher (M12)).

Note: with per-epoch reshuffling the plateau grows faster than linearly in η at small η·n/B
(noise partly cancels within an epoch); DOMAIN's "∝ η/B" is the with-replacement picture. The
question therefore quotes the measured plateaus and never claims a fixed ratio.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import (
    Draft, Redraw, Rounding, curves, pick, pretty, question, render, sample, say, series, tex, text_choices,
)

N = 200
SCALES = ([1, 1], [0.8, 1.2], [1.2, 1])
LOCS = ([0, 0], [0.3, -0.2], [-0.2, 0.1])
NOISES = (0.5, 1.0)
FRACTIONS = (0.04, 0.05, 0.06)     # η as a fraction of the full-batch limit 2/λ_max
BATCHES = (5, 10, 20)
T = 240
SIG2 = Rounding(sig=2)


def _level(x: float) -> str:
    return tex(pretty(x, SIG2))


@question("sgd.noise_floor", topic="sgd-noise", difficulty=2, kind="multiple_choice", plot=True,
          objective="Read constant-learning-rate SGD loss curves: a larger rate reaches a given loss sooner but "
                    "settles on a higher noise plateau, which decaying the rate removes.")
def noise_floor(rng: np.random.Generator) -> Draft:
    scales, locs, noise = pick(rng, SCALES), pick(rng, LOCS), pick(rng, NOISES)
    frac, B = pick(rng, FRACTIONS), pick(rng, BATCHES)
    data_seed, sgd_seed = int(rng.integers(10_000)), int(rng.integers(10_000))
    data = core.make_regression(N, 2, seed=data_seed, scales=scales, loc=locs, intercept=True, noise=noise)
    objective = core.LinearRegression(data.X, data.y)
    eta_max = core.theory.regression_max_lr(data.X)
    eta = float(pretty(frac * eta_max, SIG2))
    big = 4 * eta
    t_cut = T // 2

    # per-run rates by step: η, 4η, and 4η cut to η at step t_cut (a table lookup keeps the hot loop cheap)
    table = np.empty((T, 3))
    table[:, 0], table[:, 1] = eta, big
    table[:, 2] = np.where(np.arange(T) < t_cut, big, eta)

    def lrs(k):
        return table[k]

    traj = core.run(core.sgd(lrs), objective, x0=np.zeros(3), steps=T, batch_size=B, seed=sgd_seed)
    if traj.diverged.any():
        raise Redraw("a run diverged")
    excess = traj.losses - objective.min_value
    third = T // 3
    plateau = excess[-third:].mean(axis=0)
    p_small, p_big, p_cut = (float(v) for v in plateau)
    # the mean SGD iterate follows full-batch GD, so GD's excess loss at the start of the plateau window
    # is the transient still left in it: it must be small next to the plateau
    lam, vec = np.linalg.eigh(objective.hessian_matrix)
    c = vec.T @ (np.zeros(3) - objective.minimizer)
    transient = 0.5 * np.sum(lam * (1 - eta * lam) ** (2 * (T - third)) * c**2)
    if transient > 0.1 * p_small:
        raise Redraw("the small-rate run has not reached its plateau")
    if p_big < 3 * p_small:
        raise Redraw("the two plateaus are not clearly apart")
    if not (p_cut < 0.5 * p_big and 0.5 < p_cut / p_small < 2):
        raise Redraw("the decayed run does not settle near the small-rate plateau")
    if excess[t_cut + 40:t_cut + 60, 2].mean() > 0.5 * p_big:
        raise Redraw("the decayed run should be well below the old plateau within a few dozen steps")
    level = float(pretty(2 * p_big, SIG2))
    hit = [int(np.argmax(excess[:, i] <= level)) if np.any(excess[:, i] <= level) else -1 for i in range(2)]
    if not (0 < hit[1] < hit[0]):
        raise Redraw("the larger rate must reach the level first")

    E, BIG = pretty(eta), pretty(big)
    PS, PB, PC = pretty(p_small, SIG2), pretty(p_big, SIG2), pretty(p_cut, SIG2)
    ratio = pretty(p_big / p_small, SIG2)
    stem = pick(rng, ("identify", "identify", "decay"))
    t = np.arange(T + 1)
    common = render(
        r"A linear model with two features and an intercept is fitted to $n = <<n>>$ points by mini-batch SGD on the "
        r"mean squared error (batch size <<B>>, data reshuffled every epoch, all weights starting at 0). For this "
        r"data full-batch gradient descent would be stable up to $2/\lambda_{\max} = <<lim>>$.",
        n=N, B=B, lim=tex(pretty(eta_max)))
    measured = say(
        r"Measured from the simulation (mean excess loss over the last <<w>> of <<T>> steps): the $\eta = <<e>>$ run "
        r"plateaus at $<<ps>>$, the $\eta = <<big>>$ run at $<<pb>>$, about <<r>> times higher. The larger rate gets "
        r"below $<<lev>>$ at step <<h1>>, the smaller one only at step <<h0>>.",
        w=third, T=T, e=tex(E), big=tex(BIG), ps=tex(PS), pb=tex(PB), r=tex(ratio), lev=_level(level),
        h1=hit[1], h0=hit[0])
    why = say(r"Why: with a constant rate each step still follows a noisy mini-batch gradient, so the iterate keeps "
              r"jittering around the minimum instead of settling. Bigger steps (or smaller batches) mean a bigger "
              r"jitter: the plateau grows with $\eta/B$. Both rates are far below the stability limit; the plateau "
              r"is noise, not instability.")

    if stem == "identify":
        labels = rng.permutation(2)          # labels[i] is the letter index of run i
        lab = {i: "AB"[labels[i]] for i in range(2)}
        fig = curves([series("AB"[j], t, excess[:, [i for i in range(2) if labels[i] == j][0]]) for j in range(2)],
                     xlabel="step", ylabel="training MSE minus its minimum", yscale="log",
                     alt=f"Two noisy training-loss curves, A and B, on a log scale over {T} steps.",
                     caption="Excess training loss of the two runs.")
        fill = dict(big=lab[1], small=lab[0], e=tex(E), b=tex(BIG), lim=tex(pretty(eta_max)))
        correct = (render(r"Curve <<big>> is the $\eta = <<b>>$ run: it gets down faster at first but then jitters "
                          r"on a higher plateau than curve <<small>>.", **fill),
                   render(r"Right: bigger steps make faster early progress, and with a constant rate the mini-batch "
                          r"noise keeps the loss on a plateau that is higher for the larger rate.", **fill))
        pool = [
            (r"Curve <<small>> is the $\eta = <<b>>$ run: larger steps end at the lower loss.",
             r"A larger constant rate does not reach a lower loss with SGD: its noise plateau is higher. The "
             r"larger rate is curve <<big>>, the one that drops first.", "larger-lr-lower-loss"),
            (r"Curve <<big>> is the $\eta = <<b>>$ run; trained long enough it will drop below curve "
             r"<<small>>, since constant-rate SGD converges to the minimum.",
             r"Constant-rate SGD does not converge to the minimum: the gradient noise never vanishes, so the loss "
             r"stays on its plateau however long you train (only full-batch GD converges with a constant rate). "
             r"Decaying the rate is what lowers the plateau.", "M17"),
            (r"Curve <<big>> is the $\eta = <<b>>$ run; its plateau is higher because that rate is above the "
             r"stability limit.",
             r"$<<b>>$ is far below the stability limit $2/\lambda_{\max} = <<lim>>$ and the run stays "
             r"bounded: the higher, jittery plateau is gradient noise, not instability (M4).", "M4"),
            (r"Curve <<small>> is the $\eta = <<b>>$ run: a larger rate overshoots, so it makes slower "
             r"progress from the start.",
             r"At these small rates nothing overshoots: the larger rate makes faster early progress "
             r"(curve <<big>>); its price is the higher plateau later.", "M1"),
        ]
        wrong = [(render(t, **fill), render(f, **fill), tag) for t, f, tag in sample(rng, pool, 3)]
        choices = text_choices(correct, wrong)
        prompt = common + " " + render(
            r"Two runs are shown, one with $\eta = <<e>>$ and one with $\eta = <<b>>$, as curves A and B in some "
            r"order (training loss minus its minimum, log scale). Which statement is true?", e=tex(E), b=tex(BIG))
        steps = [measured, say(r"So curve <<big>> (drops first, higher plateau) is the $\eta = <<b>>$ run and curve "
                               r"<<small>> the $\eta = <<e>>$ run.", **fill), why]
        figures = (fig,)
    else:
        fig = curves([series(f"η = {E}", t, excess[:, 0]), series(f"η = {BIG}", t, excess[:, 1])],
                     xlabel="step", ylabel="training MSE minus its minimum", yscale="log",
                     alt=f"Two noisy training-loss curves on a log scale over {T} steps, labelled by their learning "
                         f"rates.", caption="Excess training loss with two constant learning rates.")
        sol_fig = curves([series(f"η = {E}", t, excess[:, 0]), series(f"η = {BIG}", t, excess[:, 1]),
                          series(f"η = {BIG}, then {E} from step {t_cut}", t, excess[:, 2])],
                         xlabel="step", ylabel="training MSE minus its minimum", yscale="log",
                         vlines=[(t_cut, "rate cut")],
                         alt="The same two curves plus a third run that uses the larger rate and then the smaller one "
                             "from the middle of training.",
                         caption="The decayed run (same batched simulation).", in_solution=True)
        fill = dict(e=tex(E), b=tex(BIG), tc=t_cut, ps=tex(PS), pb=tex(PB), pc=tex(PC))
        correct = (render(r"Its loss drops within a few dozen steps to roughly the plateau of the $\eta = <<e>>$ run.",
                          **fill),
                   render(r"Right: a smaller rate shrinks the noise jitter, so the loss falls to the lower plateau "
                          r"(simulated: $<<pc>>$, against $<<ps>>$ for the constant $\eta = <<e>>$ run).", **fill))
        pool = [
            (r"Nothing: the run has already converged, and a smaller rate only slows it down.",
             r"A constant-rate SGD run on a plateau has not converged; it is jittering at the noise floor. "
             r"Cutting the rate lowers that floor (simulated: from $<<pb>>$ to $<<pc>>$).", "M17"),
            (r"The loss jumps up for a while, because the optimizer is knocked off its path by the change of rate.",
             r"Lowering the rate makes every step smaller; it does not kick the iterate away. The loss goes "
             r"down, to $<<pc>>$.", "rate-change-shock"),
            (r"The loss settles on an even higher plateau, because smaller steps cannot fight the gradient noise.",
             r"Reversed: the jitter is caused by the steps themselves, $\eta$ times a noisy gradient; smaller "
             r"steps mean a lower plateau ($<<pc>>$ instead of $<<pb>>$). Decay is there to remove the noise "
             r"floor, not because gradients grow (M12).", "M12"),
            (r"The loss goes to exactly zero excess: with the smaller rate SGD converges to the minimum.",
             r"Any constant rate leaves a noise floor; the smaller one leaves a lower floor ($<<pc>>$), not "
             r"zero. Only a rate that keeps decaying drives it toward the minimum.", "M17"),
        ]
        wrong = [(render(t, **fill), render(f, **fill), tag) for t, f, tag in sample(rng, pool, 3)]
        choices = text_choices(correct, wrong)
        prompt = common + " " + render(
            r"The figure shows two runs with constant rates $\eta = <<e>>$ and $\eta = <<b>>$ (training loss minus its "
            r"minimum, log scale). In a third run the rate is $<<b>>$ until step <<tc>> and $<<e>>$ from then on. "
            r"What happens to its loss after step <<tc>>?", **fill)
        steps = [measured, why,
                 say(r"Third run (same batched simulation): after the cut at step <<tc>> its plateau is $<<pc>>$, close "
                     r"to the constant-$<<e>>$ run's $<<ps>>$ and far below the $<<pb>>$ it had before. This is why "
                     r"SGD schedules decay the rate: large steps early for speed, small steps late for a low "
                     r"floor.", **fill)]
        figures = (fig, sol_fig)

    return Draft(
        prompt=prompt, solution=tuple(steps), choices=choices, figures=figures,
        params={"objective": {"name": "linear_regression", "loss": "mse", "intercept": True},
                "dataset": {"generator": "make_regression", "n": N, "features": 2, "seed": data_seed,
                            "scales": scales, "loc": locs, "noise": noise},
                "optimizer": {"name": "sgd", "lr": [eta, big, f"{big} then {eta} from step {t_cut}"]},
                "batch_size": B, "sampling_seed": sgd_seed, "x0": [0.0, 0.0, 0.0], "steps": T,
                "plateaus": [p_small, p_big, p_cut], "level": level, "first_below": hit, "stem": stem},
        tags=("sgd-noise", "noise-floor", "loss-curves", "M17"),
    )
