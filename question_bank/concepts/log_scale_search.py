"""Why learning rates are searched on a log scale (DOMAIN archetype K6; CS231n `10 ** uniform(-6, 1)`).

The worked solution computes how a uniform and a log-uniform draw share their trials among the
decades of the drawn range, and quotes one gradient-descent run on least squares per decade: the
rate acts multiplicatively, and the useful rates span about a decade.
"""

from quizgen import core
from quizgen.family import Meta, calc, num, pick, redraw_if, simulate
from quizgen.kit.concepts import statements

STEPS = 50

# every option has a shorter and a longer phrasing, one drawn per version: length says nothing about the key
CORRECT = (
    ("The rate acts by factors; a uniform draw puts most trials in the top decade.",
     "The learning rate acts multiplicatively, so each decade deserves an equal share of trials; a uniform draw "
     "puts almost all of them in the top one."),
    ("What matters is the ratio between rates, so draw the exponent uniformly.",
     "What matters is the ratio between two learning rates, not their difference, so the search should be "
     "uniform in the exponent, every decade alike."),
)
RIGHT = (r"Right. Uniformly, a fraction $<<top>>$ of the trials land in the top decade and $<<bottom>>$ below "
         r"$10^{<<hi - 2>>}$; log-uniformly each of the <<width>> decades gets $<<share>>$.")
WRONG = [
    (("Gradient descent only converges when the rate is an exact power of ten.",
      "Gradient descent only converges when the learning rate is an exact power of ten, and a log-scale draw "
      "lands near those values far more often."),
     r"Any rate below the stability limit converges; in the worked run the limit is $<<limit>>$, not a "
     r"power of ten. Powers of ten are just a convenient log-spaced grid.", "powers-of-ten"),
    (("Sampling on a log scale makes each training run converge faster.",
      "Sampling the rate on a log scale makes every training run converge faster, because log-spaced rates "
      "match the curvature of the loss better."),
     "The sampling scheme only decides which rates are tried; a given rate trains exactly the same way "
     "however it was chosen. Log sampling spreads the trials evenly over the decades.", "faster-runs"),
    (("A uniform draw on this range could produce negative learning rates.",
      "A uniform draw could produce negative learning rates, which make gradient descent climb the loss, "
      "while a drawn exponent always gives a positive rate."),
     r"A uniform draw on $[<<ra>>, <<rb>>]$ is always positive. The problem is where the trials land: "
     r"a fraction $<<top>>$ of them in the top decade.", "negative-rates"),
    (("The training loss is proportional to the logarithm of the learning rate.",
      "After a fixed budget the training loss is proportional to the logarithm of the learning rate, so equal "
      "steps in the exponent give equal drops in the loss."),
     "There is no such law: the loss after a fixed number of steps falls as the rate grows and then blows "
     "up past the stability limit. The reason for a log scale is that the rate acts multiplicatively.",
     "log-loss-law"),
]

QUESTION = r"""<% if stem == 0 %>CS231n recommends drawing random-search learning rates as
`10 ** uniform(<<lo>>, <<hi>>)` rather than `uniform(<<ra.text>>, <<rb.text>>)`. Why?<% elif stem == 1 %>You
search for a learning rate between $<<ra>>$ and $<<rb>>$. Why should you draw the exponent uniformly (log scale)
instead of drawing the rate itself uniformly?<% elif stem == 2 %>Why are learning-rate grids usually spaced by
factors (for example every power of ten between $<<ra>>$ and $<<rb>>$) rather than evenly?<% else %>A random
search draws the learning rate uniformly from $[<<ra>>, <<rb>>]$. What is the main problem with this?<% endif %>"""

SOLUTION = [
    r"The range $[10^{<<lo>>}, 10^{<<hi>>}]$ spans $<<hi>> - (<<lo>>) = <<width>>$ decades.",
    r"""A **uniform** draw lands in the top decade $[10^{<<hi - 1>>}, 10^{<<hi>>}]$ with probability
    $<<top.work>>$.""",
    r"""It lands below $10^{<<hi - 2>>}$ with probability $<<bottom.work>>$: the lower <<width - 2>> decades get
    almost nothing.""",
    r"""A **log-uniform** draw (`10 ** uniform(<<lo>>, <<hi>>)`) gives every decade the same share
    $<<share.work>>$.""",
    r"""Why decades are the right unit: gradient descent for <<steps>> steps on a least-squares problem (MSE,
    2 features + intercept, $2/\lambda_{\max} = <<limit>>$), loss after / before:
    <% for r in runs %>$\eta = <<r.rate>>$: <% if r.diverged %>diverged<% elif r.grew %>grew $<<r.ratio>>$-fold<%
    else %>$<<r.ratio>>$<% endif %><<', ' if not loop.last else ''>><% endfor %>. Below the limit the loss falls
    roughly like $e^{-\eta\lambda T}$: at small rates each factor of 10 in $\eta$ multiplies the progress made by
    about 10, wherever in the range it happens, and the good rates fill about one decade just below the limit.""",
    r"So sample the exponent uniformly (then refine: coarse-to-fine search).",
]


def data(rng):
    lo, hi = pick(rng, ((-6, 1), (-6, 0), (-5, 0), (-5, 1), (-4, 0), (-4, 1)))
    data_seed = int(rng.integers(1000))
    reg = core.make_regression(50, 2, seed=data_seed, noise=0.3)
    limit = core.theory.regression_max_lr(reg.X)
    rates = [10.0 ** e for e in range(lo, hi + 1)]
    redraw_if(any(10 ** -0.05 < limit / r < 10 ** 0.05 for r in rates),
              "keep every grid rate clearly away from the stability limit")
    traj = simulate(core.sgd(rates), core.LinearRegression(reg.X, reg.y), [0.0, 0.0, 0.0], STEPS)
    ratio = traj.losses[-1] / traj.losses[0]
    runs = [dict(rate=num(r, sig=4), diverged=bool(div), grew=q > 1, ratio=None if div else num(q, sig=4))
            for r, div, q in zip(rates, traj.diverged, ratio)]
    h1, h2, width = hi - 1, hi - 2, hi - lo
    d = dict(lo=lo, hi=hi, width=width, ra=num(rates[0], sig=4), rb=num(rates[-1], sig=4), steps=STEPS,
             limit=num(limit, sig=4), runs=runs, rates=rates, unstable=traj.diverged | (ratio > 1),
             top=calc("(10**hi - 10**h1)/(10**hi - 10**lo)", hi=hi, h1=h1, lo=lo),
             bottom=calc("(10**h2 - 10**lo)/(10**hi - 10**lo)", h2=h2, lo=lo, hi=hi),
             share=calc("1/width", width=width), params={"range_exponents": [lo, hi], "data_seed": data_seed})
    d["stem"] = pick(rng, range(4))
    d["choices"] = statements(d, (pick(rng, CORRECT), RIGHT), rng=rng, sampled=WRONG, k=3)
    return d


META = Meta(id="concepts.log_scale_search", topic="concepts", difficulty=1, kind="multiple_choice",
            objective="Explain why learning rates are searched on a logarithmic scale.",
            # a rate above 2/λ_max blows up (or ends above its start), one below it converges
            closed_form=lambda d: {"unstable": [r > d["limit"].exact for r in d["rates"]]},
            tags=("hyperparameter-search", "log-scale"))
