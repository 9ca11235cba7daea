"""Match gradient-descent paths on a contour plot to their learning rates (DOMAIN §2.2, archetype B3).

An ill-conditioned quadratic (d2l's f = 0.1x₁² + 2x₂² and relatives, written as c₁x₁² + c₂x₂² or
with the ½ convention) is minimised from one start with three rates, in one batched run: small
(ηλ_max < 1: a smooth curved path), medium (1 < ηλ_max < 2: a converging zigzag) and large
(ηλ_max > 2: a zigzag that blows up), labelled A, B, C in random order. The student picks the right
assignment of rates to paths (each distractor swaps two rates: one misconception each) or names
the path drawn with a given rate (the paths listed A, B, C; which is the key comes from the draw).
"""

import numpy as np

from quizgen.family import Meta, calc, contour_paths, fill, pick, redraw_if
from quizgen.kit import ndim

# (flat coefficient, steep coefficient) for f = c1 x1² + c2 x2², i.e. λ = 2c
PAIRS = ((0.1, 2), (0.05, 1), (0.1, 1), (0.2, 2), (0.25, 2.5), (0.1, 1.5), (0.2, 4), (0.25, 5), (0.5, 5))
# two-decimal rates: steps of 0.01 up to 0.3, then steps of 0.05 up to 1.2
RATES = tuple(round(0.01 * i, 2) for i in range(1, 31)) + tuple(round(0.05 * i, 2) for i in range(7, 25))
# windows for η·λ_max: smooth, zigzag-converging, zigzag-diverging (all ≥ 3 % away from 1 and 2)
WINDOWS = {"smooth": (0.3, 0.8), "zigzag": (1.2, 1.8), "diverge": (2.06, 2.3)}
REGIMES = tuple(WINDOWS)
STARTS = ((-5, -2), (-5, 2), (-4, 1.5), (5, -2), (4, 2), (-5, 1))
STEPS = 12
DESCRIBE = {
    "smooth": "a smooth curved path that approaches the minimum without crossing the $x_1$-axis",
    "zigzag": "a zigzag that crosses the $x_1$-axis at every step while closing in on the minimum",
    "diverge": "a zigzag that crosses the $x_1$-axis at every step with ever larger swings",
}


def _rates_for(c1, c2):
    """The readable rates in each window for f = c1 x1² + c2 x2² (λ = 2c)."""
    out = {k: [r for r in RATES if w[0] <= r * 2 * c2 <= w[1]] for k, w in WINDOWS.items()}
    out["smooth"] = [r for r in out["smooth"] if r * 2 * c1 >= 0.04]  # the flat direction must visibly move
    return out


# every curvature pair that offers a readable rate in all three windows, with those rates
USABLE = {pair: rates for pair in PAIRS if all((rates := _rates_for(*pair)).values())}
assert len(USABLE) >= 5, "too few usable curvature pairs"

QUESTION = r"""Gradient descent minimises $f(x_1, x_2) = <<f>>$ from the start $(<<x0[0]>>, <<x0[1]>>)$ (the dot) with
three different constant learning rates, $\eta \in \{<% for k in rate_list %><<eta[k]>><% if not loop.last %>,\ <%
endif %><% endfor %>\}$, in some order. The figure shows the first <<T>> steps of each run on the contours of $f$;
the minimum is the star. <% if ask == 'mapping' %>Which assignment of learning rates to paths is correct?<% else
%>Which path was drawn with the learning rate $\eta = <<eta[target]>>$?<% endif %>"""

