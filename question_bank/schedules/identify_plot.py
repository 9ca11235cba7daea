"""Name a learning-rate schedule from its plot (DOMAIN §2.8, archetype D9).

One schedule is drawn from the PyTorch family (``StepLR``, ``MultiStepLR``, ``ExponentialLR``,
``CosineAnnealingLR``, ``CosineAnnealingWarmRestarts``, ``LinearLR`` warm-up, warm-up + cosine
``SequentialLR``, ``OneCycleLR``, triangular ``CyclicLR``, ``PolynomialLR`` linear decay) with random
arguments, computed with the matching ``quizgen.core`` schedule and plotted against the scheduler
step. The three distractors are look-alikes, each with feedback saying what its plot would look like.
A look-alike is never a scheduler that could have drawn the same curve: an evenly spaced staircase is
also ``MultiStepLR`` with evenly spaced milestones (or ``ReduceLROnPlateau``), and an unevenly spaced
one is also what ``ReduceLROnPlateau`` draws, so only ``StepLR`` is offered against ``MultiStepLR``.
The alt text and axis labels never name the schedule; per-epoch and per-batch schedulers share the
x-axis label "scheduler step".
"""

from quizgen import core
from quizgen.family import Meta, curves, fill, pick, sample, series, text_choices

NAMES = {  # similar lengths, so the key is not the longest option more often than chance
    "step": "Step decay at evenly spaced steps (`StepLR`)",
    "multistep": "Step decay at chosen milestones (`MultiStepLR`)",
    "exponential": "Exponential decay every step (`ExponentialLR`)",
    "cosine": "Cosine annealing to a minimum (`CosineAnnealingLR`)",
    "restarts": "Warm restarts (`CosineAnnealingWarmRestarts`)",
    "warmup": "Linear warm-up to a constant rate (`LinearLR`)",
    "warmup_cosine": "Linear warm-up, then cosine decay (`SequentialLR`)",
    "one_cycle": "One-cycle rise, then long decay (`OneCycleLR`)",
    "cyclic": "Triangular cycles between two rates (`CyclicLR`)",
    "polynomial": "Linear decay to zero (`PolynomialLR`, `power=1`)",
}

#: what each schedule's plot looks like (used in the feedback of every choice)
LOOKS = {
    "step": "a staircase whose drops are all the same factor and come at *evenly spaced* steps",
    "multistep": ("a staircase whose drops come at a few hand-picked milestones, *not* evenly spaced (the flat "
                  "blocks have different lengths)"),
    "exponential": ("a smooth curve that falls by the same factor every step: steep at first, flattening out, "
                    "never exactly zero"),
    "cosine": ("a smooth half-cosine: flat at the start, steepest in the middle, flattening again as it reaches "
               "its minimum at the end"),
    "restarts": ("repeated cosine decays, each ending in an abrupt jump back up to the initial rate (the restart)"),
    "warmup": "a straight ramp *up* from a small rate, then a flat line at the full rate",
    "warmup_cosine": "a short straight ramp up to the peak, then one long smooth half-cosine decay towards zero",
    "one_cycle": ("one smooth rise over roughly the first third of training to a peak, then a long smooth decay to "
                  "almost zero (curved, cosine-shaped ramps on both sides)"),
    "cyclic": "a zig-zag of straight lines going up and down between two fixed values, again and again",
    "polynomial": "a single straight line falling from the initial rate to exactly zero",
}

LOOKALIKES = {
    "step": ("exponential", "polynomial", "cosine", "restarts"),
    "multistep": ("step", "exponential", "cosine", "polynomial"),
    "exponential": ("step", "cosine", "polynomial", "multistep"),
    "cosine": ("exponential", "polynomial", "restarts", "warmup_cosine", "one_cycle"),
    "restarts": ("cyclic", "cosine", "one_cycle", "step"),
    "warmup": ("warmup_cosine", "one_cycle", "polynomial", "cyclic"),
    "warmup_cosine": ("one_cycle", "cosine", "warmup", "restarts"),
    "one_cycle": ("warmup_cosine", "cyclic", "cosine", "warmup"),
    "cyclic": ("restarts", "one_cycle", "warmup", "step"),
    "polynomial": ("exponential", "cosine", "step", "warmup"),
}
TARGETS = tuple(LOOKALIKES)

