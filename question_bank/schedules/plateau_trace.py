"""Trace ``ReduceLROnPlateau`` through a validation-loss sequence (DOMAIN §2.8, archetype D7).

``ReduceLROnPlateau(optimizer, mode='min', factor, patience, threshold, threshold_mode='rel',
cooldown=0, min_lr=0)`` is stepped once per epoch with that epoch's validation loss:

1. the loss improves iff it is < best·(1 − threshold); then best ← loss and bad ← 0, else bad += 1;
2. when bad > patience the rate is multiplied by ``factor`` and bad ← 0.

So the first cut comes after **patience + 1** non-improving epochs, and the reduced rate is used
from the *next* epoch on. A seeded generator builds a readable loss sequence (improving stretches
and plateaus, sometimes a second improvement that resets the count). Sometimes the sequence holds
the relative-threshold subtlety: a loss a little *below* the best that is not below
best·(1 − threshold), so it counts as a bad epoch — with ``threshold=0.01`` and 3-decimal losses, or
with the default 1e-4 and 5-decimal losses (DOMAIN's 0.8 → 0.79999 example); those draws are kept
only when treating that loss as an improvement would change the answer.

Two questions: the first epoch that trains with a reduced rate (INTEGER), or the rate used during a
given epoch. The answer comes from ``core.ReduceOnPlateau.lrs_for`` and is checked against an
independent plain-Python trace of the algorithm.
"""

import math

import numpy as np

from quizgen import core
from quizgen.authoring import (
    INTEGER, Draft, Redraw, Rounding, answer, calc, exact, pick, pretty, question, render, say, tex,
)

BASE_LRS = (0.1, 0.01, 0.05, 0.2, 0.001)
FACTORS = (0.1, 0.5, 0.2)
PATIENCES = (1, 2, 3, 4)


def hand_trace(metrics, lr0, factor, patience, threshold):
    """The algorithm written out plainly: per epoch (improved, best, bad, lr for the next epoch)."""
    best, bad, lr, rows = math.inf, 0, lr0, []
    for m in metrics:
        improved = m < best * (1 - threshold)
        if improved:
            best, bad = m, 0
        else:
            bad += 1
        cut = bad > patience
        if cut:
            lr, bad = max(lr * factor, 0.0), 0
        rows.append((improved, best, bad, lr, cut))
    return rows


def build_sequence(rng, n, patience, threshold, decimals, subtle):
    """A validation-loss sequence: improving stretches and plateaus; returns (values, subtle_index)."""
    unit = 10.0 ** -decimals
    v = round(float(rng.uniform(0.6, 1.3)), decimals)
    vals, best, subtle_at = [v], v, None
    while len(vals) < n:
        for _ in range(int(rng.integers(1, 4))):                      # an improving stretch
            v = round(best * (1 - float(rng.uniform(0.03, 0.12))), decimals)
            vals.append(v)
            best = v
        length = int(rng.integers(patience, patience + 4))            # a plateau
        place = int(rng.integers(0, length)) if subtle and subtle_at is None else -1
        for j in range(length):
            if j == place:
                # below the best, but by less than threshold·best: not an improvement
                gap = max(unit, round(best * threshold * float(rng.uniform(0.2, 0.7)), decimals))
                w = round(best - gap, decimals)
                if not best * (1 - threshold) + 2 * unit <= w < best:
                    raise Redraw("no room for a just-below-threshold value")
                subtle_at = len(vals)
            else:
                w = round(best * (1 + float(rng.uniform(0.0, 0.05))), decimals)
                if w == best and rng.random() < 0.5:
                    w = round(best + unit * int(rng.integers(1, 5)), decimals)
            vals.append(w)
    return vals[:n], subtle_at


def _span(first: int, last: int) -> str:
    return f"Epoch {first}" if first == last else f"Epochs {first}–{last}"


