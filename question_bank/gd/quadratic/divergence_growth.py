"""How fast does a too-large learning rate blow up? (DOMAIN §2.1, archetype A9).

For η > 2/a on (a/2)w², each step multiplies w by r = 1 − ηa with |r| = ηa − 1 > 1, so
|w_k| = |r|ᵏ|w₀| grows geometrically (not linearly) and the loss grows by r² per step. The
question asks for the first step with |w_k| ≥ M·|w₀| (k = ⌈ln M / ln|r|⌉) or f(w_k) ≥ M·f(w₀)
(k = ⌈ln M / (2 ln|r|)⌉), read off a run whose divergence bound lies far above M; the worked
solution shows |w_k| on a log axis, where geometric growth is a straight line.
"""

from quizgen import core
from quizgen.family import INTEGER, Meta, curves, pick, redraw_if, series
from quizgen.kit import quadratic

QUESTION = r"""Gradient descent $w_{k+1} = w_k - \eta f'(w_k)$ with a constant learning rate $\eta = <<eta>>$ is run on
$f(w) = <<a|half_quadratic(var='w')>>$ (minimum at $w = 0$), starting from $w_0 = <<w0>>$.
<% if loss %>After how many steps $k$ does the loss first reach at least $10^{<<p>>}$ times its starting value,
$f(w_k) \ge 10^{<<p>>}\cdot f(w_0)$?<% else %>After how many steps $k$ is $|w_k|$ first at least $10^{<<p>>}$ times
its starting size, $|w_k| \ge 10^{<<p>>}\cdot|w_0|$?<% endif %> Give a whole number."""

SOLUTION = [
    quadratic.CURVATURE_STEP,
    r"""Per-step factor: $r = 1 - \eta a = <<r.work>>$. Since $|r| > 1$ (here $\eta > 2/a$), gradient descent
    diverges: every step flips the sign of $w$ and makes $|w|$ larger.""",
    r"""<% if loss %>$|w_k| = |r|^k|w_0|$, and the loss is proportional to $w^2$, so $f(w_k) = r^{2k} f(w_0)$: the
    loss grows by a factor $r^2$ every step (geometric, not linear, growth). We need $|r|^{2k} \ge 10^{<<p>>}$, i.e.
    $k \ge \dfrac{\ln 10^{<<p>>}}{2\ln <<absr>>}$.<% else %>$|w_k| = |r|^k|w_0|$: the size is multiplied by
    $|r| = <<absr>>$ every step (geometric, not linear, growth). We need $|r|^k \ge 10^{<<p>>}$, i.e.
    $k \ge \dfrac{\ln 10^{<<p>>}}{\ln <<absr>>}$.<% endif %>""",
    r"$<<q.work>>$ (4 significant figures).",
    r"The first whole step at or beyond this: $k = \lceil <<q>> \rceil = <<k.quote>>$.",
    r"""The figure shows the simulated run on a log scale: the growth is a straight line, and it first reaches the
    threshold at step <<k_sim>>.""",
]


def data(rng):
    a, eta = pick(rng, (1, 2, 4, 5, 8, 10)), pick(rng, (0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.75, 1, 1.5, 2, 2.5, 3))
    p, w0 = pick(rng, (2, 3, 4, 6)), pick(rng, (0.001, 0.01, 0.1, 0.5, 1, 2, -1, -0.01))  # M = 10^p
    loss = pick(rng, ("iterate", "iterate", "loss")) == "loss"
    redraw_if(not 2.06 < eta * a <= 5, "need a clearly divergent rate (3 % above ηa = 2) with a readable growth")
    d = quadratic.factor_count(a, eta, p, 2 if loss else 1, most=150)
    run = quadratic.descend(eta, a, w0, d["k_theory"] + 2, divergence_bound=1e6 * 10.0**p * max(abs(w0), 1.0))
    w = run.params[:, 0, 0]
    size, start = (run.losses[:, 0], run.losses[0, 0]) if loss else (abs(w), abs(w0))
    k_sim = int((size >= 10.0**p * start).argmax())
    slips = quadratic.count_slips(k_sim, d, p, 2 if loss else 1)
    return dict(d, p=p, w0=w0, loss=loss, w=w, size=size, threshold=10.0**p * start, k_sim=k_sim, wrong_answers=slips)


def figures(d):
    return [curves([series("simulated run", range(len(d["w"])), d["size"], marker=True)], xlabel="step $k$",
                   ylabel="loss $f(w_k)$" if d["loss"] else "$|w_k|$", yscale="log",
                   hlines=[(d["threshold"], f"{'loss' if d['loss'] else 'size'} threshold")],
                   vlines=[(d["k_sim"], "first crossing")],
                   alt="The simulated run on a logarithmic vertical axis: the values rise along a straight line "
                       "and cross a dotted horizontal threshold line.",
                   caption="Geometric growth is a straight line on a log axis.", in_solution=True)]


META = Meta(id="gd.quadratic.divergence_growth", topic="stability", difficulty=2, kind="numeric",
            objective="Quantify divergence above the stability limit: |w| (and the loss) grow geometrically by "
                      "|1 − ηa| (and its square) per step.",
            answer="k_sim", rounding=INTEGER, figures=figures, tags=("divergence", "geometric-growth", "logarithms"),
            closed_form=lambda d: {"k_sim": d["k_theory"],
                                   "w": core.theory.iterate(range(len(d["w"])), d["eta"], d["a"], d["w0"])})
