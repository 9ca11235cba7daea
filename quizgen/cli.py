"""The ``quizgen`` command line: parse arguments, call the library, report.

Heavy libraries (matplotlib, rich, the core's numpy work) are imported inside the
commands, so ``quizgen --help`` starts fast.
"""

from __future__ import annotations

import click

from quizgen import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quizgen")
def main() -> None:
    """Practice quizzes, answer keys and study guides on the learning rate in
    gradient descent — every number computed by really running gradient descent."""


@main.command()
@click.option("--curvature", "-a", type=click.FloatRange(min=0, min_open=True), default=2.0, show_default=True,
              help="Curvature a of the demo loss f(w) = a/2 · w².")
@click.option("--start", "-w", "w0", type=float, default=1.0, show_default=True, help="Start point w₀.")
@click.option("--steps", "-k", type=click.IntRange(min=1, max=100_000), default=20, show_default=True,
              help="Gradient-descent steps per run.")
@click.option("--lr", "lrs", type=click.FloatRange(min=0, min_open=True), multiple=True,
              help="A learning rate to simulate (repeatable). Default: a spread around 1/a and 2/a.")
def demo(curvature: float, w0: float, steps: int, lrs: tuple[float, ...]) -> None:
    """Simulate gradient descent at several learning rates and print what happened.

    All rates run at once in one vectorized simulation of f(w) = a/2·w²; the table
    compares each simulated w_k with the closed form (1 − ηa)^k·w₀ and names the regime.
    """
    from quizgen.demo import demo_rows, render_demo

    rows = demo_rows(curvature, w0, steps, lrs or None)
    render_demo(rows, curvature, w0, steps)


if __name__ == "__main__":  # pragma: no cover
    main()
