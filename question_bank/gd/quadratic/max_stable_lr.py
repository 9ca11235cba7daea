"""The largest stable learning rate on a 1-D quadratic (DOMAIN §2.1, archetype A5).

GD on (a/2)(w − w*)² converges iff 0 < η < 2/a. The curvature a is presented in one of
five ways, so that reading it off is part of the exercise: (a/2)w² (η_max = 2/a); c·w²
(a = 2c, DOMAIN §2.1 "watch the factor of 2"); c(w − m)² (the shift does not matter); the
derivative k(w − m) (a = k); or two iterates w₁, w₂ of a probe run at a known η
(r = w₁/w₀, a = (1 − r)/η). Runs at 0.97× and 1.03× of 2/a must match theory.
"""

from quizgen import core
from quizgen.family import Meta, calc, num, pick, redraw_if
from quizgen.kit import quadratic

CHECK_STEPS = 200

QUESTION = r"""<% if form == 'iterates' %>A loss of the form $f(w) = \frac{a}{2}w^2$ has an unknown curvature $a > 0$.
    A probe run of gradient descent with learning rate $<<eta_p>>$ from $w_0 = <<w0>>$ gives $w_1 = <<w1>>$ and
    $w_2 = <<w2>>$. Now gradient descent will be run on the same loss with a constant learning rate $\eta$.
<%- elif form == 'derivative' %>A loss $f(w)$ has derivative $f'(w) = <<a|coef('(' ~ inner ~ ')')>>$. Gradient
    descent with a constant learning rate $\eta$ minimises $f$.
<%- else %>Gradient descent with a constant learning rate $\eta$ minimises $f(w) =
    <% if form == 'half' %><<a|half_quadratic(var='w')>><% elif form == 'shifted' %><<c|coef('(' ~ inner ~ ')^2')>>
    <%- elif c == 1 %>w^2<% else %><<c>>\,w^2<% endif %>$.<% endif %>
    What is the largest learning rate $\eta_{\max}$ such that gradient descent converges for every
    $0 < \eta < \eta_{\max}$ (from any start)? Give it exactly or to 4 significant figures."""

SOLUTION = [
    r"""<% if form == 'half' %>The curvature is $a = f''(w) = <<a>>$ (the loss is written as $\frac{a}{2}w^2$).
    <%- elif form == 'derivative' %>The slope changes by $<<a>>$ per unit of $w$: the curvature is $a = f''(w) = <<a>>$.
    <%- elif form == 'iterates' %>Each step multiplies $w$ by $r = w_1/w_0 = <<r.work>>$.
    <%- else %>Differentiate twice: $f''(w) = <% if c == 1 %>2$, so the curvature is $a = 2$<% else %>2\cdot<<c>>$, so
    the curvature is $a = <<A.quote>>$<% endif %> (the loss is not written with a $\frac{1}{2}$, so $a = 2c$).
    <%- if form == 'shifted' %> The shift of the minimum does not change the curvature.<% endif %><% endif %>""",
    r"<% if form == 'iterates' %>Since $r = 1 - <<eta_p>>\,a$: $a = (1 - r)/<<eta_p>> = <<A.work>>$.<% endif %>",
    r"""Each step multiplies $w - w^*$ by $r = 1 - \eta a$, and gradient descent converges iff $|1 - \eta a| < 1$, i.e.
    $0 < \eta < 2/a$.""",
    r"So every rate below $2/a$ converges: $\eta_{\max} = 2/a = <<lr.work>>$ (4 significant figures).",
    r"""Check by simulation: at $\eta = <<lo>>$ (0.97×) the run converges; at $\eta = <<hi>>$ (1.03×) $|w_k|$ grows
    each step and the run diverges. At exactly $\eta = \eta_{\max}$ it does not converge either: $r = -1$, so
    $w - w^*$ keeps its size and flips its sign forever. So $\eta_{\max}$ is the edge of the stable range, not a stable rate
    itself.""",
]


