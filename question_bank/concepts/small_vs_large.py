"""Effects of a too-small and a too-large learning rate (DOMAIN archetype K2, seed review question 1).

A multi-select question: statements drawn from a pool, some true (slow convergence, divergence,
overshoot that still converges, the curvature-dependent limit 2/a) and some false (M8 "small lr
overfits", M5 "overshoot = divergence", M4 "oscillating loss = lr too high", M1 "bigger is always
faster", M6 "any lr below 1 is safe"). Every statement's feedback quotes one vectorized simulation
of gradient descent on f(w) = (a/2)w² (plain GD at four rates plus heavy-ball momentum at the
smallest rate), whose losses are cross-checked against the closed form (1 − ηa)^{2T}.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import Choice, Draft, Redraw, calc, exact, half_quadratic, pick, pretty, question, render, say, tex

CURVATURES = (1, 2, 4, 5, 8, 10)
H_SMALL = (0.02, 0.05)         # η·a for the too-small rate
H_GOOD = (0.5, 0.6, 0.8)       # η·a for a good rate
H_OVER = (1.5, 1.6, 1.8)       # η·a for an overshooting but convergent rate
H_DIV = (2.2, 2.5)             # η·a above the limit 2
STEPS = (15, 20)
BETA = 0.9


@question("concepts.small_vs_large", topic="concepts", difficulty=1, kind="multi_select",
          objective="Describe what a too-small and a too-large learning rate do to gradient descent, and reject "
                    "common misconceptions about them.")
def small_vs_large(rng: np.random.Generator) -> Draft:
    a, T = pick(rng, CURVATURES), pick(rng, STEPS)
    hs = [pick(rng, H_SMALL), pick(rng, H_GOOD), pick(rng, H_OVER), pick(rng, H_DIV)]
    if abs(1 - hs[1]) >= abs(1 - hs[2]):
        raise Redraw("the good rate must converge strictly faster than the overshooting one")
    rates = [round(h / a, 10) for h in hs]
    lrs = np.array(rates + [rates[0]])
    traj = core.run(core.sgd(lrs, momentum=np.array([0.0, 0.0, 0.0, 0.0, BETA])), core.Quadratic1D(a),
                    x0=1.0, steps=T)
    ratio = traj.losses[-1] / traj.losses[0]
    closed = (1.0 - lrs[:4] * a) ** (2 * T)
    if not np.allclose(ratio[:4], closed, rtol=1e-9, atol=0):
        raise AssertionError(f"simulated loss ratios {ratio[:4]} disagree with (1 − ηa)^(2T) = {closed}")
    w_over = traj.params[:3, 2, 0]
    if not (w_over[1] < 0 < w_over[2]):
        raise AssertionError("the overshooting run must change sign every step")
    if np.any(np.diff(traj.losses[:, :3], axis=0) > 0):
        raise AssertionError("plain GD below 2/a must have a monotone loss")
    rises = np.flatnonzero(np.diff(traj.losses[:, 4]) > 0)
    if rises.size == 0:
        raise Redraw("the momentum run should show a rise in the loss")
    k_rise = int(rises[0])  # the loss goes up from step k_rise to k_rise + 1
    if not core.theory.heavy_ball_rate(rates[0], BETA, a) < 1:
        raise AssertionError("heavy ball at the small rate must converge")

    A = exact(a)
    S, G, O, D = (exact(r) for r in rates)
    FQ = half_quadratic(A)
    steps = [say(r"Simulated: gradient descent on $f(w) = <<fq>>$ (curvature $a = <<a>>$) from $w_0 = 1$ for <<T>> "
                 r"steps. The error is multiplied by $r = 1 - <<ea>>$ each step, so the loss ratio after <<T>> "
                 r"steps is $r^{2\cdot<<T>>}$; the stability limit is $2/a$.", fq=FQ, a=A,
                 ea=r"\eta" if A == "1" else rf"\eta\cdot{A}", T=T)]
    step, LIM = calc(r"Stability limit: $2/<<a>> = <<result>>$.", f"2/{A}", a=A)
    steps.append(step)
    printed = {}
    for name, E in (("too small", S), ("good", G), ("overshooting", O), ("too large", D)):
        step, printed[name] = calc(r"$\eta = <<eta>>$ (<<name>>): $f(w_{<<T>>})/f(w_0) = (1 - <<eta>>\cdot<<a>>)^{<<T2>>} "
                                   r"= <<result>>$.", f"(1 - {E}*{A})**({2 * T})", eta=E, name=name, T=T, a=A,
                                   T2=2 * T)
        steps.append(step)
    R_S, R_G, R_O, R_D = (printed[k] for k in ("too small", "good", "overshooting", "too large"))
    W1, W2 = pretty(w_over[1]), pretty(w_over[2])
    L_lo, L_hi = pretty(traj.losses[k_rise, 4]), pretty(traj.losses[k_rise + 1, 4])
    steps.append(say(r"At $\eta = <<o>>$ the iterate overshoots: $w_1 = <<w1>>$, $w_2 = <<w2>>$ (the sign flips "
                     r"every step), yet the loss still falls every step. With heavy-ball momentum "
                     r"$\beta = <<b>>$ at the small rate $\eta = <<s>>$ the loss rises from $<<lo>>$ (step <<k>>) to "
                     r"$<<hi>>$ (step <<k1>>) although the run converges.", o=O, w1=tex(W1), w2=tex(W2),
                     b=BETA, s=S, lo=tex(L_lo), k=k_rise, hi=tex(L_hi), k1=k_rise + 1))

    true_pool = [
        ("With a too-small learning rate, gradient descent converges slowly, so a fixed number of steps can "
         "leave the loss high.",
         lambda: render(r"True. At $\eta = <<s>>$ the loss after <<T>> steps is still $<<rs>>$ of its start, against "
                r"$<<rg>>$ at $\eta = <<g>>$.", s=S, T=T, rs=tex(R_S), rg=tex(R_G), g=G)),
        ("With a too-large learning rate the loss can grow from step to step instead of shrinking.",
         lambda: render(r"True. At $\eta = <<d>>$ (above the limit $2/a = <<lim>>$) the loss after <<T>> steps is $<<rd>>$ "
                r"times its start.", d=D, lim=tex(LIM), T=T, rd=tex(R_D))),
        ("A learning rate can make the parameter overshoot the minimum at every step and still converge.",
         lambda: render(r"True. At $\eta = <<o>>$ the sign of $w$ flips every step ($w_1 = <<w1>>$, $w_2 = <<w2>>$), yet "
                r"the loss falls to $<<ro>>$ of its start after <<T>> steps.", o=O, w1=tex(W1), w2=tex(W2), ro=tex(R_O), T=T)),
        ("The largest learning rate that still converges depends on the curvature of the loss.",
         lambda: render(r"True. For $f(w) = \frac{a}{2}w^2$ the limit is $2/a$ (here $<<lim>>$): $\eta = <<o>>$ converges "
                r"while $\eta = <<d>>$ diverges. A steeper loss (larger $a$) needs a smaller rate.",
                lim=tex(LIM), o=O, d=D)),
    ]
    false_pool = [
        ("A too-small learning rate causes overfitting, because the model has time to learn the noise.",
         lambda: render(r"False: this is the misconception M8. A small rate mainly slows training; under a fixed budget "
                r"the model fits *less* (underfitting). Here $\eta = <<s>>$ still leaves $<<rs>>$ of the starting "
                r"loss after <<T>> steps.", s=S, rs=tex(R_S), T=T), "M8"),
        ("If the parameter jumps to the other side of the minimum at every step, gradient descent is diverging.",
         lambda: render(r"False (M5). Overshooting converges whenever $1/a < \eta < 2/a$: at $\eta = <<o>>$ the sign flips "
                r"every step but the loss shrinks to $<<ro>>$ of its start.", o=O, ro=tex(R_O)), "M5"),
        ("A loss curve that goes up and down always means the learning rate is too high.",
         lambda: render(r"False (M4). Full-batch gradient descent at $\eta = <<o>>$ overshoots yet its loss falls every "
                r"step, while momentum ($\beta = <<b>>$) at the small rate <<s>> makes the loss rise from $<<lo>>$ "
                r"to $<<hi>>$ at step <<k>> and still converge. Mini-batch noise causes wiggles too.",
                o=O, b=BETA, s=S, lo=tex(L_lo), hi=tex(L_hi), k=k_rise + 1), "M4"),
        ("A larger learning rate always reaches the minimum faster.",
         lambda: render(r"False (M1). Beyond $1/a$ a larger rate overshoots: after <<T>> steps $\eta = <<g>>$ leaves "
                r"$<<rg>>$ of the loss but the larger $\eta = <<o>>$ leaves $<<ro>>$, and $\eta = <<d>>$ diverges.",
                T=T, g=G, rg=tex(R_G), o=O, ro=tex(R_O), d=D), "M1"),
    ]
    if rates[3] < 1:
        false_pool.append((
            "Any learning rate below 1 is safe.",
            lambda: render(r"False (M6). The limit is $2/a$, set by the curvature, not a universal number: here "
                   r"$\eta = <<d>> < 1$ diverges because $2/a = <<lim>>$.", d=D, lim=tex(LIM)), "M6"))

    n_true = pick(rng, (2, 3))
    chosen_true = [true_pool[i] for i in rng.choice(len(true_pool), size=n_true, replace=False)]
    chosen_false = [false_pool[i] for i in rng.choice(len(false_pool), size=5 - n_true, replace=False)]
    # feedback is rendered only for the statements shown (each render compiles a template)
    choices = tuple(Choice(t, True, f()) for t, f in chosen_true) + tuple(
        Choice(t, False, f(), misconception=m) for t, f, m in chosen_false)

    prompt = render(
        r"Which of these statements about the learning rate $\eta$ of gradient descent are true? Select all "
        r"that apply. (The worked solution checks them on $f(w) = <<fq>>$ with "
        r"$\eta = <<s>>,\ <<g>>,\ <<o>>,\ <<d>>$.)", fq=FQ, s=S, g=G, o=O, d=D)
    return Draft(
        prompt=prompt, solution=tuple(steps), choices=choices,
        params={"objective": {"name": "quadratic_1d", "a": a, "w_star": 0.0},
                "optimizer": {"name": "sgd", "lr": rates + [rates[0]], "momentum": [0, 0, 0, 0, BETA]},
                "x0": 1.0, "steps": T},
        tags=("too-small", "too-large", "M8", "M5", "M4", "M1"),
    )
