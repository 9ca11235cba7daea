"""The Canvas QTI 1.2 zip: the manifest and items parse, every file they name is in the zip, and
the items' scoring conditions, evaluated here as QTI defines them (``respcondition`` in order,
``varequal``/``vargte``/``varlte``/``and``/``or``/``not``/``other``, ``continue="No"`` stops),
give full marks to the key and none to a wrong choice or a common wrong answer. What is right
comes from each question's own choices and ``NumericAnswer``, never from the writer. Numbers are
plain decimals with at most four decimal places, none of them below 1e-4 but 0 (Canvas keeps
four decimals; an exponent loses the margin), and a question whose answer needs more says in
its text which unit to answer in.
"""

import io
import re
import urllib.parse
import zipfile
from decimal import Decimal

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree, html

from quizgen.assemble import assemble, select
from quizgen.question import Kind, NumericAnswer, Rounding
from quizgen.writers import RenderOptions, get_writer
from quizgen.writers.figures_cache import quiz_svgs

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
TYPES = {Kind.MULTIPLE_CHOICE: "multiple_choice_question", Kind.MULTI_SELECT: "multiple_answers_question",
         Kind.TRUE_FALSE: "true_false_question", Kind.NUMERIC: "numerical_question"}
CANVAS_NUMBER = re.compile(r"-?\d+(\.\d{1,4})?")  # plain, at most four decimals
UNITS = re.compile(r"units of \\\(10\^\{(-\d+)\}\\\)")
FILEBASE = "%24IMS-CC-FILEBASE%24/"


def _stub_svgs(quiz):
    return {key: f'<svg xmlns="http://www.w3.org/2000/svg" id="f{key[0]}-{key[1]}-{key[2]}"/>'.encode()
            for key in ((v.number, n, i) for v in quiz.versions for n, q in enumerate(v.questions, 1)
                        for i in range(len(q.figures)))}


def _render(quiz, options):
    (name, data), = get_writer("qti").render(quiz, "quiz", options).items()
    assert name == "quiz-qti.zip"
    return data


@pytest.fixture(scope="module")
def big(bank):
    """The issue's quiz: 10 questions drawn from the whole bank, 30 versions."""
    quiz = assemble(select(bank, n=10, seed=2026), seed=2026, versions=30)
    options = RenderOptions(cache={"svg": _stub_svgs(quiz)})
    return quiz, options, _render(quiz, options)


@pytest.fixture(scope="module")
def every_family(bank):
    quiz = assemble(list(bank), seed=11, versions=1)
    options = RenderOptions(cache={"svg": _stub_svgs(quiz)})
    return quiz, options, _render(quiz, options)


# --- QTI response processing, as the spec defines it ----------------------------------------

def _holds(cond, response) -> bool:
    """One condition element against a response: a set of choice idents or the typed number."""
    tag = etree.QName(cond).localname
    if tag == "conditionvar" or tag == "and":
        return all(_holds(c, response) for c in cond)
    if tag == "or":
        return any(_holds(c, response) for c in cond)
    if tag == "not":
        (inner,) = cond
        return not _holds(inner, response)
    if tag == "other":
        return True
    if isinstance(response, set):
        assert tag == "varequal"
        return cond.text in response
    value = Decimal(cond.text)
    return {"varequal": response == value, "vargte": response >= value, "varlte": response <= value}[tag]


def _score(item, response) -> tuple[float, list[str]]:
    score, shown = 0.0, []
    for cond in item.iter(f"{QTI}respcondition"):
        if _holds(cond.find(f"{QTI}conditionvar"), response):
            for setvar in cond.iter(f"{QTI}setvar"):
                assert setvar.get("action") == "Set" and setvar.get("varname") == "SCORE"
                score = float(setvar.text)
            shown += [fb.get("linkrefid") for fb in cond.iter(f"{QTI}displayfeedback")]
            if cond.get("continue") == "No":
                break
    return score, shown


# --- the package -------------------------------------------------------------------------------

def _open(data):
    zf = zipfile.ZipFile(io.BytesIO(data))
    names = zf.namelist()
    assert names == sorted(names) and len(set(names)) == len(names)
    assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in zf.infolist())
    manifest = etree.fromstring(zf.read("imsmanifest.xml"))
    hrefs = [f.get("href") for f in manifest.iter(f"{CP}file")]
    assert set(hrefs) == set(names) - {"imsmanifest.xml"}  # every file listed, every listed file there
    (qti_res,) = manifest.findall(f".//{CP}resource[@type='imsqti_xmlv1p2']")
    dep = qti_res.find(f"{CP}dependency").get("identifierref")
    assert manifest.find(f".//{CP}resource[@identifier='{dep}']") is not None
    assessment = etree.fromstring(zf.read(qti_res.find(f"{CP}file").get("href")))
    meta = etree.fromstring(zf.read(manifest.find(f".//{CP}resource[@identifier='{dep}']/{CP}file").get("href")))
    return zf, assessment, meta


def _prompt(item) -> str:
    return item.find(f"{QTI}presentation/{QTI}material/{QTI}mattext").text


