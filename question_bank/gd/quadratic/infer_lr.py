"""Infer the learning rate from an iterate sequence (DOMAIN §2.1, archetype A8).

On (a/2)w² every step multiplies w by the same factor r = 1 − ηa, so the ratio of two
consecutive iterates gives r, and η = (1 − r)/a. The stem prints the first iterates and a
prompt figure plots them; the curvature is stated as (a/2)w² or c·w² (a = 2c). Both regimes
occur: monotone (0 < r < 1) and alternating (−1 < r < 0), where reading r as |r| is the
classic slip. The answer is computed from the simulated iterates.
"""

from quizgen import core
from quizgen.family import Meta, calc, near_boundary, num, pick, redraw_if
from quizgen.kit import quadratic

RATES = (0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4)
# (coefficient, rate) per form: a = coef for (a/2)w² (odd, so the ½ stays visible), a = 2·coef for c·w²;
# r = 1 − ηa away from 0 (trivial) and from the edges
PAIRS = {form: [(coef, eta) for coef in coefs for eta in RATES
                if 0.1 <= eta * coef * k <= 1.8 and not near_boundary(eta * coef * k, (1.0, 2.0), rel=0.05)]
         for form, coefs, k in (("half", (1, 3, 5, 7), 1), ("plain", (0.5, 1, 2, 2.5, 4, 5), 2))}
SHOWN, PLOTTED = 5, 8  # iterates w_0 … w_4 in the stem, a few more in the figure

QUESTION = r"""Gradient descent $w_{k+1} = w_k - \eta f'(w_k)$ with an unknown constant learning rate $\eta$ minimises
$f(w) = <% if form == 'half' %><<coef|half_quadratic(var='w')>><% elif coef == 1 %>w^2<% else %><<coef>>\,w^2
<%- endif %>$. The run produces the iterates below (plotted in the figure; values to 4 significant figures):
$$w_0, w_1, w_2, \dots = <<shown|join(',\\ ')>>,\ \dots$$ What learning rate $\eta$ was used? Give it exactly or to 4
significant figures."""

SOLUTION = [
    r"""<% if form == 'plain' and coef == 1 %>For $f(w) = w^2$, $f'(w) = 2w$, so one step is
    $w_{k+1} = (1 - 2\eta)\,w_k$: every step multiplies $w$ by the same factor $r = 1 - 2\eta$.
    <%- else %>For $f(w) = <% if form == 'half' %><<coef|half_quadratic(var='w')>>$, $f'(w) = <<a|coef('w')>>
    <%- else %><<coef>>\,w^2$, $f'(w) = 2\cdot<<coef>>\,w = <<a.quote|coef('w')>><% endif %>$, so one step is
    $w_{k+1} = (1 - <<a|coef('\\eta')>>)\,w_k$: every step multiplies $w$ by the same factor
    $r = 1 - <<a|coef('\\eta')>>$.<% endif %>""",
    r"Read the factor off the sequence: $r = w_1/w_0 = <<r.work>>$ (the later ratios agree up to rounding).",
    r"""<% if r.value < 0 %>The sign alternates, so $r$ is negative; taking $|r|$ here would give the wrong
    rate.<% endif %>""",
    r"$<<a|coef('\\eta')>> = 1 - r = <<h.work>>$.",
    r"<% if eta_c %>$\eta = <<eta_c.work>>$.<% endif %>",  # a = 1: the line above already is η
]


def data(rng):
    form = pick(rng, ("half", "plain"))
    coef, eta = pick(rng, PAIRS[form])
    a = coef if form == "half" else 2 * coef
    w0 = pick(rng, (4, 5, 8, 10, -5, -8, 16, 20))
    run = quadratic.descend(eta, a, w0, PLOTTED)
    w = run.params[:, 0, 0]
    shown = [num(v, sig=4) for v in w[:SHOWN]]
    redraw_if(shown[1].value != round(float(w[1]), 10), "w1 must be printed exactly: r is read from it")
    A = a if form == "half" else 2 if coef == 1 else quadratic.quoted(calc("2*c", c=coef))
    r = calc("w1/w0", w1=shown[1], w0=shown[0])
    h = calc("1 - r", r=r)
    estimate = (1.0 - w[1] / w[0]) / a  # the answer, read from the simulated run
    slips = quadratic.slips(estimate, (
        (1 - abs(r.value)) / a, "sign-slip", r"That uses $|r|$: the iterates alternate in sign, so $r$ is negative and "
        r"$1 - r$ is larger than 1.") if r.value < 0 else None, (
        1 - r.value, "forgot-divide-by-a", r"That is $1 - r = \eta a$, not $\eta$: divide by the curvature $a$."), (
        (1 - r.value) / (a / 2), "coefficient-as-curvature", r"That divides by the number in front of $w^2$; the curvature "
        r"is $a = f''(w)$, twice that number."), (
        (1 - 1 / r.value) / a, "inverted-ratio", r"That reads the factor as "
        r"$w_0/w_1$; each step multiplies by $r = w_1/w_0$."))
    return dict(form=form, coef=coef, a=A, eta=eta, w=w, shown=shown, r=r, h=h, wrong_answers=slips,
                eta_c=calc("h/a", h=h, a=A) if float(A) != 1 else None, estimate=estimate)


def figures(d):
    return [quadratic.iterates_figure(
        d["w"], caption="The iterates of the run in the question.",
        alt="Gradient-descent iterates w_k plotted against the step number k, as markers joined by lines, with the "
            "minimum marked by a dotted horizontal line.")]


META = Meta(id="gd.quadratic.infer_lr", topic="gd-basics", difficulty=2, kind="numeric",
            objective="Recover the learning rate from a sequence of gradient-descent iterates on a 1-D quadratic, "
                      "using the constant ratio r = 1 − ηa between consecutive iterates.",
            answer="estimate", figures=figures, tags=("contraction-factor", "plot-reading", "inverse-problem"),
            closed_form=lambda d: {"estimate": d["eta"], "w": core.theory.iterate(
                range(PLOTTED + 1), d["eta"], d["coef"] * (1 if d["form"] == "half" else 2), d["w"][0])})
