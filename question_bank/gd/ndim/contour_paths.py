"""Match gradient-descent paths on a contour plot to their learning rates (DOMAIN §2.2, archetype B3).

An ill-conditioned quadratic (d2l's f = 0.1x₁² + 2x₂² and relatives, written either as
c₁x₁² + c₂x₂² or with the ½ convention) is minimised from the same start with three rates:

* a small one (0 < ηλ_max < 1): both coordinates shrink without changing sign, a smooth curved path;
* a medium one (1 < ηλ_max < 2): the steep coordinate x₂ flips sign each step but shrinks, a zigzag
  that converges;
* a large one (ηλ_max > 2): x₂ flips sign and grows, a zigzag that blows up.

The three simulated paths (one batched run) are drawn on the contours and labelled A, B, C in
random order. The student either picks the right assignment of rates to paths (the distractors swap two
rates, one misconception each) or names the rate of the blow-up path.
The per-axis factors 1 − ηλ_i in the worked answer are compared with the simulated iterates.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import (
    Draft, Redraw, calc, contour_paths, exact, pick, question, render, say, text_choices,
)


def _term(coef: str, var: str) -> str:
    """``coef·var²`` in LaTeX, without a printed coefficient 1 (``x_2^2``, not ``1\\,x_2^2``)."""
    return f"{var}^2" if coef == "1" else f"{coef}\\,{var}^2"


# (flat coefficient, steep coefficient) for f = c1 x1² + c2 x2², i.e. λ = 2c
PAIRS = ((0.1, 2), (0.05, 1), (0.1, 1), (0.2, 2), (0.25, 2.5), (0.1, 1.5), (0.2, 4), (0.25, 5), (0.5, 5))
# two-decimal rates: steps of 0.01 up to 0.3, then steps of 0.05 up to 1.2
RATES = tuple(round(0.01 * i, 2) for i in range(1, 31)) + tuple(round(0.05 * i, 2) for i in range(7, 25))
# windows for η·λ_max: smooth, zigzag-converging, zigzag-diverging (all ≥ 3 % away from 1 and 2)
WINDOWS = {"smooth": (0.3, 0.8), "zigzag": (1.2, 1.8), "diverge": (2.06, 2.3)}
STARTS = ((-5, -2), (-5, 2), (-4, 1.5), (5, -2), (4, 2), (-5, 1))
STEPS = 12
NAMES = ("A", "B", "C")

DESCRIBE = {
    "smooth": "a smooth curved path that approaches the minimum without crossing the $x_1$-axis",
    "zigzag": "a zigzag that crosses the $x_1$-axis at every step while closing in on the minimum",
    "diverge": "a zigzag that crosses the $x_1$-axis at every step with ever larger swings",
}


def _rates_for(c1: float, c2: float) -> dict[str, list[float]]:
    """The readable rates in each window for f = c1 x1² + c2 x2² (λ = 2c)."""
    lam1, lam2 = 2 * c1, 2 * c2
    out = {k: [r for r in RATES if w[0] <= r * lam2 <= w[1]] for k, w in WINDOWS.items()}
    out["smooth"] = [r for r in out["smooth"] if r * lam1 >= 0.04]  # the flat direction must visibly move
    return out


# every curvature pair that offers a readable rate in all three windows, with those rates
USABLE = {pair: rates for pair in PAIRS if all((rates := _rates_for(*pair)).values())}
assert len(USABLE) >= 5, "too few usable curvature pairs"


def _regime_of(x2: np.ndarray) -> str:
    """The regime as the simulated steep coordinate shows it."""
    flips = np.all(np.sign(x2[1:]) == -np.sign(x2[:-1]))
    same = np.all(np.sign(x2[1:]) == np.sign(x2[:-1]))
    grows = np.all(np.abs(x2[1:]) > np.abs(x2[:-1]))
    shrinks = np.all(np.abs(x2[1:]) < np.abs(x2[:-1]))
    if same and shrinks:
        return "smooth"
    if flips and shrinks:
        return "zigzag"
    if flips and grows:
        return "diverge"
    raise AssertionError(f"x2 = {x2} fits no regime")


@question("gd.ndim.contour_paths", topic="conditioning", difficulty=2, kind="multiple_choice", plot=True,
          objective="Read gradient-descent paths on the contour plot of an ill-conditioned quadratic and match "
                    "them to their learning rates using the per-direction factors 1 − ηλ_i.")
def contour_paths_question(rng: np.random.Generator) -> Draft:
    c1, c2 = pick(rng, tuple(USABLE))
    half = bool(rng.integers(2))               # write the loss as ½(λ₁x₁² + λ₂x₂²) or as c₁x₁² + c₂x₂²
    lam = np.array([2 * c1, 2 * c2], float)
    rates = {k: pick(rng, USABLE[(c1, c2)][k]) for k in WINDOWS}
    x0 = np.array(pick(rng, STARTS), float)
    order = ("smooth", "zigzag", "diverge")
    label_of = dict(zip(order, (NAMES[i] for i in rng.permutation(3))))

    etas = np.array([rates[k] for k in order])
    traj = core.run(core.sgd(etas), core.Quadratic(lam), x0=x0, steps=STEPS)
    P = traj.params  # (T+1, 3, 2)
    for i, k in enumerate(order):
        seen = _regime_of(P[:, i, 1])
        if seen != k:
            raise AssertionError(f"η = {etas[i]}: expected {k}, simulated {seen}")
        closed = core.theory.quadratic_iterate(STEPS, etas[i], lam, x0)
        if not np.allclose(P[-1, i], closed, rtol=1e-10, atol=1e-12):
            raise AssertionError("simulated iterate disagrees with (1 − ηλ)^k x₀")

    # the plotting window: the start with a margin; the diverging path is cut one step after it leaves
    L1, L2 = 1.3 * abs(x0[0]), 2.5 * abs(x0[1])
    gx, gy = np.linspace(-L1, L1, 41), np.linspace(-L2, L2, 41)
    Z = 0.5 * (lam[0] * gx[None, :] ** 2 + lam[1] * gy[:, None] ** 2)
    paths = []
    for i, k in sorted(enumerate(order), key=lambda t: label_of[t[1]]):
        xs, ys = P[:, i, 0], P[:, i, 1]
        if k == "diverge":
            out = np.flatnonzero((np.abs(xs) > L1) | (np.abs(ys) > L2))
            end = int(out[0]) + 1 if out.size else len(xs)
            if end < 5:
                raise Redraw("the diverging path leaves the plot too soon to be read")
            xs, ys = xs[:end], ys[:end]
        paths.append({"label": f"path {label_of[k]}", "x": xs, "y": ys})
    fig = contour_paths(gx, gy, Z, paths,
                        alt="Elliptical contours of the loss, elongated along x1, with three gradient-descent paths "
                            "labelled A, B and C that all start at the same point; the minimum is marked by a star.",
                        caption=f"The first {STEPS} steps from the same start with three learning rates.")

    C1, C2 = exact(c1), exact(c2)
    L1s, L2s = exact(lam[0]), exact(lam[1])
    if half:
        f_tex = render(r"\frac{1}{2}\left(<<a>> + <<b>>\right)", a=_term(L1s, "x_1"), b=_term(L2s, "x_2"))
    else:
        f_tex = render(r"<<a>> + <<b>>", a=_term(C1, "x_1"), b=_term(C2, "x_2"))
    E = {k: exact(rates[k]) for k in order}
    rate_list = sorted(order, key=lambda k: rng.random())
    stem = render(
        r"Gradient descent minimises $f(x_1, x_2) = <<f>>$ from the start $(<<a>>, <<b>>)$ (the dot) with three "
        r"different constant learning rates, $\eta \in \{<<rates>>\}$, in some order. The figure shows the first "
        r"<<T>> steps of each run on the contours of $f$; the minimum is the star. ",
        f=f_tex, a=exact(x0[0]), b=exact(x0[1]), rates=",\\ ".join(E[k] for k in rate_list), T=STEPS)

    steps = []
    if half:
        steps.append(say(r"The curvatures are $\lambda_1 = <<a>>$ (flat direction $x_1$) and $\lambda_2 = <<b>>$ "
                         r"(steep direction $x_2$).", a=L1s, b=L2s))
    else:
        s1, A = calc(r"The loss has no $\frac{1}{2}$, so $\lambda_1 = 2\cdot<<c>> = <<result>>$ (flat direction "
                     r"$x_1$)", f"2*{C1}", c=C1)
        s2, B = calc(r"and $\lambda_2 = 2\cdot<<c>> = <<result>>$ (steep direction $x_2$).", f"2*{C2}", c=C2)
        steps += [s1, s2]
    steps.append(say(r"Each step multiplies $x_1$ by $1 - \eta\lambda_1$ and $x_2$ by $1 - \eta\lambda_2$. A negative "
                     r"factor flips the sign of that coordinate (a zigzag across the $x_1$-axis); a factor with "
                     r"$|\cdot| > 1$ makes it grow."))
    factor = {}
    for k in order:
        st, r2 = calc(r"$\eta = <<e>>$: $1 - <<e>>\cdot<<l>> = <<result>>$ for $x_2$, ", f"1 - {E[k]}*{L2s}",
                      e=E[k], l=L2s)
        st1, r1 = calc(r"and $1 - <<e>>\cdot<<l>> = <<result>>$ for $x_1$: " + DESCRIBE[k] + ", path <<p>>.",
                       f"1 - {E[k]}*{L1s}", e=E[k], l=L1s, p=label_of[k])
        steps += [st, st1]
        factor[k] = r2
    st, LIM = calc(r"The rate that blows up is above $2/\lambda_2 = 2/<<l>> = <<result>>$ even though its factor along "
                   r"the flat direction $x_1$ is fine: stability is set by the steepest direction.", f"2/{L2s}", l=L2s)
    steps.append(st)

    ask = pick(rng, ("mapping", "blowup"))
    if ask == "mapping":
        target = None
        prompt = stem + "Which assignment of learning rates to paths is correct?"

        def assignment(rate_of: dict) -> str:
            return "; ".join(render(r"path <<p>>: $\eta = <<e>>$", p=label_of[k], e=E[rate_of[k]])
                             for k in sorted(order, key=lambda k: label_of[k]))

        right = assignment({k: k for k in order})
        feedback_right = render(r"Right: the factors on $x_2$ are $<<a>>$ (smooth), $<<b>>$ (zigzag that shrinks) "
                                r"and $<<c>>$ (zigzag that grows).", a=factor["smooth"], b=factor["zigzag"],
                                c=factor["diverge"])
        swaps = [
            (("smooth", "zigzag"),
             r"This swaps the two converging runs. A zigzag is the sign of a rate that is too *large* for the steep "
             r"direction ($\eta\lambda_2 > 1$, factor $<<b>>$); the small rate's factor $<<a>>$ is positive, so its "
             r"path never crosses the axis.", "zigzag-means-small-lr"),
            (("zigzag", "diverge"),
             r"This swaps the two zigzags. Both overshoot, but only the factor $<<c>>$ has $|\cdot| > 1$ (growing "
             r"swings); with $<<b>>$ the swings shrink. Overshooting is not diverging.", "M5"),
            (("smooth", "diverge"),
             r"This gives the blow-up to the smallest rate. A larger rate is not a faster version of the same "
             r"smooth path: the largest rate has the factor $<<c>>$ on $x_2$ and diverges, while the small one has "
             r"$<<a>>$.", "M1"),
        ]
        wrong = []
        for (u, v), why, tag in swaps:
            rate_of = {k: k for k in order}
            rate_of[u], rate_of[v] = v, u
            wrong.append((assignment(rate_of), render(why, a=factor["smooth"], b=factor["zigzag"],
                                                      c=factor["diverge"]), tag))
        choices = text_choices((right, feedback_right), wrong)
    else:
        target = "diverge"
        prompt = stem + "Which learning rate produced the zigzag that blows up?"
        feedback_right = render(r"Right: $\eta = <<e>>$ gives the factor $<<r>>$ on $x_2$; $|<<r>>| > 1$, so each "
                                r"swing is larger than the last ($\eta > 2/\lambda_2$).", e=E["diverge"],
                                r=factor["diverge"])
        wrong = [
            (render(r"$\eta = <<e>>$", e=E["zigzag"]),
             render(r"This rate also zigzags, but its factor on $x_2$ is $<<r>>$ with $|<<r>>| < 1$: the swings "
                    r"shrink and it converges. Overshooting is not diverging.", r=factor["zigzag"]), "M5"),
            (render(r"$\eta = <<e>>$", e=E["smooth"]),
             render(r"The smallest rate has the positive factor $<<r>>$ on $x_2$: a smooth path that never crosses "
                    r"the axis. Zigzags come from large rates, not small ones.", r=factor["smooth"]),
             "zigzag-means-small-lr"),
            ("None of them: the swinging path also reaches the minimum eventually, because its $x_1$ coordinate "
             "keeps improving",
             render(r"Progress along the flat direction cannot save the run: along $x_2$ the error is multiplied by "
                    r"$<<r>>$ per step, so it grows without bound. One unstable direction is enough to diverge.",
                    r=factor["diverge"]), "M7"),
        ]
        choices = text_choices((render(r"$\eta = <<e>>$", e=E["diverge"]), feedback_right), wrong)

    return Draft(
        prompt=prompt, solution=tuple(steps), choices=choices, figures=(fig,),
        params={"objective": {"name": "quadratic", "eigenvalues": [float(v) for v in lam],
                              "stated_as": "half" if half else "coefficients"},
                "optimizer": {"name": "sgd", "lr": [float(e) for e in etas]}, "x0": [float(v) for v in x0],
                "steps": STEPS, "labels": {label_of[k]: rates[k] for k in order}, "asked": ask,
                "target_rate": None if target is None else rates[target]},
        tags=("contour-plot", "zigzag", "ill-conditioning"),
    )
