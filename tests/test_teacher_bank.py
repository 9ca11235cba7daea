"""A teacher's own folder of families, added with --bank to generate, list and check."""

import json

from click.testing import CliRunner

from quizgen.cli import main

FAMILY = '''
from quizgen import core
from quizgen.family import Meta, calc, pick, simulate

QUESTION = "Gradient descent on $f(w) = <<a|half_quadratic>>$ with $\\\\eta = <<eta>>$ from $w_0 = 1$: what is $w_1$?"
SOLUTION = ["$w_1 = <<w1.work>>$."]


def data(rng):
    a, eta = pick(rng, (1, 2, 3)), pick(rng, (0.1, 0.2))
    run = simulate(core.sgd(eta), core.Quadratic1D(a), x0=1.0, steps=1)
    return dict(a=a, eta=eta, w1=calc("1 - eta*a*1", eta=eta, a=a), answer=run.final_params[0, 0],
                wrong_answers=[(1 + eta * a, "M2", "That steps along the gradient; step against it.")])


META = Meta(id="mine.one_step", topic="mine", difficulty=1, kind="numeric", objective="One step by hand.",
            answer="answer", closed_form=lambda d: 1 - d["eta"] * d["a"])
'''


def _folder(tmp_path, text=FAMILY, name="one_step.py"):
    folder = tmp_path / "my_questions"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)
    return folder


def test_a_teachers_family_is_listed_checked_and_generated(tmp_path):
    folder = str(_folder(tmp_path))
    listed = CliRunner().invoke(main, ["list", "--bank", folder])
    assert listed.exit_code == 0 and "mine.one_step" in listed.output
    checked = CliRunner().invoke(main, ["check", "--bank", folder, "--seeds", "30", "mine.one_step"])
    assert checked.exit_code == 0, checked.output
    made = CliRunner().invoke(main, ["generate", "--bank", folder, "--id", "mine.one_step", "--id",
                                     "gd.quadratic.one_step", "-f", "json", "--out", str(tmp_path / "out"), "-q"])
    assert made.exit_code == 0, made.output
    doc = json.loads((tmp_path / "out" / "learning-rate-practice-quiz.json").read_text())
    assert doc["family_ids"] == ["mine.one_step", "gd.quadratic.one_step"]


def test_a_broken_or_clashing_file_is_one_line_naming_file_and_line(tmp_path):
    broken = _folder(tmp_path, "x = 1\ndef data(rng:\n", "broken.py")
    result = CliRunner().invoke(main, ["list", "--bank", str(broken)])
    assert result.exit_code == 2 and "broken.py:2:" in result.output
    assert len(result.output.strip().splitlines()) == 1
    clash = _folder(tmp_path / "b", FAMILY.replace("mine.one_step", "gd.quadratic.one_step"))
    result = CliRunner().invoke(main, ["list", "--bank", str(clash)])
    assert result.exit_code == 2 and "duplicate question id 'gd.quadratic.one_step'" in result.output
    text = FAMILY.replace("META = Meta(", "raise RuntimeError('oops')\nMETA = Meta(")
    line = text.splitlines().index("raise RuntimeError('oops')") + 1
    result = CliRunner().invoke(main, ["list", "--bank", str(_folder(tmp_path / "c", text))])
    assert result.exit_code == 2 and f"one_step.py:{line}: RuntimeError: oops" in result.output, result.output


def test_validate_passes_the_example_and_reports_each_problem_with_its_file(tmp_path):
    from pathlib import Path

    example = str(Path(__file__).parents[1] / "question_bank" / "examples")
    ok = CliRunner().invoke(main, ["validate", "--seeds", "20", example])
    assert ok.exit_code == 0 and "2 question families ok" in ok.output, ok.output
    wrong = FAMILY.replace('wrong_answers=[(1 + eta * a,', 'wrong_answers=[(1 - eta * a,')  # the key itself
    folder = _folder(tmp_path, wrong)
    result = CliRunner().invoke(main, ["validate", "--seeds", "10", str(folder)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert all(str(folder / "one_step.py") in line for line in lines[:-1]) and len(lines) > 1
    assert "would be accepted" in lines[0] and "problem(s)" in lines[-1]
    assert not (tmp_path / "output").exists()
