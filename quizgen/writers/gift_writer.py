"""The GIFT export: one UTF-8 text file that Moodle imports (Question bank → Import → GIFT format).

Every version of a question family goes into one category, ``<quiz title>/<family id>``, so a
Moodle quiz can draw a random version of each family per student. Question kinds map onto
GIFT's: multiple choice ``{=right#why ~wrong#why}``; multiple answer with every option weighted
``~%50%…`` / ``~%-50%…`` from Moodle's list of allowed grades (the importer refuses any other
grade); numerical ``{#=value:tolerance#…}`` with the key's exact value and a tolerance that
accepts exactly what :meth:`~quizgen.question.NumericAnswer.accepts` accepts, followed by each
common wrong answer as a 0 % answer carrying its feedback; true/false ``{T#…#…}``. Text is HTML
(``[html]``) with ``\\(…\\)`` math for Moodle's MathJax filter; the worked solution is the general
feedback (``####``).

The syntax follows Moodle's reader (``question/format/gift/format.php``) and the gift-pegjs
grammar, which the tests run on every file: ``~ = # { } :`` and the backslash are escaped with
a backslash and line breaks written as ``\\n``, as Moodle's own GIFT export does; numbers are
plain decimals, never ``1e-5`` (gift-pegjs reads no exponent).

GIFT cannot carry an image. A question with a figure keeps its place, says so in a comment
above it and in a placeholder paragraph of its text, and is listed in the file's header and in
``<stem>-gift-notes.md``, so the teacher can add the figure in Moodle (or import the Moodle XML
export, which carries figures) — nothing is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from quizgen import __version__
from quizgen.assemble import Quiz, Version
from quizgen.misconceptions import name as misconception_name
from quizgen.question import Kind, NumericAnswer, Question
from quizgen.render import HTML_TEX, QuestionView, document_name, environment, question_view
from quizgen.writers import Files, RenderOptions, Writer

#: Moodle's allowed answer grades (``question_bank::fraction_options_full``: these and their
#: negatives); its importer matches a grade to within 0.00001 or refuses the question.
MOODLE_FRACTIONS = tuple(Decimal(f) for f in (
    "1", "0.9", "0.8333333", "0.8", "0.75", "0.7", "0.6666667", "0.6", "0.5", "0.4", "0.3333333", "0.3",
    "0.25", "0.2", "0.1666667", "0.1428571", "0.125", "0.1111111", "0.1", "0.05"))

# one pass over the text, so an escape is never escaped again; "\r" goes, as in Moodle's export
_ESCAPES = str.maketrans({"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:",
                          "\n": "\\n", "\r": ""})


def escape(text: str) -> str:
    """Text as GIFT writes it: the control characters ``~ = # { } :`` and ``\\`` escaped, line
    breaks as ``\\n`` (a blank line would end the question)."""
    return text.translate(_ESCAPES)


def escape_part(html: str) -> str:
    """An answer, feedback or general-feedback text (HTML), escaped. A leading ``%`` or ``[`` would
    be read as a grade (``%50%``) or a text format (``[html]``), and gift-pegjs takes a first
    ``=`` answer holding ``->`` for a matching question, so these are written as HTML entities."""
    html = html.strip().replace("->", "-&gt;")
    if html[:1] == "%":
        html = "&#37;" + html[1:]
    elif html[:1] == "[":
        html = "&#91;" + html[1:]
    return escape(html)


def plain_decimal(x: float) -> str:
    """A float in plain decimal notation with all of its digits (``1e-05`` → ``0.00001``): the
    shortest text that reads back as the same float, without an exponent."""
    if x == 0:
        return "0"
    return format(Decimal(repr(float(x))), "f")


def moodle_percent(fraction: float) -> str:
    """A grade as GIFT's percentage (``0.3333333`` → ``33.33333``), taken from Moodle's list;
    ``ValueError`` for a grade Moodle would refuse."""
    if fraction == 0:
        return "0"
    for allowed in MOODLE_FRACTIONS:
        for f in (allowed, -allowed):
            if abs(Decimal(repr(float(fraction))) - f) < Decimal("1e-7"):
                return format((f * 100).normalize(), "f")
    raise ValueError(f"a grade of {fraction:.6g} is not on Moodle's list of allowed grades")


def tolerance(a: NumericAnswer) -> float:
    """The one GIFT tolerance around ``a.value`` that accepts what ``a.accepts`` accepts: an answer
    is right within ``abs_tol`` or within ``rel_tol``·|value|, so within the larger of the two."""
    return max(a.abs_tol or 0.0, (a.rel_tol or 0.0) * abs(a.value))


def wrong_tolerance(a: NumericAnswer, index: int) -> float:
    """The tolerance of common wrong answer ``index``: what a student who made that slip types —
    the exact count when counts are graded exactly, else one unit in its last printed place — kept
    to half the gap to the key's range and to every other slip, so no two ranges meet."""
    wrong = a.wrong[index].value
    if tolerance(a) == 0 and float(wrong).is_integer():
        return 0.0
    gaps = [(abs(wrong - a.value) - tolerance(a)) / 2]
    gaps += [abs(wrong - w.value) / 2 for i, w in enumerate(a.wrong) if i != index]
    return min([10.0 ** -a.rounding._places(a.rounding.apply(wrong)), *gaps])


@dataclass(frozen=True)
class MissingFigure:
    """A question whose figures GIFT cannot carry: where it is and what is missing."""

    category: str  # as Moodle shows it: title / family id
    name: str
    reference: str  # id@seed, version and code
    prompt_figures: tuple[str, ...]  # alt texts
    solution_figures: int


def category_path(title: str, family_id: str) -> str:
    """``$CATEGORY`` path of a family: Moodle splits at ``/`` and reads ``//`` as a slash in a name
    (``split_category_path``), and a name may not start or end with a slash."""
    name = " ".join(title.split()).replace("/", "//")
    if name.startswith("/"):
        name = " " + name
    if name.endswith("/"):
        name += " "
    return f"{name}/{family_id}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _answers(q: Question, view: QuestionView, env) -> list[str]:
    """The lines inside the braces, before the general feedback."""
    if q.kind is Kind.NUMERIC:
        a = q.answer
        right = env.get_template("gift/right_numeric.html").render(q=view).strip()
        lines = [f"#\n\t={plain_decimal(a.value)}:{plain_decimal(tolerance(a))}#{escape_part(right)}"]
        for i, w in enumerate(a.wrong):
            named = misconception_name(w.misconception)  # led by the slip in words, as choice feedback is
            why = HTML_TEX.inline(f"*Misconception: {named}.* {w.feedback}" if named else w.feedback)
            lines.append(f"\t=%0%{plain_decimal(w.value)}:{plain_decimal(wrong_tolerance(a, i))}"
                         f"#{escape_part(why)}")
        return lines
    if q.kind is Kind.TRUE_FALSE:
        right = next(c for c in view.choices if c.correct)
        wrong = next(c for c in view.choices if not c.correct)
        # Moodle reads {T#a#b} as: a is shown for the wrong answer, b for the right one
        letter = "T" if q.choices[q.correct_choices[0]].text.strip().lower() == "true" else "F"
        return [f"{letter}#{escape_part(wrong.feedback)}#{escape_part(right.feedback)}"]
    if q.kind is Kind.MULTI_SELECT:
        n_right = len(q.correct_choices)
        n_wrong = len(q.choices) - n_right
        # the right options share 100 %, the wrong ones −100 %: ticking everything scores 0
        weight = {True: moodle_percent(1 / n_right), False: moodle_percent(-1 / n_wrong) if n_wrong else "0"}
        return [f"\t~%{weight[c.correct]}%{escape_part(c.text)}#{escape_part(c.feedback)}" for c in view.choices]
    return [f"\t{'=' if c.correct else '~'}{escape_part(c.text)}#{escape_part(c.feedback)}" for c in view.choices]


def _question(q: Question, version: Version, number: int, title: str, env) -> tuple[str, MissingFigure | None]:
    view = question_view(q, number, HTML_TEX.block, lambda n, i: "", HTML_TEX.inline)
    name = f"{q.id} v{version.number:02d} ({version.code})"
    reference = f"{q.name}, version {version.number} (code {version.code}), question {number}"
    prompt_alts = tuple(_one_line(f.alt) for f in view.prompt_figures)
    solution_count = sum(f.in_solution for f in view.figures)
    lines = [f"// {reference}", f"// [tag:quizgen] [tag:{q.topic}] [tag:difficulty-{q.difficulty}]"]
    missing = None
    if prompt_alts or solution_count:
        missing = MissingFigure(f"{_one_line(title)} / {q.id}", name, reference, prompt_alts, solution_count)
        for i, alt in enumerate(prompt_alts, 1):
            lines.append(f"// FIGURE MISSING: GIFT cannot carry images; add figure {i} of the question by hand "
                         f"(see the notes file). It shows: {alt}")
        if solution_count:
            lines.append(f"// The worked solution's {solution_count} figure(s) are left out (GIFT cannot carry "
                         "images); the answer key has them.")
    prompt = env.get_template("gift/prompt.html").render(q=view).strip()
    right = "; ".join(c.text for c in view.choices if c.correct)
    general = env.get_template("gift/general_feedback.html").render(q=view, right=right).strip()
    lines.append(f"::{escape(name)}::[html]{escape(prompt)}{{")
    lines += _answers(q, view, env)
    lines.append(f"\t####{escape_part(general)}")
    lines.append("}")
    return "\n".join(lines), missing


def render_gift(quiz: Quiz, stem: str, options: RenderOptions | None = None) -> Files:
    """``<stem>-gift.txt`` (every version, one category per family) and ``<stem>-gift-notes.md``
    (how to import it, and the questions whose figures GIFT cannot carry)."""
    options = options or RenderOptions()
    env = environment(options.template_dirs)
    name = stem if quiz.complete else document_name(stem, quiz.versions[0], quiz.total_versions)
    blocks, missing = [], []
    for position, family_id in enumerate(quiz.family_ids):
        blocks.append(f"$CATEGORY: {category_path(quiz.title, family_id)}")
        for v in quiz.versions:
            q = v.questions[position]
            if q.id != family_id:  # every version lists the families in the quiz's order
                raise ValueError(f"version {v.number} has {q.id} where {family_id} was expected")
            text, gap = _question(q, v, position + 1, quiz.title, env)
            blocks.append(text)
            if gap:
                missing.append(gap)
    versions = ", ".join(str(v.number) for v in quiz.versions) if not quiz.complete else f"all {quiz.total_versions}"
    header = [
        f"// {_one_line(quiz.title)}: GIFT export by quizgen {__version__} (seed {quiz.seed}; versions: {versions}).",
        "// Import in Moodle: Question bank > Import > GIFT format. Each question family gets a category",
        "// holding all its versions, so a quiz can draw one random version of each per student.",
    ]
    if missing:
        header.append(f"// {len(missing)} question(s) have figures GIFT cannot carry (see {name}-gift-notes.md):")
        header += [f"//   {m.name}" for m in missing]
    text = "\n".join(header) + "\n\n" + "\n\n".join(blocks) + "\n"
    return {f"{name}-gift.txt": text.encode("utf-8"),
            f"{name}-gift-notes.md": _notes(quiz, name, missing).encode("utf-8")}


def _notes(quiz: Quiz, name: str, missing: list[MissingFigure]) -> str:
    lines = [f"# {_one_line(quiz.title)}: notes on the GIFT export", "",
             f"Import `{name}-gift.txt` in Moodle: *Question bank → Import*, choose **GIFT format**, upload the file "
             "and press *Import*. Every question family becomes one category holding all its versions; in a quiz, "
             "*Add → a random question* from a family's category gives each student one version.", ""]
    if not missing:
        lines.append("Every question is complete in this file: none has a figure.")
        return "\n".join(lines) + "\n"
    lines += ["GIFT cannot carry images. These questions are in the file without their figures; each has a "
              "comment above it and a placeholder paragraph in its text. Add the figures in Moodle by editing "
              "the question (the SVG files are written by `--format md`, beside the Markdown key), or import "
              "the Moodle XML export (`--format moodle`), which includes them.", ""]
    for m in missing:
        parts = [f"{len(m.prompt_figures)} question figure(s)"] if m.prompt_figures else []
        if m.solution_figures:
            parts.append(f"{m.solution_figures} worked-solution figure(s)")
        lines.append(f"- **{m.name}** in category *{m.category}* ({m.reference}): {' and '.join(parts)} missing"
                     + "".join(f"; figure {i}: {alt}" for i, alt in enumerate(m.prompt_figures, 1)))
    return "\n".join(lines) + "\n"


WRITER = Writer("gift", "Moodle GIFT text (one category per family; figures listed, GIFT cannot carry them)",
                render_gift)
