"""Where do loss oscillations come from? Full-batch GD vs SGD vs momentum (DOMAIN §0.3, archetype C3; corrects M4).

One seeded linear-regression problem (two features and an intercept, MSE) is trained from zero
with the same learning rate η = 0.9·2/λ_max (above 1/λ_max, so the parameters overshoot along the
steepest direction) in three ways:

* full-batch gradient descent: on a quadratic loss its loss falls at every step (checked);
* full-batch heavy-ball momentum, PyTorch ``SGD(momentum=0.9)``: stable (ηλ_max = 1.8 < 2(1 + β)) but
  the loss ripples, because the per-direction roots are complex with modulus √β;
* mini-batch SGD: a jagged, noisy plateau.

GD and momentum run in one batched call (momentum 0 and 0.9 per run); SGD needs its own call
because mini-batching applies to every run of a call. The curves are labelled A, B, C at random;
the student picks the one true statement (one drawn from three true ones, three wrong ones drawn
from a pool of five: M4, a swapped identification, "GD's loss zigzags above 1/λ_max", M16, M15).
"""

import numpy as np

from quizgen import core
from quizgen.authoring import (
    Draft, Redraw, curves, pick, pretty, question, render, sample, say, series, tex, text_choices,
)

N = 200
SCALES = ([1, 3], [1, 4], [0.5, 2])
LOCS = ([1.5, 0], [1, 0.5], [2, 0])
BATCHES = (20, 40)
BETA = 0.9
FRACTION = 0.9
STEPS = (50, 60)
LABELS = "ABC"


def _rises(y: np.ndarray, factor: float) -> int:
    """How many steps raise the value by more than ``factor``."""
    return int(np.sum(y[1:] > factor * y[:-1]))


@question("curves.oscillation_source", topic="loss-curves", difficulty=3, kind="multiple_choice", plot=True,
          objective="Attribute an oscillating or noisy loss curve to its real cause (momentum or mini-batch noise), "
                    "knowing that full-batch GD on a quadratic below 2/λ_max lowers the loss at every step.")
