"""The GIFT export, read back by a real GIFT parser: the npm ``gift-pegjs`` package (run with node).

What is expected comes from the quiz itself — each question's kind, options, key and
:class:`~quizgen.question.NumericAnswer` — never from the writer's output. Numerical answers
are graded as Moodle grades them (``qtype_numerical``: the first answer whose tolerance
interval holds the response decides, the interval widened by 1e-14 of the larger of value and
tolerance), and every grade is compared with ``NumericAnswer.accepts``. Where Moodle's reader
(``question/format/gift/format.php``) reads a construct differently from gift-pegjs, the
test names Moodle's rule.
"""

import html
import json
import re
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

import quizgen
from quizgen.assemble import assemble, select
from quizgen.question import Kind
from quizgen.render import HTML_TEX
from quizgen.writers.gift_writer import escape, escape_part, render_gift

# a title with every GIFT control character, a category separator and a leading slash
HOSTILE_TITLE = "/Week 5: η = 0.1 {draft} ~ #2 \\ a//b"
#: Moodle's allowed grades as fractions (``question_bank::fraction_options_full``)
MOODLE_GRADES = [1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
                 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0]

# one node process answers every parse request: a JSON string per line in, a JSON reply per line out
PARSER = r"""
const parser = require(process.argv[1] + "/gift-pegjs");
const lines = require("readline").createInterface({input: process.stdin});
lines.on("line", (line) => {
  let reply;
  try {
    reply = {ok: parser.parse(JSON.parse(line))};
  } catch (e) {
    reply = {error: `line ${e.location ? e.location.start.line : "?"}: ${e.message}`};
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
});
"""


