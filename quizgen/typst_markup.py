"""Question text (Markdown with ``$…$`` LaTeX math) as typst markup, for the PDF writer.

Markdown is parsed by the same markdown-it parser as the HTML writer; math goes through
latex2mathml's MathML (a clean tree) and from there into typst's math syntax, so the PDF
shows the same formula the HTML page does, typeset by typst's own math fonts. Everything
that is not markup is escaped: a teacher's title or a family's prose cannot break the page.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache

from quizgen.render import TextFormat

_NS = "{http://www.w3.org/1998/Math/MathML}"

# markup characters typst would read as syntax (emphasis, code, labels, comments, lists …)
_MARKUP_SPECIAL = re.compile(r"([\\*_`#$<>@\[\]~/+=\-'\"])")
# ASCII characters with a meaning in typst math (attachments, fractions, argument separators,
# alignment, strings, grouping); other symbols (−, ·, ×, ≤ …) are written as themselves
_MATH_SPECIAL = set('\\/_^&#$",;()[]{}|*!\'')
_ORDINARY = {"|", "/"}
_MATRIX_FENCES = {("(", ")"), ("[", "]")}
_SPACES = {"0.167em": "thin", "0.222em": "med", "0.278em": "thick", "1em": "quad", "2em": "wide"}
_ACCENTS = {"^": "hat", "ˆ": "hat", "¯": "overline", "‾": "overline", "~": "tilde", "˜": "tilde",
            "˙": "dot", "→": "arrow", "⃗": "arrow"}


def escape(text: str) -> str:
    """Plain text → typst markup that shows it literally."""
    return _MARKUP_SPECIAL.sub(r"\\\1", text)


def string(text: str) -> str:
    """Plain text → a typst string literal (for arguments such as a PDF's title)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- math --------------------------------------------------------------------------------

@lru_cache(maxsize=8192)
def latex_to_typst(latex: str, display: bool = False) -> str:
    """A LaTeX formula as typst math, ``$…$`` (inline) or ``$ … $`` (display)."""
    from latex2mathml.converter import convert

    root = ET.fromstring(convert(latex.strip()))
    body = _children(root)
    return f"$ {body} $" if display else f"${body}$"


def _children(el) -> str:
    parts, upright, skip = [], [], -1
    items = list(el)
    for i, child in enumerate(items):
        if i == skip:
            continue
        if _tag(child) == "mtable" and 0 < i < len(items) - 1 and (items[i - 1].text, items[i + 1].text) in _MATRIX_FENCES:
            # \begin{pmatrix}: the parentheses beside the table become the matrix's own, sized to it
            parts[-1] = _matrix(child, items[i - 1].text)
            skip = i + 1
            continue
        # \mathrm{end} arrives as one upright <mi> per letter: joined into one upright word
        if _tag(child) == "mi" and child.get("mathvariant") == "normal" and len(child.text or "") == 1:
            upright.append(child.text)
            continue
        if upright:
            parts.append(_upright("".join(upright)))
            upright = []
        parts.append(_node(child))
    if upright:
        parts.append(_upright("".join(upright)))
    return " ".join(p for p in parts if p)


def _upright(word: str) -> str:
    return f"upright({_symbol(word)})" if len(word) == 1 else string(word)


def _tag(el) -> str:
    return el.tag.replace(_NS, "")


def _symbol(text: str) -> str:
    return "".join("\\" + c if c in _MATH_SPECIAL else c for c in text)


def _arg(el) -> str:
    """An attachment or function argument, grouped (typst's parentheses group and do not print)."""
    return f"({_node(el)})"


def _node(el) -> str:  # noqa: C901 — one branch per MathML element, flat on purpose
    tag = _tag(el)
    text = (el.text or "").strip() if tag != "mtext" else (el.text or "")
    if tag in ("math", "mstyle", "mpadded", "semantics"):
        return _children(el)
    if tag == "mrow":
        items = list(el)
        if len(items) >= 2 and all(_tag(i) == "mo" and i.get("stretchy") == "true" for i in (items[0], items[-1])):
            # \left( … \right): a fence that grows with its content
            inner = " ".join(_node(i) for i in items[1:-1])
            left, right = (_symbol((i.text or "").strip()) or "." for i in (items[0], items[-1]))
            return f"lr({left} {inner} {right})"
        return _children(el)
    if tag == "mi":
        if len(text) > 1:
            return f'op("{text}")'  # cos, ln, log …
        if el.get("mathvariant") == "bold":
            return f"bold({_symbol(text)})"
        return _symbol(text)
    if tag == "mn":
        return text
    if tag == "mo":
        if len(text) > 1 and text.isalpha():
            return f'op("{text}")'  # max, min, sign, diag, lim
        if text in _ORDINARY:
            # typst spaces | and / as fences and operators; in LaTeX they are ordinary symbols
            return f'class("normal", {_symbol(text)})'
        return _symbol(text)
    if tag == "mtext":
        return "space" if not text.strip() else string(text)
    if tag == "mspace":
        return _SPACES.get(el.get("width", ""), "thin")
    if tag == "msub":
        return f"{_node(el[0])}_{_arg(el[1])}"
    if tag == "msup":
        return f"{_node(el[0])}^{_arg(el[1])}"
    if tag == "msubsup":
        return f"{_node(el[0])}_{_arg(el[1])}^{_arg(el[2])}"
    if tag == "mfrac":
        if el.get("linethickness") in ("0", "0px", "0em"):
            return f"binom({_node(el[0])}, {_node(el[1])})"
        return f"frac({_node(el[0])}, {_node(el[1])})"
    if tag == "msqrt":
        return f"sqrt({_children(el)})"
    if tag == "mroot":
        return f"root({_node(el[1])}, {_node(el[0])})"
    if tag == "mover":
        accent = _ACCENTS.get((el[1].text or "").strip())
        if accent:
            return f"{accent}({_node(el[0])})"
        return f"limits({_node(el[0])})^{_arg(el[1])}"
    if tag == "munder":
        return f"limits({_node(el[0])})_{_arg(el[1])}"
    if tag == "munderover":
        return f"limits({_node(el[0])})_{_arg(el[1])}^{_arg(el[2])}"
    if tag == "mtable":
        return _matrix(el, None)
    if tag == "mphantom":
        return f"#hide[${_children(el)}$]"
    raise ValueError(f"no typst form for the MathML element <{tag}> (in a formula)")


def _matrix(table, delim: str | None) -> str:
    rows = [", ".join(_children(cell) for cell in row) for row in table]
    return f"mat(delim: {string(delim) if delim else '#none'}, " + "; ".join(rows) + ")"


# --- Markdown ----------------------------------------------------------------------------

def _inline(tokens) -> str:
    out = []
    for t in tokens:
        kind = t.type
        if kind == "text":
            out.append(escape(t.content))
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append(" \\\n")
        elif kind in ("em_open", "em_close"):
            out.append("_")
        elif kind in ("strong_open", "strong_close"):
            out.append("*")
        elif kind == "code_inline":
            out.append("`" + t.content.replace("`", "'") + "`")
        elif kind == "math_inline":
            out.append(latex_to_typst(t.content, False))
        elif kind == "math_inline_double":
            out.append(latex_to_typst(t.content, True))
        elif kind in ("link_open", "link_close"):
            continue  # the link text stays; a printed sheet has nothing to click
        else:  # an image's alt text, and anything else, as plain text
            out.append(escape(t.content))
    return "".join(out)


def _blocks(tokens) -> str:
    out, lists = [], []
    for t in tokens:
        kind = t.type
        if kind == "inline":
            out.append(_inline(t.children or []))
        elif kind == "paragraph_close":
            if not t.hidden:
                out.append("\n\n")
        elif kind == "bullet_list_open":
            lists.append("- ")
        elif kind == "ordered_list_open":
            lists.append("+ ")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            out.append("\n")
        elif kind == "list_item_open":
            out.append("  " * (len(lists) - 1) + lists[-1])
        elif kind == "list_item_close":
            out.append("\n")
        elif kind == "heading_open":
            out.append("*")
        elif kind == "heading_close":
            out.append("*\n\n")
        elif kind == "math_block":
            out.append(latex_to_typst(t.content, True) + "\n\n")
        elif kind in ("fence", "code_block"):
            out.append("```\n" + t.content + "```\n\n")
    return "".join(out).strip()


def markdown_to_typst(text: str) -> str:
    """Markdown with ``$…$`` math → typst markup (paragraphs, lists, emphasis, math)."""
    from quizgen.render import _markdown

    return _blocks(_markdown("tex").parse(text))


def markdown_to_typst_inline(text: str) -> str:
    """The same for a span (a choice, feedback, a step, a caption)."""
    from quizgen.render import _markdown

    tokens = _markdown("tex").parseInline(text)
    return _inline(tokens[0].children or []) if tokens else ""


TYPST = TextFormat(markdown_to_typst, markdown_to_typst_inline)
"""Question text as typst markup with typst math, for the PDF writer."""
