"""The goldens hold with the OLDEST numpy and matplotlib quizgen supports (pyproject's minimums).

A fresh virtual environment gets exactly those two versions (wheels from PyPI) plus quizgen
from this checkout with its other dependencies; there every question of the per-family goldens
is generated again and the writers' golden quiz rendered again, and compared here with the
same rules as everywhere (conftest.py): strings — every printed number, answer, prompt and
worked step — exactly, floats to a relative 1e-9, documents exactly except figure bytes.
So: across numpy/matplotlib versions, the same questions, printed numbers and answers.

Needs PyPI; skipped when it is unreachable, except when ``CI`` is set.
"""

import base64
import json
import os
import re
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PINNED = ("numpy", "matplotlib")

# runs inside the old environment: regenerate what the goldens hold, print it as JSON
PROBE = r'''
import base64, json, sys
from pathlib import Path
import matplotlib, numpy, quizgen
from quizgen.assemble import assemble
from quizgen.bank import load_bank
from quizgen.serialize import question_to_dict
from quizgen.writers import RenderOptions, get_writer

golden = Path(sys.argv[1])
bank = load_bank()
families = {}
for path in sorted((golden / "families").glob("*.json")):
    for key, q in json.loads(path.read_text(encoding="utf-8")).items():
        families.setdefault(path.stem, {})[key] = (
            question_to_dict(bank[q["id"]].generate(q["seed"])) if q["id"] in bank else {"missing": q["id"]})
doc = json.loads((golden / "json" / "golden.json").read_text(encoding="utf-8"))
quiz = assemble([bank[i] for i in doc["family_ids"]], seed=doc["seed"], versions=len(doc["versions"]),
                title=doc["title"])
docs = {fmt: {name: base64.b64encode(data).decode() for name, data in
              get_writer(fmt).render(quiz, "golden", RenderOptions()).items()} for fmt in ("html", "md", "json")}
json.dump({"numpy": numpy.__version__, "matplotlib": matplotlib.__version__, "quizgen": quizgen.__file__,
           "families": families, "docs": docs}, sys.stdout)
'''

UNREACHABLE = ("NewConnectionError", "Max retries exceeded", "Temporary failure in name resolution",
               "Network is unreachable", "No matching distribution found")


def oldest_versions() -> dict[str, str]:
    """{"numpy": "1.26", …} from pyproject's ``name>=version`` dependencies."""
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    found = {}
    for dep in deps:
        m = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9.]*)\s*", dep)
        if m and m.group(1).lower() in PINNED:
            found[m.group(1).lower()] = m.group(2)
    assert set(found) == set(PINNED), f"pyproject gives no minimum for {set(PINNED) - set(found)}"
    return found


@pytest.fixture(scope="module")
def oldest(tmp_path_factory, update_golden):
    if update_golden:
        pytest.skip("the goldens are being rewritten with this environment's libraries; run again without "
                    "--update-golden to compare the oldest versions with them")
    versions = oldest_versions()
    env_dir = tmp_path_factory.mktemp("oldest") / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = str(env_dir / "bin" / "python")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    install = subprocess.run(
        [py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--only-binary", ",".join(PINNED),
         *(f"{name}=={v}" for name, v in versions.items()), str(ROOT)],
        capture_output=True, text=True, env=env)
    if install.returncode != 0:
        reason = next((s for s in UNREACHABLE if s in install.stderr), None)
        if reason and not os.environ.get("CI"):
            pytest.skip(f"cannot install {versions} from PyPI ({reason})")
        pytest.fail(f"pip install of the oldest versions failed:\n{install.stderr[-3000:]}")
    probe = subprocess.run([py, "-c", PROBE, str(Path(__file__).parent / "golden")], cwd=env_dir,
                           capture_output=True, text=True, env=env)
    assert probe.returncode == 0, probe.stderr[-3000:]
    out = json.loads(probe.stdout)
    for name, v in versions.items():
        assert out[name].split(".")[:2] == v.split(".")[:2], f"{name} {out[name]} installed, wanted {v}"
    assert str(env_dir) in out["quizgen"], "quizgen was not imported from the old environment"
    sys.stderr.write(f"oldest supported versions under test: numpy {out['numpy']}, matplotlib {out['matplotlib']}\n")
    return out


@pytest.mark.slow
def test_every_family_golden_holds_with_the_oldest_numpy_and_matplotlib(oldest, golden):
    failures = []
    for path in sorted((golden.dir / "families").glob("*.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))
        actual = oldest["families"][path.stem]
        for key, e in expected.items():
            found = golden.mismatches(actual[key], e)
            if found:
                failures.append(f"{e['id']} seed {e['seed']}: " + "; ".join(found[:5]))
    assert not failures, (f"with numpy {oldest['numpy']} and matplotlib {oldest['matplotlib']}, "
                          f"{len(failures)} golden question(s) differ:\n" + "\n".join(failures))


@pytest.mark.slow
def test_writer_goldens_hold_with_the_oldest_numpy_and_matplotlib(oldest, golden):
    for fmt in ("html", "md"):
        for name, data in oldest["docs"][fmt].items():
            data = base64.b64decode(data)
            if name.endswith(".svg"):
                golden.check_svg(data, name)  # compared apart (test_figures.py): must be an SVG
                assert name in (golden.dir / fmt / "figure-files.txt").read_text().splitlines()
            else:
                expected = (golden.dir / fmt / name).read_text(encoding="utf-8")
                assert golden.normalize_document(name, data) == expected, f"{fmt}/{name} differs with old versions"
    (name, data), = oldest["docs"]["json"].items()
    found = golden.mismatches(json.loads(base64.b64decode(data)),
                              json.loads((golden.dir / "json" / "golden.json").read_text(encoding="utf-8")))
    assert not found, "json/golden.json differs with the old versions:\n" + "\n".join(found[:25])
