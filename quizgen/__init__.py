"""quizgen: practice quizzes, answer keys and study guides on the learning rate in gradient descent.

Every number, plot and worked answer comes from really running gradient descent
(:mod:`quizgen.core`).
"""

__version__ = "0.1.0"


def __getattr__(name: str):
    # `quizgen.build(...)` without importing numpy for `quizgen --help`
    if name in ("build", "BuildError", "BuildResult"):
        from quizgen import api

        return getattr(api, name)
    raise AttributeError(f"module 'quizgen' has no attribute {name!r}")