X2_STEP = r"$\eta = <<eta[k]>>$: $<<r2[k].work>>$ for $x_2$,"
X1_STEP = r"and $<<r1[k].work>>$ for $x_1$: <<describe[k]>>, path <<label[k]>>."
SOLUTION = [
    r"""<% if half %>The curvatures are $\lambda_1 = <<lam1>>$ (flat direction $x_1$) and $\lambda_2 = <<lam2>>$
    (steep direction $x_2$).<% else %>The loss has no $\frac{1}{2}$, so $\lambda_1 = <<lam1.work>>$ (flat direction
    $x_1$)<% endif %>""",
    r"<% if not half %>and $\lambda_2 = <<lam2.work>>$ (steep direction $x_2$).<% endif %>",
    r"""Each step multiplies $x_1$ by $1 - \eta\lambda_1$ and $x_2$ by $1 - \eta\lambda_2$. A negative factor flips the
    sign of that coordinate (a zigzag across the $x_1$-axis); a factor with $|\cdot| > 1$ makes it grow.""",
    *(f"<% set k = '{k}' %>" + step for k in REGIMES for step in (X2_STEP, X1_STEP)),
    r"""The rate that blows up is above $2/\lambda_2 = <<lim.work>>$ even though its factor along the flat direction
    $x_1$ is fine: stability is set by the steepest direction.""",
]

ASSIGNMENT = r"""<% for k in by_label %>path <<label[k]>>: $\eta = <<eta[swap.get(k, k)]>>$<% if not loop.last %>; <%
endif %><% endfor %>"""
MAPPING_RIGHT = r"""Right: the factors on $x_2$ are $<<r2.smooth>>$ (smooth), $<<r2.zigzag>>$ (zigzag that shrinks) and
$<<r2.diverge>>$ (zigzag that grows)."""
SWAPS = [
    (("smooth", "zigzag"),
     r"""This swaps the two converging runs. A zigzag is the sign of a rate that is too *large* for the steep
     direction ($\eta\lambda_2 > 1$, factor $<<r2.zigzag>>$); the small rate's factor $<<r2.smooth>>$ is positive, so
     its path never crosses the axis.""", "zigzag-means-small-lr"),
    (("zigzag", "diverge"),
     r"""This swaps the two zigzags. Both overshoot, but only the factor $<<r2.diverge>>$ has $|\cdot| > 1$ (growing
     swings); with $<<r2.zigzag>>$ the swings shrink. Overshooting is not diverging.""", "M5"),
    (("smooth", "diverge"),
     r"""This gives the blow-up to the smallest rate. A larger rate is not a faster version of the same smooth path:
     the largest rate has the factor $<<r2.diverge>>$ on $x_2$ and diverges, while the small one has
     $<<r2.smooth>>$.""", "M1"),
]
WHICH_RIGHT = r"""Right: with $\eta = <<eta[target]>>$ the factor on $x_2$ is $<<r2[target]>>$, which gives
<<describe[target]>>: path <<label[target]>>."""
WHICH_WRONG = r"""Path <<label[k]>> is <<describe[k]>>: its factor on $x_2$ is $<<r2[k]>>$, so it is the run with
$\eta = <<eta[k]>>$. With $\eta = <<eta[target]>>$ the factor is $<<r2[target]>>$."""
# the misconception behind picking path k for the target regime
CONFUSION = {("smooth", "zigzag"): "zigzag-means-small-lr", ("zigzag", "smooth"): "zigzag-means-small-lr",
             ("zigzag", "diverge"): "M5", ("diverge", "zigzag"): "M5",
             ("smooth", "diverge"): "M1", ("diverge", "smooth"): "M1"}


def _regime_of(x2):
    """The regime (its index in REGIMES, or −1 for none) as the simulated steep coordinate shows it."""
    flips, same = np.all(np.sign(x2[1:]) == -np.sign(x2[:-1])), np.all(np.sign(x2[1:]) == np.sign(x2[:-1]))
    grows, shrinks = np.all(np.abs(x2[1:]) > np.abs(x2[:-1])), np.all(np.abs(x2[1:]) < np.abs(x2[:-1]))
    return 0 if same and shrinks else 1 if flips and shrinks else 2 if flips and grows else -1


