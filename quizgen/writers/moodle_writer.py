"""The Moodle XML export: every version of every question, one question-bank category per family.

Written for Moodle's own importer (``question/format/xml/format.php``): ``multichoice`` (one
or several answers, with per-choice feedback), ``numerical`` (the key's accepted interval as
one answer with an absolute tolerance, then each common wrong answer at 0 % with its feedback)
and ``truefalse``. A category ``$course$/<title>/<family id>`` holds all versions of a family,
so a Moodle quiz's "random question from category" gives each student one version. Figures
travel inside the file, base64 in ``<file>`` elements of the text that shows them, referenced
as ``@@PLUGINFILE@@/name``; math is ``\\(…\\)`` for Moodle's MathJax filter; the worked
solution is the general feedback. Choices keep the bank's order (ordered options stay in order).
"""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET

from quizgen.assemble import Quiz
from quizgen.question import Kind, NumericAnswer
from quizgen.render import document_name
from quizgen.writers import Files, RenderOptions, Writer
from quizgen.writers.lms import Family, FigureFile, LmsQuestion, families, plain_decimal, tolerance

#: Moodle's grade list (question/engine/bank.php, ensure_fraction_options_initialised): an
#: answer's fraction must be 0, ±1 or ± one of these, or the whole import stops (question/format.php
#: importprocess → match_grade_options). The file writes them as percentages.
MOODLE_FRACTIONS = (1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25,
                    0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05)


def share(k: int) -> str:
    """The percentage (as Moodle writes it) closest to 100/k on Moodle's list; ValueError if none is."""
    for f in MOODLE_FRACTIONS:
        if abs(f - 1 / k) < 1e-6:
            return plain_decimal(round(f * 100, 5))
    raise ValueError(f"Moodle has no grade of 1/{k}; a question can have at most 10 correct or wrong choices")


def _text(parent: ET.Element, tag: str, html: str, files: tuple[FigureFile, ...] = ()) -> ET.Element:
    el = ET.SubElement(parent, tag, format="html")
    ET.SubElement(el, "text").text = html
    for f in files:  # a file belongs to the text field whose HTML refers to it
        ET.SubElement(el, "file", name=f.name, path="/", encoding="base64").text = base64.b64encode(f.svg).decode()
    return el


def _plain(parent: ET.Element, tag: str, text: str) -> ET.Element:
    el = ET.SubElement(parent, tag)
    el.text = text
    return el


def _answer(parent: ET.Element, fraction: str, text: str, feedback: str, fmt: str = "html") -> ET.Element:
    el = ET.SubElement(parent, "answer", fraction=fraction, format=fmt)
    ET.SubElement(el, "text").text = text
    _text(el, "feedback", feedback)
    return el


def _question(fam: Family, lq: LmsQuestion) -> ET.Element:
    q, v = lq.question, lq.version
    qtype = {Kind.NUMERIC: "numerical", Kind.TRUE_FALSE: "truefalse"}.get(q.kind, "multichoice")
    el = ET.Element("question", type=qtype)
    name = ET.SubElement(el, "name")
    ET.SubElement(name, "text").text = f"{fam.title} - version {v.number} ({v.code})"
    _text(el, "questiontext", lq.prompt, lq.prompt_files)
    _text(el, "generalfeedback", lq.solution, lq.solution_files)
    _plain(el, "defaultgrade", "1")
    # Moodle's defaults: a third off per extra try; true/false has only one other try to give
    _plain(el, "penalty", "1" if q.kind is Kind.TRUE_FALSE else "0.3333333")
    _plain(el, "hidden", "0")
    _plain(el, "idnumber", q.name)  # id@seed: unique, and it names the exact question
    if q.kind is Kind.NUMERIC:
        _numerical(el, lq)
    elif q.kind is Kind.TRUE_FALSE:
        for c, cv in zip(q.choices, lq.view.choices):
            _answer(el, "100" if c.correct else "0", c.text.lower(), cv.feedback, fmt="moodle_auto_format")
    else:
        _multichoice(el, lq)
    return el


