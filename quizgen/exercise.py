"""The shape of a question family: a module that reads like an exercise.

Top to bottom a family module holds::

    QUESTION = r"... $\\eta = <<eta>>$ ..."          # the prompt, a text template
    SOLUTION = [r"...", r"$r = <<r.work>>$", ...]   # one template per worked step (or each(...))
    def data(rng): ...                              # draw, simulate, compute: a dict of values
    def figures(d): ...                             # optional: the figures, from the same values
    META = Meta(id=..., topic=..., answer="x_k", closed_form=...)

Templates use ``<< … >>`` for values (LaTeX braces need no escaping) and ``<% if … %>`` for
wording chosen by the data; printed numbers (:class:`~quizgen.printed.Num`) and worked
calculations (:class:`~quizgen.printed.Calc`) show as LaTeX, and a plain float must be a short
decimal, so nothing is ever printed unrounded. A step that shows ``<<c.work>>`` is checked by
the stress test from the printed numbers; a step that renders empty is left out.

``data`` may raise :class:`~quizgen.bank.Redraw` (or call :func:`redraw_if`) when a draw is
unusable. Runs made with :func:`simulate` are recorded as the question's ``params``, from the
very objects that were run. The family's ``closed_form`` is compared with the simulation on
every draw, so theory and simulation can never silently disagree.
"""

from __future__ import annotations

import contextvars
import dataclasses
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from quizgen.printed import SIG4, Calc, Num, num
from quizgen.question import Choice, Draft, Figure, Kind, NumericAnswer, Rounding, Step, WrongAnswer

_SHOWN: contextvars.ContextVar[list | None] = contextvars.ContextVar("shown", default=None)
_RUNS: contextvars.ContextVar[list | None] = contextvars.ContextVar("runs", default=None)


class Redraw(Exception):
    """Raised by a family when its random draw is unusable (too close to a boundary,
    distractors that coincide after rounding…); the bank draws again from the same stream."""


def redraw_if(condition: Any, why: str) -> None:
    """Draw again when ``condition`` holds; ``why`` says what the draw must avoid."""
    if condition:
        raise Redraw(why)


def shown(calc: Calc) -> None:
    """Record that the step being rendered shows ``calc`` (called by ``Calc.work``)."""
    active = _SHOWN.get()
    if active is not None and calc not in active:
        active.append(calc)


@dataclass(frozen=True)
class Meta:
    """What a family is: its id and classification, and what its answer and checks are.

    ``answer`` names the value in ``data``'s dict that is the numeric answer (the simulated
    value, printed by ``rounding``; ``abs_tol``/``rel_tol`` widen what is accepted). A draw
    may override any of these three with its own entries ``rounding``, ``abs_tol``, ``rel_tol``,
    and lists the common wrong answers as ``wrong_answers``: ``(value, misconception tag,
    feedback)`` for each named slip (the stress test proves none is accepted).
    ``closed_form(d)`` gives theory's value of the answer — or a dict ``{name: value}`` for
    other simulated values of ``d`` — and each must agree with the simulation to ``rtol``
    (or ``atol``, for values that may be exactly zero).
    """

    id: str
    topic: str
    difficulty: int
    kind: Kind | str
    objective: str
    answer: str | None = None
    closed_form: Callable[[dict], float | Mapping[str, float]] | None = None
    rounding: Rounding = SIG4
    abs_tol: float | None = None
    rel_tol: float | None = None
    rtol: float = 1e-9
    atol: float = 0.0
    figures: Callable[[dict], Sequence[Figure]] | None = None
    tags: tuple[str, ...] = ()

    @property
    def plot(self) -> bool:
        return self.figures is not None


# --- templates ---------------------------------------------------------------------------

def _show(value: Any) -> Any:
    """How a template shows a value: numbers as LaTeX, a bare float only if it is a short decimal."""
    if isinstance(value, (Num, Calc)):
        return value.tex
    if isinstance(value, bool) or value is None:
        raise TypeError(f"a template tried to print {value!r}")
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return num(float(value)).tex
    return value


@lru_cache(maxsize=1)
def _env():
    import jinja2

    from quizgen import printed

    env = jinja2.Environment(
        variable_start_string="<<", variable_end_string=">>",
        block_start_string="<%", block_end_string="%>",
        comment_start_string="<#", comment_end_string="#>",
        undefined=jinja2.StrictUndefined, autoescape=False, finalize=_show,
    )
    # formulas as a teacher writes them: <<a|coef('x')>> → 3x, <<b|signed>> → - 2, …
    for name in ("tex", "paren", "coef", "signed", "half_quadratic"):
        env.filters[name] = getattr(printed, name)
    return env


@lru_cache(maxsize=2048)
def _compiled(template: str):
    # every version fills the same few templates: compile each once
    return _env().from_string(template)