def data(rng):
    c1, c2 = pick(rng, tuple(USABLE))
    half = bool(rng.integers(2))  # write the loss as ½(λ₁x₁² + λ₂x₂²) or as c₁x₁² + c₂x₂²
    eta = {k: pick(rng, USABLE[(c1, c2)][k]) for k in REGIMES}
    x0 = pick(rng, STARTS)
    label = dict(zip(REGIMES, [("A", "B", "C")[i] for i in rng.permutation(3)]))
    f, lam, (lam1, lam2) = ndim.stated((2 * c1, 2 * c2) if half else (c1, c2), half)
    P = ndim.descend(lam, np.array([eta[k] for k in REGIMES]), x0, steps=STEPS).params  # (T+1, 3, 2)

    # the plotting window: the start with a margin; the diverging path is cut one step after it leaves
    box = (1.3 * abs(x0[0]), 2.5 * abs(x0[1]))
    by_label = sorted(REGIMES, key=label.get)
    paths = []
    for k in by_label:
        xs, ys = P[:, REGIMES.index(k), 0], P[:, REGIMES.index(k), 1]
        if k == "diverge":
            out = np.flatnonzero((np.abs(xs) > box[0]) | (np.abs(ys) > box[1]))
            end = int(out[0]) + 1 if out.size else len(xs)
            redraw_if(end < 5, "the diverging path leaves the plot too soon to be read")
            xs, ys = xs[:end], ys[:end]
        paths.append({"label": f"path {label[k]}", "x": xs, "y": ys})
    rate_list = sorted(REGIMES, key=lambda k: rng.random())
    ask, target = pick(rng, ("mapping", "which_path")), pick(rng, REGIMES)

    d = dict(f=f, half=half, lam=lam, lam1=lam1, lam2=lam2, eta=eta, x0=x0, label=label, by_label=by_label, T=STEPS,
             rate_list=rate_list, ask=ask, target=target, describe=DESCRIBE, box=box, paths=paths, final=P[-1],
             seen=[_regime_of(P[:, i, 1]) for i in range(3)], lim=calc("2/l", l=lam2),
             r2={k: calc("1 - e*l", e=eta[k], l=lam2) for k in REGIMES},
             r1={k: calc("1 - e*l", e=eta[k], l=lam1) for k in REGIMES},
             params={"stated_as": "half" if half else "coefficients", "labels": {label[k]: eta[k] for k in REGIMES},
                     "asked": ask, "target_rate": eta[target] if ask == "which_path" else None})
    if ask == "mapping":
        right = (fill(ASSIGNMENT, dict(d, swap={})), MAPPING_RIGHT)
        wrong = [(fill(ASSIGNMENT, dict(d, swap={u: v, v: u})), why, tag) for (u, v), why, tag in SWAPS]
        d["choices"] = ndim.statements(d, right, wrong)
    else:  # the paths are listed A, B, C; which one is the key comes from the draw
        d["choices"] = ndim.statements(d, (f"Path {label[target]}", WHICH_RIGHT),
                                       [(f"Path {label[k]}", fill(WHICH_WRONG, dict(d, k=k)), CONFUSION[target, k])
                                        for k in REGIMES if k != target])
    return d


def figures(d):
    (l1, l2), lam = d["box"], d["lam"]
    gx, gy = np.linspace(-l1, l1, 41), np.linspace(-l2, l2, 41)
    z = 0.5 * (lam[0] * gx[None, :] ** 2 + lam[1] * gy[:, None] ** 2)
    return [contour_paths(gx, gy, z, d["paths"],
                          alt="Elliptical contours of the loss, elongated along x1, with three gradient-descent paths "
                              "labelled A, B and C that all start at the same point; the minimum is marked by a star.",
                          caption=f"The first {STEPS} steps from the same start with three learning rates.")]


META = Meta(id="gd.ndim.contour_paths", topic="conditioning", difficulty=2, kind="multiple_choice",
            objective="Read gradient-descent paths on the contour plot of an ill-conditioned quadratic and match "
                      "them to their learning rates using the per-direction factors 1 − ηλ_i.",
            closed_form=lambda d: {"seen": (0, 1, 2),  # smooth, zigzag, diverge; and x_T = (1 − ηλ)^T x₀
                                   "final": [(1 - d["eta"][k] * d["lam"]) ** STEPS * d["x0"] for k in REGIMES]},
            figures=figures, tags=("contour-plot", "zigzag", "ill-conditioning"))
