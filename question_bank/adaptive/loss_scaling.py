"""Multiplying the loss by c: what happens to GD and to Adam? (DOMAIN §2.7, archetype F5; M6, M10).

Scaling the loss by c scales every gradient and the Hessian by c: gradient descent's stable range
0 < η < 2/λ_max becomes 0 < η < 2/(cλ_max) (DOMAIN §2.3: ``reduction='sum'`` on a batch of n divides it by n),
while Adam's update m̂/(√v̂ + ε) is invariant (up to ε). f = (a/2)w² and c·f run in ONE batched call per
optimizer: GD at a rate stable for f diverges on c·f; Adam at lr follows the same path on both.
"""

from quizgen import core
from quizgen.family import Meta, calc, num, pick, redraw_if, simulate
from quizgen.kit import optim

STEPS = 30
CONTEXTS = [
    (r"switch a loss from `reduction='mean'` to `reduction='sum'` on batches of $<<c>>$ samples, which multiplies "
     r"the loss (and every gradient) by $c = <<c>>$", (64, 128, 256)),
    (r"multiply the loss by a weight $c = <<c>>$ (for example to balance it against another term)", (10, 20, 50, 100)),
    (r"add up the gradients of $c = <<c>>$ micro-batches (gradient accumulation) and forget to divide the sum by "
     r"$c$, which multiplies every gradient by $c$", (4, 8, 16)),
    (r"use a fixed loss scale of $c = <<c>>$ and forget to unscale the gradients", (8, 16, 128, 1024)),
]
# every option states (i) and (ii) in the same form; each has a short and a long phrasing, drawn at random
CORRECT = ((r"(i) It is divided by $<<c>>$, from $<<lim>>$ to $<<limc>>$; (ii) Adam's steps stay the same.",
            r"""(i) It is divided by $<<c>>$, from $<<lim>>$ to $<<limc>>$, because the curvature grew; (ii) Adam
            takes essentially the same steps as before."""),
           r"""Right: the curvature is multiplied by $<<c>>$, so GD's limit $2/\lambda$ is divided by $<<c>>$, while
           Adam divides the gradient by its own running size, which cancels $c$.""")
POOL = [
    ((r"(i) It stays at $<<lim>>$, since the minimum did not move; (ii) Adam's steps stay the same.",
      r"""(i) It stays at $<<lim>>$, since the minimum is still in the same place; (ii) Adam also takes
      essentially the same steps as before."""),
     r"""The minimiser is unchanged, but the curvature is not (there is no universal safe rate). GD diverges on
     the scaled loss at a rate that was fine before; its limit becomes $<<limc>>$.""", "M6"),
    ((r"(i) It is divided by $<<c>>$, to $<<limc>>$; (ii) Adam's steps grow $<<c>>$-fold.",
      r"""(i) It is divided by $<<c>>$, from $<<lim>>$ to $<<limc>>$; (ii) Adam's steps grow $<<c>>$-fold, so its
      lr must be divided by $<<c>>$ as well."""),
     r"""Right for GD, wrong for Adam: Adam's step is $\mathrm{lr}\cdot\hat m/(\sqrt{\hat v} + \epsilon)$, and the
     factor $c$ cancels between $\hat m$ and $\sqrt{\hat v}$; its steps keep their size.""", "adam-like-sgd"),
    ((r"(i) It grows to $<<lim_times>>$, as the gradients are stronger; (ii) Adam's steps stay the same.",
      r"""(i) It is multiplied by $<<c>>$, from $<<lim>>$ to $<<lim_times>>$, as the gradients are stronger;
      (ii) Adam takes essentially the same steps as before."""),
     r"""Reversed: stronger gradients make each GD step $\eta\cdot c\,g$ bigger, so the stable rate shrinks to
     $<<limc>>$, it does not grow.""", "reversed-scaling"),
    ((r"(i) It is divided by $<<c>>$, to $<<limc>>$; (ii) Adam's lr must be divided by $\sqrt{<<c>>}$.",
      r"""(i) It is divided by $<<c>>$, from $<<lim>>$ to $<<limc>>$; (ii) Adam's lr must be divided by
      $\sqrt{<<c>>}$, since Adam divides by a square root."""),
     r"""The square root is taken of $v \propto c^2 g^2$, so $\sqrt{v}$ scales by $c$, exactly like $m$: the ratio
     is unchanged and Adam needs no change of lr.""", "sqrt-confusion"),
]