def data(rng):
    form = pick(rng, ("half", "plain", "shifted", "derivative", "iterates"))
    d = dict(form=form)
    if form == "half":
        a = pick(rng, (1, 3, 5, 7, 9, 15, 25))  # odd, so it reads \frac{5}{2}, never \frac{4}{2}
    elif form in ("plain", "shifted"):
        c = pick(rng, (0.25, 0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 8, 10))
        if form == "shifted":
            d["inner"] = quadratic.shifted(pick(rng, (-3, -2, -1, 1, 1.5, 2, 4)))
        a = 2 * c
        d.update(c=c, A=2 if c == 1 else quadratic.quoted(calc("2*c", c=c)))
    else:
        a = pick(rng, (0.5, 1, 2, 3, 4, 5, 6, 8, 10, 12, 20, 25))
        if form == "derivative":
            d["inner"] = quadratic.shifted(pick(rng, (-3, -2, -1, 1, 1.5, 2, 4)))
        else:  # the curvature is hidden in a short probe run at a known rate
            eta_p, w0 = pick(rng, (0.01, 0.02, 0.05, 0.1)), pick(rng, (2, 4, 5, 8, 10))
            redraw_if(eta_p * a >= 1 or eta_p * a < 0.05, "keep the probe run monotone and visibly moving")
            probe = core.run(core.sgd(eta_p), core.Quadratic1D(a), x0=float(w0), steps=2).params[:, 0, 0]
            w1, w2 = num(round(float(probe[1]), 10)), num(round(float(probe[2]), 10))
            r = calc("w1/w0", w1=w1, w0=w0)
            d.update(eta_p=eta_p, w0=w0, w1=w1, w2=w2, r=r, A=calc("(1 - r)/eta", r=r, eta=eta_p))
    eta_max = float(core.theory.max_stable_lr(a))
    # simulate just below and just above the threshold: converge vs diverge
    rates = [0.97 * eta_max, 1.03 * eta_max]
    check = quadratic.descend(rates, a, 1.0, CHECK_STEPS)
    d.setdefault("A", a)
    A = float(d["A"])  # the curvature as the solution prints it; the slips are computed from it
    coefficient = A / 2 if form in ("half", "plain", "shifted") else None  # the number in front of the square
    d["wrong_answers"] = quadratic.slips(eta_max, (
        1 / A, "optimal-for-stable", r"That is $1/a$, the fastest rate ($r = 0$), not the edge of stability: every "
        r"rate up to $2/a$ still converges."), (
        2 / coefficient, "coefficient-as-curvature", r"That takes the number in front of the square as the curvature. "
        r"The curvature is $f''(w)$, twice that number.") if coefficient else None, (
        2 / (1 - d["r"].value), "forgot-divide-by-eta", r"That takes $1 - r$ as the curvature; "
        r"$1 - r = \eta a$ for the probe rate, so divide by it.") if form == "iterates" else None, (
        A / 2, "inverted-ratio", r"That is $a/2$, upside down: a steeper loss needs a smaller rate, "
        r"$\eta_{\max} = 2/a$."))
    return dict(d, a=a, eta_max=eta_max, lr=calc("2/a", a=d["A"]), lo=num(rates[0], sig=4), hi=num(rates[1], sig=4),
                rates=rates, w_end=check.params[-1, :, 0])


META = Meta(id="gd.quadratic.max_stable_lr", topic="stability", difficulty=2, kind="numeric",
            objective="Find the largest learning rate for which gradient descent on a 1-D quadratic converges, "
                      "2/f'', reading the curvature from the way the loss is written.",
            answer="eta_max",
            # 0.97× ends at 0.94²⁰⁰ ≈ 4e-6 (converged), 1.03× at 1.06²⁰⁰ ≈ 1e5 (diverging)
            closed_form=lambda d: {"eta_max": 2 / d["a"],
                                   "w_end": core.theory.iterate(CHECK_STEPS, d["rates"], d["a"], 1.0)},
            tags=("stability-threshold", "curvature", "factor-of-2"))
