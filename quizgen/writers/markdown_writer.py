"""Markdown: one ``.md`` per sheet, key and summary; figures as SVG files in a folder beside them.

Math stays as ``$…$`` (GitHub, Obsidian and pandoc read it); images use relative links.
"""

from quizgen.render import MARKDOWN_DOLLARS
from quizgen.writers import Writer
from quizgen.writers.documents import DocumentFormat, beside

MARKDOWN = DocumentFormat(folder="markdown", suffix=".md", text=MARKDOWN_DOLLARS, figure=beside)
WRITER = Writer("md", "Markdown sheets and answer keys with $…$ math and figures as files beside them",
                MARKDOWN.render)
