"""The format-neutral question model every writer (JSON, HTML, Markdown, LMS exports) reads.

A question family (a module in ``question_bank/``) returns a :class:`Draft` — the content
of one question drawn with one seed; the bank adds the family's metadata and turns it
into a :class:`Question`, named ``id@seed``. Text fields are Markdown with ``$…$`` math.

Worked solutions are checkable: a :class:`Step` may carry ``expr``, an arithmetic
expression written with the numbers *as printed* in the question, and ``result``, its value
as printed under the question's :class:`Rounding`. The stress test evaluates every
``expr`` and requires the printed result — and, for numeric questions, the printed answer
— to follow from it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Kind(str, Enum):
    """How a question is answered."""

    MULTIPLE_CHOICE = "multiple_choice"
    MULTI_SELECT = "multi_select"
    NUMERIC = "numeric"
    TRUE_FALSE = "true_false"


@dataclass(frozen=True)
class Rounding:
    """How numbers are printed: ``sig`` significant figures, or ``decimals`` places.

    ``apply`` rounds half away from zero on the printed decimal digits (what a student
    doing it by hand does), and ``format`` prints without float noise.
    """

    sig: int | None = 4
    decimals: int | None = None

    def __post_init__(self) -> None:
        if (self.sig is None) == (self.decimals is None):
            raise ValueError("Rounding takes exactly one of sig= and decimals=")
        if self.sig is not None and self.sig < 1:
            raise ValueError(f"sig must be >= 1, got {self.sig}")
        if self.decimals is not None and self.decimals < 0:
            raise ValueError(f"decimals must be >= 0, got {self.decimals}")

    def _places(self, x: float) -> int:
        if self.decimals is not None:
            return self.decimals
        if x == 0:
            return self.sig - 1
        return self.sig - 1 - math.floor(math.log10(abs(x)))

    def apply(self, x: float) -> float:
        """x rounded by this rule (half away from zero, decided on the decimal string)."""
        from decimal import ROUND_HALF_UP, Decimal

        if not math.isfinite(x):
            raise ValueError(f"cannot round a non-finite value {x!r}")
        places = self._places(x)
        q = Decimal(1).scaleb(-places)
        rounded = Decimal(repr(float(x))).quantize(q, rounding=ROUND_HALF_UP)
        # rounding can carry into a new digit (9.9996 -> 10.00): re-round at the new magnitude
        if self.sig is not None and rounded != 0 and self._places(float(rounded)) < places:
            rounded = rounded.quantize(Decimal(1).scaleb(-self._places(float(rounded))), rounding=ROUND_HALF_UP)
        return float(rounded)

    def near_tie(self, x: float, rel: float = 1e-9) -> bool:
        """True when x is within float noise of a rounding tie (…5 in the first dropped digit),
        where a simulated value and hand arithmetic could round in different directions."""
        scaled = abs(x) * 10.0 ** self._places(x)
        return abs(scaled - math.floor(scaled) - 0.5) <= rel * max(scaled, 1.0)

    def format(self, x: float) -> str:
        """The printed form: plain decimals for 1e-4 <= |x| < 1e7, else ``m e±k`` (Python syntax)."""
        r = self.apply(x)
        if r == 0:
            return "0"
        if 1e-4 <= abs(r) < 1e7:
            text = f"{r:.{max(self._places(r), 0)}f}"
            if self.sig is not None and "." in text:
                text = text.rstrip("0").rstrip(".")
            return text
        mant = f"{r:.{(self.sig or 4) - 1}e}"
        m, e = mant.split("e")
        if "." in m:
            m = m.rstrip("0").rstrip(".")
        return f"{m}e{int(e)}"

    def describe(self) -> str:
        if self.sig is not None:
            return f"rounded to {self.sig} significant figure{'s' if self.sig != 1 else ''}"
        return f"rounded to {self.decimals} decimal place{'s' if self.decimals != 1 else ''}"


#: Whole numbers (step counts, epochs) are printed exactly.
INTEGER = Rounding(sig=None, decimals=0)


@dataclass(frozen=True)
class Choice:
    """One option of a choice question.

    ``feedback`` says why the option is right, or names the misconception behind a wrong
    one (``misconception`` holds its tag, e.g. ``"M5"`` from DOMAIN §4). ``value`` is the
    number an option stands for, when it is one (used to check distinctness).
    """

    text: str
    correct: bool
    feedback: str
    misconception: str | None = None
    value: float | None = None


@dataclass(frozen=True)
class WrongAnswer:
    """A common wrong answer to a numeric question: the value a named slip gives (forgot the ½,
    off by one step, 1/a instead of 2/a …), the misconception's tag and the feedback to show."""

    value: float
    misconception: str
    feedback: str


