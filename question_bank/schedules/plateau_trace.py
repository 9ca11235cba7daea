"""Trace ``ReduceLROnPlateau`` through a validation-loss sequence (DOMAIN §2.8, archetype D7).

``ReduceLROnPlateau(mode='min', factor, patience, threshold, threshold_mode='rel', cooldown=0,
min_lr=0)`` is stepped once per epoch with that epoch's validation loss: the loss improves iff it
is < best·(1 − threshold) (then best ← loss, bad ← 0, else bad += 1), and when bad > patience the
rate is multiplied by ``factor`` and bad ← 0. So the first cut comes after **patience + 1**
non-improving epochs, and the reduced rate is used from the *next* epoch on. The seeded sequence
has improving stretches and plateaus; sometimes it holds the relative-threshold subtlety, a loss a
little *below* the best but not below best·(1 − threshold) (threshold 0.01 with 3-decimal losses, or
the default 1e-4 with 5-decimal losses, DOMAIN's 0.8 → 0.79999), kept only when treating it as an
improvement would change the answer. Asked: the first epoch with a reduced rate (INTEGER), or the
rate during a given epoch, from ``core.ReduceOnPlateau.lrs_for`` (via the kit), checked against a plain trace.
"""

from quizgen.family import INTEGER, Meta, Rounding, calc, num, pick, redraw_if
from quizgen.kit import schedules as kit

QUESTION = r"""A model is trained with `SGD(params, lr=<<lr0>>)` and `ReduceLROnPlateau(optimizer, mode='min',
factor=<<f>>, patience=<<p>><% if threshold != 0.0001 %>, threshold=<<threshold>><% endif %>)`; the other arguments
keep their defaults (`threshold_mode='rel'`<% if threshold == 0.0001 %>, `threshold=1e-4`<% endif %>, `cooldown=0`,
`min_lr=0`). Epochs are numbered from 0; after each epoch the loop measures the validation loss and calls
`scheduler.step(val_loss)`. The validation losses measured after epochs 0, 1, 2, … are `[<<M|join(', ')>>]`.
<% if variant == 'first' %>During which epoch does training first use a reduced learning rate? Give the epoch
number.<% else %>What learning rate is used during epoch $<<E>>$? Give it to 4 significant figures.<% endif %>"""

#: one step of the trace (the IDX-th of d["trace"], if there is one): a group of epochs of one kind, or a cut
TRACE_STEP = r"""<% if trace|length > IDX %><% set s = trace[IDX] %><% set many = s.es|length > 1 %>
<% set span %><% if many %>Epochs <<s.es[0]>>–<<s.es[-1]>><% else %>Epoch <<s.es[0]>><% endif %><% endset %>
<% if s.kind == 'first' %>Epoch 0: <<s.vals[0]>> is the first value, so best $= <<s.vals[0]>>$ and the count is 0.
<% elif s.kind == 'improve' %><<span>>: <<s.vals|join(', ')>> — <<'each' if many else 'it is'>> below the previous
best by more than the threshold, so <<'each is' if many else 'it is'>> an improvement: best $= <<s.b>>$, count 0.
<% elif s.kind == 'bad' %><<span>>: <<s.vals|join(', ')>> — not below the best <<s.b>>, so the count goes to
<<s.counts|join(', ')>>.
<% elif s.kind == 'subtle' %>Epoch <<s.es[0]>>: <<s.vals[0]>> is below the best <<s.b>>, but the bound is
$<<s.bound.work>>$ and <<s.vals[0]>> is not below it: **not** an improvement, count <<s.counts[0]>>.
<% else %>The count reached <<p + 1>> > patience <<p>> after epoch <<s.es[0]>>, so the rate drops from
$<<s.old|tex>>$ to $<<s.new|tex>>$, used from epoch <<s.es[0] + 1>> on; the count restarts at 0.<% endif %>
<% endif %>"""
SLOTS = 30  # the longest trace: ≤ 15 epochs, each at most a group and a cut

SOLUTION = [
    r"""A loss counts as an improvement only if it is below $\text{best}\cdot(1 - <<threshold>>)$. Each non-improving
    epoch adds 1 to the bad-epoch count (an improvement resets it to 0); when the count exceeds the patience, i.e.
    reaches <<p + 1>>, the rate is multiplied by <<f>> and the count restarts. The new rate is used from the
    *next* epoch.""",
    *(TRACE_STEP.replace("IDX", str(i)) for i in range(SLOTS)),
    r"""<% if variant == 'first' %>The first cut happens after epoch <<cuts[0]>>, so the reduced rate is first used
    in epoch $<<first.work>>$.<% else %>Epoch <<E>> comes after <<ncuts>> cut<<'' if ncuts == 1 else 's'>>:
    $\eta = <<eta.work>>$ (4 significant figures).<% endif %>""",
    r"""<% if variant == 'first' %>Cutting after only <<p>> bad epoch<<'' if p == 1 else 's'>> (patience instead of
    patience + 1) or applying the new rate in the epoch that triggered it are the usual off-by-one slips.
    <%- elif E == cuts[0] %>The cut triggered by the loss measured after epoch <<E>> only takes effect from epoch
    <<E + 1>>: epoch <<E>> itself still trains with the old rate.<% endif %>""",
]


