"""Question families written as TOML, for teachers who do not program.

A ``.toml`` file in a ``--bank`` folder defines one family. It becomes an ordinary
:class:`~quizgen.bank.Family` built from the same parts as a Python family (an
:class:`~quizgen.exercise.Exercise` with its :class:`~quizgen.exercise.Meta`, templates filled by
:func:`~quizgen.exercise.fill`, worked arithmetic by :func:`~quizgen.printed.calc`, runs by
:func:`~quizgen.exercise.simulate`), so ``quizgen check``, ``validate`` and ``generate`` treat it
like any other. Two shapes:

* a **choice question** (``kind = "multiple_choice"``, ``"multi_select"`` or ``"true_false"``):
  fixed ``[[choices]]`` with feedback (or, for true/false, ``answer = true|false``), optionally
  several ``[[variants]]`` of which each version draws one;
* a **numeric question that runs the core** (``kind = "numeric"``): ``[parameters]`` to draw
  from, ``[run]`` (objective, optimizer, start, steps), ``[calc]`` (the worked arithmetic),
  ``[answer]`` (which value of the run, rounding, tolerance, an optional closed form) and
  ``[[wrong]]`` (common wrong answers from an expression or from a changed run).

Every problem found while loading is a :class:`~quizgen.bank.BankError` whose one line names
the file, the line and the key: ``mybank/q1.toml:7: key "run.steps": must be a whole number
from 1 to 10000``. The README section "Questions without Python (TOML)" is the user's guide.
"""

from __future__ import annotations

import ast
import keyword
import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable, Mapping

from quizgen.bank import ID_PATTERN, BankError, Family, GenerationError, family_of

MAX_STEPS = 10_000
MAX_GRID = 10_000  # values one parameter may range over
CHOICE_KINDS = ("multiple_choice", "multi_select", "true_false")
KINDS = ("numeric", *CHOICE_KINDS)
META_KEYS = {"id", "topic", "difficulty", "kind", "objective", "tags"}
OPTIMIZERS: dict[str, tuple[str, dict[str, Any]]] = {
    # name in the file: (core function, its hyperparameters besides lr, with their defaults)
    "sgd": ("sgd", {"momentum": 0.0, "nesterov": False, "weight_decay": 0.0}),
    "momentum": ("heavy_ball", {"momentum": 0.9}),
    "nesterov": ("nesterov", {"momentum": 0.9}),
    "adam": ("adam", {"b1": 0.9, "b2": 0.999, "eps": 1e-8}),
    "adamw": ("adamw", {"b1": 0.9, "b2": 0.999, "eps": 1e-8, "weight_decay": 1e-2}),
    "rmsprop": ("rmsprop", {"alpha": 0.99, "eps": 1e-8, "momentum": 0.0}),
    "adagrad": ("adagrad", {"lr_decay": 0.0, "eps": 1e-10}),
}
RUN_KEYS = {"objective", "a", "minimum", "optimizer", "lr", "start", "steps", "plot"}
_QUANTITY = re.compile(r"^(x|loss|grad)(\d*)$")
#: names the templates and expressions give their own meaning
RESERVED = {"k", "x", "loss", "grad", "answer", "v", "item", "number", "pi", "true", "false", "none"}


class TomlError(BankError):
    """A TOML family that cannot be loaded: ``file:line: key "…": what is wrong``."""


class DrawError(ValueError):
    """A problem only a draw shows (a rate the optimizer refuses, an index past the run, a division
    by zero): ``line N, key "…": what``. The stress test reports it as ``id@seed``; loading
    reports it when the first draw meets it, as a :class:`TomlError`."""

    def __init__(self, src: "_Source", key: tuple, what: str) -> None:
        self.line, self.key, self.what = src.line(key), _shown(key), what
        super().__init__(f"line {self.line}, key \"{self.key}\": {what}")


def _shown(key: tuple) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else p for p in key).replace(".[", "[")


# --- where a key is in the file ------------------------------------------------------------

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$")


def _key_name(part: str) -> str:
    return part.strip().strip("\"'")