def _images(text: str) -> list[str]:
    return [img.get("src") for img in html.fragment_fromstring(text, create_parent="div").iter("img")]


def _check_numbers(assessment):
    for tag in ("vargte", "varlte", "varequal"):
        for el in assessment.iter(f"{QTI}{tag}"):
            if not el.text.startswith(("qg",)):  # choice idents are names, not numbers
                assert CANVAS_NUMBER.fullmatch(el.text), el.text
                assert Decimal(el.text) == 0 or abs(Decimal(el.text)) >= Decimal("0.0001")
    for el in assessment.iter(f"{QTI}fieldentry", f"{QTI}points_per_item", f"{QTI}selection_number"):
        if el.text and re.fullmatch(r"[-\d.eE+]+", el.text):
            assert CANVAS_NUMBER.fullmatch(el.text), el.text


def _check_item(item, q, zf, svgs):
    meta = {f.findtext(f"{QTI}fieldlabel"): f.findtext(f"{QTI}fieldentry") for f in item.iter(f"{QTI}qtimetadatafield")}
    assert meta["question_type"] == TYPES[q.kind]
    feedback = {fb.get("ident"): fb.find(f".//{QTI}mattext").text for fb in item.iter(f"{QTI}itemfeedback")}
    # figures: prompt figures in the prompt, solution figures in the general feedback only, all in the zip
    texts = [_prompt(item)] + list(feedback.values()) + [m.text for m in item.iter(f"{QTI}mattext")]
    for text in texts:
        for src in _images(text):
            assert src.startswith(FILEBASE), src
            assert urllib.parse.unquote(src.removeprefix(FILEBASE)) in zf.namelist()
    drawn = [zf.read(urllib.parse.unquote(s.removeprefix(FILEBASE))) for s in _images(_prompt(item))]
    solution = [zf.read(urllib.parse.unquote(s.removeprefix(FILEBASE))) for s in _images(feedback["general_fb"])]
    assert drawn == [svgs[i] for i, f in enumerate(q.figures) if not f.in_solution]
    assert solution == [svgs[i] for i, f in enumerate(q.figures) if f.in_solution]

    if q.kind is Kind.NUMERIC:
        _check_numeric(item, q, feedback)
        return
    idents = [label.get("ident") for label in item.iter(f"{QTI}response_label")]
    assert len(idents) == len(q.choices)
    right = {idents[i] for i in q.correct_choices}
    score, shown = _score(item, right)
    assert score == 100 and "general_fb" in shown
    for i, ident in enumerate(idents):
        if ident not in right:
            score, shown = _score(item, {ident})
            assert score == 0 and f"{ident}_fb" in shown  # its misconception-led feedback
            if q.kind is Kind.MULTI_SELECT:
                assert _score(item, right | {ident})[0] == 0
    if q.kind is Kind.MULTI_SELECT and len(right) > 1:
        assert _score(item, right - {next(iter(sorted(right)))})[0] == 0


def _check_numeric(item, q, feedback):
    a = q.answer
    found = UNITS.search(_prompt(item))
    exponent = int(found.group(1)) if found else 0

    def typed(x) -> Decimal:  # what a student types: the number in the asked unit, as printed
        return Decimal(repr(x)).scaleb(-exponent)

    shown = a.rounding.apply(a.value)
    assert a.accepts(shown) and _score(item, typed(shown))[0] == 100
    # at the asked precision Canvas grades every answer as the key's own rule does
    unit = Decimal(1).scaleb(-a.rounding._places(shown))
    for j in range(-3, 4):
        candidate = float(Decimal(repr(shown)) + j * unit)
        assert (_score(item, typed(candidate))[0] == 100) == a.accepts(candidate), (q.name, candidate)
    for w in a.wrong:
        for x in (w.value, a.rounding.apply(w.value)):
            assert not a.accepts(x)
            score, shown_fb = _score(item, typed(x))
            assert score == 0 and "general_incorrect_fb" in shown_fb, (q.name, x)
    assert (exponent != 0) == (a.rounding._places(shown) > 4)  # scaled exactly when four decimals do not suffice


def _check_package(quiz, options, data):
    zf, assessment, meta = _open(data)
    _check_numbers(assessment)
    root = assessment.find(f"{QTI}assessment/{QTI}section")
    groups = root.findall(f"{QTI}section")
    assert len(groups) == len(quiz.family_ids)
    svgs = quiz_svgs(quiz, options)
    seen = 0
    for n, (fid, group) in enumerate(zip(quiz.family_ids, groups), 1):
        assert group.findtext(f".//{QTI}selection_number") == "1"  # pick 1 of the versions
        items = group.findall(f"{QTI}item")
        assert len(items) == len(quiz.versions)
        for v, item in zip(quiz.versions, items):
            q = v.questions[n - 1]
            assert q.id == fid
            _check_item(item, q, zf, [svgs[(v.number, n, i)] for i in range(len(q.figures))])
            seen += 1
    assert seen == len(quiz.versions) * len(quiz.family_ids)
    assert etree.QName(meta).localname == "quiz" and meta.findtext("{*}shuffle_answers") == "false"
    return zf


