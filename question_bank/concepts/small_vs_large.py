"""Effects of a too-small and a too-large learning rate (DOMAIN archetype K2, seed review question 1).

A multi-select question: true statements (slow convergence, divergence, overshoot that still
converges, the curvature-dependent limit 2/a) and false ones (M8 "small lr overfits", M5 "overshoot
= divergence", M4 "oscillating loss = lr too high", M1 "bigger is always faster", M6 "any lr below 1
is safe"). The feedback quotes one run on f(w) = (a/2)w²: plain GD at four rates plus heavy-ball
momentum at the smallest, whose loss ratios match the closed form (1 − ηa)^{2T}.
"""

from quizgen import core
from quizgen.family import Meta, calc, num, pick, redraw_if, simulate
from quizgen.kit.concepts import select_all

BETA = 0.9

TRUE = [
    ("With a too-small learning rate gradient descent converges slowly, so a fixed budget can leave the loss "
     "high.",
     r"True. At $\eta = <<small>>$ the loss after <<T>> steps is still $<<r_small>>$ of its start, against "
     r"$<<r_good>>$ at $\eta = <<good>>$."),
    ("With a too-large learning rate the loss can grow from step to step instead of shrinking.",
     r"True. At $\eta = <<big>>$ (above the limit $2/a = <<lim>>$) the loss after <<T>> steps is $<<r_big>>$ "
     r"times its start."),
    ("A learning rate can make the parameter overshoot the minimum at every step and still converge.",
     r"True. At $\eta = <<over>>$ the sign of $w$ flips every step ($w_1 = <<w1>>$, $w_2 = <<w2>>$), yet the "
     r"loss falls to $<<r_over>>$ of its start after <<T>> steps."),
    ("The largest learning rate that still converges depends on the curvature of the loss.",
     r"True. For $f(w) = \frac{a}{2}w^2$ the limit is $2/a$ (here $<<lim>>$): $\eta = <<over>>$ converges while "
     r"$\eta = <<big>>$ diverges. A steeper loss (larger $a$) needs a smaller rate."),
]
FALSE = [
    ("A too-small learning rate causes overfitting, because the model has time to learn the noise.",
     r"False: a low rate does not cause overfitting. A small rate mainly slows training; under a fixed budget the model "
     r"fits *less* (underfitting). Here $\eta = <<small>>$ still leaves $<<r_small>>$ of the starting loss "
     r"after <<T>> steps.", "M8"),
    ("If the parameter jumps to the other side of the minimum at every step, gradient descent is diverging.",
     r"False. Overshooting converges whenever $1/a < \eta < 2/a$: at $\eta = <<over>>$ the sign flips "
     r"every step but the loss shrinks to $<<r_over>>$ of its start.", "M5"),
    ("A loss curve that goes up and down always means the learning rate is too high.",
     r"False. Full-batch gradient descent at $\eta = <<over>>$ overshoots yet its loss falls every step, "
     r"while momentum ($\beta = <<beta>>$) at the small rate $<<small>>$ makes the loss rise from $<<l_lo>>$ to "
     r"$<<l_hi>>$ at step <<k + 1>> and still converge. Mini-batch noise causes wiggles too.", "M4"),
    ("A larger learning rate always reaches the minimum faster, as long as the run still converges.",
     r"False. Beyond $1/a$ a larger rate overshoots: after <<T>> steps $\eta = <<good>>$ leaves "
     r"$<<r_good>>$ of the loss but the larger $\eta = <<over>>$ leaves $<<r_over>>$, and $\eta = <<big>>$ "
     r"diverges.", "M1"),
]
BELOW_ONE = ("Any learning rate below 1 is safe, because each step is then shorter than the gradient itself.",
             r"False. A step shorter than the gradient can still overshoot: the limit is $2/a$, set by the curvature, "
             r"not a universal number: here "
             r"$\eta = <<big>> < 1$ diverges because $2/a = <<lim>>$.", "M6")

QUESTION = r"""Which of these statements about the learning rate $\eta$ of gradient descent are true? Select
all that apply. (The worked solution checks them on $f(w) = <<a|half_quadratic>>$ with
$\eta = <<small>>,\ <<good>>,\ <<over>>,\ <<big>>$.)"""

