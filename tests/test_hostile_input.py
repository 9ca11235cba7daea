"""Hostile values for every option of every command: a clean result or one clean error line.

Whatever the value — inf, nan, huge, negative, empty, unicode, markup — a command either
succeeds or prints one ``Error: …`` line and exits 2 (1 for a failed stress test): never a
traceback, never a warning (pytest turns warnings into errors, so one would surface here).
"""

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from quizgen.cli import main

HOSTILE = ["inf", "-inf", "nan", "1e308", "-1", "0", "", " ", "99999999999999999999999", "3.5", "ü∆中η",
           "<script>alert(1)</script>", "--", "-x"]

# what each command needs to run quickly; the option under test replaces its own entry
BASE = {
    "generate": {"--id": "gd.quadratic.one_step", "--format": "json", "--quiet": None},
    "check": {"--seeds": "2", "IDS": "gd.quadratic.one_step"},
    "demo": {"--steps": "5"},
    "list": {},
    "validate": {"--seeds": "2", "FOLDERS": str(Path(__file__).parents[1] / "question_bank" / "examples")},
    "practice": {"--id": "gd.quadratic.one_step", "--variants": "2", "--quiet": None},
    "study-guide": {"--format": "md", "--quiet": None},
    "formats": {},
}
# commands that write files get an --out in the test's folder unless --out is the option under test
WRITES = {"generate", "practice", "study-guide"}


@pytest.fixture(scope="module")
def made_guide(bank):
    """One real study guide and its files, reused: building one takes seconds, and what this test
    judges is the command's handling of its options, not the guide."""
    from quizgen.study_guide import build_guide
    from quizgen.writers.guide_writer import render_guide

    guide = build_guide(seed=1, bank=bank)
    return guide, render_guide(guide, ["md"])


def _cases():
    for name, command in main.commands.items():
        assert name in BASE, f"add the new command {name!r} to BASE"
        for param in command.params:
            if isinstance(param, click.Option) and (param.is_flag or param.name == "help"):
                continue
            for value in HOSTILE:
                yield pytest.param(name, param, value, id=f"{name}-{param.name}-{value!r}")


def _argv(name, param, value, tmp_path):
    base = dict(BASE[name])
    key = param.opts[0] if isinstance(param, click.Option) else param.name.upper()
    base.pop(key, None)
    argv = [name]
    if name in WRITES and key != "--out":
        argv += ["--out", str(tmp_path / "out")]
    for k, v in base.items():
        if k.isupper():
            continue
        argv += [k] if v is None else [k, v]
    argv += [key, value] if isinstance(param, click.Option) else [value]
    argv += [v for k, v in base.items() if k.isupper()]
    return argv


@pytest.mark.parametrize("name, param, value", list(_cases()))
def test_hostile_value(name, param, value, tmp_path, monkeypatch, request):
    monkeypatch.chdir(tmp_path)
    if name == "study-guide":
        import quizgen.study_guide
        import quizgen.writers.guide_writer

        guide, files = request.getfixturevalue("made_guide")
        monkeypatch.setattr(quizgen.study_guide, "build_guide", lambda seed, bank=None: guide)
        monkeypatch.setattr(quizgen.writers.guide_writer, "render_guide",
                            lambda g, names, **options: dict(files))
    argv = _argv(name, param, value, tmp_path)
    result = CliRunner().invoke(main, argv)
    shown = f"quizgen {' '.join(argv)}\n{result.output}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(shown) from result.exception
    assert "Traceback" not in result.output, shown
    assert "Warning" not in result.output, shown
    assert result.exit_code in (0, 1, 2), shown
    if result.exit_code == 2:
        errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
        assert len(errors) == 1 and len(result.output.strip().splitlines()) == 1, shown


def test_an_empty_or_blank_title_is_refused(tmp_path):
    for title in ("", "   "):
        result = CliRunner().invoke(main, ["generate", "--title", title, "--out", str(tmp_path / "x")])
        assert result.exit_code == 2 and "title" in result.output
        assert not (tmp_path / "x").exists()
