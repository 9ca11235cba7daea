"""``OneCycleLR`` arithmetic and its momentum overwrite (DOMAIN §2.8, archetype D6).

``OneCycleLR`` is stepped once per *batch*, k = 0 … total − 1 (total = epochs × steps_per_epoch).
The rate rises from η_init = max_lr/div_factor to max_lr at k = pct_start·total − 1, then falls to
η_init/final_div_factor at k = total − 1, each phase by cosine annealing
end + (start − end)(1 + cos(π p))/2 with p the fraction of the phase done. Variants: the initial
rate; the final rate (not max_lr/final_div_factor); the peak step (INTEGER; not pct_start·total);
the rate at a step k or at batch b of epoch e; and the gotcha that ``cycle_momentum=True`` (the
default) writes its own momentum into ``SGD(momentum=0)``: 0.95 at k = 0, 0.85 at the peak.

The answers are read from ``core.one_cycle`` (and its ``.momentum``) over all steps: a simulated run
of up to 2000 steps would cost more than a whole generation's budget, and the schedule's values are
exactly the rates such a run uses.
"""

from quizgen import core
from quizgen.family import INTEGER, Meta, calc, num, pick, redraw_if
from quizgen.kit import schedules as kit

QUESTION = r"""A model is trained with `SGD(params, lr=<<ml>>, momentum=0)` and `OneCycleLR(optimizer,
max_lr=<<ml>>, epochs=<<ne>>, steps_per_epoch=<<spe>>, pct_start=<<pct>>, div_factor=<<d>>,
final_div_factor=<<fd>>)`; the other arguments keep their defaults (`anneal_strategy='cos'`, `three_phase=False`,
`cycle_momentum=True`, `base_momentum=0.85`, `max_momentum=0.95`). As PyTorch requires, `scheduler.step()` is
called after every batch (every `optimizer.step()`), and steps are counted from $k = 0$.
<% if variant == 'initial' %>What learning rate is used in the very first step, $k = 0$?
<%- elif variant == 'final' %>What learning rate is used in the last step, $k = <<total - 1>>$?
<%- elif variant == 'peak' %>At which step $k$ is the learning rate at its maximum, `max_lr`?
<%- elif variant == 'momentum' %>What momentum does SGD actually use in step $k = <<k>>$?
<%- elif batch is not none %>What learning rate is used for batch $b = <<batch[1]>>$ of epoch $e = <<batch[0]>>$
(both counted from 0)?<% else %>What learning rate is used in step $k = <<k>>$?<% endif %>
<% if variant == 'peak' %>Give a whole number.<% else %>Give it to 4 significant figures.<% endif %>"""

INIT = r"$\eta_{\mathrm{init}} = <<init.work>>$."


def _only(variant, *steps):
    """Worked steps shown only in one variant."""
    return ["<% if variant == '" + variant + "' %>" + s + "<% endif %>" for s in steps]