class _Source:
    """The file's text, to find the line a key is written on (tomllib does not say)."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.lines = path, text.splitlines()
        self.headers = []  # (0-based line, table name parts, is an array-of-tables entry)
        for i, line in enumerate(self.lines):
            m = _HEADER.match(line)
            if m and not line.lstrip().startswith("#") and "=" not in m.group(2):
                self.headers.append((i, tuple(_key_name(p) for p in m.group(2).split(".")), m.group(1) == "[["))

    def _region(self, table: tuple) -> tuple[int, int] | None:
        """(first line, end) of the table ``table`` (names, with an index after an array's name)."""
        if not table:
            end = self.headers[0][0] if self.headers else len(self.lines)
            return -1, end
        names = tuple(p for p in table if isinstance(p, str))
        index = table[-1] if isinstance(table[-1], int) else None
        matches = [n for n, (_, parts, array) in enumerate(self.headers)
                   if parts == names and (array if index is not None else not array)]
        if index is None and not matches:  # a whole array of tables: its first entry
            matches = [n for n, (_, parts, array) in enumerate(self.headers) if parts == names and array]
        if index is not None:
            matches = matches[index:index + 1]
        if not matches:
            return None
        n = matches[0]
        end = self.headers[n + 1][0] if n + 1 < len(self.headers) else len(self.lines)
        return self.headers[n][0], end

    def line(self, key: tuple) -> int:
        """The 1-based line where ``key`` (a path of names and array indices) is written, or where
        the table that should hold it starts."""
        own = self._region(key) if key else None
        if own is not None:  # the key is a table: its header
            return own[0] + 1
        for cut in range(len(key) - 1, -1, -1):
            table, name = key[:cut], key[cut]
            if isinstance(name, int):
                continue
            region = self._region(table)
            if region is None:
                # dotted or inline at the top level: `run.steps = 3`, `run = { steps = 3 }`
                continue
            start, end = region
            pattern = re.compile(r"^\s*[\"']?" + re.escape(name) + r"[\"']?\s*[.=]")
            for i in range(start + 1, end):
                if pattern.match(self.lines[i]):
                    return i + 1
            if start >= 0:
                return start + 1
        top = re.compile(r"^\s*[\"']?" + re.escape(str(key[0])) + r"[\"']?\s*[.=]") if key else None
        for i, line in enumerate(self.lines):
            if top and top.match(line):
                return i + 1
        return 1

    def error(self, key: tuple, what: str) -> TomlError:
        return TomlError(f"{self.path}:{self.line(key)}: key \"{_shown(key)}\": {what}")


# --- reading values --------------------------------------------------------------------------

def _type(value: Any) -> str:
    return {bool: "true/false", int: "a whole number", float: "a number", str: "text", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)


class _Reader:
    """Typed access to the parsed document; every refusal names the file, line and key."""

    def __init__(self, src: _Source) -> None:
        self.src = src

    def fail(self, key: tuple, what: str) -> TomlError:
        return self.src.error(key, what)

    def table(self, doc: Mapping, key: tuple, name: str, allowed: set[str] | None = None,
              required: bool = True) -> dict:
        value = doc.get(name)
        if value is None:
            if required:
                raise self.fail(key + (name,), "is missing (a table)")
            return {}
        if not isinstance(value, dict):
            raise self.fail(key + (name,), f"must be a table, not {_type(value)}")
        self.known(value, key + (name,), allowed)
        return value

    def known(self, doc: Mapping, key: tuple, allowed: set[str] | None) -> None:
        if allowed is None:
            return
        for k in doc:
            if k not in allowed:
                raise self.fail(key + (k,), f"unknown key (expected one of: {', '.join(sorted(allowed))})")

    def text(self, doc: Mapping, key: tuple, name: str, *, required: bool = True, default: str = "",
             nonblank: bool = True) -> str:
        if name not in doc:
            if required:
                raise self.fail(key + (name,), "is missing (text)")
            return default
        value = doc[name]
        if not isinstance(value, str):
            raise self.fail(key + (name,), f"must be text, not {_type(value)}")
        if nonblank and not value.strip():
            raise self.fail(key + (name,), "is empty")
        return value

    def whole(self, doc: Mapping, key: tuple, name: str, low: int, high: int, default: int | None = None) -> int:
        if name not in doc:
            if default is None:
                raise self.fail(key + (name,), f"is missing (a whole number from {low} to {high})")
            return default
        value = doc[name]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(key + (name,), f"must be a whole number from {low} to {high}")
        return value

    def number(self, value: Any, key: tuple) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(key, f"must be a number, not {_type(value)}")
        if not math.isfinite(value) or abs(value) > 1e15:
            raise self.fail(key, "must be a finite number of at most 10^15 in size")
        return value

    def template(self, doc: Mapping, key: tuple, name: str, names: set[str], *, required: bool = True) -> str:
        text = self.text(doc, key, name, required=required)
        if text:
            check_template(text, names, lambda what: self.fail(key + (name,), what))
        return text

    def steps(self, doc: Mapping, key: tuple, names: set[str]) -> tuple[str, ...]:
        value = doc.get("solution")
        if value is None:
            raise self.fail(key + ("solution",), "is missing (a list of worked steps, each a text template)")
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            raise self.fail(key + ("solution",), "must be a non-empty list of texts")
        for i, step in enumerate(value):
            if not isinstance(step, str) or not step.strip():
                raise self.fail(key + ("solution", i), "each step must be a non-empty text")
            check_template(step, names, lambda what: self.fail(key + ("solution", i), what))
        return tuple(value)


def check_template(text: str, names: set[str], fail: Callable[[str], TomlError]) -> None:
    """Compile a text template and refuse names it uses that the family does not define."""
    import jinja2
    from jinja2 import meta

    from quizgen.exercise import _env

    try:
        parsed = _env().parse(text)
        _env().from_string(text)  # unknown filters show when compiling
    except jinja2.TemplateSyntaxError as exc:
        raise fail(f"template error (its line {exc.lineno}): {exc.message}") from None
    unknown = sorted(meta.find_undeclared_variables(parsed) - names)
    if unknown:
        raise fail(f"the template uses {', '.join(unknown)}, which the family does not define "
                   f"(defined: {', '.join(sorted(names)) or 'nothing'})")


# --- expressions -----------------------------------------------------------------------------

_ALLOWED_NODES = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Constant, ast.Name, ast.Load, ast.Call,
                  ast.Subscript, ast.Compare, ast.operator, ast.unaryop, ast.cmpop)


@dataclass(frozen=True)
class Expr:
    """An arithmetic expression from the file, over parameters, calculations, ``k`` (the number
    of steps) and quantities of the run (``x[k-1]``, ``loss[0]``), evaluated by :mod:`quizgen.arith`."""

    text: str
    tree: ast.Expression
    key: tuple
    compare: bool = False

    def value(self, names: Mapping[str, float], run: Mapping[str, list[float]] | None = None) -> float | bool:
        from quizgen.arith import evaluate

        def substitute(node):
            if isinstance(node, ast.Name) and node.id in names:
                return _literal(float(names[node.id]))
            if isinstance(node, ast.Subscript):
                seq = (run or {})[node.value.id]
                index = _index(node.slice, int(names["k"]))
                if not 0 <= index < len(seq):
                    raise ValueError(f"{node.value.id}[{index}] is outside the run (0 to {len(seq) - 1})")
                return _literal(float(seq[index]))
            return node

        def ev(node) -> float:
            text = ast.unparse(_Substitute(substitute).visit(ast.Expression(body=_copy(node))))
            return evaluate(text)

        body = self.tree.body
        if self.compare:
            left, right = ev(body.left), ev(body.comparators[0])
            return _COMPARE[type(body.ops[0])](left, right)
        return ev(body)


_COMPARE = {ast.Lt: lambda a, b: a < b, ast.LtE: lambda a, b: a <= b, ast.Gt: lambda a, b: a > b,
            ast.GtE: lambda a, b: a >= b, ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b}


