"""HTML: a student sheet and an answer key per version, and a teacher summary.

Each file is self-contained: figures are SVG data URIs, math is MathML made at build
time, the stylesheet is inline — the page makes no network request of any kind.
"""

from quizgen.render import HTML_MATHML
from quizgen.writers import Writer
from quizgen.writers.documents import DocumentFormat, embedded

HTML = DocumentFormat(folder="html", suffix=".html", text=HTML_MATHML, figure=embedded)
WRITER = Writer("html", "printable HTML sheets and answer keys, self-contained (figures and math embedded)",
                HTML.render)
