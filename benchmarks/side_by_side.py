"""quizgen and R/exams side by side (issue 14): whole processes, interleaved, medians.

    python benchmarks/side_by_side.py [--runs 5] [--big] [--no-pdf-default] [--json FILE]

Every job is a whole process started from here, interpreter start included, its output
thrown away. The jobs run in turn (job 1, job 2, …, then again), so a machine whose speed
drifts (a shared one) slows all of them alike; each figure is the median over ``--runs``
runs, with the minimum beside it (on a loaded machine the minimum is the fairer figure for
comparing two programs). Wall time is a monotonic clock around the child; CPU is user +
system time of the child and the workers it waited for (``resource.getrusage`` of the
children, before and after); peak is the largest resident set among those processes
(``ru_maxrss`` from ``os.wait4``), not their sum.

The jobs:

* N HTML versions of the one-plot exercise, N = 10, 50, 200, 500 (and 1,000, the most
  ``--versions`` takes, with ``--big``), with the default workers and with ``--jobs 1``
  and ``--jobs 2`` at 500;
* job 3: 30 versions × 10 questions (6 with a plot), HTML and Markdown with keys;
* the default ``quizgen generate`` (HTML, Markdown and PDF) and the same without PDF;
* ``quizgen --help``;
* R/exams' ``exams2html`` on ``benchmarks/rexams/gd_after_k_steps.Rmd`` (the same exercise:
  draw, really run gradient descent, one plot) for the same N, when ``Rscript`` and the
  exams package are installed (see benchmarks/README.md).

The marginal cost per version is the least-squares slope of the median wall (and CPU)
time over N. The report ends with the targets of issue 14, each met or not.
Exit status 0 when every target that could be measured is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = Path(__file__).resolve().parent
EXERCISE = HERE / "rexams" / "gd_after_k_steps.Rmd"
ONE_PLOT = "gd.quadratic.after_k_steps"
JOB3_IDS = [  # six with a plot, four without
    "gd.quadratic.after_k_steps", "gd.ndim.contour_paths", "curves.loss_curves.diagnose", "gd.quadratic.regime",
    "range_test.pick_lr", "fitting.small_lr_budget",
    "gd.quadratic.one_step", "adaptive.adam_first_step", "momentum.effective_lr", "concepts.definition",
]


def quizgen_command() -> list[str]:
    """The installed ``quizgen`` script of this interpreter, else ``python -m quizgen``."""
    script = Path(sys.executable).with_name("quizgen")
    return [str(script)] if script.exists() else [sys.executable, "-m", "quizgen"]


def have_rexams() -> bool:
    rscript = shutil.which("Rscript")
    if rscript is None:
        return False
    check = subprocess.run([rscript, str(HERE / "rexams" / "check.R")], capture_output=True)
    return check.returncode == 0


# as a user's install runs: pip compiles an installed package's bytecode, so a shell that
# forbids writing it (PYTHONDONTWRITEBYTECODE) would time ~100 modules' compilation each run
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_once(cmd: list[str], cwd: Path) -> dict:
    """Wall and CPU seconds and peak resident MB of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=ENV)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed (exit {proc.returncode}):\n{err}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "peak_mb": usage.ru_maxrss / 1024}


def jobs(args, work: Path, rexams: bool) -> dict[str, list[str]]:
    q = quizgen_command()
    out = lambda name: ["--out", str(work / name), "--force", "-q"]  # noqa: E731
    sizes = [10, 50, 200, 500] + ([1000] if args.big else [])
    table: dict[str, list[str]] = {"help": [*q, "--help"]}
    for n in sizes:
        table[f"quizgen {n}"] = [*q, "generate", "--id", ONE_PLOT, "--questions", "1", "--versions", str(n),
                                 "--format", "html", *out(f"q{n}")]
    for j in (1, 2):
        table[f"quizgen 500 --jobs {j}"] = [*table["quizgen 500"], "--jobs", str(j)]
    ids = [a for i in JOB3_IDS for a in ("--id", i)]
    table["job 3"] = [*q, "generate", *ids, "--versions", "30", "--format", "html,md", *out("job3")]
    table["default"] = [*q, "generate", *out("default")]
    table["default, no pdf"] = [*q, "generate", "--format", "html,md", *out("default-nopdf")]
    if rexams:
        for n in sizes:
            table[f"R/exams {n}"] = ["Rscript", str(HERE / "rexams" / "run.R"), str(EXERCISE), str(n),
                                     str(work / f"r{n}")]
    return table


