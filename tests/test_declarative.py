"""Questions written as TOML (quizgen.declarative): they load as ordinary families, run the real
core, are checked like Python families, and any document — however broken — gives a family or one
clean error line naming the file and the key."""

import json
import math
import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizgen.bank import BankError, load_bank
from quizgen.check import check_family, stress_seeds
from quizgen.cli import main

EXAMPLE = Path(__file__).parents[1] / "question_bank" / "examples" / "gd_one_step.toml"

MOMENTUM = r'''
id = "mine.momentum_k"
topic = "momentum"
difficulty = 2
kind = "numeric"
objective = "Run heavy-ball momentum for a few steps."
require = ["lr * a < 1"]
question = """Heavy-ball momentum ($\\beta = 0.9$) with $\\eta = <<lr>>$ on $f(w) = <<a|half_quadratic>>$ from
$w_0 = <<w0>>$: what is $w_{<<k>>}$? Give it to 4 significant figures."""
solution = ["Running the update <<k>> times gives $w_{<<k>>} = <<answer>>$."]

[parameters]
a = [1, 2, 4]
lr = [0.05, 0.1, 0.2]
w0 = [-3, 2, 5]
n = [2, 3, 4]

[run]
a = "a"
optimizer = "momentum"
momentum = 0.9
lr = "lr"
start = "w0"
steps = "n"

[answer]
value = "x[k]"

[[wrong]]
value = "x[k-1]"
misconception = "off-by-one-step"
feedback = "That is $w_{k-1}$, one step too few: it gives $<<v>>$."

[[wrong]]
run = {momentum = 0}
misconception = "forgot-momentum"
feedback = "That is plain gradient descent, without the momentum term."
'''

# three variants of one question: (stem, key, [(distractor, its feedback, misconception)])
VARIANTS = [
    ("What does the learning rate $\\\\eta$ control in gradient descent?",
     ("How far each step goes downhill", "Right: each step is the gradient times the rate."),
     [("The number of passes over the training data set", "That is the number of epochs.", "epochs"),
      ("The share of the examples used in each update", "That is the batch size.", "batch-size")]),
    ("Which statement about the learning rate $\\\\eta$ is right?",
     ("It multiplies the gradient in every update", "Right: the step is the rate times the gradient."),
     [("It is learned by backpropagation with the weights", "You set it; backpropagation only computes "
       "gradients.", "learned-by-backprop"),
      ("It is the distance moved at each step, whatever the slope", "The distance is the rate times the "
       "gradient's size.", "M3")]),
    ("In $\\\\theta \\\\leftarrow \\\\theta - \\\\eta \\\\nabla L$, what is $\\\\eta$?",
     ("A hyperparameter that scales the gradient", "Right: it is set by you and scales each step."),
     [("The amount the loss goes down in each update step", "The decrease depends on the gradient and the "
       "curvature too.", "rate-of-loss-decrease"),
      ("The fraction of weights changed per step", "Every weight changes in every step of gradient descent.",
       "fraction-of-weights")]),
]


def _variant(stem, key, wrong):
    rows = [f'[[variants]]\nquestion = "{stem}"',
            f'[[variants.choices]]\ntext = "{key[0]}"\ncorrect = true\nfeedback = "{key[1]}"']
    rows += [f'[[variants.choices]]\ntext = "{t}"\nfeedback = "{f}"\nmisconception = "{m}"' for t, f, m in wrong]
    return "\n".join(rows)


CHOICE = '''
id = "mine.lr_meaning"
topic = "concepts"
difficulty = 1
kind = "multiple_choice"
objective = "Say what the learning rate does."
solution = ["The update is $\\\\theta \\\\leftarrow \\\\theta - \\\\eta \\\\nabla L$: $\\\\eta$ scales the gradient."]

''' + "\n\n".join(_variant(*v) for v in VARIANTS) + "\n"

TRUE_FALSE = '''
id = "mine.overshoot"
topic = "concepts"
difficulty = 1
kind = "true_false"
objective = "Tell overshooting from diverging."
question = "True or false? With $\\\\eta$ between $1/a$ and $2/a$, gradient descent on $f(w) = <<a|half_quadratic>>$ converges although it jumps over the minimum."
solution = ["The factor $1 - \\\\eta a$ lies between $-1$ and $0$: the sign flips and the error shrinks."]
answer = true
feedback_true = "Right: the error shrinks by $|1 - \\\\eta a| < 1$ per step."
feedback_false = "It does converge: overshooting is not diverging."
misconception = "M5"

[parameters]
a = [1, 2, 4, 5, 8, 10]
'''


