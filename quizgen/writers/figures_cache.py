"""Draw every figure of a quiz once (in parallel with ``jobs`` > 1), shared by the writers."""

from __future__ import annotations

from quizgen.assemble import Quiz
from quizgen.writers import RenderOptions


PARALLEL_FROM = 8


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group: workers leave it to the main process, which
    # stops them at once (no worker tracebacks, no waiting for their queue to drain)
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _svg(figure):
    from quizgen.figures import render_svg

    return render_svg(figure)


def quiz_svgs(quiz: Quiz, options: RenderOptions) -> dict[tuple[int, int, int], bytes]:
    """(version number, question number, figure index) → SVG bytes."""
    if "svg" in options.cache:
        return options.cache["svg"]
    keys, figs = [], []
    for v in quiz.versions:
        for n, q in enumerate(v.questions, 1):
            for i, f in enumerate(q.figures):
                keys.append((v.number, n, i))
                figs.append(f)
    report = options.progress or (lambda done, total: None)
    svgs = []
    report(0, len(figs))
    # a worker pool costs a fraction of a second to start: worth it only for many figures
    if options.jobs > 1 and len(figs) >= PARALLEL_FROM:
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(max_workers=options.jobs, initializer=_worker_init)
        try:
            from quizgen.output import signals_held

            # the workers are forked here: holding signals meanwhile means a Ctrl-C cannot catch a
            # worker before its initializer ignores it (it would print a traceback); map keeps the
            # input order, so the files do not depend on which worker finished first
            with signals_held():
                drawn = pool.map(_svg, figs, chunksize=max(1, len(figs) // (8 * options.jobs)))
            for svg in drawn:
                svgs.append(svg)
                report(len(svgs), len(figs))
            pool.shutdown()  # inside: an interrupt while the pool winds down is stopped the same way
        except BaseException:
            _stop(pool)
            raise
    else:
        for f in figs:
            svgs.append(_svg(f))
            report(len(svgs), len(figs))
    options.cache["svg"] = dict(zip(keys, svgs))
    return options.cache["svg"]


def _stop(pool) -> None:
    """End a pool now: cancel what is queued and terminate the workers (an interrupted run
    must stop within moments, not after every queued figure is drawn)."""
    import time

    processes = list(getattr(pool, "_processes", {}).values())  # no public handle on them
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        proc.terminate()
    # one short deadline for all of them, then SIGKILL: a worker caught mid-start may not
    # answer SIGTERM, and waiting for each in turn would add up to seconds
    deadline = time.monotonic() + 0.5
    for proc in processes:
        proc.join(timeout=max(0.0, deadline - time.monotonic()))
    for proc in processes:
        if proc.is_alive():
            proc.kill()
            proc.join(timeout=0.2)
    # concurrent.futures wakes every pool's manager thread at exit; the one of a pool whose
    # workers were just terminated may have closed its pipe already (a race that prints an
    # OSError traceback at exit), so it is waited for and left out of that wake-up
    from concurrent.futures import process as futures_process

    wakeup = getattr(pool, "_executor_manager_thread_wakeup", None)
    if wakeup is not None:
        wakeup._closed = True  # its pipe may be closed under it: never write to it again
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None:
        manager.join(timeout=0.2)
        futures_process._threads_wakeups.pop(manager, None)
