"""The study guide: every fact's text and figure agree with its run, recomputed here independently
(closed forms, numpy.linalg, plain numpy loops); snippets reproduce their answers; the files are
deterministic, the Markdown parses with every image resolving, and the command line behaves."""

import contextlib
import io
import re
import subprocess
import sys

import numpy as np
import pytest

from quizgen.study_guide import build_guide
from quizgen.study_guide.numbers import tex
from quizgen.writers.guide_writer import render_guide

SEED = 5


@pytest.fixture(scope="module")
def guide(bank):
    return build_guide(seed=SEED, bank=bank)


@pytest.fixture(scope="module")
def files(guide):
    return render_guide(guide)


def fact(guide, key):
    return next(f for f in guide.facts if f.key == key)


def quad_losses(lam, x0, eta, steps):
    """f(x_k) of gradient descent on ½ Σ λ_i x_i², from the closed form x_k = (1 − ηλ)^k x_0."""
    lam, x0 = np.asarray(lam, float), np.asarray(x0, float)
    k = np.arange(steps + 1)[:, None]
    x = (1 - eta * lam) ** k * x0
    return 0.5 * (lam * x * x).sum(axis=1), x


def test_sections_are_named_so_a_reader_finds_them(files):
    html = files["study-guide.html"].decode()
    for heading in ("Definition", "Must-know facts", "Key formulas", "Misconceptions", "Worked examples",
                    "Review questions", "Practice"):
        assert f">{heading}</h2>" in html
        assert f"\n## {heading}\n" in files["study-guide.md"].decode()


def test_regimes_text_and_figure_match_the_closed_form(guide):
    f = fact(guide, "regimes")
    a, w0, T = f.run["a"], f.run["w0"], f.run["steps"]
    series = f.figures[0].data["series"]
    for i, eta in enumerate(f.run["rates"]):
        r = 1 - eta * a
        w = r ** np.arange(T + 1) * w0
        loss = 0.5 * a * w * w
        text = f.evidence[i]
        assert text.startswith(rf"$\eta = {tex(eta, 4)}$")
        grew = loss[-1] > loss[0]
        assert ("**grew**" in text) == grew and ("diverges" in text) == grew
        assert ("**overshoots**" in text) == (r < 0 and not grew)
        assert ("**slowly**" in text) == (r > 0 and loss[-1] > 1e-2 * loss[0])
        if not grew:
            assert ("fell at every step" in text) == bool(np.all(np.diff(loss) < 0))
            assert f"${tex(loss[-1] / loss[0], 2)}$ times its start" in text
        np.testing.assert_allclose(series[i]["y"], loss, rtol=1e-5)  # the figure shows this very run
    names = f.run["regimes"]
    assert names == ["too small", "good", "zigzag", "diverging"]  # the guide draws one rate of each


def test_threshold_is_two_over_the_largest_eigenvalue(guide):
    f = fact(guide, "threshold")
    lam, x0, T = f.run["eigenvalues"], f.run["x0"], f.run["steps"]
    limit = 2 / np.linalg.eigvalsh(np.diag(lam)).max()
    assert f"2/\\lambda_{{\\max}} = {tex(limit, 3)}$" in f.evidence[0]
    for i, eta in enumerate(f.run["rates"]):
        loss, x = quad_losses(lam, x0, eta, T)
        grew = loss[-1] > loss[0]
        assert grew == (eta > limit)  # theory and this run agree
        text = f.evidence[i + 1]
        assert ("diverges" in text) == grew and ("converges" in text) == (not grew)
        if not grew:
            assert f"${tex(loss[-1] / loss[0], 2)}$ times its start" in text
            flips = int(np.sum(np.sign(x[1:, 1]) != np.sign(x[:-1, 1])))
            assert (f"changed sign {flips} times" in text) == (flips > 0)
    # the optimal rate is a worst case over starts: the text says whether another rate ended lower here
    losses = [quad_losses(lam, x0, eta, T)[0] for eta in f.run["rates"]]
    beaten = [eta for eta, loss in zip(f.run["rates"][:3], losses[:3])
              if loss[-1] <= loss[0] and loss[-1] < losses[3][-1]]
    assert ("ends lower" in f.evidence[4]) == bool(beaten)
    factor = max(abs(1 - f.run["rates"][3] * v) for v in lam)
    assert f"rate gives ${tex(factor, 3)}$" in f.evidence[4]
    plotted = f.figures[0].data["paths"]
    for i, p in enumerate(plotted):
        _, x = quad_losses(lam, x0, f.run["rates"][i], T)
        n = len(p["x"])
        np.testing.assert_allclose(p["x"], x[:n, 0], rtol=1e-5, atol=1e-9)
        np.testing.assert_allclose(p["y"], x[:n, 1], rtol=1e-5, atol=1e-9)


