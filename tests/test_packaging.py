"""A built wheel, installed into a fresh virtual environment, works outside the checkout."""

import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.mark.slow
def test_wheel_installs_and_runs_outside_the_checkout(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(dist.glob("quizgen-*.whl"))

    # the runtime dependencies come from this interpreter's site-packages; quizgen itself
    # only from the wheel (a venv's own site-packages shadow the system ones)
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=True).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "--ignore-installed", "--quiet", str(wheel)],
                   check=True, capture_output=True)

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    probe = (
        "import quizgen, quizgen.resources as r; "
        "print(quizgen.__file__); "
        "print(r.builtin_dir('question_bank')); print(r.builtin_dir('templates'))"
    )
    out = subprocess.run([str(py), "-c", probe], cwd=outside, check=True, capture_output=True, text=True).stdout
    lines = out.splitlines()
    assert str(env_dir) in lines[0], "quizgen was imported from the checkout, not the wheel"
    assert all(str(env_dir) in line and "_builtin" in line for line in lines[1:])
    assert any((Path(lines[1])).iterdir()), "the question bank was not packaged"

    demo = subprocess.run([str(env_dir / "bin" / "quizgen"), "demo", "--steps", "5"], cwd=outside,
                          capture_output=True, text=True)
    assert demo.returncode == 0, demo.stderr
    assert "diverging" in demo.stdout
