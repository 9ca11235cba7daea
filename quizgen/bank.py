"""The question registry: families discovered from folders.

A family is a module in the exercise shape (:mod:`quizgen.exercise`: ``QUESTION``,
``SOLUTION``, ``data``, ``META``). :func:`load_bank` executes every ``*.py`` file of the
built-in ``question_bank/`` folder (and of any extra folders, e.g. a teacher's own) and
collects their families into a :class:`Bank`. Built-ins and plug-ins go through the same
code, and there is no global registry: two banks never share state.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

import numpy as np

from quizgen.exercise import Exercise, Redraw, exercise_of
from quizgen.item_checks import natural_order
from quizgen.question import Draft, Kind, Question

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
MAX_REDRAWS = 100


class GenerationError(RuntimeError):
    """A question could not be generated: the family raised something unexpected, or no
    usable draw came in :data:`MAX_REDRAWS` attempts. The message names the reproducible
    question, ``id@seed: what went wrong``."""

    def __init__(self, family_id: str, seed: int, what: str) -> None:
        super().__init__(f"{family_id}@{seed}: {what}")
        self.family_id, self.seed, self.what = family_id, int(seed), what

    def __reduce__(self):  # picklable, e.g. across worker processes
        return type(self), (self.family_id, self.seed, self.what)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


class BankError(ValueError):
    """A question file or folder that cannot be loaded; the message names the file and line."""


@dataclass(frozen=True)
class Drawn:
    """A generated question together with the internal cross-checks that failed on the way.

    ``check_failures`` lists, in order, each ``AssertionError`` a family raised (a disagreement
    between its simulation and theory, say) before a later draw succeeded. Generation treats
    such a draw as unusable and draws again, so quizzes never abort on it; the stress test
    reports every entry as a failure, so a real bug is not hidden by the redraw.
    """

    question: Question
    check_failures: tuple[str, ...] = ()
    attempts: int = 1  # draws it took (1 + redraws): the stress test reports the acceptance rate


@dataclass(frozen=True)
class Family:
    """A registered question family: metadata plus its generator function."""

    id: str
    topic: str
    difficulty: int
    kind: Kind
    plot: bool
    learning_objective: str
    func: Callable[[np.random.Generator], Draft]
    source: str = ""

    def generate(self, seed: int) -> Question:
        """The question ``id@seed`` (see :meth:`draw`); raises :class:`GenerationError` if there is none."""
        return self.draw(seed).question

    def draw(self, seed: int) -> Drawn:
        """The question ``id@seed`` and the internal checks that failed on the way.

        Draw from ``default_rng(seed)``, drawing again from the same stream on :class:`Redraw`
        and on a failed internal check (``AssertionError``, recorded in the result), then
        shuffle the choices. The choice order comes from its own stream, so it does not
        depend on how many draws the content needed; the same seed always gives the same
        question. Any other exception, a result that is not a Draft, or no usable draw in
        :data:`MAX_REDRAWS` attempts raises :class:`GenerationError`.
        """
        rng = np.random.default_rng(seed)
        check_failures: list[str] = []
        for attempt in range(1, MAX_REDRAWS + 1):
            try:
                draft = self.func(rng)
                break
            except Redraw:
                continue
            except AssertionError as exc:
                check_failures.append(f"internal check failed (redrawn): {_describe(exc)}")
                continue
            except Exception as exc:
                raise GenerationError(self.id, seed, _describe(exc)) from exc
        else:
            last = f"; last failed check: {check_failures[-1]}" if check_failures else ""
            raise GenerationError(self.id, seed, f"no usable draw in {MAX_REDRAWS} attempts{last}")
        if not isinstance(draft, Draft):
            raise GenerationError(self.id, seed, f"the family returned {type(draft).__name__}, expected a Draft")
        try:
            choices = draft.choices
            if choices and self.kind is not Kind.TRUE_FALSE:
                order = np.random.default_rng([seed, _SHUFFLE_STREAM]).permutation(len(choices))
                choices = natural_order(tuple(choices[i] for i in order))
            question = Question(
                id=self.id, seed=int(seed), topic=self.topic, difficulty=self.difficulty, kind=self.kind,
                prompt=draft.prompt, solution=tuple(draft.solution), choices=choices, answer=draft.answer,
                figures=tuple(draft.figures), params=dict(draft.params), rounding=draft.rounding,
                learning_objective=self.learning_objective, tags=tuple(draft.tags),
            )
        except Exception as exc:
            raise GenerationError(self.id, seed, f"invalid question: {_describe(exc)}") from exc
        return Drawn(question, tuple(check_failures), attempt)


_SHUFFLE_STREAM = 0x5EED


def _check_meta(id: str, difficulty: int) -> None:
    if not ID_PATTERN.match(id):
        raise ValueError(f"question id {id!r} must be dotted lowercase words, e.g. 'gd.quadratic.one_step'")
    if difficulty not in (1, 2, 3):
        raise ValueError(f"{id}: difficulty must be 1, 2 or 3, got {difficulty!r}")


class Bank:
    """An ordered collection of families keyed by id; duplicate ids are rejected."""

    def __init__(self) -> None:
        self._families: dict[str, Family] = {}

    def add(self, family: Family) -> None:
        if family.id in self._families:
            first = self._families[family.id].source
            where = f"{family.source}:{_definition_line(Path(family.source))}" if family.source else "?"
            raise BankError(f"{where}: duplicate question id {family.id!r} (already defined in {first})")
        self._families[family.id] = family

    def __getitem__(self, id: str) -> Family:
        try:
            return self._families[id]
        except KeyError:
            raise KeyError(f"no question family {id!r}; see 'quizgen list'") from None

    def __contains__(self, id: object) -> bool:
        return id in self._families

    def __iter__(self) -> Iterator[Family]:
        return iter(sorted(self._families.values(), key=lambda f: f.id))

    def __len__(self) -> int:
        return len(self._families)

    @property
    def topics(self) -> list[str]:
        return sorted({f.topic for f in self})


def _module_name(path: Path) -> str:
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:10]
    return f"quizgen_bank_{digest}_{path.stem}"


def families_in_file(path: Path) -> list[Family]:
    """Execute one question module and return the families it declares."""
    name = _module_name(path)
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load question module {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and pickling look modules up by name
    try:
        spec.loader.exec_module(module)
    except Exception:
        del sys.modules[name]
        raise
    exercise = exercise_of(vars(module), str(path))
    return [family_of(exercise, str(path))] if exercise is not None else []


def family_of(exercise: Exercise, source: str = "") -> Family:
    """The family an exercise module defines (its META checked like the decorator's arguments)."""
    meta = exercise.meta
    _check_meta(meta.id, meta.difficulty)
    return Family(meta.id, meta.topic, meta.difficulty, Kind(meta.kind), meta.plot, meta.objective, exercise, source)


def load_bank(extra: Iterable[Path | str] = (), *, builtin: bool = True) -> Bank:
    """Discover families: the built-in ``question_bank/`` first, then each extra folder or file.

    A family id from an extra folder may not repeat another (nor shadow a built-in one). A file
    that cannot be loaded raises :class:`BankError` naming the file and line.
    """
    from quizgen.resources import builtin_dir

    bank = Bank()
    sources: list[Path] = [builtin_dir("question_bank")] if builtin else []
    sources += [Path(p) for p in extra]
    for src in sources:
        if not src.exists():
            raise BankError(f"{src}: no such folder or file")
        files = sorted([*src.rglob("*.py"), *src.rglob("*.toml")]) if src.is_dir() else [src]
        for path in files:
            parts = path.relative_to(src).parts if src.is_dir() else ()
            if any(part.startswith("_") for part in parts) or (builtin and src == sources[0] and parts[0] == "examples"):
                continue  # helpers (_shared.py), caches, and the examples for teachers' own folders
            try:
                for family in (toml_families(path) if path.suffix == ".toml" else families_in_file(path)):
                    bank.add(family)
            except BankError:
                raise
            except SyntaxError as exc:
                raise BankError(f"{path}:{exc.lineno}: {exc.msg}") from None
            except Exception as exc:  # a teacher's file may fail in any way: name where
                raise BankError(f"{path}:{_line_in(exc, path)}: {type(exc).__name__}: {exc}") from None
    return bank


def toml_families(path: Path) -> list[Family]:
    """The family a declarative ``.toml`` file defines (:mod:`quizgen.declarative`)."""
    from quizgen.declarative import load_toml_family

    return [load_toml_family(path)]


def _line_in(exc: BaseException, path: Path) -> int | str:
    """The line of ``path`` where ``exc`` was raised (the innermost frame in that file)."""
    import traceback

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename) == path]
    # raised outside the file (META checked by the loader): the line that defines the family
    return frames[-1].lineno if frames else _definition_line(path)


def _definition_line(path: Path) -> int | str:
    """The line where a file defines its family: ``META = …`` in Python, ``id = …`` in TOML."""
    import re

    pattern = re.compile(r"^\s*id\s*=" if path.suffix == ".toml" else r"^META\s*[:=]")
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return "?"
    return next((n for n, line in enumerate(lines, 1) if pattern.match(line)), "?")
