"""The Moodle XML export, read with lxml the way Moodle's importer reads it.

The fields below are the ones ``qformat_xml`` reads (Moodle's ``question/format/xml/format.php``:
``import_headers``, ``import_answer``, ``import_multichoice``, ``import_truefalse``,
``import_numerical``, ``import_combined_feedback``, ``import_category``); the grade list is
``question_bank::ensure_fraction_options_initialised`` (``question/engine/bank.php``), checked at
import by ``match_grade_options`` (``lib/questionlib.php``, within 0.00001); the sums are the
checks of ``qtype_multichoice::save_question_options``; numerical grading is
``qtype_numerical_answer::get_tolerance_interval`` ("nominal": answer ± tolerance, plus
1e-14 of the larger of tolerance and answer) with the first matching answer winning
(``qtype_numerical_question::get_matching_answer``). Expected grades come from each
question's own ``NumericAnswer``/choices, never from the writer.
"""

import base64
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree, html

from quizgen.assemble import assemble, select
from quizgen.misconceptions import name as misconception_name
from quizgen.question import Kind, NumericAnswer, Rounding
from quizgen.writers import RenderOptions, get_writer
from quizgen.writers.figures_cache import quiz_svgs

TEXT_FORMATS = {"moodle_auto_format", "html", "plain_text", "wiki_like", "markdown"}  # trans_format
ANSWER_NUMBERING = {"abc", "ABCD", "123", "iii", "IIII", "none"}  # qtype_multichoice's options
RAW_FRACTIONS = [0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
                 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05]
ALLOWED = [0.0, 1.0, -1.0] + RAW_FRACTIONS + [-f for f in RAW_FRACTIONS]  # fraction_options_full
HEADER_FIELDS = ["name/text", "questiontext/text", "generalfeedback/text", "defaultgrade", "penalty", "idnumber"]
TYPE_FIELDS = {
    "multichoice": ["single", "shuffleanswers", "answernumbering", "showstandardinstruction", "correctfeedback/text",
                    "partiallycorrectfeedback/text", "incorrectfeedback/text"],
    "truefalse": [],
    "numerical": ["unitgradingtype", "unitpenalty", "showunits", "unitsleft"],
}
QTYPE = {Kind.MULTIPLE_CHOICE: "multichoice", Kind.MULTI_SELECT: "multichoice", Kind.TRUE_FALSE: "truefalse",
         Kind.NUMERIC: "numerical"}
EPS = 1e-14  # 10 ** -ini_get('precision'), PHP's default precision 14
NUMBER = re.compile(r"-?\d+(\.\d+)?")  # plain decimals: no exponent anywhere


def _stub_svgs(quiz):
    """One small distinct SVG per figure: what the writer packs does not depend on the drawing."""
    return {key: f'<svg xmlns="http://www.w3.org/2000/svg" id="f{key[0]}-{key[1]}-{key[2]}"/>'.encode()
            for key in ((v.number, n, i) for v in quiz.versions for n, q in enumerate(v.questions, 1)
                        for i in range(len(q.figures)))}


@pytest.fixture(scope="module")
def big(bank):
    """The issue's quiz: 10 questions drawn from the whole bank, 30 versions."""
    quiz = assemble(select(bank, n=10, seed=2026), seed=2026, versions=30)
    options = RenderOptions(cache={"svg": _stub_svgs(quiz)})
    return quiz, options, get_writer("moodle").render(quiz, "quiz", options)["quiz-moodle.xml"]


@pytest.fixture(scope="module")
def every_family(bank):
    """Every family of the bank, one version: every kind of question."""
    quiz = assemble(list(bank), seed=11, versions=1)
    options = RenderOptions(cache={"svg": _stub_svgs(quiz)})
    return quiz, options, get_writer("moodle").render(quiz, "quiz", options)["quiz-moodle.xml"]