def trace_steps(rows, M, fmt, best_before, last, subtle_at, patience, rel, lr0):
    """Worked steps for epochs 0 … last, consecutive epochs of the same kind grouped into one step."""
    out, group, lr_now = [], [], lr0

    def flush():
        if not group:
            return
        kind, es = group[0][0], [e for _, e in group]
        values = ", ".join(M[e] for e in es)
        if kind == "first":
            out.append(say(r"Epoch 0: <<m>> is the first value, so best $= <<m>>$ and the count is 0.", m=M[0]))
        elif kind == "improve":
            out.append(say(r"<<span>>: <<vals>> — <<each>> below the previous best by more than the threshold, so "
                           r"<<each2>> an improvement: best $= <<b>>$, count 0.", span=_span(es[0], es[-1]),
                           vals=values, each="each" if len(es) > 1 else "it is",
                           each2="each is" if len(es) > 1 else "it is", b=M[es[-1]]))
        else:
            out.append(say(r"<<span>>: <<vals>> — not below the best <<b>>, so the count goes to <<counts>>.",
                           span=_span(es[0], es[-1]), vals=values, b=fmt.format(best_before[es[0]]),
                           counts=", ".join(str(rows[e][2] if not rows[e][4] else patience + 1) for e in es)))
        group.clear()

    for e in range(last + 1):
        improved, best, bad, lr_next, cut = rows[e]
        kind = "first" if e == 0 else "improve" if improved else "subtle" if e == subtle_at else "bad"
        if group and group[0][0] != kind:
            flush()
        if kind == "subtle":
            prev_best = fmt.format(best_before[e])
            step, _ = calc(r"Epoch <<e>>: <<m>> is below the best <<b>>, but the bound is "
                           r"$<<b>>\cdot(1 - <<rel>>) = <<result>>$ and <<m>> is not below it: **not** an "
                           r"improvement, count <<c>>.", f"{prev_best}*(1 - {rel})", Rounding(sig=8),
                           e=e, m=M[e], b=prev_best, rel=rel, c=bad if not cut else patience + 1)
            out.append(step)
        else:
            group.append((kind, e))
        if cut:
            flush()
            out.append(say(r"The count reached <<p1>> > patience <<p>> after epoch <<e>>, so the rate drops from "
                           r"$<<old>>$ to $<<new>>$, used from epoch <<e1>> on; the count restarts at 0.",
                           p1=patience + 1, p=patience, e=e, old=tex(pretty(lr_now)), new=tex(pretty(lr_next)),
                           e1=e + 1))
            lr_now = lr_next
    flush()
    return out


@question("schedules.plateau_trace", topic="schedules", difficulty=3, kind="numeric",
          objective="Trace ReduceLROnPlateau through a validation-loss sequence: patience + 1 bad epochs trigger a "
                    "cut, a tiny decrease below the relative threshold is not an improvement, and the new rate "
                    "applies from the next epoch.")
