"""Why learning rates are searched on a log scale (DOMAIN archetype K6; CS231n `10 ** uniform(-6, 1)`).

The range of the search is drawn; the worked solution computes how a uniform draw and a log-uniform
draw share their trials among the decades, and quotes one vectorized gradient-descent run on a
least-squares problem at one rate per decade of the range, which shows that the rate acts
multiplicatively (each decade changes the result) and that the useful rates span about a decade.
"""

import numpy as np

from quizgen import core
from quizgen.authoring import Draft, Redraw, calc, pick, pretty, question, render, sample, say, tex, text_choices

RANGES = ((-6, 1), (-6, 0), (-5, 0), (-5, 1), (-4, 0), (-4, 1))
STEPS = 50
N_SAMPLES = 50

STEMS = (
    r"CS231n recommends drawing random-search learning rates as `10 ** uniform(<<lo>>, <<hi>>)` rather than "
    r"`uniform(<<a>>, <<b>>)`. Why?",
    r"You search for a learning rate between $<<ta>>$ and $<<tb>>$. Why should you draw the exponent "
    r"uniformly (log scale) instead of drawing the rate itself uniformly?",
    r"Why are learning-rate grids usually spaced by factors (for example every power of ten between $<<ta>>$ and "
    r"$<<tb>>$) rather than evenly?",
    r"A random search draws the learning rate uniformly from $[<<ta>>, <<tb>>]$. What is the main problem "
    r"with this?",
)
CORRECT = (
    "The learning rate acts multiplicatively: a factor of 10 matters about as much near the bottom of the range "
    "as near the top, so each decade should get the same share of trials. A uniform draw puts almost all "
    "trials in the top decade.",
    "What matters is the ratio between learning rates, not their difference, so the search should be uniform in "
    "the exponent; a uniform draw wastes almost every trial on the largest decade.",
)


@question("concepts.log_scale_search", topic="concepts", difficulty=1, kind="multiple_choice",
          objective="Explain why learning rates are searched on a logarithmic scale.")