QUESTION = r"""A model is trained on the loss $f(w) = <<a|half_quadratic>>$ (a stand-in for a quadratic training loss).
You now <<context>>, i.e. the new loss is $c\,f$. What happens to (i) the largest learning rate for which full-batch
gradient descent converges, and (ii) PyTorch `Adam` (default betas, $\epsilon = 10^{-8}$) run with the same lr as
before?"""

SOLUTION = [
    # a decimal a over 2 reads badly: the loss prints the coefficient a/2 and the student doubles it
    r"""$f(w) = <<a|half_quadratic>>$ has curvature $a = f''(w) = <% if curv %><<curv.work>><% else %><<a>><% endif
    %>$.""",
    r"Scaling the loss by $c$ scales its gradient and its curvature by $c$: $c\,f$ has curvature $c\,a$.",
    r"Gradient descent: the stable range for $f$ is $\eta < 2/a = <<lim.work>>$;",
    r"for $c\,f$ it is $\eta < 2/(c\,a) = <<limc.work>>$: divided by $c$.",
    r"""Adam: the gradient $c\,g$ gives $m_t \to c\,m_t$ and $\sqrt{v_t} \to c\sqrt{v_t}$, so
    $\hat m_t/(\sqrt{\hat v_t} + \epsilon)$ is unchanged as long as $\epsilon = 10^{-8}$ is negligible: the same lr
    gives the same steps.""",
    r"""Simulation from $w_0 = <<w0>>$, <<T>> steps, both losses in one batched run per optimizer. Gradient descent
    with $\eta = <<eta>>$ ends at $w = <<gd_end>>$ on $f$ but diverges on $c\,f$ (bound passed at step <<k>>). Adam
    with lr $= <<lr>>$ ends at $w = <<ad_end0>>$ on $f$ and at $w = <<ad_end1>>$ on $c\,f$: the same path.""",
    r"""So a learning rate tuned for plain SGD must be divided by $c$ when the loss is multiplied by $c$; with Adam it
    can stay (which does not mean Adam needs no learning-rate tuning: lr sets its step size directly).""",
]


def data(rng):
    context, cs = pick(rng, CONTEXTS)
    c = pick(rng, cs)
    a, frac = pick(rng, (0.5, 1, 2, 4, 5, 10)), pick(rng, (0.25, 0.75))  # GD's η as a fraction of 2/a (0.5 would
    lr, w0 = pick(rng, (0.01, 0.05, 0.1)), pick(rng, (2, 3, 4, 5, -3, -4))  # converge in one step)
    eta = frac * 2.0 / a
    redraw_if(c * a * eta < 2.5, "GD's rate must be clearly unstable for the scaled loss")
    objective = core.Quadratic1D([a, c * a])
    gd = simulate(core.sgd(eta), objective, x0=float(w0), steps=STEPS)
    ad = simulate(core.adam(lr), objective, x0=float(w0), steps=STEPS)
    ad_end0, ad_end1 = num(ad.final_params[0, 0], sig=4), num(ad.final_params[1, 0], sig=4)
    redraw_if(ad_end0.text != ad_end1.text, "Adam's two runs print differently (ε effect near zero)")
    same_path = not ad.diverged.any() and abs(ad.params[:, 0, 0] - ad.params[:, 1, 0]).max() <= 1e-6 * abs(w0)
    d = dict(a=a, c=c, context=optim.fill(context, {"c": c}), w0=w0, T=STEPS, eta=eta, lr=lr, k=int(gd.diverged_at[1]),
             curv=None if float(a).is_integer() else calc("2*h", h=num(a / 2)), lim=calc("2/a", a=a),
             limc=calc("2/(c*a)", c=c, a=a), lim_times=num(2.0 * c / a, sig=4), ad_end0=ad_end0, ad_end1=ad_end1,
             gd_end=num(gd.final_params[0, 0], sig=4), gd_diverged=gd.diverged, adam_same_path=same_path,
             params={"loss_scale": c})
    return dict(d, choices=optim.drawn_choices(rng, CORRECT, POOL, 3, d))


META = Meta(id="adaptive.loss_scaling", topic="adaptive", difficulty=3, kind="multiple_choice",
            objective="Predict how scaling the loss by a constant changes the stable learning rate of gradient descent "
                      "(divided by c) and the behaviour of Adam (essentially unchanged).",
            # GD converges on f and diverges on c·f; Adam follows the same path on both
            closed_form=lambda d: {"gd_diverged": [False, True], "adam_same_path": True},
            tags=("loss-scaling", "adam", "stability-threshold", "M6", "M10"))
