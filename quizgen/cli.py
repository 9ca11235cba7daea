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


def _bank(plugins: tuple[str, ...] = ()):
    from quizgen.bank import load_bank

    try:
        return load_bank(plugins)
    except (ValueError, ImportError, SyntaxError, FileNotFoundError) as exc:
        raise click.ClickException(f"cannot load the question bank: {exc}") from None


@main.command("list")
def list_families() -> None:
    """List the question families: id, topic, kind, difficulty, plot."""
    bank = _bank()
    width = max(len(f.id) for f in bank)
    for f in bank:
        click.echo(f"{f.id:<{width}}  {f.topic:<12}  {f.kind.value:<15}  {f.difficulty}  "
                   f"{'plot' if f.plot else '-'}")


@main.command()
@click.option("--seeds", "-n", type=click.IntRange(min=1), default=200, show_default=True,
              help="Seeds per family.")
@click.option("--start", type=click.IntRange(min=0), default=0, show_default=True, help="First seed.")
@click.option("--verbose", "-v", is_flag=True, help="Print every failure, not just the first three per family.")
@click.argument("ids", nargs=-1)
def check(seeds: int, start: int, verbose: bool, ids: tuple[str, ...]) -> None:
    """Stress-test question families (all, or the given IDs) over many seeds.

    Every question is generated twice per seed and checked: finite answers, distinct
    choices with feedback, the right number of correct choices, worked steps whose
    arithmetic gives the printed results and answer, figures that do not give the
    answer away; across seeds, varied answers and well-spread correct positions.
    Exits with status 1 if any check fails.
    """
    from rich.console import Console
    from rich.table import Table

    from quizgen.check import check_bank

    bank = _bank()
    unknown = [i for i in ids if i not in bank]
    if unknown:
        raise click.BadParameter(f"unknown question id(s): {', '.join(unknown)} (see 'quizgen list')")
    families = [bank[i] for i in ids] if ids else list(bank)
    console = Console(stderr=True)
    with console.status("stress-testing…") as status:
        reports = check_bank(families, seeds, start,
                             progress=lambda r: status.update(f"stress-testing… {r.id} done"))
    table = Table(title=f"quizgen check: {len(families)} families × {seeds} seeds")
    for col in ("family", "result", "distinct answers", "correct position spread", "ms/seed"):
        table.add_column(col)
    for r in reports:
        spread = " ".join(f"{k}:{v}" for k, v in sorted(r.positions.items())) or "-"
        table.add_row(r.id, "ok" if r.ok else f"{len(r.failures)} FAILED", str(r.distinct_answers), spread,
                      f"{1000 * r.seconds / max(r.seeds, 1):.1f}")
    Console().print(table)
    failed = [r for r in reports if not r.ok]
    for r in failed:
        for line in r.failures if verbose else r.failures[:3]:
            click.echo(f"{r.id}{line}", err=True)
    if failed:
        raise SystemExit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