def _write(tmp_path, text, name=None):
    doc = tomllib.loads(text)
    path = tmp_path / "bank" / f"{name or doc['id'].rsplit('.', 1)[1]}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _family(tmp_path, text):
    path = _write(tmp_path, text)
    bank = load_bank([path.parent], builtin=False)
    return next(iter(bank))


def test_the_example_file_is_an_ordinary_family_whose_answer_is_one_gd_step(bank):
    family = next(iter(load_bank([EXAMPLE], builtin=False)))
    assert (family.id, family.kind.value, family.plot) == ("examples.gd_one_step", "numeric", True)
    for seed in range(40):
        q = family.generate(seed)
        run = q.params["runs"][0]
        a, m, w0, lr = run["objective"]["a"], run["objective"]["w_star"], run["x0"], run["optimizer"]["lr"]
        # one gradient step by hand, from the recorded run's own numbers
        assert q.answer.value == pytest.approx(w0 - lr * a * (w0 - m), abs=1e-12)
        assert f"\\eta = {lr:g}" in q.prompt
        assert q.solution[-1].result == q.answer.display
        assert all(not q.answer.accepts(w.value) for w in q.answer.wrong)
        assert {w.misconception for w in q.answer.wrong} <= {"M2", "forgot-power-rule", "minimum-at-zero"}
    assert check_family(family, stress_seeds(60)).failures == []


def test_the_example_validates_and_generates_with_the_built_in_bank(tmp_path):
    folder = str(EXAMPLE.parent)
    ok = CliRunner().invoke(main, ["validate", "--seeds", "20", folder])
    assert ok.exit_code == 0, ok.output
    made = CliRunner().invoke(main, ["generate", "--bank", folder, "--id", "examples.gd_one_step", "--id",
                                     "gd.quadratic.one_step", "-f", "json,md", "-V", "2", "--out",
                                     str(tmp_path / "out"), "-q"])
    assert made.exit_code == 0, made.output
    doc = json.loads(next((tmp_path / "out").glob("*.json")).read_text())
    assert doc["family_ids"] == ["examples.gd_one_step", "gd.quadratic.one_step"]


def test_momentum_steps_drawn_from_a_parameter_match_the_heavy_ball_closed_form(tmp_path):
    family = _family(tmp_path, MOMENTUM)
    seen = set()
    for seed in range(30):
        q = family.generate(seed)
        run = q.params["runs"][0]
        a, w0, lr, k = run["objective"]["a"], run["x0"], run["optimizer"]["lr"], run["steps"]
        seen.add(k)
        w_prev, w = w0, w0 - lr * a * w0  # PyTorch's heavy ball, written out independently
        for _ in range(k - 1):
            w_prev, w = w, w - lr * a * w + 0.9 * (w - w_prev)
        assert q.answer.value == pytest.approx(w, rel=1e-12)
        assert len(q.params["runs"]) == 1  # the wrong answers' runs are not the question's
    assert seen == {2, 3, 4}


def test_a_closed_form_that_disagrees_with_the_run_is_reported(tmp_path):
    text = EXAMPLE.read_text().replace('closed_form = "m + (1 - lr*a)**k * (w0 - m)"',
                                       'closed_form = "m + (1 - lr*a/2)**k * (w0 - m)"')
    family = _family(tmp_path, text)
    failures = check_family(family, range(5)).failures
    assert failures and all("disagrees with the closed form" in f or "no usable draw" in f for f in failures)


def test_automatic_theory_check_covers_a_two_dimensional_quadratic(tmp_path):
    text = MOMENTUM.replace('a = "a"\noptimizer = "momentum"\nmomentum = 0.9', 'a = ["a", 10]\noptimizer = "sgd"') \
        .replace('start = "w0"', 'start = ["w0", 1]').replace('value = "x[k]"', 'value = "loss[k]"') \
        .replace('value = "x[k-1]"', 'value = "loss[k-1]"').replace("run = {momentum = 0}", 'run = {lr = "lr/2"}') \
        .replace('require = ["lr * a < 1"]', 'require = ["lr * 10 < 2"]')
    family = _family(tmp_path, text)
    for seed in range(10):
        q = family.generate(seed)
        run = q.params["runs"][0]
        a, lr, k = run["objective"]["eigenvalues"][0], run["optimizer"]["lr"], run["steps"]
        x = run["x0"]
        loss = 0.5 * a * ((1 - lr * a) ** k * x[0]) ** 2 + 0.5 * 10 * ((1 - lr * 10) ** k * x[1]) ** 2
        assert q.answer.value == pytest.approx(loss, rel=1e-9)


