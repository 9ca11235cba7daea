"""The practice page in a real browser: Debian's Chromium driven by Playwright, offline, from file://.

A student types right, wrong, misconception and unreadable answers, picks choices, works a k-step
item with a slip at step 2, reveals a solution, switches version and reloads. Expected values
come from the questions' own data and from runs of the core, never from the page.
"""

import pytest

# Chromium with its closed-network flags, launched once per module, as for the sheets

from quizgen import core
from quizgen.misconceptions import name as misconception_name
from quizgen.practice import practice, write_practice_page

pytestmark = pytest.mark.browser

IDS = ["gd.quadratic.after_k_steps", "gd.quadratic.one_step", "concepts.definition", "concepts.true_false",
       "concepts.small_vs_large", "momentum.two_steps"]
STEPS, NUMERIC, CHOICE, TRUE_FALSE, MULTI, MOMENTUM = range(len(IDS))


@pytest.fixture(scope="module")
def built(bank, tmp_path_factory):
    out = tmp_path_factory.mktemp("practice")
    pset = practice(ids=IDS, variants=3, seed=5, bank=bank)
    write_practice_page(pset, out)
    return pset, (out / "practice.html").as_uri()


class Watched:
    """A page with its requests and console problems recorded."""

    def __init__(self, chromium, url, **context):
        self.context = chromium.new_context(**context)
        self.page = self.context.new_page()
        self.requests, self.problems = [], []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.problems.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.problems.append(str(e)))
        self.page.goto(url, wait_until="load")

    def section(self, i):
        """The variant of question i now shown."""
        return self.page.locator(f"#q{i + 1} section.variant:visible")

    def assert_clean(self):
        outside = [u for u in self.requests if not u.startswith(("file://", "data:"))]
        assert not outside, f"requests left the page: {outside}"
        assert not self.problems, self.problems

    def close(self):
        self.context.close()


def _gd_next(q, x):
    """One step of the question's own optimizer from x, run by the core."""
    run = q.params["runs"][0]
    opt = core.sgd(run["optimizer"]["lr"])
    return float(core.run(opt, core.Quadratic1D(run["objective"]["a"], w_star=run["objective"]["w_star"]),
                          x0=x, steps=1).params[-1, 0, 0])


def _score_text(points):
    return f"Score: {round(points, 2):g} of {len(IDS)}"


def test_a_student_practises_and_finds_the_progress_after_a_reload(browser, built, axe):  # noqa: F811
    pset, url = built
    w = Watched(browser, url)
    page = w.page
    assert axe(page) == []

    # numeric: unreadable (no attempt), a named common wrong answer, a plain wrong one, then right
    q = pset.items[NUMERIC].variants[0]
    sec = w.section(NUMERIC)
    box, feedback = sec.locator("input.answer"), sec.locator(".feedback")
    box.fill("0,5")
    box.press("Enter")  # keyboard only: Enter checks
    assert "point for decimals" in feedback.inner_text()
    assert "tried 0" in page.inner_text("#score")
    slip = q.answer.wrong[0]
    typed = q.answer.rounding.format(slip.value)
    assert not q.answer.accepts(float(typed))
    box.fill(typed.replace("-", "−"))
    box.press("Enter")
    assert f"Misconception: {misconception_name(slip.misconception)}" in feedback.inner_text()
    box.fill(q.answer.rounding.format(q.answer.value * 3 + 7))
    box.press("Enter")
    assert feedback.inner_text().startswith("Not right.") and "Misconception" not in feedback.inner_text()
    mant, exp = f"{q.answer.value:.6e}".split("e")
    box.fill(f"{mant}×10^{int(exp)}")
    box.press("Enter")
    assert feedback.inner_text().startswith("Correct.")

    # one-answer choices, by keyboard: a wrong option shows its own feedback, then the right one
    q = pset.items[CHOICE].variants[0]
    wrong = next(i for i, c in enumerate(q.choices) if not c.correct)
    right = q.correct_choices[0]
    sec = w.section(CHOICE)
    sec.locator(f'button.choice[data-choice="{wrong}"]').focus()
    page.keyboard.press("Enter")
    text = sec.locator(".feedback").inner_text()
    assert text.startswith("Not right.") and misconception_name(q.choices[wrong].misconception) in text
    sec.locator(f'button.choice[data-choice="{right}"]').focus()
    page.keyboard.press("Space")
    assert sec.locator(".feedback").inner_text().startswith("Correct.")

    q = pset.items[TRUE_FALSE].variants[0]
    w.section(TRUE_FALSE).locator(f'button.choice[data-choice="{q.correct_choices[0]}"]').click()
    assert w.section(TRUE_FALSE).locator(".feedback").inner_text().startswith("Correct.")

    # all that apply: exactly the right set at the first try
    q = pset.items[MULTI].variants[0]
    sec = w.section(MULTI)
    for i in q.correct_choices:
        sec.locator(f'input.tick[data-choice="{i}"]').check()
    sec.locator("form button").click()
    assert sec.locator(".feedback").inner_text().startswith("Correct.")

    # k steps of gradient descent with a slip at step 2: step 3 on is checked from the slipped value
    q = pset.items[STEPS].variants[0]
    k = q.params["runs"][0]["steps"]
    assert k >= 3
    sec = w.section(STEPS)
    x = float(q.params["runs"][0]["x0"])
    typed = []
    for t in range(1, k + 1):
        x = _gd_next(q, x) + (0.75 if t == 2 else 0.0)
        text = f"{x:.6g}"
        typed.append(text)
        x = float(text)
        step = sec.locator("li.step-item").nth(t - 1)
        step.locator("input.step").fill(text)
        step.locator("input.step").press("Enter")
        said = step.locator(".feedback").inner_text()
        if t == 2:
            assert said.startswith("Not right."), said
        else:
            assert said.startswith("Right."), (t, said)
            if t > 2:
                assert "slip costs nothing" in said
    assert page.evaluate("document.activeElement.id") == sec.locator("input.step").nth(k - 1).get_attribute("id")

    points = 1 + 1 + (k - 1) / k  # true/false and all-that-apply; one-step and the choice were wrong first
    assert page.inner_text("#score").startswith(_score_text(points))
    assert "solved 4" in page.inner_text("#score") and "tried 5" in page.inner_text("#score")

    # hint, then the worked solution of the momentum question (before answering: it then earns nothing)
    q = pset.items[MOMENTUM].variants[0]
    sec = w.section(MOMENTUM)
    sec.locator("button.reveal").click()
    assert sec.locator(".hint").is_visible() and sec.locator(".hint").inner_text().startswith("Hint:")
    assert sec.locator("button.reveal").inner_text() == "Show the worked solution"
    sec.locator("button.reveal").click()
    assert sec.locator(".solution ol > li").count() == len(q.solution)
    assert sec.locator(".solution").evaluate("el => el === document.activeElement")
    first = _gd_momentum_first(q)
    sec.locator("input.step").first.fill(f"{first:.6g}")
    sec.locator("input.step").first.press("Enter")
    assert sec.locator(".feedback").first.inner_text().startswith("Right.")
    assert page.inner_text("#score").startswith(_score_text(points))  # seen the solution: no credit
    assert axe(page) == []

    # another version of the first question: new numbers, and the old one kept
    before = w.section(STEPS).locator(".prompt").inner_text()
    page.locator("#q1 button.another").click()
    assert page.locator("#q1 .version-label").inner_text() == f"Version 2 of {pset.variants}"
    assert w.section(STEPS).get_attribute("data-variant") == "1"
    assert w.section(STEPS).locator(".prompt").inner_text() != before

    page.reload(wait_until="load")
    assert page.locator("#q1 .version-label").inner_text() == f"Version 2 of {pset.variants}"
    assert page.inner_text("#score").startswith(_score_text(points))
    page.locator("#q1 button.another").click()
    page.locator("#q1 button.another").click()  # round the cycle back to version 1
    sec = w.section(STEPS)
    assert sec.get_attribute("data-variant") == "0"
    assert [sec.locator("input.step").nth(t).input_value() for t in range(k)] == typed
    assert "slip costs nothing" in sec.locator("li.step-item").nth(2).inner_text()
    assert w.section(NUMERIC).locator(".feedback").inner_text().startswith("Correct.")

    page.locator("#reset").click()
    assert page.inner_text("#score").startswith(_score_text(0))
    assert w.section(NUMERIC).locator("input.answer").input_value() == ""
    w.assert_clean()
    w.close()