def log_scale_search(rng: np.random.Generator) -> Draft:
    lo, hi = pick(rng, RANGES)
    data_seed = int(rng.integers(1000))
    data = core.make_regression(N_SAMPLES, 2, seed=data_seed, noise=0.3)
    obj = core.LinearRegression(data.X, data.y)
    limit = core.theory.regression_max_lr(data.X)
    exps = np.arange(lo, hi + 1)
    rates = 10.0 ** exps
    if any(abs(np.log10(limit) - e) < 0.05 for e in exps):
        raise Redraw("keep every grid rate clearly away from the stability limit")
    traj = core.run(core.sgd(rates), obj, np.zeros(3), STEPS)
    ratio = traj.losses[-1] / traj.losses[0]
    for r, div in zip(rates, traj.diverged):
        if (r > limit) and not (div or ratio[list(rates).index(r)] > 1):
            raise AssertionError(f"rate {r} above the limit {limit} should blow up")
        if (r < limit) and div:
            raise AssertionError(f"rate {r} below the limit {limit} diverged")

    def t10(e):
        return tex(pretty(10.0 ** e))

    A, Bv = pretty(10.0 ** lo), pretty(10.0 ** hi)
    prompt = render(pick(rng, STEMS), lo=lo, hi=hi, a=A, b=Bv, ta=t10(lo), tb=t10(hi))
    width = hi - lo
    steps = [say(r"The range $[10^{<<lo>>}, 10^{<<hi>>}]$ spans $<<hi>> - (<<lo>>) = <<w>>$ decades.",
                 lo=lo, hi=hi, w=width)]
    step, top = calc(r"A **uniform** draw lands in the top decade $[10^{<<h1>>}, 10^{<<hi>>}]$ with probability "
                     r"$(10^{<<hi>>} - 10^{<<h1>>})/(10^{<<hi>>} - 10^{<<lo>>}) = <<result>>$.",
                     f"(10**{hi} - 10**({hi - 1}))/(10**{hi} - 10**({lo}))", hi=hi, h1=hi - 1, lo=lo)
    steps.append(step)
    step, bottom = calc(r"It lands below $10^{<<h2>>}$ with probability $(10^{<<h2>>} - 10^{<<lo>>})/(10^{<<hi>>} - "
                        r"10^{<<lo>>}) = <<result>>$: the lower <<w2>> decades get almost nothing.",
                        f"(10**({hi - 2}) - 10**({lo}))/(10**{hi} - 10**({lo}))", h2=hi - 2, lo=lo, hi=hi,
                        w2=width - 2)
    steps.append(step)
    step, share = calc(r"A **log-uniform** draw (`10 ** uniform(<<lo>>, <<hi>>)`) gives every decade the same "
                       r"share $1/<<w>> = <<result>>$.", f"1/{width}", lo=lo, hi=hi, w=width)
    steps.append(step)
    results = ", ".join(
        rf"$\eta = {t10(e)}$: " + ("diverged" if d else (rf"grew ${tex(pretty(q))}$-fold" if q > 1
                                                          else rf"${tex(pretty(q))}$"))
        for e, d, q in zip(exps, traj.diverged, ratio))
    steps.append(say(r"Why decades are the right unit: gradient descent for <<T>> steps on a least-squares "
                     r"problem (MSE, 2 features + intercept, $2/\lambda_{\max} = <<lim>>$), loss after / before: "
                     r"<<res>>. Below the limit the loss falls roughly like $e^{-\eta\lambda T}$: at small rates each "
                     r"factor of 10 in $\eta$ multiplies the progress made by about 10, wherever in the range it "
                     r"happens, and the good rates fill about one decade just below the limit.",
                     T=STEPS, lim=tex(pretty(limit)), res=results))
    steps.append(say(r"So sample the exponent uniformly (then refine: coarse-to-fine search)."))

    correct = (pick(rng, CORRECT),
               render(r"Right. Uniformly, a fraction <<top>> of the trials land in the top decade and <<bottom>> below "
                      r"$10^{<<h2>>}$; log-uniformly each of the <<w>> decades gets <<share>>.",
                      top=top, bottom=bottom, h2=hi - 2, w=width, share=share))
    wrong = [
        ("Gradient descent only converges when the learning rate is an exact power of ten.",
         render(r"Any rate below the stability limit converges; in the worked run the limit is <<lim>>, not a "
                r"power of ten. Powers of ten are just a convenient log-spaced grid.", lim=pretty(limit)),
         "powers-of-ten"),
        ("Sampling on a log scale makes each training run converge faster.",
         "The sampling scheme only decides which rates are tried; a given rate trains exactly the same way "
         "however it was chosen. Log sampling spreads the trials evenly over the decades.", "faster-runs"),
        ("A uniform draw could produce negative learning rates.",
         render(r"A uniform draw on $[<<a>>, <<b>>]$ is always positive. The problem is where the trials land: "
                r"a fraction <<top>> of them in the top decade.", a=t10(lo), b=t10(hi), top=top), "negative-rates"),
        ("The training loss is proportional to the logarithm of the learning rate.",
         "There is no such law: the loss after a fixed number of steps falls as the rate grows and then blows "
         "up past the stability limit. The reason for a log scale is that the rate acts multiplicatively.",
         "log-loss-law"),
    ]
    choices = text_choices(correct, sample(rng, wrong, 3))
    return Draft(
        prompt=prompt, solution=tuple(steps), choices=choices,
        params={"range_exponents": [lo, hi],
                "objective": {"name": "linear_regression", "loss": "mse", "n": N_SAMPLES, "features": 2,
                              "intercept": True, "noise": 0.3, "data_seed": data_seed},
                "optimizer": {"name": "sgd", "lr": [float(r) for r in rates]}, "x0": "zeros", "steps": STEPS},
        tags=("hyperparameter-search", "log-scale"),
    )
