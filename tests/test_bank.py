"""The registry and the built-in bank: discovery, ids, coverage, and the stress test per family."""

import textwrap
from pathlib import Path

import pytest

from quizgen.bank import Bank, Redraw, load_bank, question
from quizgen.check import check_family
from quizgen.question import Kind
from quizgen.resources import builtin_dir

PLUGIN = '''
from quizgen.authoring import Draft, answer, calc, question, Redraw

@question("{id}", topic="custom", difficulty=1, kind="numeric")
def fam(rng):
    a = int(rng.integers(1, 9))
    if a == 4:
        raise Redraw("skip 4")
    step, shown = calc("$<<a>> + 1 = <<result>>$", f"{{a}} + 1", a=a)
    return Draft(prompt=f"What is ${{a}} + 1$?", solution=(step,), answer=answer(a + 1.0))
'''


def _plugin(folder: Path, name: str, family_id: str) -> Path:
    path = folder / f"{name}.py"
    path.write_text(textwrap.dedent(PLUGIN.format(id=family_id)))
    return path


def test_builtin_bank_has_enough_families_and_plots(bank):
    assert len(bank) >= 30, f"only {len(bank)} families"
    assert sum(f.plot for f in bank) >= 12
    assert "gd.quadratic.after_k_steps" in bank
    assert {f.kind for f in bank} >= {Kind.NUMERIC, Kind.MULTIPLE_CHOICE}


def test_builtin_modules_are_named_after_their_family(bank):
    for f in bank:
        assert Path(f.source).stem == f.id.replace(".", "_"), f"{f.id} lives in {f.source}"
        assert Path(f.source).parent == builtin_dir("question_bank")
        assert f.learning_objective, f"{f.id} has no learning objective"


def test_plugin_folder_uses_the_same_mechanism(tmp_path):
    _plugin(tmp_path, "mine", "custom.add_one")
    bank = load_bank([tmp_path])
    fam = bank["custom.add_one"]
    q = fam.generate(11)
    assert q.name == "custom.add_one@11" and q.answer.value == float(q.prompt.split("$")[1].split(" ")[0]) + 1
    assert check_family(fam, range(40)).ok
    only = load_bank([tmp_path], builtin=False)
    assert [f.id for f in only] == ["custom.add_one"]


def test_duplicate_ids_are_rejected(tmp_path):
    _plugin(tmp_path, "one", "custom.same")
    _plugin(tmp_path, "two", "custom.same")
    with pytest.raises(ValueError, match="duplicate question id 'custom.same'"):
        load_bank([tmp_path], builtin=False)
    _plugin(tmp_path / "..", "clash", "gd.quadratic.after_k_steps")
    with pytest.raises(ValueError, match="duplicate"):
        load_bank([tmp_path.parent / "clash.py"])


def test_bad_declarations_fail_clearly():
    with pytest.raises(ValueError, match="dotted"):
        question("NoDots", topic="t", difficulty=1, kind="numeric")
    with pytest.raises(ValueError, match="difficulty"):
        question("a.b", topic="t", difficulty=4, kind="numeric")
    with pytest.raises(ValueError):
        question("a.b", topic="t", difficulty=1, kind="essay")
    with pytest.raises(KeyError, match="quizgen list"):
        Bank()["x.y"]


def test_a_family_that_never_draws_well_is_reported(tmp_path):
    (tmp_path / "bad.py").write_text(textwrap.dedent('''
        from quizgen.authoring import question, Redraw
        @question("custom.never", topic="t", difficulty=1, kind="numeric")
        def never(rng):
            raise Redraw("never")
    '''))
    fam = load_bank([tmp_path], builtin=False)["custom.never"]
    with pytest.raises(RuntimeError, match="no usable draw"):
        fam.generate(0)
    assert Redraw.__doc__


@pytest.mark.slow
def test_every_builtin_family_passes_the_stress_test(bank):
    failures = {}
    for family in bank:
        report = check_family(family, range(1000, 1040))
        if not report.ok:
            failures[family.id] = report.failures[:3]
    assert not failures, failures
