"""Bad teachers' banks, one row each: every one is one clean `Error:` line naming the file and the
line (and for TOML the key), exit status 2, no traceback, nothing written."""

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.cli import main

EXAMPLE = (Path(__file__).parents[1] / "question_bank" / "examples" / "gd_one_step.toml").read_text()
PY = (Path(__file__).parents[1] / "question_bank" / "examples" / "momentum_two_steps.py").read_text()


def toml(old, new, count=1):
    assert old in EXAMPLE, old
    return EXAMPLE.replace(old, new, count)


def py(old, new):
    assert old in PY, old
    return PY.replace(old, new, 1)


def line_of(text, needle):
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


T, P = "gd_one_step.toml", "momentum_two_steps.py"
MC = '''id = "mine.pick"
topic = "concepts"
difficulty = 1
kind = "multiple_choice"
objective = "Pick."
question = "Which one?"
solution = ["Because."]
[[choices]]
text = "One"
correct = true
feedback = "Right."
[[choices]]
text = "Two"
feedback = "No."
'''

# (name, file, its text, the line the error must name, what the message must say)
CASES = [
    ("toml syntax error", T, toml('topic = "gd-basics"', 'topic = "gd-basics'), 'topic = "gd-basics', "not valid TOML"),
    ("toml duplicate key", T, toml("difficulty = 1", "difficulty = 1\ndifficulty = 2"), "difficulty = 2",
     "not valid TOML"),
    ("toml not utf-8", T, None, None, "not UTF-8"),
    ("missing id", T, toml('id = "examples.gd_one_step"', ""), None, 'key "id": is missing'),
    ("id not dotted", T, toml('id = "examples.gd_one_step"', 'id = "Gd One"'), "id =", "dotted lowercase"),
    ("id not matching path", T, toml("examples.gd_one_step", "examples.other_name"), "id =",
     "must end with the file's name"),
    ("id of a built-in", "one_step.toml", toml("examples.gd_one_step", "gd.quadratic.one_step"), "id =",
     "duplicate question id 'gd.quadratic.one_step'"),
    ("difficulty out of range", T, toml("difficulty = 1", "difficulty = 7"), "difficulty", 'key "difficulty"'),
    ("difficulty wrong type", T, toml("difficulty = 1", 'difficulty = "easy"'), "difficulty", "whole number"),
    ("unknown kind", T, toml('kind = "numeric"', 'kind = "essay"'), "kind =", "must be one of"),
    ("empty prompt", T, re.sub(r'question = """.*?"""', 'question = "  "', EXAMPLE, flags=re.S), "question =",
     'key "question": is empty'),
    ("template with undefined name", T, toml("What is $w_1$?", "What is $w_1$ after <<nope>>?"), 'question = """',
     "uses nope"),
    ("template syntax error", T, toml("What is $w_1$?", "What is <% if %>?"), 'question = """', "template error"),
    ("unknown filter", T, toml("<<lr>>$,", "<<lr|shout>>$,"), 'question = """', "No filter named 'shout'"),
    ("steps not whole", T, toml("steps = 1", "steps = 1.5"), "steps = 1.5", 'key "run.steps": must be a whole number'),
    ("steps huge", T, toml("steps = 1", "steps = 99999999999"), "steps = 9", "from 1 to 10000"),
    ("parameter list empty", T, toml("a = [1, 2, 3, 4, 5]", "a = []"), "a = []", "empty"),
    ("parameter not short", T, toml("a = [1, 2, 3, 4, 5]", "a = [0.1234567890123]"), "a = [0.1", "short decimal"),
    ("parameter non-finite", T, toml("a = [1, 2, 3, 4, 5]", "a = [nan]"), "a = [nan]", "finite"),
    ("range without step", T, toml(", step = 1}", "}"), "m = {", 'key "parameters.m.step"'),
    ("range too large", T, toml("m = {min = -2, max = 2, step = 1}", "m = {min = 0, max = 1e9, step = 1}"),
     "m = {", "more than 10000"),
    ("reserved parameter name", T, toml("lr = [0.05", "k = [1]\nlr = [0.05"), "k = [1]", "reserved"),
    ("unknown key", T, toml("plot = true", "plot = true\nspeed = 3"), "speed", "unknown key"),
    ("unknown optimizer", T, toml('optimizer = "sgd"', 'optimizer = "lbfgs"'), "optimizer =", "must be one of"),
    ("run without lr", T, toml('lr = "lr"\n', ""), "[run]", 'key "run.lr": is missing'),
    ("expression with unknown name", T, toml('g = "a * (w0 - m)"', 'g = "a * (w0 - mu)"'), "g =", "uses mu"),
    ("expression not arithmetic", T, toml('g = "a * (w0 - m)"', 'g = "__import__(\'os\')"'), "g =", "functions"),
    ("require not a comparison", T, toml('"lr * a < 1"', '"lr * a"'), "require", "one comparison"),
    ("answer not a run quantity", T, toml('value = "x[k]"', 'value = "y[k]"'), 'value = "y', 'key "answer.value"'),
    ("answer index past the run", T, toml('value = "x[k]"', 'value = "x[k+3]"'), 'value = "x[k+3]"', "outside the run"),
    ("rate the core refuses", T, toml('lr = "lr"', 'lr = "lr - 1"'), 'lr = "lr - 1"', 'key "run.lr"'),
    ("non-finite answer every draw", T, toml("steps = 1", "steps = 5000").replace('"lr * a < 1"', '"lr * a > 0"')
     .replace("lr = [0.05, 0.1, 0.2, 0.25]", "lr = [3, 4]"), None, "no usable draw"),
    ("wrong answer with value and run", T, toml('value = "w0 + lr * a * (w0 - m)"',
                                                'value = "w0"\nrun = {a = "a"}'), "[[wrong]]", "exactly one of"),
    ("choices without a key", "pick.toml", MC.replace("correct = true\n", ""), "[[choices]]", "exactly one choice"),
    ("two keys in single choice", "pick.toml", MC.replace('feedback = "No."', 'feedback = "No."\ncorrect = true'),
     None, "exactly one choice with correct = true, has 2"),
    ("one choice only", "pick.toml", MC[: MC.rindex("[[choices]]")], "[[choices]]", "2 to 8 choices"),
    ("choice without feedback", "pick.toml", MC.replace('feedback = "No."\n', ""), None, 'key "choices[1].feedback"'),
    ("choice wrong type", "pick.toml", MC.replace("correct = true", 'correct = "yes"'), "correct =", "true or false"),
    ("true/false without answer", "pick.toml", MC.replace('"multiple_choice"', '"true_false"'), None,
     "a true/false question has no [[choices]]"),
    ("python syntax error", P, py("def data(rng):", "def data(rng:"), "def data(rng:", "was never closed"),
    ("python import error", P, py("from quizgen import core", "from quizgen import kore"), "from quizgen import kore",
     "ImportError"),
    ("python missing data", P, py("def data(rng):", "def not_data(rng):"), "META =", "also needs data"),
    ("python id of a built-in", P, py('"examples.momentum_two_steps"', '"momentum.two_steps"'), "META =",
     "duplicate question id 'momentum.two_steps'"),
    ("python bad difficulty", P, py("difficulty=2", "difficulty=9"), "META =", "difficulty must be 1, 2 or 3"),
]