def plateau_trace(rng: np.random.Generator) -> Draft:
    lr0, factor, patience = pick(rng, BASE_LRS), pick(rng, FACTORS), pick(rng, PATIENCES)
    mode = pick(rng, ("plain", "plain", "plain", "subtle_rel", "subtle_rel", "subtle_default"))
    threshold, decimals = {"plain": (1e-4, 3), "subtle_rel": (0.01, 3), "subtle_default": (1e-4, 5)}[mode]
    if mode == "plain" and rng.random() < 0.3:
        threshold = 0.01
    n = int(rng.integers(10, 15))
    metrics, subtle_at = build_sequence(rng, n, patience, threshold, decimals, mode != "plain")
    if mode != "plain" and (subtle_at is None or subtle_at >= n):
        raise Redraw("the just-below-threshold value fell outside the sequence")

    sched = core.ReduceOnPlateau(lr0, factor=factor, patience=patience, threshold=threshold)
    lrs = sched.lrs_for(metrics)                       # lrs[e] = rate used during epoch e, e = 0 … n
    rows = hand_trace(metrics, lr0, factor, patience, threshold)
    if not np.allclose(lrs[1:], [r[3] for r in rows], rtol=1e-12) or lrs[0] != lr0:
        raise AssertionError("ReduceOnPlateau disagrees with the plain trace of the algorithm")
    best_before = [math.inf] + [r[1] for r in rows[:-1]]
    for m, b in zip(metrics, best_before):
        if math.isfinite(b) and abs(m - b * (1 - threshold)) < 1e-9:
            raise Redraw("a loss sits exactly on the improvement bound")
    cuts = [e for e, r in enumerate(rows) if r[4]]
    if not cuts:
        raise Redraw("no reduction happens in this sequence")
    first_reduced = cuts[0] + 1

    variant = pick(rng, ("first", "first", "lr_at"))
    if variant == "lr_at":
        E = first_reduced - 1 if rng.random() < 0.2 else int(rng.integers(first_reduced, n + 1))
        value = float(lrs[E])
        ncuts = sum(1 for c in cuts if c + 1 <= E)
        if not np.isclose(value, lr0 * factor**ncuts, rtol=1e-12):
            raise AssertionError("the traced rate is not lr0·factor^cuts")
        last_needed = max(E - 1, cuts[0])
    else:
        value = float(first_reduced)
        last_needed = cuts[0]

    if mode != "plain":
        # keep the draw only if the subtlety matters: counting the near-value as an improvement changes the answer
        if subtle_at > last_needed:
            raise Redraw("the subtle value comes after the epochs that matter")
        naive = [m if i != subtle_at else -1.0 for i, m in enumerate(metrics)]
        naive_rows = hand_trace(naive, lr0, factor, patience, threshold)
        naive_cuts = [e for e, r in enumerate(naive_rows) if r[4]]
        if variant == "first":
            naive_answer = naive_cuts[0] + 1 if naive_cuts else None
        else:
            naive_answer = lr0 * factor ** sum(1 for c in naive_cuts if c + 1 <= E)
        if naive_answer is not None and np.isclose(naive_answer, value):
            raise Redraw("the subtle value does not change the answer")

    fmt = f"{{:.{decimals}f}}"
    M = [fmt.format(m) for m in metrics]
    E0, F, TH = exact(lr0), exact(factor), exact(threshold)
    rel = TH if threshold != 1e-4 else "0.0001"
    thr_arg = f", threshold={TH}" if threshold != 1e-4 else ""
    ask = (r"During which epoch does training first use a reduced learning rate? Give the epoch number."
           if variant == "first" else
           render(r"What learning rate is used during epoch $<<E>>$? Give it to 4 significant figures.", E=E))
    prompt = render(
        r"A model is trained with `SGD(params, lr=<<lr0>>)` and `ReduceLROnPlateau(optimizer, mode='min', "
        r"factor=<<f>>, patience=<<p>><<thr>>)`; the other arguments keep their defaults "
        r"(`threshold_mode='rel'`<<thr_note>>, `cooldown=0`, `min_lr=0`). Epochs are numbered from 0; after each "
        r"epoch the loop measures the validation loss and calls `scheduler.step(val_loss)`. The validation losses "
        r"measured after epochs 0, 1, 2, … are `<<seq>>`. <<ask>>",
        lr0=E0, f=F, p=patience, thr=thr_arg, thr_note=", `threshold=1e-4`" if threshold == 1e-4 else "",
        seq="[" + ", ".join(M) + "]", ask=ask)

    steps = [say(r"A loss counts as an improvement only if it is below $\text{best}\cdot(1 - <<rel>>)$. Each "
                 r"non-improving epoch adds 1 to the bad-epoch count (an improvement resets it to 0); when the count "
                 r"exceeds the patience, i.e. reaches <<p1>>, the rate is multiplied by <<f>> and the count restarts. "
                 r"The new rate is used from the *next* epoch.", rel=rel, p1=patience + 1, f=F)]
    steps.extend(trace_steps(rows, M, fmt, best_before, last_needed, subtle_at, patience, rel, lr0))
    if variant == "first":
        step, result = calc(r"The first cut happens after epoch <<c>>, so the reduced rate is first used in epoch "
                            r"$<<c>> + 1 = <<result>>$.", f"{cuts[0]} + 1", INTEGER, c=cuts[0])
        steps.append(step)
        steps.append(say(r"Cutting after only <<p>> bad epoch<<s>> (patience instead of patience + 1) or applying the new "
                         r"rate in the epoch that triggered it are the usual off-by-one slips.", p=patience,
                         s="" if patience == 1 else "s"))
        ans = answer(value, INTEGER)
    else:
        ncuts = sum(1 for c in cuts if c + 1 <= E)
        step, result = calc(r"Epoch <<E>> comes after <<k>> cut<<s>>: $\eta = <<lr0>>\cdot <<f>>^{<<k>>} = "
                            r"<<result>>$ (4 significant figures).", f"{E0}*{F}**{ncuts}", E=E, k=ncuts,
                            s="" if ncuts == 1 else "s", lr0=E0, f=F)
        steps.append(step)
        if E == cuts[0]:
            steps.append(say(r"The cut triggered by the loss measured after epoch <<E>> only takes effect from epoch "
                             r"<<E1>>: epoch <<E>> itself still trains with the old rate.", E=E, E1=E + 1))
        ans = answer(value)
    if result != ans.display:
        raise AssertionError(f"worked steps give {result}, the trace gives {ans.display}")
    return Draft(
        prompt=prompt, solution=tuple(steps), answer=ans, rounding=INTEGER if variant == "first" else Rounding(),
        params={"schedule": {"name": "reduce_on_plateau", "init_value": lr0, "factor": factor, "patience": patience,
                             "threshold": threshold, "threshold_mode": "rel", "mode": "min", "cooldown": 0,
                             "min_lr": 0.0},
                "optimizer": {"name": "sgd", "lr": lr0}, "val_losses": [float(m) for m in M], "variant": variant,
                "subtle_epoch": subtle_at, "convention": "0-based epochs; scheduler.step(val_loss) after each epoch"},
        tags=("schedules", "ReduceLROnPlateau", "off-by-one") + (("relative-threshold",) if mode != "plain" else ()),
    )
