"""Assembly: choose question families and generate versions of a quiz.

Seeds flow one way: the quiz seed → ``SeedSequence(seed).spawn(V)`` (one independent
stream per version) → one 32-bit seed per question, so each question is ``id@seed`` and
any version can be regenerated. Every version has the same families in the same order
(easy to grade), with its own numbers, plots and choice order; a version of a family that
would print exactly like an earlier version's is drawn again from a derived seed, so the
versions of a quiz are distinct as printed.

A **version code** such as ``1ZA0X-3KQ`` is self-contained: its first group (Crockford
base 32) holds the quiz seed and the number of versions, then come the version number (``3``)
and a two-letter check of the whole (``KQ``). So ``quizgen generate --code 1ZA0X-3KQ``, with
the same selection options, rebuilds exactly that version's files — "Version 3 of 30", the
same file names — and refuses a code that was mistyped or made for another selection.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

import numpy as np

from quizgen.bank import Bank, Family
from quizgen.parallel import fork_map
from quizgen.question import Question

_B32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
_LETTERS = _B32[10:]  # the check is letters only, so it never runs into the version number
MAX_SEED = 2**63 - 1
MAX_VERSIONS = 1000
MAX_VARIANT_TRIES = 20  # draws tried for a version that prints differently from the earlier ones
_TOTAL_SLOTS = 1024  # the code's first group is seed · 1024 + (versions − 1)


class SelectionError(ValueError):
    """The options select no usable set of questions."""


@dataclass(frozen=True)
class Version:
    """One student version: its number (1-based), code and questions."""

    number: int
    code: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Quiz:
    """A generated quiz: versions of the same selection of families.

    ``versions`` holds every version, or only some when one was rebuilt from its code;
    ``total_versions`` is always the quiz's full count (sheets print "Version 7 of 30").
    """

    title: str
    seed: int
    family_ids: tuple[str, ...]
    versions: tuple[Version, ...]
    total_versions: int

    @property
    def complete(self) -> bool:
        """Whether every version is here (documents about all versions need them all)."""
        return len(self.versions) == self.total_versions


def _b32(n: int) -> str:
    out = ""
    while True:
        n, r = divmod(n, 32)
        out = _B32[r] + out
        if n == 0:
            return out


def _unb32(text: str) -> int:
    n = 0
    for ch in text.upper():
        if ch not in _B32:
            raise ValueError(f"{ch!r} is not a version-code character")
        n = n * 32 + _B32.index(ch)
    return n


def _check(seed: int, total: int, number: int, family_ids: Sequence[str]) -> str:
    digest = hashlib.sha256(f"{seed}|{total}|{number}|{','.join(family_ids)}".encode()).digest()
    return _LETTERS[digest[0] % len(_LETTERS)] + _LETTERS[digest[1] % len(_LETTERS)]


def version_code(seed: int, total: int, number: int, family_ids: Sequence[str]) -> str:
    """The short code printed on version ``number`` of a ``total``-version quiz."""
    if not 1 <= number <= total <= MAX_VERSIONS:
        raise ValueError(f"version {number} of {total} is not a valid version (at most {MAX_VERSIONS})")
    return f"{_b32(seed * _TOTAL_SLOTS + total - 1)}-{number}{_check(seed, total, number, family_ids)}"


@dataclass(frozen=True)
class VersionCode:
    """What a version code says: the quiz seed, its number of versions and which version."""

    seed: int
    total: int
    number: int
    check: str

    def matches(self, family_ids: Sequence[str]) -> bool:
        """Whether this code was made for this selection of families."""
        return _check(self.seed, self.total, self.number, family_ids) == self.check


def parse_version_code(code: str) -> VersionCode:
    """Read a code printed on a sheet (any letter case); ValueError if it cannot be one."""
    m = re.fullmatch(r"([0-9A-Za-z]+)-(\d+)([A-Za-z]{2})", code.strip())
    if not m:
        raise ValueError(f"{code!r} is not a version code (codes look like 1ZA0X-3KQ)")
    seed, slot = divmod(_unb32(m.group(1)), _TOTAL_SLOTS)
    total, number = slot + 1, int(m.group(2))
    if not 1 <= number <= total or total > MAX_VERSIONS or seed > MAX_SEED:
        raise ValueError(f"{code!r} is not a code quizgen makes (check it for typos)")
    return VersionCode(seed, total, number, m.group(3).upper())


def select(
    bank: Bank,
    *,
    n: int = 10,
    topics: Iterable[str] = (),
    ids: Iterable[str] = (),
    difficulty: Iterable[int] = (),
    seed: int = 0,
) -> list[Family]:
    """Choose the families of a quiz.

    Explicit ``ids`` are taken as given (in that order). Otherwise the families matching
    ``topics`` and ``difficulty`` are drawn — round-robin over topics so a quiz covers as
    many as it can — ``n`` of them, and ordered by difficulty, then topic, then id.
    """
    ids, topics, difficulty = list(ids), list(topics), list(difficulty)
    unknown = [i for i in ids if i not in bank]
    if unknown:
        raise SelectionError(f"unknown question id(s): {', '.join(map(repr, unknown))} (see 'quizgen list')")
    if ids:
        if len(set(ids)) != len(ids):
            raise SelectionError("a question id is given twice")
        return [bank[i] for i in ids]
    bad_topics = sorted(set(topics) - set(bank.topics))
    if bad_topics:
        raise SelectionError(f"unknown topic(s): {', '.join(map(repr, bad_topics))}; topics are: {', '.join(bank.topics)}")
    pool = [f for f in bank if (not topics or f.topic in topics) and (not difficulty or f.difficulty in difficulty)]
    if not pool:
        raise SelectionError("no question family matches these --topic/--difficulty options")
    if n > len(pool):
        raise SelectionError(f"asked for {n} questions but only {len(pool)} families match the options")
    rng = np.random.default_rng([seed, 0x5E1EC7])
    by_topic: dict[str, list[Family]] = {}
    for f in pool:
        by_topic.setdefault(f.topic, []).append(f)
    queues = {t: [fs[i] for i in rng.permutation(len(fs))] for t, fs in sorted(by_topic.items())}
    order = [sorted(queues)[i] for i in rng.permutation(len(queues))]
    chosen: list[Family] = []
    while len(chosen) < n:
        for t in order:
            if queues[t] and len(chosen) < n:
                chosen.append(queues[t].pop())
    return sorted(chosen, key=lambda f: (f.difficulty, f.topic, f.id))


def question_seeds(seed: int, number: int, count: int) -> list[int]:
    """The question seeds of version ``number``: child ``number − 1`` of ``SeedSequence(seed).spawn(…)``.

    Built directly from its spawn key, so one version can be regenerated without the others.
    """
    child = np.random.SeedSequence(seed, spawn_key=(number - 1,))
    return [int(s) for s in child.generate_state(count)]


def assemble(
    families: Sequence[Family],
    *,
    seed: int,
    versions: int = 1,
    title: str = "Learning-rate practice quiz",
    only: int | None = None,
    progress: Callable[[int], None] | None = None,
    jobs: int = 1,
) -> Quiz:
    """Generate ``versions`` versions (or just version number ``only``) of the selected families.

    With ``jobs`` > 1 each version's first draws are made by forked workers; the rest (a redraw
    when a version prints like an earlier one) is done here, in order, so the quiz is the same
    whatever ``jobs`` is."""
    if not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed must be between 0 and {MAX_SEED}, got {seed}")
    if not 1 <= versions <= MAX_VERSIONS:
        raise ValueError(f"versions must be between 1 and {MAX_VERSIONS}, got {versions}")
    if only is not None and not 1 <= only <= versions:
        raise ValueError(f"there is no version {only} in a quiz of {versions}")
    ids = tuple(f.id for f in families)
    seen: list[set[str]] = [set() for _ in families]
    out = []
    # a version rebuilt alone still needs the earlier versions' questions, to skip what they printed
    last = only or versions
    draws = [(i, s) for number in range(1, last + 1)
             for i, s in enumerate(question_seeds(seed, number, len(families)))]
    per = max(len(families), 1)

    def drawn(done: int, total: int) -> None:  # progress by whole versions, as the draws come in
        if progress and only is None and done % per == 0:
            progress(done // per)

    first = iter(fork_map(lambda draw: families[draw[0]].generate(draw[1]), draws, jobs, drawn))
    for number in range(1, last + 1):
        questions = []
        for i, family in enumerate(families):
            q = next(first)
            for attempt in range(1, MAX_VARIANT_TRIES + 1):
                if note(q) not in seen[i]:
                    break
                q = family.generate(_retry_seed(seed, number, i, attempt))
            seen[i].add(note(q))
            questions.append(q)
        if only is None or number == only:
            out.append(Version(number, version_code(seed, versions, number, ids), tuple(questions)))
            if progress and only is not None:
                progress(number)
    return Quiz(title, seed, ids, tuple(out), versions)


def note(q: Question) -> str:
    """What a version of a question looks like as printed (STACK's "question note"): two
    versions with the same note would be the same question to a student."""
    return "\x1f".join([q.prompt, *sorted(c.text for c in q.choices)])


def _retry_seed(seed: int, number: int, index: int, attempt: int) -> int:
    return int(np.random.SeedSequence([seed, number, index, attempt]).generate_state(1)[0])
