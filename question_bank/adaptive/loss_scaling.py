"""Multiplying the loss by c: what happens to GD and to Adam? (DOMAIN §2.7, archetype F5; M6, M10).

Scaling the loss by c scales every gradient and the Hessian by c. For gradient descent the
stable range 0 < η < 2/λ_max becomes 0 < η < 2/(cλ_max): the largest stable rate is divided
by c (DOMAIN §2.3: ``reduction='sum'`` on a batch of n divides it by n). Adam's update
m̂/(√v̂ + ε) is invariant to rescaling the gradient (up to ε), so the same lr gives the same
trajectory.

One quadratic f(w) = (a/2)w² and its scaled copy c·f run in ONE batched call per optimizer
(curvatures a and c·a): GD at a rate η that is stable for f but above 2/(ca) converges on f and
diverges on c·f; Adam at lr gives the same iterates on both (checked to 1e-6, quoted in the
solution). Choices are statements about (i) the GD limit and (ii) Adam; three distractors
are drawn from a pool of four.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import (
    Draft, Redraw, calc, exact, half_quadratic, near_boundary, pick, pretty, question, render, sample, say, tex,
    text_choices,
)

CURVATURES = (0.5, 1, 2, 4, 5, 10)
FACTORS = (0.25, 0.75)                 # GD's η as a fraction of 2/a (not 0.5: one-step convergence)
ADAM_RATES = (0.01, 0.05, 0.1)
STARTS = (2, 3, 4, 5, -3, -4)
STEPS = 30

CONTEXTS = [
    (r"switch a loss from `reduction='mean'` to `reduction='sum'` on batches of $<<c>>$ samples, which multiplies "
     r"the loss (and every gradient) by $c = <<c>>$", (64, 128, 256)),
    (r"multiply the loss by a weight $c = <<c>>$ (for example to balance it against another term)", (10, 20, 50, 100)),
    (r"add up the gradients of $c = <<c>>$ micro-batches (gradient accumulation) and forget to divide the sum by "
     r"$c$, which multiplies every gradient by $c$", (4, 8, 16)),
    (r"use a fixed loss scale of $c = <<c>>$ and forget to unscale the gradients", (8, 16, 128, 1024)),
]


@question("adaptive.loss_scaling", topic="adaptive", difficulty=3, kind="multiple_choice",
          objective="Predict how scaling the loss by a constant changes the stable learning rate of gradient descent "
                    "(divided by c) and the behaviour of Adam (essentially unchanged).")
def loss_scaling(rng: np.random.Generator) -> Draft:
    context, cs = pick(rng, CONTEXTS)
    c = pick(rng, cs)
    a, frac, lr, w0 = pick(rng, CURVATURES), pick(rng, FACTORS), pick(rng, ADAM_RATES), pick(rng, STARTS)
    eta = frac * 2.0 / a
    if c * a * eta < 2.5 or near_boundary(c * a * eta, (2.0,)):
        raise Redraw("GD's rate must be clearly unstable for the scaled loss")
    A, C, E, LR, W0 = exact(a), exact(c), exact(eta), exact(lr), exact(w0)

    curv = np.array([a, c * a], dtype=float)
    objective = core.Quadratic1D(curv)
    gd = core.run(core.sgd(eta), objective, x0=float(w0), steps=STEPS)
    ad = core.run(core.adam(lr), objective, x0=float(w0), steps=STEPS)
    if gd.diverged[0] or not gd.diverged[1]:
        raise AssertionError(f"GD at η = {eta}: diverged = {list(gd.diverged)}, expected [False, True]")
    if ad.diverged.any() or not np.allclose(ad.params[:, 0, 0], ad.params[:, 1, 0], rtol=0, atol=1e-6 * abs(w0)):
        raise AssertionError("Adam should follow the same path on f and on c·f")
    gd_end, k_div = pretty(float(gd.final_params[0, 0])), int(gd.diverged_at[1])
    ad_end0, ad_end1 = pretty(float(ad.final_params[0, 0])), pretty(float(ad.final_params[1, 0]))
    if ad_end0 != ad_end1:
        raise Redraw("Adam's two runs print differently (ε effect near zero)")

    if float(a).is_integer():
        F = half_quadratic(A)
        steps = [say(r"$f(w) = <<f>>$ has curvature $a = f''(w) = <<a>>$.", f=F, a=A)]
    else:
        # a decimal over 2 reads badly: print the coefficient a/2 and let the student double it
        F = exact(a / 2) + "w^2"
        step, _ = calc(r"$f(w) = <<f>>$ has curvature $a = f''(w) = 2\cdot<<h>> = <<result>>$.", f"2*{exact(a / 2)}",
                       f=F, h=exact(a / 2))
        steps = [step]
    steps.append(say(r"Scaling the loss by $c$ scales its gradient and its curvature by $c$: $c\,f$ has curvature "
                     r"$c\,a$."))
    step, LIM = calc(r"Gradient descent: the stable range for $f$ is $\eta < 2/a = 2/<<a>> = <<result>>$;", f"2/{A}",
                     a=A)
    steps.append(step)
    step, LIMC = calc(r"for $c\,f$ it is $\eta < 2/(c\,a) = 2/(<<c>>\cdot<<a>>) = <<result>>$: divided by $c$.",
                      f"2/({C}*{A})", c=C, a=A)
    steps.append(step)
    steps.append(say(
        r"Adam: the gradient $c\,g$ gives $m_t \to c\,m_t$ and $\sqrt{v_t} \to c\sqrt{v_t}$, so "
        r"$\hat m_t/(\sqrt{\hat v_t} + \epsilon)$ is unchanged as long as $\epsilon = 10^{-8}$ is negligible: "
        r"the same lr gives the same steps."))
    steps.append(say(
        r"Simulation from $w_0 = <<w0>>$, <<T>> steps, both losses in one batched run per optimizer. Gradient "
        r"descent with $\eta = <<e>>$ ends at $w = <<gd>>$ on $f$ but diverges on $c\,f$ (bound passed at step <<k>>). "
        r"Adam with lr $= <<lr>>$ ends at $w = <<a0>>$ on $f$ and at $w = <<a1>>$ on $c\,f$: the same path.",
        w0=W0, T=STEPS, e=E, gd=tex(gd_end), k=k_div, lr=LR, a0=tex(ad_end0), a1=tex(ad_end1)))
    steps.append(say(r"So a learning rate tuned for plain SGD must be divided by $c$ when the loss is multiplied by "
                     r"$c$; with Adam it can stay (which does not mean Adam needs no learning-rate tuning: lr sets "
                     r"its step size directly)."))

    fill = dict(lim=tex(LIM), limc=tex(LIMC), c=C, lim_times=tex(pretty(2.0 * c / a)))
    correct = (render(r"The largest stable rate of gradient descent drops from $<<lim>>$ to $<<limc>>$ (divided by "
                      r"$<<c>>$); Adam with the same lr follows essentially the same path as before.", **fill),
               render(r"Right: the curvature is multiplied by $<<c>>$, so GD's limit $2/\lambda$ is divided by "
                      r"$<<c>>$, while Adam divides the gradient by its own running size, which cancels $c$.", **fill))
    pool = [
        (render(r"Nothing changes for either optimizer: the minimum is at the same place, so the same learning rates "
                r"work.", **fill),
         render(r"The minimiser is unchanged, but the curvature is not (M6: there is no universal safe rate). GD "
                r"diverges on the scaled loss at a rate that was fine before; its limit becomes $<<limc>>$.", **fill),
         "M6"),
        (render(r"Both need their learning rate divided by $<<c>>$: gradient descent's limit becomes $<<limc>>$ and "
                r"Adam's steps become $<<c>>$ times larger.", **fill),
         r"Right for GD, wrong for Adam: Adam's step is $\mathrm{lr}\cdot\hat m/(\sqrt{\hat v} + \epsilon)$, and the "
         r"factor $c$ cancels between $\hat m$ and $\sqrt{\hat v}$; its steps keep their size.", "adam-like-sgd"),
        (render(r"Gradient descent can now use a larger learning rate, up to $<<lim_times>>$ (the old limit times "
                r"$<<c>>$), because the gradients are stronger; Adam is unaffected.", **fill),
         render(r"Reversed: stronger gradients make each GD step $\eta\cdot c\,g$ bigger, so the stable rate shrinks "
                r"to $<<limc>>$, it does not grow.", **fill), "reversed-scaling"),
        (render(r"Gradient descent's limit becomes $<<limc>>$, and Adam needs its lr divided by $\sqrt{<<c>>}$ "
                r"because it divides by the square root of the second moment.", **fill),
         r"The square root is taken of $v \propto c^2 g^2$, so $\sqrt{v}$ scales by $c$, exactly like $m$: the ratio "
         r"is unchanged and Adam needs no change of lr.", "sqrt-confusion"),
    ]
    choices = text_choices(correct, sample(rng, pool, 3))

    prompt = render(
        r"A model is trained on the loss $f(w) = <<f>>$ (a stand-in for a quadratic training loss). "
        r"You now " + render(context, c=C) + r", i.e. the new loss is $c\,f$. What happens to (i) the largest "
        r"learning rate for which full-batch gradient descent converges, and (ii) PyTorch `Adam` (default betas, "
        r"$\epsilon = 10^{-8}$) run with the same lr as before?", f=F)
    return Draft(
        prompt=prompt, solution=tuple(steps), choices=choices,
        params={"objective": {"name": "quadratic_1d", "a": a, "loss_scale": c},
                "runs": {"gd": {"optimizer": "sgd", "lr": eta}, "adam": {"optimizer": "adam", "lr": lr}},
                "batched_curvatures": [a, c * a], "x0": w0, "steps": STEPS},
        tags=("loss-scaling", "adam", "stability-threshold", "M6", "M10"),
    )
