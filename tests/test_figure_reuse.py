"""Drawing faster changes no byte: ``render_svg`` (one kept matplotlib Figure per figure
shape, a process-wide text cache) gives the SVG a new Figure saved by matplotlib's own
``savefig`` gives, for every figure kind and scale, in mixed order; and a quiz's identical
figures are drawn once."""

from __future__ import annotations

import dataclasses
import io

from quizgen.assemble import assemble


def _reference_svg(figure) -> bytes:
    """The SVG of a new Figure, saved the plain matplotlib way (no kept Figure, no shared cache)."""
    import matplotlib

    from quizgen.figures import _RC, draw

    with matplotlib.rc_context(_RC):
        fig = draw(figure)
        buf = io.BytesIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "quizgen"})
    return buf.getvalue()


def test_kept_figures_draw_the_same_bytes_as_new_ones(bank):
    from quizgen.figures import _shape, render_svg

    plotted = [f for f in bank if f.plot]
    # two versions of every plotted family, one after another: each kept Figure is reused by
    # figures of other data (other limits, tick counts, legends, titles) after other shapes
    quiz = assemble(plotted, seed=11, versions=2, title="Reuse")
    figures = [f for v in quiz.versions for q in v.questions for f in q.figures]
    shapes = {_shape(f) for f in figures}
    assert len(shapes) >= 4 and len(figures) > len(shapes), shapes  # the test really reuses Figures
    for figure in figures:
        assert render_svg(figure) == _reference_svg(figure), f"{figure.kind} differs from a new Figure's SVG"


def test_identical_figures_are_drawn_once(bank, monkeypatch):
    from quizgen.writers import RenderOptions
    from quizgen.writers import figures_cache

    drawn = []
    monkeypatch.setattr(figures_cache, "_svg", lambda f: drawn.append(f) or f"<svg>{len(drawn)}</svg>".encode())
    quiz = assemble([bank["gd.quadratic.after_k_steps"]], seed=2, versions=3, title="Twice")
    first = quiz.versions[0]
    # version 3 repeats version 1's questions (and so its figure data) exactly
    quiz = dataclasses.replace(quiz, versions=(*quiz.versions[:2], dataclasses.replace(quiz.versions[2],
                                                                                      questions=first.questions)))
    svgs = figures_cache.quiz_svgs(quiz, RenderOptions(jobs=1))
    assert len(drawn) == 2
    assert svgs[(3, 1, 0)] == svgs[(1, 1, 0)] != svgs[(2, 1, 0)]
