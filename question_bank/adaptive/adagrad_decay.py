"""Adagrad's built-in decay: with a constant gradient the t-th step is lr/√t (DOMAIN §2.7, archetype F4).

``torch.optim.Adagrad(lr, eps=1e-10)`` accumulates s_t = s_{t−1} + g_t² and steps lr·g_t/(√s_t + ε); with the
same gradient g every step s_t = t·g², so step t is lr·|g|/(√t·|g| + ε) ≈ lr/√t whatever g is (CS231n's
"too aggressive, stops learning too early"). Two variants: the length of step t, or the first step whose length
is at most lr/k (t = k²). The steps come from ``core.adagrad``'s own ``update`` on a fixed gradient.
"""

from quizgen import core
from quizgen.family import INTEGER, Meta, calc, first_index, num, pick
from quizgen.kit import optim

QUESTION = r"""PyTorch `torch.optim.Adagrad(lr=<<lr>>)` (eps $= 1 \times 10^{-10}$, no lr_decay, accumulator
starting at 0) trains a parameter on a stretch of the loss where the gradient is $g = <<g>>$ at every step.
<% if variant == 'length' %>How long is step <<t>>, $|\theta_{<<t>>} - \theta_{<<t - 1>>}|$? Give it to 4
significant figures.<% else %>Steps are numbered $t = 1, 2, \dots$ What is the first step whose length
$|\theta_t - \theta_{t-1}|$ is at most $\mathrm{lr}/<<k>>$? Give a whole number.<% endif %>"""

SOLUTION = [
    r"""Adagrad adds up squared gradients, $s_t = s_{t-1} + g_t^2$, and steps by $\mathrm{lr}\cdot g_t/(\sqrt{s_t} +
    \epsilon)$. With a constant gradient $s_t = t\,g^2$, so step $t$ has length $\mathrm{lr}\,|g|/(\sqrt{t}\,|g| +
    \epsilon) \approx \mathrm{lr}/\sqrt{t}$, independent of $g$.""",
    # the length of step t
    r"<% if variant == 'length' %>After <<t>> steps: $s_{<<t>>} = <<s.work>>$.<% endif %>",
    r"""<% if variant == 'length' %>Step <<t>>: $\mathrm{lr}\,\frac{|g|}{\sqrt{s_{<<t>>}} + \epsilon} =
    <<length.work>>$ (4 significant figures).<% endif %>""",
    r"""<% if variant == 'length' %>Simulated: step 1 has length $<<s1>>$ ($= \mathrm{lr}$) and step <<t>> has
    length $<<st>>$, i.e. $\mathrm{lr}/\sqrt{<<t>>}$. Plain SGD would keep taking steps of $\mathrm{lr}\cdot|g| =
    <<sgd>>$. It is $\mathrm{lr}/\sqrt{t}$, not $\mathrm{lr}/t$: the square root of a sum of $t$ equal squares
    grows like $\sqrt{t}$.<% endif %>""",
    # the first step at most lr/k
    r"""<% if variant != 'length' %>Step $t$ is at most $\mathrm{lr}/<<k>>$ when $\sqrt{t}\,|g| + \epsilon \ge
    <<k>>|g|$, i.e. (the tiny $\epsilon$ only helps) when $\sqrt{t} \ge <<k>>$.<% endif %>""",
    r"<% if variant != 'length' %>So the first such step is $t = <<first.work>>$.<% endif %>",
    r"""<% if variant != 'length' %>Simulated: step <<k * k - 1>> has length $<<la>>$ and step <<k * k>> has length
    $<<lb>>$, while $\mathrm{lr}/<<k>> = <<target>>$. The step shrinks by <<k>>× only after <<k * k>> steps, not
    <<k>> ($\mathrm{lr}/t$ would be a much faster decay).<% endif %>""",
    r"""Because the accumulator only grows, Adagrad's effective learning rate keeps falling even when progress is
    still needed; RMSprop and Adam replace the sum by a moving average.""",
]


