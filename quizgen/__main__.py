"""``python -m quizgen`` and the ``quizgen`` script: the command line of :mod:`quizgen.cli`,
run as a program.

Two things only a program (not a test calling the CLI in-process) may do: stop at once when
interrupted before the command has started (nothing can have been written yet), and leave
an interrupted run with exit status 130 without running the interpreter's shutdown, where a
late signal could still turn the exit into death by SIGINT.
"""

import os
import signal
import sys


def _interrupted_at_start(signum, frame):
    os.write(2, b"Interrupted: nothing was written.\n")
    os._exit(130)


def run() -> None:
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _interrupted_at_start)  # until the CLI installs its own handlers
    from quizgen.cli import main

    try:
        main(prog_name="quizgen")
    except SystemExit as exc:
        if exc.code == 130:  # the CLI has cleaned up and said so: end here, as it said
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except (OSError, ValueError):
                    pass
            os._exit(130)
        raise


if __name__ == "__main__":
    run()
