"""Core benchmark (issue: 1,000 learning rates x 1,000 steps on a 10-D quadratic).

Runs Adam and heavy-ball momentum through ``quizgen.core.run`` with all 1,000 rates in
one vectorized call and reports the median of 5 timed repetitions (after one warm-up).
Target on the 2-core dev machine: <= 150 ms each. Not a test: run it by hand or in CI
logs with ``python benchmarks/bench_core.py``; exit status 1 if a target is missed.
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np

from quizgen import core

TARGET_MS = 150.0
RUNS, STEPS, DIM, REPEATS = 1000, 1000, 10, 5


def problem():
    """A rotated 10-D quadratic with condition number 100 and 1,000 log-spaced rates."""
    rng = np.random.default_rng(2026)
    objective = core.Quadratic(np.geomspace(1.0, 100.0, DIM), core.random_rotation(DIM, rng))
    x0 = rng.standard_normal(DIM)
    return objective, x0


def time_optimizer(optimizer, objective, x0) -> list[float]:
    core.run(optimizer, objective, x0, STEPS)  # warm-up: first-touch memory, caches
    times = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        core.run(optimizer, objective, x0, STEPS)
        times.append((time.perf_counter() - t0) * 1e3)
    return times


def main() -> int:
    objective, x0 = problem()
    cases = {
        "adam": core.adam(np.geomspace(1e-4, 1.0, RUNS)),
        "momentum (beta=0.9)": core.sgd(np.geomspace(1e-5, 0.05, RUNS), momentum=0.9),
    }
    ok = True
    print(f"{RUNS} learning rates x {STEPS} steps on a {DIM}-D quadratic, median of {REPEATS}")
    for name, opt in cases.items():
        times = time_optimizer(opt, objective, x0)
        med = statistics.median(times)
        ok &= med <= TARGET_MS
        print(f"  {name:<20} median {med:7.1f} ms  (min {min(times):.1f}, max {max(times):.1f})"
              f"  target <= {TARGET_MS:.0f} ms  {'ok' if med <= TARGET_MS else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
