"""True or false: facts and misconceptions about the learning rate (DOMAIN F6 and the §4 misconceptions).

A pool of 18 statements (8 true, 10 false; the truth value is drawn first, so True and False are equally
likely). Each has its own small simulation with drawn parameters, quoted by the feedback and the worked
steps: stability limits, one-step convergence, overshooting, monotone loss under zigzagging parameters,
momentum's wider range, the SGD noise floor, standardisation, fixed-budget underfitting (M8 as its false
twin), Adam's need for a learning rate (F6/M10), M1, M3, M5, M6, M7, M9, M14 and M17.
"""

from quizgen import core
from quizgen.family import Meta, calc, num, pick, redraw_if, simulate
from quizgen.kit import concepts

CURVATURES = (1, 2, 4, 5, 8, 10)
#: The misconception behind each false statement, in words (DOMAIN §4), so feedback names it, not just its tag.
MISCONCEPTIONS = {
    "M1": "a bigger learning rate is always faster", "M3": "the learning rate is the distance moved per step",
    "M5": "overshooting the minimum means diverging", "M6": "a learning rate that is safe once is safe everywhere",
    "M7": "the learning rate should suit the flat direction", "M8": "a low learning rate causes overfitting",
    "M9": "a rising training loss means overfitting", "M10": "adaptive optimisers need no learning rate",
    "M14": "warm-up is there to speed up early training",
    "M17": "gradient descent with a constant learning rate cannot converge",
}
OVERSHOOT = ([r"""On $f(w) = <<a|half_quadratic>>$ (curvature $a = f''(w) = <<a>>$) the per-step factor is
              $r = <<r.work>>$: negative (the sign flips) but of size below 1 (the error shrinks)."""],
             r"""On $f(w) = <<a|half_quadratic>>$ with $\eta = <<eta>>$ from $w_0 = 1$: $w_1 = <<w1>>$,
             $w_2 = <<w2>>$, and after 20 steps $w_{20} = <<w20>>$. Overshooting converges whenever
             $1/a < \eta < 2/a$.""")
UNDERFIT = r"""Simulated (linear regression, MSE, 50 training / 50 validation points, <<T>> epochs of full-batch
GD): at $\eta = <<eta>>$ the training MSE only fell from $<<t0>>$ to $<<t>>$ and the validation MSE is $<<v>>$,
both high: underfitting. At $\eta = 0.1$ the training MSE reaches $<<r>>$ and the validation MSE $<<vr>>$ in the
same budget. A small rate fits *less*, not more: overfitting would show as a training loss far below the
validation loss."""
SHRINKING = [r"""On $f(w) = <<a|half_quadratic>>$ (so $f'(w) = <<a|coef('w')>>$) with $\eta = <<eta>>$ from
             $w_0 = <<w0>>$ the first step has length $\eta\,|f'(w_0)| = <<first.work>>$.""",
             r"At $w_{<<k>>} = <<wk>>$ the step is only $<<later.work>>$."]