def _copy(node):
    return ast.parse(ast.unparse(node), mode="eval").body


class _Substitute(ast.NodeTransformer):
    def __init__(self, replace) -> None:
        self.replace = replace

    def visit_Name(self, node):
        return self.replace(node)

    def visit_Subscript(self, node):
        return self.replace(node)


def _literal(x: float) -> ast.AST:
    if not math.isfinite(x):
        raise ValueError(f"a value in the expression is not finite ({x!r})")
    return ast.UnaryOp(ast.USub(), ast.Constant(-x)) if x < 0 or (x == 0 and math.copysign(1, x) < 0) \
        else ast.Constant(x)


def _index(node: ast.AST, k: int) -> int:
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.Name) and node.id == "k":
        return k
    if (isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Sub, ast.Add)) and isinstance(node.left, ast.Name)
            and node.left.id == "k" and isinstance(node.right, ast.Constant) and isinstance(node.right.value, int)):
        return k - node.right.value if isinstance(node.op, ast.Sub) else k + node.right.value
    raise ValueError("an index is a whole number, k, k-N or k+N")


def parse_expr(reader: _Reader, text: Any, key: tuple, names: set[str], quantities: set[str] = frozenset(),
               compare: bool = False) -> Expr:
    """An expression from the file, checked: arithmetic only, every name defined."""
    from quizgen.arith import CONSTANTS, FUNCTIONS

    if not isinstance(text, str) or not text.strip():
        raise reader.fail(key, f"must be an expression (text), not {_type(text)}")
    if len(text) > 500:
        raise reader.fail(key, "the expression is longer than 500 characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise reader.fail(key, f"{text!r} is not an expression ({exc.msg})") from None
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES) or isinstance(node, (ast.MatMult, ast.BitAnd, ast.BitOr,
                                                                     ast.BitXor, ast.LShift, ast.RShift,
                                                                     ast.Invert, ast.Not)):
            raise reader.fail(key, f"{text!r}: only arithmetic (+ - * / ** and functions) is allowed")
        if isinstance(node, ast.Constant) and (isinstance(node.value, bool) or
                                                not isinstance(node.value, (int, float))):
            raise reader.fail(key, f"{text!r}: only numbers and names may appear in it")
        if isinstance(node, ast.Call) and not (isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS
                                               and not node.keywords):
            raise reader.fail(key, f"{text!r}: the functions are {', '.join(sorted(FUNCTIONS))}")
        if isinstance(node, ast.Subscript):
            if not (isinstance(node.value, ast.Name) and node.value.id in quantities):
                raise reader.fail(key, f"{text!r}: only the run's quantities can be indexed here "
                                       f"({', '.join(sorted(quantities)) or 'none'})")
            try:
                _index(node.slice, 1)
            except ValueError as exc:
                raise reader.fail(key, f"{text!r}: {exc}") from None
    calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call)}
    indexed = {n.value.id for n in ast.walk(tree) if isinstance(n, ast.Subscript)}
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - calls - indexed - set(CONSTANTS)
    unknown = sorted(used - names)
    if unknown:
        raise reader.fail(key, f"{text!r} uses {', '.join(unknown)}, which the family does not define "
                               f"(defined: {', '.join(sorted(names)) or 'nothing'})")
    is_compare = isinstance(tree.body, ast.Compare)
    if compare != is_compare or (is_compare and len(tree.body.ops) != 1):
        raise reader.fail(key, f"{text!r} must be " + ("one comparison, e.g. \"lr * a < 2\"" if compare
                                                       else "arithmetic, not a comparison"))
    return Expr(text, tree, key, compare)


# --- parameters ---------------------------------------------------------------------------

def _short(reader: _Reader, value: Any, key: tuple) -> int | float:
    from quizgen.printed import num

    value = reader.number(value, key)
    try:
        num(value)
    except ValueError:
        raise reader.fail(key, f"{value!r} is not a short decimal (at most 12 characters, no exponent), so it "
                               "cannot be printed as written") from None
    return value


def _grid(reader: _Reader, value: Any, key: tuple) -> tuple:
    """A parameter's values: a list, or ``{min, max, step}`` (optionally ``exclude = [...]``)."""
    if isinstance(value, list):
        if not value:
            raise reader.fail(key, "the list of values is empty")
        if len(value) > MAX_GRID:
            raise reader.fail(key, f"more than {MAX_GRID} values")
        return tuple(_short(reader, v, key + (i,)) for i, v in enumerate(value))
    if isinstance(value, dict):
        reader.known(value, key, {"min", "max", "step", "exclude"})
        for name in ("min", "max", "step"):
            if name not in value:
                raise reader.fail(key + (name,), "is missing (a range is {min = …, max = …, step = …})")
        low, high, step = (_short(reader, value[n], key + (n,)) for n in ("min", "max", "step"))
        if step <= 0:
            raise reader.fail(key + ("step",), "must be greater than 0")
        if high < low:
            raise reader.fail(key + ("max",), f"must be at least min ({low})")
        try:
            d_low, d_step = Decimal(repr(low)), Decimal(repr(step))
            count = int((Decimal(repr(high)) - d_low) / d_step) + 1
        except (InvalidOperation, OverflowError):
            raise reader.fail(key, "the range cannot be counted") from None
        if count > MAX_GRID:
            raise reader.fail(key, f"the range holds {count} values, more than {MAX_GRID}")
        exclude = value.get("exclude", [])
        if not isinstance(exclude, list):
            raise reader.fail(key + ("exclude",), f"must be a list of numbers, not {_type(exclude)}")
        excluded = {reader.number(v, key + ("exclude", i)) for i, v in enumerate(exclude)}
        values = []
        for i in range(count):
            d = d_low + i * d_step
            v = int(d) if d == d.to_integral_value() and isinstance(low, int) and isinstance(step, int) else float(d)
            if v not in excluded:
                values.append(_short(reader, v, key))
        if not values:
            raise reader.fail(key, "every value of the range is excluded")
        return tuple(values)
    raise reader.fail(key, f"must be a list of numbers or a range {{min = …, max = …, step = …}}, not {_type(value)}")