def heavy_ball(lam, x0, eta, beta, steps):
    """Polyak's heavy ball x_{t+1} = x_t − η∇f(x_t) + β(x_t − x_{t−1}), first step without momentum."""
    lam, x = np.asarray(lam, float), np.asarray(x0, float)
    prev, losses = x, [0.5 * (lam * x * x).sum()]
    for t in range(steps):
        new = x - eta * lam * x + (beta * (x - prev) if t else 0.0)
        prev, x = x, new
        losses.append(0.5 * (lam * x * x).sum())
    return np.array(losses)


def test_momentum_and_adam_claims_match_independent_runs(guide):
    f = fact(guide, "momentum")
    run = f.run
    lam, x0, T, eta, beta = run["eigenvalues"], run["x0"], run["steps"], run["lr"], run["beta"]
    gd, _ = quad_losses(lam, x0, eta, T)
    hb = heavy_ball(lam, x0, eta, beta, T)
    tol = 1e-6 * gd[0]
    for losses, text in ((gd, f.evidence[0]), (hb, f.evidence[1])):
        hit = np.flatnonzero(losses <= tol)
        if hit.size:
            assert f"at step {hit[0]}" in text
        else:
            assert "has not reached" in text
    rises = int(np.sum(np.diff(hb) > 0))
    assert (f"**rose** at {rises} of the {T} steps" in f.evidence[1]) == (rises > 0)
    over = run["wide_lr"]
    gd_over, _ = quad_losses(lam, x0, over, T)
    assert over > 2 / max(lam) and over * max(lam) < 2 * (1 + beta)  # above GD's limit, inside momentum's
    assert ("**diverges**" in f.evidence[2]) == (gd_over[-1] > gd_over[0])
    assert ("momentum converges" in f.evidence[2]) == (heavy_ball(lam, x0, over, beta, T)[-1] < gd[0])
    g = np.asarray(lam) * np.asarray(x0)  # Adam's first step: lr·g/(|g| + ε), about lr whatever g
    np.testing.assert_allclose(run["first_adam_step"], run["adam_lr"] * np.abs(g) / (np.abs(g) + 1e-8), rtol=1e-12)


def test_noise_floor_and_schedule_claims(guide):
    from quizgen import core

    f = fact(guide, "noise-floor")
    r = f.run
    data = core.make_regression(200, 2, seed=r["data_seed"], scales=r["scales"], loc=r["loc"], noise=r["noise"])
    H = 2 / 200 * data.X.T @ data.X
    lam, vec = np.linalg.eigh(H)
    assert r["limit"] == pytest.approx(2 / lam[-1], rel=1e-12)
    plateaus = np.array(r["plateaus"])
    assert ("the floor **rises** with the rate" in f.evidence[0]) == bool(np.all(np.diff(plateaus) > 0))
    for v in plateaus:
        assert f"${tex(v, 2)}$" in f.evidence[0]
    # full-batch GD from 0 in closed form, in H's eigenbasis: far below the mini-batch floors
    w_star = np.linalg.lstsq(data.X, data.y, rcond=None)[0]
    c = vec.T @ (0 - w_star)
    for eta, floor in zip(r["rates"], plateaus):
        excess = 0.5 * np.sum(lam * (1 - eta * lam) ** (2 * r["steps"]) * c * c)
        assert excess < 0.1 * floor
    s = fact(guide, "schedule").run
    text = fact(guide, "schedule").evidence[1]
    # the quoted cosine rate at the midpoint is η₀/2 by the formula η₀(1 + cos(π/2))/2
    assert rf"\eta_{{{s['steps'] // 2}}} = {tex(s['lr'] / 2, 2)}" in text
    assert ("times lower" in text) == (s["cosine_end"] < s["constant_end"])


