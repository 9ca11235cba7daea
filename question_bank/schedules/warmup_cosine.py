"""Warm-up followed by cosine annealing, PyTorch's ``SequentialLR`` (DOMAIN §2.8, archetype I2).

With PyTorch semantics (0-based epochs, ``scheduler.step()`` after every epoch) the rate is
η₀·(s + (1 − s)·e/W) for e < W (s·η₀ already at e = 0), then
η_min + (η₀ − η_min)(1 + cos(π k/T))/2 with the cosine's **own** counter k = e − W (so e = W is
the peak η₀). The epoch is drawn in the warm-up, at the switch, or in the cosine phase, where
plugging e instead of e − W into the cosine is the typical slip.
"""

from quizgen import core
from quizgen.family import INTEGER, Meta, calc, pick, redraw_if
from quizgen.kit import schedules as kit

QUESTION = r"""A model is trained for <<W + T>> epochs with `SGD(params, lr=<<eta0>>)` and the scheduler
`SequentialLR(optimizer, schedulers=[LinearLR(optimizer, start_factor=<<s>>, total_iters=<<W>>),
CosineAnnealingLR(optimizer, T_max=<<T>>, eta_min=<<m>>)], milestones=[<<W>>])`. """ + kit.LOOP + r""" What learning
rate is used during epoch $e = <<e>>$? Give it to 4 significant figures."""

SOLUTION = [
    r"""`SequentialLR` runs the warm-up for epochs $0$ to $<<W - 1>>$, then hands over to the cosine at the milestone
    $e = <<W>>$; the cosine counts its own epochs from there, $k = e - <<W>>$.""",
    r"""<% if e < W %>Epoch <<e>> is in the warm-up ($e < <<W>>$): $\eta_e = \eta_0\,(s + (1 - s)\,e/W)$, starting
    at $s\,\eta_0$ in epoch 0.<% else %>Epoch <<e>> is in the cosine phase: $k = <<k.work>>$.<% endif %>""",
    r"$\eta_{<<e>>} = <<eta.work>>$ (4 significant figures).",
    r"""<% if e < W %>The warm-up would reach the full rate $<<eta0>>$ at $e = <<W>>$, which is exactly where the
    cosine takes over (at its own $k = 0$, i.e. also $<<eta0>>$).<% elif e == W %>At the milestone the cosine
    starts at $k = 0$, i.e. at the peak $\eta_0$: this is the first epoch at the full rate.<% else %>Plugging the
    global epoch $e = <<e>>$ into the cosine instead of $k = <<k>>$ would give $<<slip|tex>>$: that shifts the
    whole cosine <<W>> epochs too early, as if it had started at epoch 0 instead of at the milestone.<% endif %>""",
]


def data(rng):
    eta0, W = pick(rng, (0.1, 0.05, 0.2, 0.01, 0.5, 0.3, 0.001)), pick(rng, (2, 3, 4, 5, 8, 10))
    T, s = pick(rng, (20, 30, 40, 50, 60, 90, 100)), pick(rng, (0.01, 0.1, 0.001, 0.05, 0.2))
    m = pick(rng, (0.0, 0.0, 0.0001, 0.001))
    redraw_if(m > eta0 / 10, "eta_min should be well below the peak")
    phase = pick(rng, ("warmup", "warmup", "switch", "cosine", "cosine", "cosine"))
    e = int(rng.integers(1, W)) if phase == "warmup" else W if phase == "switch" else W + int(rng.integers(1, T))
    k = calc("e - W", INTEGER, e=e, W=W)
    if e < W:
        eta = calc("eta0*(s + (1 - s)*(e/W))", eta0=eta0, s=s, e=e, W=W)
    else:
        eta = kit.cosine_work(eta0, m, k, T)
    d = dict(eta0=eta0, W=W, T=T, s=s, m=m, e=e, k=k, eta=eta, slip=kit.cosine_rate(eta0, m, e, T),
             simulated=kit.lr_used(core.warmup_cosine(eta0, W, T, s, m), e),
             params={"epoch": e, "phase": phase, "convention": "0-based epochs, PyTorch SequentialLR"})
    warmup = [
        (kit.warmup_rate(eta0, s, e + 1, W), "M20", r"""This counts the epochs from 1, one warm-up increment ahead.
         Epoch <<e>> comes after <<e>> call<<'' if e == 1 else 's'>> of `scheduler.step()`: epoch 0 uses
         $<<s>>\cdot<<eta0>>$ and each epoch adds one of the <<W>> increments."""),
        (eta0 * e / W, "warmup-from-zero", r"""This ramps up from 0 instead of from the start factor. Epoch 0 already
         uses $<<s>>\cdot<<eta0>>$; the ramp covers only the remaining $(1 - <<s>>)\,<<eta0>>$."""),
        (eta0 * (s + e / W), "start-factor-added", r"""This adds the start factor on top of a full ramp,
         $<<s>> + e/W$. The factor moves from <<s>> to 1, so the ramp part is $(1 - <<s>>)\,e/W$."""),
    ]
    cosine = [
        (kit.cosine_rate(eta0, m, e, T), "global-epoch-in-cosine", r"""This plugs the global epoch $e = <<e>>$ into
         the cosine. After the milestone the cosine counts its own epochs, $k = e - <<W>> = <<k>>$, starting at the
         peak."""),
        (kit.warmup_rate(eta0, s, W - 1, W) if e == W else None, "M20", r"""This keeps the warm-up's last rate in
         epoch <<W>>, the milestone. `SequentialLR` switches in the `scheduler.step()` at the end of epoch
         <<W - 1>>, so epoch <<W>> already uses the cosine at $k = 0$, the full rate $<<eta0>>$."""),
        (kit.cosine_rate(eta0, m, e - W + 1, T), "M20", r"""This uses $k = <<e - W + 1>>$, one cosine step ahead, as if
         the milestone epoch were the cosine's first step. The cosine starts at $k = 0$ in epoch <<W>>, so epoch
         <<e>> has $k = <<k>>$."""),
        (eta0 + (m - eta0) * (e - W) / T, "linear-instead-of-cosine", r"""This interpolates linearly from the peak
         down to $\eta_{\min}$. `CosineAnnealingLR` follows half a cosine: the factor is
         $(1 + \cos(\pi k/T_{\max}))/2$ with $k = <<k>>$, $T_{\max} = <<T>>$."""),
    ]
    d["wrong_answers"] = kit.slips(d, warmup if e < W else cosine)
    return d


def closed_form(d):
    e, W = d["e"], d["W"]
    return kit.warmup_rate(d["eta0"], d["s"], e, W) if e < W else kit.cosine_rate(d["eta0"], d["m"], e - W, d["T"])


META = Meta(id="schedules.warmup_cosine", topic="schedules", difficulty=2, kind="numeric",
            objective="Compute the learning rate of a linear warm-up followed by cosine annealing (SequentialLR), "
                      "where the cosine phase counts its own epochs from the milestone.",
            answer="simulated", closed_form=closed_form,
            tags=("schedules", "warmup", "SequentialLR", "CosineAnnealingLR"))