def _parameters(reader: _Reader, doc: Mapping) -> dict[str, tuple]:
    table = reader.table(doc, (), "parameters", required=False)
    grids = {}
    for name, value in table.items():
        key = ("parameters", name)
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) or keyword.iskeyword(name):
            raise reader.fail(key, "a parameter's name is a letter followed by letters, digits or _")
        if name in NUMERIC_KEYS | CHOICE_KEYS:
            raise reader.fail(key, f"{name!r} is a key of the file itself, not a parameter: write it above the "
                                   "first [table] (TOML puts every key after [parameters] into that table)")
        if name in RESERVED:
            raise reader.fail(key, f"the name {name!r} is reserved (reserved: {', '.join(sorted(RESERVED))})")
        grids[name] = _grid(reader, value, key)
    return grids


# --- the whole family ----------------------------------------------------------------------

def load_toml_family(path: Path) -> Family:
    """The family a ``.toml`` file declares; :class:`TomlError` names file, line and key of any problem."""
    import tomllib

    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise TomlError(f"{path}:{line}: the file is not UTF-8 text") from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)$", str(exc))
        what = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)$", "", str(exc))
        line = m.group(1) if m else len(text.splitlines()) or 1
        column = f" (column {m.group(2)})" if m else ""
        raise TomlError(f"{path}:{line}: not valid TOML: {what}{column}") from None
    src = _Source(path, text)
    reader = _Reader(src)
    meta = _meta(reader, doc, path)
    exercise = (_numeric if meta["kind"] == "numeric" else _choice)(reader, doc, meta)
    family = family_of(exercise, str(path))
    try:  # one draw now, so a problem only a draw shows is reported while loading, with its key
        family.draw(0)
    except GenerationError as exc:
        if isinstance(exc.__cause__, DrawError):
            cause = exc.__cause__
            raise TomlError(f"{path}:{cause.line}: key \"{cause.key}\": {cause.what}") from None
    return family


def _meta(reader: _Reader, doc: Mapping, path: Path) -> dict:
    family_id = reader.text(doc, (), "id")
    if not ID_PATTERN.match(family_id):
        raise reader.fail(("id",), f"{family_id!r} must be dotted lowercase words, e.g. \"mine.one_step\"")
    if family_id.rsplit(".", 1)[1] != path.stem:
        raise reader.fail(("id",), f"{family_id!r} must end with the file's name, {path.stem!r} "
                                   f"(e.g. \"mine.{path.stem}\"), so the id says where the question lives")
    topic = reader.text(doc, (), "topic")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,39}", topic):
        raise reader.fail(("topic",), f"{topic!r} must be a short lowercase word (letters, digits, -)")
    kind = reader.text(doc, (), "kind")
    if kind not in KINDS:
        raise reader.fail(("kind",), f"{kind!r} must be one of {', '.join(KINDS)}")
    tags = doc.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags):
        raise reader.fail(("tags",), "must be a list of non-empty texts")
    return dict(id=family_id, topic=topic, kind=kind, difficulty=reader.whole(doc, (), "difficulty", 1, 3),
                objective=reader.text(doc, (), "objective"), tags=tuple(tags))


# --- choice questions ------------------------------------------------------------------------

CHOICE_KEYS = META_KEYS | {"question", "solution", "choices", "answer", "feedback_true", "feedback_false",
                           "misconception", "parameters", "variants"}
VARIANT_KEYS = {"question", "solution", "choices", "answer", "feedback_true", "feedback_false", "misconception"}
CHOICE_ITEM_KEYS = {"text", "correct", "feedback", "misconception"}


def _choice(reader: _Reader, doc: Mapping, meta: dict):
    from quizgen.exercise import Meta

    reader.known(doc, (), CHOICE_KEYS)
    grids = _parameters(reader, doc)
    names = set(grids)
    variants = doc.get("variants")
    if variants is None:
        items = [_choice_item(reader, doc, (), meta["kind"], names)]
    else:
        if not isinstance(variants, list) or not variants or not all(isinstance(v, dict) for v in variants):
            raise reader.fail(("variants",), "must be one or more [[variants]] tables")
        for name in ("question", "choices", "answer"):
            if name in doc:
                raise reader.fail((name,), "with [[variants]], each variant has its own; remove this one")
        items = []
        for i, variant in enumerate(variants):
            reader.known(variant, ("variants", i), VARIANT_KEYS)
            items.append(_choice_item(reader, {**{"solution": doc.get("solution")}, **variant}
                                      if "solution" not in variant and "solution" in doc else variant,
                                      ("variants", i), meta["kind"], names))
    item_names = tuple(grids)

    def data(rng):
        from quizgen.choices import pick

        d = {name: pick(rng, grids[name]) for name in item_names}
        index = int(rng.integers(len(items)))
        item = items[index]
        d["_question"], d["_solution"] = item["question"], item["solution"]
        d["choices"] = tuple(item["choices"](d))
        d["params"] = {"variant": f"variant {index + 1}"} if len(items) > 1 else {}
        return d

    return _ChoiceExercise(Meta(id=meta["id"], topic=meta["topic"], difficulty=meta["difficulty"], kind=meta["kind"],
                                objective=meta["objective"], tags=meta["tags"]), data, str(reader.src.path))


