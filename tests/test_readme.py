"""Every command the README shows runs and succeeds, so the examples stay real."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).parents[1] / "README.md"


def readme_commands() -> list[str]:
    """The ``quizgen …`` commands of the README's shell blocks (comments and install steps dropped)."""
    text = README.read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            for part in line.split("&&"):
                part = part.strip()
                if part.startswith("quizgen"):
                    commands.append(part)
    return commands


def test_the_readme_shows_the_commands_this_test_runs():
    commands = readme_commands()
    assert "quizgen generate" in commands, "the quick start's main job"
    assert {c.split()[1] for c in commands} >= {"generate", "list", "check", "demo"}
    assert any("--code" in c for c in commands)


@pytest.mark.slow
@pytest.mark.parametrize("command", readme_commands())
def test_readme_command_succeeds(command, tmp_path):
    """Each command in a fresh folder, as a user pastes it; a --code example first makes its quiz."""
    args = shlex.split(command)[1:]
    if "--bank" in args:  # the README's example folder, as it is in a checkout
        import shutil

        folder = args[args.index("--bank") + 1]
        shutil.copytree(Path(__file__).parents[1] / folder, tmp_path / folder)
    if "--code" in args:
        # the code printed in the README is version 3 of `--versions 30 --seed 2026`
        made = subprocess.run([sys.executable, "-m", "quizgen", "generate", "--versions", "30", "--seed", "2026",
                               "--format", "json", "-q"], cwd=tmp_path, capture_output=True, text=True)
        assert made.returncode == 0, made.stderr
        code = args[args.index("--code") + 1]
        assert f'"code": "{code}"' in next((tmp_path / "output").rglob("*.json")).read_text()
    result = subprocess.run([sys.executable, "-m", "quizgen", *args], cwd=tmp_path, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    assert result.stderr == "", f"{command} wrote to stderr:\n{result.stderr}"
    if args[0] == "generate":
        assert list((tmp_path / "output").rglob("*.*")), "generate wrote no files"


def test_the_readme_family_is_the_real_flagship_file():
    """The "add a family" example is the built-in file itself (after its docstring), so it stays true."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Add a question family"):]
    shown = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    source = (Path(__file__).parents[1] / "question_bank" / "gd" / "quadratic" / "after_k_steps.py").read_text()
    body = lambda code: code[code.index('"""', 3) + 3:].strip()  # noqa: E731
    assert body(shown) == body(source)
    assert len(source.splitlines()) <= 45