def _name(case):
    return case.values[0] if hasattr(case, "values") else case[0]


@pytest.mark.parametrize("name, filename, text, needle, message", CASES, ids=[_name(c) for c in CASES])
def test_a_bad_teacher_file_is_one_clean_error(name, filename, text, needle, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "mybank"
    folder.mkdir()
    path = folder / filename
    if text is None:
        path.write_bytes(EXAMPLE.encode() + b"\nobjective2 = \"\xff\"\n")
    else:
        path.write_text(text, encoding="utf-8")
    command = ["validate", "--seeds", "2", str(folder)] if message == "no usable draw" else ["list", "--bank",
                                                                                            str(folder)]
    result = CliRunner().invoke(main, command)
    shown = f"{name}\n{result.output}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(shown) from result.exception
    assert result.exit_code == 2, shown
    assert "Traceback" not in result.output, shown
    lines = result.output.strip().splitlines()
    assert message in result.output, shown
    if message == "no usable draw":  # a stress-test problem: one line per problem, each naming the file
        assert all(line.startswith(str(path)) for line in lines[:-1]) and lines[-1].startswith("Error: "), shown
        return
    assert len(lines) == 1 and lines[0].startswith("Error: "), shown
    m = re.match(rf"Error: {re.escape(str(path))}:(\d+): ", lines[0])
    assert m, shown
    if needle is not None:
        assert int(m.group(1)) == line_of(path.read_text(encoding="utf-8", errors="replace"), needle), shown
    if filename.endswith(".toml") and "duplicate" not in message and "TOML" not in message and "UTF-8" not in message:
        assert ' key "' in lines[0], shown
    assert not (tmp_path / "output").exists()


def test_the_matrix_has_at_least_thirty_cases():
    assert len(CASES) >= 30