def _choice_item(reader: _Reader, doc: Mapping, key: tuple, kind: str, names: set[str]) -> dict:
    from quizgen.exercise import fill
    from quizgen.question import Choice

    question = reader.template(doc, key, "question", names)
    solution = reader.steps(doc, key, names)
    if kind == "true_false":
        if "choices" in doc:
            raise reader.fail(key + ("choices",), "a true/false question has no [[choices]]: give answer = true "
                                                  "or false, feedback_true and feedback_false")
        answer = doc.get("answer")
        if not isinstance(answer, bool):
            raise reader.fail(key + ("answer",), "must be true or false (is the statement true?)"
                              if answer is not None else "is missing (true or false: is the statement true?)")
        right = reader.template(doc, key, "feedback_true" if answer else "feedback_false", names)
        wrong = reader.template(doc, key, "feedback_false" if answer else "feedback_true", names)
        tag = doc.get("misconception")
        if tag is not None and (not isinstance(tag, str) or not tag.strip()):
            raise reader.fail(key + ("misconception",), "must be a short non-empty text")

        def choices(d):
            said = [Choice("True", answer, fill(right if answer else wrong, d), None if answer else tag),
                    Choice("False", not answer, fill(wrong if answer else right, d), tag if answer else None)]
            return said
        return dict(question=question, solution=solution, choices=choices)
    for name in ("answer", "feedback_true", "feedback_false"):
        if name in doc:
            raise reader.fail(key + (name,), f"only a true/false question has {name}; mark the right "
                                             "[[choices]] with correct = true")
    raw = doc.get("choices")
    if raw is None:
        raise reader.fail(key + ("choices",), "is missing: give at least two [[choices]]")
    if not isinstance(raw, list) or not all(isinstance(c, dict) for c in raw):
        raise reader.fail(key + ("choices",), "must be [[choices]] tables (text, correct, feedback)")
    if not 2 <= len(raw) <= 8:
        raise reader.fail(key + ("choices",), f"a question needs 2 to 8 choices, has {len(raw)}")
    parsed = []
    for i, c in enumerate(raw):
        ck = key + ("choices", i)
        reader.known(c, ck, CHOICE_ITEM_KEYS)
        correct = c.get("correct", False)
        if not isinstance(correct, bool):
            raise reader.fail(ck + ("correct",), f"must be true or false, not {_type(correct)}")
        tag = c.get("misconception")
        if tag is not None and (not isinstance(tag, str) or not tag.strip()):
            raise reader.fail(ck + ("misconception",), "must be a short non-empty text")
        if tag is not None and correct:
            raise reader.fail(ck + ("misconception",), "the correct choice has no misconception")
        parsed.append((reader.template(c, ck, "text", names), correct,
                       reader.template(c, ck, "feedback", names), tag))
    texts = [p[0].strip() for p in parsed]
    for i, t in enumerate(texts):
        if t in texts[:i]:
            raise reader.fail(key + ("choices", i, "text"), "two choices have the same text")
    n_correct = sum(p[1] for p in parsed)
    if kind == "multiple_choice" and n_correct != 1:
        where = [i for i, p in enumerate(parsed) if p[1]]
        raise reader.fail(key + (("choices", where[1], "correct") if n_correct > 1 else ("choices",)),
                          f"a multiple-choice question needs exactly one choice with correct = true, has "
                          f"{n_correct}" + ("; use kind = \"multi_select\" for several" if n_correct > 1 else ""))
    if kind == "multi_select" and not 1 <= n_correct < len(parsed):
        raise reader.fail(key + ("choices",), f"a multi-select question needs 1 to {len(parsed) - 1} choices with "
                                              f"correct = true, has {n_correct}")

    def choices(d):
        return [Choice(fill(t, d), ok, fill(f, d), misconception=tag) for t, ok, f, tag in parsed]
    return dict(question=question, solution=solution, choices=choices)


class _ChoiceExercise:
    """An :class:`~quizgen.exercise.Exercise` whose question and steps come from the drawn variant."""

    def __init__(self, meta, data, source: str) -> None:
        self.meta, self.data, self.source = meta, data, source

    def __call__(self, rng):
        from quizgen.exercise import Exercise

        d = self.data(rng)
        # the drawn variant's own templates, through the ordinary Exercise machinery
        return Exercise(self.meta, d["_question"], d["_solution"], lambda _rng: d, self.source)(rng)


# --- numeric questions that run the core --------------------------------------------------------

NUMERIC_KEYS = META_KEYS | {"question", "solution", "parameters", "require", "run", "calc", "answer", "wrong"}
ANSWER_KEYS = {"value", "rounding", "tolerance", "closed_form"}
WRONG_KEYS = {"value", "run", "misconception", "feedback"}


@dataclass(frozen=True)
class _RunSpec:
    """The [run] table: each setting a number (or true/false) or an expression over the parameters."""

    settings: dict  # name → number, bool or Expr
    optimizer: str
    dim: int
    plot: bool


def _setting(reader: _Reader, value: Any, key: tuple, names: set[str]):
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return reader.number(value, key)
    return parse_expr(reader, value, key, names)


def _run(reader: _Reader, doc: Mapping, names: set[str]) -> _RunSpec:
    table = reader.table(doc, (), "run")
    optimizer = table.get("optimizer", "sgd")
    if optimizer not in OPTIMIZERS:
        raise reader.fail(("run", "optimizer"), f"{optimizer!r} must be one of {', '.join(OPTIMIZERS)}")
    hyper = OPTIMIZERS[optimizer][1]
    reader.known(table, ("run",), RUN_KEYS | set(hyper))
    objective = table.get("objective", "quadratic")
    if objective != "quadratic":
        raise reader.fail(("run", "objective"), f"{objective!r}: the objective is \"quadratic\", "
                                                "f(w) = a/2·(w − minimum)² (a list of curvatures a for several dimensions)")
    for name in ("a", "lr", "start", "steps"):
        if name not in table:
            raise reader.fail(("run", name), "is missing")
    settings: dict[str, Any] = {}
    a = table["a"]
    dim = len(a) if isinstance(a, list) else 1
    if not 1 <= dim <= 10:
        raise reader.fail(("run", "a"), "a list of curvatures has 1 to 10 entries")
    for name in ("a", "minimum", "start"):
        value = table.get(name, 0)  # the minimum is at 0 unless given
        if isinstance(value, list):
            if len(value) != dim:
                raise reader.fail(("run", name), f"must have {dim} entries, one per curvature in a")
            items = [(v, ("run", name, i)) for i, v in enumerate(value)]
        else:
            items = [(value, ("run", name))] * dim
        settings[name] = [_setting(reader, v, k, names) for v, k in items]
        if any(isinstance(v, bool) for v in settings[name]):
            raise reader.fail(("run", name), "must be a number or an expression, not true/false")
    for name in ("lr", "steps", *hyper):
        if name in table:
            settings[name] = _setting(reader, table[name], ("run", name), names)
        else:
            settings[name] = hyper[name]
        wants_bool = isinstance(hyper.get(name), bool)
        if wants_bool != isinstance(settings[name], bool):
            raise reader.fail(("run", name), "must be true or false" if wants_bool
                              else "must be a number or an expression, not true/false")
    steps = settings["steps"]
    if not isinstance(steps, Expr) and (not float(steps).is_integer() or not 1 <= steps <= MAX_STEPS):
        raise reader.fail(("run", "steps"), f"must be a whole number from 1 to {MAX_STEPS}")
    plot = table.get("plot", False)
    if not isinstance(plot, bool):
        raise reader.fail(("run", "plot"), f"must be true or false, not {_type(plot)}")
    for name, value in settings.items():
        literal = [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, (int, float))
                   and not isinstance(v, bool)]
        if name in ("a", "lr") and any(v <= 0 for v in literal):
            raise reader.fail(("run", name), "must be greater than 0")
    return _RunSpec(settings, optimizer, dim, plot)


