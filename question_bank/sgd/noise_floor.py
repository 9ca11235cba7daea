"""Constant-lr SGD: a larger rate is faster at first but plateaus higher (DOMAIN §2.10, archetypes C6, G3; M12, M17).

Mini-batch SGD on a seeded regression (two features plus an intercept, n = 200, MSE), three runs in one
batched call: constant η, constant 4η, and 4η cut to η halfway. Measured: each run's plateau (mean excess
loss over the last third) and the first step below L = 2 × (the 4η plateau). Stems: *identify* (which of
curves A, B is the 4η run, and why) and *decay* (what cutting 4η to η does).

With per-epoch reshuffling the plateau grows faster than linearly in η at small η·n/B (DOMAIN's "∝ η/B"
is the with-replacement picture), so the question quotes the measured plateaus, never a fixed ratio.
"""

from quizgen import core
from quizgen.family import Meta, curves, num, pick, redraw_if, series
from quizgen.kit import optim

N, T = 200, 240
SCALES = ([1, 1], [0.8, 1.2], [1.2, 1])
LOCS = ([0, 0], [0.3, -0.2], [-0.2, 0.1])
FRACTIONS = (0.04, 0.05, 0.06)     # η as a fraction of the full-batch limit 2/λ_max

IDENTIFY = (r"""Curve <<big>> is the $\eta = <<b>>$ run: it gets down faster at first but then jitters on a higher
            plateau than curve <<small>>.""",
            r"""Right: bigger steps make faster early progress, and with a constant rate the mini-batch noise keeps
            the loss on a plateau that is higher for the larger rate.""")
IDENTIFY_POOL = [
    (r"Curve <<small>> is the $\eta = <<b>>$ run: larger steps end at the lower loss.",
     r"""A larger constant rate does not reach a lower loss with SGD: its noise plateau is higher. The larger rate
     is curve <<big>>, the one that drops first.""", "larger-lr-lower-loss"),
    (r"""Curve <<big>> is the $\eta = <<b>>$ run; trained long enough it will drop below curve <<small>>, since
     constant-rate SGD converges to the minimum.""",
     r"""Constant-rate SGD does not converge to the minimum: the gradient noise never vanishes, so the loss stays on
     its plateau however long you train (only full-batch GD converges with a constant rate). Decaying the rate is
     what lowers the plateau.""", "sgd-constant-converges"),
    (r"""Curve <<big>> is the $\eta = <<b>>$ run; its jitter is the start of a divergence that will blow the
     loss up if training goes on.""",
     r"""Jitter is not divergence: $<<b>>$ is far below the stability limit $2/\lambda_{\max} = <<lim>>$ and the
     run stays bounded. The higher, jittery plateau is gradient noise, and it stays where it is.""", "M4"),
    (r"""Curve <<small>> is the $\eta = <<b>>$ run: a larger rate overshoots, so it makes slower progress from the
     start.""",
     r"""At these small rates nothing overshoots: the larger rate makes faster early progress (curve <<big>>); its
     price is the higher plateau later.""", "M1"),
]
DECAY = (r"Its loss drops within a few dozen steps to a much lower plateau, near that of the $\eta = <<e>>$ run.",
         r"""Right: a smaller rate shrinks the noise jitter, so the loss falls to the lower plateau (simulated:
         $<<pc>>$, against $<<ps>>$ for the constant $\eta = <<e>>$ run).""")
DECAY_POOL = [
    (r"Nothing: the run has already converged, and a smaller rate only slows it down.",
     r"""A constant-rate SGD run on a plateau has not converged; it is jittering at the noise floor. Cutting the
     rate lowers that floor (simulated: from $<<pb>>$ to $<<pc>>$).""", "sgd-constant-converges"),
    (r"The loss jumps up for a while, because the optimizer is knocked off its path by the change of rate.",
     r"""Lowering the rate makes every step smaller; it does not kick the iterate away. The loss goes down, to
     $<<pc>>$.""", "rate-change-shock"),
    (r"The loss settles on an even higher plateau, because smaller steps cannot fight the gradient noise.",
     r"""Reversed: the jitter is caused by the steps themselves, $\eta$ times a noisy gradient; smaller steps mean a
     lower plateau ($<<pc>>$ instead of $<<pb>>$). Decay is there to remove the noise floor, not because gradients
     grow.""", "smaller-rate-higher-floor"),
    (r"The loss goes to exactly zero excess: with the smaller rate SGD converges to the minimum.",
     r"""Any constant rate leaves a noise floor; the smaller one leaves a lower floor ($<<pc>>$), not zero. Only a
     rate that keeps decaying drives it toward the minimum.""", "sgd-constant-converges"),
]

QUESTION = r"""A linear model with two features and an intercept is fitted to $n = <<n>>$ points by mini-batch SGD
on the mean squared error (batch size <<B>>, data reshuffled every epoch, all weights starting at 0). For this data
full-batch gradient descent would be stable up to $2/\lambda_{\max} = <<lim>>$. <% if stem == 'identify' %>Two runs
are shown, one with $\eta = <<e>>$ and one with $\eta = <<b>>$, as curves A and B in some order (training loss minus
its minimum, log scale). Which statement is true?<% else %>The figure shows two runs with constant rates
$\eta = <<e>>$ and $\eta = <<b>>$ (training loss minus its minimum, log scale). In a third run the rate is $<<b>>$
until step <<tc>> and $<<e>>$ from then on. What happens to its loss after step <<tc>>?<% endif %>"""

