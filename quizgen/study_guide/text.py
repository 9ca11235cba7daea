"""The guide's prose: definition, key formulas, misconceptions and the source page's three
review questions answered — with the numbers of this guide's runs where a claim needs one."""

from __future__ import annotations

from quizgen.printed import coef, half_quadratic, paren
from quizgen.study_guide.model import Fact, Formula, Misconception, SeedQuestion
from quizgen.study_guide.numbers import m, tex
from quizgen.study_guide.problems import Problems

UPDATE_RULE = r"\theta_{t+1} = \theta_t - \eta\,\nabla L(\theta_t)"


def definition(p: Problems, first_step: float) -> tuple[str, ...]:
    """What the learning rate is, in words and as the update, with one step of the guide's problem."""
    eta = p.rates[1]
    return (
        r"The **learning rate** $\eta$ is the number that scales each gradient-descent update: the optimizer "
        r"computes the gradient of the loss — the direction in which the loss grows fastest — and moves the "
        r"weights a step against it, $\eta$ times as long as the gradient. It is a *hyperparameter*: you choose "
        r"it; training does not learn it.",
        r"It decides how fast and whether training converges. Too small and progress is slow; too large and the "
        r"steps overshoot the minimum, and past a limit set by the loss's curvature they make the loss grow.",
        rf"One step on this guide's problem $f(w) = {half_quadratic(int(p.a))}$ (gradient $f'(w) = {coef(int(p.a), 'w')}$) from "
        rf"$w_0 = {p.w0:g}$ with $\eta = {tex(eta, 4)}$: $w_1 = {p.w0:g} - {tex(eta, 4)} \cdot {p.a:g} \cdot "
        rf"{paren(int(p.w0))} = {tex(first_step, 4)}$. The step's length is $\eta\,|f'(w)|$, so it shrinks as the "
        r"slope flattens, even at a constant rate.",
    )


def formulas(p: Problems, facts: dict[str, Fact]) -> tuple[Formula, ...]:
    """The key formulas, each with the value it takes on this guide's problems."""
    lam = facts["threshold"].run["eigenvalues"]
    beta = p.beta
    return (
        Formula("Gradient-descent update", UPDATE_RULE, "Step against the gradient, scaled by $\\eta$."),
        Formula("1-D quadratic $f(w) = \\frac{a}{2}(w - w^*)^2$",
                r"w_{k} - w^* = (1 - \eta a)^k\,(w_0 - w^*)",
                rf"Converges iff $0 < \eta < 2/a$; fastest at $\eta = 1/a$. Here $a = {p.a:g}$: "
                rf"$2/a = {tex(2 / p.a, 3)}$."),
        Formula("Stability limit on a quadratic", r"0 < \eta < \frac{2}{\lambda_{\max}}",
                rf"$\lambda_{{\max}}$ is the largest Hessian eigenvalue. Here $\lambda = {lam[0]:g}, {lam[1]:g}$: "
                rf"${tex(2 / lam[1], 3)}$."),
        Formula("Best constant rate and its speed",
                r"\eta^* = \frac{2}{\lambda_{\min} + \lambda_{\max}}, \qquad \rho^* = \frac{\kappa - 1}{\kappa + 1}",
                rf"$\kappa = \lambda_{{\max}}/\lambda_{{\min}}$ is the condition number; the error shrinks by $\rho^*$ per "
                rf"step. Here $\eta^* = {tex(2 / (lam[0] + lam[1]), 3)}$, $\rho^* = "
                rf"{tex((lam[1] - lam[0]) / (lam[1] + lam[0]), 3)}$."),
        Formula("Least squares (mean squared error)", r"H = \tfrac{2}{n}X^\top X, \qquad \eta < 1/\lambda_{\max}(X^\top X/n)",
                "An intercept is a column of ones; the threshold depends on the features' scale and the loss convention."),
        Formula("Heavy-ball momentum", r"b_t = \beta b_{t-1} + g_t,\quad \theta_t = \theta_{t-1} - \eta b_t",
                rf"Stable for $\eta\lambda < 2(1 + \beta)$; effective rate about $\eta/(1 - \beta)$. With "
                rf"$\beta = {beta:g}$: ${tex(2 * (1 + beta), 3)}/\lambda_{{\max}}$ and ${tex(1 / (1 - beta), 3)}\eta$."),
        Formula("Adam", r"\theta_t = \theta_{t-1} - \mathrm{lr}\,\frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}",
                r"$\hat m_t, \hat v_t$ are bias-corrected averages of $g$ and $g^2$; the first step is about "
                r"$\mathrm{lr}\cdot\operatorname{sign}(g)$. Defaults: lr $= 10^{-3}$, $\beta = (0.9, 0.999)$."),
        Formula("Schedules (epoch $e$ counted from 0)",
                r"\eta_e = \eta_0\gamma^{\lfloor e/s \rfloor}, \qquad \eta_e = \eta_{\min} + (\eta_0 - \eta_{\min})"
                r"\tfrac{1 + \cos(\pi e/T)}{2}",
                "Step decay (`StepLR`) and cosine annealing (`CosineAnnealingLR`, which is not clamped after $T$)."),
        Formula("LR range test", r"\mathrm{lr}_i = \mathrm{start}\cdot(\mathrm{end}/\mathrm{start})^{i/N}",
                "Exponential sweep; pick about a tenth of the rate at the smoothed loss's minimum."),
        Formula("Mini-batch noise floor", r"\text{floor} \propto \eta / B",
                "A small-rate limit (larger rates can raise it faster); decaying $\\eta$ (or growing the batch $B$) "
                "lowers it."),
    )


