"""The learning rate during a linear warm-up: ``LinearLR`` and Goyal et al.'s gradual warm-up
(DOMAIN §2.8 and §2.10, archetype D5).

With PyTorch semantics (0-based epochs, ``scheduler.step()`` after every epoch)
``LinearLR(start_factor=s, end_factor=1, total_iters=T)`` uses η_e = η₀·(s + (1 − s)·min(e, T)/T):
the start factor applies already at e = 0 and the full rate is reached at e = T (not T − 1).
Two framings: plain ``LinearLR`` with a drawn start factor, or Goyal et al. (2017): batch k·256,
the linear scaling rule's target k·η (η = 0.1 for batch 256) reached by a gradual warm-up over 5
epochs, i.e. ``LinearLR(start_factor=1/k, total_iters=5)``. (The paper raises the rate every
iteration; the question steps it once per epoch, as the stated PyTorch code does.)
"""

from quizgen import core
from quizgen.family import Meta, calc, pick, redraw_if
from quizgen.kit import schedules as kit

GOYAL_BASE, GOYAL_EPOCHS = 0.1, 5  # Goyal et al.: η = 0.1 for a batch of 256, warm-up over 5 epochs

QUESTION = r"""<% if variant == 'goyal' %>Following Goyal et al. (2017), you train with batch size <<256 * k>> =
<<k>>·256. The linear scaling rule turns the reference rate <<base>> (for batch 256) into <<k>>·<<base>> =
<<eta0>>, and the *gradual warm-up* ramps the rate linearly from <<base>> up to <<eta0>> over the first <<T>>
epochs. In PyTorch: `SGD(params, lr=<<eta0>>)` with `LinearLR(optimizer, start_factor=<<s>>,
total_iters=<<T>>)`.<% else %>A model is trained with `SGD(params, lr=<<eta0>>)` and a warm-up scheduler
`LinearLR(optimizer, start_factor=<<s>>, end_factor=1.0, total_iters=<<T>>)`.<% endif %> """ + kit.LOOP + r""" What
learning rate is used during epoch $e = <<e>>$? Give it to 4 significant figures."""

SOLUTION = [
    r"""<% if variant == 'goyal' %>The ramp starts at $<<eta0>>\cdot <<s>> = <<base>>$ in epoch 0 and grows by the
    same amount each epoch until it reaches $<<eta0>>$ at epoch $<<T>>$:
    $\eta_e = <<base>> + (<<eta0>> - <<base>>)\cdot\min(e, <<T>>)/<<T>>$.<% else %>`LinearLR` scales the base rate
    by a factor that moves linearly from `start_factor` to `end_factor` over `total_iters` scheduler steps:
    $\eta_e = \eta_0\,(s + (1 - s)\min(e, T)/T)$. Epoch 0 already uses $s\,\eta_0$, and the full rate is reached at
    $e = T = <<T>>$.<% endif %>""",
    r"""<% if variant == 'goyal' %>Increase per epoch: $<<inc.work>>$.<% else %>Epoch 0 uses
    $<<start.work>>$.<% endif %>""",
    r"""<% if variant == 'linearlr' and e >= T %>Since $e = <<e>> \ge T = <<T>>$, the warm-up is over:
    $\eta_{<<e>>} = <<eta.work>>$.<% else %>$\eta_{<<e>>} = <<eta.work>>$ (4 significant figures).<% endif %>""",
    r"""<% if e == T %>Epoch <<T>> is the first at the full rate: the ramp has $T = <<T>>$ increments, taken by the
    `scheduler.step()` calls at the ends of epochs 0 to <<T - 1>>. Reaching the target at epoch <<T - 1>> is the
    off-by-one slip.<% elif e < T %>Counting epochs from 1 (one increment ahead) would give $<<off|tex>>$
    instead.<% endif %>""",
]


