"""The command line through click's CliRunner: help, the demo, and clean errors."""

import json
import re

import numpy as np
from click.testing import CliRunner

from quizgen import core
from quizgen.cli import main


def _run(*args):
    return CliRunner().invoke(main, list(args))


def test_every_command_has_help_and_is_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    result = _run("--help")
    assert result.exit_code == 0
    for name, command in main.commands.items():
        assert command.help, f"command {name} has no help text"
        sub = _run(name, "--help")
        assert sub.exit_code == 0 and "Usage:" in sub.output
        assert f"quizgen {name}" in readme, f"README does not document 'quizgen {name}'"


def test_demo_prints_every_regime_and_matches_theory():
    result = _run("demo", "--curvature", "4", "--steps", "12")
    assert result.exit_code == 0, result.output
    for regime in ("monotone", "one_step", "zigzag", "diverging"):
        assert regime in result.output
    # the zigzag row η = 1.5/a: w_12 = (1 − 1.5)^12 · 1 = 0.5^12, printed to 6 significant digits
    assert f"{0.5 ** 12:.6g}" in result.output


def test_demo_with_explicit_rates_uses_them():
    result = _run("demo", "-a", "2", "--lr", "0.3", "--lr", "1.2", "-k", "3")
    assert result.exit_code == 0, result.output
    # w_3 = (1 − 0.6)^3 = 0.064 and (1 − 2.4)^3 = −2.744
    assert "0.064" in result.output and "-2.744" in result.output
    traj = core.run(core.sgd(np.array([0.3, 1.2])), core.Quadratic1D(2.0), 1.0, 3)
    assert np.allclose(traj.final_params[:, 0], [0.064, -2.744])


def test_bad_input_is_one_line_error_and_nonzero_exit():
    for args in (["demo", "--lr", "0"], ["demo", "--steps", "-3"], ["demo", "-a", "abc"], ["demo", "-w", "inf"],
                 ["demo", "-w", "nan"], ["demo", "--lr", "1e308"]):
        result = _run(*args)
        assert result.exit_code == 2
        assert "Traceback" not in result.output
        assert re.fullmatch(r"Error: [^\n]+\n", result.output), result.output


def test_version():
    result = _run("--version")
    assert result.exit_code == 0 and re.search(r"\d+\.\d+\.\d+", result.output)


def test_list_puts_the_id_first(bank):
    result = _run("list")
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert len(lines) == len(bank)
    assert [line.split()[0] for line in lines] == [f.id for f in bank]
    assert all(line.split()[-1] in ("plot", "-") for line in lines)


def test_check_passes_on_a_family_and_rejects_unknown_ids():
    ok = _run("check", "--seeds", "5", "gd.quadratic.after_k_steps")
    assert ok.exit_code == 0, ok.output
    assert "gd.quadratic.after_k_steps" in ok.output
    bad = _run("check", "no.such.family")
    assert bad.exit_code == 2 and "unknown question id" in bad.output


def test_check_exits_1_when_a_family_fails(monkeypatch):
    from quizgen import check as check_module

    def broken(q):
        return ["deliberately broken"]

    monkeypatch.setattr(check_module, "question_problems", broken)
    result = _run("check", "--seeds", "2", "gd.quadratic.after_k_steps")
    assert result.exit_code == 1
    assert "deliberately broken" in result.output


def test_generate_writes_json_refuses_overwrite_and_regenerates_a_version(tmp_path):
    import json

    out = tmp_path / "quiz"
    args = ["generate", "--id", "gd.quadratic.after_k_steps", "--versions", "3", "--seed", "5", "--format", "json",
            "--out", str(out)]
    first = _run(*args)
    assert first.exit_code == 0, first.output
    path = out / "learning-rate-practice-quiz.json"
    doc = json.loads(path.read_text())
    assert len(doc["versions"]) == 3
    before = path.read_bytes()
    again = _run(*args)
    assert again.exit_code == 2 and "--force" in again.output and "Traceback" not in again.output
    assert path.read_bytes() == before
    forced = _run(*args, "--force", "--quiet")
    assert forced.exit_code == 0 and forced.output == ""
    assert path.read_bytes() == before, "same seed and options must give byte-identical files"

    code = doc["versions"][1]["code"]
    single = _run("generate", "--id", "gd.quadratic.after_k_steps", "--code", code, "--format", "json",
                  "--out", str(out), "-q")
    assert single.exit_code == 0, single.output
    regenerated = json.loads((out / "learning-rate-practice-quiz-v02.json").read_text())
    assert regenerated["total_versions"] == 3
    assert regenerated["versions"] == [doc["versions"][1]]


def test_code_rebuilds_the_same_bytes_as_the_whole_quiz(tmp_path):
    ids = ["--id", "gd.quadratic.after_k_steps", "--id", "schedules.identify_plot"]
    whole = _run("generate", *ids, "--versions", "12", "--seed", "9", "--out", str(tmp_path / "all"), "-q")
    assert whole.exit_code == 0, whole.output
    sheet = (tmp_path / "all" / "learning-rate-practice-quiz-v11.html").read_text()
    code = re.search(r'class="code">([^<]+)<', sheet).group(1)
    assert "Version 11 of 12" in sheet
    one = _run("generate", *ids, "--code", code, "--out", str(tmp_path / "one"), "-q")
    assert one.exit_code == 0, one.output
    rebuilt = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    assert {p.name for p in rebuilt} >= {"learning-rate-practice-quiz-v11.html", "learning-rate-practice-quiz-v11-key.md"}
    assert any(p.suffix == ".svg" for p in rebuilt), "its figures too"
    for rel, data in rebuilt.items():
        assert (tmp_path / "all" / rel).read_bytes() == data, f"{rel} differs from the whole quiz's file"


def test_code_refuses_what_contradicts_it(tmp_path):
    ids = ["--id", "gd.quadratic.after_k_steps"]
    out = ["--out", str(tmp_path / "x"), "-f", "json"]
    made = _run("generate", *ids, "--versions", "7", "--seed", "4", *out, "-q")
    code = json.loads((tmp_path / "x" / "learning-rate-practice-quiz.json").read_text())["versions"][6]["code"]
    cases = {
        ("--code", ""): "not a version code",
        ("--code", "1ZA-3KQ"): "not a code quizgen makes",
        ("--code", code, "--versions", "3"): "version 7 of a 7-version quiz",
        ("--code", code, "--seed", "5"): "--seed 4",
        ("--code", code, "--id", "gd.quadratic.one_step"): "not a code of this selection",
        ("--code", code[:-1] + ("A" if code[-1] != "A" else "B")): "not a code of this selection",
    }
    assert made.exit_code == 0
    for extra, message in cases.items():
        args = ["generate", *(ids if "--id" not in extra else []), *extra, "--out", str(tmp_path / "y")]
        result = _run(*args)
        assert result.exit_code == 2 and message in result.output, (extra, result.output)
        assert len(result.output.strip().splitlines()) == 1
        assert not (tmp_path / "y").exists()


def test_a_finished_command_ignores_late_signals(tmp_path):
    """A signal while the interpreter shuts down would otherwise end the process by SIGINT
    (exit -2) after the work was done and the exit code chosen."""
    import signal

    assert _run("list").exit_code == 0
    assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_IGN
