"""Write ``quizgen/figures/metrics.py``: the advance widths of the DejaVu Sans faces the figures use.

Figures are laid out (margins, legend boxes, label collisions) from these widths, so the plotter
needs no font library at run time; the fonts themselves are matplotlib's copies, the same files
typst is given for the PDFs. Run again after changing :data:`CHARACTERS`;
``tests/test_figure_text.py`` compares the table with the font files.

    python tools/font_metrics.py
"""

from __future__ import annotations

import os
from pathlib import Path

FACES = {"regular": "DejaVuSans.ttf", "oblique": "DejaVuSans-Oblique.ttf", "bold": "DejaVuSans-Bold.ttf"}
CHARACTERS = "".join(
    [chr(c) for c in range(0x20, 0x7F)]
    + [chr(c) for c in range(0xA0, 0x180)]
    + [chr(c) for c in range(0x391, 0x3CA)] + ["ϵϑϕϱ"]
    + [chr(c) for c in range(0x2070, 0x209D)]
    + ["–—‘’“”…′″−×÷·≈≠≤≥→←↑↓⇒∞∇√∑∏∂∫‖∥⊤∈∝∼⁄•●○★☆✓"]
)
TARGET = Path(__file__).resolve().parent.parent / "quizgen" / "figures" / "metrics.py"


def main() -> None:
    from matplotlib import ft2font

    from quizgen.figures.text import font_dir

    folder = font_dir()
    lines = ['"""Advance widths of DejaVu Sans (font units), written by ``tools/font_metrics.py``: do not edit."""',
             "", "# fmt: off"]
    regular = ft2font.FT2Font(os.fspath(folder / FACES["regular"]))
    lines += [f"UNITS_PER_EM = {regular.units_per_EM}", f"ASCENDER = {regular.ascender}",
              f"DESCENDER = {regular.descender}", "WIDTHS = {"]
    for face, file in FACES.items():
        font = ft2font.FT2Font(os.fspath(folder / file))
        widths = {}
        for ch in CHARACTERS:
            if font.get_char_index(ord(ch)):
                widths[ch] = font.load_char(ord(ch), flags=ft2font.LoadFlags.NO_SCALE).horiAdvance
        lines.append(f"    {face!r}: {widths!r},")
    lines += ["}", ""]
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {TARGET} ({len(CHARACTERS)} characters × {len(FACES)} faces)")


if __name__ == "__main__":
    main()