@pytest.fixture(scope="module")
def parse_gift(node_modules):
    """``parse_gift(text)``: gift-pegjs's reading of a GIFT file (a syntax error fails the test)."""
    proc = subprocess.Popen(["node", "-e", PARSER, str(node_modules)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, encoding="utf-8")

    def parse(text: str) -> list[dict]:
        proc.stdin.write(json.dumps(text) + "\n")
        proc.stdin.flush()
        reply = json.loads(proc.stdout.readline())
        assert "ok" in reply, f"gift-pegjs rejected the file: {reply['error']}"
        return reply["ok"]

    yield parse
    proc.stdin.close()
    proc.wait(timeout=30)
    proc.stdout.close()


def moodle_category_names(path: str) -> list[str]:
    """How Moodle splits a ``$CATEGORY`` path (``qformat_default::split_category_path``)."""
    return [name.replace("//", "/").strip() for name in re.split(r"(?<!/)/(?!/)", path)]


def moodle_grade(choices: list[dict], typed: float) -> tuple[float, dict | None]:
    """(grade in %, matching answer) of a typed number, as Moodle's numerical question grades it:
    the first answer whose interval holds it, a weightless ``=`` answer counting 100 %."""
    for c in choices:
        value, tol = c["text"]["number"], c["text"]["range"]
        slack = 1e-14 * max(abs(tol), abs(value), 1e-14)  # qtype_numerical_answer::get_tolerance_interval
        if abs(typed - value) <= tol + slack:
            return (100.0 if c["weight"] is None else c["weight"]), c
    return 0.0, None


# --- Moodle's own reading, ported line by line from question/format/gift/format.php (qformat_gift::
# readquestion) and question/format.php (readquestions splits the file at blank lines, lines trimmed);
# only the parts that decide what a question becomes are kept
_PLACEHOLDERS = [("\\:", "&&058;", ":"), ("\\#", "&&035;", "#"), ("\\=", "&&061;", "="), ("\\{", "&&123;", "{"),
                 ("\\}", "&&125;", "}"), ("\\~", "&&126;", "~"), ("\\n", "&&010", "\n")]
_WEIGHT = re.compile(r"^%\-*([0-9]{1,2})\.?([0-9]*)%")


def _pre(text):  # escapedchar_pre
    text = text.replace("\\\\", "&&092;")
    for escaped, placeholder, _ in _PLACEHOLDERS:
        text = text.replace(escaped, placeholder)
    return text.replace("&&092;", "\\")


def _post(text):  # escapedchar_post, applied by parse_text_with_format (which also drops a [format] prefix)
    if text.startswith("[") and text[1:text.find("]")] in ("html", "moodle", "plain", "markdown"):
        text = text[text.find("]") + 1:]
    for _, placeholder, char in _PLACEHOLDERS:
        text = text.replace(placeholder, char)
    return text.strip()


def _weight(answer):  # answerweightparser: "%-50%text" -> (-0.5, "text")
    end = answer.index("%", 1)
    return float(answer[1:end]) / 100, answer[end + 1:]


def _comment(answer):  # commentparser: text and feedback split at the first "#"
    text, _, feedback = answer.partition("#")
    return _post(text.strip()), _post(feedback.strip())


def moodle_read(text):
    """The questions Moodle's GIFT importer makes of a file, as dicts."""
    blocks, current = [], []
    for line in text.split("\n") + [""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(current)
            current = []
    return [q for q in map(_read_block, blocks) if q]


def _read_block(lines):
    text = _pre("\n".join(" " if line.startswith("//") else line for line in lines).strip())
    if not text.strip():
        return None
    if text.startswith("$CATEGORY:"):
        return {"qtype": "category", "path": text[10:].strip()}
    question = {"name": None}
    if text.startswith("::"):
        end = text.index("::", 2)
        question["name"], text = _post(text[2:end]), text[end + 2:].strip()
    start, finish = text.index("{"), text.index("}")
    answers = text[start + 1:finish].strip()
    assert text.endswith("}"), "answers must close the question (else Moodle inserts a blank)"
    question["text"] = _post(text[:start])
    gf = answers.rfind("####")
    question["general"], answers = _post(answers[gf + 4:]), answers[:gf].strip()
    if answers.startswith("#"):
        question["qtype"] = "numerical"
        assert "~" not in answers  # "~" would start Moodle's catch-all wrong-answer feedback
        question["answers"] = []
        for answer in [a.strip() for a in answers[1:].split("=") if a.strip()]:
            fraction = 1.0
            if _WEIGHT.match(answer):
                fraction, answer = _weight(answer)
            value, feedback = _comment(answer)
            number, _, tol = value.partition(":")
            question["answers"].append((float(number), float(tol), fraction, feedback))
    elif "~" in answers:
        question["qtype"] = "multichoice"
        question["single"] = "=" in answers
        question["answers"] = []
        for answer in [a.strip() for a in answers.replace("=", "~=").split("~") if a.strip()]:
            if answer.startswith("="):
                fraction, answer = 1.0, answer[1:]
            elif _WEIGHT.match(answer):
                fraction, answer = _weight(answer)
            else:
                fraction = 0.0
            question["answers"].append((fraction, *_comment(answer)))
    else:
        verdict, wrong, right = (answers.split("#", 2) + ["", ""])[:3]
        assert verdict.strip() in ("T", "TRUE", "F", "FALSE"), f"neither true/false nor any other type: {answers[:80]}"
        question.update(qtype="truefalse", correct=verdict.strip() in ("T", "TRUE"), wrong=_post(wrong),
                        right=_post(right))
    return question


@pytest.fixture(scope="module")
def quizzes(bank):
    """The issue's quiz (10 questions drawn from the whole bank, 30 versions), and every family of
    the bank in 2 versions under a hostile title (all four kinds, every figure family)."""
    return {
        "ten-by-thirty": assemble(select(bank, n=10, seed=1), seed=1, versions=30, title="Learning-rate quiz"),
        "whole-bank": assemble(list(bank), seed=2, versions=2, title=HOSTILE_TITLE),
    }


@pytest.fixture(scope="module")
def exported(quizzes, parse_gift):
    """name → (quiz, GIFT text, notes text, gift-pegjs's parse)."""
    out = {}
    for name, quiz in quizzes.items():
        files = render_gift(quiz, name)
        assert sorted(files) == [f"{name}-gift-notes.md", f"{name}-gift.txt"]
        text = files[f"{name}-gift.txt"].decode("utf-8")
        out[name] = quiz, text, files[f"{name}-gift-notes.md"].decode("utf-8"), parse_gift(text)
    return out


def _by_family(quiz):
    """[(family id, [(version, question)…])…] in the order the file must list them."""
    return [(fid, [(v, v.questions[i]) for v in quiz.versions]) for i, fid in enumerate(quiz.family_ids)]


def _pairs(exported, name):
    """(question, parsed question) for every question of an exported quiz, checking the
    categories on the way: one per family, holding all of its versions."""
    quiz, _, _, parsed = exported[name]
    items = iter(parsed)
    pairs = []
    for fid, versions in _by_family(quiz):
        category = next(items)
        assert category["type"] == "Category"
        assert moodle_category_names(category["title"]) == [" ".join(quiz.title.split()), fid]
        for v, q in versions:
            got = next(items)
            assert got["title"] == f"{q.id} v{v.number:02d} ({v.code})"
            pairs.append((q, got))
    assert next(items, None) is None, "the file holds more than the quiz's questions"
    return pairs


@pytest.mark.parametrize("name", ["ten-by-thirty", "whole-bank"])
def test_every_question_parses_into_its_kind_text_and_options(exported, name):
    pairs = _pairs(exported, name)
    quiz = exported[name][0]
    assert len(pairs) == len(quiz.family_ids) * len(quiz.versions)
    expected_type = {Kind.NUMERIC: "Numerical", Kind.MULTIPLE_CHOICE: "MC", Kind.MULTI_SELECT: "MC",
                     Kind.TRUE_FALSE: "TF"}
    for q, got in pairs:
        assert got["type"] == expected_type[q.kind], q.name
        assert got["stem"]["format"] == "html"
        assert got["stem"]["text"].startswith(HTML_TEX.block(q.prompt)), q.name
        assert q.topic in got["tags"]
        general = got["globalFeedback"]["text"]
        for step in q.solution:  # the worked solution is the general feedback
            assert HTML_TEX.inline(step.text) in general, q.name
        if q.kind is Kind.TRUE_FALSE:
            right = next(c for c in q.choices if c.correct)
            wrong = next(c for c in q.choices if not c.correct)
            assert got["isTrue"] == (right.text == "True")
            # Moodle's split_truefalse_comment: {T#a#b} shows a for a wrong answer and b for the right one
            # (gift-pegjs calls them trueFeedback and falseFeedback whatever the key)
            assert HTML_TEX.inline(wrong.feedback) in got["trueFeedback"]["text"]
            assert got["falseFeedback"]["text"] == HTML_TEX.inline(right.feedback)
        elif q.kind in (Kind.MULTIPLE_CHOICE, Kind.MULTI_SELECT):
            choices = got["choices"]
            assert [c["text"]["text"] for c in choices] == [HTML_TEX.inline(c.text) for c in q.choices]
            for c, g in zip(q.choices, choices):
                assert HTML_TEX.inline(c.feedback) in g["feedback"]["text"], q.name
            if q.kind is Kind.MULTIPLE_CHOICE:
                assert [g["isCorrect"] for g in choices] == [c.correct for c in q.choices]
                assert all(g["weight"] is None for g in choices)
            else:
                _check_multi_select_weights(q, choices)


def _check_multi_select_weights(q, choices):
    """Moodle makes a question without ``=`` a multiple-answer one (single = 0); its importer
    refuses a grade that is not within 0.00001 of its list (match_grade_options)."""
    assert not any(g["isCorrect"] for g in choices), "an = option would make it single-answer"
    weights = [g["weight"] / 100 for g in choices]
    for w in weights:
        assert min(abs(abs(w) - m) for m in MOODLE_GRADES) < 1e-5, f"{q.name}: grade {w} is not on Moodle's list"
    assert [w > 0 for w in weights] == [c.correct for c in q.choices]
    assert sum(w for w in weights if w > 0) == pytest.approx(1, abs=1e-5)  # every right option: full marks
    assert sum(w for w in weights if w < 0) == pytest.approx(-1, abs=1e-5)  # ticking all: nothing


@pytest.mark.parametrize("name", ["ten-by-thirty", "whole-bank"])
def test_numerical_answers_grade_as_the_key(exported, name):
    numeric = [(q, got) for q, got in _pairs(exported, name) if q.kind is Kind.NUMERIC]
    assert numeric
    for q, got in numeric:
        a = q.answer
        key = got["choices"][0]
        assert key["text"]["type"] == "range" and key["weight"] is None
        assert key["text"]["number"] == a.value  # the exact value, not a rounded one
        # NumericAnswer: right within abs_tol, or within rel_tol·|value|
        assert key["text"]["range"] == max(a.abs_tol or 0, (a.rel_tol or 0) * abs(a.value))
        tol = key["text"]["range"]
        outside = tol * (1 + 1e-6) + 1e-9 * max(1, abs(a.value))  # beyond both Moodle's and accepts' slack
        probes = [a.value, float(a.display), a.value - tol * (1 - 1e-6), a.value + tol * (1 - 1e-6),
                  a.value - outside, a.value + outside]
        for w in a.wrong:
            probes += [w.value, float(a.rounding.format(w.value))]
        for typed in probes:
            grade, _ = moodle_grade(got["choices"], typed)
            assert (grade == 100) == a.accepts(typed), f"{q.name}: {typed!r} graded {grade} %"
            assert grade in (0, 100)
        assert len(got["choices"]) == 1 + len(a.wrong)
        for w in a.wrong:  # each slip gets no credit and its own feedback (or that of a slip giving the same)
            grade, match = moodle_grade(got["choices"], w.value)
            assert grade == 0 and not a.accepts(w.value), q.name
            same = [u for u in a.wrong if u.value == w.value]
            assert any(HTML_TEX.inline(u.feedback) in match["feedback"]["text"] for u in same), q.name


@pytest.mark.parametrize("name", ["ten-by-thirty", "whole-bank"])
def test_moodle_reads_every_question_as_the_quiz_has_it(exported, name):
    """The same checks through Moodle's reading (above): types, texts, grades and tolerances."""
    quiz, text, _, _ = exported[name]
    read = iter(moodle_read(text))
    for fid, versions in _by_family(quiz):
        assert moodle_category_names(next(read)["path"]) == [" ".join(quiz.title.split()), fid]
        for v, q in versions:
            got = next(read)
            assert got["name"] == f"{q.id} v{v.number:02d} ({v.code})"
            assert got["text"].startswith(HTML_TEX.block(q.prompt)), q.name
            assert all(HTML_TEX.inline(step.text) in got["general"] for step in q.solution), q.name
            if q.kind is Kind.NUMERIC:
                a = q.answer
                assert got["qtype"] == "numerical"
                value, tol, fraction, _ = got["answers"][0]
                assert (value, fraction) == (a.value, 1.0) and tol == max(a.abs_tol or 0, (a.rel_tol or 0) * abs(a.value))
                assert [(x[0], x[2]) for x in got["answers"][1:]] == [(w.value, 0.0) for w in a.wrong]
            elif q.kind is Kind.TRUE_FALSE:
                right = next(c for c in q.choices if c.correct)
                wrong = next(c for c in q.choices if not c.correct)
                assert got["qtype"] == "truefalse" and got["correct"] == (right.text == "True")
                assert got["right"] == HTML_TEX.inline(right.feedback)
                assert HTML_TEX.inline(wrong.feedback) in got["wrong"]
            else:
                assert got["qtype"] == "multichoice" and got["single"] == (q.kind is Kind.MULTIPLE_CHOICE)
                assert [x[1] for x in got["answers"]] == [HTML_TEX.inline(c.text) for c in q.choices]
                fractions = [x[0] for x in got["answers"]]
                assert [f > 0 for f in fractions] == [c.correct for c in q.choices]
                for f in fractions:  # match_grade_options: within 0.00001 of an allowed grade, or refused
                    assert min(abs(abs(f) - m) for m in MOODLE_GRADES) < 1e-5
    assert next(read, None) is None


def test_figure_questions_say_so_in_the_file_and_the_notes(exported):
    quiz, text, notes, parsed = exported["whole-bank"]
    blocks = text.split("\n\n")
    with_figures = 0
    for v in quiz.versions:
        for q in v.questions:
            name = f"{q.id} v{v.number:02d} ({v.code})"
            (block,) = [b for b in blocks if f"::{escape(name)}::" in b]
            comments = [line for line in block.splitlines() if line.startswith("//")]
            prompt_figures = [f for f in q.figures if not f.in_solution]
            missing = [c for c in comments if "FIGURE MISSING" in c]
            assert len(missing) == len(prompt_figures), name
            for f, comment in zip(prompt_figures, missing):
                assert " ".join(f.alt.split()) in comment
            if q.figures:
                with_figures += 1
                assert f"**{name}**" in notes and f"//   {name}" in text.split("\n\n")[0]
            else:
                assert name not in notes
    assert with_figures == sum(bool(q.figures) for v in quiz.versions for q in v.questions) > 0
    # the student sees a placeholder where the figure belongs
    placeholders = [g for g in parsed if g["type"] != "Category" and "is not part of this import" in g["stem"]["text"]]
    assert len(placeholders) == sum(any(not f.in_solution for f in q.figures)
                                    for v in quiz.versions for q in v.questions)


def test_notes_without_figures_say_every_question_is_complete(bank, parse_gift):
    quiz = assemble([bank["momentum.effective_lr"], bank["concepts.true_false"]], seed=4, versions=1, title="T")
    files = render_gift(quiz, "t")
    assert "none has a figure" in files["t-gift-notes.md"].decode()
    assert len(parse_gift(files["t-gift.txt"].decode())) == 4


def test_same_quiz_same_bytes_and_a_rebuilt_version_is_named_like_its_sheet(bank, quizzes):
    quiz = quizzes["ten-by-thirty"]
    assert render_gift(quiz, "q") == render_gift(quiz, "q")
    families = [bank["gd.quadratic.after_k_steps"], bank["concepts.definition"]]
    whole = render_gift(assemble(families, seed=3, versions=4, title="T"), "q")["q-gift.txt"].decode()
    files = render_gift(assemble(families, seed=3, versions=4, title="T", only=3), "q")
    assert sorted(files) == ["q-v03-gift-notes.md", "q-v03-gift.txt"]
    rebuilt = files["q-v03-gift.txt"].decode()
    def version_3(text):
        return [b.strip() for b in text.split("\n\n") if "::" in b and " v03 (" in b]

    assert len(version_3(rebuilt)) == 2 and version_3(rebuilt) == version_3(whole)
    assert " v01 (" not in rebuilt


def test_gift_is_a_registered_format(tmp_path, parse_gift):
    result = quizgen.build(ids=["gd.quadratic.one_step", "concepts.definition"], versions=2, formats=["gift"],
                           out=tmp_path / "out")
    names = sorted(p.name for p in result.written)
    assert names == ["learning-rate-practice-quiz-gift-notes.md", "learning-rate-practice-quiz-gift.txt"]
    parsed = parse_gift((tmp_path / "out" / names[1]).read_text(encoding="utf-8"))
    assert [g["type"] for g in parsed] == ["Category", "Numerical", "Numerical", "Category", "MC", "MC"]


# JavaScript's String.trim() whitespace, which gift-pegjs strips from both ends of a text
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
# text made of GIFT's control characters, format and grade markers, and any other character
_TRICKY = st.text(st.sampled_from(list("~=#{}:\\n%[]->/*<> \naé$()")) | st.characters(codec="utf-8"), min_size=1,
                  max_size=40).filter(lambda s: s == s.strip() == s.strip(_JS_SPACE) and "\r" not in s)


@given(st.lists(st.tuples(_TRICKY, _TRICKY, _TRICKY), min_size=1, max_size=8))
def test_escaped_text_reads_back_unchanged(parse_gift, items):
    """Whatever the text, gift-pegjs reads back exactly what was escaped (as title, option and feedback)."""
    blocks = [f"::{escape(title)}::[html]Q{{\n\t={escape_part(option)}#{escape_part(fb)}\n\t~other#no\n}}"
              for title, option, fb in items]
    parsed = parse_gift("\n\n".join(blocks) + "\n")
    assert len(parsed) == len(items)
    for (title, option, fb), got in zip(items, parsed):
        assert got["title"] == title
        # options and feedback are HTML: escape_part may write a character as an entity
        assert html.unescape(got["choices"][0]["text"]["text"]) == html.unescape(option)
        assert html.unescape(got["choices"][0]["feedback"]["text"]) == html.unescape(fb)