def slope(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Least-squares slope and R² of y over x."""
    xs, ys = zip(*points)
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    ss = sum((y - my) ** 2 for y in ys)
    res = sum((y - (my + b * (x - mx))) ** 2 for x, y in zip(xs, ys))
    return b, (1 - res / ss) if ss else 1.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each job (default 5)")
    parser.add_argument("--big", action="store_true", help="also 1,000 versions (--versions takes at most 1,000)")
    parser.add_argument("--only", nargs="*", metavar="JOB", help="run only these jobs (names as in the report)")
    parser.add_argument("--json", type=Path, help="also write every run's figures here")
    args = parser.parse_args(argv)

    rexams = have_rexams()
    with tempfile.TemporaryDirectory(prefix="quizgen-bench-") as tmp:
        work = Path(tmp)
        table = jobs(args, work, rexams)
        if args.only:
            table = {k: v for k, v in table.items() if k in args.only}
        for name in [n for n in ("help", "quizgen 10") if n in table]:
            run_once(table[name], work)  # untimed: warm the disk cache and the font cache
        results: dict[str, list[dict]] = {name: [] for name in table}
        for r in range(args.runs):
            for name, cmd in table.items():
                results[name].append(run_once(cmd, work))
            print(f"run {r + 1}/{args.runs} done", file=sys.stderr, flush=True)

    def med(name, key):
        return statistics.median(x[key] for x in results[name])

    def low(name, key):
        return min(x[key] for x in results[name])

    print(f"\n{os.cpu_count()} cores; medians (min) over {args.runs} interleaved runs; "
          f"load average at the end {os.getloadavg()[0]:.1f}\n")
    print("| job | wall s | CPU s | peak MB |")
    print("|---|---|---|---|")
    for name in results:
        print(f"| {name} | {med(name, 'wall'):.2f} ({low(name, 'wall'):.2f}) | {med(name, 'cpu'):.2f} "
              f"({low(name, 'cpu'):.2f}) | {med(name, 'peak_mb'):.0f} |")

    sizes = sorted(int(n.split()[1]) for n in results if n.startswith("quizgen ") and n.count(" ") == 1)
    tools = ["quizgen"] + (["R/exams"] if rexams else [])
    per = {}
    if len(sizes) >= 2:
        print("\n| per version (slope over N) | " + " | ".join(tools) + (" | ratio |" if rexams else ""))
        print("|---|" + "---|" * (len(tools) + (1 if rexams else 0)))
        for key in ("wall", "cpu"):
            row = []
            for tool in tools:
                b, r2 = slope([(n, med(f"{tool} {n}", key)) for n in sizes])
                per[(tool, key)] = b
                row.append(f"{1000 * b:.1f} ms (R² {r2:.3f})")
            ratio = f" {per[('R/exams', key)] / per[('quizgen', key)]:.1f}× |" if rexams else ""
            print(f"| marginal {key} | " + " | ".join(row) + " |" + ratio)
    if not rexams:
        print("\nR/exams not installed (Rscript with the exams package): its columns and ratios are not measured.")

    checks = []

    def target(what, value, limit, unit="s"):
        if value is None:
            checks.append((what, None, "not measured" + (f" (limit {limit:g} {unit})" if limit == limit else "")))
        else:
            checks.append((what, value <= limit, f"{value:.3g} {unit} (limit {limit:g} {unit})"))

    got = lambda name, key="wall": med(name, key) if name in results else None  # noqa: E731
    if rexams and per:
        target("1. marginal wall per version ≤ R/exams' / 10", 1000 * per[("quizgen", "wall")],
               1000 * per[("R/exams", "wall")] / 10, "ms")
        target("1. CPU per version ≤ R/exams' / 5", 1000 * per[("quizgen", "cpu")],
               1000 * per[("R/exams", "cpu")] / 5, "ms")
    else:
        target("1. marginal wall per version ≤ R/exams' / 10", None, float("nan"), "ms")
        target("1. CPU per version ≤ R/exams' / 5", None, float("nan"), "ms")
    target("2. 50 versions", got("quizgen 50"), 1.0)
    target("2. 500 versions", got("quizgen 500"), 4.0)
    target("3. job 3 (30 × 10, HTML + Markdown)", got("job 3"), 5.0)
    target("3. default generate (with PDF)", got("default"), 1.5)
    target("3. default generate without PDF (for reference)", got("default, no pdf"), 1.5)
    target("4. quizgen --help", got("help"), 0.3)
    target("5. peak memory of job 3", got("job 3", "peak_mb"), 300, "MB")
    if "quizgen 500 --jobs 1" in results:
        speedup = med("quizgen 500 --jobs 1", "wall") / med("quizgen 500 --jobs 2", "wall")
        checks.append(("5. --jobs 2 vs 1 at 500 versions", speedup > 1.2, f"{speedup:.2f}× faster wall"))
    print("\n| target | met | measured |\n|---|---|---|")
    for what, ok, text in checks:
        print(f"| {what} | {'—' if ok is None else 'yes' if ok else 'NO'} | {text} |")
    if args.json:
        args.json.write_text(json.dumps({"cores": os.cpu_count(), "runs": results}, indent=1))
    return 0 if all(ok is not False for _, ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