# name: (misconception behind it, None for a true statement; the statement; worked steps; why)
STATEMENTS = {
    "stable_range": (None, r"""For $f(w) = <<a|half_quadratic>>$, full-batch gradient descent converges from any
        start for every learning rate $0 < \eta < <<lim>>$ and diverges (from any start other than the minimum)
        for every $\eta > <<lim>>$.""",
        [r"""The curvature is $a = f''(w) = <<a>>$. The error is multiplied by $1 - \eta\cdot<<a>>$ per step, which
         has size below 1 exactly when $0 < \eta < <<lim.work>>$."""],
        r"""The limit is $2/a = <<lim>>$. Simulated from $w_0 = <<w0>>$ for 100 steps: at $0.97\times$ the limit
        $|w_{100}| = <<win>>$, at $1.03\times$ it grew to
        <% if wout is none %>overflow<% else %>$<<wout>>$<% endif %>."""),
    "one_step": (None, r"""For $f(w) = <<a|half_quadratic>>$, gradient descent with $\eta = <<eta>>$ reaches the
        minimum in a single step, from any start.""",
        [r"With curvature $a = f''(w) = <<a>>$: $w_1 = (1 - \eta\cdot<<a>>)\,w_0$ and $<<r.work>>$."],
        r"""$\eta = 1/a$ is the Newton step for a parabola: the factor $1 - \eta a$ is 0. Simulated from
        $w_0 = <<w0>>$: $w_1 = 0$."""),
    "overshoot_true": (None, "Gradient descent can jump to the other side of the minimum at every step and still "
                             "converge to it.", *OVERSHOOT),
    "monotone_loss_zigzag": (None, r"""For full-batch gradient descent on
        $f(x) = \frac{1}{2}(<<lo|coef('x_1^2')>> + <<hi>>x_2^2)$ with $\eta = <<eta>>$, the loss decreases at every
        step even though $x_2$ changes sign at every step.""",
        [r"""Along $x_2$ the factor is $<<r.work>>$ (sign flips, size below 1); each loss term is multiplied by the
         factor squared, so the loss only falls."""],
        r"""Simulated from $(1, 1)$: the loss goes $<<l0>> \to <<l1>> \to <<l2>>$ and reaches $<<l20>>$ after 20
        steps, while $x_2$ alternates in sign. Full-batch GD on a quadratic has a monotone loss for every
        $\eta < 2/\lambda_{\max}$; wiggly loss curves come from SGD noise or momentum."""),
    "momentum_range": (None, r"""On $f(w) = <<lam|half_quadratic>>$, gradient descent with $\eta = <<eta>>$
        diverges, but the same $\eta$ with heavy-ball momentum $\beta = <<beta>>$ (PyTorch
        `SGD(momentum=<<beta>>)`) converges.""",
        [r"The curvature is $\lambda = f''(w) = <<lam>>$, so plain GD needs $\eta < <<lim.work>>$.",
         r"Heavy ball is stable for $\eta < 2(1 + \beta)/\lambda = <<lim_m.work>>$."],
        r"""$\eta = <<eta>>$ lies between $<<lim>>$ and $<<lim_m>>$. Simulated from $w_0 = 1$: plain GD blew up at
        step <<k>>, momentum reached $|w_{200}| = <<w>>$."""),
    "sgd_noise_floor": (None, r"""Mini-batch SGD with a constant learning rate on a least-squares problem keeps
        fluctuating around the minimum instead of settling exactly on it.""", [],
        r"""Simulated (64 samples, batch 8, $\eta = <<eta>>$, 60 steps): the excess loss of SGD over its last 10
        steps averages $<<floor>>$ (4 runs), while full-batch GD at the same rate reaches $<<gd>>$. Each
        mini-batch gradient is noisy, so constant-rate SGD hovers in a noise ball of size roughly ∝ η/B;
        decaying the rate shrinks it."""),
    "standardise": (None, r"""Standardising the input features (zero mean, unit variance) usually lets gradient
        descent on least squares use a larger learning rate.""",
        [r"""MSE loss, features with scales <<s1>> and <<s2>>: $2/\lambda_{\max} = <<raw>>$ raw and $<<std>>$
         standardised, a factor $<<ratio.work>>$."""],
        r"""Standardising shrinks the largest curvature $\lambda_{\max}$ (and the condition number), so the limit
        rose from $<<raw>>$ to $<<std>>$. Simulated at $\eta = <<eta>>$ for 100 steps: the raw problem blew up,
        the standardised one converged."""),
    "fixed_budget_underfit": (None, r"""Training for a fixed budget of <<T>> epochs with a very small learning rate
        ($\eta = <<eta>>$) typically leads to underfitting.""", [], UNDERFIT),
    "low_lr_overfits": ("M8", r"""A very small learning rate (such as $\eta = <<eta>>$) tends to cause overfitting,
        because the model has time to learn the noise in the data.""", [], UNDERFIT),
    "adam_no_tuning": ("M10", "Adam adapts its step sizes automatically, so its learning rate does not need tuning.",
        [r"With a rate of 0.001 Adam can move at most about $<<moved.work>>$ in 100 steps."],
        r"""Adam's step is about the learning rate per coordinate. Simulated on $f(w) = <<a|half_quadratic>>$ from
        $w_0 = <<w0>>$ for 100 steps: with the default-sized rate 0.001 it only got to $w = <<ws>>$, with 0.1 to
        $w = <<wg>>$. The rate still sets the scale of every step and is tuned (often with warm-up and decay)."""),
    "overshoot_diverges": ("M5", r"""On $f(w) = <<a|half_quadratic>>$ with $\eta = <<eta>>$ the iterate changes
        sign at every step, so gradient descent is diverging.""", *OVERSHOOT),
    "bigger_faster": ("M1", "A larger learning rate always makes gradient descent converge faster (as long as it "
                            "converges).",
        [r"""On $f(w) = <<a|half_quadratic>>$ the curvature is $a = f''(w) = <<a>>$. Per-step error factor at
         $\eta = <<good>>$: $<<r1.work>>$.""",
         r"At the larger $\eta = <<big>>$: $<<r2.work>>$, closer to 1, so slower."],
        r"""On $f(w) = <<a|half_quadratic>>$ after 20 steps the loss is $<<lg>>$ at $\eta = <<good>>$ but $<<lb>>$
        at the larger $\eta = <<big>>$. Beyond $1/a$ a larger rate overshoots more; the fastest constant rate is
        $1/a$."""),
    "lr_is_distance": ("M3", "The learning rate is the distance the parameters move at each step of gradient "
                             "descent.", SHRINKING,
        r"""The step is $\eta$ times the gradient: with $\eta = <<eta>>$ fixed, the step shrank from
        $<<first>>$ to $<<later>>$ as the gradient shrank near the minimum."""),
    "constant_cannot_converge": ("M17", r"""Full-batch gradient descent with a constant learning rate cannot
        converge exactly, because it keeps taking steps of the same size.""", SHRINKING,
        r"""The step is $\eta\,|\nabla f|$ and the gradient vanishes at the minimum, so the steps shrink by
        themselves: at constant $\eta = <<eta>>$ they went from $<<first>>$ to $<<later>>$. Only mini-batch
        SGD, whose gradients stay noisy, stalls at a noise floor."""),
    "loss_scale_invariant": ("M6", r"""Multiplying the loss by 10 leaves the largest learning rate at which
        gradient descent is stable unchanged.""",
        [r"For $f(w) = <<a|half_quadratic>>$ (curvature $a = f''(w) = <<a>>$) the limit is $<<lim.work>>$.",
         r"For $10f$ the curvature is $10\cdot<<a>>$, so the limit is $<<lim10.work>>$."],
        r"""Scaling the loss by 10 scales the gradient and curvature by 10 and divides the limit by 10
        ($<<lim>> \to <<lim10>>$). Simulated at $\eta = <<eta>>$: the original converges, the scaled loss blows up.
        (Adam, by contrast, is nearly unaffected by loss scaling.)"""),
    "flat_direction": ("M7", r"""For gradient descent on $f(x) = \frac{1}{2}(<<lo|coef('x_1^2')>> + <<hi>>x_2^2)$
        the learning rate should be chosen to suit the flat direction $x_1$, e.g. $\eta = 1/<<lo>> = <<eta>>$.""",
        [r"With $\eta = <<eta>>$ the steep direction's factor is $<<r.work>>$, far outside $(-1, 1)$."],
        r"""Stability is set by the steepest direction: $\eta < 2/<<hi>>$. At $\eta = <<eta>>$ the $x_2$ error is
        multiplied by $<<r>>$ per step and the run blew up. The flat direction then converges slowly: that is
        ill-conditioning."""),
    "warmup_for_speed": ("M14", "Learning-rate warm-up is used mainly to make early training faster by taking "
                                "larger steps first.",
        [r"""On $f(w) = \frac{w^2}{2} + \frac{w^4}{4}$ at $w_0 = <<w0>>$ the local limit is
         $2/f''(w_0) = <<local.work>>$."""],
        r"""Warm-up starts with *smaller* steps and ramps up; it is for stability. Simulated: a constant
        $\eta = <<peak>>$ blew up at step <<k>> (far above the local limit $<<local>>$), while a linear warm-up to
        $\eta = <<peak>>$ over <<W>> steps converged."""),
    "rising_loss_overfits": ("M9", "If the training loss rises from epoch to epoch, the model is overfitting.",
        [r"""Example: $f(w) = <<a|half_quadratic>>$ (curvature $a = <<a>>$), $\eta = <<eta>>$ (above $2/a$): the
         loss is multiplied by $<<g.work>>$ every step."""],
        r"""A rising *training* loss means the optimisation is unstable (learning rate too high): here it grew from
        $<<l0>>$ to $<<l10>>$ in 10 steps. Overfitting is a falling training loss with a rising *validation*
        loss."""),
}
TRUE = [name for name, (tag, *_) in STATEMENTS.items() if tag is None]
FALSE = [name for name, (tag, *_) in STATEMENTS.items() if tag]

