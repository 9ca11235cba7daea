"""Markdown: one ``.md`` per sheet, key and summary; figures as SVG files in a folder beside them.

Math stays as ``$…$`` (GitHub, Obsidian and pandoc read it); images use relative links.
"""

from __future__ import annotations

from quizgen import __version__
from quizgen.assemble import Quiz
from quizgen.render import DocumentView, document_name, environment, question_view, summary_view
from quizgen.writers import Files, RenderOptions, writer
from quizgen.writers.figures_cache import quiz_svgs


def _identity(text: str) -> str:
    return text


@writer("md", "Markdown sheets and answer keys with $…$ math and figures as files beside them")
def render_markdown(quiz: Quiz, stem: str, options: RenderOptions) -> Files:
    env = environment(options.template_dirs)
    svgs = quiz_svgs(quiz, options)
    generator = f"quizgen {__version__}"
    folder = f"{stem}-figures"
    files: Files = {}
    for v in quiz.versions:
        name = document_name(stem, v, quiz.total_versions)
        prefix = "" if quiz.total_versions == 1 else f"v{v.number:02d}-"

        def src(qn: int, i: int, prefix=prefix) -> str:
            return f"{folder}/{prefix}q{qn:02d}-{i + 1}.svg"

        questions = tuple(question_view(q, n, _identity, src) for n, q in enumerate(v.questions, 1))
        for q in questions:
            for i, fig in enumerate(q.figures):
                files[fig.src] = svgs[(v.number, q.number, i)]
        for is_key, suffix, template in ((False, "", "markdown/sheet.md"), (True, "-key", "markdown/key.md")):
            doc = DocumentView(
                title=quiz.title, heading=quiz.title + (" — answer key" if is_key else ""), code=v.code,
                number=v.number, total_versions=quiz.total_versions, is_key=is_key, questions=questions,
                generator=generator,
            )
            files[f"{name}{suffix}.md"] = env.get_template(template).render(doc=doc).encode("utf-8")
    if quiz.complete:  # as in HTML: a rebuilt single version has no summary
        summary = summary_view(quiz, generator)
        files[f"{stem}-summary.md"] = env.get_template("markdown/summary.md").render(doc=summary).encode("utf-8")
    return files