def test_choice_variants_and_true_false_pass_the_stress_test(tmp_path):
    for text in (CHOICE, TRUE_FALSE):
        family = _family(tmp_path / text[5:20].strip(), text)
        report = check_family(family, stress_seeds(40))
        assert report.failures == [], report.failures
    mc = _family(tmp_path / "mc", CHOICE)
    texts = {c.text for seed in range(30) for c in mc.generate(seed).choices}
    assert len(texts) == 9
    tf = _family(tmp_path / "tf", TRUE_FALSE).generate(3)
    assert [c.text for c in tf.choices] == ["True", "False"] and tf.choices[0].correct
    assert tf.choices[1].misconception == "M5"


def test_a_problem_only_a_draw_shows_is_reported_at_load_with_its_key(tmp_path):
    text = MOMENTUM.replace("momentum = 0.9\n", "momentum = 1.5\n")
    path = _write(tmp_path, text)
    with pytest.raises(BankError) as err:
        load_bank([path.parent], builtin=False)
    line = text.splitlines().index("momentum = 1.5") + 1
    assert re.fullmatch(rf"{re.escape(str(path))}:{line}: key \"run.momentum\": .*momentum.*", str(err.value)), err.value


# --- fuzz: any document gives a family or one clean error --------------------------------------

_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(allow_nan=True),
                     st.text(max_size=12), st.just("x[k]"), st.just("a/0"), st.just("<<nope>>"),
                     st.just("lr * a < 2"), st.just("ü∆中η"), st.just(10**400))
_KEYS = ["id", "topic", "difficulty", "kind", "objective", "question", "solution", "steps", "lr", "a", "start",
         "value", "rounding", "tolerance", "choices", "answer", "run", "parameters", "calc", "wrong", "require",
         "momentum", "optimizer", "minimum", "plot", "text", "correct", "feedback", "misconception", "variants"]


def _toml_value(v):
    if v is None:
        return '""'
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf") if math.isinf(v) else repr(v)
    if isinstance(v, int):
        return str(v)
    return json.dumps(v, ensure_ascii=False)


@st.composite
def _mutated(draw):
    """The example or a sibling with lines dropped, duplicated, or given a wrong value, and random keys."""
    base = draw(st.sampled_from([EXAMPLE.read_text(), MOMENTUM, CHOICE, TRUE_FALSE]))
    lines = base.splitlines()
    for _ in range(draw(st.integers(0, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "value", "dup", "key", "garble"]))
        if action == "drop":
            del lines[i]
        elif action == "dup":
            lines.insert(i, lines[i])
        elif action == "value" and "=" in lines[i] and not lines[i].lstrip().startswith("#"):
            lines[i] = lines[i].split("=", 1)[0] + "= " + _toml_value(draw(_SCALARS))
        elif action == "key":
            lines.insert(i, f"{draw(st.sampled_from(_KEYS))} = {_toml_value(draw(_SCALARS))}")
        else:
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        if not lines:
            break
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_mutated())
def test_fuzzed_documents_give_a_family_or_one_clean_error(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / ("gd_one_step.toml" if "gd_one_step" in text else "momentum_k.toml")
    if "lr_meaning" in text:
        path = folder / "lr_meaning.toml"
    elif "overshoot" in text:
        path = folder / "overshoot.toml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--seeds", "3", str(folder)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{text}\n{result.output}") from result.exception
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 2), result.output
    lines = result.output.strip().splitlines()
    if result.exit_code == 2 and "problem(s)" not in lines[-1]:
        # a load error: one line, with the file and line, and the key where it names a key
        assert len(lines) == 1 and lines[0].startswith(f"Error: {path}:"), result.output
        assert re.match(rf"Error: {re.escape(str(path))}:\d+: ", lines[0]), result.output
    else:  # loaded: each stress-test problem names the file
        assert all(line.startswith(str(path)) for line in lines[:-1]), result.output
