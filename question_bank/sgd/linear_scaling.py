"""Goyal et al.'s linear scaling rule and its gradual warm-up (DOMAIN §2.10, archetype G1; misconception M13).

"When the minibatch size is multiplied by k, multiply the learning rate by k" (Goyal et al. 2017, for SGD;
ResNet-50 reference η = 0.1·B/256), then a linear warm-up from η to kη. Variants: scale a working (B₀, η₀) to
B₁ = k·B₀; Goyal's reference rate for a batch size B; the rate in epoch e of PyTorch
``LinearLR(start_factor=1/k, end_factor=1, total_iters=W)`` on base lr kη₀, read from ``core.linear_warmup``.
The solution names the distractors: √k scaling (Adam-type methods, Malladi et al. 2022) and "keep the lr".
"""

from quizgen import core
from quizgen.family import Meta, calc, num, pick
from quizgen.kit import optim

RATES = (0.01, 0.02, 0.05, 0.1, 0.2)

QUESTION = r"""<% if variant == 'scale' %>Mini-batch SGD (no momentum) trains well with batch size $<<b0>>$ and
learning rate $<<eta0>>$. You move to more GPUs and use batch size $<<b1>>$. Following the linear scaling rule, what
learning rate should you use (after the warm-up)?<% elif variant == 'goyal' %>Goyal et al. (2017) trained ResNet-50
on ImageNet with SGD (momentum 0.9) using the reference learning rate $0.1$ for a batch size of $256$ and the linear
scaling rule $\eta = 0.1\cdot B/256$. What learning rate does the rule give for batch size $B = <<b>>$ (after the
warm-up)?<% else %>Mini-batch SGD trains well with learning rate $<<eta0>>$ at a small batch size. The batch is made
$<<k>>$ times larger, so by the linear scaling rule the target rate is $<<k>>\cdot<<eta0>>$. To avoid early
instability it is reached by a gradual warm-up: the rate rises linearly from $<<eta0>>$ at epoch $0$ to the target at
epoch $<<W>>$ and stays there (PyTorch `LinearLR(start_factor=1/<<k>>, end_factor=1, total_iters=<<W>>)` on the
target rate, `scheduler.step()` once per epoch). Epochs are counted from 0. What learning rate is used during epoch
$<<e>>$?<% endif %> Give it to 4 significant figures."""

SOLUTION = [
    r"""<% if variant != 'warmup' %>Goyal et al.'s linear scaling rule for SGD: when the mini-batch size is multiplied
    by $k$, multiply the learning rate by $k$ (so the noise scale $\propto \eta/B$ stays the same).<% endif %>""",
    r"<% if variant == 'scale' %>$k = <<k_calc.work>>$.<% endif %>",
    r"<% if variant == 'warmup' %>Target rate: $k\,\eta_0 = <<target.work>>$.<% endif %>",
    r"""<% if variant == 'scale' %>$\eta = k\,\eta_0 = <<rate.work>>$.<% elif variant == 'goyal' %>$\eta = 0.1\cdot
    B/256 = <<rate.work>>$.<% else %>During epoch $e$ the rate is $\eta_0 + (k\eta_0 - \eta_0)\,e/W$ with $W = <<W>>$
    warm-up epochs, so in epoch <<e>>: $<<rate.work>>$.<% endif %>""",
    r"""<% if variant == 'warmup' %>It reaches $<<target>>$ at epoch <<W>> (not <<W - 1>>): `LinearLR` applies the
    start factor at epoch 0 and the full rate from epoch $W$ on. Warm-up is there for stability in the first epochs,
    not to speed training up.<% else %>Not $\sqrt{k}$ scaling ($<<sqrt_k>>$): that rule is for Adam-type
    optimizers (Malladi et al. 2022). And not the old rate ($<<old>>$): with $k$ times fewer steps per epoch, each of
    the same size, the same epoch budget would train much less. The rule holds up to a point: it needs warm-up
    and breaks down at very large batches.<% endif %>""",
]