def fill(template: str, values: Mapping[str, Any]) -> str:
    """A text template filled with ``values``. Line breaks and indentation fold to single
    spaces (templates may wrap freely); a blank line stays a paragraph break."""
    text = _compiled(template).render(values)
    paragraphs = (re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n[ \t]*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


@dataclass(frozen=True)
class Each:
    """A SOLUTION item that is one step per element of ``data[key]`` (a trace of a run, say):
    the template sees that element as ``item`` and its 1-based position as ``number``."""

    key: str
    template: str


def each(key: str, template: str) -> Each:
    """One worked step for every element of the list ``data[key]`` (see :class:`Each`)."""
    return Each(key, template)


def _steps(item: str | Each, values: Mapping[str, Any]) -> list[Step]:
    if isinstance(item, str):
        return [s for s in (_step(item, values),) if s is not None]
    out = []
    for number, element in enumerate(values[item.key], 1):
        step = _step(item.template, {**values, "item": element, "number": number})
        if step is not None:
            out.append(step)
    return out


def _step(template: str, values: Mapping[str, Any]) -> Step | None:
    token = _SHOWN.set([])
    try:
        text = fill(template, values)
        works = _SHOWN.get()
    finally:
        _SHOWN.reset(token)
    if not text:
        return None
    if len(works) > 1:
        raise ValueError(f"a worked step shows {len(works)} calculations; give each its own step: {text[:60]}")
    if not works:
        return Step(text)
    c = works[0]
    return Step(text, expr=c.expr, result=c.text, rounding=c.rounding)


# --- runs and their parameters -------------------------------------------------------------

def _plain(value: Any, limit: int = 64) -> Any:
    if isinstance(value, np.ndarray):
        if value.size > limit:
            return {"shape": list(value.shape)}
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) or hasattr(value, "hyperparams"):
        return describe(value)
    return value


def describe(obj: Any) -> dict:
    """The parameters of a core object (objective, optimizer, schedule) as plain data."""
    from quizgen.core.optimizers import Optimizer

    if isinstance(obj, Optimizer):
        return {"name": obj.name, "lr": _plain(obj.learning_rate), **_plain(obj.hyperparams)}
    name = re.sub(r"(?<=[a-z])(?=[A-Z0-9])", "_", type(obj).__name__).lower()  # Quadratic1D → quadratic_1d
    fields = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj) if not f.name.startswith("_")}
    return {"name": name, **{k: _plain(v) for k, v in fields.items() if v is not None and not callable(v)}}


def simulate(optimizer: Any, objective: Any, x0: Any, steps: int, **options: Any):
    """``core.run`` whose objective, optimizer, start and steps become the question's params."""
    from quizgen import core

    traj = core.run(optimizer, objective, x0=x0, steps=steps, **options)
    runs = _RUNS.get()
    if runs is not None:
        runs.append({"objective": describe(objective), "optimizer": describe(optimizer), "x0": _plain(x0),
                     "steps": steps, **{k: _plain(v) for k, v in options.items()}})
    return traj


# --- one draw -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Exercise:
    """A family module's parts, ready to draw questions from."""

    meta: Meta
    question: str
    solution: tuple[str | Each, ...]
    data: Callable[[np.random.Generator], dict]
    source: str = field(default="", compare=False)

    def __call__(self, rng: np.random.Generator) -> Draft:
        token = _RUNS.set([])
        try:
            d = self.data(rng)
            runs = _RUNS.get()
        finally:
            _RUNS.reset(token)
        if not isinstance(d, dict):
            raise TypeError(f"data() must return a dict, not {type(d).__name__}")
        meta = self.meta
        answer = self._answer(d)
        self._verify(d)
        steps = [s for item in self.solution for s in _steps(item, d)]
        params = {"runs": runs} if runs else {}
        params.update(d.get("params", {}))
        return Draft(
            prompt=fill(self.question, d), solution=tuple(steps), choices=tuple(d.get("choices", ())),
            answer=answer, figures=tuple(meta.figures(d)) if meta.figures else (), params=params,
            rounding=d.get("rounding", meta.rounding), tags=meta.tags + tuple(d.get("tags", ())),
        )

    def _answer(self, d: dict) -> NumericAnswer | None:
        if self.meta.answer is None:
            return None
        value = float(d[self.meta.answer])
        rounding = d.get("rounding", self.meta.rounding)
        if not math.isfinite(value):
            raise Redraw("non-finite answer")
        if rounding.near_tie(value):
            # hand arithmetic and floating point may round a tie differently
            raise Redraw("answer on a rounding tie")
        wrong = tuple(w if isinstance(w, WrongAnswer) else WrongAnswer(float(w[0]), w[1], w[2])
                      for w in d.get("wrong_answers", ()))
        return NumericAnswer(value, rounding, abs_tol=d.get("abs_tol", self.meta.abs_tol),
                             rel_tol=d.get("rel_tol", self.meta.rel_tol), wrong=wrong)

    def _verify(self, d: dict) -> None:
        if self.meta.closed_form is None:
            return
        theory = self.meta.closed_form(d)
        expected = theory if isinstance(theory, Mapping) else {self.meta.answer: theory}
        for name, value in expected.items():
            simulated = np.asarray(d[name], dtype=float)
            # relative to the largest compared value, so an exact 0 beside -0.52 may be 1e-16 by hand
            scale = float(np.max(np.abs(np.asarray(value, dtype=float)), initial=0.0))
            if not np.allclose(simulated, value, rtol=self.meta.rtol,
                               atol=max(self.meta.atol, self.meta.rtol * scale, 1e-300)):
                raise AssertionError(f"{name}: simulation {simulated} disagrees with the closed form {value}")


def exercise_of(namespace: Mapping[str, Any], source: str = "") -> Exercise | None:
    """The exercise a family module defines (QUESTION, SOLUTION, data, META), or None."""
    meta = namespace.get("META")
    if not isinstance(meta, Meta):
        return None
    missing = [n for n in ("QUESTION", "SOLUTION", "data") if n not in namespace]
    if missing:
        raise ValueError(f"{source}: a family with META also needs {', '.join(missing)}")
    solution = namespace["SOLUTION"]
    solution = (solution,) if isinstance(solution, (str, Each)) else tuple(solution)
    return Exercise(meta, namespace["QUESTION"], solution, namespace["data"], source)


__all__ = ["Meta", "Exercise", "Redraw", "redraw_if", "simulate", "describe", "fill", "each", "exercise_of", "Choice"]
