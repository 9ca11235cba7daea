"""Shared test settings: hypothesis profiles, the PyTorch reference switch, and the golden files.

Golden files live under ``tests/golden/``; ``pytest --update-golden`` rewrites every one of
them (one per question family in ``families/``, the writers' documents in ``html/``, ``md/``
and ``json/``), after which ``git diff tests/golden`` is the review.

They are compared so that they hold across numpy and LAPACK releases while still
catching every change a reader could see:

- JSON data: keys, list lengths, strings, integers, booleans and nulls exactly; floats to a
  relative ``FLOAT_REL_TOL`` (1e-9), or an absolute ``FLOAT_ABS_TOL`` (1e-12) near zero. Every
  number a student reads — prompts, choices, printed answers, worked steps — is a string, so
  it must match to the last character; only unprinted float data (parameters, trajectories,
  figure data) may differ in its last digits, as it does between BLAS/LAPACK builds.
- Documents (HTML, Markdown): every character, except the bytes of the figures. Each embedded
  SVG is checked to be an SVG and replaced by a placeholder; the figure *data* is compared in
  the family goldens, the drawing of fixed data in ``golden/figures/`` (``test_figures.py``),
  and byte-for-byte determinism of whole documents in ``test_writers.py``.
"""

import base64
import binascii
import json
import math
import os
import re
import signal
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# "dev" is quick for local runs; "ci" is thorough and derandomized so CI is reproducible.
settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci", max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the expected files under tests/golden/ instead of comparing with them")


def pytest_report_header(config):
    """The library versions this run used: goldens and figures are judged against them."""
    import platform
    from importlib import metadata

    def version(name):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    libs = ", ".join(f"{name} {version(name)}" for name in ("numpy", "matplotlib", "jinja2", "torch"))
    return f"quizgen test environment: Python {platform.python_version()}, {libs}"


