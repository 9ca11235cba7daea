"""Name a learning-rate schedule from its plot (DOMAIN §2.8, archetype D9).

One schedule is drawn from the PyTorch family — ``StepLR``, ``MultiStepLR``, ``ExponentialLR``,
``CosineAnnealingLR``, ``CosineAnnealingWarmRestarts``, ``LinearLR`` (warm-up),
warm-up + cosine (``SequentialLR``), ``OneCycleLR``, ``CyclicLR`` (triangular) and ``PolynomialLR``
(linear decay to zero) — with random arguments, its values are computed with the matching
``quizgen.core`` schedule and plotted against the scheduler step. The student names it. The three
distractors come from the schedules that look most like it (each target has a list of look-alikes);
each wrong choice's feedback says what that schedule's plot would look like and which feature of this
plot rules it out. A look-alike is never a scheduler that could have drawn the same curve: an evenly
spaced staircase is also ``MultiStepLR`` with evenly spaced milestones (or, by chance,
``ReduceLROnPlateau``), and an unevenly spaced one is also what ``ReduceLROnPlateau`` draws, so
those pairs are not offered against each other (only ``StepLR`` is offered against ``MultiStepLR``,
since it cannot draw unevenly spaced drops). The alt text and the
axis labels never name the schedule, and the same x-axis label ("scheduler step") is used for
per-epoch and per-batch schedulers.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import (
    Draft, curves, exact, pick, pretty, question, render, sample, say, series, text_choices,
)

NAMES = {
    "step": "Step decay (`StepLR`)",
    "multistep": "Multi-step decay at chosen milestones (`MultiStepLR`)",
    "exponential": "Exponential decay (`ExponentialLR`)",
    "cosine": "Cosine annealing (`CosineAnnealingLR`)",
    "restarts": "Cosine annealing with warm restarts (`CosineAnnealingWarmRestarts`)",
    "warmup": "Linear warm-up (`LinearLR`)",
    "warmup_cosine": "Linear warm-up followed by cosine annealing (`SequentialLR`)",
    "one_cycle": "One-cycle schedule (`OneCycleLR`)",
    "cyclic": "Triangular cyclical learning rate (`CyclicLR`)",
    "polynomial": "Linear decay to zero (`PolynomialLR` with `power=1`)",
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


def _cls(key: str) -> str:
    """The PyTorch class of a schedule, as code (``"one_cycle"`` → ``"`OneCycleLR`"``)."""
    return "`" + NAMES[key].split("`")[1] + "`"


def _inline(name: str) -> str:
    """A choice name for use inside a sentence ("Step decay (…)" → "step decay (…)")."""
    return name[0].lower() + name[1:]


def _build(key: str, rng: np.random.Generator):
    """(values over the plotted steps, description of the arguments) for one schedule from the core."""
    if key == "step":
        eta0, s, g = pick(rng, (0.1, 0.05, 0.2)), pick(rng, (15, 20, 25)), pick(rng, (0.5, 0.3, 0.2))
        sched, T = core.step_decay(eta0, s, g), 100
        args = f"StepLR(step_size={s}, gamma={exact(g)}), initial lr {exact(eta0)}"
    elif key == "multistep":
        eta0, ms, g = (pick(rng, (0.1, 0.05, 0.2)), pick(rng, ((30, 80), (50, 75), (40, 70, 90), (60, 85), (20, 75))),
                       pick(rng, (0.1, 0.2, 0.3)))
        sched, T = core.multistep_decay(eta0, ms, g), 100
        args = f"MultiStepLR(milestones={list(ms)}, gamma={exact(g)}), initial lr {exact(eta0)}"
    elif key == "exponential":
        eta0, g = pick(rng, (0.1, 0.05, 0.2)), pick(rng, (0.95, 0.96, 0.97, 0.98))
        sched, T = core.exponential_decay(eta0, g), 100
        args = f"ExponentialLR(gamma={exact(g)}), initial lr {exact(eta0)}"
    elif key == "cosine":
        eta0, T = pick(rng, (0.1, 0.05, 0.2)), pick(rng, (60, 80, 100))
        m = pick(rng, (0.0, 0.001))
        sched, T = core.cosine_annealing(eta0, T, m), T + 1
        args = f"CosineAnnealingLR(T_max={T - 1}, eta_min={exact(m)}), initial lr {exact(eta0)}"
    elif key == "restarts":
        eta0, t0, tm = pick(rng, (0.1, 0.05, 0.2)), pick(rng, (10, 20, 25)), pick(rng, (1, 2))
        if tm == 2:
            t0 = min(t0, 15)
        sched, T = core.cosine_warm_restarts(eta0, t0, tm), 100
        args = f"CosineAnnealingWarmRestarts(T_0={t0}, T_mult={tm}), initial lr {exact(eta0)}"
    elif key == "warmup":
        eta0, s, W = pick(rng, (0.1, 0.05, 0.2)), pick(rng, (0.1, 0.25, 0.01)), pick(rng, (10, 20, 30))
        sched, T = core.linear_warmup(eta0, s, 1.0, W), pick(rng, (60, 80, 100))
        args = f"LinearLR(start_factor={exact(s)}, total_iters={W}), base lr {exact(eta0)}"
    elif key == "warmup_cosine":
        eta0, W, T = pick(rng, (0.1, 0.05, 0.2)), pick(rng, (5, 8, 10)), pick(rng, (80, 100))
        sched = core.warmup_cosine(eta0, W, T - W, 0.01)
        T += 1
        args = (f"SequentialLR of LinearLR(start_factor=0.01, total_iters={W}) and "
                f"CosineAnnealingLR(T_max={T - 1 - W}), base lr {exact(eta0)}")
    elif key == "one_cycle":
        mx, total, pct = pick(rng, (0.1, 0.05, 0.2)), pick(rng, (300, 500, 1000)), pick(rng, (0.3, 0.25, 0.4))
        sched, T = core.one_cycle(mx, total, pct_start=pct), total
        args = f"OneCycleLR(max_lr={exact(mx)}, total_steps={total}, pct_start={exact(pct)})"
    elif key == "cyclic":
        base, mx = pick(rng, ((0.001, 0.01), (0.01, 0.1), (0.005, 0.05))), None
        base, mx = base
        up, cycles = pick(rng, (50, 100, 200)), pick(rng, (2, 3, 4))
        sched, T = core.cyclic(base, mx, up), 2 * up * cycles + up // 2
        args = f"CyclicLR(base_lr={exact(base)}, max_lr={exact(mx)}, step_size_up={up}, mode='triangular')"
    else:  # polynomial
        eta0, T = pick(rng, (0.1, 0.05, 0.2)), pick(rng, (60, 80, 100))
        sched, T = core.polynomial_decay(eta0, T, 1.0), T + 1
        args = f"PolynomialLR(total_iters={T - 1}, power=1), initial lr {exact(eta0)}"
    values = sched.values(T)
    return values, args


@question("schedules.identify_plot", topic="schedules", difficulty=1, kind="multiple_choice", plot=True,
          objective="Recognise the common learning-rate schedules (step, multi-step, exponential, cosine, warm "
                    "restarts, warm-up, one-cycle, cyclic, linear decay) from a plot of their values.")
def identify_plot(rng: np.random.Generator) -> Draft:
    key = pick(rng, TARGETS)
    values, args = _build(key, rng)
    if not np.all(np.isfinite(values)) or np.any(values < 0):
        raise AssertionError(f"{key}: the schedule produced invalid values")
    T = len(values)
    steps_axis = np.arange(T)
    staircase = key in ("step", "multistep")
    fig = curves(
        [series("", steps_axis, values, style="step" if staircase else "line")],
        xlabel="scheduler step", ylabel="learning rate",
        alt=f"A line plot of the learning rate (vertical axis, up to about {pretty(float(values.max()))}) against "
            f"the scheduler step (horizontal axis, from 0 to {T - 1}).",
        caption="The learning rate set at each scheduler step.")

    others = sample(rng, LOOKALIKES[key], 3)
    correct = (NAMES[key], render("Right: this is <<args>>. Its plot is <<look>>, exactly as in the figure.",
                                  args=f"`{args}`", look=LOOKS[key]))
    wrong = []
    for o in others:
        fb = render("That schedule would show <<other>>. The figure instead shows <<look>>: the signature of "
                    "<<cls>>.", other=LOOKS[o], look=LOOKS[key], cls=_cls(key))
        wrong.append((NAMES[o], fb, f"confuse-{o}-with-{key}".replace("_", "-")))
    choices = text_choices(correct, wrong)

    prompt = pick(rng, STEMS)
    steps = [
        say(r"Read the shape: the figure shows <<look>>.", look=LOOKS[key]),
        say(r"That is <<name>>: the plotted values come from <<args>> over <<T>> scheduler steps.",
            name=_inline(NAMES[key]), args=f"`{args}`", T=T),
    ]
    for o in others:
        steps.append(say(r"Not <<name>>: that would show <<look>>.", name=_inline(NAMES[o]), look=LOOKS[o]))
    return Draft(
        prompt=prompt, solution=tuple(steps), choices=choices, figures=(fig,),
        params={"schedule": {"name": key, "arguments": args}, "steps_plotted": T,
                "distractors": list(others)},
        tags=("schedules", "plot-reading"),
    )
