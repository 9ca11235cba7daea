"""Writing files: all or nothing, atomic, never overwriting without force."""

import os

import pytest

from quizgen.output import OutputExistsError, slugify, write_files


def test_writes_all_files_with_normal_permissions(tmp_path):
    written = write_files(tmp_path / "out", {"a.json": b"{}", "figs/b.png": b"\x89PNG"})
    assert sorted(p.name for p in written) == ["a.json", "b.png"]
    assert (tmp_path / "out" / "figs" / "b.png").read_bytes() == b"\x89PNG"
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "out" / "a.json").stat().st_mode & 0o777 == 0o666 & ~mask
    assert not list((tmp_path / "out").glob(".*tmp")), "no temporary files left behind"


def test_refuses_to_overwrite_anything_without_force(tmp_path):
    (tmp_path / "b.json").write_text("teacher's edits")
    with pytest.raises(OutputExistsError, match="--force"):
        write_files(tmp_path, {"a.json": b"new", "b.json": b"new"})
    assert not (tmp_path / "a.json").exists(), "nothing is written when anything would be overwritten"
    assert (tmp_path / "b.json").read_text() == "teacher's edits"
    write_files(tmp_path, {"a.json": b"new", "b.json": b"new"}, force=True)
    assert (tmp_path / "b.json").read_text() == "new"


def test_refuses_paths_outside_the_folder(tmp_path):
    with pytest.raises(ValueError, match="outside"):
        write_files(tmp_path, {"../evil.txt": b"x"})


def test_slugify():
    assert slugify("Learning-rate quiz #2 (Week 3)") == "learning-rate-quiz-2-week-3"
    assert slugify("!!!") == "quiz"
