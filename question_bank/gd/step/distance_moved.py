"""How far does one gradient-descent update move the parameters? (DOMAIN §3 archetype A3, misconception M3).

The distance moved is η·‖∇L‖, not η: the learning rate scales the gradient, it is not a step
length. Three presentations, drawn at random: a 1-D slope (Google MLCC's "gradient 2.5,
learning rate 0.01 → 0.025"); a 2-D gradient vector (η·√(g₁² + g₂²)); a parabola (a/2)w²
and a start, asking about step k + 1 (steps shrink near the minimum although η is constant).
For the first two the loss near the point is simulated as a quadratic with the stated gradient.
"""

import numpy as np

from quizgen.family import Meta, calc, num, pick, redraw_if
from quizgen.kit import quadratic

RATES = (0.001, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3)
VECTORS = ((3, 4), (6, 8), (5, 12), (8, 15), (0.6, 0.8), (1.5, 2), (2, 1), (1, 1), (1, 3), (0.5, 1.2))

QUESTION = r"""<% if variant == 'one_dimensional' %>During training, a model has a single weight, currently
$w = <<w>>$. The derivative of the loss there is $\frac{dL}{dw} = <<g>>$, and gradient descent updates
$w \leftarrow w - \eta\,\frac{dL}{dw}$ with learning rate $\eta = <<eta>>$. How far does $w$ move in this update (the
distance $|w_{\text{new}} - w|$)? Give it exactly or to 4 significant figures.
<%- elif variant == 'vector' %>A model has two parameters, currently $\theta = (<<x[0]>>, <<x[1]>>)$. The gradient of
the loss there is $\nabla L(\theta) = (<<g[0]>>, <<g[1]>>)$. Gradient descent updates
$\theta \leftarrow \theta - \eta\,\nabla L(\theta)$ with learning rate $\eta = <<eta>>$. How far does $\theta$ move in
this update (the Euclidean distance $\lVert\theta_{\text{new}} - \theta\rVert$)? Give it to 4 significant figures.
<%- else %>Gradient descent minimises $f(w) = <<a|half_quadratic(var='w')>>$ with a constant learning rate
$\eta = <<eta>>$, starting from $w_0 = <<w0>>$; each update is $w_{t+1} = w_t - \eta f'(w_t)$. How far does $w$ move
in the <<('first', 'second', 'third')[k]>> update (from $w_{<<k>>}$ to $w_{<<k + 1>>}$), i.e. what is
$|w_{<<k + 1>>} - w_{<<k>>}|$? Give it exactly or to 4 significant figures.<% endif %>"""

# η·a as written: \eta\cdot4, or \eta when a = 1 (no "·1")
EA = r"\eta<% if a != 1 %>\cdot<<a>><% endif %>"
SOLUTION = [
    r"""<% if variant == 'one_dimensional' %>The update changes $w$ by $-\eta\,\frac{dL}{dw}$, so the distance moved is
    $\eta\,\left|\frac{dL}{dw}\right|$: the learning rate scales the gradient; it is not itself the distance.
    <%- elif variant == 'vector' %>The update is $-\eta\,\nabla L$, so the distance moved is
    $\eta\,\lVert\nabla L\rVert$, not $\eta$: the learning rate multiplies the gradient.
    <%- else %>Here $f'(w) = <<a|coef('w')>>$, so the update moves $w$ by $\eta\,|f'(w_t)| = """ + EA + r"""\,|w_t|$:
    the distance depends on the gradient, not on $\eta$ alone.<% endif %>""",
    r"""<% if variant == 'one_dimensional' %>Distance: $<<dist.work>>$.
    <%- elif variant == 'vector' %>Gradient length: $\lVert\nabla L\rVert = <<norm.work>>$.
    <%- elif k == 0 %>First update: $""" + EA + r"""\cdot|w_0| = <<dist.work>>$.
    <%- else %>Each update multiplies $w$ by $r = 1 - """ + EA + r""" = <<r.work>>$.<% endif %>""",
    r"""<% if variant == 'one_dimensional' %>Since the slope is <<'positive' if g > 0 else 'negative'>>, $w$
    <<'decreases' if g > 0 else 'increases'>> (it moves against the slope), to $<<new>>$.
    <%- elif variant == 'vector' %>Distance: $\eta\,\lVert\nabla L\rVert = <<dist.work>>$ (4 significant figures).
    <%- elif k > 0 %>So $w_{<<k>>} = r<% if k > 1 %>^{<<k>>}<% endif %> w_0 = <<wk.work>>$.<% endif %>""",
    r"""<% if variant == 'parabola_step_k' and k > 0 %>Distance moved: $""" + EA + r"""\cdot|w_{<<k>>}| = """ + EA
    + r"""\cdot r<% if k > 1 %>^{<<k>>}<% endif %>\,|w_0| = <<dist.work>>$ (4 significant figures).<% endif %>""",
    r"""<% if variant == 'parabola_step_k' and k > 0 %>Compare the first update, which moved $<<first>>$: with a
    constant learning rate the steps still shrink, because the gradient shrinks near the minimum.<% endif %>""",
]


