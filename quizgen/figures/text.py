"""Figure text: the small part of TeX math that labels use, measured and written as SVG.

A label is plain text with optional ``$…$`` math (as in matplotlib): ``"step $k$"``,
``"loss $f(\\mathbf{x}_k)$"``, ``"$2/\\lambda_{\\max}$"``. Inside math, Latin letters are
italic, ``\\mathbf{…}`` is bold, ``\\max``-like operators and digits are upright, ``_`` and
``^`` make sub- and superscripts, ``\\eta``-like names become their Greek letters and ``-`` a
minus sign; an unknown command prints as its name. :func:`runs` turns a label into styled
pieces, :func:`measure` sizes them from the font table in :mod:`.metrics` (no font library
at run time) and :func:`svg_text` writes them as one ``<text>`` element.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from dataclasses import dataclass
from xml.sax.saxutils import escape

from quizgen.figures.metrics import UNITS_PER_EM, WIDTHS

#: glyph extent above and below the baseline, in em (DejaVu Sans: 'd' and 'p')
ASCENT, DESCENT = 0.76, 0.24
SCRIPT_SCALE = 0.7
SUB_SHIFT, SUP_SHIFT = -0.2, 0.36  # baseline shift of a script, in em of the surrounding text
_FALLBACK = 0.6  # em, for a character the table lacks

GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "ϕ", "varphi": "φ",
    "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ",
    "Lambda": "Λ", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}
SYMBOLS = {
    "cdot": "·", "times": "×", "approx": "≈", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥",
    "neq": "≠", "to": "→", "rightarrow": "→", "infty": "∞", "nabla": "∇", "partial": "∂",
    "sqrt": "√", "sum": "∑", "|": "‖", "propto": "∝", "sim": "∼", "in": "∈", "top": "⊤",
    "prime": "′", ",": " ", ";": " ", "quad": "  ", "{": "{", "}": "}", "%": "%", "_": "_",
}
OPERATORS = {"max", "min", "log", "ln", "exp", "arg", "sup", "inf", "lim", "det", "sin", "cos", "tan"}
_RELATIONS = set("=<>≈≤≥≠→∝∼∈")
_BINARY = set("+−×·")


@dataclass(frozen=True)
class Run:
    """A piece of a label in one face, size (``scale`` × the label's) and baseline ``shift`` (em)."""

    text: str
    face: str = "regular"  # regular | oblique | bold
    scale: float = 1.0
    shift: float = 0.0


def _width_em(text: str, face: str) -> float:
    table, regular = WIDTHS[face], WIDTHS["regular"]
    units = 0
    for ch in text:
        w = table.get(ch) or regular.get(ch)
        units += w if w else _FALLBACK * UNITS_PER_EM
    return units / UNITS_PER_EM


@dataclass(frozen=True)
class Extent:
    """A label's size at a font size: width, and how far it reaches above and below the baseline."""

    width: float
    ascent: float
    descent: float

    @property
    def height(self) -> float:
        return self.ascent + self.descent


@functools.lru_cache(maxsize=4096)
def runs(label: str) -> tuple[Run, ...]:
    """``label`` as styled runs; text outside ``$…$`` is plain, a lone ``$`` is literal."""
    parts = re.split(r"(?<!\\)\$", label)
    if len(parts) % 2 == 0:  # unbalanced: no math at all
        return (Run(label.replace("\\$", "$")),) if label else ()
    out: list[Run] = []
    for i, part in enumerate(parts):
        if not part:
            continue
        if i % 2 == 0:
            out.append(Run(part.replace("\\$", "$")))
        else:
            out += _math(part, 1.0, 0.0)
    return tuple(_merge(out))


def _merge(items: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for r in items:
        if merged and (merged[-1].face, merged[-1].scale, merged[-1].shift) == (r.face, r.scale, r.shift):
            merged[-1] = Run(merged[-1].text + r.text, r.face, r.scale, r.shift)
        elif r.text:
            merged.append(r)
    return merged


_TOKEN = re.compile(r"\\([A-Za-z]+|.)|([A-Za-z])|(\s+)|([{}_^])|(.)", re.S)


def _group(src: str, start: int) -> tuple[str, int]:
    """The text of the ``{…}`` group opening at ``start`` (or the single token there) and the
    index after it."""
    if start >= len(src):
        return "", start
    if src[start] != "{":
        m = _TOKEN.match(src, start)
        return m.group(0), m.end()
    depth, j = 0, start
    while j < len(src):
        if src[j] == "\\":
            j += 2
            continue
        depth += {"{": 1, "}": -1}.get(src[j], 0)
        if depth == 0:
            return src[start + 1: j], j + 1
        j += 1
    return src[start + 1:], len(src)


def _math(src: str, scale: float, shift: float, face: str | None = None) -> list[Run]:
    out: list[Run] = []
    i = 0
    while i < len(src):
        m = _TOKEN.match(src, i)
        command, letter, space, special, other = m.groups()
        i = m.end()
        if space:
            continue
        if special == "{":
            inner, i = _group(src, m.start())
            out += _math(inner, scale, shift, face)
        elif special == "}":
            continue
        elif special in ("_", "^"):
            inner, i = _group(src, i)
            sub = special == "_"
            out += _math(inner, scale * SCRIPT_SCALE, shift + scale * (SUB_SHIFT if sub else SUP_SHIFT), face)
        elif command is not None:
            if command in ("frac", "tfrac", "dfrac"):  # inline, as a/b: (a+1)/2 when a part is long
                top, i = _group(src, i)
                bottom, i = _group(src, i)
                for part, last in ((top, False), (bottom, True)):
                    wrap = len(part.strip()) > 1 and not part.strip().startswith("\\")
                    if wrap:
                        out.append(Run("(", "regular", scale, shift))
                    out += _math(part, scale, shift, face)
                    if wrap:
                        out.append(Run(")", "regular", scale, shift))
                    if not last:
                        out.append(Run("/", "regular", scale, shift))
            elif command in ("mathbf", "mathrm", "mathit", "text", "textrm", "operatorname"):
                inner, i = _group(src, i)
                inner_face = {"mathbf": "bold", "mathit": "oblique"}.get(command, "regular")
                if command in ("text", "textrm", "operatorname"):
                    out.append(Run(inner, "regular", scale, shift))
                else:
                    out += _math(inner, scale, shift, inner_face)
            elif command in GREEK:
                out.append(Run(GREEK[command], face or ("oblique" if command[0].islower() else "regular"),
                               scale, shift))
            elif command in OPERATORS:
                out.append(Run(command, "regular", scale, shift))
            elif command in SYMBOLS:
                out += _symbol(SYMBOLS[command], out, scale, shift)
            else:
                out.append(Run(command, "regular", scale, shift))
        elif letter:
            out.append(Run(letter, face or "oblique", scale, shift))
        else:
            out += _symbol("−" if other == "-" else other, out, scale, shift, face)
    return out


def _symbol(ch: str, before: list[Run], scale: float, shift: float, face: str | None = None) -> list[Run]:
    """A symbol, with space around a relation, and around a binary operator that follows an
    operand (a minus after ``=`` or ``(`` is a sign: −0.5, not − 0.5)."""
    face = "bold" if face == "bold" else "regular"
    previous = "".join(r.text for r in before).rstrip()[-1:]
    operand = bool(previous) and previous not in _RELATIONS | _BINARY | set("([{,")
    if ch in _RELATIONS or (ch in _BINARY and operand and scale == 1.0):
        return [Run(f" {ch} ", face, scale, shift)]
    return [Run(ch, face, scale, shift)]


@functools.lru_cache(maxsize=4096)
def measure(label: str, size: float) -> Extent:
    """The extent of ``label`` set at ``size`` (points)."""
    width, top, bottom = 0.0, 0.0, 0.0
    for r in runs(label):
        width += _width_em(r.text, r.face) * r.scale * size
        top = max(top, (r.shift + ASCENT * r.scale) * size)
        bottom = max(bottom, (DESCENT * r.scale - r.shift) * size)
    return Extent(width, top or ASCENT * size, bottom or DESCENT * size)


def n(v: float) -> str:
    """A coordinate or size to 0.01 pt, without trailing zeros (the SVG's one number format)."""
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def font_dir() -> Path:
    """The folder of the DejaVu Sans files the figures are measured in: matplotlib's copies,
    which typst is also given, so a PDF's figures are set in the very font they were laid out for."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def svg_text(label: str, x: float, y: float, size: float, *, anchor: str = "start", rotate: bool = False,
             fill: str = "") -> str:
    """One ``<text>`` element: ``label`` with its baseline at ``(x, y)``, ``anchor`` start, middle
    or end; ``rotate`` turns it to read upwards about ``(x, y)``."""
    attrs = [f'x="{n(x)}" y="{n(y)}" font-size="{n(size)}"']
    if anchor != "start":
        attrs.append(f'text-anchor="{anchor}"')
    if rotate:
        attrs.append(f'transform="rotate(-90 {n(x)} {n(y)})"')
    if fill:
        attrs.append(f'fill="{fill}"')
    body, baseline = [], 0.0
    pieces = runs(label)
    plain = len(pieces) == 1 and pieces[0].face == "regular" and pieces[0].scale == 1 and not pieces[0].shift
    for r in pieces:
        if plain:
            body.append(escape(r.text))
            break
        a = []
        if r.face == "oblique":
            a.append('font-style="italic"')
        elif r.face == "bold":
            a.append('font-weight="bold"')
        if r.scale != 1:
            a.append(f'font-size="{n(size * r.scale)}"')
        dy = round(-r.shift * size - baseline, 2)  # relative, so rounded steps must add up
        if dy:
            a.append(f'dy="{n(dy)}"')
            baseline += dy
        text = escape(r.text).replace("  ", "\u00a0 ")
        body.append(f"<tspan {' '.join(a)}>{text}</tspan>" if a else f"<tspan>{text}</tspan>")
    return f"<text {' '.join(attrs)}>{''.join(body)}</text>"
