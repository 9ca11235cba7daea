"""What the learning rate is (DOMAIN archetype K1; distractors M3 and "learned by backprop").

A definition question with a pool of stem phrasings and distractors. The feedback on the "step
length" misconception (M3) quotes a short gradient-descent run on a parabola: with a constant η
the steps shrink, because each step is η times the gradient.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import (
    Draft, Redraw, calc, exact, half_quadratic, pick, pretty, question, render, sample, say, tex, text_choices,
)

CURVATURES = (1, 2, 4, 5)
RATES = (0.05, 0.1, 0.2)
STARTS = (2, 3, 4, 5)
LATER = (3, 4, 5)

STEMS = (
    r"In gradient descent the parameters are updated by $\theta \leftarrow \theta - \eta\,\nabla L(\theta)$. "
    r"What is the learning rate $\eta$?",
    r"Which statement best describes the learning rate of a gradient-descent optimiser?",
    r"In PyTorch, `torch.optim.SGD(model.parameters(), lr=0.01)` creates a plain gradient-descent optimiser. "
    r"What does `lr` (the learning rate) control?",
    r"What role does the learning rate play when a model is trained with gradient descent?",
    r"A study guide asks you to define the learning rate. Which definition is correct?",
)
CORRECT = (
    r"A hyperparameter, chosen before training, that multiplies the gradient in every update: the step is "
    r"$\eta$ times the gradient.",
    r"A user-set hyperparameter that scales how far each update moves the weights relative to the gradient "
    r"($\Delta\theta = -\eta\,\nabla L$).",
)


@question("concepts.definition", topic="concepts", difficulty=1, kind="multiple_choice",
          objective="Define the learning rate as the user-chosen factor that scales the gradient in each update.")
def definition(rng: np.random.Generator) -> Draft:
    a, eta, w0, k = pick(rng, CURVATURES), pick(rng, RATES), pick(rng, STARTS), pick(rng, LATER)
    h = eta * a
    if h >= 0.9:
        raise Redraw("keep the illustration in the monotone regime, well below 1/a")
    traj = core.run(core.sgd(eta), core.Quadratic1D(a), x0=float(w0), steps=k + 1)
    w = traj.params[:, 0, 0]
    closed = core.theory.iterate(np.arange(k + 2), eta, a, w0)
    if not np.allclose(w, closed, rtol=1e-12, atol=0):
        raise AssertionError(f"simulation {w} disagrees with theory {closed}")

    A, E, W0, WK = exact(a), exact(eta), exact(w0), pretty(w[k])
    steps = [say(r"The update is $\theta_{t+1} = \theta_t - \eta\,\nabla L(\theta_t)$: $\eta$ is the factor in front "
                 r"of the gradient. You choose it (a hyperparameter, possibly changed by a schedule); it is not "
                 r"learned from the data the way the weights are.")]
    steps.append(say(r"Example: gradient descent on $f(w) = <<f>>$ (gradient $f'(w) = <<g>>w$) with "
                     r"$\eta = <<eta>>$ from $w_0 = <<w0>>$.", f=half_quadratic(A), g="" if A == "1" else A,
                     eta=E, w0=W0))
    step, first = calc(r"First step length: $\eta\,|f'(w_0)| = <<eta>>\cdot<<a>>\cdot<<w0>> = <<result>>$.",
                       f"{E}*{A}*{W0}", eta=E, a=A, w0=W0)
    steps.append(step)
    step, later = calc(r"After <<k>> steps $w_{<<k>>} = <<wk>>$, and the next step is only "
                       r"$<<eta>>\cdot<<a>>\cdot<<wk>> = <<result>>$ long.",
                       f"{E}*{A}*{WK}", k=k, wk=tex(WK), eta=E, a=A)
    steps.append(step)
    steps.append(say(r"Same $\eta$, shorter step: the distance moved is $\eta$ times the gradient's size, so the "
                     r"learning rate is a scale factor, not a step length."))

    correct = (pick(rng, CORRECT),
               "Right: η multiplies the gradient in θ ← θ − η∇L and is set by you (a hyperparameter), "
               "not learned by backpropagation.")
    m3 = ("The distance the parameters move at each step.",
          render(r"This confuses the rate with the step length (M3). The step is $\eta\,|\nabla L|$: in the "
                 r"worked example $\eta = <<eta>>$ stays fixed while the step shrinks from <<first>> to <<later>> "
                 r"as the gradient shrinks near the minimum.", eta=E, first=first, later=later), "M3")
    backprop = ("A parameter learned by backpropagation together with the weights.",
                "Backpropagation computes the gradient of the loss with respect to the weights; the learning "
                "rate is not one of them. You set it before training (or a schedule changes it by a rule you "
                "choose), which is why it is called a hyperparameter.", "learned-by-backprop")
    others = [
        ("The fraction of the training set used in each update.",
         "That is the batch size (relative to the data set size), a different hyperparameter. The learning "
         "rate scales the gradient, whatever batch it was computed on.", "batch-size"),
        ("The amount by which the loss goes down at each step.",
         render(r"The loss decrease depends on $\eta$ *and* on the gradient and curvature. In the worked "
                r"example $\eta$ is fixed, yet the steps (<<first>> then <<later>>) and hence the loss decreases "
                r"change from step to step.", first=first, later=later), "rate-of-loss-decrease"),
        ("The number of passes over the training data.",
         "That is the number of epochs. The learning rate scales each update; the number of epochs says how "
         "many updates (in passes over the data) you make.", "epochs"),
    ]
    choices = text_choices(correct, [m3, backprop, *sample(rng, others, 1)])
    return Draft(
        prompt=pick(rng, STEMS), solution=tuple(steps), choices=choices,
        params={"objective": {"name": "quadratic_1d", "a": a, "w_star": 0.0},
                "optimizer": {"name": "sgd", "lr": eta}, "x0": w0, "steps": k + 1},
        tags=("definition", "M3"),
    )