SOLUTION = [
    r"""`OneCycleLR` runs over $<<ne>>\cdot <<spe>> = <<total>>$ batch steps, $k = 0, \dots, <<total - 1>>$. It starts
    at $\eta_{\mathrm{init}} = \mathrm{max\_lr}/\mathrm{div\_factor}$, rises to $\mathrm{max\_lr}$ at the end of the
    first phase, $k = \mathrm{pct\_start}\cdot <<total>> - 1$, and anneals to
    $\eta_{\mathrm{init}}/\mathrm{final\_div\_factor}$ at $k = <<total - 1>>$; within a phase the value is
    $\mathrm{end} + (\mathrm{start} - \mathrm{end})\,(1 + \cos(\pi p))/2$, with $p$ the fraction of the phase
    done.""",
    *_only("initial", INIT, r"""Step 0 does **not** use `max_lr` (nor the `lr` given to SGD, which `OneCycleLR`
           overwrites): the cycle starts <<d>> times lower and warms up."""),
    *_only("final", INIT, r"""$\eta_{\mathrm{final}} = \eta_{\mathrm{init}}/\mathrm{final\_div\_factor} =
           <<low.work>>$ (4 significant figures).""",
           r"""Dividing `max_lr` by `final_div_factor` alone would give $<<naive|tex>>$: the final divisor applies
           to the *initial* rate, so the total reduction from the peak is <<d>>·<<fd>>."""),
    *_only("peak", r"The first phase ends at $k = <<upend.work>>$.",
           r"""PyTorch ends phase 1 at $\mathrm{pct\_start}\cdot\mathrm{total\_steps} - 1$ (the steps are counted
           from 0), so the peak is one step before <<up_end + 1>>; at step <<up_end + 1>> the rate has already
           started to fall ($\eta_{<<up_end + 1>>} = <<after>>$ against $\mathrm{max\_lr} = <<ml>>$)."""),
    *_only("step", r"<% if batch is not none %>That batch is step $k = <<kb.work>>$.<% endif %>", INIT,
           r"Phase 1 ends at $k = <<upend.work>>$.",
           r"""<% if k < up_end %>Step <<k>> is in the rising phase: $p = <<p.work>>$.<% else %>The final rate is
           $\eta_{\mathrm{init}}/\mathrm{final\_div\_factor} = <<low.work>>$.<% endif %>""",
           r"""<% if k > up_end %>Step <<k>> is in the annealing phase, which runs from <<up_end>> to
           <<total - 1>>: $p = <<p.work>>$.<% endif %>""",
           r"$\eta_{<<k>>} = <<eta.work>>$ (4 significant figures)."),
    *_only("momentum", r"""With `cycle_momentum=True` (the default) `OneCycleLR` writes its own momentum into the
           optimizer's parameter group at construction and at every step, so the `momentum=0` given to SGD is
           overwritten. The momentum moves opposite to the rate: from `max_momentum` = 0.95 down to
           `base_momentum` = 0.85 at the peak step, then back up to 0.95.""",
           # at k = 0 the "calculation" is just 0.95: checked (set) but shown as its result alone
           r"""<% if k == 0 %><% set checked = mom.work %>At $k = 0$ the momentum is `max_momentum` $= <<mom>>$,
           not 0.<% else %>Phase 1 ends at $k = <<upend.work>>$.<% endif %>""",
           r"""<% if 0 < k <= up_end %>Step <<k>> is in phase 1 (momentum falling from 0.95 to 0.85):
           $<<mom.work>>$ (4 significant figures).<% elif k > up_end %>Step <<k>> is in phase 2 (momentum rising
           from 0.85 back to 0.95 over <<total - 1 - up_end>> steps): $<<mom.work>>$ (4 significant
           figures).<% endif %>""",
           r"To keep plain SGD without momentum, pass `cycle_momentum=False`."),
]


