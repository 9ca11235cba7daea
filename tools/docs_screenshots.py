"""Page images of the PDFs for the README: `python3 tools/docs_screenshots.py` writes docs/pdf-*.png.

Needs the test dependencies (pypdfium2 renders the pages). The HTML pages' images in docs/ come
from Chromium's print of the same documents (tests/test_print_html.py shows how they are printed).
"""

import tempfile
from pathlib import Path

import pypdfium2 as pdfium

from quizgen.api import build
from quizgen.writers import Layout

DOCS = Path(__file__).resolve().parents[1] / "docs"


def page_png(pdf: Path, index: int, out: Path, scale: float = 0.9) -> None:
    pdfium.PdfDocument(str(pdf))[index].render(scale=scale).to_pil().convert("L").save(out, optimize=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        plain = build(formats=["pdf"], out=Path(tmp) / "plain").out_dir
        cover = build(formats=["pdf"], out=Path(tmp) / "cover", versions=2,
                      layout=Layout(cover=True, points="difficulty", course="ML 101", date="3 December 2026",
                                    instructions="No calculators. 45 minutes.")).out_dir
        stem = "learning-rate-practice-quiz"
        page_png(plain / f"{stem}.pdf", 1, DOCS / "pdf-sheet.png")
        page_png(plain / f"{stem}-key.pdf", 1, DOCS / "pdf-key.png")
        page_png(cover / f"{stem}-v01.pdf", 0, DOCS / "pdf-cover.png")
    for name in ("pdf-sheet", "pdf-key", "pdf-cover"):
        print(DOCS / f"{name}.png", (DOCS / f"{name}.png").stat().st_size // 1024, "KB")


if __name__ == "__main__":
    main()
