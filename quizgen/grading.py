"""The self-check page's grading rules, in Python.

The practice page (``quizgen practice``) checks answers in the browser; its script,
``templates/practice/practice.js``, implements exactly these rules, and
``tests/test_grading.py`` runs both on one table of cases so they cannot drift apart.

- **Reading a number** (:func:`parse_number`): ``0.05``, ``.05``, ``5e-2``, ``-1/8``,
  ``5×10^-2``, ``5*10^-2``, ``5 · 10⁻²``, with ASCII digits, a Unicode minus allowed. Input it
  cannot read is *unreadable* — it costs no attempt — with a reason: empty, a decimal comma,
  or any other form.
- **The key** (:func:`key_rule`): a typed value is right when the question's own
  :meth:`NumericAnswer.accepts <quizgen.question.NumericAnswer.accepts>` accepts it. A rule is
  shipped as data — value, absolute and relative tolerance — so the page needs no rounding logic.
- **Common wrong answers** (:func:`wrong_rules`): a value the key does not accept but the key's
  rule *moved to a common wrong answer* does (:func:`rule_at`) names that misconception.
- **Step-by-step items** (:func:`step_plan`, :func:`grade_steps`): for k steps of gradient descent
  (plain or with momentum) on a 1-D quadratic, step t is checked against one step of the run
  from the student's *own* earlier values (error carried forward). That map is affine in the
  typed values; its coefficients are measured by running :mod:`quizgen.core` from basis values
  and checked against the question's recorded run, so the page only multiplies and adds.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Sequence

from quizgen.question import NumericAnswer, Question, Rounding

# --- reading a typed number -------------------------------------------------------------------

# spaces a student may type inside a number (also non-breaking and thin spaces); an explicit set,
# because Python's and JavaScript's \s differ
_SPACES = re.compile("[ \t\n\r\u00a0\u2009\u202f]")
_MINUSES = str.maketrans({"\u2212": "-", "\u2013": "-"})
_TIMES = re.compile("[×xX*·\u22c5]")  # 5×10^-2, 5x10^-2, 5*10^-2, 5·10^-2, 5⋅10^-2
_SUPER = str.maketrans("⁺⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "+-0123456789")
_NUM = r"(?:[0-9]+\.?[0-9]*|\.[0-9]+)"
_SCI = re.compile(rf"[+-]?{_NUM}(?:[eE][+-]?[0-9]+)?")
_FRAC = re.compile(rf"([+-]?{_NUM}(?:[eE][+-]?[0-9]+)?)/({_NUM}(?:[eE][+-]?[0-9]+)?)")
_EXP = r"(?:\^\(?([+-]?[0-9]+)\)?|\*\*\(?([+-]?[0-9]+)\)?|([⁺⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))"
_POW = re.compile(rf"([+-]?{_NUM})\*10{_EXP}")
_BARE_POW = re.compile(rf"([+-]?)10{_EXP}")


@dataclass(frozen=True)
class Reading:
    """What a typed text says: ``value``, or ``None`` with the ``reason`` it is unreadable
    (``"empty"``, ``"comma"`` — a decimal comma —, or ``"form"``)."""

    value: float | None
    reason: str = ""


def _finite(value: float) -> Reading:
    return Reading(value) if math.isfinite(value) else Reading(None, "form")


def read_number(text: str) -> Reading:
    """Read a typed answer (see the module docstring for the forms accepted)."""
    s = _SPACES.sub("", text).translate(_MINUSES)
    if not s:
        return Reading(None, "empty")
    if "," in s:
        return Reading(None, "comma")
    if _SCI.fullmatch(s):
        return _finite(float(s))
    m = _FRAC.fullmatch(s)
    if m:
        den = float(m.group(2))
        return Reading(None, "form") if den == 0 else _finite(float(m.group(1)) / den)
    s = _TIMES.sub("*", s)
    m = _POW.fullmatch(s)
    if m:
        return _finite(float(f"{m.group(1)}e{_exponent(m, 2)}"))
    m = _BARE_POW.fullmatch(s)
    if m:
        return _finite(float(f"{m.group(1)}1e{_exponent(m, 2)}"))
    return Reading(None, "form")


def _exponent(m: re.Match, first: int) -> str:
    caret, stars, sup = m.group(first), m.group(first + 1), m.group(first + 2)
    return caret if caret is not None else stars if stars is not None else sup.translate(_SUPER)


def parse_number(text: str) -> float | None:
    """The number a typed text stands for, or ``None`` if it cannot be read."""
    return read_number(text).value


# --- acceptance rules ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Rule:
    """Accept x when |x − value| ≤ abs·(1 + 10⁻⁹) or ≤ rel·|value|·(1 + 10⁻⁹) (either suffices) —
    :meth:`NumericAnswer.accepts` as data."""

    value: float
    abs: float | None = None
    rel: float | None = None

    def accepts(self, x: float) -> bool:
        err = abs(x - self.value)
        ok_abs = self.abs is not None and err <= self.abs * (1 + 1e-9)
        ok_rel = self.rel is not None and err <= self.rel * abs(self.value) * (1 + 1e-9)
        return bool(ok_abs or ok_rel)

    def to_data(self) -> dict:
        return {"value": self.value, "abs": self.abs, "rel": self.rel}


def key_rule(answer: NumericAnswer) -> Rule:
    """The key's own acceptance rule."""
    return Rule(answer.value, answer.abs_tol, answer.rel_tol)