def hand_trace(metrics, lr0, factor, patience, threshold, *, consecutive=True, restart=True):
    """The algorithm written out plainly: per epoch (improved, best, bad, lr for the next epoch, cut).
    (``consecutive=False``/``restart=False`` are two slips: the count not reset by an improvement, or
    not restarted after a cut.)"""
    best, bad, lr, rows = float("inf"), 0, lr0, []
    for m in metrics:
        improved = m < best * (1 - threshold)
        if improved:
            best, bad = m, (0 if consecutive else bad)
        else:
            bad += 1
        cut = bad > patience and not improved
        if cut:
            lr, bad = max(lr * factor, 0.0), (0 if restart else bad)
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
                redraw_if(not best * (1 - threshold) + 2 * unit <= w < best, "no room for a just-below-threshold value")
                subtle_at = len(vals)
            else:
                w = round(best * (1 + float(rng.uniform(0.0, 0.05))), decimals)
                if w == best and rng.random() < 0.5:
                    w = round(best + unit * int(rng.integers(1, 5)), decimals)
            vals.append(w)
    return vals[:n], subtle_at


def trace(rows, M, decimals, best_before, last, subtle_at, patience, threshold, lr0):
    """The trace's steps for epochs 0 … last, consecutive epochs of the same kind grouped into one."""
    out, group, lr_now = [], [], lr0

    def flush():
        if group:
            kind, es = group[0][0], [e for _, e in group]
            best = None  # an improving group ends at its new best; a bad group is compared with the best before it
            if kind == "improve":
                best = M[es[-1]]
            elif kind == "bad":
                best = num(best_before[es[0]], decimals=decimals)
            out.append(dict(kind=kind, es=es, vals=[M[e] for e in es], b=best,
                            counts=[rows[e][2] if not rows[e][4] else patience + 1 for e in es]))
            group.clear()

    for e in range(last + 1):
        improved, best, bad, lr_next, cut = rows[e]
        kind = "first" if e == 0 else "improve" if improved else "subtle" if e == subtle_at else "bad"
        if group and group[0][0] != kind:
            flush()
        if kind == "subtle":
            b = num(best_before[e], decimals=decimals)
            out.append(dict(kind=kind, es=[e], vals=[M[e]], b=b, counts=[bad if not cut else patience + 1],
                            bound=calc("b*(1 - rel)", Rounding(sig=8), b=b, rel=threshold)))
        else:
            group.append((kind, e))
        if cut:
            flush()
            out.append(dict(kind="cut", es=[e], old=lr_now, new=lr_next))
            lr_now = lr_next
    flush()
    assert len(out) <= SLOTS, "a trace longer than the solution's slots"
    return out


