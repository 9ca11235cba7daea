"""A built wheel, installed into a fresh virtual environment, works outside the checkout."""

import os
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def _outer_site_dirs() -> list[str]:
    """The site directories of the interpreter running the tests (where quizgen's runtime
    dependencies are installed), never the checkout."""
    paths = sysconfig.get_paths()
    dirs = [paths["purelib"], paths["platlib"], *site.getsitepackages()]
    if site.ENABLE_USER_SITE:
        dirs.append(site.getusersitepackages())
    out = []
    for d in dirs:
        if Path(d).is_dir() and not Path(d).resolve().is_relative_to(ROOT.resolve()) and d not in out:
            out.append(d)
    return out


@pytest.mark.slow
def test_wheel_installs_and_runs_outside_the_checkout(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(dist.glob("quizgen-*.whl"))

    # quizgen comes only from the wheel, its runtime dependencies from the interpreter running
    # the tests (a venv, a system Python or CI's fresh venv alike): the inner venv does not see
    # the system site-packages (from a venv those are not where the dependencies are), and a
    # .pth file appends this interpreter's site directories after its own, so the wheel
    # installed there shadows any quizgen installed out here. No network: --no-deps.
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env_dir)
    py = env_dir / "bin" / "python"
    inner_site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                check=True, capture_output=True, text=True).stdout.strip()
    (Path(inner_site) / "outer-site-packages.pth").write_text("".join(f"{d}\n" for d in _outer_site_dirs()))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSAFEPATH")}
    subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "--ignore-installed", "--no-index", "--quiet",
                    str(wheel)], check=True, capture_output=True, env=env)

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    probe = (
        "import quizgen, quizgen.resources as r; "
        "print(quizgen.__file__); "
        "print(r.builtin_dir('question_bank')); print(r.builtin_dir('templates'))"
    )
    out = subprocess.run([str(py), "-c", probe], cwd=outside, check=True, capture_output=True, text=True,
                         env=env).stdout
    lines = out.splitlines()
    assert str(env_dir) in lines[0], "quizgen was imported from the checkout, not the wheel"
    assert all(str(env_dir) in line and "_builtin" in line for line in lines[1:])
    assert any((Path(lines[1])).iterdir()), "the question bank was not packaged"

    demo = subprocess.run([str(env_dir / "bin" / "quizgen"), "demo", "--steps", "5"], cwd=outside,
                          capture_output=True, text=True, env=env)
    assert demo.returncode == 0, demo.stderr
    assert "diverging" in demo.stdout