def uses_default_tolerance(answer: NumericAnswer) -> bool:
    """Whether the key's tolerance is the default one (one unit in the last printed place, or
    exact for a whole number), which scales with the value, rather than one set by the family."""
    return answer.rel_tol is None and answer.abs_tol == NumericAnswer(answer.value, answer.rounding).abs_tol


def rule_at(answer: NumericAnswer, value: float) -> Rule | None:
    """The key's rule as it would be if ``value`` were the answer: the same rounding, and the same
    tolerance — one unit in the last place *of value as printed* when the key uses the default.
    ``None`` for a non-finite value (it accepts nothing)."""
    if not math.isfinite(value):
        return None
    if uses_default_tolerance(answer):
        return key_rule(NumericAnswer(value, answer.rounding))
    return Rule(value, answer.abs_tol, answer.rel_tol)


def wrong_rules(answer: NumericAnswer) -> list[Rule]:
    """One rule per common wrong answer, in the family's order."""
    return [r for r in (rule_at(answer, w.value) for w in answer.wrong) if r is not None]


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one typed answer: ``status`` is ``"correct"``, ``"misconception"``
    (``wrong`` is the index of the common wrong answer matched), ``"wrong"`` or ``"unreadable"``
    (``reason`` says why; it costs no attempt)."""

    status: str
    value: float | None = None
    wrong: int | None = None
    reason: str = ""

    def to_data(self) -> dict:
        return {"status": self.status, "value": self.value, "wrong": self.wrong, "reason": self.reason}


def grade_value(key: Rule, wrong: Sequence[Rule], reading: Reading) -> Verdict:
    """Check a reading: the key first, then each common wrong answer in order."""
    if reading.value is None:
        return Verdict("unreadable", reason=reading.reason)
    x = reading.value
    if key.accepts(x):
        return Verdict("correct", x)
    for i, rule in enumerate(wrong):
        if rule.accepts(x):
            return Verdict("misconception", x, wrong=i)
    return Verdict("wrong", x)


def grade_numeric(answer: NumericAnswer, text: str) -> Verdict:
    """Check a typed answer to a numeric question."""
    return grade_value(key_rule(answer), wrong_rules(answer), read_number(text))


# --- step-by-step items: error carried forward ----------------------------------------------------

MAX_STEPS = 12  # more boxes than this is drudgery, not practice
_SUPPORTED_OPTIMIZERS = ("sgd", "momentum", "nesterov")


@dataclass(frozen=True)
class StepPlan:
    """How each step of a k-step item is checked.

    ``rows[t − 1]`` holds c₀, c₁ … c_{t−1}: the value expected at step t is
    c₀ + c₁·y₁ + … + c_{t−1}·y_{t−1}, where y_j is what the student entered at step j (the
    given start x₀ is folded into c₀). On the correct path it is the run itself; after a slip it
    is the run continued from the student's values, with the optimizer's state (a momentum
    buffer) carried along as the student's own numbers make it.
    """

    symbol: str
    x0: float
    rows: tuple[tuple[float, ...], ...]

    @property
    def steps(self) -> int:
        return len(self.rows)

    def expected(self, t: int, typed: Sequence[float]) -> float:
        """The value step ``t`` (1-based) should have, given the values typed at steps 1 … t − 1."""
        row = self.rows[t - 1]
        e = row[0]
        for c, y in zip(row[1:], typed[: t - 1]):
            e += c * y  # the same order of operations as the page's script
        return e

    def to_data(self) -> dict:
        return {"symbol": self.symbol, "x0": self.x0, "rows": [list(r) for r in self.rows]}


@dataclass(frozen=True)
class _Run:
    objective: Any
    optimizer: Any
    x0: float
    steps: int


def _scalar(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _recorded_run(q: Question) -> _Run | None:
    """The question's one recorded run rebuilt with the core, when it is k steps of SGD (plain or
    with momentum, constant hyperparameters) on a 1-D quadratic; ``None`` otherwise."""
    from quizgen import core
    from quizgen.exercise import describe

    runs = q.params.get("runs") or []
    if len(runs) != 1:
        return None
    run = runs[0]
    obj, opt = run.get("objective", {}), run.get("optimizer", {})
    if obj.get("name") != "quadratic_1d" or opt.get("name") not in _SUPPORTED_OPTIMIZERS:
        return None
    numbers = [obj.get("a"), obj.get("w_star"), opt.get("lr"), opt.get("momentum"), opt.get("dampening"),
               opt.get("weight_decay"), run.get("x0")]
    steps = run.get("steps")
    if not all(_scalar(v) for v in numbers) or not isinstance(steps, int) or not 2 <= steps <= MAX_STEPS:
        return None
    if set(run) - {"objective", "optimizer", "x0", "steps"}:
        return None  # tolerances, mini-batches …: not a plain deterministic run
    objective = core.Quadratic1D(obj["a"], w_star=obj["w_star"])
    optimizer = core.sgd(opt["lr"], momentum=opt["momentum"], dampening=opt["dampening"],
                         nesterov=bool(opt.get("nesterov")), weight_decay=opt["weight_decay"])
    if describe(objective) != obj or describe(optimizer) != opt:
        return None  # the rebuilt objects must be the ones that were run
    return _Run(objective, optimizer, float(run["x0"]), steps)


def carry_forward(optimizer: Any, objective: Any, x0: float, typed) -> Any:
    """The core's own steps, each taken from the student's previous value: for every row of
    ``typed`` (shape (B, k − 1), the values entered at steps 1 … k − 1), the k values expected at
    steps 1 … k. The optimizer's state (step count, momentum buffer) is carried from step to step
    exactly as :func:`quizgen.core.run` carries it; only the parameter is replaced by the typed one."""
    import numpy as np

    typed = np.asarray(typed, dtype=float)
    batch, k = typed.shape[0], typed.shape[1] + 1
    x = np.full((batch, 1), float(x0))
    state = optimizer.init(x)
    out = np.empty((batch, k))
    with np.errstate(all="ignore"):
        for t in range(k):
            x, state = optimizer.update(objective.grad(x), state, x)
            out[:, t] = x[:, 0]
            if t < k - 1:
                x = typed[:, t : t + 1].copy()
    return out


_SYMBOL = re.compile(r"\$\\?([a-zA-Z]+)_\{?0\}?\s*=")  # the start, "$x_0 = …": names the iterate


def _asks_for(prompt: str, symbol: str, k: int) -> bool:
    """Whether the prompt asks for the iterate after k steps itself ("What is $x_{5}$ …")."""
    return re.search(rf"[Ww]hat is \$\\?{symbol}_(?:{k}|\{{{k}\}})\$", prompt) is not None


def step_plan(q: Question) -> StepPlan | None:
    """The step-by-step plan of a question that asks for the value after k steps of a run the core
    can replay (see :func:`_recorded_run`), or ``None``. The affine coefficients are measured by
    running the core from the basis values and must reproduce the recorded run and the answer."""
    import numpy as np

    if q.answer is None or q.choices:
        return None
    run = _recorded_run(q)
    if run is None:
        return None
    k = run.steps
    basis = np.vstack([np.zeros((1, k - 1)), np.eye(k - 1)])
    measured = carry_forward(run.optimizer, run.objective, run.x0, basis)
    base = measured[0]
    rows = []
    for t in range(1, k + 1):
        later = measured[t:, t - 1] - base[t - 1]  # typed values not yet used: exactly no effect
        if np.any(later != 0):
            return None
        rows.append((float(base[t - 1]), *(float(measured[j, t - 1] - base[t - 1]) for j in range(1, t))))
    m = _SYMBOL.search(q.prompt)
    if m is None or not _asks_for(q.prompt, m.group(1), k):
        return None  # a run of k steps, but the question asks something else about it (a distance, say)
    symbol = m.group(1)
    plan = StepPlan("\\" + symbol if len(symbol) > 1 else symbol, run.x0, tuple(rows))

    from quizgen import core

    path = core.run(run.optimizer, run.objective, x0=run.x0, steps=k).params[:, 0, 0]
    scale = max(float(np.max(np.abs(path))), 1.0)
    replay = [plan.expected(t, path[1:]) for t in range(1, k + 1)]
    if not np.allclose(replay, path[1:], rtol=0, atol=1e-12 * scale):
        return None
    if not math.isclose(path[-1], q.answer.value, rel_tol=1e-12, abs_tol=1e-12 * scale):
        return None  # the question asks for something else about the run
    # affine indeed: random entries give what the core gives from them
    rng = np.random.default_rng(q.seed)
    trial = path[1:k] + rng.normal(0.0, scale, size=(4, k - 1))
    direct = carry_forward(run.optimizer, run.objective, run.x0, trial)
    mapped = np.array([[plan.expected(t, row) for t in range(1, k + 1)] for row in trial])
    if not np.allclose(mapped, direct, rtol=1e-9, atol=1e-9 * scale):
        return None
    return plan


def step_rule(answer: NumericAnswer, expected: float) -> Rule | None:
    """How a step is checked: the key's rule moved to the value expected at that step."""
    return rule_at(answer, expected)