QUESTION = "True or false? <<statement>>"

# the statement's worked steps (at most two), then why it holds or fails, then the verdict
SOLUTION = ["<<worked(0)>>", "<<worked(1)>>", "<<why>>", r"**Verdict: <<verdict>>.**"]


# --- the demonstrations (each draws its parameters, simulates, and returns the values its templates quote) ---

def _gd(eta, a, w0, steps):
    """Gradient descent on (a/2)w² from w0 (recorded), and the keys comparing its iterates with theory's."""
    traj = simulate(core.sgd(eta), core.Quadratic1D(a), x0=float(w0), steps=steps)
    return traj, dict(w_sim=traj.params[:, :, 0], iterate=([[k] for k in range(steps + 1)], eta, a, w0))


def stable_range(rng):
    a, w0 = pick(rng, CURVATURES), pick(rng, (1, 2, 3))
    lim = 2.0 / a
    traj = simulate(core.sgd([0.97 * lim, 1.03 * lim]), core.Quadratic1D(a), x0=float(w0), steps=100)
    w_in, w_out = abs(traj.params[-1, :, 0])
    redraw_if(not (w_in < 0.01 * w0 and (traj.diverged[1] or w_out > 10 * w0)), "converge below 2/a, diverge above")
    return dict(a=a, w0=w0, lim=calc("2/a", a=a), win=num(w_in, sig=4),
                wout=None if traj.diverged[1] else num(w_out, sig=4), w_sim=w_in, iterate=(100, 0.97 * lim, a, w0))