def test_range_test_sweep_and_limit(guide):
    from quizgen import core

    f = fact(guide, "range-test")
    r = f.run
    p = guide.problems
    data = core.make_regression(200, 2, seed=p["data_seed"], scales=p["scales"], loc=p["loc"], noise=p["noise"])
    assert r["limit"] == pytest.approx(2 / np.linalg.eigvalsh(2 / 200 * data.X.T @ data.X).max(), rel=1e-12)
    assert r["suggestion"] == pytest.approx(r["lr_min"] / 10)
    # the sweep's rates are start·(end/start)^(i/N); the rate quoted at the minimum is one of them
    sweep = r["start"] * (r["end"] / r["start"]) ** (np.arange(r["num_it"]) / r["num_it"])
    assert np.min(np.abs(np.log(sweep / r["lr_min"]))) < 1e-9
    assert f"= {tex(r['limit'], 3)}$" in f.evidence[1]
    assert ("safely below the limit" in f.evidence[2]) == (r["suggestion"] < r["limit"])


def test_feature_scale_changes_the_limit(guide):
    from quizgen import core

    f = fact(guide, "depends")
    p = guide.problems
    data = core.make_regression(200, 2, seed=p["data_seed"], scales=p["scales"], loc=p["loc"], noise=p["noise"])
    X2 = data.X * np.array([1.0, f.run["factor"], 1.0])
    limits = [2 / np.linalg.eigvalsh(2 / 200 * X.T @ X).max() for X in (data.X, X2)]
    np.testing.assert_allclose(f.run["limits"], limits, rtol=1e-12)
    eta = f.run["lr"]
    assert ("original data converges" in f.evidence[1]) == (eta < limits[0])
    assert ("**diverges**" in f.evidence[1]) == (eta > limits[1])


def test_low_rate_underfits_at_a_fixed_budget(guide):
    from quizgen import core

    f = fact(guide, "fitting")
    r = f.run
    X, y, Xv, yv = core.make_polynomial_regression(r["n"], r["n_val"], r["degree"], seed=r["poly_seed"],
                                                   noise=r["noise"])
    W = np.zeros((len(r["rates"]), X.shape[1]))
    etas = np.array(r["rates"])[:, None]
    for _ in range(r["steps"]):  # plain numpy gradient descent on (1/n)‖Xw − y‖²
        W = W - etas * (2 / len(y)) * (W @ X.T - y) @ X
    train = ((W @ X.T - y) ** 2).mean(axis=1)
    val = ((W @ Xv.T - yv) ** 2).mean(axis=1)
    np.testing.assert_allclose(r["train"], train, rtol=1e-6)
    np.testing.assert_allclose(r["val"], val, rtol=1e-6)
    assert ("underfitting, not overfitting" in " ".join(f.evidence)) == (train[0] == train.max())
    assert f"lowest at $\\eta = {tex(r['rates'][int(np.argmin(val))], 2)}$" in f.evidence[-1]


