"""What the learning rate is (DOMAIN archetype K1; distractors M3 and "learned by backprop").

The feedback on the "step length" misconception quotes a short gradient-descent run on a
parabola: with a constant η the steps shrink, because each step is η times the gradient.
"""

from quizgen import core
from quizgen.family import Meta, calc, num, pick, redraw_if, simulate
from quizgen.kit.concepts import statements

STEMS = (
    r"In gradient descent the parameters are updated by $\theta \leftarrow \theta - \eta\,\nabla L(\theta)$. "
    r"What is the learning rate $\eta$?",
    r"Which statement best describes the learning rate of a gradient-descent optimiser?",
    r"In PyTorch, `torch.optim.SGD(model.parameters(), lr=0.01)` creates a plain gradient-descent optimiser. "
    r"What does `lr` (the learning rate) control?",
    r"What role does the learning rate play when a model is trained with gradient descent?",
    r"A study guide asks you to define the learning rate. Which definition is correct?",
)
# every option has a short and a longer phrasing, one drawn per version: length says nothing about the key
CORRECT = (
    "A hyperparameter you set that multiplies the gradient in each update.",
    r"A user-set value, not learned, that scales the gradient in every update: each step is $\eta$ times the "
    r"gradient.",
)
RIGHT = ("Right: η multiplies the gradient in θ ← θ − η∇L and is set by you (a hyperparameter), "
         "not learned by backpropagation.")
WRONG = [
    (("The distance the parameters move at each step.",
      r"The length of every step: with learning rate $\eta$ the parameters move a distance $\eta$ per update, "
      r"whatever the gradient."),
     r"This confuses the rate with the step length. The step is $\eta\,|\nabla L|$: in the worked example "
     r"$\eta = <<eta>>$ stays fixed while the step shrinks from $<<first>>$ to $<<later>>$ as the gradient "
     r"shrinks near the minimum.", "M3"),
    (("A parameter learned by backpropagation with the weights.",
      "A parameter of the model that backpropagation updates along with the weights, from the gradient of "
      "the loss."),
     "Backpropagation computes the gradient of the loss with respect to the weights; the learning rate is not "
     "one of them. You set it before training (or a schedule changes it by a rule you choose), which is why it "
     "is called a hyperparameter.", "learned-by-backprop"),
]
OTHERS = [
    (("The fraction of the training set used in each update.",
      "The fraction of the training examples each update uses to compute its gradient, so a larger rate "
      "sees more data."),
     "That is the batch size (relative to the data set size), a different hyperparameter. The learning rate "
     "scales the gradient, whatever batch it was computed on.", "batch-size"),
    (("The amount by which the loss goes down at each step.",
      r"The amount by which the loss goes down at each step: a rate $\eta$ lowers the loss by $\eta$ per "
      r"update."),
     r"The loss decrease depends on $\eta$ *and* on the gradient and curvature. In the worked example $\eta$ is "
     r"fixed, yet the steps ($<<first>>$ then $<<later>>$) and hence the loss decreases change from step to "
     r"step.", "rate-of-loss-decrease"),
    (("The number of passes over the training data.",
      "The number of passes over the training data: a larger rate makes gradient descent visit each example "
      "more often."),
     "That is the number of epochs. The learning rate scales each update; the number of epochs says how many "
     "updates (in passes over the data) you make.", "epochs"),
]

QUESTION = "<<stem>>"

SOLUTION = [
    r"""The update is $\theta_{t+1} = \theta_t - \eta\,\nabla L(\theta_t)$: $\eta$ is the factor in front of the
    gradient. You choose it (a hyperparameter, possibly changed by a schedule); it is not learned from the data
    the way the weights are.""",
    r"""Example: gradient descent on $f(w) = <<a|half_quadratic>>$ (gradient $f'(w) = <<a|coef('w')>>$) with
    $\eta = <<eta>>$ from $w_0 = <<w0>>$.""",
    r"First step length: $\eta\,|f'(w_0)| = <<first.work>>$.",
    r"After <<k>> steps $w_{<<k>>} = <<wk>>$, and the next step is only $<<later.work>>$ long.",
    r"""Same $\eta$, shorter step: the distance moved is $\eta$ times the gradient's size, so the learning rate
    is a scale factor, not a step length.""",
]


def data(rng):
    a, eta, w0, k = pick(rng, (1, 2, 4, 5)), pick(rng, (0.05, 0.1, 0.2)), pick(rng, (2, 3, 4, 5)), pick(rng, (3, 4, 5))
    redraw_if(eta * a >= 0.9, "keep the illustration in the monotone regime, well below 1/a")
    w = simulate(core.sgd(eta), core.Quadratic1D(a), x0=float(w0), steps=k + 1).params[:, 0, 0]
    wk = num(w[k], sig=4)
    d = dict(a=a, eta=eta, w0=w0, k=k, w=w, wk=wk, first=calc("eta*a*w0", eta=eta, a=a, w0=w0),
             later=calc("eta*a*wk", eta=eta, a=a, wk=wk))
    d["choices"] = statements(d, (CORRECT, RIGHT), WRONG, rng=rng, sampled=OTHERS, k=1)
    d["stem"] = pick(rng, STEMS)
    return d


META = Meta(id="concepts.definition", topic="concepts", difficulty=1, kind="multiple_choice",
            objective="Define the learning rate as the user-chosen factor that scales the gradient in each update.",
            closed_form=lambda d: {"w": [core.theory.iterate(t, d["eta"], d["a"], d["w0"]) for t in range(d["k"] + 2)]},
            tags=("definition", "M3"))
