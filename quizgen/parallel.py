"""Work shared out to forked processes: ``fork_map(func, items, jobs)`` is ``[func(x) for x in items]``.

Used where a run spends its time — drawing versions' questions, figures and documents — when
``--jobs`` > 1 and there is enough work to pay for starting processes. Results come back in
``items``' order, so the output does not depend on ``jobs``.

Plain forked processes and pipes rather than a pool: no manager thread, no queues and no exit
hooks that an interrupt could catch halfway (``concurrent.futures`` printed tracebacks from
those), and ``func`` and ``items`` reach the workers by fork, not by pickling; only results
travel back. A worker's exception is raised again in the caller, as itself with the worker's
traceback as a note (or as :class:`WorkerFailed` when it cannot be sent).
"""

from __future__ import annotations

import pickle
import signal
import traceback
from typing import Any, Callable, Sequence

#: fewer items than this are done in the calling process (a fork costs a few milliseconds)
MIN_ITEMS = 16


class WorkerFailed(RuntimeError):
    """A worker raised something that could not be sent back, or died; the message says what."""


def fork_map(func: Callable[[Any], Any], items: Sequence, jobs: int,
             report: Callable[[int, int], None] | None = None, min_items: int = MIN_ITEMS) -> list:
    """``[func(x) for x in items]``, by ``jobs`` forked workers when ``jobs`` > 1 and there are at
    least ``min_items`` items; ``report(done, total)`` after each result."""
    report = report or (lambda done, total: None)
    if jobs <= 1 or len(items) < max(min_items, 2):
        out = []
        for x in items:
            out.append(func(x))
            report(len(out), len(items))
        return out
    return _in_workers(func, items, min(jobs, len(items)), report)


def _work(func, items, indices, conn) -> None:
    # Ctrl-C reaches the whole process group: the main process alone decides, and stops the
    # workers itself; SIGTERM from it ends a worker at once
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        for i in indices:
            conn.send((i, func(items[i])))
    except Exception as exc:
        text = traceback.format_exc()
        try:
            conn.send((None, (pickle.dumps(exc), text)))
        except Exception:
            conn.send((None, (None, text)))
    conn.close()


def _in_workers(func, items, jobs: int, report) -> list:
    import multiprocessing
    from multiprocessing.connection import wait

    from quizgen.output import signals_held

    import gc

    context = multiprocessing.get_context("fork")
    # objects made before the fork are left out of the workers' garbage collections: a
    # collection touches every object it tracks, copying the pages the workers share
    gc.freeze()
    results: list = [None] * len(items)
    got = [False] * len(items)
    workers: dict = {}
    try:
        # a signal during the forks is held (a child inherits the recording handler and keeps
        # it until it ignores SIGINT), then raised here, after every child has started
        with signals_held():
            for w in range(jobs):
                reader, writer = context.Pipe(duplex=False)
                proc = context.Process(target=_work, args=(func, items, range(w, len(items), jobs), writer),
                                       daemon=True)
                proc.start()
                writer.close()  # the child holds the other end: EOF here when it is done
                workers[reader] = proc
        done, pending = 0, dict(workers)
        while pending:
            for conn in wait(list(pending)):
                try:
                    index, payload = conn.recv()
                except EOFError:
                    proc = pending.pop(conn)
                    proc.join()
                    _check_exit(proc.exitcode)
                    continue
                if index is None:
                    raise _worker_error(*payload)
                results[index], got[index] = payload, True
                done += 1
                report(done, len(items))
    except BaseException:
        for proc in workers.values():
            proc.kill()  # an interrupted run stops now, not after every queued item
        raise
    finally:
        for conn, proc in workers.items():
            proc.join()
            conn.close()
        gc.unfreeze()
    if not all(got):
        raise WorkerFailed(f"{got.count(False)} of {len(items)} items were never done")
    return results


def _worker_error(pickled: bytes | None, text: str) -> BaseException:
    """A worker's exception as itself (so that callers catch it as usual), its traceback as a note."""
    try:
        exc = pickle.loads(pickled) if pickled is not None else None
    except Exception:
        exc = None
    if exc is None:
        return WorkerFailed(f"a worker failed:\n{text}")
    exc.add_note(f"raised in a worker process:\n{text}")
    return exc


def _check_exit(code: int | None) -> None:
    if code == 0:
        return
    if code in (-signal.SIGINT, -signal.SIGTERM):
        raise KeyboardInterrupt  # someone stopped the process group: stop like Ctrl-C
    raise WorkerFailed(f"a worker stopped unexpectedly (exit code {code})")