MISCONCEPTIONS = (
    Misconception("A low learning rate causes overfitting, because the model learns the noise.",
                  "A low rate slows training: at a fixed budget the model fits *less* (underfitting), and early "
                  "stopping at a small rate acts like L2 regularisation. Overfitting comes from capacity and from "
                  "training too far. (Deep-learning nuance: a large initial rate, later decayed, often generalises "
                  "better than a small one throughout.)", "M8"),
    Misconception("A loss that goes up and down means the learning rate is too high.",
                  "Full-batch gradient descent on a quadratic has a falling loss for every stable rate, even while "
                  "the parameters zigzag. Wiggles come from mini-batch noise, momentum or a non-quadratic loss.", "M4"),
    Misconception("Overshooting the minimum means diverging.",
                  "For $1/a < \\eta < 2/a$ the iterate flips sides every step and still converges.", "M5"),
    Misconception("A bigger learning rate is always faster.",
                  "Speed improves up to $1/a$ (or $2/(\\lambda_{\\min} + \\lambda_{\\max})$), then falls; past "
                  "$2/\\lambda_{\\max}$ the run diverges.", "M1"),
    Misconception("Some rate, such as 0.01 or anything below 1, is always safe.",
                  "The limit $2/\\lambda_{\\max}$ depends on the data's scale, the loss's convention and the model.",
                  "M6"),
    Misconception("Adam does not need a learning rate.",
                  "Adam's step is about lr per coordinate: lr still needs tuning, and often warm-up and decay.", "M10"),
    Misconception("In a range test, take the rate at the minimum of the curve.",
                  "At the minimum the loss is about to blow up: take the steep part, about a tenth of it.", "M11"),
    Misconception("Decay is needed because gradients grow; constant-rate gradient descent cannot converge.",
                  "Full-batch gradient descent converges at a constant stable rate (the steps shrink with the "
                  "gradient). Decay removes *mini-batch* noise.", "M12"),
    Misconception("Momentum only makes things faster; the rate's limits stay the same.",
                  "Momentum multiplies the effective rate by about $1/(1 - \\beta)$ and moves the limit to "
                  "$2(1 + \\beta)/\\lambda_{\\max}$; one often lowers $\\eta$ when adding it.", "M15"),
    Misconception("Warm-up is there to make the start faster.",
                  "Warm-up is for stability: early curvature is high (a small local limit) and Adam's statistics "
                  "are still noisy.", "M14"),
)


