"""The learning rate of ``StepLR`` at a given epoch (DOMAIN §2.8, archetype D1).

With PyTorch semantics (0-based epochs, ``scheduler.step()`` after every epoch) ``StepLR``
uses η_e = η₀·γ^⌊e/s⌋ during epoch e. The epoch is often drawn right at a multiple of s (the
first epoch of a new rate) or just before it, where the off-by-one slips (⌈e/s⌉, ⌊(e+1)/s⌋)
give a different answer. The answer is the rate a simulated run actually used in step e.
"""

from quizgen import core
from quizgen.family import INTEGER, Meta, calc, num, pick, redraw_if
from quizgen.kit import schedules as kit

QUESTION = r"""A model is trained with `SGD(params, lr=<<eta0>>)` and the scheduler
`StepLR(optimizer, step_size=<<s>>, gamma=<<g>>)`. """ + kit.LOOP + r""" What learning rate is used during
epoch $e = <<e>>$? Give it to 4 significant figures."""

SOLUTION = [
    r"""`StepLR` multiplies the rate by $\gamma$ once every $s$ epochs, so the rate used during epoch $e$ is
    $\eta_e = \eta_0\,\gamma^{\lfloor e/s \rfloor}$: epochs $0$ to $<<s - 1>>$ use $\eta_0$, epochs $<<s>>$ to
    $<<2 * s - 1>>$ use $\eta_0\gamma$, and so on.""",
    r"Number of decays so far: $<<k.work>>$.",
    r"$\eta_{<<e>>} = <<eta.work>>$ (4 significant figures).",
    r"""<% if e % s == 0 %>Epoch <<e>> is the *first* epoch of the new rate: the `scheduler.step()` at the end of
    epoch <<e - 1>> moved the count to <<e>>, and $\lfloor e/s \rfloor$ went up there. Using the old rate here is
    the usual off-by-one slip.<% elif (e + 1) % s == 0 %>Epoch <<e>> is the *last* epoch before a decay: the
    reduced rate $<<nxt>>$ starts at epoch <<e + 1>>. Writing $\lfloor (e+1)/s \rfloor$ or $\lceil e/s \rceil$
    would apply it one epoch early.<% else %>Rounding $e/s$ up ($\lceil <<e>>/<<s>> \rceil$) instead of down
    would apply one decay too many; the floor counts only the decays that have already happened.<% endif %>""",
]


def data(rng):
    eta0, s = pick(rng, (0.1, 0.05, 0.2, 0.01, 0.5, 0.3, 0.02)), pick(rng, (4, 5, 8, 10, 20, 30))
    g = pick(rng, (0.1, 0.2, 0.25, 0.5, 0.8, 0.9))
    k = int(rng.integers(0, 4 if g <= 0.25 else 5))
    where = pick(rng, ("start", "start", "before", "inside", "inside"))
    redraw_if(where == "before" and k == 0, "no earlier block to sit at the end of")
    e = k * s if where == "start" else k * s - 1 if where == "before" else k * s + int(rng.integers(1, s - 1))
    redraw_if(e < 1, "epoch 0 is too easy")
    k = calc("floor(e/s)", INTEGER, e=e, s=s)
    d = dict(eta0=eta0, s=s, g=g, e=e, k=k, eta=calc("eta0*g**k", eta0=eta0, g=g, k=k),
             nxt=num(eta0 * g ** ((e + 1) // s), sig=4), simulated=kit.lr_used(core.step_decay(eta0, s, g), e),
             params={"epoch": e, "convention": "0-based epochs, PyTorch"})
    d["wrong_answers"] = kit.slips(d, [
        (eta0 * g ** -(-e // s), "M20", r"""This rounds $e/s$ up, $\lceil <<e>>/<<s>> \rceil$, which counts a decay
         that has not happened yet. Only the decays at the ends of earlier blocks count: $\lfloor <<e>>/<<s>>
         \rfloor = <<k>>$."""),
        (eta0 * g ** ((e + 1) // s), "M20", r"""This counts the epochs from 1 (epoch <<e>> taken as the
         <<e + 1>>-th scheduler step), so a decay lands one epoch early. With epochs counted from 0, epoch <<e>>
         has seen $<<e>>$ calls of `scheduler.step()`: $\lfloor <<e>>/<<s>> \rfloor = <<k>>$ decays."""),
        (eta0 * g ** ((e - 1) // s), "M20", r"""This keeps the old rate in epoch <<e>>, the first epoch of a new
         block. The `scheduler.step()` at the end of epoch <<e - 1>> already applied the decay, so
         $\lfloor <<e>>/<<s>> \rfloor = <<k>>$ decays count."""),
        (eta0 * g ** e, "decay-every-epoch", r"""This multiplies by $\gamma$ every epoch, $\gamma^{<<e>>}$, as
         `ExponentialLR` would. `StepLR` decays only once per `step_size` $= <<s>>$ epochs:
         $\gamma^{\lfloor <<e>>/<<s>> \rfloor}$."""),
        (eta0 * (1 - g) ** (e // s), "gamma-as-fraction-removed", r"""This reads `gamma=<<g>>` as the fraction
         taken *off* at each decay, multiplying by $1 - <<g>>$. `gamma` is the factor the rate is multiplied by:
         $\eta_0\,<<g>>^{<<k>>}$."""),
        (eta0 * g ** (e / s), "forgot-floor", r"""This uses $\gamma^{e/s}$ without the floor, a smooth decay.
         `StepLR` changes the rate in whole steps: the exponent is $\lfloor <<e>>/<<s>> \rfloor = <<k>>$."""),
    ])
    return d


META = Meta(id="schedules.step_decay", topic="schedules", difficulty=1, kind="numeric",
            objective="Compute the learning rate StepLR uses during a given 0-based epoch, η₀·γ^⌊e/s⌋.",
            answer="simulated", closed_form=lambda d: d["eta0"] * d["g"] ** (d["e"] // d["s"]),
            tags=("schedules", "StepLR", "off-by-one"))