def grade_steps(plan: StepPlan, answer: NumericAnswer, texts: Sequence[str]) -> list[Verdict]:
    """Check the values typed at steps 1 … len(texts), each against one step from the student's own
    previous values. A step after an unreadable or missing one is ``"unreadable"`` with reason
    ``"previous"``; the last step, if wrong, may match a common wrong answer of the question."""
    verdicts: list[Verdict] = []
    typed: list[float] = []
    for t, text in enumerate(texts, 1):
        reading = read_number(text)
        if len(typed) < t - 1:  # an earlier step is missing: nothing to carry forward from
            verdicts.append(Verdict("unreadable", reading.value, reason="previous"))
            continue
        rule = step_rule(answer, plan.expected(t, typed))
        wrong = wrong_rules(answer) if t == plan.steps else []
        verdicts.append(grade_value(rule or Rule(math.nan), wrong, reading))  # NaN: accepts nothing
        if reading.value is not None:
            typed.append(reading.value)
    return verdicts


def rounding_data(r: Rounding) -> dict:
    """A rounding rule as the page's script reads it."""
    return {"sig": r.sig, "decimals": r.decimals}


def step_rule_data(answer: NumericAnswer) -> dict:
    """What the page's script needs to build :func:`step_rule` for any expected value."""
    default = uses_default_tolerance(answer)
    return {"rounding": rounding_data(answer.rounding), "default": default,
            "abs": None if default else answer.abs_tol, "rel": None if default else answer.rel_tol}
