"""quizgen: practice quizzes, answer keys and study guides on the learning rate in gradient descent.

Every number, plot and worked answer comes from really running gradient descent
(:mod:`quizgen.core`).
"""

__version__ = "0.1.0"
