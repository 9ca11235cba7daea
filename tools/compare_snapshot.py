"""Compare today's families with a snapshot made by ``tools/snapshot_bank.py``.

    python tools/compare_snapshot.py SNAPSHOT [ID …] [--seeds 200] [--show 3]

For each family (all, or the given ids) it regenerates seeds 0…N−1 and lists every field
that differs, grouped by field (list positions folded to ``*``), with a few examples, so a
refactoring's differences can be reviewed — and listed — one by one.
"""

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

from quizgen.bank import Bank, families_in_file
from quizgen.resources import builtin_dir
from quizgen.serialize import question_to_dict


def _diff(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            _diff(a.get(k, "<missing>"), b.get(k, "<missing>"), f"{path}.{k}", out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            _diff(x, y, f"{path}[{i}]", out)
    elif a != b:
        out.append((path, a, b))


def _tolerant_bank() -> Bank:
    """The built-in bank, skipping (with a warning) files that do not load right now — others
    may be half-way through editing theirs."""
    bank = Bank()
    root = builtin_dir("question_bank")
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if any(part.startswith("_") for part in parts) or parts[0] == "examples":  # as load_bank skips them
            continue
        try:
            for family in families_in_file(path):
                bank.add(family)
        except Exception as exc:  # report and go on: this tool compares whatever loads
            print(f"(skipped {path}: {type(exc).__name__}: {exc})", file=sys.stderr)
    return bank


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("snapshot", type=Path)
    parser.add_argument("ids", nargs="*")
    parser.add_argument("--seeds", type=int, default=200)
    parser.add_argument("--show", type=int, default=3)
    parser.add_argument("--with-params", action="store_true",
                        help="compare params too (the exercise shape records them from the runs)")
    args = parser.parse_args()
    bank = _tolerant_bank()
    changed = 0
    for family in [bank[i] for i in args.ids] if args.ids else bank:
        before = json.loads((args.snapshot / f"{family.id}.json").read_text())[: args.seeds]
        groups = defaultdict(list)
        for seed, old in enumerate(before):
            new = json.loads(json.dumps(question_to_dict(family.generate(seed)), sort_keys=True))
            if not args.with_params:
                old, new = {**old, "params": None}, {**new, "params": None}
            diffs = []
            _diff(old, new, "", diffs)
            for path, a, b in diffs:
                groups[re.sub(r"\[\d+\]", "[*]", path)].append((seed, path, a, b))
        if not groups:
            print(f"{family.id}: identical over {len(before)} seeds")
            continue
        changed += 1
        print(f"{family.id}: {sum(map(len, groups.values()))} differences")
        for key, items in sorted(groups.items()):
            seeds = len({s for s, *_ in items})
            print(f"  {key}: in {seeds} of {len(before)} seeds")
            for seed, path, a, b in items[: args.show]:
                print(f"    @{seed} {path}\n      before: {json.dumps(a)[:300]}\n      after:  {json.dumps(b)[:300]}")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