@pytest.fixture(scope="module")
def drawn(bank):
    """Two families with plots, one of them with a figure that belongs to the solution, really drawn."""
    quiz = assemble([bank["gd.quadratic.after_k_steps"], bank["fitting.lr_times_steps"]], seed=4, versions=2)
    options = RenderOptions()
    return quiz, options, get_writer("moodle").render(quiz, "quiz", options)["quiz-moodle.xml"]


def _questions(quiz):
    return {q.name: (v.number, n, q) for v in quiz.versions for n, q in enumerate(v.questions, 1)}


def _fraction(answer) -> float:
    return float(answer.get("fraction")) / 100


def _check_fields(el, q):
    """Every field the importer reads for this qtype is present and holds what it may hold."""
    for path in HEADER_FIELDS + TYPE_FIELDS[el.get("type")]:
        assert el.find(path) is not None, (q.name, path)
    for tag in ("questiontext", "generalfeedback", "correctfeedback", "partiallycorrectfeedback",
                "incorrectfeedback"):
        for field in el.findall(tag):
            assert field.get("format") in TEXT_FORMATS
    float(el.findtext("defaultgrade")), float(el.findtext("penalty"))
    assert el.findtext("name/text").strip() and len(el.findtext("name/text")) <= 255
    answers = el.findall("answer")
    assert answers and all(a.find("text") is not None and a.get("fraction") is not None for a in answers)
    for a in answers:
        if a.find("feedback") is not None:
            assert a.find("feedback").get("format") in TEXT_FORMATS and a.find("feedback/text") is not None
        assert min(abs(_fraction(a) - f) for f in ALLOWED) < 0.00001, (q.name, a.get("fraction"))
    if el.get("type") == "multichoice":
        assert el.findtext("single") in ("true", "false") and el.findtext("shuffleanswers") in ("true", "false")
        assert el.findtext("answernumbering") in ANSWER_NUMBERING
        assert el.findtext("showstandardinstruction") in ("0", "1")
        assert len(answers) >= 2
        fractions = [_fraction(a) for a in answers]
        if el.findtext("single") == "true":
            assert max(fractions) == 1
        else:
            assert round(sum(f for f in fractions if f > 0), 2) == 1
    if el.get("type") == "truefalse":
        assert sorted(a.findtext("text") for a in answers) == ["false", "true"]
        assert sorted(a.get("fraction") for a in answers) == ["0", "100"]
    if el.get("type") == "numerical":
        assert el.findtext("showunits") in ("0", "1", "2", "3")
        for a in answers:
            assert NUMBER.fullmatch(a.findtext("text")) and NUMBER.fullmatch(a.findtext("tolerance")), q.name


def _choice_grade(el, picked: set[int]) -> float:
    """Moodle's multichoice grade: the picked answers' fractions summed, clamped to [0, 1]."""
    fractions = [_fraction(a) for a in el.findall("answer")]
    return min(max(sum(fractions[i] for i in picked), 0.0), 1.0)


def _holds(answer, typed: float) -> bool:
    """Whether a numerical answer's nominal tolerance interval holds ``typed``."""
    value, tol = float(answer.findtext("text")), float(answer.findtext("tolerance"))
    slack = tol + EPS * max(tol, abs(value), EPS)
    return value - slack <= typed <= value + slack


def _numeric_match(el, typed: float):
    """The first numerical answer that holds ``typed`` (or None): Moodle grades by that one."""
    return next((a for a in el.findall("answer") if _holds(a, typed)), None)


def _numeric_grade(el, typed: float) -> float:
    match = _numeric_match(el, typed)
    return 0.0 if match is None else _fraction(match)


