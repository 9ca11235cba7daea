"""The ``quizgen`` command line: parse arguments, call the library, report.

Heavy libraries (matplotlib, rich, the core's numpy work) are imported inside the
commands, so ``quizgen --help`` starts fast.
"""

from __future__ import annotations

import os

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
    table.add_column("family", no_wrap=True)
    for col in ("result", "answers", "correct at", "ms/seed"):
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


def _formats(value: str) -> list[str]:
    from quizgen.writers import get_writer

    names = [v.strip() for v in value.split(",") if v.strip()]
    if not names:
        raise click.BadParameter("give at least one format, e.g. --format json")
    for name in names:
        try:
            get_writer(name)
        except KeyError as exc:
            raise click.BadParameter(exc.args[0]) from None
    return list(dict.fromkeys(names))


@main.command()
@click.option("--questions", "-n", type=click.IntRange(min=1, max=200), default=10, show_default=True,
              help="Number of questions (ignored when --id is given).")
@click.option("--topic", "-t", "topics", multiple=True, metavar="TOPIC",
              help="Only questions on this topic (repeatable; see 'quizgen list').")
@click.option("--id", "ids", multiple=True, metavar="ID", help="Exactly these question families (repeatable).")
@click.option("--difficulty", "-d", type=click.IntRange(1, 3), multiple=True,
              help="Only this difficulty, 1–3 (repeatable).")
@click.option("--seed", "-s", type=click.IntRange(0, 2**63 - 1), default=1, show_default=True,
              help="Seed: the same seed and options give byte-identical files.")
@click.option("--versions", "-V", type=click.IntRange(1, 1000), default=1, show_default=True,
              help="Number of student versions (different numbers, plots and choice order).")
@click.option("--code", metavar="CODE", help="Regenerate only the version with this code (from a sheet).")
@click.option("--format", "-f", "formats", default="html,md", show_default=True, metavar="F[,F…]",
              help="Output formats, comma-separated: html, md, json.")
@click.option("--title", default="Learning-rate practice quiz", show_default=True, help="Quiz title.")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=str), metavar="DIR",
              help="Output folder [default: output/<title as a slug>].")
@click.option("--templates", "template_dirs", multiple=True, metavar="DIR",
              type=click.Path(exists=True, file_okay=False, path_type=str),
              help="A folder of your own templates, searched before the built-in ones (repeatable).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=lambda: min(os.cpu_count() or 1, 8),
              show_default="number of CPUs", help="Worker processes for drawing figures (output is the same "
              "for any number).")
@click.option("--force", is_flag=True, help="Overwrite existing files.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def generate(questions, topics, ids, difficulty, seed, versions, code, formats, title, out, template_dirs, jobs,
             force, quiet) -> None:
    """Generate a quiz: every version's questions, answers and worked steps.

    Questions are chosen from the bank by --topic/--difficulty (or named with --id);
    each version draws its own numbers from the seed. Files are written all at once
    into the output folder; existing files are kept unless --force is given.
    """
    from pathlib import Path

    from quizgen.assemble import SelectionError, assemble, code_seed, parse_version_code, select
    from quizgen.output import OutputExistsError, slugify, write_files
    from jinja2 import TemplateError

    from quizgen.writers import RenderOptions, get_writer

    format_names = _formats(formats)
    bank = _bank()
    only = None
    try:
        if code:
            seed = code_seed(code)  # the selection itself may depend on the quiz seed
        families = select(bank, n=questions, topics=topics, ids=ids, difficulty=difficulty, seed=seed)
        if code:
            seed, only = parse_version_code(code, [f.id for f in families])
            versions = max(versions, only)
    except SelectionError as exc:
        raise click.UsageError(str(exc)) from None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--code") from None

    from rich.console import Console
    from rich.progress import Progress

    total = 1 if only else versions
    # progress goes to stderr and vanishes when done; a single version is too quick to need it
    with Progress(transient=True, disable=quiet or total < 2, console=Console(stderr=True)) as bar:
        task = bar.add_task("generating versions", total=total)
        quiz = assemble(families, seed=seed, versions=versions, title=title, only=only,
                        progress=lambda _: bar.advance(task))
        drawing = bar.add_task("drawing figures", total=None)
        stem = slugify(title) + (f"-{quiz.versions[0].code}" if only else "")
        options = RenderOptions(template_dirs=tuple(Path(d) for d in template_dirs), jobs=jobs,
                                progress=lambda done, n: bar.update(drawing, completed=done, total=n))
        files = {}
        try:
            for name in format_names:
                files.update(get_writer(name).render(quiz, stem, options))
        except TemplateError as exc:
            where = f" ({exc.filename}, line {exc.lineno})" if getattr(exc, "lineno", None) else ""
            raise click.ClickException(f"template error{where}: {exc.message}") from None
    out_dir = Path(out) if out else Path("output") / slugify(title)
    try:
        written = write_files(out_dir, files, force=force)
    except OutputExistsError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write to {out_dir}: {exc.strerror or exc}") from None
    if not quiet:
        click.echo(f"{len(quiz.versions)} version(s) × {len(families)} questions → {out_dir}/")
        _list_written(written, out_dir)


def _list_written(written, out_dir, most: int = 8) -> None:
    """The documents written (figure files only counted): all of them, or for many versions
    the summaries and the first sheets, so the teacher sees at once where to look."""
    docs = [p for p in written if p.parent == out_dir]
    extra = len(written) - len(docs)
    shown = docs if len(docs) <= most else (
        [p for p in docs if "summary" in p.name] + [p for p in docs if "summary" not in p.name][: most // 2])
    for path in shown:
        click.echo(f"  {path}")
    if len(shown) < len(docs):
        click.echo(f"  … and {len(docs) - len(shown)} more sheets and keys")
    if extra:
        click.echo(f"  + {extra} figure file(s) in subfolders")


if __name__ == "__main__":  # pragma: no cover
    main()
