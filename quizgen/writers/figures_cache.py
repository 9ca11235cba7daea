"""Draw every figure of a quiz once (in parallel with ``jobs`` > 1), shared by the writers."""

from __future__ import annotations

from quizgen.assemble import Quiz
from quizgen.writers import RenderOptions


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
    if options.jobs > 1 and len(figs) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=options.jobs) as pool:
            svgs = list(pool.map(_svg, figs, chunksize=max(1, len(figs) // (4 * options.jobs))))
    else:
        svgs = [_svg(f) for f in figs]
    options.cache["svg"] = dict(zip(keys, svgs))
    return options.cache["svg"]