def seed_questions(facts: dict[str, Fact]) -> tuple[SeedQuestion, ...]:
    """The source page's three review questions, answered with this guide's runs."""
    r = facts["regimes"].run
    eta = r["rates"]
    noise, sched, fit = facts["noise-floor"].run, facts["schedule"].run, facts["fitting"].run
    return (
        SeedQuestion(
            "How does the learning rate affect training and convergence?",
            (rf"It sets the step size, so it decides both speed and stability. On a quadratic each step multiplies "
             rf"the error by $1 - \eta a$: tiny rates crawl (in fact 1, $\eta = {tex(eta[0], 4)}$ still had "
             rf"{m(r['loss_left'][0], 2)} of its starting loss after {r['steps']} steps, where $\eta = {tex(eta[1], 4)}$ "
             rf"had {m(r['loss_left'][1], 2)}), rates near $1/a$ are fastest, rates between $1/a$ and $2/a$ "
             r"overshoot but converge, and rates above $2/a$ diverge.",
             r"In many dimensions the steepest direction sets the limit ($2/\lambda_{\max}$) while the flattest one "
             r"sets the speed, so badly conditioned problems are slow at any constant rate. Because the limit "
             r"depends on the data and the model, the rate is found by experiment: a log-scale search or a range test."),
        ),
        SeedQuestion(
            "How does adjusting the learning rate during training (schedules, adaptive methods) help?",
            (rf"A schedule takes large steps early, for fast progress, and small steps late, so mini-batch SGD can "
             rf"settle: in fact 5 a cosine schedule ended at {m(sched['cosine_end'], 2)} against "
             rf"{m(sched['constant_end'], 2)} for the constant rate it started from. The noise floor it removes "
             rf"grows with the rate (fact 4: {', '.join(m(v, 2) for v in noise['plateaus'])}).",
             r"Warm-up starts small for stability while curvature is high and Adam's statistics are unreliable. "
             r"Adaptive methods (AdaGrad, RMSprop, Adam) give each parameter its own step, which helps with badly "
             r"scaled or sparse features — but they still have a learning rate to tune."),
        ),
        SeedQuestion(
            "What does an inappropriate learning rate mean for overfitting and underfitting?",
            (r"Mostly it is an optimisation failure that shows up as underfitting. Too high: the loss oscillates, "
             r"grows or becomes NaN, and the model never fits the training data. Too low: progress is slow, so after "
             rf"a fixed number of epochs the training loss is still high — in fact 8 the smallest rate ended with "
             rf"training loss {m(fit['train'][0], 2)} against {m(fit['train'][-1], 2)} for the largest.",
             r"Overfitting is a different diagnosis: training loss falling while validation loss rises. It is "
             r"controlled by capacity, data, regularisation and how long you train; a smaller rate at the same "
             r"budget fits less, not more. The true nuance is narrower: in deep networks trained with SGD, a large "
             r"initial rate that is later decayed often generalises better than a small rate used throughout."),
        ),
    )


INTRO = (r"Everything in this guide was computed for it: each fact is shown by a run of gradient descent on "
         r"problems drawn from the guide's seed, and each sentence about a run says what that run's numbers "
         r"show. Another seed gives other problems and other numbers; the facts stay true.")

EXPLORER_TEXT = (
    r"Move the slider to change the learning rate of gradient descent on the 2-D problem of fact 2. Each "
    r"position is a real run, computed when this guide was made — the page only looks it up. The strip marks "
    r"$1/\lambda_{\max}$, the optimal rate $\eta^*$ and the limit $2/\lambda_{\max}$; the regime is read off each run.",
    r"Switch momentum on to replay the same rates with heavy-ball momentum: its limit moves to "
    r"$2(1 + \beta)/\lambda_{\max}$ and its loss curve stops being monotone.",
)
