"""The ``quizgen`` command line: parse arguments, call the library, report.

Heavy libraries (numpy and the core, rich, typst) are imported inside the
commands, so ``quizgen --help`` starts fast.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
import signal
import sys

import click
from click.core import ParameterSource

from quizgen import __version__

MAX_SEED = 2**63 - 1


class InputError(click.ClickException):
    """Bad input or a refused request: one line on stderr, exit status 2, nothing written."""

    exit_code = 2


class FiniteFloat(click.ParamType):
    """A real number in [low, high] (``low_open``: excluding low); inf and nan are refused."""

    name = "number"

    def __init__(self, low: float, high: float, *, low_open: bool = False) -> None:
        self.low, self.high, self.low_open = low, high, low_open

    def convert(self, value, param, ctx):
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number", param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        below = number <= self.low if self.low_open else number < self.low
        if below or number > self.high:
            bracket = "(" if self.low_open else "["
            self.fail(f"{value!r} is not in the range {bracket}{self.low:g}, {self.high:g}]", param, ctx)
        return number


class PointsType(click.ParamType):
    """``--points``: a whole number of points per question (1–100), or ``difficulty``."""

    name = "points"

    def convert(self, value, param, ctx):
        if isinstance(value, int) or value == "difficulty":
            return value
        text = str(value).strip().lower()
        if text == "difficulty":
            return text
        if text.isdigit() and 1 <= int(text) <= 100:
            return int(text)
        self.fail(f"{value!r} is neither a whole number from 1 to 100 nor 'difficulty'", param, ctx)


def _interrupt(signum, frame):
    # SIGTERM unwinds like Ctrl-C, so staging folders and worker processes are cleaned up
    raise KeyboardInterrupt


class _Commands(click.Group):
    """The command group, run so that every failure is one line on stderr: bad input and
    refusals exit 2, an interrupt (Ctrl-C, SIGTERM) exits 130, never with a traceback."""

    def main(self, args=None, prog_name=None, **extra):
        extra.pop("standalone_mode", None)
        signal.signal(signal.SIGTERM, _interrupt)
        signal.signal(signal.SIGINT, signal.default_int_handler)  # whatever the program set while starting
        try:
            try:
                result = super().main(args, prog_name, standalone_mode=False, **extra)
            finally:
                # the work is done or abandoned; a signal from here on must not cut the exit short
                # (ignored signals also stay ignored while the interpreter shuts down, where a
                # default handler would end the process by SIGINT instead of its exit code)
                for sig in (signal.SIGINT, signal.SIGTERM):
                    signal.signal(sig, signal.SIG_IGN)
        except click.UsageError as exc:
            hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
            click.echo(f"Error: {exc.format_message()}{hint}", err=True)
            sys.exit(2)
        except click.ClickException as exc:
            click.echo(f"Error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except (click.Abort, KeyboardInterrupt):
            click.echo("Interrupted: nothing more was written.", err=True)
            sys.exit(130)
        sys.exit(result if isinstance(result, int) else 0)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quizgen")
def main() -> None:
    """Practice quizzes, answer keys and study guides on the learning rate in
    gradient descent — every number computed by really running gradient descent."""


@main.command()
@click.option("--curvature", "-a", type=FiniteFloat(0, 1e6, low_open=True), default=2.0, show_default=True,
              help="Curvature a of the demo loss f(w) = a/2 · w² (0 < a ≤ 10⁶).")
@click.option("--start", "-w", "w0", type=FiniteFloat(-1e6, 1e6), default=1.0, show_default=True,
              help="Start point w₀ (|w₀| ≤ 10⁶).")
@click.option("--steps", "-k", type=click.IntRange(min=1, max=100_000), default=20, show_default=True,
              help="Gradient-descent steps per run.")
@click.option("--lr", "lrs", type=FiniteFloat(0, 1e6, low_open=True), multiple=True,
              help="A learning rate to simulate, 0 < η ≤ 10⁶ (repeatable). Default: a spread around 1/a and 2/a.")
def demo(curvature: float, w0: float, steps: int, lrs: tuple[float, ...]) -> None:
    """Simulate gradient descent at several learning rates and print what happened.

    All rates run at once in one vectorized simulation of f(w) = a/2·w²; the table
    compares each simulated w_k with the closed form (1 − ηa)^k·w₀ and names the regime.
    """
    from quizgen.demo import demo_rows, render_demo

    rows = demo_rows(curvature, w0, steps, lrs or None)
    render_demo(rows, curvature, w0, steps)


def _bank(folders: tuple[str, ...] = ()):
    from quizgen.bank import BankError, load_bank

    try:
        return load_bank(folders)
    except BankError as exc:
        raise InputError(str(exc)) from None


bank_option = click.option(
    "--bank", "banks", multiple=True, metavar="DIR", type=click.Path(exists=True, path_type=str),
    help="A folder (or file) of your own question families, added to the built-in ones (repeatable).")


@main.command()
def formats() -> None:
    """List the output formats --format takes (built-in and installed plug-ins)."""
    from quizgen.writers import get_writer, writer_names

    for name in writer_names():
        try:
            description = get_writer(name).description
        except Exception as exc:  # a broken plug-in must not hide the others
            description = f"(cannot be loaded: {exc})"
        click.echo(f"{name:8} {description}")


@main.command("list")
@bank_option
def list_families(banks) -> None:
    """List the question families: id, topic, kind, difficulty, plot."""
    bank = _bank(banks)
    width = max(len(f.id) for f in bank)
    for f in bank:
        click.echo(f"{f.id:<{width}}  {f.topic:<12}  {f.kind.value:<15}  {f.difficulty}  "
                   f"{'plot' if f.plot else '-'}")


@main.command()
@click.option("--seeds", "-n", type=click.IntRange(1, 100_000), default=200, show_default=True,
              help="Seeds per family (1–100,000).")
@click.option("--start", type=click.IntRange(0, 2**32 - 1), default=0, show_default=True,
              help="First sequential seed; also selects the quiz seeds whose spawned seeds are tried.")
@click.option("--verbose", "-v", is_flag=True, help="Print every failure, not just the first three per family.")
@bank_option
@click.argument("ids", nargs=-1)
def check(seeds: int, start: int, verbose: bool, banks: tuple[str, ...], ids: tuple[str, ...]) -> None:
    """Stress-test question families (all, or the given IDs) over many seeds.

    Every question is generated twice per seed and checked: finite answers, distinct
    choices with feedback, the right number of correct choices, worked steps whose
    arithmetic gives the printed results and answer, common wrong answers the key does
    not accept, figures that do not give the answer away, and item writing (no length
    cue to the key, no internal codes or program notation, negations emphasised,
    ordered options in order); across seeds, varied answers, well-spread correct
    positions, the share of usable draws and the spread of variants.
    Half of the N seeds are sequential from --start, half are the spawned question seeds
    real quizzes use; each failure prints id@seed, which regenerates the question.
    Exits with status 1 if any check fails.
    """
    from rich.console import Console
    from rich.table import Table

    from quizgen.check import check_bank

    bank = _bank(banks)
    unknown = [i for i in ids if i not in bank]
    if unknown:
        raise InputError(f"unknown question id(s): {', '.join(map(repr, unknown))} (see 'quizgen list')")
    families = [bank[i] for i in ids] if ids else list(bank)
    console = Console(stderr=True)
    with console.status("stress-testing…") as status:
        reports = check_bank(families, seeds, start,
                             progress=lambda r: status.update(f"stress-testing… {r.id} done"))
    table = Table(title=f"quizgen check: {len(families)} families × {seeds} seeds")
    table.add_column("family", no_wrap=True)
    for col in ("result", "answers", "correct at", "key longest", "accepted", "variants", "ms/seed"):
        table.add_column(col)
    for r in reports:
        spread = " ".join(f"{k}:{v}" for k, v in sorted(r.positions.items())) or "-"
        longest = "-" if r.key_longest is None else f"{r.key_longest:.0%}"
        variants = " ".join(f"{k}:{v}" for k, v in sorted(r.variants.items())) or "-"
        table.add_row(r.id, "ok" if r.ok else f"{len(r.failures)} FAILED", str(r.distinct_answers), spread,
                      longest, f"{r.acceptance:.0%}", variants, f"{1000 * r.seconds / max(r.seeds, 1):.1f}")
    Console().print(table)
    failed = [r for r in reports if not r.ok]
    for r in failed:
        for line in r.failures if verbose else r.failures[:3]:
            click.echo(f"{r.id}{line}", err=True)
    if failed:
        raise SystemExit(1)


@main.command()
@click.option("--seeds", "-n", type=click.IntRange(1, 100_000), default=100, show_default=True,
              help="Seeds per family for the stress test.")
@click.argument("folders", nargs=-1, required=True, type=click.Path(exists=True, path_type=str))
def validate(seeds: int, folders: tuple[str, ...]) -> None:
    """Check a folder of your own question families before you use them.

    Loads every file (a broken one is reported with its file and line; an id may not
    repeat a built-in one), then stress-tests each family over --seeds seeds. Prints one
    line per problem, "file: id@seed: what", writes nothing, and exits 2 if there is any.
    """
    from quizgen.check import check_family, stress_seeds

    bank = _bank(folders)
    own = [f for f in bank if any(Path(f.source).resolve().is_relative_to(Path(d).resolve()) for d in folders)]
    if not own:
        raise InputError(f"no question family found in {', '.join(folders)} (a family module defines META)")
    problems = 0
    for family in own:
        report = check_family(family, stress_seeds(seeds))
        for failure in report.failures:
            problems += 1
            click.echo(f"{family.source}: {family.id}{failure if failure.startswith('@') else ': ' + failure}",
                       err=True)
    if problems:
        raise InputError(f"{problems} problem(s) in {len(own)} question famil{'y' if len(own) == 1 else 'ies'}")
    click.echo(f"{len(own)} question famil{'y' if len(own) == 1 else 'ies'} ok over {seeds} seeds each")


@main.command()
@click.option("--questions", "-n", type=click.IntRange(min=1, max=200), default=10, show_default=True,
              help="Number of questions (ignored when --id is given).")
@click.option("--topic", "-t", "topics", multiple=True, metavar="TOPIC",
              help="Only questions on this topic (repeatable; see 'quizgen list').")
@click.option("--id", "ids", multiple=True, metavar="ID", help="Exactly these question families (repeatable).")
@click.option("--difficulty", "-d", type=click.IntRange(1, 3), multiple=True,
              help="Only this difficulty, 1–3 (repeatable).")
@click.option("--seed", "-s", type=click.IntRange(0, MAX_SEED), default=1, show_default=True,
              help="Seed: the same seed and options give byte-identical files.")
@click.option("--versions", "-V", type=click.IntRange(1, 1000), default=1, show_default=True,
              help="Number of student versions, 1–1000 (different numbers, plots and choice order).")
@click.option("--code", metavar="CODE",
              help="Rebuild only the version whose sheet shows this code (its seed and number of versions "
                   "are in the code; give the same question-selection options as before).")
@click.option("--format", "-f", "formats", default="html,md,pdf", show_default=True, metavar="F[,F…]",
              help="Output formats, comma-separated: html, md, pdf, json, moodle, qti, gift, anki "
                   "(see 'quizgen formats').")
@click.option("--title", default="Learning-rate practice quiz", show_default=True, help="Quiz title.")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=str), metavar="DIR",
              help="Output folder [default: output/<title as a slug>].")
@click.option("--templates", "template_dirs", multiple=True, metavar="DIR",
              type=click.Path(exists=True, file_okay=False, path_type=str),
              help="A folder of your own templates, searched before the built-in ones (repeatable).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=lambda: min(os.cpu_count() or 1, 8),
              show_default="number of CPUs", help="Worker processes for drawing questions, figures and "
              "documents of many versions (output is the same for any number).")
@click.option("--paper", type=click.Choice(["a4", "letter"], case_sensitive=False), default="a4", show_default=True,
              help="Paper size of printed sheets and PDFs.")
@click.option("--space", type=FiniteFloat(0, 5), default=1.0, show_default=True,
              help="Working space under each question on student sheets, as a factor (0 = none, 2 = double); "
                   "its size depends on the kind of question.")
@click.option("--points", type=PointsType(), default=None, metavar="N|difficulty",
              help="Show points: N for every question, or 'difficulty' (1–3 by difficulty), with a total and a "
                   "score box.")
@click.option("--cover", is_flag=True, help="Start each student sheet with a cover page (title, course, date, "
              "instructions, name and ID fields, a grading table).")
@click.option("--course", default="", metavar="TEXT", help="Course name for the cover page.")
@click.option("--date", "date_text", default="", metavar="TEXT", help="Date printed on the cover page.")
@click.option("--instructions", default="", metavar="TEXT", help="Instructions for the cover page.")
@click.option("--duplex", is_flag=True, help="In the PDF booklet, start every sheet and key on an odd page "
              "(for double-sided copies).")
@bank_option
@click.option("--force", is_flag=True, help="Overwrite existing files.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.pass_context
def generate(ctx, questions, topics, ids, difficulty, seed, versions, code, formats, title, out, template_dirs,
             paper, space, points, cover, course, date_text, instructions, duplex, banks, jobs, force, quiet) -> None:
    """Generate a quiz: every version's questions, answers and worked steps.

    Questions are chosen from the bank by --topic/--difficulty (or named with --id);
    each version draws its own numbers from the seed. Files are written all at once
    into the output folder; existing files are kept unless --force is given.
    """
    from rich.console import Console
    from rich.progress import Progress

    from quizgen.bank import GenerationError
    from quizgen.api import BuildError, build
    from quizgen.writers import Layout

    given = lambda name: ctx.get_parameter_source(name) is not ParameterSource.DEFAULT  # noqa: E731
    console = Console(stderr=True)
    # progress goes to a terminal's stderr and vanishes when done; a log file or pipe is better without it
    with Progress(transient=True, disable=quiet or not console.is_terminal, console=console) as bar:
        tasks = {}

        def progress(stage, done, total):
            if stage not in tasks:
                tasks[stage] = bar.add_task("generating versions" if stage == "versions" else "drawing figures")
            bar.update(tasks[stage], completed=done, total=total)

        try:
            result = build(questions=questions, topics=topics, ids=ids, difficulty=difficulty,
                           seed=seed if given("seed") or code is None else None,
                           versions=versions if given("versions") or code is None else None, code=code,
                           formats=formats.split(","), title=title, out=out, template_dirs=template_dirs, jobs=jobs,
                           force=force, bank=_bank(banks), progress=progress,
                           layout=Layout(paper=paper.lower(), space=space, points=points, cover=cover, course=course,
                                         date=date_text, instructions=instructions, duplex=duplex))
        except BuildError as exc:
            raise InputError(str(exc)) from None
        except GenerationError as exc:
            raise _family_bug(exc) from None
    if not quiet:
        quiz = result.quiz
        what = (f"{len(quiz.versions)} version(s)" if quiz.complete
                else f"version {quiz.versions[0].number} of {quiz.total_versions}")
        click.echo(f"{what} × {len(quiz.family_ids)} questions → {result.out_dir}/")
        _list_written(result.written, result.out_dir)


def _family_bug(exc) -> click.ClickException:
    """A family that cannot produce a question: one line a teacher can report."""
    return click.ClickException(f"cannot generate question {exc} (a bug in this question family; "
                                "please report this line)")


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


# --- practice (issue 12) ----------------------------------------------------------------

@main.command("practice")
@click.option("--questions", "-n", type=click.IntRange(min=1, max=200), default=None,
              help="Number of questions [default: every family of the chosen topics, at most 10] (ignored when "
                   "--id is given).")
@click.option("--topic", "-t", "topics", multiple=True, metavar="TOPIC",
              help="Only questions on this topic (repeatable; see 'quizgen list').")
@click.option("--id", "ids", multiple=True, metavar="ID", help="Exactly these question families (repeatable).")
@click.option("--variants", "-k", type=click.IntRange(1, 20), default=5, show_default=True,
              help="Versions of each question in the page, 1–20 (the \"another version\" button cycles them).")
@click.option("--seed", "-s", type=click.IntRange(0, MAX_SEED), default=1, show_default=True,
              help="Seed: the same seed and options give a byte-identical page.")
@click.option("--mode", type=click.Choice(["practice", "test"]), default="practice", show_default=True,
              help="How the page starts: practice (checked as you go, hints and solutions on request) or test "
                   "(marked, with solutions, when the student finishes); the page can switch.")
@click.option("--title", default="Learning-rate self-check", show_default=True, help="Page title.")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=str), default="output/practice",
              show_default=True, metavar="DIR", help="Output folder; the page is DIR/practice.html.")
@bank_option
@click.option("--force", is_flag=True, help="Overwrite an existing page.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def practice_page(questions, topics, ids, variants, seed, mode, title, out, banks, force, quiet) -> None:
    """Write a self-check practice page: one offline HTML file that checks answers.

    Numeric answers are checked against the key's tolerance in the usual forms (0.05, .05,
    5e-2, -1/8, 5×10^-2) and named when they match a common wrong answer; choices show their
    feedback; k-step gradient-descent questions are checked step by step, each step from the
    student's own previous value. Hints, worked solutions, a score and progress kept in the
    browser. The answers are encoded in the page, not hidden: it is for self-study, not a
    secure exam.
    """
    from quizgen.bank import GenerationError
    from quizgen.practice import PracticeError, practice, write_practice_page

    try:
        pset = practice(questions=questions, topics=topics, ids=ids, variants=variants, seed=seed,
                        bank=_bank(banks), mode=mode, title=title)
        written = write_practice_page(pset, out, force=force)
    except PracticeError as exc:
        raise InputError(str(exc)) from None
    except GenerationError as exc:
        raise _family_bug(exc) from None
    if not quiet:
        steps = sum(1 for item in pset.items if any(item.plans))
        click.echo(f"{len(pset.items)} questions × {pset.variants} version(s), {steps} step by step → {out}/")
        for path in written:
            click.echo(f"  {path}")



# --- study-guide (issue 11) -------------------------------------------------------------


@main.command("study-guide")
@click.option("--seed", "-s", type=click.IntRange(0, MAX_SEED), default=1, show_default=True,
              help="Seed of the guide's problems and questions: the same seed gives byte-identical files.")
@click.option("--format", "-f", "formats", default="html,md,pdf", show_default=True, metavar="F[,F…]",
              help="Output formats, comma-separated: html (with the interactive explorer), md, pdf (typeset "
                   "by typst, for print).")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True,
              help="Page size of the PDF.")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=str), metavar="DIR",
              default="output/study-guide", show_default=True, help="Output folder.")
@bank_option
@click.option("--force", is_flag=True, help="Overwrite existing files.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def study_guide(seed, formats, paper, out, banks, force, quiet) -> None:
    """Write the study guide on the learning rate: definition, must-know facts each shown by a
    run made for this guide, an explorer (HTML), key formulas, misconceptions, worked examples
    with numpy to run yourself, review questions with model answers, and practice with its key.
    """
    from quizgen.output import OutputExistsError, write_files
    from quizgen.study_guide import build_guide
    from quizgen.writers import WriterError
    from quizgen.writers.guide_writer import FORMATS, GUIDE_FORMATS, STEM, render_guide

    names = list(dict.fromkeys(f.strip() for f in formats.split(",") if f.strip()))
    if not names:
        raise InputError("--format: give at least one format, e.g. html")
    for name in names:
        if name not in FORMATS:
            raise InputError(f"--format: unknown study-guide format {name!r}; formats are: {', '.join(FORMATS)}")
    if not out.strip():
        raise InputError("--out: the folder name is empty")
    # refuse at once rather than after building (write_files checks every file again)
    documents = [Path(out) / f"{STEM}.{name}" for name in names]
    if not force and any(p.exists() for p in documents):
        shown = ", ".join(str(p) for p in documents if p.exists())
        raise InputError(f"{shown} already exist(s); use --force to overwrite or --out for another folder")
    try:
        for name in names:  # a missing typst is one line before any work, not after the runs
            GUIDE_FORMATS[name].require()
        guide = build_guide(seed=seed, bank=_bank(banks))
        files = render_guide(guide, names, paper=paper)
    except WriterError as exc:
        raise InputError(str(exc)) from None
    try:
        written = write_files(Path(out), files, force=force)
    except OutputExistsError as exc:
        raise InputError(str(exc)) from None
    except OSError as exc:
        raise InputError(f"cannot write to {out}: {exc.strerror or exc}") from None
    if not quiet:
        click.echo(f"study guide (seed {seed}) → {out}/")
        _list_written(written, Path(out))


if __name__ == "__main__":  # pragma: no cover
    main()