STEMS = (
    "The figure shows the learning rate a PyTorch scheduler sets at every scheduler step. Which scheduler produced it?",
    "A colleague logged `optimizer.param_groups[0]['lr']` after every call of `scheduler.step()` and plotted it "
    "(figure). Which learning-rate schedule is this?",
    "Which learning-rate schedule matches the curve in the figure?",
    "You are reading someone else's training logs and find the learning-rate curve in the figure. Which scheduler was "
    "used?",
)


#: the arguments each schedule was drawn with, as the choice feedback and the solution quote them
ARGS = {
    "step": "StepLR(step_size=<<s>>, gamma=<<g>>), initial lr <<eta0>>",
    "multistep": "MultiStepLR(milestones=<<ms>>, gamma=<<g>>), initial lr <<eta0>>",
    "exponential": "ExponentialLR(gamma=<<g>>), initial lr <<eta0>>",
    "cosine": "CosineAnnealingLR(T_max=<<T>>, eta_min=<<m>>), initial lr <<eta0>>",
    "restarts": "CosineAnnealingWarmRestarts(T_0=<<t0>>, T_mult=<<tm>>), initial lr <<eta0>>",
    "warmup": "LinearLR(start_factor=<<s>>, total_iters=<<W>>), base lr <<eta0>>",
    "warmup_cosine": ("SequentialLR of LinearLR(start_factor=0.01, total_iters=<<W>>) and "
                      "CosineAnnealingLR(T_max=<<T - W>>), base lr <<eta0>>"),
    "one_cycle": "OneCycleLR(max_lr=<<mx>>, total_steps=<<total>>, pct_start=<<pct>>)",
    "cyclic": "CyclicLR(base_lr=<<base>>, max_lr=<<mx>>, step_size_up=<<up>>, mode='triangular')",
    "polynomial": "PolynomialLR(total_iters=<<T>>, power=1), initial lr <<eta0>>",
}
RATES = (0.1, 0.05, 0.2)

QUESTION = "<<stem>>"

SOLUTION = [
    "Read the shape: the figure shows <<looks[key]>>.",
    "That is <<name>>: the plotted values come from `<<args>>` over <<values|length>> scheduler steps.",
    *(f"Not <<others[{i}]>>: that would show <<looks[wrong[{i}]]>>." for i in range(3)),
]


