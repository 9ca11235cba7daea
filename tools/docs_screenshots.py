"""Page images for the README: `python3 tools/docs_screenshots.py` writes docs/*.png.

docs/pdf-*.png are pages of the typst PDFs; docs/sheet.png, key.png, cover.png and summary.png
are the first page of the HTML documents as Chromium prints them (A4). Needs the test
dependencies (pypdfium2 renders the pages, playwright drives Chromium: CHROMIUM may name its
executable, else Debian's /usr/bin/chromium).
"""

import os
import tempfile
from pathlib import Path

import pypdfium2 as pdfium

from quizgen.api import build
from quizgen.writers import Layout

DOCS = Path(__file__).resolve().parents[1] / "docs"


def page_png(pdf: Path, index: int, out: Path, scale: float = 0.9) -> None:
    pdfium.PdfDocument(str(pdf))[index].render(scale=scale).to_pil().convert("L").save(out, optimize=True)


def print_html(folder: Path, pages: dict[str, tuple[str, int]], tmp: Path) -> None:
    """docs/<name>.png: page ``index`` of ``file`` (in ``folder``) as Chromium prints it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                    args=["--no-sandbox"])
        page = browser.new_page()
        for name, (file, index) in pages.items():
            page.goto((folder / file).as_uri())
            pdf = tmp / f"{name}.pdf"
            pdf.write_bytes(page.pdf(format="A4", prefer_css_page_size=True))
            pdfium.PdfDocument(str(pdf))[index].render(scale=1.1).to_pil().quantize(64).save(
                DOCS / f"{name}.png", optimize=True)
        browser.close()


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
        html = build(formats=["html"], out=Path(tmp) / "html", versions=2,
                     layout=Layout(cover=True, points="difficulty", course="ML 101", date="3 December 2026")).out_dir
        printed = {"sheet": (f"{stem}-v01.html", 1), "cover": (f"{stem}-v01.html", 0),
                   "key": (f"{stem}-v01-key.html", 0), "summary": (f"{stem}-summary.html", 0)}
        print_html(html, printed, Path(tmp))
    for name in ("pdf-sheet", "pdf-key", "pdf-cover", *printed):
        print(DOCS / f"{name}.png", (DOCS / f"{name}.png").stat().st_size // 1024, "KB")


if __name__ == "__main__":
    main()