def scaling_slips(base, k):
    """Common wrong answers for scaling the rate ``base`` to a batch k times larger: (value, tag, feedback)."""
    return [
        (base * k ** 0.5, "sqrt-scaling",
         r"""That is the square-root rule, $\sqrt{<<k>>}\,\eta$, suggested for Adam-type optimizers. For SGD the
         linear rule multiplies the rate by $<<k>>$ itself."""),
        (base, "M13",
         r"""With a $<<k>>$ times larger batch there are $<<k>>$ times fewer steps per epoch; keeping the old rate
         trains much less on the same budget. The linear rule multiplies the rate by $<<k>>$."""),
        (base / k, "reversed-scaling",
         r"""Reversed: a larger batch gives a less noisy gradient, so the rate goes up by $<<k>>$, not down."""),
    ]


def data(rng):
    variant = pick(rng, ("scale", "goyal", "warmup", "warmup"))
    if variant == "scale":
        eta0, b0, k = pick(rng, RATES), pick(rng, (32, 64, 128, 256)), pick(rng, (2, 4, 8, 16))
        b1 = b0 * k
        k_calc = calc("b1/b0", b1=b1, b0=b0)
        return dict(variant=variant, eta0=eta0, b0=b0, b1=b1, k_calc=k_calc, rate=calc("k*e0", k=k_calc, e0=eta0),
                    value=core.linear_warmup(eta0 * k, 1.0 / k, 1.0, 5)(5),  # the rate the warm-up ends at
                    closed=eta0 * b1 / b0, sqrt_k=num(eta0 * k ** 0.5, sig=4), old=eta0, params={"variant": variant},
                    wrong_answers=optim.wrong_answers(eta0 * k, optim.SIG4, scaling_slips(eta0, k), dict(k=k)))
    if variant == "goyal":
        b = pick(rng, (512, 1024, 2048, 3072, 4096, 8192))
        return dict(variant=variant, b=b, rate=calc("0.1*b/256", b=b), closed=0.1 * b / 256,
                    value=core.linear_warmup(0.1 * b / 256, 256 / b, 1.0, 5)(5),
                    sqrt_k=num(0.1 * (b / 256) ** 0.5, sig=4), old=0.1, params={"variant": variant},
                    wrong_answers=optim.wrong_answers(0.1 * b / 256, optim.SIG4, scaling_slips(0.1, b / 256), dict(k=b // 256)))
    eta0, k, W = pick(rng, RATES), pick(rng, (2, 4, 8)), pick(rng, (4, 5, 8, 10))
    e = int(rng.integers(1, W))
    target = calc("k*e0", k=k, e0=eta0)
    value = core.linear_warmup(eta0 * k, start_factor=1.0 / k, end_factor=1.0, total_iters=W)(e)
    return dict(variant=variant, eta0=eta0, k=k, W=W, e=e, target=target, value=value,
                rate=calc("e0 + (t - e0)*e/W", e0=eta0, t=target, e=e, W=W),
                closed=eta0 + (eta0 * k - eta0) * e / W,
                params={"variant": variant}, wrong_answers=optim.wrong_answers(value, optim.SIG4, [
                    (eta0 + (eta0 * k - eta0) * (e + 1) / W, "M20",
                     r"""Off by one epoch: epochs are counted from 0, and epoch 0 already uses $<<eta0>>$, so epoch
                     <<e>> is <<e>> of the <<W>> increments along, not <<e + 1>>."""),
                    (eta0 * k * e / W, "warmup-from-zero",
                     r"""`LinearLR(start_factor=1/<<k>>)` starts at $1/<<k>>$ of the target, i.e. at $<<eta0>>$, not at
                     0: the rate is $<<eta0>> + (<<target>> - <<eta0>>)\cdot <<e>>/<<W>>$."""),
                    (eta0 * k, "ignored-warmup",
                     r"""That is the target rate, reached only at epoch <<W>>; during epoch <<e>> the warm-up is
                     still under way."""),
                ], dict(eta0=eta0, k=k, e=e, W=W, target=target)))


META = Meta(id="sgd.linear_scaling", topic="sgd-noise", difficulty=1, kind="numeric",
            objective="Apply the linear scaling rule for SGD (learning rate proportional to batch size) and compute "
                      "the learning rate during a gradual linear warm-up.",
            answer="value", closed_form=lambda d: d["closed"],
            tags=("linear-scaling", "batch-size", "warmup", "M13"))
