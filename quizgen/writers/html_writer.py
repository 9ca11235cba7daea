"""HTML: a student sheet and an answer key per version, and a teacher summary.

Each file is self-contained: figures are SVG data URIs, math is MathML made at build
time, the stylesheet is inline — the page makes no network request of any kind.
"""

from __future__ import annotations

from quizgen import __version__
from quizgen.assemble import Quiz
from quizgen.render import (DocumentView, document_name, environment, markdown_to_html, markdown_to_html_inline,
                            question_view, summary_view, svg_data_uri)
from quizgen.writers import Files, RenderOptions, writer
from quizgen.writers.figures_cache import quiz_svgs


@writer("html", "printable HTML sheets and answer keys, self-contained (figures and math embedded)")
def render_html(quiz: Quiz, stem: str, options: RenderOptions) -> Files:
    env = environment(options.template_dirs)
    svgs = quiz_svgs(quiz, options)
    generator = f"quizgen {__version__}"
    total = quiz.total_versions
    files: Files = {}
    for v in quiz.versions:
        name = document_name(stem, v, total)
        questions = tuple(
            question_view(q, n, markdown_to_html, lambda qn, i, v=v: svg_data_uri(svgs[(v.number, qn, i)]),
                          markdown_to_html_inline)
            for n, q in enumerate(v.questions, 1)
        )
        for is_key, suffix, template in ((False, "", "html/sheet.html"), (True, "-key", "html/key.html")):
            doc = DocumentView(
                title=quiz.title, heading=quiz.title + (" — answer key" if is_key else ""), code=v.code,
                number=v.number, total_versions=total, is_key=is_key, questions=questions, generator=generator,
            )
            files[f"{name}{suffix}.html"] = env.get_template(template).render(doc=doc).encode("utf-8")
    if quiz.complete:  # the summary lists every version: not written when one is rebuilt alone
        summary = summary_view(quiz, generator)
        files[f"{stem}-summary.html"] = env.get_template("html/summary.html").render(doc=summary).encode("utf-8")
    return files
