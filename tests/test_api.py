"""The library API: ``quizgen.build`` is what the command line calls."""

import json

import pytest

import quizgen


def test_build_writes_every_format_and_returns_the_paths(tmp_path):
    result = quizgen.build(ids=["gd.quadratic.after_k_steps"], versions=2, seed=3, formats=["json", "md"],
                           out=tmp_path / "quiz")
    names = sorted(p.name for p in result.written)
    assert "learning-rate-practice-quiz.json" in names and "learning-rate-practice-quiz-v02-key.md" in names
    assert all(p.exists() for p in result.written)
    doc = json.loads((tmp_path / "quiz" / "learning-rate-practice-quiz.json").read_text())
    assert [v["code"] for v in doc["versions"]] == [v.code for v in result.quiz.versions]


def test_a_code_rebuilds_its_version(tmp_path):
    whole = quizgen.build(ids=["gd.quadratic.after_k_steps"], versions=4, seed=8, formats=["md"], out=tmp_path / "a")
    code = whole.quiz.versions[2].code
    one = quizgen.build(ids=["gd.quadratic.after_k_steps"], code=code, formats=["md"], out=tmp_path / "b")
    assert one.quiz.total_versions == 4 and not one.quiz.complete
    for path in one.written:
        assert path.read_bytes() == (tmp_path / "a" / path.relative_to(tmp_path / "b")).read_bytes()


@pytest.mark.parametrize("options, message", [
    (dict(formats=["pdfx"]), "unknown format"),
    (dict(formats=[]), "at least one format"),
    (dict(topics=["astrology"]), "unknown topic"),
    (dict(title="  "), "title"),
    (dict(code="1ZA-3KQ"), "not a code"),
    (dict(questions=500), "only"),
])
def test_bad_requests_raise_build_error_and_write_nothing(tmp_path, options, message):
    with pytest.raises(quizgen.BuildError, match=message):
        quizgen.build(out=tmp_path / "x", **options)
    assert not (tmp_path / "x").exists()