@dataclass(frozen=True)
class NumericAnswer:
    """A numeric answer: the exact value from the run, printed by ``rounding``.

    A typed answer is accepted if it is within ``abs_tol`` or within ``rel_tol``·|value|
    of the exact value (either suffices; at least one is set). Without either, whole-number
    answers (counts) must be exact and others may be off by one unit in the last printed place.
    """

    value: float
    rounding: Rounding = Rounding()
    abs_tol: float | None = None
    rel_tol: float | None = None
    unit: str = ""
    wrong: tuple[WrongAnswer, ...] = ()

    def __post_init__(self) -> None:
        if not math.isfinite(self.value):
            raise ValueError(f"a numeric answer must be finite, got {self.value!r}")
        if self.abs_tol is None and self.rel_tol is None:
            shown = self.rounding.apply(self.value)
            places = self.rounding._places(shown)
            if places == 0 and float(self.value).is_integer():
                # a count (steps, epochs): off by one is the very mistake being tested
                tol = 0.0
            else:
                # one unit in the last printed place, so any correct rounding passes
                tol = 10.0 ** -places
            object.__setattr__(self, "abs_tol", tol)

    @property
    def display(self) -> str:
        return self.rounding.format(self.value)

    def accepts(self, typed: float) -> bool:
        err = abs(typed - self.value)
        ok_abs = self.abs_tol is not None and err <= self.abs_tol * (1 + 1e-9)
        ok_rel = self.rel_tol is not None and err <= self.rel_tol * abs(self.value) * (1 + 1e-9)
        return bool(ok_abs or ok_rel)


@dataclass(frozen=True)
class Step:
    """One step of a worked solution.

    ``text`` is what is printed. ``expr`` (optional) is the step's arithmetic in Python
    syntax using only numbers printed in the question or earlier steps (functions: log,
    ln, log10, exp, sqrt, ceil, floor, abs, cos, sin, min, max; constant pi), and
    ``result`` its printed value; ``rounding`` overrides the question's rule for it.
    """

    text: str
    expr: str | None = None
    result: str | None = None
    rounding: Rounding | None = None


#: The figure kinds a question may carry; :mod:`quizgen.figures` draws each of them.
FIGURE_KINDS = ("curves", "iterates_on_curve", "contour_paths")


@dataclass(frozen=True)
class Figure:
    """A figure described as data; ``quizgen.figures`` draws it by ``kind``.

    ``alt`` is alt text safe to show on a student sheet (it never gives the answer away).
    ``in_solution`` figures belong to the worked solution: answer keys show them, student
    sheets do not (they would give the answer away).
    """

    kind: str
    data: dict[str, Any]
    alt: str
    caption: str = ""
    in_solution: bool = False


@dataclass(frozen=True)
class Draft:
    """What a question family returns for one seed: the content of one question."""

    prompt: str
    solution: tuple[Step, ...]
    choices: tuple[Choice, ...] = ()
    answer: NumericAnswer | None = None
    figures: tuple[Figure, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)
    rounding: Rounding = Rounding()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    """One generated question, ready for any writer. Named ``id@seed``.

    ``params`` holds everything needed to recompute the answer (objective, optimizer and
    hyperparameters, schedule, start point, steps, dataset seed).
    """

    id: str
    seed: int
    topic: str
    difficulty: int
    kind: Kind
    prompt: str
    solution: tuple[Step, ...]
    choices: tuple[Choice, ...] = ()
    answer: NumericAnswer | None = None
    figures: tuple[Figure, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)
    rounding: Rounding = Rounding()
    learning_objective: str = ""
    tags: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.id}@{self.seed}"

    @property
    def correct_choices(self) -> tuple[int, ...]:
        return tuple(i for i, c in enumerate(self.choices) if c.correct)