SOLUTION = [
    r"""Simulated: gradient descent on $f(w) = <<a|half_quadratic>>$ (curvature $a = <<a>>$) from $w_0 = 1$ for
    <<T>> steps. The error is multiplied by $r = 1 - <% if a == 1 %>\eta<% else %>\eta\cdot<<a>><% endif %>$ each
    step, so the loss ratio after <<T>> steps is $r^{2\cdot<<T>>}$; the stability limit is $2/a$.""",
    r"Stability limit: $<<lim.work>>$.",
    r"$\eta = <<small>>$ (too small): $f(w_{<<T>>})/f(w_0) = <<r_small.work>>$.",
    r"$\eta = <<good>>$ (good): $f(w_{<<T>>})/f(w_0) = <<r_good.work>>$.",
    r"$\eta = <<over>>$ (overshooting): $f(w_{<<T>>})/f(w_0) = <<r_over.work>>$.",
    r"$\eta = <<big>>$ (too large): $f(w_{<<T>>})/f(w_0) = <<r_big.work>>$.",
    r"""At $\eta = <<over>>$ the iterate overshoots: $w_1 = <<w1>>$, $w_2 = <<w2>>$ (the sign flips every step),
    yet the loss still falls every step. With heavy-ball momentum $\beta = <<beta>>$ at the small rate
    $\eta = <<small>>$ the loss rises from $<<l_lo>>$ (step <<k>>) to $<<l_hi>>$ (step <<k + 1>>) although the
    run converges.""",
]


def data(rng):
    a, T = pick(rng, (1, 2, 4, 5, 8, 10)), pick(rng, (15, 20))
    # η·a for the too-small, good, overshooting (still convergent) and too-large rates
    hs = [pick(rng, (0.02, 0.05)), pick(rng, (0.5, 0.6, 0.8)), pick(rng, (1.5, 1.6, 1.8)), pick(rng, (2.2, 2.5))]
    redraw_if(abs(1 - hs[1]) >= abs(1 - hs[2]), "the good rate must converge strictly faster than the overshooting one")
    rates = [round(h / a, 10) for h in hs]
    traj = simulate(core.sgd(rates + rates[:1], momentum=[0.0, 0.0, 0.0, 0.0, BETA]), core.Quadratic1D(a), x0=1.0,
                    steps=T)
    losses, w_over = traj.losses, traj.params[:3, 2, 0]
    rises = (losses[1:, 4] > losses[:-1, 4]).nonzero()[0]
    redraw_if(rises.size == 0, "the momentum run should show a rise in the loss")
    redraw_if(not w_over[1] < 0 < w_over[2] or (losses[1:, :3] > losses[:-1, :3]).any()
              or core.theory.heavy_ball_rate(rates[0], BETA, a) >= 1,
              "the statements need a sign-flipping overshoot, monotone plain-GD losses and a convergent heavy ball")
    k = int(rises[0])  # the momentum run's loss goes up from step k to k + 1
    small, good, over, big = (num(r) for r in rates)
    d = dict(a=a, T=T, beta=BETA, small=small, good=good, over=over, big=big, lim=calc("2/a", a=a),
             w1=num(w_over[1], sig=4), w2=num(w_over[2], sig=4), k=k, l_lo=num(losses[k, 4], sig=4),
             l_hi=num(losses[k + 1, 4], sig=4), ratio=losses[-1, :4] / losses[0, :4], rates=rates)
    d.update({f"r_{n}": calc("(1 - eta*a)**T2", eta=e, a=a, T2=2 * T)
              for n, e in zip(("small", "good", "over", "big"), (small, good, over, big))})
    d["choices"] = select_all(rng, d, TRUE, FALSE + ([BELOW_ONE] if rates[3] < 1 else []))
    return d


META = Meta(id="concepts.small_vs_large", topic="concepts", difficulty=1, kind="multi_select",
            objective="Describe what a too-small and a too-large learning rate do to gradient descent, and reject "
                      "common misconceptions about them.",
            closed_form=lambda d: {"ratio": [(1.0 - r * d["a"]) ** (2 * d["T"]) for r in d["rates"]]},
            tags=("too-small", "too-large", "M8", "M5", "M4", "M1"))