def _schedule(key, rng):
    """The drawn schedule, the number of steps plotted, and the arguments it was drawn with."""
    if key == "step":
        a = dict(eta0=pick(rng, RATES), s=pick(rng, (15, 20, 25)), g=pick(rng, (0.5, 0.3, 0.2)))
        return core.step_decay(a["eta0"], a["s"], a["g"]), 100, a
    if key == "multistep":
        a = dict(eta0=pick(rng, RATES), ms=list(pick(rng, ((30, 80), (50, 75), (40, 70, 90), (60, 85), (20, 75)))),
                 g=pick(rng, (0.1, 0.2, 0.3)))
        return core.multistep_decay(a["eta0"], tuple(a["ms"]), a["g"]), 100, a
    if key == "exponential":
        a = dict(eta0=pick(rng, RATES), g=pick(rng, (0.95, 0.96, 0.97, 0.98)))
        return core.exponential_decay(a["eta0"], a["g"]), 100, a
    if key == "cosine":
        a = dict(eta0=pick(rng, RATES), T=pick(rng, (60, 80, 100)), m=pick(rng, (0.0, 0.001)))
        return core.cosine_annealing(a["eta0"], a["T"], a["m"]), a["T"] + 1, a
    if key == "restarts":
        a = dict(eta0=pick(rng, RATES), t0=pick(rng, (10, 20, 25)), tm=pick(rng, (1, 2)))
        a["t0"] = min(a["t0"], 15) if a["tm"] == 2 else a["t0"]
        return core.cosine_warm_restarts(a["eta0"], a["t0"], a["tm"]), 100, a
    if key == "warmup":
        a = dict(eta0=pick(rng, RATES), s=pick(rng, (0.1, 0.25, 0.01)), W=pick(rng, (10, 20, 30)))
        return core.linear_warmup(a["eta0"], a["s"], 1.0, a["W"]), pick(rng, (60, 80, 100)), a
    if key == "warmup_cosine":
        a = dict(eta0=pick(rng, RATES), W=pick(rng, (5, 8, 10)), T=pick(rng, (80, 100)))
        return core.warmup_cosine(a["eta0"], a["W"], a["T"] - a["W"], 0.01), a["T"] + 1, a
    if key == "one_cycle":
        a = dict(mx=pick(rng, RATES), total=pick(rng, (300, 500, 1000)), pct=pick(rng, (0.3, 0.25, 0.4)))
        return core.one_cycle(a["mx"], a["total"], pct_start=a["pct"]), a["total"], a
    if key == "cyclic":
        base, mx = pick(rng, ((0.001, 0.01), (0.01, 0.1), (0.005, 0.05)))
        a = dict(base=base, mx=mx, up=pick(rng, (50, 100, 200)), cycles=pick(rng, (2, 3, 4)))
        return core.cyclic(base, mx, a["up"]), 2 * a["up"] * a["cycles"] + a["up"] // 2, a
    a = dict(eta0=pick(rng, RATES), T=pick(rng, (60, 80, 100)))  # polynomial
    return core.polynomial_decay(a["eta0"], a["T"], 1.0), a["T"] + 1, a


def data(rng):
    key = pick(rng, TARGETS)
    sched, steps, drawn = _schedule(key, rng)
    values = sched.values(steps)
    assert 0 <= values.min() and values.max() < float("inf"), f"{key}: the schedule produced invalid values"
    args, wrong = fill(ARGS[key], drawn), sample(rng, LOOKALIKES[key], 3)
    cls = "`" + NAMES[key].split("`")[1] + "`"
    feedback = "That schedule would show <<other>>. The figure instead shows <<look>>: the signature of <<cls>>."
    choices = text_choices(
        (NAMES[key], fill("Right: this is `<<args>>`. Its plot is <<look>>, exactly as in the figure.",
                          dict(args=args, look=LOOKS[key]))),
        [(NAMES[o], fill(feedback, dict(other=LOOKS[o], look=LOOKS[key], cls=cls)),
          f"confuse-{o}-with-{key}".replace("_", "-")) for o in wrong])
    inline = {k: n[0].lower() + n[1:] for k, n in NAMES.items()}  # mid-sentence: "step decay (…)"
    return dict(stem=pick(rng, STEMS), key=key, looks=LOOKS, name=inline[key], args=args, values=values,
                wrong=wrong, others=[inline[o] for o in wrong], choices=choices,
                params={"schedule": {"name": key, "arguments": args}, "steps_plotted": steps,
                        "distractors": list(wrong)})


def figures(d):
    values = d["values"]
    alt = fill("A line plot of the learning rate (vertical axis, up to about <<top|tex>>) against the scheduler step "
               "(horizontal axis, from 0 to <<n - 1>>).", dict(top=float(values.max()), n=len(values)))
    style = "step" if d["key"] in ("step", "multistep") else "line"
    return [curves([series("", range(len(values)), values, style=style)],
                   xlabel="scheduler step", ylabel="learning rate", alt=alt,
                   caption="The learning rate set at each scheduler step.")]


META = Meta(id="schedules.identify_plot", topic="schedules", difficulty=1, kind="multiple_choice",
            objective="Recognise the common learning-rate schedules (step, multi-step, exponential, cosine, warm "
                      "restarts, warm-up, one-cycle, cyclic, linear decay) from a plot of their values.",
            figures=figures, tags=("schedules", "plot-reading"))