def test_ten_questions_thirty_versions(big):
    quiz, options, data = big
    _check_package(quiz, options, data)


def test_every_family(every_family):
    quiz, options, data = every_family
    zf = _check_package(quiz, options, data)
    assert {q.kind for q in quiz.versions[0].questions} == set(Kind)
    figures = [n for n in zf.namelist() if n.endswith(".svg")]
    assert len(figures) == sum(len(q.figures) for q in quiz.versions[0].questions) > 0


def test_small_answers_are_asked_in_a_scaled_unit(bank):
    """2.5e-7 and 0.0007071: Canvas would keep 0 and 0.0007; the item asks in a unit where it keeps all."""
    quiz = assemble([bank["schedules.one_cycle"], bank["adaptive.adagrad_decay"]], seed=3, versions=4)
    options = RenderOptions(cache={"svg": _stub_svgs(quiz)})
    _, assessment, _ = _open(_render(quiz, options))
    items = {i.get("ident").split("_", 1)[1]: i for i in assessment.iter(f"{QTI}item")}  # "q1_v2" …
    tiny = [(items[f"q{n}_v{v.number}"], q) for v in quiz.versions for n, q in enumerate(v.questions, 1)
            if abs(q.answer.value) < 1e-3]
    assert tiny
    for item, q in tiny:
        assert UNITS.search(_prompt(item)), q.name
        _check_numeric(item, q, {})


def test_same_quiz_same_bytes(big):
    quiz, _, data = big
    assert _render(quiz, RenderOptions(cache={"svg": _stub_svgs(quiz)})) == data


def test_cli_writes_both_lms_files(tmp_path):
    from quizgen.cli import main

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["generate", "--id", "gd.quadratic.one_step", "--id", "concepts.true_false",
                                       "--versions", "2", "--format", "moodle,qti", "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["learning-rate-practice-quiz-moodle.xml", "learning-rate-practice-quiz-qti.zip"]
    etree.parse(str(out / names[0]))
    _open((out / names[1]).read_bytes())


@settings(max_examples=300, deadline=None)
@given(st.floats(1e-9, 1e7), st.booleans(), st.one_of(st.builds(Rounding, sig=st.integers(1, 6)),
                                                     st.builds(lambda d: Rounding(sig=None, decimals=d), st.integers(0, 6))),
       st.sampled_from(["default", "abs", "rel"]))
def test_canvas_range_is_exact_at_the_asked_precision(magnitude, negative, rounding, kind):
    """Any answer: bounds Canvas keeps exactly, the printed key inside, and at the asked precision
    the same verdict as NumericAnswer.accepts."""
    from quizgen.writers.qti_writer import canvas_range

    value = -magnitude if negative else magnitude
    extra = {"abs": {"abs_tol": magnitude * 2e-3}, "rel": {"rel_tol": 2e-3}, "default": {}}[kind]
    a = NumericAnswer(value, rounding, **extra)
    r = canvas_range(a)
    for bound in (r.low, r.high):
        text = format(bound, "f")
        assert CANVAS_NUMBER.fullmatch(text.rstrip("0").rstrip(".") if "." in text else text)
    scale = Decimal(1).scaleb(-r.exponent)
    shown = a.rounding.apply(a.value)
    if not a.accepts(shown):
        return  # a tolerance tighter than the printing: no family asks that (quizgen check)
    assert r.low <= Decimal(repr(shown)) * scale <= r.high
    unit = Decimal(1).scaleb(-a.rounding._places(shown))
    tol = max(a.abs_tol or 0, (a.rel_tol or 0) * abs(a.value))
    for j in range(-4, 5):
        candidate = Decimal(repr(shown)) + j * unit
        edge = min(abs(candidate - (Decimal(repr(a.value)) - Decimal(repr(tol)))),
                   abs(candidate - (Decimal(repr(a.value)) + Decimal(repr(tol)))))
        if edge <= Decimal(repr(1e-8 * max(tol, 1e-300))):
            continue  # on the edge itself, where float slack decides
        assert (r.low <= candidate * scale <= r.high) == a.accepts(float(candidate)), candidate


def test_canvas_accepts_every_four_decimal_number_the_key_accepts(bank):
    """The range is the widest Canvas can hold inside the key's: one step of 10⁻⁴ (in the asked
    units) beyond either end, the key's own rule refuses the number."""
    from _support import toleranced_answers
    from quizgen.writers.qti_writer import canvas_range

    checked = 0
    for family_id, seed, a in toleranced_answers(bank, range(8)):
        rng = canvas_range(a)
        unit, step = Decimal(1).scaleb(rng.exponent), Decimal("0.0001")
        assert a.accepts(float(rng.low * unit)) and a.accepts(float(rng.high * unit)), (family_id, seed)
        assert not a.accepts(float((rng.low - step) * unit)), (family_id, seed, rng)
        assert not a.accepts(float((rng.high + step) * unit)), (family_id, seed, rng)
        checked += 1
    assert checked > 100
