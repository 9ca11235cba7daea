"""Draw every figure of a quiz once (in parallel with ``jobs`` > 1), shared by the writers."""

from __future__ import annotations

import json
import signal
import traceback

from quizgen.assemble import Quiz
from quizgen.writers import RenderOptions


PARALLEL_FROM = 100


def _svg(figure):
    from quizgen.figures import render_svg

    return render_svg(figure)


def _content(figure):
    """A figure's whole content as text (equal texts draw byte-identical SVGs), or the
    figure's identity when its data is not plain JSON (then it is drawn on its own)."""
    try:
        return json.dumps([figure.kind, figure.data], sort_keys=True, allow_nan=True)
    except (TypeError, ValueError):
        return id(figure)


def quiz_svgs(quiz: Quiz, options: RenderOptions) -> dict[tuple[int, int, int], bytes]:
    """(version number, question number, figure index) → SVG bytes.

    Figures with the same content (kind and data) are drawn once. With ``jobs`` > 1 and
    enough figures to be worth starting processes for, forked workers draw them.
    """
    if "svg" in options.cache:
        return options.cache["svg"]
    keys, which, figs = [], [], []
    index: dict = {}
    for v in quiz.versions:
        for n, q in enumerate(v.questions, 1):
            for i, f in enumerate(q.figures):
                keys.append((v.number, n, i))
                content = _content(f)
                if content not in index:
                    index[content] = len(figs)
                    figs.append(f)
                which.append(index[content])
    report = options.progress or (lambda done, total: None)
    report(0, len(figs))
    svgs = []
    # a figure takes about a millisecond, a forked worker several to start: worth it only for many
    if options.jobs > 1 and len(figs) >= PARALLEL_FROM:
        svgs += _draw_in_workers(figs, options.jobs, report)
    else:
        for f in figs:
            svgs.append(_svg(f))
            report(len(svgs), len(figs))
    options.cache["svg"] = {key: svgs[i] for key, i in zip(keys, which)}
    return options.cache["svg"]


class WorkerFailed(RuntimeError):
    """A figure worker raised or died; the message carries its traceback or exit code."""


def _work(figs, indices, conn) -> None:
    # Ctrl-C reaches the whole process group: the main process alone decides, and stops the
    # workers itself; SIGTERM from it ends a worker at once
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        for i in indices:
            conn.send((i, _svg(figs[i])))
    except Exception:
        conn.send((None, traceback.format_exc()))
    conn.close()


def _draw_in_workers(figs, jobs: int, report) -> list[bytes]:
    """Forked workers, each drawing every ``jobs``-th figure and sending each SVG back at once.

    Plain processes and pipes rather than a pool: no manager thread, no queues and no exit hooks
    that an interrupt could catch halfway (``concurrent.futures`` printed tracebacks from those),
    and the figures reach the workers by fork instead of by pickling.
    """
    import multiprocessing
    from multiprocessing.connection import wait

    from quizgen.output import signals_held

    context = multiprocessing.get_context("fork")
    svgs: list[bytes | None] = [None] * len(figs)
    workers: dict = {}
    try:
        # a signal during the forks is held (a child inherits the recording handler and keeps
        # it until it ignores SIGINT), then raised here, after every child has started
        with signals_held():
            for w in range(jobs):
                reader, writer = context.Pipe(duplex=False)
                proc = context.Process(target=_work, args=(figs, range(w, len(figs), jobs), writer),
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
                    raise WorkerFailed(f"drawing a figure failed:\n{payload}")
                svgs[index] = payload
                done += 1
                report(done, len(figs))
    except BaseException:
        for proc in workers.values():
            proc.kill()  # an interrupted run stops now, not after every queued figure
        raise
    finally:
        for conn, proc in workers.items():
            proc.join()
            conn.close()
    missing = [i for i, s in enumerate(svgs) if s is None]
    if missing:
        raise WorkerFailed(f"{len(missing)} figures were never drawn")
    return svgs  # type: ignore[return-value]


def _check_exit(code: int | None) -> None:
    if code == 0:
        return
    if code in (-signal.SIGINT, -signal.SIGTERM):
        raise KeyboardInterrupt  # someone stopped the process group: stop like Ctrl-C
    raise WorkerFailed(f"a figure worker stopped unexpectedly (exit code {code})")
