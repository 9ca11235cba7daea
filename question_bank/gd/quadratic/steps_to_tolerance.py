"""Iterations needed to reach a tolerance on a 1-D quadratic (DOMAIN §2.1, archetype A7).

On (a/2)w² the error after k steps is |r|ᵏ|w₀| with r = 1 − ηa, so the smallest k with
|w_k| ≤ ε|w₀| is k = ⌈ln ε / ln|r|⌉ (dividing by ln|r| < 0 flips the inequality); a loss
variant asks for f(w_k) ≤ δ·f(w₀), i.e. |r|^{2k} ≤ δ. Both regimes occur: 0 < ηa < 1
(monotone) and 1 < ηa < 2 (alternating sign, hence the absolute value). The answer comes
from a simulation run past the criterion, compared with ``core.theory.steps_to_tolerance``.
"""

from quizgen import core
from quizgen.family import INTEGER, Meta, near_boundary, pick, redraw_if
from quizgen.kit import quadratic

QUESTION = r"""Gradient descent $w_{k+1} = w_k - \eta f'(w_k)$ with $\eta = <<eta>>$ minimises
$f(w) = <<a|half_quadratic(var='w')>>$ (minimum at $w = 0$), starting from $w_0 = <<w0>>$.
<% if loss %>What is the smallest number of steps $k$ after which the loss has fallen to at most $10^{-<<p>>}$ of its
starting value, $f(w_k) \le 10^{-<<p>>}\cdot f(w_0)$?<% else %>What is the smallest number of steps $k$ after which
the distance to the minimum is at most $\varepsilon = 10^{-<<p>>}$ of the starting distance,
$|w_k| \le 10^{-<<p>>}\cdot|w_0|$?<% endif %> Give a whole number."""

SOLUTION = [
    quadratic.CURVATURE_STEP,
    r"Per-step factor: $r = 1 - \eta a = <<r.work>>$, so $w_k = r^k w_0$ and $|w_k| = |r|^k\,|w_0|$.",
    r"""<% if r.value < 0 %>$r < 0$: the iterate alternates in sign, but only $|r| = <<absr>>$ matters for the size of
    the error.<% endif %>""",
    r"""<% if loss %>The loss is proportional to $w^2$, so $f(w_k) = r^{2k} f(w_0) = |r|^{2k} f(w_0)$: the loss
    shrinks by $r^2$ per step. We need $|r|^{2k} \le 10^{-<<p>>}$, i.e. $2k\,\ln|r| \le \ln(10^{-<<p>>})$.
    <%- else %>We need $|r|^k \le 10^{-<<p>>}$, i.e. $k\,\ln|r| \le \ln(10^{-<<p>>})$. Dividing by $\ln|r| < 0$
    flips the inequality: $k \ge \dfrac{\ln(10^{-<<p>>})}{\ln <<absr>>}$.<% endif %>""",
    r"""<% if loss %>Dividing by $2\ln|r| < 0$ flips the inequality:
    $k \ge \dfrac{\ln(10^{-<<p>>})}{2\ln <<absr>>}$.<% endif %>""",
    r"$<<q.work>>$ (4 significant figures).",
    r"$k$ must be a whole number at least this large: $k = \lceil <<q>> \rceil = <<k.quote>>$.",
    r"Check by simulation: the run first satisfies the criterion at step <<k_sim>> (and not at step <<k_sim - 1>>).",
]


def data(rng):
    a, eta = pick(rng, (1, 2, 4, 5, 8, 10)), pick(rng, (0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5))
    p, w0 = pick(rng, (2, 3, 6)), pick(rng, (1, 2, 5, 10, -3, -4))  # ε = 10^(−p)
    loss = pick(rng, ("error", "error", "loss")) == "loss"
    redraw_if(eta * a >= 2 or near_boundary(eta * a, (1.0, 2.0)), "stay converging, away from ηa = 1 and 2")
    d = quadratic.factor_count(a, eta, -p, 2 if loss else 1, most=300)  # loss ratio = |r|^(2k)
    run = quadratic.descend(eta, a, w0, d["k_theory"] + 3)
    w = run.params[:, 0, 0]
    met = run.losses[:, 0] <= 10.0**-p * run.losses[0, 0] if loss else abs(w) <= 10.0**-p * abs(w0)
    k_sim = int(met.argmax())
    slips = quadratic.count_slips(k_sim, d, -p, 2 if loss else 1)
    return dict(d, p=p, w0=w0, loss=loss, w=w, k_sim=k_sim, wrong_answers=slips)


META = Meta(id="gd.quadratic.steps_to_tolerance", topic="stability", difficulty=3, kind="numeric",
            objective="Compute how many gradient-descent steps a 1-D quadratic needs to shrink the error (or the "
                      "loss) by a given factor, from the contraction factor |1 − ηa|.",
            answer="k_sim", rounding=INTEGER, tags=("iterations", "contraction-factor", "logarithms"),
            closed_form=lambda d: {  # the loss ratio after k steps is |r|^(2k)
                "k_sim": core.theory.steps_to_tolerance(abs(round(1 - d["eta"] * d["a"], 10)) ** (1 + d["loss"]),
                                                        10.0 ** -d["p"]),
                "w": core.theory.iterate(range(len(d["w"])), d["eta"], d["a"], d["w0"])})
