"""Why schedules, warm-up and adaptive methods help (DOMAIN archetype K3, seed review question 2; §2.10, §2.11).

A multi-select question: true statements (decay lowers the SGD noise floor; warm-up keeps early, steep
training stable; adaptive methods scale each parameter's step; large-early/small-late) and false ones
(M12 "decay because gradients grow", M14 "warm-up is for speed", M10 "Adam needs no learning rate",
M17 "constant-rate GD cannot converge", "raising the rate late lowers the floor"). The feedback quotes
three simulations: mini-batch SGD at a constant rate vs a step decay; the steep quartic at a constant
rate vs a linear warm-up; plain GD and Adam's first step on an ill-conditioned quadratic.
"""

from quizgen import core
from quizgen.family import Meta, calc, num, pick, redraw_if, simulate
from quizgen.kit import concepts

DECAY, REPLICAS = 0.2, 8   # the step decay's γ (at step 30 of 60); SGD runs per schedule
GD_STEPS = 50

# every statement has a shorter and a longer phrasing, one drawn per version: length says nothing about truth
TRUE = [
    (("With constant-rate mini-batch SGD the loss stalls at a noise floor; decaying the rate lowers it.",
      "With mini-batch SGD at a constant learning rate the loss stalls at a noise floor set by the gradient "
      "noise; decaying the learning rate lowers that floor."),
     r"True. Simulated: excess loss $<<fc>>$ at constant $\eta = <<eta>>$ vs $<<fd>>$ after a $\times <<decay>>$ "
     r"decay ($<<floor_ratio>>$ times lower)."),
    (("Warm-up helps when the loss is very steep early on, where a large rate would be unstable.",
      "Warm-up (starting with a small rate and ramping it up) helps when the loss is very steep early in "
      "training, where a large rate would be unstable."),
     r"True. On the steep toy loss the constant rate $<<peak>>$ blew up at step <<div_at>> (local limit "
     r"$<<local>>$ at the start) while the warm-up to the same rate converged."),
    (("Adaptive methods such as Adam scale each parameter's step by its own gradient history.",
      "Adaptive methods such as Adagrad, RMSprop and Adam scale each parameter's step by its own gradient "
      "history, which helps when curvatures differ a lot."),
     r"True. Gradient components $<<lo>>$ and $<<hi>>$ gave Adam first steps of $<<adam_lr>>$ (up to "
     r"$\epsilon$) on both coordinates, while plain GD, limited to $\eta < <<lim>>$ by the steep direction, left "
     r"the flat coordinate at $<<flat>>$ after <<gd_steps>> steps."),
    (("A large rate early makes fast progress; a smaller rate later lets the weights settle.",
      "A large learning rate early makes fast progress, and a smaller rate later lets the weights settle closer "
      "to the minimum instead of bouncing around it."),
     r"True. Both SGD runs used $\eta = <<eta>>$ for the first 30 steps; only the run whose rate was then cut "
     r"settled lower (excess loss $<<fd>>$ vs $<<fc>>$)."),
]
FALSE = [
    (("Learning-rate decay is needed because the gradients grow as training goes on.",
      "Learning-rate decay is needed because the gradients grow as training goes on, so a constant rate would "
      "take ever larger steps near the end."),
     r"False. Near a minimum gradients shrink. Decay exists to remove the SGD noise floor (here $<<fc>>$ → "
     r"$<<fd>>$); full-batch GD with a constant rate already converges: on the quadratic its loss fell from "
     r"$<<l0>>$ to $<<lt>>$ in <<gd_steps>> steps without any decay.", "M12"),
    (("Warm-up exists mainly to speed up the start of training by taking larger steps first.",
      "Warm-up exists mainly to speed up the start of training: it takes larger steps first, so the model gets "
      "near a good region before the rate settles."),
     r"False. Warm-up starts with *smaller* steps (here $<<p0>>$ rising to $<<peak>>$). Its purpose is "
     r"stability: the constant rate $<<peak>>$ blew up at step <<div_at>> where the warm-up converged.", "M14"),
    (("Adaptive methods such as Adam remove the need to choose a learning rate.",
      "Adaptive methods such as Adam set every parameter's step size from the gradients alone, which removes "
      "the need to choose a learning rate."),
     r"False. Adam's step is about the learning rate per coordinate: its first step here moved each "
     r"coordinate by $<<adam_lr>>$ (up to $\epsilon$), the learning rate. It still needs tuning (PyTorch "
     r"default $0.001$), and warm-up and decay are still used with it.", "M10"),
    (("Full-batch gradient descent at a constant rate can never converge exactly, so decay is required.",
      "With a constant learning rate, full-batch gradient descent can never converge exactly, because its steps "
      "keep the same size, so decay is always required."),
     r"False. For full-batch GD the gradient, and so the step, shrinks near the minimum: on the quadratic "
     r"the loss fell from $<<l0>>$ to $<<lt>>$ at a constant rate. Only mini-batch SGD stalls at a noise floor.",
     "M17"),
    (("Raising the learning rate near the end of training lowers the final SGD noise floor.",
      "Raising the learning rate near the end of training lowers the final SGD noise floor, because larger "
      "steps shake the weights out of the noise faster."),
     r"False. The floor grows with the learning rate: cutting the rate lowered it from $<<fc>>$ to $<<fd>>$; "
     r"raising it would do the opposite.", "noise-floor-direction"),
]

QUESTION = r"""Learning rates are often changed during training (schedules, warm-up) or adapted per parameter
(Adagrad, RMSprop, Adam). Which of these statements about why this helps are true? Select all that apply."""