def data(rng):
    ml, ne = pick(rng, (0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 0.02)), pick(rng, (4, 5, 8, 10, 20))
    spe, pct = pick(rng, (25, 40, 50, 100, 60)), pick(rng, (0.3, 0.3, 0.25, 0.2, 0.4))
    div, fdiv = pick(rng, (25.0, 25.0, 10.0, 20.0)), pick(rng, (1e4, 1e4, 100.0, 1000.0))
    total = ne * spe
    up = float(pct * total)
    redraw_if(up != round(up) or up < 4, "pct_start·total_steps should be a whole number of steps")
    up_end, variant = int(up) - 1, pick(rng, ("initial", "final", "peak", "step", "step", "momentum"))
    sched = core.one_cycle(ml, total, pct_start=pct, div_factor=div, final_div_factor=fdiv)
    lrs, moms = sched.values(total), sched.momentum.values(total)
    init = calc("ml/d", ml=ml, d=div)
    redraw_if(abs(init.value - ml / div) > 1e-12 * ml / div, "the initial rate is not a short decimal")
    low, upend = calc("init/fd", init=init, fd=fdiv), calc("pct*tot - 1", INTEGER, pct=pct, tot=total)
    d = dict(variant=variant, ml=ml, ne=ne, spe=spe, pct=pct, d=div, fd=fdiv, total=total, up_end=up_end,
             init=init, low=low, upend=upend, naive=ml / fdiv, after=num(lrs[up_end + 1], sig=6), batch=None,
             lr0=lrs[0], lr_end=lrs[-1], lr_peak=lrs.max(), peak=int(lrs.argmax()), mom0=moms[0],
             mom_peak=moms[up_end], mom_end=moms[-1])
    if variant in ("initial", "final"):
        d["simulated"] = lrs[0] if variant == "initial" else lrs[-1]
    elif variant == "peak":
        d.update(simulated=float(d["peak"]), rounding=INTEGER)
    elif variant == "step":
        k = int(rng.integers(1, total - 1))
        redraw_if(k == up_end, "the peak step has its own variant")
        if rng.random() < 0.5:
            d["batch"] = divmod(k, spe)
            d["kb"] = calc("e*spe + b", INTEGER, e=d["batch"][0], spe=spe, b=d["batch"][1])
        if k < up_end:
            d["p"] = calc("k/ue", k=k, ue=upend)
            d["eta"] = kit.cosine_work(init, ml, k, upend)
        else:
            n2 = total - 1 - up_end
            d["p"] = calc("(k - ue)/n2", k=k, ue=upend, n2=n2)
            d["eta"] = calc("low + (ml - low)*((1 + cos(pi*(k - ue)/n2))/2)", low=low, ml=ml, k=k, ue=upend, n2=n2)
        d.update(k=k, simulated=lrs[k])
    else:
        k = 0 if rng.random() < 0.5 else int(rng.integers(1, total - 1))
        if k == 0:
            mom = calc("0.95")
        elif k <= up_end:
            mom = kit.cosine_work(0.95, 0.85, k, upend)
        else:
            mom = calc("0.95 + (0.85 - 0.95)*((1 + cos(pi*(k - ue)/n2))/2)", k=k, ue=upend, n2=total - 1 - up_end)
        d.update(k=k, mom=mom, simulated=moms[k], tags=("momentum-overwrite",))
    d["params"] = {"variant": variant, "epochs": ne, "steps_per_epoch": spe, **({"step": k} if "k" in d else {}),
                   "schedule": {"name": "one_cycle", "max_lr": ml, "total_steps": total, "pct_start": pct,
                                "anneal_strategy": "cos", "div_factor": div, "final_div_factor": fdiv,
                                "base_momentum": 0.85, "max_momentum": 0.95},
                   "optimizer": {"name": "sgd", "lr": ml, "momentum": 0.0, "cycle_momentum": True},
                   "convention": "OneCycleLR stepped per batch, k = 0 … total_steps − 1"}
    d["wrong_answers"] = kit.slips(d, _slips(d, sched, lrs, moms))
    return d


