"""Every family × V versions × several quiz seeds, with the seeds assembly uses.

For each family F and quiz seed Q, version v's question is ``F.generate(question_seeds(Q, v, 1)[0])``
(what ``quizgen generate --id F --versions V --seed Q`` draws). Each one is generated, its
internal checks that failed on the way are collected (``Family.draw``), and it is validated by
``question_problems`` (the worked steps recomputed from the printed numbers). Prints one line per
failure (``id@seed (quiz seed Q, version v): what``) and a summary; exit status 1 on any failure.

    python benchmarks/stress_assembly.py                       # 1000 versions × quiz seeds 1, 101, 2026
    python benchmarks/stress_assembly.py -V 200 -q 7 gd.regression.feature_scaling
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor

_BANK = None


def _bank():
    global _BANK
    if _BANK is None:
        from quizgen.bank import load_bank

        _BANK = load_bank()
    return _BANK


def run_one(family_id: str, quiz_seed: int, versions: int) -> tuple[str, int, int, list[str], float]:
    """(id, quiz seed, questions, failures, seconds) for one family and quiz seed."""
    from quizgen.assemble import question_seeds
    from quizgen.check import question_problems

    family = _bank()[family_id]
    failures = []
    t0 = time.perf_counter()
    for v in range(1, versions + 1):
        seed = question_seeds(quiz_seed, v, 1)[0]
        where = f"{family_id}@{seed} (quiz seed {quiz_seed}, version {v})"
        try:
            drawn = family.draw(seed)
        except Exception as exc:
            failures.append(f"{where}: {type(exc).__name__}: {exc}")
            continue
        failures += [f"{where}: {msg}" for msg in drawn.check_failures]
        failures += [f"{where}: {msg}" for msg in question_problems(drawn.question)]
    return family_id, quiz_seed, versions, failures, time.perf_counter() - t0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="*", help="family ids (default: all)")
    parser.add_argument("-V", "--versions", type=int, default=1000)
    parser.add_argument("-q", "--quiz-seed", type=int, action="append", dest="quiz_seeds")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    quiz_seeds = args.quiz_seeds or [1, 101, 2026]
    ids = args.ids or [f.id for f in _bank()]
    t0 = time.perf_counter()
    n_questions, n_failures, bad = 0, 0, {}
    with ProcessPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(run_one, i, q, args.versions) for i in ids for q in quiz_seeds]
        for fut in futures:
            family_id, q, n, failures, seconds = fut.result()
            n_questions += n
            n_failures += len(failures)
            if failures:
                bad.setdefault(family_id, 0)
                bad[family_id] += len(failures)
            print(f"{family_id:<42} quiz seed {q:<6} {n} versions  {len(failures):>4} failure(s)  "
                  f"{1000 * seconds / n:.1f} ms each", flush=True)
            for line in failures:
                print(f"    {line}", flush=True)
    elapsed = time.perf_counter() - t0
    print(f"\n{len(ids)} families × {args.versions} versions × {len(quiz_seeds)} quiz seeds {quiz_seeds} = "
          f"{n_questions} questions in {elapsed:.0f} s ({args.jobs} processes): {n_failures} failure(s)"
          + (f" in {len(bad)} families: {bad}" if bad else ""))
    return 1 if n_failures else 0


if __name__ == "__main__":
    sys.exit(main())