def _gd_momentum_first(q):
    run = q.params["runs"][0]
    opt = core.sgd(run["optimizer"]["lr"], momentum=run["optimizer"]["momentum"])
    objective = core.Quadratic1D(run["objective"]["a"], w_star=run["objective"]["w_star"])
    return float(core.run(opt, objective, x0=run["x0"], steps=1).params[-1, 0, 0])


def test_test_mode_marks_only_at_the_end(browser, built, axe):  # noqa: F811
    pset, url = built
    w = Watched(browser, url)
    page = w.page
    page.locator("#switch-mode").click()
    assert page.locator("#mode-text").inner_text().startswith("Test mode")
    assert not page.locator("button.another:visible").count() and not page.locator(".help:visible").count()
    q = pset.items[NUMERIC].variants[0]
    sec = w.section(NUMERIC)
    sec.locator("input.answer").fill(q.answer.display)
    sec.locator("input.answer").press("Enter")
    assert sec.locator(".feedback").inner_text() == "Saved."
    choice = pset.items[CHOICE].variants[0]
    wrong = next(i for i, c in enumerate(choice.choices) if not c.correct)
    w.section(CHOICE).locator(f'button.choice[data-choice="{wrong}"]').click()
    assert w.section(CHOICE).locator(".feedback").inner_text() == "Saved."
    assert "Correct" not in page.inner_text("main") and "Not right" not in page.inner_text("main")
    assert page.inner_text("#score").startswith("Answered 2 of")
    page.locator("#finish").click()
    assert page.inner_text("#score").startswith(_score_text(1))
    assert w.section(NUMERIC).locator(".feedback").inner_text().startswith("Correct.")
    assert w.section(CHOICE).locator(".feedback").inner_text().startswith("Not right.")
    assert page.locator(".solution:visible").count() == len(IDS)
    assert axe(page) == []
    page.locator("#new-test").click()
    assert page.locator("#q1 .version-label").inner_text() == f"Version 2 of {pset.variants}"
    w.assert_clean()
    w.close()


@pytest.mark.parametrize("mode", ["practice", "test"])
def test_readable_on_a_phone_without_sideways_scrolling(browser, built, axe, mode):  # noqa: F811
    pset, url = built
    w = Watched(browser, url, viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True,
                has_touch=True)
    page = w.page
    wide = "document.documentElement.scrollWidth"
    if mode == "test":
        page.locator("#switch-mode").click()
        assert page.evaluate(wide) <= 375
        page.locator("#finish").click()  # every worked solution is shown
        assert page.evaluate(wide) <= 375
    else:
        for i in range(len(IDS)):
            # every version of every question fits, with its hint and worked solution open
            for _ in range(pset.variants):
                reveal = w.section(i).locator("button.reveal")
                while reveal.is_visible():
                    reveal.click()
                assert page.evaluate(wide) <= 375, (i, w.section(i).get_attribute("data-variant"))
                page.locator(f"#q{i + 1} button.another").click()
    assert axe(page) == []
    w.assert_clean()
    w.close()
