"""How far does one gradient-descent update move the parameters? (DOMAIN §3 archetype A3, misconception M3).

The distance moved is η·‖∇L‖, not η: the learning rate scales the gradient, it is not a step
length. Three presentations, drawn at random:

* a 1-D slope is given (Google MLCC's "gradient 2.5, learning rate 0.01 → 0.025");
* a 2-D gradient vector is given (distance η·√(g₁² + g₂²));
* a parabola (a/2)w² and a start are given, and the question asks about step k + 1, which
  shows that steps shrink near the minimum even though η is constant.

For the first two the loss near the current point is simulated as a quadratic whose
gradient there is the stated one, and the distance is measured from the simulated update.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import (
    Draft, Redraw, answer, calc, exact, paren, pick, question, render, say,
)

RATES = (0.001, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3)
SLOPES = (0.5, 0.8, 1.2, 2.5, 4, 6, 8, 12, 15)
VECTORS = ((3, 4), (6, 8), (5, 12), (8, 15), (0.6, 0.8), (1.5, 2), (2, 1), (1, 1), (1, 3), (0.5, 1.2))
STARTS = (0.5, 1, 2, 3, 4)
CURVATURES = (1, 2, 4, 5)
PARABOLA_RATES = (0.05, 0.1, 0.2, 0.25, 0.3)
ORDINALS = {0: "first", 1: "second", 2: "third"}


def _times_w(a: str) -> str:
    return "w" if a == "1" else f"{a}w"


def _eta_a(a: str) -> str:
    """η times the curvature, without a "·1": ``\\eta\\cdot4`` or ``\\eta``."""
    return r"\eta" if a == "1" else rf"\eta\cdot{a}"


def _num_a(a: str) -> str:
    """The curvature as a printed factor (empty for 1, so no "0.2·1·3")."""
    return "" if a == "1" else rf"\cdot{a}"


def _parabola(a: int) -> str:
    """LaTeX for (a/2)w² with the fraction reduced: ``\\frac{1}{2}w^2``, ``w^2``, ``2w^2``, ``\\frac{5}{2}w^2``
    (the shared ``half_quadratic`` would print ``\\frac{4}{2}w^2``)."""
    if a % 2:
        return rf"\frac{{{a}}}{{2}}w^2"
    half = a // 2
    return "w^2" if half == 1 else f"{half}w^2"


def _power(base: str, k: int) -> str:
    return base if k == 1 else f"{base}^{{{k}}}"


def _one_dimensional(rng):
    g = pick(rng, SLOPES) * pick(rng, (-1, 1))
    w = pick(rng, (-2, -1, 0.5, 1, 1.5, 3))
    eta = pick(rng, RATES)
    # a loss whose slope at w is g: (1/2)(w − c)² with c = w − g
    traj = core.run(core.sgd(eta), core.Quadratic1D(1.0, w_star=w - g), x0=float(w), steps=1)
    moved = float(abs(traj.params[1, 0, 0] - traj.params[0, 0, 0]))
    if not np.isclose(moved, eta * abs(g), rtol=1e-12):
        raise AssertionError(f"distance {moved} != η|g| = {eta * abs(g)}")
    G, W, E = exact(g), exact(w), exact(eta)
    prompt = render(
        r"During training, a model has a single weight, currently $w = <<w>>$. The derivative of the loss there is "
        r"$\frac{dL}{dw} = <<g>>$, and gradient descent updates $w \leftarrow w - \eta\,\frac{dL}{dw}$ with learning "
        r"rate $\eta = <<eta>>$. How far does $w$ move in this update (the distance $|w_{\text{new}} - w|$)? "
        r"Give it exactly or to 4 significant figures.", w=W, g=G, eta=E)
    steps = [say(r"The update changes $w$ by $-\eta\,\frac{dL}{dw}$, so the distance moved is "
                 r"$\eta\,\left|\frac{dL}{dw}\right|$: the learning rate scales the gradient; it is not itself the "
                 r"distance.")]
    step, result = calc(r"Distance: $<<eta>>\cdot|<<g>>| = <<result>>$.", f"{E}*abs({G})", eta=E, g=G)
    steps.append(step)
    direction = "decreases" if g > 0 else "increases"
    steps.append(say(r"Since the slope is <<sign>>, $w$ <<dir>> (it moves against the slope), to <<new>>.",
                     sign="positive" if g > 0 else "negative", dir=direction,
                     new=f"${exact(round(w - eta * g, 10))}$"))
    params = {"objective": {"name": "quadratic_1d", "a": 1.0, "w_star": w - g, "note": "any loss with this slope"},
              "optimizer": {"name": "sgd", "lr": eta}, "x0": w, "steps": 1}
    return prompt, steps, moved, result, params


def _vector(rng):
    g = np.array(pick(rng, VECTORS), dtype=float) * np.array([pick(rng, (-1, 1)), pick(rng, (-1, 1))])
    if rng.random() < 0.5:
        g = g[::-1].copy()
    x0 = np.array([pick(rng, (-1, 0, 0.5, 1, 2)), pick(rng, (-2, -0.5, 0, 1, 1.5))], dtype=float)
    eta = pick(rng, RATES)
    # a loss whose gradient at x0 is g: ½‖x − c‖² with c = x0 − g
    traj = core.run(core.sgd(eta), core.Quadratic([1.0, 1.0], center=x0 - g), x0=x0, steps=1)
    moved = float(np.linalg.norm(traj.params[1, 0] - traj.params[0, 0]))
    if not np.isclose(moved, eta * np.linalg.norm(g), rtol=1e-12):
        raise AssertionError(f"distance {moved} != η‖g‖ = {eta * np.linalg.norm(g)}")
    G1, G2, E = exact(g[0]), exact(g[1]), exact(eta)
    prompt = render(
        r"A model has two parameters, currently $\theta = (<<x1>>, <<x2>>)$. The gradient of the loss there is "
        r"$\nabla L(\theta) = (<<g1>>, <<g2>>)$. Gradient descent updates $\theta \leftarrow \theta - "
        r"\eta\,\nabla L(\theta)$ with learning rate $\eta = <<eta>>$. How far does $\theta$ move in this update "
        r"(the Euclidean distance $\lVert\theta_{\text{new}} - \theta\rVert$)? Give it to 4 significant figures.",
        x1=exact(x0[0]), x2=exact(x0[1]), g1=G1, g2=G2, eta=E)
    steps = [say(r"The update is $-\eta\,\nabla L$, so the distance moved is $\eta\,\lVert\nabla L\rVert$, "
                 r"not $\eta$: the learning rate multiplies the gradient.")]
    step, norm = calc(r"Gradient length: $\lVert\nabla L\rVert = \sqrt{<<g1>>^2 + <<g2>>^2} = <<result>>$.",
                      f"sqrt(({G1})**2 + ({G2})**2)", g1=paren(G1), g2=paren(G2))
    steps.append(step)
    step, result = calc(r"Distance: $\eta\,\lVert\nabla L\rVert = <<eta>>\cdot\sqrt{<<g1>>^2 + <<g2>>^2} = "
                        r"<<result>>$ (4 significant figures).",
                        f"{E}*sqrt(({G1})**2 + ({G2})**2)", eta=E, g1=paren(G1), g2=paren(G2))
    steps.append(step)
    params = {"objective": {"name": "quadratic", "eigenvalues": [1.0, 1.0], "center": (x0 - g).tolist(),
                            "note": "any loss with this gradient"},
              "optimizer": {"name": "sgd", "lr": eta}, "x0": x0.tolist(), "steps": 1}
    return prompt, steps, moved, result, params


def _parabola_step_k(rng):
    a, eta, w0, k = pick(rng, CURVATURES), pick(rng, PARABOLA_RATES), pick(rng, STARTS), pick(rng, (0, 1, 2))
    w0 *= pick(rng, (-1, 1))
    h = eta * a
    if h >= 1 or h < 0.1:
        raise Redraw("keep 0.1 ≤ ηa < 1: monotone and visibly shrinking steps")
    traj = core.run(core.sgd(eta), core.Quadratic1D(a), x0=float(w0), steps=k + 1)
    w = traj.params[:, 0, 0]
    moved = float(abs(w[k + 1] - w[k]))
    closed = eta * a * abs(1 - h) ** k * abs(w0)
    if not np.isclose(moved, closed, rtol=1e-12):
        raise AssertionError(f"distance {moved} != ηa|r|^k|w0| = {closed}")
    A, E, W0 = exact(a), exact(eta), exact(w0)
    which = ORDINALS[k]
    prompt = render(
        r"Gradient descent minimises $f(w) = <<f>>$ with a constant learning rate $\eta = <<eta>>$, "
        r"starting from $w_0 = <<w0>>$; each update is $w_{t+1} = w_t - \eta f'(w_t)$. How far does $w$ move in "
        r"the <<which>> update (from $w_{<<k>>}$ to $w_{<<k1>>}$), i.e. what is $|w_{<<k1>>} - w_{<<k>>}|$? "
        r"Give it exactly or to 4 significant figures.", f=_parabola(a), eta=E, w0=W0, which=which, k=k, k1=k + 1)
    steps = [say(r"Here $f'(w) = <<aw>>$, so the update moves $w$ by $\eta\,|f'(w_t)| = <<ea>>\,|w_t|$: "
                 r"the distance depends on the gradient, not on $\eta$ alone.", ea=_eta_a(A), aw=_times_w(A))]
    if k == 0:
        step, result = calc(r"First update: $<<ea>>\cdot|w_0| = <<eta>><<na>>\cdot|<<w0>>| = "
                            r"<<result>>$.", f"{E}*{A}*abs({W0})", ea=_eta_a(A), na=_num_a(A), eta=E, w0=W0)
        steps.append(step)
    else:
        step, r = calc(r"Each update multiplies $w$ by $r = 1 - <<ea>> = 1 - <<eta>><<na>> = <<result>>$.",
                       f"1 - {E}*{A}", ea=_eta_a(A), na=_num_a(A), eta=E)
        steps.append(step)
        step, wk = calc(r"So $w_{<<k>>} = <<rk>> w_0 = <<rnum>>\cdot<<w0>> = <<result>>$.",
                        f"{r}**{k}*({W0})", k=k, rk=_power("r", k), rnum=_power(r, k), w0=paren(W0))
        steps.append(step)
        step, result = calc(r"Distance moved: $<<ea>>\cdot|w_{<<k>>}| = <<ea>>\cdot <<rk>>\,|w_0| = "
                            r"<<eta>><<na>>\cdot<<rnum>>\cdot<<absw0>> = <<result>>$ (4 significant figures).",
                            f"{E}*{A}*{r}**{k}*abs({W0})", ea=_eta_a(A), na=_num_a(A), eta=E, k=k,
                            rk=_power("r", k), rnum=_power(r, k), absw0=exact(abs(w0)))
        steps.append(step)
        first = exact(round(eta * a * abs(w0), 10))
        steps.append(say(r"Compare the first update, which moved $<<first>>$: with a constant learning rate the steps "
                         r"still shrink, because the gradient shrinks near the minimum.", first=first))
    params = {"objective": {"name": "quadratic_1d", "a": a, "w_star": 0.0},
              "optimizer": {"name": "sgd", "lr": eta}, "x0": w0, "steps": k + 1, "asked_step": k + 1}
    return prompt, steps, moved, result, params


VARIANTS = (_one_dimensional, _vector, _parabola_step_k)


@question("gd.step.distance_moved", topic="gd-basics", difficulty=1, kind="numeric",
          objective="Compute how far one gradient-descent update moves the parameters: "
                    "the learning rate times the gradient's length, not the learning rate itself.")
def distance_moved(rng: np.random.Generator) -> Draft:
    variant = pick(rng, VARIANTS)
    prompt, steps, moved, result, params = variant(rng)
    ans = answer(moved)
    if result != ans.display:
        raise AssertionError(f"worked steps give {result}, simulation gives {ans.display}")
    if ans.display == exact(params["optimizer"]["lr"]):
        raise Redraw("distance equals η: would hide the M3 misconception")
    params["variant"] = variant.__name__.lstrip("_")
    return Draft(prompt=prompt, solution=tuple(steps), answer=ans, params=params,
                 tags=("update-rule", "step-length", "M3"))
