"""``python -m quizgen``: the same command line as the ``quizgen`` script."""

from quizgen.cli import main

main(prog_name="quizgen")