SOLUTION = [
    r"""Measured from the simulation (mean excess loss over the last <<w>> of <<T>> steps): the $\eta = <<e>>$ run
    plateaus at $<<ps>>$, the $\eta = <<b>>$ run at $<<pb>>$, about $<<ratio>>$ times higher. The larger rate gets
    below $<<lev>>$ at step <<h1>>, the smaller one only at step <<h0>>.""",
    r"""<% if stem == 'identify' %>So curve <<big>> (drops first, higher plateau) is the $\eta = <<b>>$ run and
    curve <<small>> the $\eta = <<e>>$ run.<% endif %>""",
    r"""Why: with a constant rate each step still follows a noisy mini-batch gradient, so the iterate keeps jittering
    around the minimum instead of settling. Bigger steps (or smaller batches) mean a bigger jitter, so the plateau
    rises with $\eta$; here 4 times the rate gave a plateau $<<ratio>>$ times higher, <% if ratio.value > 4.4 %>more
    than in proportion to the rate<% elif ratio.value >= 3.6 %>roughly in proportion to the rate<% else %>less than
    in proportion to the rate<% endif %>. Both rates are far below the stability limit; the plateau is noise, not
    instability.""",
    r"""<% if stem == 'decay' %>Third run (same batched simulation): after the cut at step <<tc>> its plateau is
    $<<pc>>$, close to the constant-$<<e>>$ run's $<<ps>>$ and far below the $<<pb>>$ it had before. This is why SGD
    schedules decay the rate: large steps early for speed, small steps late for a low floor.<% endif %>""",
]


def data(rng):
    scales, locs, noise = pick(rng, SCALES), pick(rng, LOCS), pick(rng, (0.5, 1.0))
    frac, B = pick(rng, FRACTIONS), pick(rng, (5, 10, 20))
    data_seed, sgd_seed = int(rng.integers(10_000)), int(rng.integers(10_000))
    reg = core.make_regression(N, 2, seed=data_seed, scales=scales, loc=locs, intercept=True, noise=noise)
    eta_max = core.theory.regression_max_lr(reg.X)
    eta, t_cut, third = num(frac * eta_max, sig=2).value, T // 2, T // 3
    obj, excess = optim.cut_rate_runs(reg.X, reg.y, eta, 4, t_cut, T, B, sgd_seed)
    p_small, p_big, p_cut = (float(v) for v in excess[-third:].mean(axis=0))
    redraw_if(optim.gd_excess(obj, eta, T - third) > 0.1 * p_small, "the small-rate run has not reached its plateau")
    redraw_if(p_big < 3 * p_small, "the two plateaus are not clearly apart")
    redraw_if(not (p_cut < 0.5 * p_big and 0.5 < p_cut / p_small < 2),
              "the decayed run does not settle near the small-rate plateau")
    redraw_if(excess[t_cut + 40:t_cut + 60, 2].mean() > 0.5 * p_big,
              "the decayed run should be well below the old plateau within a few dozen steps")
    level = num(2 * p_big, sig=2)
    below = excess[:, :2] <= level.value
    hit = [int(below[:, i].argmax()) if below[:, i].any() else -1 for i in range(2)]
    redraw_if(not 0 < hit[1] < hit[0], "the larger rate must reach the level first")

    d = dict(n=N, B=B, T=T, w=third, tc=t_cut, lim=num(eta_max, sig=4), e=num(eta, sig=4), b=num(4 * eta, sig=4),
             ps=num(p_small, sig=2), pb=num(p_big, sig=2), pc=num(p_cut, sig=2), ratio=num(p_big / p_small, sig=2),
             lev=level, h0=hit[0], h1=hit[1], excess=excess, stem=pick(rng, ("identify", "identify", "decay")))
    if d["stem"] == "identify":
        d["labels"] = list(rng.permutation(2))  # labels[i]: the letter index of run i
        d.update(small="AB"[d["labels"][0]], big="AB"[d["labels"][1]])
        d["choices"] = optim.drawn_choices(rng, IDENTIFY, IDENTIFY_POOL, 3, d)
    else:
        d["choices"] = optim.drawn_choices(rng, DECAY, DECAY_POOL, 3, d)
    d["params"] = {"dataset": {"generator": "make_regression", "n": N, "features": 2, "seed": data_seed,
                               "scales": scales, "loc": locs, "noise": noise, "intercept": True},
                   "plateaus": [p_small, p_big, p_cut], "level": level.value, "first_below": hit, "stem": d["stem"]}
    return d


def figures(d):
    t, ex, e, b = range(T + 1), d["excess"], d["e"].text, d["b"].text
    axes = dict(xlabel="step", ylabel="training MSE minus its minimum", yscale="log")
    if d["stem"] == "identify":
        return [curves([series(c, t, ex[:, d["labels"].index(j)]) for j, c in enumerate("AB")], **axes,
                       alt=f"Two noisy training-loss curves, A and B, on a log scale over {T} steps.",
                       caption="Excess training loss of the two runs.")]
    constant = [series(f"η = {e}", t, ex[:, 0]), series(f"η = {b}", t, ex[:, 1])]
    return [curves(constant, **axes, caption="Excess training loss with two constant learning rates.",
                   alt=f"Two noisy training-loss curves on a log scale over {T} steps, labelled by their learning "
                       "rates."),
            curves(constant + [series(f"η = {b}, then {e} from step {d['tc']}", t, ex[:, 2])], **axes,
                   vlines=[(d["tc"], "rate cut")], caption="The decayed run (same batched simulation).",
                   alt="The same two curves plus a third run that uses the larger rate and then the smaller one "
                       "from the middle of training.", in_solution=True)]


META = Meta(id="sgd.noise_floor", topic="sgd-noise", difficulty=2, kind="multiple_choice",
            objective="Read constant-learning-rate SGD loss curves: a larger rate reaches a given loss sooner but "
                      "settles on a higher noise plateau, which decaying the rate removes.",
            figures=figures, tags=("sgd-noise", "noise-floor", "loss-curves", "sgd-constant-converges"))
