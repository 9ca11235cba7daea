"""A small, safe evaluator for the arithmetic in worked steps (no names but a few math functions).

Numbers are read as exact decimals and + − × ÷ and whole powers are done in exact fractions,
so a step lands where hand or calculator arithmetic lands: 1.15² is 1.3225 and rounds to
1.323, where binary floating point (1.3224999…) would round down. Functions (sqrt, log, …)
and non-whole powers fall back to floats, whose last-digit noise no student sees.
"""

from __future__ import annotations

import ast
import math
import operator
from fractions import Fraction
from typing import Callable

_BINARY: dict[type, Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: lambda a, b: _power(a, b),
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos}
FUNCTIONS: dict[str, Callable[..., float]] = {
    "log": math.log, "ln": math.log, "log10": math.log10, "exp": math.exp, "sqrt": math.sqrt,
    "ceil": math.ceil, "floor": math.floor, "abs": abs, "cos": math.cos, "sin": math.sin,
    "min": min, "max": max,
}
CONSTANTS = {"pi": math.pi}


_EXACT_POWER_LIMIT = 256  # beyond this a whole power of a fraction grows needlessly long


def _power(base, exponent):
    """Exact for a fraction raised to a modest whole power, a float otherwise."""
    if isinstance(exponent, Fraction) and exponent.denominator == 1 and abs(exponent) <= _EXACT_POWER_LIMIT:
        return base ** int(exponent)
    return float(base) ** float(exponent)


class ArithmeticError_(ValueError):
    """An expression that is not plain arithmetic, or that cannot be evaluated."""


def evaluate(expr: str) -> float:
    """Evaluate ``expr`` (numbers, + − × ÷ ** // %, parentheses, FUNCTIONS, pi) to a float,
    exactly (then rounded once to the nearest float) wherever only + − × ÷ and whole powers occur."""
    try:
        tree = ast.parse(expr, mode="eval")
    except SyntaxError as exc:
        raise ArithmeticError_(f"not an arithmetic expression: {expr!r}") from exc

    def ev(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            return Fraction(ast.get_source_segment(expr, node))  # the decimal as written, exactly
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            return _BINARY[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
            return _UNARY[type(node.op)](ev(node.operand))
        if isinstance(node, ast.Name) and node.id in CONSTANTS:
            return CONSTANTS[node.id]
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS
                and not node.keywords):
            return FUNCTIONS[node.func.id](*(ev(a) for a in node.args))
        raise ArithmeticError_(f"unsupported element {ast.dump(node)[:60]} in {expr!r}")

    try:
        value = ev(tree)
        if isinstance(value, complex):
            raise ValueError("the result is not a real number")
        return float(value)
    except (ArithmeticError, ValueError, OverflowError, TypeError) as exc:
        if isinstance(exc, ArithmeticError_):
            raise
        raise ArithmeticError_(f"cannot evaluate {expr!r}: {exc}") from exc


def literals(expr: str) -> list[str]:
    """The numeric literals of ``expr`` as written (e.g. ``['0.8', '10', '3']``)."""
    tree = ast.parse(expr, mode="eval")
    nodes = [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, (int, float))]
    return [ast.get_source_segment(expr, n) for n in sorted(nodes, key=lambda n: n.col_offset)]