@pytest.fixture(autouse=True)
def _signal_handlers_restored():
    """The CLI ignores SIGINT and SIGTERM once a command ends (so a late signal cannot change
    its exit code); run in-process by CliRunner, that must not outlast the test."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    return bool(request.config.getoption("--update-golden"))


GOLDEN_DIR = Path(__file__).parent / "golden"
FLOAT_REL_TOL = 1e-9
FLOAT_ABS_TOL = 1e-12


def json_mismatches(actual, expected, path: str = "$") -> list[str]:
    """Every difference between two JSON values, as ``path: actual != expected`` lines.

    Floats may differ by a relative FLOAT_REL_TOL (absolute FLOAT_ABS_TOL near zero); an int
    is never equal to a float, nor a bool to an int; everything else must be equal.
    """
    kind_a, kind_e = _json_kind(actual), _json_kind(expected)
    if kind_a != kind_e:
        return [f"{path}: {actual!r} ({kind_a}) != {expected!r} ({kind_e})"]
    if kind_a == "object":
        out = [f"{path}: unexpected key {k!r}" for k in actual if k not in expected]
        out += [f"{path}: missing key {k!r}" for k in expected if k not in actual]
        for k in expected:
            if k in actual:
                out += json_mismatches(actual[k], expected[k], f"{path}.{k}")
        return out
    if kind_a == "array":
        if len(actual) != len(expected):
            return [f"{path}: {len(actual)} items != {len(expected)} items"]
        return [m for i, (a, e) in enumerate(zip(actual, expected)) for m in json_mismatches(a, e, f"{path}[{i}]")]
    if kind_a == "float":
        if math.isclose(actual, expected, rel_tol=FLOAT_REL_TOL, abs_tol=FLOAT_ABS_TOL):
            return []
    elif actual == expected:
        return []
    return [f"{path}: {actual!r} != {expected!r}"]


def _json_kind(value) -> str:
    for kind, types in (("bool", bool), ("int", int), ("float", float), ("string", str),
                        ("array", list), ("object", dict)):
        if isinstance(value, types):
            return kind
    if value is None:
        return "null"
    raise TypeError(f"not a JSON value: {value!r}")


def dump_golden_json(data) -> str:
    """JSON indented by 2, except that a list of plain values (a row of numbers) is one line."""
    return _dump(data, "") + "\n"


def _dump(value, indent: str) -> str:
    inner = indent + "  "
    if isinstance(value, dict) and value:
        items = (f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {_dump(v, inner)}" for k, v in value.items())
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        return "[\n" + ",\n".join(inner + _dump(v, inner) for v in value) + f"\n{indent}]"
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def check_svg(svg: bytes, where: str) -> None:
    """The bytes are an SVG document (what a figure placeholder stands for)."""
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as exc:
        raise AssertionError(f"{where}: a figure is not well-formed XML ({exc})") from None
    assert root.tag in ("svg", "{http://www.w3.org/2000/svg}svg"), f"{where}: a figure is not an SVG ({root.tag})"


_SVG_URI = re.compile(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)")


def normalize_document(name: str, data: bytes) -> str:
    """A writer's document with every embedded SVG figure checked and replaced by a placeholder.

    Figures are compared apart: their data in the family goldens, the drawing in
    ``golden/figures/``, byte determinism in test_writers.py.
    """
    def placeholder(match):
        try:
            svg = base64.b64decode(match.group(1), validate=True)
        except binascii.Error:
            raise AssertionError(f"{name}: an embedded figure is not valid base64") from None
        check_svg(svg, name)
        return "data:image/svg+xml;base64,…"

    return _SVG_URI.sub(placeholder, data.decode("utf-8"))


class Golden:
    """Compare with (or, under ``--update-golden``, rewrite) the files in tests/golden/."""

    dir = GOLDEN_DIR
    mismatches = staticmethod(json_mismatches)

    def __init__(self, update: bool) -> None:
        self.update = update

    check_svg = staticmethod(check_svg)
    normalize_document = staticmethod(normalize_document)

    @staticmethod
    def quiz_ids(bank) -> list[str]:
        """The families of the writers' golden quiz (tests/golden/html, md and json): the flagship
        numeric family plus the first plotted multiple-choice, multi-select and true/false ones."""
        ids = ["gd.quadratic.after_k_steps"]
        for kind in ("multiple_choice", "multi_select", "true_false"):
            match = [f.id for f in bank if f.kind.value == kind and f.plot == (kind == "multiple_choice")]
            if match:
                ids.append(match[0])
        return ids

    def check_json(self, path: Path, data) -> None:
        """``data`` (JSON-ready) against the JSON golden at ``path``, floats to the stated tolerance."""
        actual = json.loads(dump_golden_json(data))  # exactly what the file would hold
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dump_golden_json(data), encoding="utf-8")
        rel = _shown(path)
        assert path.exists(), f"no golden file {rel}; run pytest --update-golden to create it"
        found = json_mismatches(actual, json.loads(path.read_text(encoding="utf-8")))
        shown = "\n  ".join(found[:25]) + (f"\n  … and {len(found) - 25} more" if len(found) > 25 else "")
        assert not found, (f"{rel} differs in {len(found)} place(s) (actual != golden):\n  {shown}\n"
                           "if the change is intended, run pytest --update-golden and review the diff")

    def check_text(self, path: Path, text: str) -> None:
        """``text`` against the golden at ``path``, exactly."""
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        rel = _shown(path)
        assert path.exists(), f"no golden file {rel}; run pytest --update-golden to create it"
        assert text == path.read_text(encoding="utf-8"), f"{rel} changed; if intended, run pytest --update-golden"

    def check_names(self, folder: Path, names, pattern: str = "*") -> None:
        """The golden files in ``folder`` matching ``pattern`` are exactly ``names``; an update
        deletes the stale ones (e.g. of a removed family)."""
        names = set(names)
        if self.update and folder.exists():
            for old in folder.glob(pattern):
                if old.is_file() and old.name not in names:
                    old.unlink()
        present = {p.name for p in folder.glob(pattern) if p.is_file()} if folder.exists() else set()
        rel = _shown(folder)
        assert present == names, (f"{rel}: missing {sorted(names - present)}, stale {sorted(present - names)}; "
                                  "run pytest --update-golden if intended")


def _shown(path: Path) -> Path:
    root = GOLDEN_DIR.parents[1]
    return path.relative_to(root) if path.is_relative_to(root) else path


@pytest.fixture(scope="session")
def golden(update_golden) -> Golden:
    return Golden(update_golden)


@pytest.fixture(scope="session")
def bank():
    """The built-in question bank, loaded once."""
    from quizgen.bank import load_bank

    return load_bank()


@pytest.fixture(scope="session")
def torch():
    """PyTorch, the reference implementation; skipped locally when missing, required in CI."""
    if os.environ.get("QUIZGEN_REQUIRE_TORCH"):
        import torch as t  # a missing reference must fail CI, not skip silently
    else:
        t = pytest.importorskip("torch")
    t.set_default_dtype(t.float64)
    return t


@pytest.fixture(scope="session")
def chromium_path():
    """Debian's Chromium for browser tests; skipped locally when missing, required in CI."""
    import shutil

    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("QUIZGEN_REQUIRE_BROWSER"):
            pytest.fail("chromium is required (QUIZGEN_REQUIRE_BROWSER is set) but not installed")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def node_modules() -> Path:
    """The npm test tools (axe-core, gift-pegjs) that .ci/run installs, found through
    QUIZGEN_NODE_MODULES; skipped locally when missing, required in CI."""
    import shutil

    folder = os.environ.get("QUIZGEN_NODE_MODULES", "")
    if folder and (Path(folder) / "axe-core").is_dir() and shutil.which("node"):
        return Path(folder)
    if os.environ.get("QUIZGEN_REQUIRE_NODE"):
        pytest.fail(f"npm test tools are required but not found in QUIZGEN_NODE_MODULES={folder!r}")
    pytest.skip("npm test tools missing (npm install --prefix DIR axe-core@4 gift-pegjs@1; "
                "QUIZGEN_NODE_MODULES=DIR/node_modules)")


@pytest.fixture(scope="session")
def axe(node_modules):
    """``axe(page) -> violations``: axe-core's accessibility rules run inside a Playwright page
    (WCAG 2.1 A and AA), as a list of ``(rule id, help, [target selectors])``."""
    script = (node_modules / "axe-core" / "axe.min.js").read_text(encoding="utf-8")

    def run(page) -> list:
        page.add_script_tag(content=script)
        found = page.evaluate("""async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return r.violations.map(v => [v.id, v.help, v.nodes.map(n => n.target.join(' '))]);
        }""")
        return found

    return run


# flags for a closed network: no background traffic, no component updates (see README, Development)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser(chromium_path):
    """Debian's Chromium driven by Playwright, started once for every browser test."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield b
        b.close()