def _check_grading(el, q):
    if q.kind is Kind.NUMERIC:
        a = q.answer
        shown = a.rounding.apply(a.value)
        assert a.accepts(shown)
        tol = max(a.abs_tol or 0, (a.rel_tol or 0) * abs(a.value))
        tiny = 1e-9 * max(1.0, abs(a.value))
        probes = [a.value, shown, a.value + tol * (1 - 1e-6), a.value - tol * (1 - 1e-6),
                  a.value + tol * (1 + 1e-6) + tiny, a.value - tol * (1 + 1e-6) - tiny]
        for typed in probes:
            assert (_numeric_grade(el, typed) == 1.0) == a.accepts(typed), (q.name, typed)
        for w in a.wrong:
            assert not a.accepts(w.value), (q.name, w)  # quizgen's own check guarantees it
            printed = a.rounding.apply(w.value)
            for typed in (w.value, printed):
                assert _numeric_match(el, typed) is not None and _numeric_grade(el, typed) == 0, (q.name, typed)
            # the slip's own answer (0 %) carries its feedback, led by the misconception
            own = [x for x in el.findall("answer")[1:] if _holds(x, printed)]
            words = misconception_name(w.misconception)
            assert any(words in html.fromstring(x.findtext("feedback/text")).text_content() for x in own), (q.name, w)
    else:
        right = set(q.correct_choices)
        assert _choice_grade(el, right) == pytest.approx(1.0, abs=1e-6)
        for i in range(len(q.choices)):
            if i not in right:
                assert _choice_grade(el, {i}) == 0.0
                if q.kind is Kind.MULTI_SELECT:  # a wrong tick costs (radio buttons allow one pick)
                    assert _choice_grade(el, right | {i}) < 1.0
        if q.kind is Kind.MULTI_SELECT:
            assert _choice_grade(el, set(range(len(q.choices)))) < 1.0  # ticking everything does not pay
            for i in right:
                assert _choice_grade(el, right - {i}) < 1.0
                assert len(right) == 1 or _choice_grade(el, right - {i}) > 0  # partial credit


def _check_files(el, q, svgs, version, number):
    """Every @@PLUGINFILE@@ reference has its <file> in the same text field; prompt figures in the
    question text, solution figures only in the general feedback, bytes as drawn."""
    expected = {"questiontext": [], "generalfeedback": []}
    for i, f in enumerate(q.figures):
        expected["generalfeedback" if f.in_solution else "questiontext"].append(svgs[(version, number, i)])
    for field in el.iter("questiontext", "generalfeedback", "feedback", "correctfeedback",
                         "partiallycorrectfeedback", "incorrectfeedback"):
        text = field.findtext("text") or ""
        files = {f.get("name"): f for f in field.findall("file")}
        refs = set()
        if text:
            for img in html.fragment_fromstring(text, create_parent="div").iter("img"):
                src = img.get("src")
                assert src.startswith("@@PLUGINFILE@@/") and img.get("alt"), (q.name, src)
                refs.add(src.removeprefix("@@PLUGINFILE@@/"))
        assert refs == set(files), (q.name, field.tag)
        for f in files.values():
            assert f.get("path") == "/" and f.get("encoding") == "base64"
        decoded = sorted(base64.b64decode(f.text) for f in files.values())
        assert decoded == sorted(expected.get(field.tag, [])), (q.name, field.tag)


def _check_document(quiz, options, data):
    root = etree.fromstring(data)
    assert root.tag == "quiz"
    by_name = _questions(quiz)
    seen, categories, current = set(), {}, None
    for el in root.iterchildren("question"):
        if el.get("type") == "category":
            current = el.findtext("category/text")
            assert current not in categories, "one category per family"
            categories[current] = []
            assert el.find("info").get("format") in TEXT_FORMATS
            continue
        version, number, q = by_name[el.findtext("idnumber")]
        assert el.get("type") == QTYPE[q.kind]
        assert current == f"$course$/{quiz.title}/{q.id}"
        categories[current].append(q.name)
        seen.add(q.name)
        _check_fields(el, q)
        _check_grading(el, q)
        _check_files(el, q, quiz_svgs(quiz, options), version, number)
        assert r"\(" in el.findtext("questiontext/text") or "$" not in q.prompt  # math as \( … \)
    assert seen == set(by_name)
    assert list(categories) == [f"$course$/{quiz.title}/{fid}" for fid in quiz.family_ids]
    for path, names in categories.items():
        fid = path.rsplit("/", 1)[1]
        assert sorted(names) == sorted(v.questions[quiz.family_ids.index(fid)].name for v in quiz.versions)