def _quantities(dim: int) -> set[str]:
    if dim == 1:
        return {"x", "loss", "grad"}
    return {"loss"} | {f"{q}{i}" for q in ("x", "grad") for i in range(1, dim + 1)}


@dataclass(frozen=True)
class _Quantity:
    name: str
    index: ast.AST

    def of(self, run: Mapping[str, list[float]], k: int) -> float:
        seq = run[self.name]
        i = _index(self.index, k)
        if not 0 <= i < len(seq):
            raise ValueError(f"{self.name}[{i}] is outside the run (0 to {len(seq) - 1})")
        return float(seq[i])


def _quantity(reader: _Reader, text: Any, key: tuple, dim: int) -> _Quantity:
    quantities = _quantities(dim)
    hint = f"a quantity of the run such as \"{'x' if dim == 1 else 'x1'}[k]\" or \"loss[k]\" (one of " \
           f"{', '.join(sorted(quantities))}, indexed by a step: 0 … k, k-1, …)"
    if not isinstance(text, str):
        raise reader.fail(key, f"must be {hint}, not {_type(text)}")
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        raise reader.fail(key, f"{text!r} must be {hint}") from None
    if not (isinstance(tree, ast.Subscript) and isinstance(tree.value, ast.Name) and tree.value.id in quantities):
        raise reader.fail(key, f"{text!r} must be {hint}")
    try:
        _index(tree.slice, 1)
    except ValueError as exc:
        raise reader.fail(key, f"{text!r}: {exc}") from None
    return _Quantity(tree.value.id, tree.slice)


def _numeric(reader: _Reader, doc: Mapping, meta: dict):
    from quizgen.exercise import Exercise, Meta

    reader.known(doc, (), NUMERIC_KEYS)
    grids = _parameters(reader, doc)
    names = set(grids) | {"k"}
    require = doc.get("require", [])
    if isinstance(require, str):
        require = [require]
    if not isinstance(require, list):
        raise reader.fail(("require",), "must be a list of conditions, e.g. [\"lr * a < 2\"]")
    conditions = [parse_expr(reader, c, ("require", i), names, compare=True) for i, c in enumerate(require)]
    spec = _run(reader, doc, set(grids))
    quantities = _quantities(spec.dim)
    calc_table = reader.table(doc, (), "calc", required=False)
    calcs: dict[str, Expr] = {}
    for name, expr in calc_table.items():
        key = ("calc", name)
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) or keyword.iskeyword(name) or name in RESERVED \
                or name in grids:
            raise reader.fail(key, f"{name!r} cannot name a calculation (a new name: not a parameter, nor one of "
                                   f"{', '.join(sorted(RESERVED))})")
        calcs[name] = parse_expr(reader, expr, key, names | set(calcs))
    answer = reader.table(doc, (), "answer", ANSWER_KEYS)
    if "value" not in answer:
        raise reader.fail(("answer", "value"), "is missing: which value of the run is the answer, e.g. \"x[k]\"")
    quantity = _quantity(reader, answer["value"], ("answer", "value"), spec.dim)
    rounding = _rounding(reader, answer.get("rounding", {"sig": 4}), ("answer", "rounding"))
    tolerance = answer.get("tolerance", {})
    if not isinstance(tolerance, dict):
        raise reader.fail(("answer", "tolerance"), "must be a table {abs = …} or {rel = …}")
    reader.known(tolerance, ("answer", "tolerance"), {"abs", "rel"})
    tol = {}
    for name in ("abs", "rel"):
        if name in tolerance:
            value = reader.number(tolerance[name], ("answer", "tolerance", name))
            if not 0 <= value <= (1 if name == "rel" else 1e12):
                raise reader.fail(("answer", "tolerance", name), "must be from 0 to 1" if name == "rel"
                                  else "must be 0 or more")
            tol[name] = float(value)
    declared = (parse_expr(reader, answer["closed_form"], ("answer", "closed_form"), names)
                if "closed_form" in answer else None)
    value_names = names | set(calcs) | {"answer"}
    question = reader.template(doc, (), "question", value_names)
    solution = reader.steps(doc, (), value_names)
    wrongs = _wrongs(reader, doc, names | set(calcs), quantities, spec)
    builder = _Builder(reader.src, grids, conditions, spec, calcs, quantity, rounding, tol, declared, wrongs)
    return Exercise(Meta(id=meta["id"], topic=meta["topic"], difficulty=meta["difficulty"], kind="numeric",
                                 objective=meta["objective"], answer="simulated", closed_form=builder.closed_form,
                         atol=1e-12,  # float noise where theory gives exactly 0 (one step to the minimum)
                                 rounding=rounding, abs_tol=tol.get("abs"), rel_tol=tol.get("rel"),
                                 figures=builder.figures if spec.plot else None, tags=meta["tags"]),
                    question, solution, builder.data, str(reader.src.path))


