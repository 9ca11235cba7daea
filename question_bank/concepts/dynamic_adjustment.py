"""Why schedules, warm-up and adaptive methods help (DOMAIN archetype K3, seed review question 2; §2.10, §2.11).

A multi-select question: true statements (decay lowers the SGD noise floor; warm-up keeps early,
steep training stable; adaptive methods scale each parameter's step; large-early/small-late) mixed
with false ones (M12 "decay because gradients grow", M14 "warm-up is for speed", M10 "Adam needs no
learning rate", M17 "constant-rate GD cannot converge", "raising the rate late lowers the floor").
The feedback quotes three small simulations:

* mini-batch SGD on least squares, constant rate vs a step decay (one call, two schedules);
* the warm-up toy f(w) = w²/2 + w⁴/4 from a steep start, constant rate vs linear warm-up (one call);
* an ill-conditioned quadratic: plain GD at its largest comfortable rate, and Adam's first step.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import Choice, Draft, Redraw, calc, exact, pick, pretty, question, render, say, tex

SGD_RATES = (0.1, 0.2, 0.3)
DECAY = 0.2                # the step decay's γ
BATCHES = (4, 8)
SGD_STEPS = 60             # the decay (×DECAY) happens at step SGD_STEPS // 2
TAIL = 10                  # the floor is the mean excess loss over the last TAIL steps
REPLICAS = 8               # … and over this many SGD runs per schedule
N_SAMPLES = 64
PEAKS = (0.4, 0.5, 0.6)
WARMUPS = (30, 50)
QUARTIC_STARTS = (3, 4, 5)
WARM_STEPS = 80
WARM_START_FACTOR = 0.02
CURVATURE_PAIRS = ((1, 50), (1, 100), (2, 100))
ADAM_RATES = (0.01, 0.05)
GD_STEPS = 50


@question("concepts.dynamic_adjustment", topic="concepts", difficulty=2, kind="multi_select",
          objective="Explain why learning-rate schedules, warm-up and adaptive methods help: noise floor, "
                    "early stability and per-parameter scaling.")
def dynamic_adjustment(rng: np.random.Generator) -> Draft:
    # 1. SGD noise floor: constant rate vs step decay, same data, one call
    eta, batch, data_seed = pick(rng, SGD_RATES), pick(rng, BATCHES), int(rng.integers(1000))
    data = core.make_regression(N_SAMPLES, 2, seed=data_seed, noise=0.5)
    ls = core.LinearRegression(data.X, data.y)
    if eta > 0.5 * core.theory.regression_max_lr(data.X):
        raise Redraw("the SGD rate must be well inside the stable range")
    half = SGD_STEPS // 2
    # REPLICAS runs per schedule (own mini-batch orders) so the floor estimate is not luck of the draw
    sched = core.step_decay(eta, half, np.repeat([1.0, DECAY], REPLICAS))
    sgd_traj = core.run(core.sgd(sched), ls, np.zeros(3), SGD_STEPS, batch_size=batch, seed=data_seed)
    excess = sgd_traj.losses - ls.min_value
    floor_const, floor_decay = excess[-TAIL:].reshape(TAIL, 2, REPLICAS).mean(axis=(0, 2))
    if not floor_decay < 0.5 * floor_const:  # a statistical estimate: redraw the rare unclear sample
        raise Redraw(f"decay should clearly lower the noise floor: {floor_const} vs {floor_decay}")

    # 2. warm-up on the steep quartic: constant peak rate vs linear warm-up to it, one call
    peak, W, w0 = pick(rng, PEAKS), pick(rng, WARMUPS), pick(rng, QUARTIC_STARTS)
    warm = core.linear_warmup(peak, WARM_START_FACTOR, 1.0, W)
    quartic = core.Quartic(1.0, 1.0)
    warm_traj = core.run(core.sgd(lambda k: np.array([peak, float(warm(k))])), quartic, float(w0), WARM_STEPS)
    if not (warm_traj.diverged[0] and not warm_traj.diverged[1]):
        raise AssertionError("the constant peak rate must diverge and the warm-up converge")
    div_at, w_warm = int(warm_traj.diverged_at[0]), abs(float(warm_traj.final_params[1, 0]))

    # 3. ill-conditioned quadratic: plain GD near its limit, and Adam's first step
    lam_lo, lam_hi = pick(rng, CURVATURE_PAIRS)
    eta_gd = round(0.9 * 2 / lam_hi, 10)
    adam_lr = pick(rng, ADAM_RATES)
    quad = core.Quadratic(np.array([float(lam_lo), float(lam_hi)]))
    gd = core.run(core.sgd(eta_gd), quad, np.ones(2), GD_STEPS)
    closed = core.theory.quadratic_iterate(GD_STEPS, eta_gd, [lam_lo, lam_hi], [1.0, 1.0])
    if not np.allclose(gd.final_params[0], closed, rtol=1e-9, atol=1e-300):
        raise AssertionError("GD on the quadratic disagrees with the closed form")
    adam = core.run(core.adam(adam_lr), quad, np.ones(2), 1)
    adam_step = 1.0 - adam.final_params[0]
    if not np.allclose(adam_step, adam_lr, rtol=1e-6):
        raise AssertionError(f"Adam's first step should be lr per coordinate, got {adam_step}")

    E, B, P, WS, A_LR, EG = exact(eta), batch, exact(peak), exact(w0), exact(adam_lr), exact(eta_gd)
    FC, FD = pretty(floor_const), pretty(floor_decay)
    L0, LT = pretty(gd.losses[0, 0]), pretty(gd.losses[-1, 0])
    steps = [say(r"**Noise floor.** Mini-batch SGD (batch <<b>> of <<n>> samples, MSE least squares) at "
                 r"$\eta = <<e>>$: kept constant, the excess loss over the last <<tail>> of <<T>> steps (mean of <<R>> runs) is "
                 r"$<<fc>>$; decayed ×<<g>> at step <<half>>, it is $<<fd>>$.", g=exact(DECAY), b=B, n=N_SAMPLES, e=E,
                 tail=TAIL, T=SGD_STEPS, R=REPLICAS, fc=tex(FC), half=half, fd=tex(FD))]
    step, floor_ratio = calc(r"The floor drops by a factor $<<fc>>/<<fd>> = <<result>>$: the noise in the steps "
                             r"is proportional to $\eta$, so a smaller late rate lets the weights settle.",
                             f"{FC}/{FD}", fc=tex(FC), fd=tex(FD))
    steps.append(step)
    step, local = calc(r"**Warm-up.** For $f(w) = \frac{w^2}{2} + \frac{w^4}{4}$ the curvature at $w_0 = <<w0>>$ is "
                       r"$f''(w_0) = 1 + 3\cdot<<w0>>^2$, so the local stable limit is "
                       r"$2/(1 + 3\cdot<<w0>>^2) = <<result>>$.", f"2/(1 + 3*{WS}**2)", w0=WS)
    steps.append(step)
    steps.append(say(r"A constant $\eta = <<p>>$ is far above that and blows up at step <<k>>; a linear warm-up "
                     r"from $<<p0>>$ to $<<p>>$ over <<W>> steps starts small, moves into the flat region where "
                     r"the limit is 2, and converges ($|w_{<<T>>}| = <<ww>>$). Warm-up is for stability.",
                     p=P, k=div_at, p0=tex(pretty(peak * WARM_START_FACTOR)), W=W, T=WARM_STEPS,
                     ww=tex(pretty(w_warm))))
    step, lim = calc(r"**Per-parameter scaling.** On $f = \frac{1}{2}(<<lo>>x_1^2 + <<hi>>x_2^2)$ plain GD must keep "
                     r"$\eta < 2/<<hi>> = <<result>>$ because of the steep direction.", f"2/{lam_hi}",
                     lo="" if lam_lo == 1 else lam_lo, hi=lam_hi)
    steps.append(step)
    step, flat = calc(r"At $\eta = <<eg>>$ the flat coordinate only shrinks to $(1 - <<eg>>\cdot<<lo>>)^{<<T>>} = "
                      r"<<result>>$ after <<T>> steps.", f"(1 - {EG}*{lam_lo})**{GD_STEPS}", eg=EG, lo=lam_lo,
                      T=GD_STEPS)
    steps.append(step)
    steps.append(say(r"Adam with learning rate <<a>> from $(1, 1)$, where the gradient is $(<<lo>>, <<hi>>)$, "
                     r"moves *both* coordinates by $<<a>>$ (up to $\epsilon$) in its first step: each parameter's step is scaled by "
                     r"its own gradient history. The learning rate still sets the size of every step.",
                     a=A_LR, lo=lam_lo, hi=lam_hi))

    true_pool = [
        ("With mini-batch SGD at a constant learning rate the loss stalls at a noise floor; decaying the "
         "learning rate lowers that floor.",
         lambda: render(r"True. Simulated: excess loss $<<fc>>$ at constant $\eta = <<e>>$ vs $<<fd>>$ after a ×<<g>> decay "
                r"(<<r>> times lower).", g=exact(DECAY), fc=tex(FC), e=E, fd=tex(FD), r=floor_ratio)),
        ("Warm-up (starting with a small rate and ramping it up) helps when the loss is very steep early in "
         "training, where a large rate would be unstable.",
         lambda: render(r"True. On the steep toy loss the constant rate <<p>> blew up at step <<k>> (local limit "
                r"$<<l>>$ at the start) while the warm-up to the same rate converged.", p=P, k=div_at,
                l=tex(local))),
        ("Adaptive methods such as Adagrad, RMSprop and Adam scale each parameter's step by its own gradient "
         "history, which helps when directions have very different curvature or gradient scale.",
         lambda: render(r"True. Gradient components <<lo>> and <<hi>> gave Adam first steps of <<a>> (up to $\epsilon$) on "
                r"both coordinates, while plain GD, limited to $\eta < <<lim>>$ by the steep direction, left the flat "
                r"coordinate at <<f>> after <<T>> steps.", lo=lam_lo, hi=lam_hi, a=A_LR, lim=tex(lim), f=flat,
                T=GD_STEPS)),
        ("A large learning rate early makes fast progress, and a smaller rate later lets the weights settle "
         "closer to the minimum.",
         lambda: render(r"True. Both SGD runs used $\eta = <<e>>$ for the first <<half>> steps; only the run whose rate was "
                r"then cut settled lower (excess loss $<<fd>>$ vs $<<fc>>$).", e=E, half=half, fd=tex(FD),
                fc=tex(FC))),
    ]
    false_pool = [
        ("Learning-rate decay is needed because the gradients grow as training goes on.",
         lambda: render(r"False (M12). Near a minimum gradients shrink. Decay exists to remove the SGD noise floor "
                r"(here $<<fc>>$ → $<<fd>>$); full-batch GD with a constant rate already converges: on the "
                r"quadratic its loss fell from $<<l0>>$ to $<<lt>>$ in <<T>> steps without any decay.",
                fc=tex(FC), fd=tex(FD), l0=tex(L0), lt=tex(LT), T=GD_STEPS), "M12"),
        ("Warm-up exists mainly to speed up the start of training by taking larger steps first.",
         lambda: render(r"False (M14). Warm-up starts with *smaller* steps (here <<p0>> rising to <<p>>). Its purpose "
                r"is stability: the constant rate <<p>> blew up at step <<k>> where the warm-up converged.",
                p0=pretty(peak * WARM_START_FACTOR), p=P, k=div_at), "M14"),
        ("Adaptive methods such as Adam remove the need to choose a learning rate.",
         lambda: render(r"False (M10). Adam's step is about the learning rate per coordinate: its first step here moved "
                r"each coordinate by <<a>> (up to $\epsilon$), the learning rate. It still needs tuning (PyTorch default "
                r"0.001), and warm-up and decay are still used with it.", a=A_LR), "M10"),
        ("With a constant learning rate, full-batch gradient descent can never converge exactly, so decay is "
         "always required.",
         lambda: render(r"False (M17). For full-batch GD the gradient, and so the step, shrinks near the minimum: on the "
                r"quadratic the loss fell from $<<l0>>$ to $<<lt>>$ at a constant rate. Only mini-batch SGD "
                r"stalls at a noise floor.", l0=tex(L0), lt=tex(LT)), "M17"),
        ("Raising the learning rate near the end of training lowers the final SGD noise floor.",
         lambda: render(r"False. The floor grows with the learning rate (roughly ∝ η/B): cutting the rate lowered it "
                r"from $<<fc>>$ to $<<fd>>$; raising it would do the opposite.", fc=tex(FC), fd=tex(FD)),
         "noise-floor-direction"),
    ]
    n_true = pick(rng, (2, 3))
    chosen_true = [true_pool[i] for i in rng.choice(len(true_pool), size=n_true, replace=False)]
    chosen_false = [false_pool[i] for i in rng.choice(len(false_pool), size=5 - n_true, replace=False)]
    # feedback is rendered only for the statements shown (each render compiles a template)
    choices = tuple(Choice(t, True, f()) for t, f in chosen_true) + tuple(
        Choice(t, False, f(), misconception=m) for t, f, m in chosen_false)

    prompt = ("Learning rates are often changed during training (schedules, warm-up) or adapted per parameter "
              "(Adagrad, RMSprop, Adam). Which of these statements about why this helps are true? Select all "
              "that apply.")
    return Draft(
        prompt=prompt, solution=tuple(steps), choices=choices,
        params={"noise_floor": {"objective": {"name": "linear_regression", "loss": "mse", "n": N_SAMPLES,
                                              "features": 2, "intercept": True, "noise": 0.5,
                                              "data_seed": data_seed},
                                "optimizer": {"name": "sgd", "lr": eta},
                                "schedules": [{"name": "constant"},
                                              {"name": "step_decay", "step_size": half, "gamma": DECAY}],
                                "batch_size": batch, "sampling_seed": data_seed, "steps": SGD_STEPS,
                                "replicas_per_schedule": REPLICAS, "floor": f"mean excess loss, last {TAIL} steps",
                                "x0": "zeros"},
                "warmup": {"objective": {"name": "quartic", "a": 1.0, "b": 1.0}, "x0": w0,
                           "optimizer": {"name": "sgd", "lr": peak},
                           "schedules": [{"name": "constant"},
                                         {"name": "linear_warmup", "start_factor": WARM_START_FACTOR,
                                          "total_iters": W}], "steps": WARM_STEPS},
                "per_parameter": {"objective": {"name": "quadratic", "eigenvalues": [lam_lo, lam_hi]},
                                  "x0": [1.0, 1.0], "gd": {"lr": eta_gd, "steps": GD_STEPS},
                                  "adam": {"lr": adam_lr, "steps": 1}}},
        tags=("schedules", "warmup", "adaptive", "M12", "M14", "M10"),
    )