def test_ten_questions_thirty_versions_import_as_moodle_reads_them(big):
    quiz, options, data = big
    _check_document(quiz, options, data)
    assert len(etree.fromstring(data).findall("question[@type='category']")) == 10


def test_every_family_imports(every_family):
    quiz, options, data = every_family
    _check_document(quiz, options, data)
    assert {q.kind for v in quiz.versions for q in v.questions} == set(Kind)
    assert data.count(b"<file ") == sum(len(q.figures) for q in quiz.versions[0].questions)


def test_real_figures_travel_inside_the_file(drawn):
    quiz, options, data = drawn
    _check_document(quiz, options, data)
    root = etree.fromstring(data)
    svgs = [base64.b64decode(f.text) for f in root.iter("file")]
    assert len(svgs) == sum(len(q.figures) for v in quiz.versions for q in v.questions) > 0
    assert all(etree.fromstring(svg).tag == "{http://www.w3.org/2000/svg}svg" for svg in svgs)
    assert root.find(".//generalfeedback/file") is not None  # the solution's own plot, in the feedback only


def test_same_quiz_same_bytes(big):
    quiz, _, data = big
    assert get_writer("moodle").render(quiz, "quiz", RenderOptions(cache={"svg": _stub_svgs(quiz)})) == \
        {"quiz-moodle.xml": data}


def test_a_wrong_answer_the_key_accepts_is_left_out(bank):
    """A slip within the key's tolerance would be graded right: the file leaves it out."""
    import dataclasses

    from quizgen.question import WrongAnswer

    quiz = assemble([bank["gd.quadratic.one_step"]], seed=1, versions=1)
    q = quiz.versions[0].questions[0]
    near = WrongAnswer(q.answer.value + 0.1 * q.answer.abs_tol, "M2", "too close to the key")
    q2 = dataclasses.replace(q, answer=dataclasses.replace(q.answer, wrong=q.answer.wrong + (near,)))
    quiz2 = dataclasses.replace(quiz, versions=(dataclasses.replace(quiz.versions[0], questions=(q2,)),))
    el = etree.fromstring(get_writer("moodle").render(quiz2, "quiz", RenderOptions())["quiz-moodle.xml"])
    numerical = el.find("question[@type='numerical']")
    assert len(numerical.findall("answer")) == 1 + len(q.answer.wrong)
    assert "too close" not in etree.tostring(numerical, encoding="unicode")


@settings(max_examples=200, deadline=None)
@given(st.floats(1e-8, 1e7), st.booleans(), st.integers(1, 6), st.sampled_from(["default", "abs", "rel"]),
       st.floats(0.0, 1.0))
def test_tolerance_reproduces_numeric_answer_accepts(magnitude, negative, sig, kind, where):
    """The answer and tolerance as written reproduce NumericAnswer.accepts on both sides of each edge."""
    from quizgen.writers.lms import plain_decimal, tolerance

    value = -magnitude if negative else magnitude
    extra = {"abs": {"abs_tol": magnitude * 1e-3}, "rel": {"rel_tol": 1e-3}, "default": {}}[kind]
    a = NumericAnswer(value, Rounding(sig=sig), **extra)
    written, tol = float(plain_decimal(a.value)), float(plain_decimal(tolerance(a)))
    assert written == a.value
    for inside in (True, False):
        offset = tol * (where * 0.999 if inside else 1.001 + where)
        for typed in (a.value + offset, a.value - offset):
            slack = tol + EPS * max(tol, abs(written), EPS)
            assert (written - slack <= typed <= written + slack) == a.accepts(typed) == inside
