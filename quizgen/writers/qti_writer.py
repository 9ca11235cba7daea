"""The Canvas export: a QTI 1.2 zip as Canvas Classic Quizzes imports it (the layout of Canvas's
own QTI export and of text2qti).

One assessment; each question family is a question group ("pick 1" of its versions), so every
student gets one version of each question. Items are ``multiple_choice_question``,
``multiple_answers_question``, ``true_false_question`` and ``numerical_question``; per-choice
feedback, the worked solution as general feedback, and for numbers the common wrong answers in
the feedback for a wrong answer. Figures are SVG files in the zip, listed in the manifest and
referenced as ``%24IMS-CC-FILEBASE%24/…`` (how Canvas writes ``$IMS-CC-FILEBASE$`` in QTI).

**Numbers.** Canvas works with four decimals of a numerical answer (a number below 1e-4 becomes
0, a margin too; text2qti refuses such answers) and drops a margin written in scientific
notation. So a
numerical answer is written as a range, both ends in plain decimals with at most four decimal
places: the key's accepted interval rounded *inward* on that grid of four decimals, so every
number Canvas can hold is graded as the key's own rule grades it. When the printed answer
itself needs more than four decimals (0.08000, 2.5e-7), the question asks
for the answer in units of 10^k (k a negative multiple of 3) and says so in its text: see
:func:`canvas_range`.
"""

from __future__ import annotations

import hashlib
import io
import urllib.parse
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from quizgen.assemble import Quiz
from quizgen.question import Kind, NumericAnswer, Question
from quizgen.render import document_name, plain_number
from quizgen.writers import Files, RenderOptions, Writer
from quizgen.writers.lms import Family, FigureFile, LmsQuestion, families, plain_decimal, tolerance

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
MANIFEST_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
MAX_DECIMALS = 4
FILEBASE = "%24IMS-CC-FILEBASE%24"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed entry dates: the same quiz gives the same bytes
KIND_TYPES = {Kind.MULTIPLE_CHOICE: "multiple_choice_question", Kind.MULTI_SELECT: "multiple_answers_question",
              Kind.TRUE_FALSE: "true_false_question", Kind.NUMERIC: "numerical_question"}


@dataclass(frozen=True)
class CanvasRange:
    """A numerical answer as Canvas grades it: typed numbers from ``low`` to ``high`` (inclusive)
    are right, in units of 10^``exponent`` (0: the answer as asked)."""

    low: Decimal
    high: Decimal
    exponent: int


