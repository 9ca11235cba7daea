"""Interrupts at any moment: the output folder holds the old state or the complete new set,
no temporary files are left, and the process and its workers stop within 2 seconds."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quizgen import output
from quizgen.output import write_files

ARGS = ["generate", "--id", "gd.quadratic.after_k_steps", "--id", "gd.ndim.contour_paths", "--versions", "150",
        "--format", "html,md", "--jobs", "2"]


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _leftovers(parent: Path) -> list[Path]:
    return [p for p in parent.rglob("*") if "quizgen-tmp" in p.name or p.name.endswith(".tmp")]


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(scope="module")
def complete(tmp_path_factory):
    """The complete set, and how long a whole run takes."""
    out = tmp_path_factory.mktemp("full") / "quiz"
    t0 = time.monotonic()
    subprocess.run([sys.executable, "-m", "quizgen", *ARGS, "--out", str(out), "-q"], check=True)
    return _tree(out), time.monotonic() - t0


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("fraction", [0.15, 0.5, 0.8, 0.95])
def test_interrupt_leaves_old_state_or_complete_set(tmp_path, complete, sig, fraction):
    files, seconds = complete
    out = tmp_path / "quiz"
    out.mkdir()
    (out / "teachers-notes.txt").write_text("mine")  # an older state that must survive
    proc = subprocess.Popen([sys.executable, "-m", "quizgen", *ARGS, "--out", str(out), "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    time.sleep(fraction * seconds)
    # Ctrl-C reaches the whole process group; SIGTERM (a scheduler, `kill`) only the main process
    if sig == signal.SIGINT:
        os.killpg(proc.pid, sig)
    else:
        proc.send_signal(sig)
    sent = time.monotonic()
    try:
        _, stderr = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    stopped = time.monotonic() - sent
    deadline = time.monotonic() + 2
    while _group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _group_alive(proc.pid), "a worker process outlived the interrupt"
    assert stopped < 2, f"took {stopped:.1f} s to stop"
    assert "Traceback" not in stderr, stderr
    after = _tree(out)
    assert after.pop("teachers-notes.txt") == b"mine"
    if proc.returncode == 0:  # finished before the signal arrived
        assert after == files
    else:
        assert proc.returncode == 130, stderr
        assert after in ({}, files), f"a partial set of {len(after)} of {len(files)} files was left"
    assert not _leftovers(tmp_path), _leftovers(tmp_path)


def test_a_signal_during_the_commit_waits_until_the_set_is_in_place(tmp_path, monkeypatch):
    files = {f"f{i:03d}.txt": b"x" * i for i in range(200)} | {"figs/a.svg": b"<svg/>"}
    out = tmp_path / "out"
    out.mkdir()
    real_replace = os.replace
    calls = []

    def replace(src, dst):
        if not calls:
            os.kill(os.getpid(), signal.SIGINT)  # held back until every file is in place
        calls.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        write_files(out, files)
    assert _tree(out) == files
    assert not _leftovers(tmp_path)


def test_a_failure_while_staging_leaves_nothing(tmp_path, monkeypatch):
    out = tmp_path / "new" / "deeper" / "out"
    real_chmod = os.chmod
    done = []

    def chmod(path, mode):
        if len(done) == 3:
            raise KeyboardInterrupt
        done.append(path)
        real_chmod(path, mode)

    monkeypatch.setattr(output.os, "chmod", chmod)
    with pytest.raises(KeyboardInterrupt):
        write_files(out, {f"{i}.txt": b"x" for i in range(10)})
    assert not (tmp_path / "new").exists(), "folders made for the output are removed again"