def one_step(rng):
    a, w0 = pick(rng, CURVATURES), pick(rng, (-4, -2, 3, 5))
    eta = round(1.0 / a, 10)
    traj = simulate(core.sgd(eta), core.Quadratic1D(a), x0=float(w0), steps=1)
    redraw_if(abs(traj.final_params[0, 0]) > 1e-12, "η = 1/a reaches the minimum in one step (up to rounding)")
    return dict(a=a, eta=eta, w0=w0, r=calc("1 - eta*a", eta=eta, a=a))


def overshoot(rng):
    a, h = pick(rng, CURVATURES), pick(rng, (1.2, 1.5, 1.6, 1.8))
    eta = round(h / a, 10)
    traj, check = _gd(eta, a, 1.0, 20)
    w = traj.params[:, 0, 0]
    redraw_if(not (w[1] < 0 < w[2] and abs(w[-1]) < 0.02), "the run must alternate in sign and converge")
    return dict(a=a, eta=eta, r=calc("1 - eta*a", eta=eta, a=a), w1=num(w[1], sig=4), w2=num(w[2], sig=4),
                w20=num(w[-1], sig=4), **check)


def monotone_loss_zigzag(rng):
    (lo, hi), h = pick(rng, ((1, 10), (2, 20), (1, 8), (1, 5))), pick(rng, (1.5, 1.8))
    eta = round(h / hi, 10)
    traj = simulate(core.sgd(eta), core.Quadratic([float(lo), float(hi)]), [1.0, 1.0], 20)
    losses, x2 = traj.losses[:, 0], traj.params[:, 0, 1]
    redraw_if(not ((losses[1:] < losses[:-1]).all() and (x2[:-1] * x2[1:] < 0).all()), "falling loss, zigzag x2")
    return dict(lo=lo, hi=hi, eta=eta, r=calc("1 - eta*hi", eta=eta, hi=hi), l20=num(losses[-1], sig=4),
                **{f"l{k}": num(losses[k], sig=4) for k in range(3)},
                w_sim=traj.params[:, 0], iterate=([[k] for k in range(21)], eta, [lo, hi], 1.0))