def _slips(d, sched, lrs, moms):
    """The common wrong answers of this variant: (value, tag, feedback template)."""
    ml, div, fdiv, total, up_end, variant = d["ml"], d["d"], d["fd"], d["total"], d["up_end"], d["variant"]
    init, low = ml / div, ml / div / fdiv
    if variant == "initial":
        return [(ml, "one-cycle-starts-at-max", r"""This starts at `max_lr`. `OneCycleLR` begins
                 `div_factor` $= <<d>>$ times lower, at $<<ml>>/<<d>>$, and warms up to `max_lr` over the first
                 phase."""),
                (ml / fdiv, "div-factors-swapped", r"""This divides by `final_div_factor`. The first rate uses
                 `div_factor`: $<<ml>>/<<d>>$; `final_div_factor` only sets the last rate.""")]
    if variant == "final":
        return [(ml / fdiv, "final-divisor-on-max", r"""This divides `max_lr` by `final_div_factor`. The final
                 divisor applies to the *initial* rate: $(<<ml>>/<<d>>)/<<fd>>$."""),
                (init, "one-cycle-ends-at-initial", r"""This ends the cycle back at the initial rate
                 $<<ml>>/<<d>>$, as a triangular cycle would. The annealing phase goes further down, to the
                 initial rate divided by `final_div_factor` $= <<fd>>$.""")]
    if variant == "peak":
        return [(up_end + 1, "M20", r"""This takes $\mathrm{pct\_start}\cdot\mathrm{total\_steps} = <<up_end + 1>>$
                 itself. Steps are counted from 0, so the first phase ends one step earlier, at
                 $<<up_end + 1>> - 1$."""),
                ((total - 1) / 2 if (total - 1) % 2 == 0 else total / 2, "symmetric-cycle", r"""This puts the peak
                 in the middle of training, as in a symmetric cycle. `pct_start` $= <<pct>>$ sets where the rise
                 ends: at step $<<pct>>\cdot<<total>> - 1$.""")]
    k = d["k"]
    if variant == "momentum":
        mom = float(moms[k])
        linear = (0.95 - 0.1 * k / up_end if k <= up_end else 0.85 + 0.1 * (k - up_end) / (total - 1 - up_end))
        return [(0.0, "momentum-overwrite-missed", r"""This keeps the `momentum=0` given to SGD. With
                 `cycle_momentum=True` (the default) `OneCycleLR` writes its own momentum into the optimizer at
                 every step."""),
                (1.8 - mom, "momentum-follows-rate", r"""This moves the momentum *with* the rate (0.85 at the start,
                 0.95 at the peak). `OneCycleLR` moves it the opposite way: high when the rate is low, lowest
                 (0.85) at the peak."""),
                (linear if k else None, "linear-instead-of-cosine", r"""This interpolates the momentum linearly.
                 With `anneal_strategy='cos'` it follows the same cosine shape as the rate:
                 $\mathrm{end} + (\mathrm{start} - \mathrm{end})(1 + \cos(\pi p))/2$.""")]
    n2 = total - 1 - up_end
    if k < up_end:
        linear, shifted = init + (ml - init) * k / up_end, kit.cosine_rate(init, ml, k, up_end + 1)
    else:
        linear, shifted = ml + (low - ml) * (k - up_end) / n2, kit.cosine_rate(ml, low, k - up_end - 1, n2 - 1)
    out = [(linear, "linear-instead-of-cosine", r"""This interpolates linearly within the phase. With
            `anneal_strategy='cos'` (the default) the rate follows
            $\mathrm{end} + (\mathrm{start} - \mathrm{end})(1 + \cos(\pi p))/2$, with $p$ the fraction of the phase
            done."""),
           (shifted if k != up_end + 1 else None, "M20", r"""This ends the first phase at
            $\mathrm{pct\_start}\cdot\mathrm{total\_steps} = <<up_end + 1>>$ instead of one step earlier.
            Steps are counted from 0: the peak is at $k = <<up_end>>$.""")]
    if k > up_end:
        out.append((kit.cosine_rate(ml, ml / fdiv, k - up_end, n2), "final-divisor-on-max", r"""This anneals down
            to `max_lr`/`final_div_factor`. The last rate is the *initial* rate divided by `final_div_factor`:
            $(<<ml>>/<<d>>)/<<fd>>$."""))
    return out


def closed_form(d):
    """The OneCycleLR recipe at its landmarks."""
    return {"lr0": d["ml"] / d["d"], "lr_end": d["ml"] / d["d"] / d["fd"], "peak": d["up_end"], "lr_peak": d["ml"],
            "mom0": 0.95, "mom_peak": 0.85, "mom_end": 0.95}


META = Meta(id="schedules.one_cycle", topic="schedules", difficulty=3, kind="numeric",
            objective="Work out OneCycleLR's initial, peak-step, final and intermediate learning rates per batch, "
                      "and recognise that it overwrites the optimizer's momentum.",
            answer="simulated", closed_form=closed_form, tags=("schedules", "OneCycleLR"))
