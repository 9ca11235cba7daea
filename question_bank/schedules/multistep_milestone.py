"""The learning rate of ``MultiStepLR``, often exactly at a milestone (DOMAIN §2.8, archetype D2).

With PyTorch semantics (0-based epochs, ``scheduler.step()`` after every epoch) ``MultiStepLR``
uses η_e = η₀·γ^(number of milestones ≤ e) during epoch e: PyTorch counts with ``bisect_right``,
so **at e = milestone the reduced rate is already in use**. About half of the draws put e exactly
on a milestone, where counting with ``bisect_left`` (milestones < e) gives the old rate. The
answer is the rate a simulated run used in step e.
"""

from quizgen import core
from quizgen.family import Meta, calc, num, pick, redraw_if
from quizgen.kit import schedules as kit

MILESTONE_SETS = ((30, 60, 90), (15, 30, 45), (50, 75), (10, 20), (20, 40, 60), (30, 80), (60, 120, 160),
                  (8, 12, 16), (100, 150), (25, 50, 75))

QUESTION = r"""A model is trained with `SGD(params, lr=<<eta0>>)` and the scheduler
`MultiStepLR(optimizer, milestones=<<ms>>, gamma=<<g>>)`. """ + kit.LOOP + r""" What learning rate is used during
epoch $e = <<e>>$? Give it to 4 significant figures."""

SOLUTION = [
    r"""`MultiStepLR` multiplies the rate by $\gamma$ each time the epoch count reaches a milestone. The rate used
    during epoch $e$ is $\eta_0\,\gamma^{n}$ with $n$ the number of milestones **$\le e$**: the `scheduler.step()`
    at the end of epoch $m - 1$ sets the count to $m$ and applies the cut, so epoch $m$ itself already trains with
    the reduced rate.""",
    r"""<% if passed %>Milestones $\le <<e>>$: <<passed|join(', ')>>, so $n = <<passed|length>>$.<% else %>No
    milestone is $\le <<e>>$ (the first is <<ms[0]>>), so $n = 0$.<% endif %>""",
    r"$\eta_{<<e>>} = <<eta.work>>$ (4 significant figures).",
    r"""<% if e in ms %>Epoch <<e>> is a milestone. Counting only milestones $< e$ (Python's `bisect_left`) would
    give the old rate $<<old>>$, which PyTorch used up to epoch <<e - 1>> only.<% elif e + 1 in ms %>The next cut
    happens at the end of this epoch: from epoch <<e + 1>> on the rate is $<<new>>$.<% elif nxt is none %>Epoch
    <<e>> comes after the last milestone (<<last>>): the rate has been $<<eta>>$ since epoch <<last>> and stays
    there for the rest of training.<% else %>Epoch <<e>> lies between the milestones <<last>> and <<nxt>>: the
    rate $<<eta>>$ is used from epoch <<last>> through epoch <<nxt - 1>>, and drops to $<<new>>$ at epoch
    <<nxt>>.<% endif %>""",
]


def data(rng):
    eta0, g = pick(rng, (0.1, 0.05, 0.2, 0.01, 0.4, 0.03)), pick(rng, (0.1, 0.2, 0.5, 0.3))
    ms = pick(rng, MILESTONE_SETS)
    redraw_if(g == 0.1 and len(ms) == 3 and eta0 < 0.05, "keep the rates readable")
    where = pick(rng, ("milestone", "milestone", "milestone", "before", "between"))
    if where == "between":
        bounds = (0,) + ms + (ms[-1] + 20,)
        j = int(rng.integers(1, len(bounds) - 1))
        redraw_if(bounds[j + 1] - bounds[j] < 3, "no room between the milestones")
        e = int(rng.integers(bounds[j] + 1, bounds[j + 1] - 1))
    else:
        e = pick(rng, ms) - (where == "before")
    passed = [m for m in ms if m <= e]
    n = len(passed)
    d = dict(eta0=eta0, g=g, ms=list(ms), e=e, passed=passed, eta=calc("eta0*g**n", eta0=eta0, g=g, n=n),
             old=num(eta0 * g ** (n - 1), sig=4), new=num(eta0 * g ** (n + 1), sig=4),
             last=max(passed, default=0), nxt=min([m for m in ms if m > e], default=None),
             simulated=kit.lr_used(core.multistep_decay(eta0, ms, g), e),
             params={"epoch": e, "convention": "0-based epochs, PyTorch"})
    d["wrong_answers"] = kit.slips(d, [
        (eta0 * g ** sum(m < e for m in ms), "M20", r"""This counts only the milestones *below* <<e>> (like
         `bisect_left`), so the milestone epoch still gets the old rate. PyTorch applies the cut in the
         `scheduler.step()` at the end of epoch <<e - 1>>: count the milestones $\le <<e>>$."""),
        (eta0 * g ** sum(m <= e + 1 for m in ms), "M20", r"""This counts the epochs from 1 (epoch <<e>> taken as
         the <<e + 1>>-th step), so the cut at milestone <<e + 1>> lands one epoch early. Epoch <<e>> has seen
         <<e>> call<<'' if e == 1 else 's'>> of `scheduler.step()`: only milestones $\le <<e>>$ count."""),
        (eta0 * g if n >= 2 else None, "gamma-not-compounded", r"""This multiplies the base rate by $\gamma$ once,
         as if every milestone reset the rate to $\eta_0\gamma$. Each milestone multiplies the *current* rate
         again: $<<passed|length>>$ milestones give $\gamma^{<<passed|length>>}$."""),
        (eta0 * (1 - g) ** n, "gamma-as-fraction-removed", r"""This reads `gamma=<<g>>` as the fraction taken
         *off* at each milestone, multiplying by $1 - <<g>>$. `gamma` is the factor the rate is multiplied by:
         $\eta_0\,<<g>>^{<<passed|length>>}$."""),
        (eta0 * g ** sum(sum(ms[:i + 1]) <= e for i in range(len(ms))), "milestones-as-intervals", r"""This
         reads the milestones as gaps between cuts (a cut <<ms[0]>> epochs in, then <<ms[1]>> epochs after that,
         …). They are absolute epoch numbers: the rate is cut at epochs <<ms|join(', ')>> themselves."""),
        (eta0 * g ** len(ms) if n < len(ms) else None, "all-milestones-applied", r"""This applies all
         <<ms|length>> milestones. Only those already reached, $\le <<e>>$, have cut the rate; the later ones
         come after epoch <<e>>."""),
    ])
    return d


META = Meta(id="schedules.multistep_milestone", topic="schedules", difficulty=2, kind="numeric",
            objective="Compute the learning rate MultiStepLR uses during an epoch, knowing that the reduced rate "
                      "already applies at the milestone epoch itself.",
            answer="simulated", closed_form=lambda d: d["eta0"] * d["g"] ** len(d["passed"]),
            tags=("schedules", "MultiStepLR", "off-by-one"))
