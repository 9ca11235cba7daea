"""``CosineAnnealingLR`` arithmetic, including the past-T_max gotcha (DOMAIN §2.8, archetype D4).

With PyTorch semantics (0-based epochs, ``scheduler.step()`` after every epoch) the rate during
epoch e is η_e = η_min + (η₀ − η_min)(1 + cos(π e/T_max))/2. Variants: e inside [0, T_max]
(sometimes the midpoint, where η = (η₀ + η_min)/2), or e past T_max when the loop runs longer
(drawn often): PyTorch does **not** clamp, the rate climbs back (η_{T+j} = η_{T−j}) and reaches
η₀ again at e = 2·T_max. Clamping at η_min (d2l/MXNet behaviour) is the misconception M19.
"""

import math

from quizgen import core
from quizgen.family import Meta, pick, redraw_if
from quizgen.kit import schedules as kit

QUESTION = r"""A model is trained with `SGD(params, lr=<<eta0>>)` and `CosineAnnealingLR(optimizer, T_max=<<T>>,
eta_min=<<m>>)`. """ + kit.LOOP + r""" <% if variant == 'past' %>The training loop was written for <<n>> epochs and
nobody changed the scheduler, so training continues past epoch <<T>>. <% endif %>What learning rate is used during
epoch $e = <<e>>$? Give it to 4 significant figures."""

SOLUTION = [
    r"""PyTorch's rate for epoch $e$ is $\eta_e = \eta_{\min} + (\eta_0 - \eta_{\min})\,\frac{1 +
    \cos(\pi e/T_{\max})}{2}$ with $\eta_0 = <<eta0>>$, $\eta_{\min} = <<m>>$ and $T_{\max} = <<T>>$: it starts at
    $\eta_0$ and reaches $\eta_{\min}$ at $e = T_{\max}$.""",
    r"""<% if variant == 'past' %>`CosineAnnealingLR` is **not** clamped after $T_{\max}$: the same formula keeps
    running, so the rate climbs back up (period $2T_{\max} = <<2 * T>>$ epochs;
    $\eta_{T_{\max}+j} = \eta_{T_{\max}-j}$).<% endif %>""",
    r"$\eta_{<<e>>} = <<eta.work>>$ (4 significant figures).",
    r"""<% if variant == 'midpoint' %>At the midpoint $\cos(\pi/2) = 0$, so the rate is exactly halfway:
    $(\eta_0 + \eta_{\min})/2$.<% elif e == 2 * T %>At $e = 2T_{\max}$, $\cos(2\pi) = 1$: the rate is back at
    $\eta_0 = <<eta0>>$. A framework that clamps at the end (as d2l's scheduler does) would stay at
    $\eta_{\min} = <<m>>$; PyTorch does not.<% elif variant == 'past' %>Check by symmetry: $\eta_{<<e>>} =
    \eta_{<<2 * T - e>>}$. Assuming the rate stays at $\eta_{\min} = <<m>>$ after $T_{\max}$ is a common mistake
    (other frameworks clamp; PyTorch does not).<% else %>A straight line from $\eta_0$ to $\eta_{\min}$ would give
    $<<(eta0 + (m - eta0) * e / T)|tex>>$ instead: the cosine stays near $\eta_0$ longer at the start and flattens
    near $\eta_{\min}$ at the end.<% endif %>""",
]


def data(rng):
    eta0, m = pick(rng, (0.1, 0.05, 0.2, 0.01, 0.5, 0.02)), pick(rng, (0.0, 0.0, 0.001, 0.0001, 0.005))
    T = pick(rng, (10, 20, 30, 40, 50, 60, 80, 100))
    redraw_if(m > eta0 / 5, "eta_min should be well below the base rate")
    variant = pick(rng, ("inside", "inside", "midpoint", "past", "past"))
    if variant == "inside":
        e = int(rng.integers(1, T))
        variant = "midpoint" if 2 * e == T else variant
    elif variant == "midpoint":
        redraw_if(T % 2, "no whole midpoint")
        e = T // 2
    else:
        e = 2 * T if rng.random() < 0.5 else T + int(rng.integers(1, T))
    d = dict(eta0=eta0, m=m, T=T, e=e, variant=variant, n=max(e + 1, 2 * T + 10),
             eta=kit.cosine_work(eta0, m, e, T), simulated=kit.lr_used(core.cosine_annealing(eta0, T, m), e),
             tags=("past-t-max", "M19") if variant == "past" else (),
             params={"epoch": e, "variant": variant,
                     "convention": "0-based epochs, PyTorch (no clamping after T_max)"})
    past = [
        (m, "M19", r"""This keeps the rate at $\eta_{\min} = <<m>>$ after epoch <<T>>, as frameworks that clamp do.
         PyTorch's `CosineAnnealingLR` keeps applying the same formula past $T_{\max}$, so the rate climbs back
         up: use $e = <<e>>$ in the cosine."""),
        (kit.cosine_rate(eta0, m, e - T, T), "restart-instead-of-continue", r"""This restarts the cosine at epoch
         <<T>> (as `CosineAnnealingWarmRestarts` would), jumping back to $\eta_0$ and decaying again.
         `CosineAnnealingLR` does not restart: past $T_{\max}$ it rises smoothly, $\eta_{<<e>>} =
         \eta_{<<2 * T - e>>}$."""),
    ]
    inside = [
        (eta0 + (m - eta0) * e / T, "linear-instead-of-cosine", r"""This interpolates linearly from $\eta_0$ to
         $\eta_{\min}$. `CosineAnnealingLR` follows half a cosine: use the factor
         $(1 + \cos(\pi e/T_{\max}))/2$ with $e = <<e>>$, $T_{\max} = <<T>>$."""),
        (eta0 * (1 + math.cos(math.pi * e / T)) / 2 if m else None, "eta-min-ignored", r"""This anneals towards 0
         and ignores `eta_min`. The cosine factor multiplies only the gap $\eta_0 - \eta_{\min}$, and
         $\eta_{\min} = <<m>>$ is added back."""),
    ]
    d["wrong_answers"] = kit.slips(d, (past if variant == "past" else inside) + [
        (kit.cosine_rate(eta0, m, e + 1, T), "M20", r"""This puts $e + 1 = <<e + 1>>$ into the cosine, counting the
         epochs from 1. Epoch <<e>> comes after <<e>> call<<'' if e == 1 else 's'>> of `scheduler.step()`, so
         use $e = <<e>>$ (epoch 0 uses $\eta_0$ itself)."""),
        (m + (eta0 - m) * math.cos(math.pi * e / T), "forgot-one-plus-cos", r"""This uses $\cos(\pi e/T_{\max})$
         alone as the factor, without the $1 +$ and the halving. The factor is $(1 + \cos(\pi e/T_{\max}))/2$,
         which runs from 1 down to 0."""),
    ])
    return d


META = Meta(id="schedules.cosine", topic="schedules", difficulty=2, kind="numeric",
            objective="Compute the learning rate CosineAnnealingLR uses during an epoch, including epochs past T_max "
                      "where PyTorch's rate rises again.",
            answer="simulated", closed_form=lambda d: kit.cosine_rate(d["eta0"], d["m"], d["e"], d["T"]),
            tags=("schedules", "CosineAnnealingLR"))