def _rounding(reader: _Reader, value: Any, key: tuple):
    from quizgen.question import Rounding

    if not isinstance(value, dict) or len(value) != 1 or not set(value) <= {"sig", "decimals"}:
        raise reader.fail(key, "must be {sig = N} (significant figures) or {decimals = N}")
    (name, n), = value.items()
    reader.whole(value, key, name, 1 if name == "sig" else 0, 12)
    return Rounding(sig=n) if name == "sig" else Rounding(sig=None, decimals=n)


@dataclass(frozen=True)
class _Wrong:
    key: tuple
    value: Expr | None
    run: dict | None
    misconception: str
    feedback: str


def _wrongs(reader: _Reader, doc: Mapping, names: set[str], quantities: set[str], spec: _RunSpec) -> list[_Wrong]:
    raw = doc.get("wrong", [])
    if not isinstance(raw, list) or not all(isinstance(w, dict) for w in raw):
        raise reader.fail(("wrong",), "must be [[wrong]] tables (value or run, misconception, feedback)")
    out = []
    for i, w in enumerate(raw):
        key = ("wrong", i)
        reader.known(w, key, WRONG_KEYS)
        if ("value" in w) == ("run" in w):
            raise reader.fail(key, "give exactly one of value (an expression, e.g. \"x[k-1]\") and run "
                                   "(settings changed, e.g. {a = \"a/2\"})")
        value = parse_expr(reader, w["value"], key + ("value",), names, quantities) if "value" in w else None
        run = None
        if "run" in w:
            if not isinstance(w["run"], dict) or not w["run"]:
                raise reader.fail(key + ("run",), "must be a table of [run] settings to change, e.g. {a = \"a/2\"}")
            run = {}
            for name, setting in w["run"].items():
                if name not in spec.settings or name in ("a", "minimum", "start") and spec.dim > 1:
                    raise reader.fail(key + ("run", name), f"cannot change {name!r} (it can change: "
                                      f"{', '.join(n for n in sorted(spec.settings) if spec.dim == 1 or n not in ('a', 'minimum', 'start'))})")
                parsed = _setting(reader, setting, key + ("run", name), names)
                if isinstance(parsed, bool) != isinstance(spec.settings[name], bool) and name not in ("a", "minimum",
                                                                                                         "start"):
                    raise reader.fail(key + ("run", name), "must be of the same type as in [run]")
                run[name] = [parsed] if name in ("a", "minimum", "start") else parsed
        tag = reader.text(w, key, "misconception")
        feedback = reader.template(w, key, "feedback", names | {"v", "answer"})
        out.append(_Wrong(key, value, run, tag, feedback))
    return out