def momentum_range(rng):
    lam, beta = pick(rng, (1, 2, 4, 5, 10)), pick(rng, (0.5, 0.9))
    eta = round((2.5 if beta == 0.5 else pick(rng, (2.5, 3.0))) / lam, 10)
    traj = simulate(core.sgd(eta, momentum=[0.0, beta]), core.Quadratic1D(lam), x0=1.0, steps=200)
    redraw_if(not (traj.diverged[0] and not traj.diverged[1] and abs(traj.final_params[1, 0]) < 1e-3
                   and core.theory.heavy_ball_rate(eta, beta, lam) < 1), "plain GD must diverge, heavy ball converge")
    return dict(lam=lam, beta=beta, eta=eta, lim=calc("2/lam", lam=lam), lim_m=calc("2*(1 + b)/lam", b=beta, lam=lam),
                k=int(traj.diverged_at[0]), w=num(abs(traj.final_params[1, 0]), sig=4))


def sgd_noise_floor(rng):
    eta, data_seed = pick(rng, (0.1, 0.2)), int(rng.integers(1000))
    obj, excess = concepts.sgd_excess(eta, data_seed, 8)
    gd = simulate(core.sgd(eta), obj, [0.0] * 3, 60)
    floor, gd_excess = float(excess.mean()), float(gd.losses[-1, 0] - obj.min_value)
    # an order of magnitude shows the noise floor (the explanation prints both numbers); 100× was stricter than the
    # statement needs: @4163366034 (quiz seed 1, version 879) SGD hovers 68× above full-batch GD after 60 steps
    redraw_if(not floor > 10 * max(gd_excess, 1e-300), "SGD should stall far above full-batch GD")
    return dict(eta=eta, floor=num(floor, sig=4), gd=num(gd_excess, sig=4), params={"data_seed": data_seed})


def standardise(rng):
    scales, loc = pick(rng, ((1.0, 10.0), (0.1, 5.0), (3.0, 8.0))), pick(rng, ((0.0, 0.0), (2.0, -3.0)))
    data_seed = int(rng.integers(1000))
    reg = core.make_regression(50, 2, seed=data_seed, scales=scales, loc=loc, noise=0.3)
    X, Z = reg.X, reg.X.copy()
    Z[:, :2] = (X[:, :2] - X[:, :2].mean(axis=0)) / X[:, :2].std(axis=0)
    lim_raw, lim_std = core.theory.regression_max_lr(X), core.theory.regression_max_lr(Z)
    # between the two limits, on a log scale, printed to 2 figures (the simulation uses the printed rate)
    eta = num((lim_raw * lim_std) ** 0.5, sig=2)
    redraw_if(not 1.1 * lim_raw < eta.value < 0.9 * lim_std, "the rounded rate must sit clearly between the limits")
    raw, std = (simulate(core.sgd(eta.value), core.LinearRegression(x, reg.y), [0.0] * 3, 100) for x in (X, Z))
    redraw_if(not (lim_std > 1.2 * lim_raw and (raw.diverged[0] or raw.losses[-1, 0] > raw.losses[0, 0])
                   and not std.diverged[0] and std.losses[-1, 0] < std.losses[0, 0]),
              "standardising should raise the limit and save the in-between rate")
    r, s = num(lim_raw, sig=4), num(lim_std, sig=4)
    return dict(s1=scales[0], s2=scales[1], raw=r, std=s, ratio=calc("s/r", s=s, r=r), eta=eta,
                params={"data_seed": data_seed, "scales": scales, "loc": loc})