def length_slips(lr, g, t):
    """Common wrong answers for the length of step t: (value, tag, feedback)."""
    return [
        (lr / t, "adagrad-decay-as-1-over-t",
         r"""That is $\mathrm{lr}/t$: the accumulator adds $t$ equal squares, but the step divides by its square
         root, $\sqrt{t}\,|g|$, so the step is $\mathrm{lr}/\sqrt{<<t>>}$."""),
        (lr * abs(g) / t ** 0.5, "gradient-not-normalised",
         r"""The gradient's size cancels: step $t$ is $\mathrm{lr}\,|g|/(\sqrt{t}\,|g|)$, not
         $\mathrm{lr}\,|g|/\sqrt{t}$. Adagrad divides by the root of the summed squares, which carries $|g|$."""),
        (lr / (t - 1) ** 0.5, "off-by-one-step",
         r"""Off by one step: after step <<t>> the accumulator holds <<t>> squared gradients (the current one is
         added before the step), so divide by $\sqrt{<<t>>}$, not $\sqrt{<<t - 1>>}$."""),
        (lr, "no-adaptive-decay",
         r"""That is the first step's length. Adagrad's accumulator keeps growing, so every later step is shorter:
         step <<t>> is $\mathrm{lr}/\sqrt{<<t>>}$."""),
    ]


def first_slips(k):
    """Common wrong answers for the first step at most lr/k: (value, tag, feedback)."""
    return [
        (k, "adagrad-decay-as-1-over-t",
         r"""That assumes the step decays like $\mathrm{lr}/t$. It decays like $\mathrm{lr}/\sqrt{t}$, so it is
         <<k>> times smaller only at $t = <<k>>^2$."""),
        (k * k + 1, "off-by-one-step",
         r"""Step $<<k * k>>$ already has length $\mathrm{lr}/<<k>>$ (a hair below, because of $\epsilon$), and
         "at most" includes it: the answer is $<<k>>^2$, not one step later."""),
        (k * k - 1, "steps-counted-from-zero",
         r"""Steps are numbered from 1 here: the step of length $\mathrm{lr}/\sqrt{t}$ with $t = <<k>>^2$ is step
         $<<k * k>>$, not $<<k * k - 1>>$."""),
    ]


def data(rng):
    lr, g = pick(rng, (0.01, 0.05, 0.1, 0.5, 1)), pick(rng, (-10, -4, -2, -1, -0.5, 0.5, 1, 2, 4, 10))
    variant = pick(rng, ("length", "length", "first_below"))
    d = dict(lr=lr, g=g, variant=variant)
    if variant == "length":
        t = pick(rng, (4, 9, 16, 25, 36, 50, 80, 100, 200, 400))
        sizes = core.constant_gradient_steps(core.adagrad(lr), g, t)
        s = calc("t*g**2", optim.FULL, t=t, g=g)
        d.update(t=t, s=s, length=calc("lr*(ag/(sqrt(s) + 1e-10))", lr=lr, ag=abs(g), s=s), value=float(sizes[-1]),
                 closed=lr * abs(g) / (t ** 0.5 * abs(g) + 1e-10), s1=num(sizes[0], sig=4),
                 st=num(sizes[-1], sig=4), sgd=num(lr * abs(g), sig=4), params={"asked_step": t})
        slips = length_slips(lr, g, t)
    else:
        k = pick(rng, (2, 3, 4, 5, 8, 10, 20))
        sizes = core.constant_gradient_steps(core.adagrad(lr), g, k * k + 2)
        d.update(k=k, first=calc("k**2", INTEGER, k=k), value=first_index(sizes <= lr / k) + 1,  # steps count from 1
                 closed=k * k, rounding=INTEGER, la=num(sizes[k * k - 2], sig=6), lb=num(sizes[k * k - 1], sig=6),
                 target=num(lr / k, sig=6), params={"divisor": k})
        slips = first_slips(k)
    d["params"] = {"variant": variant, **d["params"]}
    d["wrong_answers"] = optim.wrong_answers(d["value"], d.get("rounding", optim.SIG4), slips, d)
    return d


META = Meta(id="adaptive.adagrad_decay", topic="adaptive", difficulty=2, kind="numeric",
            objective="Show that Adagrad's step shrinks like lr/√t under a constant gradient, and compute it.",
            answer="value", closed_form=lambda d: d["closed"], tags=("adagrad", "effective-lr", "decay"))