SOLUTION = [
    r"""**Noise floor.** Mini-batch SGD (batch <<batch>> of 64 samples, MSE least squares) at $\eta = <<eta>>$:
    kept constant, the excess loss over the last 10 of 60 steps (mean of <<replicas>> runs) is $<<fc>>$;
    decayed $\times <<decay>>$ at step 30, it is $<<fd>>$.""",
    r"""The floor drops by a factor $<<floor_ratio.work>>$: each step's noise is $\eta$ times the noise of the
    mini-batch gradient, so a smaller late rate lets the weights settle closer to the minimum.""",
    r"""**Warm-up.** For $f(w) = \frac{w^2}{2} + \frac{w^4}{4}$ the curvature at $w_0 = <<w0>>$ is
    $f''(w_0) = 1 + 3\cdot<<w0>>^2$, so the local stable limit is $<<local.work>>$.""",
    r"""A constant $\eta = <<peak>>$ is far above that and blows up at step <<div_at>>; a linear warm-up from
    $<<p0>>$ to $<<peak>>$ over <<W>> steps starts small, moves into the flat region where the limit is 2, and
    converges ($|w_{80}| = <<w_warm>>$). Warm-up is for stability.""",
    r"""**Per-parameter scaling.** On $f = \frac{1}{2}(<<lo|coef('x_1^2')>> + <<hi>>x_2^2)$ plain GD must keep
    $\eta < <<lim.work>>$ because of the steep direction.""",
    r"At $\eta = <<eta_gd>>$ the flat coordinate only shrinks to $<<flat.work>>$ after <<gd_steps>> steps.",
    r"""Adam with learning rate $<<adam_lr>>$ from $(1, 1)$, where the gradient is $(<<lo>>, <<hi>>)$, moves *both*
    coordinates by $<<adam_lr>>$ (up to $\epsilon$) in its first step: each parameter's step is scaled by its own
    gradient history. The learning rate still sets the size of every step.""",
]


def data(rng):
    # 1. SGD noise floor: REPLICAS runs each at a constant rate and with a step decay, same data
    eta, batch, data_seed = pick(rng, (0.1, 0.2, 0.3)), pick(rng, (4, 8)), int(rng.integers(1000))
    _, excess = concepts.sgd_excess(eta, data_seed, batch, decays=(1.0, DECAY), replicas=REPLICAS)
    fc, fd = excess.mean(axis=(0, 2))
    # a statistical estimate: redraw the rare unclear sample
    redraw_if(not fd < 0.5 * fc, "decay should clearly lower the noise floor")

    # 2. warm-up on the steep quartic: constant peak rate vs linear warm-up to it
    peak, W, w0 = pick(rng, (0.4, 0.5, 0.6)), pick(rng, (30, 50)), pick(rng, (3, 4, 5))
    warm = concepts.warmup_runs(peak, 0.02, W, w0, 80)
    redraw_if(not (warm.diverged[0] and not warm.diverged[1]), "the constant rate must diverge, the warm-up converge")

    # 3. ill-conditioned quadratic: plain GD near its limit, and Adam's first step
    lo, hi = pick(rng, ((1, 50), (1, 100), (2, 100)))
    eta_gd, adam_lr = round(0.9 * 2 / hi, 10), pick(rng, (0.01, 0.05))
    quad = core.Quadratic([float(lo), float(hi)])
    gd = simulate(core.sgd(eta_gd), quad, [1.0, 1.0], GD_STEPS)
    adam = simulate(core.adam(adam_lr), quad, [1.0, 1.0], 1)

    fc, fd = num(fc, sig=4), num(fd, sig=4)
    d = dict(eta=eta, batch=batch, replicas=REPLICAS, decay=DECAY, fc=fc, fd=fd, floor_ratio=calc("fc/fd", fc=fc, fd=fd),
             w0=w0, local=calc("2/(1 + 3*w0**2)", w0=w0), peak=peak, div_at=int(warm.diverged_at[0]), W=W,
             p0=num(peak * 0.02, sig=4), w_warm=num(abs(float(warm.final_params[1, 0])), sig=4),
             lo=lo, hi=hi, lim=calc("2/hi", hi=hi), eta_gd=eta_gd, gd_steps=GD_STEPS, adam_lr=adam_lr,
             flat=calc("(1 - eg*lo)**T", eg=eta_gd, lo=lo, T=GD_STEPS), l0=num(gd.losses[0, 0], sig=4),
             lt=num(gd.losses[-1, 0], sig=4), gd_final=gd.final_params[0], adam_step=1.0 - adam.final_params[0],
             params={"warmup_runs": {"objective": "quartic", "x0": w0, "lr": peak, "start_factor": 0.02,
                                     "total_iters": W, "steps": 80}})
    d["choices"] = concepts.select_all(rng, d, TRUE, FALSE)
    return d


META = Meta(id="concepts.dynamic_adjustment", topic="concepts", difficulty=2, kind="multi_select",
            objective="Explain why learning-rate schedules, warm-up and adaptive methods help: noise floor, "
                      "early stability and per-parameter scaling.",
            closed_form=lambda d: {"gd_final": core.theory.quadratic_iterate(GD_STEPS, d["eta_gd"], [d["lo"], d["hi"]],
                                                                             [1.0, 1.0]),
                                   "adam_step": [d["adam_lr"]] * 2},
            rtol=1e-6,  # Adam's first step is its learning rate only up to ε
            tags=("schedules", "warmup", "adaptive", "M12", "M14", "M10"))