def data(rng):
    variant = pick(rng, ("linearlr", "linearlr", "goyal"))
    if variant == "linearlr":
        eta0, s = pick(rng, (0.1, 0.05, 0.2, 0.01, 0.5, 0.4, 0.03)), pick(rng, (0.1, 0.01, 0.2, 0.25, 0.5, 0.05))
        k, T = None, pick(rng, (4, 5, 8, 10, 20))
    else:
        k = pick(rng, (2, 4, 5, 8))  # batch 256·k; the start factor 1/k is a short decimal for each
        eta0, s, T = round(GOYAL_BASE * k, 10), round(1.0 / k, 10), GOYAL_EPOCHS
    e = T if rng.random() < 0.2 else int(rng.integers(1, T))
    if variant == "linearlr" and rng.random() < 0.1:
        e = T + int(rng.integers(1, 6))
    d = dict(variant=variant, k=k, base=GOYAL_BASE, eta0=eta0, s=s, T=T, e=e, off=kit.warmup_rate(eta0, s, e + 1, T),
             simulated=kit.lr_used(core.linear_warmup(eta0, s, 1.0, T), e),
             tags=("linear-scaling",) if variant == "goyal" else (),
             params={"epoch": e, "variant": variant, "convention": "0-based epochs, PyTorch"})
    if variant == "goyal":
        d["inc"] = inc = calc("(eta0 - base)/T", eta0=eta0, base=GOYAL_BASE, T=T)
        redraw_if(abs(inc.value * T - (eta0 - GOYAL_BASE)) > 1e-12, "the printed increment is rounded")
        d["eta"] = calc("base + e*inc", base=GOYAL_BASE, e=e, inc=inc)
    else:
        d["start"] = calc("eta0*s", eta0=eta0, s=s)
        d["eta"] = calc("eta0*1", eta0=eta0) if e >= T else calc("eta0*(s + (1 - s)*(e/T))", eta0=eta0, s=s, e=e, T=T)
    d["wrong_answers"] = kit.slips(d, [
        (kit.warmup_rate(eta0, s, e + 1, T), "M20", r"""This counts the epochs from 1, so the ramp is one increment
         ahead. Epoch <<e>> comes after <<e>> call<<'' if e == 1 else 's'>> of `scheduler.step()`: epoch 0
         uses $<<s>>\cdot<<eta0>>$, and epoch <<e>> has taken <<[e, T]|min>> of the <<T>> increments."""),
        (kit.warmup_rate(eta0, s, e - 1, T), "M20", r"""This starts the ramp one epoch late, as if epoch 1 were the
         first to use the start factor (or the full rate came only at epoch <<T + 1>>). `LinearLR` applies the
         start factor already in epoch 0, so epoch <<e>> has taken <<[e, T]|min>> increments."""),
        (eta0 * min(e, T) / T, "warmup-from-zero", r"""This ramps up from 0 instead of from the start factor. The
         rate starts at $<<s>>\cdot<<eta0>>$ in epoch 0 and covers only the remaining $(1 - <<s>>)\,<<eta0>>$
         over <<T>> epochs."""),
        (eta0 * (s + min(e, T) / T), "start-factor-added", r"""This adds the start factor on top of a full ramp,
         $<<s>> + e/T$, so the rate ends above the base rate. The factor moves from <<s>> to 1, so the ramp part
         is $(1 - <<s>>)\,e/T$."""),
        (eta0 * (s + (1 - s) * e / T) if e > T else None, "ramp-past-total-iters", r"""This keeps ramping after
         `total_iters` $= <<T>>$. `LinearLR` stops at the end factor 1: from epoch <<T>> on the rate stays at
         $<<eta0>>$."""),
    ])
    return d


META = Meta(id="schedules.linear_warmup", topic="schedules", difficulty=1, kind="numeric",
            objective="Compute the learning rate during a linear warm-up (PyTorch LinearLR, Goyal et al.'s gradual "
                      "warm-up), which starts at the start factor at epoch 0 and reaches the full rate at epoch T.",
            answer="simulated", closed_form=lambda d: kit.warmup_rate(d["eta0"], d["s"], d["e"], d["T"]),
            tags=("schedules", "warmup", "LinearLR"))
