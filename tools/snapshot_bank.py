"""Snapshot every family's output, to prove a refactoring changes nothing a user sees.

    python tools/snapshot_bank.py DIR [--seeds 200]

writes, per family, ``DIR/<id>.json`` (the question as data for seeds 0…N−1) and
``DIR/<id>/`` (the Markdown sheets and keys of an N-version quiz of that family, with its
figures). Compare two snapshots with ``diff -r``.
"""

import argparse
import json
from pathlib import Path

from quizgen.assemble import assemble
from quizgen.bank import load_bank
from quizgen.serialize import question_to_dict
from quizgen.writers import RenderOptions, get_writer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seeds", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json-only", action="store_true", help="skip the Markdown documents (fast)")
    args = parser.parse_args()
    md = get_writer("md")
    for family in load_bank():
        questions = [question_to_dict(family.generate(s)) for s in range(args.seeds)]
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / f"{family.id}.json").write_text(json.dumps(questions, indent=1, sort_keys=True) + "\n")
        if args.json_only:
            continue
        quiz = assemble([family], seed=2026, versions=args.seeds, title="Snapshot")
        for name, data in md.render(quiz, "snapshot", RenderOptions(jobs=args.jobs)).items():
            path = args.out / family.id / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        print(family.id, flush=True)


if __name__ == "__main__":
    main()