def _multichoice(el: ET.Element, lq: LmsQuestion) -> None:
    q = lq.question
    single = q.kind is Kind.MULTIPLE_CHOICE
    _plain(el, "single", "true" if single else "false")
    _plain(el, "shuffleanswers", "false")  # numbers and "Curve 1…4" options are listed in order
    _plain(el, "answernumbering", "ABCD")  # the letters of the printed key
    _plain(el, "showstandardinstruction", "1")  # "Select one:" / "Select one or more:", as Moodle words it
    n_right = len(q.correct_choices)
    n_wrong = len(q.choices) - n_right
    for c, cv in zip(q.choices, lq.view.choices):
        if single:
            fraction = "100" if c.correct else "0"
        else:
            # right choices share 100 %; wrong ones cost as much in total, so ticking all scores 0
            fraction = share(n_right) if c.correct else "-" + share(n_wrong)
        _answer(el, fraction, cv.text, cv.feedback)
    for tag, text in (("correctfeedback", "Your answer is correct."),
                      ("partiallycorrectfeedback", "Your answer is partially correct."),
                      ("incorrectfeedback", "Your answer is incorrect.")):
        _text(el, tag, f"<p>{text}</p>")
    if not single:
        ET.SubElement(el, "shownumcorrect")


def wrong_answers_kept(a: NumericAnswer) -> list[int]:
    """Indices of the common wrong answers that the key's own rule rejects, as computed and as
    printed (any other would be graded right, so it is left out)."""
    return [i for i, w in enumerate(a.wrong) if not a.accepts(w.value) and not a.accepts(a.rounding.apply(w.value))]


def _numerical(el: ET.Element, lq: LmsQuestion) -> None:
    a = lq.question.answer
    _numeric_answer(el, "100", a.value, tolerance(a), "<p>Correct.</p>")
    for i in wrong_answers_kept(a):
        # the slip as printed, with the tolerance the key's rule gives such a number, so it is
        # recognised when typed to the asked precision; Moodle grades by the first answer that
        # matches, and the key comes first
        slip = NumericAnswer(a.rounding.apply(a.wrong[i].value), a.rounding)
        _numeric_answer(el, "0", slip.value, tolerance(slip), lq.view.wrong_answers[i])
    _plain(el, "unitgradingtype", "0")
    _plain(el, "unitpenalty", "0.1000000")
    _plain(el, "showunits", "3")  # no unit field: the prompt says what to give
    _plain(el, "unitsleft", "0")


def _numeric_answer(el: ET.Element, fraction: str, value: float, tol: float, feedback: str) -> None:
    ans = _answer(el, fraction, plain_decimal(value), feedback, fmt="moodle_auto_format")
    _plain(ans, "tolerance", plain_decimal(tol))


def category_path(title: str, family_id: str) -> str:
    """``$course$/<title>/<family id>``, a slash inside a name doubled as Moodle's path syntax wants."""
    return "/".join(["$course$"] + [name.replace("/", "//") for name in (title, family_id)])


def _category(path: str, info: str) -> ET.Element:
    el = ET.Element("question", type="category")
    cat = ET.SubElement(el, "category")
    ET.SubElement(cat, "text").text = path
    _text(el, "info", info)
    return el


def moodle_xml(quiz: Quiz, options: RenderOptions | None = None) -> bytes:
    """The Moodle XML document of a quiz."""
    options = options or RenderOptions()
    root = ET.Element("quiz")
    for fam in families(quiz, options, lambda name: f"@@PLUGINFILE@@/{name}"):
        count = len(fam.questions)
        info = (f"<p>Question {fam.number} of {quiz.title}: {count} version{'s' if count != 1 else ''} of "
                f"{fam.id}. Add a random question from this category so each student gets one version.</p>")
        root.append(_category(category_path(quiz.title, fam.id), info))
        for lq in fam.questions:
            root.append(_question(fam, lq))
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def render_moodle(quiz: Quiz, stem: str, options: RenderOptions | None = None) -> Files:
    """One file, ``<stem>-moodle.xml`` (named like the version's sheet when one version was rebuilt)."""
    name = stem if quiz.complete else document_name(stem, quiz.versions[0], quiz.total_versions)
    return {f"{name}-moodle.xml": moodle_xml(quiz, options)}


WRITER = Writer("moodle", "Moodle XML for the question bank: one category per question with all its versions",
                render_moodle)