def canvas_range(a: NumericAnswer) -> CanvasRange:
    """The accepted range of ``a`` in numbers Canvas keeps exactly (see the module docstring).

    The range lies inside what ``a.accepts`` accepts (it is rounded inward) and holds the printed
    answer; every bound is a multiple of 10⁻⁴ (scaled), so Canvas rounds none and none is below
    1e-4 unless it is 0.
    """
    shown = a.rounding.apply(a.value)
    # the printed answer must be typeable: in units of 10^exponent it has grid + exponent decimals,
    # at most four (Canvas keeps no more)
    grid = a.rounding._places(shown)
    exponent = 0 if grid <= MAX_DECIMALS else -3 * -(-(grid - MAX_DECIMALS) // 3)
    # the bounds rounded inward on Canvas's own grid of four decimals: every number Canvas can hold
    # that ``a.accepts`` accepts is accepted (a number typed to the asked precision is graded
    # exactly as the key grades it; only digits beyond Canvas's fourth decimal can be refused)
    step = Decimal(1).scaleb(-MAX_DECIMALS)
    # with the key's own slack of 1e-9 of the tolerance, so float noise in a value (0.30000000000000004)
    # does not cost a grid point the key accepts
    value = Decimal(repr(a.value)).scaleb(-exponent)
    tol = (Decimal(repr(tolerance(a))) * (1 + Decimal("1e-9"))).scaleb(-exponent)
    low = (value - tol).quantize(step, rounding=ROUND_CEILING)
    high = (value + tol).quantize(step, rounding=ROUND_FLOOR)
    if low > high:  # a tolerance finer than the grid: the printed answer alone
        low = high = Decimal(repr(shown)).scaleb(-exponent).quantize(step)
    return CanvasRange(low, high, exponent)


def accepted_note(q: Question) -> str:
    """What Canvas accepts, in the words of the answer key (Canvas's range, in its units)."""
    a = q.answer
    if a.abs_tol == 0 and not a.rel_tol:
        return "a whole number; only the exact value is accepted"
    rng = canvas_range(a)
    units = f" (in units of {plain_number(f'1e{rng.exponent}').split(' × ')[1]})" if rng.exponent else ""
    return f"{a.rounding.describe()}; accepted from {plain_decimal(rng.low)} to {plain_decimal(rng.high)}{units}"


def _ident(quiz: Quiz) -> str:
    # stable across runs and re-imports (Canvas matches items by identifier), distinct per quiz
    key = "\0".join([quiz.title, str(quiz.seed), str(quiz.total_versions), *quiz.family_ids])
    return "qg" + hashlib.sha256(key.encode()).hexdigest()[:16]


def _el(parent: ET.Element | None, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.Element(tag, attrs) if parent is None else ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def _mattext(parent: ET.Element, html: str) -> None:
    _el(_el(parent, "material"), "mattext", html, texttype="text/html")


def _metadata(parent: ET.Element, fields: list[tuple[str, str]]) -> None:
    meta = _el(parent, "qtimetadata")
    for label, entry in fields:
        field = _el(meta, "qtimetadatafield")
        _el(field, "fieldlabel", label)
        _el(field, "fieldentry", entry)


def _condition(parent: ET.Element, cont: bool, feedback: str | None = None, score: bool = False) -> ET.Element:
    cond = _el(parent, "respcondition", **{"continue": "Yes" if cont else "No"})
    var = _el(cond, "conditionvar")
    if score:
        _el(cond, "setvar", "100", action="Set", varname="SCORE")
    if feedback:
        _el(cond, "displayfeedback", feedbacktype="Response", linkrefid=feedback)
    return var


def _feedback(item: ET.Element, ident: str, html: str) -> None:
    fb = _el(item, "itemfeedback", ident=ident)
    _mattext(_el(fb, "flow_mat"), html)


def scale_note(exponent: int) -> str:
    """The sentence a scaled numerical question adds to its prompt."""
    power = rf"10^{{{exponent}}}"
    return (rf"<p><strong>Enter your answer in units of \({power}\)</strong>: for \(a \times {power}\), "
            r"type only \(a\), as a plain decimal number.</p>")


def _item(parent: ET.Element, ident: str, fam: Family, lq: LmsQuestion) -> None:
    q, view = lq.question, lq.view
    item = _el(parent, "item", ident=ident, title=f"{fam.title} v{lq.version.number}")
    choice_ids = [f"{ident}_c{i + 1}" for i in range(len(q.choices))]
    _metadata(_el(item, "itemmetadata"), [
        ("question_type", KIND_TYPES[q.kind]), ("points_possible", "1.0"),
        ("original_answer_ids", ",".join(choice_ids) if q.choices else f"{ident}_answer"),
        ("assessment_question_identifierref", f"{ident}_ref"),
    ])
    pres = _el(item, "presentation")
    rng = canvas_range(q.answer) if q.kind is Kind.NUMERIC else None
    _mattext(pres, lq.prompt + (scale_note(rng.exponent) if rng and rng.exponent else ""))
    if rng is None:
        lid = _el(pres, "response_lid", ident="response1",
                  rcardinality="Multiple" if q.kind is Kind.MULTI_SELECT else "Single")
        render = _el(lid, "render_choice")
        for cid, cv in zip(choice_ids, view.choices):
            _mattext(_el(render, "response_label", ident=cid), cv.text)
    else:
        fib = _el(_el(pres, "response_str", ident="response1", rcardinality="Single"), "render_fib", fibtype="Decimal")
        _el(fib, "response_label", ident="answer1")

    proc = _el(item, "resprocessing")
    _el(_el(proc, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    _el(_condition(proc, True, "general_fb"), "other")  # the worked solution, shown after any answer
    if rng is None:
        for cid in choice_ids:
            _el(_condition(proc, True, f"{cid}_fb"), "varequal", cid, respident="response1")
        var = _condition(proc, False, score=True)
        if q.kind is Kind.MULTI_SELECT:
            both = _el(var, "and")
            for cid, c in zip(choice_ids, q.choices):
                _el(both if c.correct else _el(both, "not"), "varequal", cid, respident="response1")
        else:
            _el(var, "varequal", choice_ids[q.correct_choices[0]], respident="response1")
    else:
        var = _condition(proc, False, score=True)
        _el(var, "vargte", plain_decimal(rng.low), respident="response1")
        _el(var, "varlte", plain_decimal(rng.high), respident="response1")
        if view.wrong_answers:
            _el(_condition(proc, True, "general_incorrect_fb"), "other")

    _feedback(item, "general_fb", lq.solution)
    if rng is not None and view.wrong_answers:
        slips = "".join(f"<li>{w}</li>" for w in view.wrong_answers)
        _feedback(item, "general_incorrect_fb", f"<p>Answers that common slips give:</p><ul>{slips}</ul>")
    for cid, cv in zip(choice_ids, view.choices):
        _feedback(item, f"{cid}_fb", cv.feedback)


def assessment_xml(quiz: Quiz, ident: str, groups: list[Family]) -> bytes:
    """The QTI assessment: one section ("question group", pick 1) per family."""
    root = _el(None, "questestinterop", xmlns=QTI_NS)
    assessment = _el(root, "assessment", ident=ident, title=quiz.title)
    _metadata(assessment, [("cc_maxattempts", "1")])
    top = _el(assessment, "section", ident="root_section")
    for fam in groups:
        group = _el(top, "section", ident=f"{ident}_g{fam.number}", title=fam.title)
        selection = _el(_el(group, "selection_ordering"), "selection")
        _el(selection, "selection_number", "1")
        _el(_el(selection, "selection_extension"), "points_per_item", "1.0")
        for lq in fam.questions:
            _item(group, f"{ident}_q{fam.number}_v{lq.version.number}", fam, lq)
    return _xml(root)


def meta_xml(quiz: Quiz, ident: str, points: int) -> bytes:
    """Canvas's quiz settings (``assessment_meta.xml``): an unpublished graded quiz, choices kept in order."""
    root = _el(None, "quiz", identifier=ident, xmlns=CANVAS_NS)
    for tag, text in (("title", quiz.title),
                      ("description", f"<p>{quiz.total_versions} version(s) per question; each student gets one.</p>"),
                      ("shuffle_answers", "false"), ("scoring_policy", "keep_highest"), ("quiz_type", "assignment"),
                      ("points_possible", f"{points}.0"), ("show_correct_answers", "true"),
                      ("allowed_attempts", "1"), ("one_question_at_a_time", "false"), ("cant_go_back", "false"),
                      ("available", "false")):
        _el(root, tag, text)
    assignment = _el(root, "assignment", identifier=f"{ident}_assignment")
    for tag, text in (("title", quiz.title), ("workflow_state", "unpublished"), ("quiz_identifierref", ident),
                      ("points_possible", f"{points}.0"), ("grading_type", "points"),
                      ("submission_types", "online_quiz")):
        _el(assignment, tag, text)
    return _xml(root)


def manifest_xml(ident: str, figure_paths: list[str]) -> bytes:
    """``imsmanifest.xml``: the assessment, its Canvas settings and every figure file."""
    root = _el(None, "manifest", identifier=f"{ident}_manifest", xmlns=MANIFEST_NS)
    meta = _el(root, "metadata")
    _el(meta, "schema", "IMS Content")
    _el(meta, "schemaversion", "1.1.3")
    _el(root, "organizations")
    resources = _el(root, "resources")
    res = _el(resources, "resource", identifier=ident, type="imsqti_xmlv1p2")
    _el(res, "file", href=f"{ident}/{ident}.xml")
    _el(res, "dependency", identifierref=f"{ident}_meta")
    res = _el(resources, "resource", identifier=f"{ident}_meta",
              type="associatedcontent/imscc_xmlv1p1/learning-application-resource", href=f"{ident}/assessment_meta.xml")
    _el(res, "file", href=f"{ident}/assessment_meta.xml")
    for i, path in enumerate(figure_paths, 1):
        res = _el(resources, "resource", identifier=f"{ident}_file{i}", type="webcontent", href=path)
        _el(res, "file", href=path)
    return _xml(root)


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def qti_zip(quiz: Quiz, options: RenderOptions | None = None) -> bytes:
    """The zip Canvas imports: manifest, assessment, settings and figures, in a fixed order and with fixed dates."""
    options = options or RenderOptions()
    ident = _ident(quiz)
    folder = f"images/{ident}"
    groups = families(quiz, options, lambda name: f"{FILEBASE}/{folder}/{urllib.parse.quote(name)}", accepted_note)
    figures: dict[str, FigureFile] = {f"{folder}/{f.name}": f for fam in groups for lq in fam.questions
                                      for f in lq.prompt_files + lq.solution_files}
    entries = {"imsmanifest.xml": manifest_xml(ident, sorted(figures)),
               f"{ident}/{ident}.xml": assessment_xml(quiz, ident, groups),
               f"{ident}/assessment_meta.xml": meta_xml(quiz, ident, len(groups))}
    entries.update({path: f.svg for path, f in figures.items()})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for path in sorted(entries):
            info = zipfile.ZipInfo(path, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, entries[path])
    return buffer.getvalue()


def render_qti(quiz: Quiz, stem: str, options: RenderOptions | None = None) -> Files:
    """One file, ``<stem>-qti.zip`` (named like the version's sheet when one version was rebuilt)."""
    name = stem if quiz.complete else document_name(stem, quiz.versions[0], quiz.total_versions)
    return {f"{name}-qti.zip": qti_zip(quiz, options)}


WRITER = Writer("qti", "a Canvas (Classic Quizzes) QTI zip: each question a group of its versions, pick 1",
                render_qti)
