"""Printed numbers and worked calculations, each written once.

A :class:`Num` is a number as a student sees it: its printed text (``'0.1216'``,
``'1.2e-5'``), the value of that text, and its LaTeX (``1.2 \\times 10^{-5}``); templates
insert it as LaTeX. A :class:`Calc` is one worked calculation, written once as an
expression over named printed values::

    r = calc("1 - eta*a", eta=num(0.1), a=2)     # r.work: '1 - 0.1 \\cdot 2 = 0.8'
    x = calc("r**k * x0", r=r, k=5, x0=-3)       # uses r as printed, 0.8

From that one expression come the page's LaTeX (``r.work``), the printed result (``r`` itself,
a :class:`Num`) and the checker's Python expression with the printed numbers (``r.expr``);
the arithmetic is exact on the printed decimals (:mod:`quizgen.arith`), as by hand.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass
from typing import Union

from quizgen.arith import evaluate
from quizgen.question import Rounding

SIG4 = Rounding(sig=4)


def _tex(text: str) -> str:
    if "e" in text:
        mant, exp = text.split("e")
        return rf"{mant} \times 10^{{{int(exp)}}}"
    return text


@dataclass(frozen=True)
class Num:
    """A printed number: ``text`` in Python syntax, ``value`` its value, ``exact`` the unrounded
    value it was printed from (the same as ``value`` for numbers that were given exactly)."""

    text: str
    value: float
    exact: float

    @property
    def tex(self) -> str:
        return _tex(self.text)

    @property
    def negative(self) -> bool:
        return self.text.startswith("-")

    def __str__(self) -> str:  # what a template shows: the LaTeX form
        return self.tex

    def __float__(self) -> float:
        return self.value


Value = Union[Num, int, float, "Calc"]


def num(x: float, rounding: Rounding | None = None, *, sig: int | None = None, decimals: int | None = None) -> Num:
    """A value as printed: rounded by ``rounding`` (or ``sig=``/``decimals=``), else exactly.

    Without a rule the number must be a short decimal (a drawn parameter such as 0.05 or 3);
    anything longer needs a rounding rule, so no long float is ever printed by accident.
    """
    if isinstance(x, Num):
        return x
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"cannot print the non-finite value {x!r}")
    if sig is not None or decimals is not None:
        rounding = Rounding(sig=sig, decimals=decimals)
    if rounding is not None:
        text = rounding.format(x)
    else:
        text = repr(x)
        if "e" in text or len(text) > 12:
            raise ValueError(f"{x!r} is not a short decimal: give it a rounding rule, e.g. num(x, sig=4)")
        text = text[:-2] if text.endswith(".0") else text
    return Num(text, float(text), x)


def as_num(value: Value) -> Num:
    """Ints, short floats, Nums and Calcs (their result) as printed numbers."""
    if isinstance(value, Calc):
        return value.result
    if isinstance(value, bool):
        raise TypeError("a truth value is not a number")
    return num(value)


# --- expressions to LaTeX ----------------------------------------------------------------

_PREC = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.Div: 2, ast.Pow: 4}
_FUNCS = {"cos": r"\cos", "sin": r"\sin", "ln": r"\ln", "log": r"\ln", "log10": r"\log_{10}", "min": r"\min",
          "max": r"\max"}


class _Latex:
    """LaTeX of an arithmetic expression whose names stand for printed numbers."""

    def __init__(self, names: dict[str, Num]) -> None:
        self.names = names
        self.nested = 0  # inside a fraction or a function's brackets, division is written a/b

    def __call__(self, node: ast.AST) -> tuple[str, int]:
        """(LaTeX, precedence) of a node; a negative number counts as a sum (it needs brackets)."""
        if isinstance(node, ast.Expression):
            return self(node.body)
        if isinstance(node, ast.Name):
            if node.id == "pi":
                return r"\pi", 9
            n = self.names[node.id]
            # a negative number needs brackets like a sum; 1.2 × 10⁻⁵ like a product
            return n.tex, (1 if n.negative else 2 if "times" in n.tex else 9)
        if isinstance(node, ast.Constant):
            return _tex(repr(node.value) if isinstance(node.value, float) else str(node.value)), 9
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            inner, p = self(node.operand)
            return f"-{self._wrap(inner, p, 2)}", 1
        if isinstance(node, ast.BinOp):
            return self._binop(node)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            self.nested += 1
            args = [self(a)[0] for a in node.args]
            self.nested -= 1
            return self._call(node.func.id, args), 9
        raise ValueError(f"cannot typeset {ast.dump(node)[:60]}")

    @staticmethod
    def _wrap(tex: str, prec: int, needed: int) -> str:
        return f"({tex})" if prec < needed else tex

    def _binop(self, node: ast.BinOp) -> tuple[str, int]:
        op = type(node.op)
        if op is ast.Div and not self.nested:
            self.nested += 1
            (left, _), (right, _) = self(node.left), self(node.right)
            self.nested -= 1
            return rf"\frac{{{left}}}{{{right}}}", 8  # an atom, but bracketed as a power's base
        if op is ast.Pow:  # an exponent is written small: a/b there, not a fraction
            (left, lp) = self(node.left)
            self.nested += 1
            right = self(node.right)[0]
            self.nested -= 1
            return f"{self._wrap(left, lp, 9)}^{{{right}}}", 4
        (left, lp), (right, rp) = self(node.left), self(node.right)
        if op is ast.Div:
            return f"{self._wrap(left, lp, 2)}/{self._wrap(right, rp, 3)}", 2
        prec = _PREC[op]
        if op is ast.Mult:
            return rf"{self._wrap(left, lp, 2)} \cdot {self._wrap(right, rp, 3)}", 2
        sign = "+" if op is ast.Add else "-"
        return f"{left} {sign} {self._wrap(right, rp, 2)}", prec

    @staticmethod
    def _call(name: str, args: list[str]) -> str:
        if name == "sqrt":
            return rf"\sqrt{{{args[0]}}}"
        if name == "exp":
            return rf"e^{{{args[0]}}}"
        if name == "abs":
            return rf"\left|{args[0]}\right|"
        if name in ("ceil", "floor"):
            left, right = (r"\lceil ", r" \rceil") if name == "ceil" else (r"\lfloor ", r" \rfloor")
            return left + args[0] + right
        return rf"{_FUNCS[name]}({', '.join(args)})"


def _python(node: ast.AST, names: dict[str, Num]) -> str:
    """The expression with every name replaced by its printed number (what the checker evaluates)."""

    class Substitute(ast.NodeTransformer):
        def visit_Name(self, n: ast.Name) -> ast.AST:
            if n.id in names:
                return ast.Name(id=f"__{n.id}__", ctx=n.ctx)
            return n

    text = ast.unparse(Substitute().visit(node))
    for name, value in names.items():
        text = text.replace(f"__{name}__", f"({value.text})" if value.negative else value.text)
    return text


@dataclass(frozen=True)
class Calc:
    """One worked calculation: ``latex = result``, checkable from the printed numbers.

    ``expr`` is the Python arithmetic with the printed numbers substituted, ``latex`` the
    same typeset, ``result`` the printed result. In a template, ``<< c >>`` shows the result
    and ``<< c.work >>`` the whole calculation (which marks the step as the one it checks).
    """

    expr: str
    latex: str
    result: Num
    rounding: Rounding

    @property
    def work(self) -> str:
        from quizgen.exercise import shown  # the step being rendered records what it computes

        shown(self)
        return f"{self.latex} = {self.result.tex}"

    @property
    def value(self) -> float:
        return self.result.value

    @property
    def text(self) -> str:
        return self.result.text

    @property
    def tex(self) -> str:
        return self.result.tex

    def __str__(self) -> str:
        return self.result.tex

    def __float__(self) -> float:
        return self.result.value


def calc(expr: str, rounding: Rounding = SIG4, **values: Value) -> Calc:
    """Evaluate ``expr`` over the printed ``values`` (names in the expression) and print the result.

    ``calc("1 - eta*a", eta=num(0.1), a=2)`` → ``1 - 0.1 \\cdot 2 = 0.8``. Functions: sqrt,
    exp, ln/log, log10, cos, sin, abs, ceil, floor, min, max; the constant pi.
    """
    names = {k: as_num(v) for k, v in values.items()}
    tree = ast.parse(expr, mode="eval")
    unknown = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - set(names) - {"pi"} - set(_FUNCS) - {
        "sqrt", "exp", "abs", "ceil", "floor"}
    if unknown:
        raise NameError(f"calc({expr!r}) has no value for {', '.join(sorted(unknown))}")
    latex = _Latex(names)(tree)[0]
    python = _python(tree, names)  # (rewrites the tree's names: typeset first)
    return Calc(python, latex, num(evaluate(python), rounding), rounding)


# --- formulas as a teacher writes them -----------------------------------------------------

def _text(number: Value | str) -> str:
    """The printed text of a number given as a Num, Calc, int, float (4 significant figures) or text."""
    if isinstance(number, str):
        return number
    if isinstance(number, (Num, Calc)):
        return number.text
    if isinstance(number, bool):
        raise TypeError("a truth value is not a number")
    if isinstance(number, int):
        return str(number)
    return SIG4.format(float(number))


def tex(number: Value | str) -> str:
    """The LaTeX form of a printed number: ``'1.2e-7'`` → ``1.2 \\times 10^{-7}``, ``'-3'`` → ``-3``."""
    return _tex(_text(number))


def paren(number: Value | str) -> str:
    """A printed number wrapped in parentheses when negative (for products like 0.1·(−2))."""
    s = tex(number)
    return f"({s})" if s.startswith("-") else s


def coef(number: Value | str, var: str) -> str:
    """A coefficient times a symbol as written by hand: ``x`` for 1, ``-x`` for −1, ``3x``,
    ``2.5\\theta``, ``1.2 \\times 10^{-3}\\,x`` (a power of ten keeps a thin space)."""
    text = tex(number)
    if text in ("1", "1.0"):
        return var
    if text in ("-1", "-1.0"):
        return f"-{var}"
    return f"{text}\\,{var}" if "times" in text else f"{text}{var}"


def signed(number: Value | str) -> str:
    """A term added to what precedes it: ``+ 3``, ``- 3`` (never ``+ -3``)."""
    text = tex(number)
    return f"- {text[1:]}" if text.startswith("-") else f"+ {text}"


def half_quadratic(a: Value | str, centre: Value | str = "0", var: str = "w") -> str:
    """LaTeX for (a/2)·(var − centre)² from the printed curvature ``a``, simplified the way
    a teacher writes it: ``\\frac{5}{2}w^2`` (odd a), ``w^2`` (a = 2), ``3(w - 1)^2`` (a = 6),
    ``0.25\\theta^2`` (a = 0.5), ``\\frac{1}{2}(\\theta + 3)^2`` (a = 1, centre = −3)."""
    from decimal import Decimal

    a = _exact_text(a)
    centre = _exact_text(centre)
    if centre in ("0", "0.0"):
        body = f"{var}^2"
    else:
        inner = f"{var} + {centre[1:]}" if centre.startswith("-") else f"{var} - {centre}"
        body = f"({inner})^2"
    half = Decimal(a) / 2
    if Decimal(a) == Decimal(a).to_integral_value() and half != half.to_integral_value():
        return rf"\frac{{{a}}}{{2}}" + body  # odd whole a: ½ stays visible
    c = format(half.normalize(), "f")
    return body if c == "1" else c + body


def _exact_text(number: Value | str) -> str:
    return number if isinstance(number, str) else num(number).text if not isinstance(number, (Num, Calc)) else _text(number)