def data(rng):
    lr0, factor = pick(rng, (0.1, 0.01, 0.05, 0.2, 0.001)), pick(rng, (0.1, 0.5, 0.2))
    patience = pick(rng, (1, 2, 3, 4))
    mode = pick(rng, ("plain", "plain", "plain", "subtle_rel", "subtle_rel", "subtle_default"))
    threshold, decimals = {"plain": (1e-4, 3), "subtle_rel": (0.01, 3), "subtle_default": (1e-4, 5)}[mode]
    if mode == "plain" and rng.random() < 0.3:
        threshold = 0.01
    n = int(rng.integers(10, 15))
    metrics, subtle_at = build_sequence(rng, n, patience, threshold, decimals, mode != "plain")
    redraw_if(mode != "plain" and (subtle_at is None or subtle_at >= n),
              "the just-below-threshold value fell outside the sequence")

    lrs = kit.plateau_lrs(lr0, factor, patience, threshold, metrics)
    rows = hand_trace(metrics, lr0, factor, patience, threshold)  # lrs[e] = rate used during epoch e, e = 0 … n
    best_before = [float("inf")] + [r[1] for r in rows[:-1]]
    redraw_if(any(abs(m - b * (1 - threshold)) < 1e-9 for m, b in zip(metrics, best_before) if b != float("inf")),
              "a loss sits exactly on the improvement bound")
    cuts = [e for e, r in enumerate(rows) if r[4]]
    redraw_if(not cuts, "no reduction happens in this sequence")
    first_reduced = int((lrs < lr0).argmax())  # the first epoch of the run below the initial rate

    variant = pick(rng, ("first", "first", "lr_at"))
    E = ncuts = None
    if variant == "lr_at":
        E = first_reduced - 1 if rng.random() < 0.2 else int(rng.integers(first_reduced, n + 1))
        ncuts = sum(1 for c in cuts if c + 1 <= E)
        value, last_needed = float(lrs[E]), max(E - 1, cuts[0])
    else:
        value, last_needed = float(first_reduced), cuts[0]

    if mode != "plain":
        # keep the draw only if the subtlety matters: counting the near-value as an improvement changes the answer
        redraw_if(subtle_at > last_needed, "the subtle value comes after the epochs that matter")
        naive = [m if i != subtle_at else -1.0 for i, m in enumerate(metrics)]
        naive_cuts = [e for e, r in enumerate(hand_trace(naive, lr0, factor, patience, threshold)) if r[4]]
        if variant == "first":
            naive_answer = naive_cuts[0] + 1 if naive_cuts else None
        else:
            naive_answer = lr0 * factor ** sum(1 for c in naive_cuts if c + 1 <= E)
        redraw_if(naive_answer is not None and abs(naive_answer - value) <= 1e-8 + 1e-5 * abs(value),
                  "the subtle value does not change the answer")

    M = [num(m, decimals=decimals) for m in metrics]
    d = dict(lr0=lr0, f=factor, p=patience, threshold=threshold, M=M, variant=variant, E=E, ncuts=ncuts, cuts=cuts,
             trace=trace(rows, M, decimals, best_before, last_needed, subtle_at, patience, threshold, lr0),
             lrs=lrs, hand=[lr0] + [r[3] for r in rows], simulated=value,
             params={"val_losses": [x.value for x in M], "variant": variant, "subtle_epoch": subtle_at,
                     "schedule": {"name": "reduce_on_plateau", "init_value": lr0, "factor": factor,
                                  "patience": patience, "threshold": threshold, "threshold_mode": "rel",
                                  "mode": "min", "cooldown": 0, "min_lr": 0.0},
                     "convention": "0-based epochs; scheduler.step(val_loss) after each epoch"},
             tags=("relative-threshold",) if mode != "plain" else ())
    if variant == "first":
        d.update(first=calc("c + 1", INTEGER, c=cuts[0]), rounding=INTEGER)
    else:
        d["eta"] = calc("lr0*f**k", lr0=lr0, f=factor, k=ncuts)
    # the slips: cutting after `patience` bad epochs, the new rate already in the epoch that triggered it,
    # and (in the subtle draws) the near-value taken for an improvement
    def cuts_if(p=patience, **slip):
        return [e for e, r in enumerate(hand_trace(metrics, lr0, factor, p, threshold, **slip)) if r[4]]

    if variant == "first":
        answers = [c[0] + 1 if c else None for c in (cuts_if(patience - 1), [cuts[0] - 1], cuts_if(consecutive=False))]
        answers.append(None)
    else:
        answers = [lr0 * factor ** sum(c + 1 <= E for c in cs)
                   for cs in (cuts_if(patience - 1), [c - 1 for c in cuts], cuts_if(consecutive=False),
                              cuts_if(restart=False))]
    answers.append(naive_answer if mode != "plain" else None)
    answers.append(lr0 * (1 - factor) ** ncuts if variant == "lr_at" else None)
    tags = ("M20", "M20", "count-not-consecutive", "count-kept-after-cut", "threshold-ignored",
            "gamma-as-fraction-removed")
    d["wrong_answers"] = kit.slips(d, list(zip(answers, tags, SLIPS)))
    return d


SLIPS = (
    r"""This cuts the rate after <<p>> bad epoch<<'' if p == 1 else 's'>>, as soon as the count reaches the
    patience. `ReduceLROnPlateau` cuts only when the count *exceeds* the patience, i.e. after <<p + 1>>
    consecutive epochs without improvement.""",
    r"""This uses the new rate already in the epoch whose loss triggered the cut. `scheduler.step(val_loss)` runs
    after that epoch has trained, so the reduced rate applies from the next epoch.""",
    r"""This keeps counting bad epochs across improvements. The count is of *consecutive* epochs without
    improvement: every improvement resets it to 0.""",
    r"""This keeps the count after a cut, so every further bad epoch cuts the rate again. After a cut the count
    restarts at 0, and another <<p + 1>> bad epochs are needed for the next cut.""",
    r"""This counts the loss just below the best as an improvement. With `threshold_mode='rel'` a loss improves
    only if it is below $\text{best}\cdot(1 - <<threshold>>)$, so that epoch adds to the bad-epoch count.""",
    r"""This reads `factor=<<f>>` as the fraction taken *off* at each cut, multiplying by $1 - <<f>>$. The new
    rate is the old one *times* `factor`: $<<lr0>>\cdot<<f>>^{<<ncuts>>}$.""",
)


def closed_form(d):
    """The plain trace: its rates, and its answer (the epoch after the first cut, or lr0·factor^cuts)."""
    answer = d["cuts"][0] + 1 if d["variant"] == "first" else d["lr0"] * d["f"] ** d["ncuts"]
    return {"lrs": d["hand"], "simulated": answer}


META = Meta(id="schedules.plateau_trace", topic="schedules", difficulty=3, kind="numeric",
            objective="Trace ReduceLROnPlateau through a validation-loss sequence: patience + 1 bad epochs trigger a "
                      "cut, a tiny decrease below the relative threshold is not an improvement, and the new rate "
                      "applies from the next epoch.",
            answer="simulated", closed_form=closed_form, tags=("schedules", "ReduceLROnPlateau", "off-by-one"))