def _one_dimensional(rng):
    g = pick(rng, (0.5, 0.8, 1.2, 2.5, 4, 6, 8, 12, 15)) * pick(rng, (-1, 1))
    w, eta = pick(rng, (-2, -1, 0.5, 1, 1.5, 3)), pick(rng, RATES)
    # a loss whose slope at w is g: (1/2)(w − c)² with c = w − g
    run = quadratic.one_update(eta, w, g)
    return dict(g=g, w=w, eta=eta, moved=abs(run.params[1, 0, 0] - run.params[0, 0, 0]), theory=eta * abs(g),
                dist=calc("eta*abs(g)", eta=eta, g=g), new=num(round(w - eta * g, 10)), slips=[
                    (w - eta * g, "position-not-distance", r"That is the new value of $w$, not how far it moved: the "
                     r"distance is $|w_{\text{new}} - w| = \eta\,|dL/dw|$."),
                    (-eta * g, "sign-slip", r"That is the signed change $-\eta\,dL/dw$; a distance is never negative, "
                     r"so take its absolute value.")])


def _vector(rng):
    g = np.array(pick(rng, VECTORS), dtype=float) * np.array([pick(rng, (-1, 1)), pick(rng, (-1, 1))])
    if rng.random() < 0.5:
        g = g[::-1].copy()
    x = np.array([pick(rng, (-1, 0, 0.5, 1, 2)), pick(rng, (-2, -0.5, 0, 1, 1.5))], dtype=float)
    eta = pick(rng, RATES)
    # a loss whose gradient at x is g: ½‖x − c‖² with c = x − g
    run = quadratic.one_update(eta, x, g)
    slips = [(eta * (abs(g[0]) + abs(g[1])), "added-components", r"That adds the two components; the Euclidean "
              r"length is $\sqrt{g_1^2 + g_2^2}$, shorter than their sum."),
             (eta * (g[0] ** 2 + g[1] ** 2), "norm-without-root", r"That is $\eta\,(g_1^2 + g_2^2)$: the length of the "
              r"gradient needs the square root, $\sqrt{g_1^2 + g_2^2}$.")]
    return dict(g=g, x=x, eta=eta, slips=slips, moved=np.linalg.norm(run.params[1, 0] - run.params[0, 0]),
                theory=eta * np.linalg.norm(g), norm=calc("sqrt(g1**2 + g2**2)", g1=g[0], g2=g[1]),
                dist=calc("eta*sqrt(g1**2 + g2**2)", eta=eta, g1=g[0], g2=g[1]))


def _parabola_step_k(rng):
    a, eta = pick(rng, (1, 2, 4, 5)), pick(rng, (0.05, 0.1, 0.2, 0.25, 0.3))
    w0, k = pick(rng, (0.5, 1, 2, 3, 4)), pick(rng, (0, 1, 2))
    w0 *= pick(rng, (-1, 1))
    redraw_if(eta * a >= 1 or eta * a < 0.1, "keep 0.1 ≤ ηa < 1: monotone and visibly shrinking steps")
    w = quadratic.descend(eta, a, w0, k + 1).params[:, 0, 0]
    ea, rk = ("eta" if a == 1 else "eta*a"), ("r" if k == 1 else "r**k")  # written without ·1 and ^1
    r = calc(f"1 - {ea}", eta=eta, a=a)
    after = eta * a * abs(1 - eta * a) ** (k + 1) * abs(w0)  # the update after the one asked about
    slips = [(eta * a * abs(w0), "steps-constant", r"That is the length of the first update: with a constant rate "
              r"the steps still shrink, because the gradient shrinks near the minimum.") if k else None,
             (after, "off-by-one-step", r"That is the update after the one asked for: the update from $w_k$ to "
              r"$w_{k+1}$ uses the gradient at $w_k$."),
             (abs(w[k + 1]), "position-not-distance", r"That is where $w$ ends up, $|w_{k+1}|$, not how far it moved, "
              r"$|w_{k+1} - w_k|$.")]
    d = dict(a=a, eta=eta, w0=w0, k=k, r=r, slips=slips, moved=abs(w[k + 1] - w[k]),
             theory=eta * a * abs(1 - eta * a) ** k * abs(w0))
    if k == 0:
        return dict(d, dist=calc(f"{ea}*abs(w0)", eta=eta, a=a, w0=w0))
    return dict(d, wk=calc(f"{rk}*w0", r=r, k=k, w0=w0), dist=calc(f"{ea}*{rk}*w", eta=eta, a=a, r=r, k=k, w=abs(w0)),
                first=num(round(eta * a * abs(w0), 10)))


def data(rng):
    variant = pick(rng, (_one_dimensional, _vector, _parabola_step_k))
    d = variant(rng)
    redraw_if(num(d["moved"], sig=4).value == d["eta"], "distance equals η: would hide the M3 misconception")
    slips = quadratic.slips(d["moved"], (d["eta"], "M3", r"That is the learning rate itself: the update moves "
                            r"by $\eta$ times the gradient's length, not by $\eta$."), *d.pop("slips"))
    return dict(d, variant=variant.__name__.lstrip("_"), params={"variant": variant.__name__.lstrip("_")},
                wrong_answers=slips)


META = Meta(id="gd.step.distance_moved", topic="gd-basics", difficulty=1, kind="numeric",
            objective="Compute how far one gradient-descent update moves the parameters: "
                      "the learning rate times the gradient's length, not the learning rate itself.",
            answer="moved", closed_form=lambda d: d["theory"], tags=("update-rule", "step-length", "lr-is-not-distance"))