def tiny_lr(rng):
    eta, T, data_seed = pick(rng, (0.0001, 0.0005, 0.001)), pick(rng, (20, 50)), int(rng.integers(1000))
    reg = core.make_regression(100, 3, seed=data_seed, noise=0.5)
    train, val = core.LinearRegression(reg.X[:50], reg.y[:50]), core.LinearRegression(reg.X[50:], reg.y[50:])
    traj = simulate(core.sgd([eta, 0.1]), train, [0.0] * 4, T)
    tr0, tr, tr_ref = traj.losses[0, 0], traj.losses[-1, 0], traj.losses[-1, 1]
    va, va_ref = (float(val.value(traj.params[-1, i])) for i in (0, 1))
    redraw_if(not (tr > 0.5 * tr0 and tr_ref < 0.2 * tr and va_ref < 0.5 * va), "the tiny rate must underfit clearly")
    return dict(eta=eta, T=T, t0=num(tr0, sig=4), t=num(tr, sig=4), v=num(va, sig=4), r=num(tr_ref, sig=4),
                vr=num(va_ref, sig=4), params={"data_seed": data_seed, "n_train": 50, "n_val": 50})


def adam_no_tuning(rng):
    a, w0 = pick(rng, (1, 2, 4)), pick(rng, (3, 5))
    traj = simulate(core.adam([0.001, 0.1]), core.Quadratic1D(a), x0=float(w0), steps=100)
    w_small, w_good = traj.final_params[:, 0]
    redraw_if(not (abs(w_small) > 0.9 * w0 and abs(w_good) < 0.1 * w0), "Adam at 0.001 barely moves, at 0.1 arrives")
    return dict(a=a, w0=w0, ws=num(w_small, sig=4), wg=num(w_good, sig=4), moved=calc("n*lr", n=100, lr=0.001))


def bigger_faster(rng):
    a, h_good, h_big = pick(rng, CURVATURES), pick(rng, (0.5, 0.8)), pick(rng, (1.6, 1.8, 1.9))
    good, big = round(h_good / a, 10), round(h_big / a, 10)
    traj, check = _gd([good, big], a, 1.0, 20)
    l_good, l_big = traj.losses[-1]
    redraw_if(not l_good < l_big, "the moderate rate must win")
    return dict(a=a, good=good, big=big, r1=calc("abs(1 - g*a)", g=good, a=a), r2=calc("abs(1 - b*a)", b=big, a=a),
                lg=num(l_good, sig=4), lb=num(l_big, sig=4), **check)


def shrinking_steps(rng):
    a, eta, w0, k = pick(rng, (1, 2, 4, 5)), pick(rng, (0.05, 0.1, 0.2)), pick(rng, (2, 3, 4, 5)), pick(rng, (5, 8))
    redraw_if(eta * a >= 0.9, "stay in the monotone regime")
    traj, check = _gd(eta, a, w0, k + 1)
    wk = num(traj.params[k, 0, 0], sig=4)
    return dict(a=a, eta=eta, w0=w0, k=k, wk=wk, first=calc("eta*a*w0", eta=eta, a=a, w0=w0),
                later=calc("eta*a*wk", eta=eta, a=a, wk=wk), **check)