class _Builder:
    """The numeric family's ``data``, closed form and figures, from the checked declarations."""

    def __init__(self, src, grids, conditions, spec, calcs, quantity, rounding, tol, declared, wrongs) -> None:
        self.src, self.grids, self.conditions, self.spec = src, grids, conditions, spec
        self.calcs, self.quantity, self.rounding, self.tol = calcs, quantity, rounding, tol
        self.declared, self.wrongs = declared, wrongs

    def _fail(self, key: tuple, exc: Exception) -> DrawError:
        return DrawError(self.src, key, str(exc))

    def _resolve(self, settings: dict, values: dict, key: tuple = ("run",)) -> dict:
        out = {}
        for name, setting in settings.items():
            try:
                if isinstance(setting, list):
                    out[name] = [float(s.value(values)) if isinstance(s, Expr) else float(s) for s in setting]
                elif isinstance(setting, Expr):
                    out[name] = float(setting.value(values))
                else:
                    out[name] = setting
            except (ValueError, ZeroDivisionError, OverflowError) as exc:
                raise self._fail(key + (name,), exc) from None
        return out

    def _simulate(self, s: dict, key: tuple = ("run",), record: bool = True):
        """Run the core with resolved settings (``record``: as the question's run, in its params);
        the trajectory and its quantities as lists."""
        import numpy as np

        from quizgen import core
        from quizgen.exercise import simulate

        steps = s["steps"]
        if not float(steps).is_integer() or not 1 <= steps <= MAX_STEPS:
            raise self._fail(key + ("steps",), f"must be a whole number from 1 to {MAX_STEPS}, got {steps!r}")
        function, hyper = OPTIMIZERS[self.spec.optimizer]
        try:
            optimizer = getattr(core, function)(s["lr"], **{h: s[h] for h in hyper})
            if self.spec.dim == 1:
                objective = core.Quadratic1D(s["a"][0], s["minimum"][0])
                x0 = float(s["start"][0])
            else:
                objective = core.Quadratic(np.array(s["a"]), center=np.array(s["minimum"]))
                x0 = np.array(s["start"], dtype=float)
                if min(s["a"]) <= 0:
                    raise ValueError("every curvature must be greater than 0")
            traj = (simulate if record else core.run)(optimizer, objective, x0=x0, steps=int(steps))
        except (ValueError, TypeError, OverflowError) as exc:
            # the core names the setting it refuses first ("momentum must be in [0, 1)"): point at it
            first = {"learning_rate": "lr", "w_star": "minimum", "eigenvalues": "a"}.get(
                str(exc).split(" ", 1)[0], str(exc).split(" ", 1)[0])
            raise self._fail(key + ((first,) if first in s else ()), exc) from None
        params, grads = traj.params[:, 0, :], traj.grads[:, 0, :]
        run = {"loss": traj.losses[:, 0].tolist()}
        if self.spec.dim == 1:
            run.update(x=params[:, 0].tolist(), grad=grads[:, 0].tolist())
        else:
            for i in range(self.spec.dim):
                run[f"x{i + 1}"], run[f"grad{i + 1}"] = params[:, i].tolist(), grads[:, i].tolist()
        return traj, run

    def data(self, rng) -> dict:
        from quizgen.choices import pick, wrong_answers
        from quizgen.exercise import Redraw, redraw_if
        from quizgen.printed import calc, num

        values: dict[str, Any] = {name: pick(rng, grid) for name, grid in self.grids.items()}
        settings = self._resolve(self.spec.settings, values)
        values["k"] = int(settings["steps"]) if float(settings["steps"]).is_integer() else settings["steps"]
        for condition in self.conditions:
            try:
                ok = condition.value(values)
            except (ValueError, ZeroDivisionError, OverflowError) as exc:
                raise self._fail(condition.key, exc) from None
            redraw_if(not ok, f"the condition {condition.text!r} does not hold")
        traj, run = self._simulate(settings)
        try:
            answer = self.quantity.of(run, values["k"])
        except ValueError as exc:
            raise self._fail(("answer", "value"), exc) from None
        redraw_if(not math.isfinite(answer), "the run diverged before the asked value")
        d = dict(values, simulated=answer, simulated_theory=answer, _settings=settings, _run=run)
        for name, expr in self.calcs.items():
            used = {n.id for n in ast.walk(expr.tree) if isinstance(n, ast.Name)}
            try:
                d[name] = calc(expr.text, self.rounding, **{n: d[n] for n in used if n in d and n != "pi"
                                                             and n not in _FUNCTION_NAMES})
            except (ValueError, ZeroDivisionError, OverflowError, TypeError) as exc:
                if "not a short decimal" in str(exc) or "non-finite" in str(exc):
                    raise Redraw(str(exc)) from None
                raise self._fail(expr.key, exc) from None
        if self.rounding.near_tie(answer):
            raise Redraw("answer on a rounding tie")
        d["answer"] = num(answer, self.rounding)
        candidates = []
        for w in self.wrongs:
            try:
                if w.value is not None:
                    value = float(w.value.value({**values, **{n: float(d[n]) for n in self.calcs}}, run))
                else:
                    changed = self._resolve({**self.spec.settings, **w.run}, values, w.key + ("run",))
                    value = self.quantity.of(self._simulate(changed, w.key + ("run",), record=False)[1], values["k"])
            except DrawError:
                raise
            except (ValueError, ZeroDivisionError, OverflowError) as exc:
                raise self._fail(w.key, exc) from None
            candidates.append((value, w.misconception, w.feedback) if math.isfinite(value) else None)
        d["wrong_answers"] = wrong_answers(answer, candidates, self.rounding, abs_tol=self.tol.get("abs"),
                                           rel_tol=self.tol.get("rel"), values=d)
        d["_traj"] = traj
        return d

    def closed_form(self, d: dict) -> Mapping[str, float]:
        """Theory's value of the answer where one is known (plain or heavy-ball gradient descent on the
        quadratic), and the family's own ``closed_form``; each must match the run."""
        from quizgen.core import theory

        out: dict[str, float] = {}
        if self.declared is not None:
            try:
                out["simulated"] = float(self.declared.value({n: d[n] for n in self.grids} | {"k": d["k"]}))
            except (ValueError, ZeroDivisionError, OverflowError) as exc:
                raise self._fail(self.declared.key, exc) from None
        s = d["_settings"]
        name = self.quantity.name
        i = _index(self.quantity.index, d["k"])
        a, m, x0 = (list(map(float, s[n])) for n in ("a", "minimum", "start"))
        plain = self.spec.optimizer == "sgd" and s["momentum"] == 0 and not s["weight_decay"]
        heavy = self.spec.dim == 1 and (self.spec.optimizer == "momentum" or (
            self.spec.optimizer == "sgd" and not s["nesterov"] and not s["weight_decay"] and s["momentum"] > 0))
        if plain:
            xs = theory.quadratic_iterate(i, s["lr"], a, x0, center=m)
        elif heavy:
            xs = [m[0] + theory.heavy_ball_iterate(i, s["lr"], s["momentum"], a[0], x0[0] - m[0])]
        else:
            return out
        xs = [float(v) for v in xs]
        values = {"loss": sum(0.5 * ai * (xi - mi) ** 2 for ai, xi, mi in zip(a, xs, m))}
        for j, (ai, xi, mi) in enumerate(zip(a, xs, m), 1):
            suffix = "" if self.spec.dim == 1 else str(j)
            values[f"x{suffix}"], values[f"grad{suffix}"] = xi, ai * (xi - mi)
        if name.startswith("grad") and i >= d["k"]:
            return out  # no step uses the gradient at the last iterate: the run does not record it
        # the family's own closed form is checked as "simulated", theory's as its copy
        out["simulated_theory" if "simulated" in out else "simulated"] = values[name]
        return out

    def figures(self, d: dict):
        import numpy as np

        from quizgen.figdata import curves, path_on_curve, series

        run, k = d["_run"], d["k"]
        if self.spec.dim == 1:
            s = d["_settings"]
            a, m = s["a"][0], s["minimum"][0]
            xs = np.asarray(run["x"], dtype=float)
            span = (min(xs.min(), m) - 1.0, max(xs.max(), m) + 1.0) if np.isfinite(xs).all() else 1.0
            return [path_on_curve(lambda x: 0.5 * a * (x - m) ** 2, span, xs[np.isfinite(xs)], xlabel="$w$",
                                  ylabel="$f(w)$", caption="The run, step by step.", in_solution=True,
                                  alt=f"The parabola f(w) with the start point and the iterate after each of the "
                                      f"{k} step{'s' if k != 1 else ''} of the run marked in order.")]
        return [curves([series("loss", np.arange(k + 1), run["loss"], marker=True)], xlabel="step", ylabel="loss",
                       caption="The loss of the run, step by step.", in_solution=True,
                       alt=f"The loss at each of the {k} steps of the run.")]


_FUNCTION_NAMES = {"log", "ln", "log10", "exp", "sqrt", "ceil", "floor", "abs", "cos", "sin", "min", "max"}
