"""Draw every figure of a quiz once (in parallel with ``jobs`` > 1), shared by the writers."""

from __future__ import annotations

import json

from quizgen.assemble import Quiz
from quizgen.parallel import fork_map
from quizgen.writers import RenderOptions

#: a figure takes a millisecond or two, a forked worker several to start: worth it only for many
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

    Figures with the same content (kind and data) are drawn once; with ``jobs`` > 1 and
    enough of them, by forked workers (:func:`quizgen.parallel.fork_map`).
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
    svgs = fork_map(_svg, figs, options.jobs, report, min_items=PARALLEL_FROM)
    options.cache["svg"] = {key: svgs[i] for key, i in zip(keys, which)}
    return options.cache["svg"]
