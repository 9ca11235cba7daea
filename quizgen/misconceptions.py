"""The common misconceptions distractors are built on, named in plain words.

Families tag a wrong choice with a short code (``Choice.misconception``, kept in the JSON for
other tools); pages a student or teacher reads show the name instead, never the code.
"""

NAMES = {
    "M1": "a bigger learning rate is always faster",
    "M2": "stepping along the gradient instead of against it",
    "M3": "the learning rate taken for the distance moved",
    "M4": "an oscillating loss taken as proof the rate is too high",
    "M5": "overshooting taken for diverging",
    "M6": "a universal safe learning rate",
    "M7": "the rate chosen for the flat direction",
    "M8": "a low learning rate blamed for overfitting",
    "M9": "a rising training loss taken for overfitting",
    "M10": "adaptive optimizers taken to need no learning rate",
    "M11": "the range test read at the minimum of the curve",
    "M12": "decay thought to be needed because gradients grow",
    "M13": "the batch size changed without rescaling the rate",
    "M14": "warm-up thought to be for speed",
    "M15": "momentum thought to leave the stability limit unchanged",
    "M16": "divergence expected to blow up at once",
    "M17": "constant-rate gradient descent thought unable to converge",
    "M18": "the quadratic threshold taken as exact for neural networks",
    "M19": "CosineAnnealingLR thought to stay at eta_min after T_max",
    "M20": "an off-by-one in a schedule",
}


def name(tag: str | None) -> str:
    """The plain-words name of a misconception tag ('' for none; an unknown tag reads as itself
    with dashes as spaces, so a family's own tags such as 'learned-by-backprop' still read)."""
    if not tag:
        return ""
    return NAMES.get(tag, tag.replace("-", " ").replace("_", " "))