def loss_scale_invariant(rng):
    a, h = pick(rng, CURVATURES), pick(rng, (0.5, 1.0, 1.5))
    eta = round(h / a, 10)
    traj = simulate(core.sgd(eta), core.Quadratic1D([float(a), 10.0 * a]), x0=1.0, steps=50)
    redraw_if(not (not traj.diverged[0] and (traj.diverged[1] or abs(traj.final_params[1, 0]) > 1e3)),
              "η must converge on f and diverge on 10 f")
    return dict(a=a, eta=eta, lim=calc("2/a", a=a), lim10=calc("2/(10*a)", a=a))


def flat_direction(rng):
    lo, hi = pick(rng, ((1, 20), (0.5, 10), (1, 50), (2, 40)))
    eta = round(1.0 / lo, 10)
    traj = simulate(core.sgd(eta), core.Quadratic([float(lo), float(hi)]), [1.0, 1.0], 30)
    redraw_if(not traj.diverged[0] and not abs(traj.final_params[0, 1]) > 1e3, "the steep direction must blow up")
    return dict(lo=lo, hi=hi, eta=eta, r=calc("1 - eta*hi", eta=eta, hi=hi))


def warmup_for_speed(rng):
    peak, W, w0 = pick(rng, (0.4, 0.5, 0.6)), pick(rng, (30, 50)), pick(rng, (3, 4, 5))
    traj = concepts.warmup_runs(peak, 0.02, W, w0, 80)
    redraw_if(not (traj.diverged[0] and not traj.diverged[1]), "constant must diverge, warm-up converge")
    return dict(peak=peak, W=W, w0=w0, k=int(traj.diverged_at[0]), local=calc("2/(1 + 3*w0**2)", w0=w0),
                params={"warmup_runs": {"objective": "quartic", "x0": w0, "lr": peak, "start_factor": 0.02,
                                        "total_iters": W, "steps": 80}})


def rising_loss_overfits(rng):
    a, h = pick(rng, CURVATURES), pick(rng, (2.1, 2.2, 2.5))
    eta = round(h / a, 10)
    traj, check = _gd(eta, a, 1.0, 10)
    losses = traj.losses[:, 0]
    redraw_if(not (losses[1:] > losses[:-1]).all(), "the loss must rise at every step above 2/a")
    return dict(a=a, eta=eta, g=calc("(1 - eta*a)**2", eta=eta, a=a), l0=num(losses[0], sig=4),
                l10=num(losses[-1], sig=4), **check)


DRAWS = {"stable_range": stable_range, "one_step": one_step, "overshoot_true": overshoot,
         "monotone_loss_zigzag": monotone_loss_zigzag, "momentum_range": momentum_range,
         "sgd_noise_floor": sgd_noise_floor, "standardise": standardise, "fixed_budget_underfit": tiny_lr,
         "low_lr_overfits": tiny_lr, "adam_no_tuning": adam_no_tuning, "overshoot_diverges": overshoot,
         "bigger_faster": bigger_faster, "lr_is_distance": shrinking_steps, "constant_cannot_converge": shrinking_steps,
         "loss_scale_invariant": loss_scale_invariant, "flat_direction": flat_direction,
         "warmup_for_speed": warmup_for_speed, "rising_loss_overfits": rising_loss_overfits}


def data(rng):
    name = pick(rng, TRUE if rng.random() < 0.5 else FALSE)
    tag, statement, steps, why = STATEMENTS[name]
    d = DRAWS[name](rng)
    d.update(concepts.judged(d, statement, steps, why, tag, MISCONCEPTIONS.get(tag),
                             lead="Overshooting is not diverging. " if name == "overshoot_diverges" else ""))
    d["params"] = {"statement": name, "truth": tag is None, **d.get("params", {})}
    return d


META = Meta(id="concepts.true_false", topic="concepts", difficulty=1, kind="true_false",
            objective="Judge common claims about the learning rate, backing each verdict with a small simulation.",
            # gradient descent on (a/2)w² (or a diagonal quadratic): w_k = (1 − ηa)^k w0
            closed_form=lambda d: {"w_sim": core.theory.iterate(*d["iterate"])} if "iterate" in d else {},
            tags=("true-false",))