def oscillation_source(rng: np.random.Generator) -> Draft:
    scales, locs = pick(rng, SCALES), pick(rng, LOCS)
    B, T = pick(rng, BATCHES), pick(rng, STEPS)
    data_seed, sgd_seed = int(rng.integers(10_000)), int(rng.integers(10_000))
    data = core.make_regression(N, 2, seed=data_seed, scales=scales, loc=locs, intercept=True, noise=1.0)
    objective = core.LinearRegression(data.X, data.y)
    eta_max = core.theory.regression_max_lr(data.X)
    lam_max = 2.0 / eta_max
    eta = float(pretty(FRACTION * eta_max))   # the rate as printed
    h = eta * lam_max
    if not (1.03 < h < 1.97):
        raise AssertionError(f"η·λ_max = {h} should sit between 1 and 2")
    if not h < core.theory.heavy_ball_max_lr(lam_max, BETA) * lam_max:
        raise AssertionError("the momentum run must be stable")
    lam = np.linalg.eigvalsh(core.theory.regression_hessian(data.X))
    if not np.allclose(core.theory.heavy_ball_rate(eta, BETA, lam), np.sqrt(BETA), rtol=1e-9):
        raise Redraw("every direction must be underdamped (complex roots) for the ripple explanation")
    x0 = np.zeros(3)

    full = core.run(core.sgd(np.array([eta, eta]), momentum=np.array([0.0, BETA])), objective, x0=x0, steps=T)
    mini = core.run(core.sgd(eta), objective, x0=x0, steps=T, batch_size=B, seed=sgd_seed)
    if full.diverged.any() or mini.diverged.any():
        raise Redraw("a run diverged")
    gd = full.losses[:, 0] - objective.min_value
    mom = full.losses[:, 1] - objective.min_value
    sgd = mini.losses[:, 0] - objective.min_value
    if not np.all(np.diff(full.losses[:, 0]) <= 1e-12 * full.losses[0, 0]):
        raise AssertionError("full-batch GD below 2/λ_max must lower the loss at every step")
    if not (np.all(gd > 0) and np.all(mom > 0) and np.all(sgd > 0)):
        raise Redraw("an excess loss reached the floating-point floor")
    w = T // 3
    readable = (_rises(mom, 1.2) >= 2 and _rises(sgd, 1.0) >= 8 and np.mean(sgd[-w:]) > 3 * gd[-1]
                and np.max(sgd[-w:]) < 0.3 * sgd[0])
    if not readable:
        raise Redraw("the momentum ripples or the SGD noise are not clearly visible")
    if not np.any(mom[1:] > gd[1:]):
        # a property of the draw, not a broken simulation: the "momentum lies below GD at every step" distractor
        # would be true (e.g. @1412002875, quiz seed 1, version 98), so draw again
        raise Redraw("the momentum run never rises above plain GD")

    order = rng.permutation(3)
    kinds = ("gd", "mom", "sgd")
    lab = {kinds[i]: LABELS[j] for j, i in enumerate(order)}
    t = np.arange(T + 1)
    ys = {"gd": gd, "mom": mom, "sgd": sgd}
    fig = curves([series(LABELS[j], t, ys[kinds[i]]) for j, i in enumerate(order)],
                 xlabel="step", ylabel="training MSE minus its minimum", yscale="log",
                 alt=f"Three training-loss curves labelled A, B and C on a log scale over {T} steps.",
                 caption="The three runs, same learning rate, same data, same start.")

    E, LIM, INV = pretty(eta), pretty(eta_max), pretty(1.0 / lam_max)
    fill = dict(gd=lab["gd"], mom=lab["mom"], sgd=lab["sgd"], e=tex(E), lim=tex(LIM), inv=tex(INV))
    true_pool = [
        (r"Curve <<gd>> is the full-batch gradient-descent run. Although $\eta$ is above $1/\lambda_{\max} = <<inv>>$, "
         r"so the parameters overshoot along the steepest direction, its loss falls at every step.",
         r"Right: on a quadratic loss, full-batch gradient descent with $\eta < 2/\lambda_{\max} = <<lim>>$ lowers the "
         r"loss at every step; overshooting shows up in the parameters, not as a rising loss."),
        (r"The ripples of curve <<mom>> come from momentum, not from a learning rate above the stability limit: the same "
         r"$\eta$ without momentum (curve <<gd>>) never raises the loss.",
         r"Right: heavy-ball momentum is stable here ($\eta\lambda_{\max} < 2(1 + \beta)$), but its iterates spiral in, "
         r"so the loss goes up and down while it converges."),
        (r"Curve <<sgd>> is the mini-batch SGD run: its jagged ups and downs come from gradient noise, and a larger batch "
         r"(or a smaller $\eta$) would give a lower, smoother plateau.",
         r"Right: each step uses the gradient of a random batch, so the loss jumps around a noise floor that grows "
         r"with $\eta/B$."),
    ]
    false_pool = [
        (r"Curves <<mom>> and <<sgd>> both go up at times, so their learning rate is above the stability limit and "
         r"must be lowered.",
         r"An oscillating loss does not always mean the rate is too high (M4): all three runs use the same "
         r"$\eta = <<e>> < 2/\lambda_{\max} = <<lim>>$, and both curves stay bounded. Momentum and mini-batch noise "
         r"cause the ups and downs.", "M4"),
        (r"Curve <<mom>> is the mini-batch SGD run and curve <<sgd>> is the momentum run.",
         r"Swapped. Momentum gives regular, rhythmic ripples whose envelope keeps shrinking (curve <<mom>>); "
         r"mini-batch noise gives irregular jumps around a plateau that stops going down (curve <<sgd>>).", "swapped-sources"),
        (r"Since $\eta$ is above $1/\lambda_{\max} = <<inv>>$, full-batch gradient descent overshoots the minimum, so "
         r"its loss must rise every other step.",
         r"Overshooting makes the *parameters* zigzag, but the loss along each direction is multiplied by "
         r"$(1 - \eta\lambda)^2 < 1$ per step: full-batch GD on a quadratic below $2/\lambda_{\max}$ lowers the loss "
         r"at every step (curve <<gd>>).", "M4"),
        (r"The momentum run (curve <<mom>>) is diverging: a loss that rises at some steps will eventually blow up.",
         r"Its ripples shrink: the momentum iteration contracts by $\sqrt{\beta} \approx 0.95$ per step in each "
         r"direction, because $\eta\lambda_{\max} < 2(1 + \beta)$. Rises along the way do not mean divergence.",
         "M16"),
    ]
    false_pool.append((
        r"Momentum only speeds training up, so curve <<mom>> lies below curve <<gd>> at every step.",
        r"Not here: with $\eta$ already near the limit, momentum's effective step $\eta/(1 - \beta)$ overshoots, and "
        r"curve <<mom>> is above curve <<gd>> for part of the run. When adding momentum one often lowers $\eta$ (M15).",
        "M15"))
    which = int(rng.integers(len(true_pool)))
    c_text, c_fb = true_pool[which]
    if which == 0:  # the "GD's loss must rise" distractor is the plain negation of this true statement: leave it out
        false_pool = [item for item in false_pool if "every other step" not in item[0]]
    wrong = [(render(t, **fill), render(f, **fill), tag) for t, f, tag in sample(rng, false_pool, 3)]
    choices = text_choices((render(c_text, **fill), render(c_fb, **fill)), wrong)

    steps = [
        say(r"For this loss $2/\lambda_{\max} = <<lim>>$ and $1/\lambda_{\max} = <<inv>>$; all three runs use "
            r"$\eta = <<e>>$, in between.", **fill),
        say(r"Full-batch GD on a quadratic multiplies the loss along each eigen-direction by $(1 - \eta\lambda_i)^2 < 1$ "
            r"per step, so its loss falls at every step: curve <<gd>>, the only monotone one.", **fill),
        say(r"Heavy-ball momentum ($\beta = 0.9$) is stable for $\eta\lambda < 2(1 + \beta) = 3.8$, but for "
            r"$(1 - \sqrt\beta)^2 < \eta\lambda < (1 + \sqrt\beta)^2$ its per-direction roots are complex: the iterates "
            r"spiral in, and the loss ripples in a regular rhythm while its envelope shrinks: curve <<mom>>.", **fill),
        say(r"Mini-batch SGD (batch size <<B>>) follows noisy gradients: an irregular curve that stalls on a noise "
            r"plateau, curve <<sgd>>. Simulated over the last <<w>> steps it averaged $<<p>>$ above the minimum, while "
            r"full-batch GD ended at $<<g>>$.", B=B, w=w, p=tex(pretty(float(np.mean(sgd[-w:])))),
            g=tex(pretty(float(gd[-1]))), **fill),
        say(r"So oscillations in a loss curve point to momentum or gradient noise (or a non-quadratic loss), not "
            r"necessarily to a learning rate that is too high."),
    ]
    prompt = render(
        r"A linear model with two features and an intercept is trained on $n = <<n>>$ samples on the mean squared "
        r"error, always from all weights $0$ and with the same learning rate $\eta = <<e>>$ (for this loss "
        r"$2/\lambda_{\max} = <<lim>>$). One run uses full-batch gradient descent, one full-batch heavy-ball momentum "
        r"(PyTorch `SGD(lr=<<e>>, momentum=0.9)`), one mini-batch SGD with batch size <<B>>. The figure shows their "
        r"training loss minus its minimum value on a log scale, labelled A, B and C in some order. Which statement is "
        r"true?", n=N, e=tex(E), lim=tex(LIM), B=B)
    return Draft(
        prompt=prompt, solution=tuple(steps), choices=choices, figures=(fig,),
        params={"objective": {"name": "linear_regression", "loss": "mse", "intercept": True},
                "dataset": {"generator": "make_regression", "n": N, "features": 2, "seed": data_seed,
                            "scales": scales, "loc": locs, "noise": 1.0},
                "runs": {"gd": {"optimizer": "sgd", "lr": eta},
                         "momentum": {"optimizer": "sgd", "lr": eta, "momentum": BETA},
                         "sgd": {"optimizer": "sgd", "lr": eta, "batch_size": B, "sampling_seed": sgd_seed}},
                "x0": [0.0, 0.0, 0.0], "steps": T, "eta_max": eta_max, "labels": {v: k for k, v in lab.items()}},
        tags=("loss-curves", "momentum", "sgd-noise", "M4"),
    )