def test_explorer_runs_and_regimes_match_closed_form(guide):
    e = guide.explorer
    lam = np.array(e.eigenvalues)
    for run in e.runs["gd"]:
        loss, x = quad_losses(lam, e.x0, run.lr, e.steps)
        shown = np.array([np.nan if v is None else v for v in run.losses])
        ok = np.isfinite(shown)
        np.testing.assert_allclose(shown[ok], loss[ok], rtol=1e-9)
        assert (run.regime == "diverging") == (loss[-1] > loss[0])
        if run.regime == "zigzag":
            assert run.lr > 1 / lam.max()  # GD crosses the valley only past 1/λ_max
        if run.regime in ("monotone", "too small"):
            assert run.lr <= 1 / lam.max()
    for run in e.runs["momentum"]:
        limit = 2 * (1 + e.beta) / lam.max()
        if abs(run.lr / limit - 1) > 0.05:
            assert (run.regime == "diverging") == (run.lr > limit)
    assert {r.regime for r in e.runs["gd"]} == {"too small", "monotone", "zigzag", "diverging"}


def test_run_it_yourself_snippets_print_the_answers(guide):
    for w in guide.worked:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(w.snippet, w.question.name, "exec"), {})
        printed = float(out.getvalue())
        assert w.question.answer.accepts(printed), (w.question.name, printed, w.expected)
        assert w.expected == w.question.answer.display
        assert "import numpy as np" in w.snippet and "quizgen" not in w.snippet


def test_another_seed_gives_other_worked_numbers(guide, bank):
    other = build_guide(seed=SEED + 1, bank=bank)
    assert [w.question.id for w in other.worked] == [w.question.id for w in guide.worked]
    assert [w.question.prompt for w in other.worked] != [w.question.prompt for w in guide.worked]
    assert other.problems != guide.problems


def test_seed_review_questions_are_answered_correctly(guide):
    q1, q2, q3 = guide.seed_questions
    assert "overfitting" in q3.prompt.lower()
    answer = " ".join(q3.answer)
    assert "underfitting" in answer and "fits less, not more" in answer
    assert "learns the noise" not in answer.lower()
    assert "diverge" in " ".join(q1.answer) and "schedule" in " ".join(q2.answer).lower()
    # the numbers quoted for the tiny and the good rate are the closed form's: loss ratio (1 − ηa)^(2T)
    r = fact(guide, "regimes").run
    for eta in r["rates"][:2]:
        assert f"${tex((1 - eta * r['a']) ** (2 * r['steps']), 2)}$" in q1.answer[0]


def test_markdown_parses_and_every_image_resolves(files, tmp_path):
    from markdown_it import MarkdownIt

    from quizgen.output import write_files

    write_files(tmp_path, files)
    tokens = MarkdownIt("commonmark").parse(files["study-guide.md"].decode())
    images = [(c.attrs["src"], c.content) for t in tokens if t.children for c in t.children if c.type == "image"]
    assert len(images) >= 10
    for src, alt in images:
        assert (tmp_path / src).is_file(), src
        assert alt.strip(), src
        assert (tmp_path / src).read_bytes().startswith(b"<?xml")


def test_html_is_self_contained(files):
    html = files["study-guide.html"].decode()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert html.count("<details") >= 3 + 4 + 6  # seed questions, bank review questions, practice key
    assert '<script type="application/json" id="explorer-data">' in html


def test_cli_writes_the_same_bytes_and_refuses_to_overwrite(files, tmp_path):
    out = tmp_path / "guide"
    cmd = [sys.executable, "-m", "quizgen", "study-guide", "--seed", str(SEED), "--out", str(out), "--quiet"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == "" and done.stderr == "", done.stderr
    written = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert written == files  # the same seed: byte-identical files
    again = subprocess.run(cmd, capture_output=True, text=True)
    assert again.returncode == 2 and again.stderr.startswith("Error: ") and again.stderr.count("\n") == 1
    assert "--force" in again.stderr


@pytest.mark.parametrize("formats, message", [("pdf,docx", "unknown study-guide"), ("html,xx", "unknown study-guide"),
                                              (",", "at least one format")])
def test_cli_rejects_formats_in_one_line(formats, message, tmp_path):
    done = subprocess.run([sys.executable, "-m", "quizgen", "study-guide", "--format", formats, "--out",
                           str(tmp_path / "g")], capture_output=True, text=True)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    assert not (tmp_path / "g").exists()
