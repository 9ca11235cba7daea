/* quizgen practice page. Two parts: the grading rules, the same as quizgen/grading.py (the tests
   run both on one table, in node through module.exports), and the page's behaviour. Plain
   standard JavaScript: no build step, no library, nothing from the network. */
(function () {
  "use strict";

  /* ---- reading a typed number (grading.read_number) ---- */
  var SPACES = /[ \t\n\r\u00a0\u2009\u202f]/g;
  var MINUSES = /[\u2212\u2013]/g;
  var TIMES = /[\u00d7xX*\u00b7\u22c5]/g;
  var NUM = "(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)";
  var E_PART = "(?:[eE][+-]?[0-9]+)?";
  var SUP_DIGITS = "\u2070\u00b9\u00b2\u00b3\u2074-\u2079";
  var EXP = "(?:\\^\\(?([+-]?[0-9]+)\\)?|\\*\\*\\(?([+-]?[0-9]+)\\)?|([\u207a\u207b]?[" + SUP_DIGITS + "]+))";
  var SCI = new RegExp("^[+-]?" + NUM + E_PART + "$");
  var FRAC = new RegExp("^([+-]?" + NUM + E_PART + ")/(" + NUM + E_PART + ")$");
  var POW = new RegExp("^([+-]?" + NUM + ")\\*10" + EXP + "$");
  var BARE_POW = new RegExp("^([+-]?)10" + EXP + "$");
  var SUPER = { "\u207a": "+", "\u207b": "-", "\u2070": "0", "\u00b9": "1", "\u00b2": "2", "\u00b3": "3",
                "\u2074": "4", "\u2075": "5", "\u2076": "6", "\u2077": "7", "\u2078": "8", "\u2079": "9" };

  function finite(value) {
    return isFinite(value) ? { value: value, reason: "" } : { value: null, reason: "form" };
  }

  function exponent(m, first) {
    if (m[first] !== undefined) { return m[first]; }
    if (m[first + 1] !== undefined) { return m[first + 1]; }
    return m[first + 2].replace(/./g, function (c) { return SUPER[c]; });
  }

  function readNumber(text) {
    var s = String(text).replace(SPACES, "").replace(MINUSES, "-");
    var m;
    if (!s) { return { value: null, reason: "empty" }; }
    if (s.indexOf(",") >= 0) { return { value: null, reason: "comma" }; }
    if (SCI.test(s)) { return finite(Number(s)); }
    m = FRAC.exec(s);
    if (m) {
      var den = Number(m[2]);
      return den === 0 ? { value: null, reason: "form" } : finite(Number(m[1]) / den);
    }
    s = s.replace(TIMES, "*");
    m = POW.exec(s);
    if (m) { return finite(Number(m[1] + "e" + exponent(m, 2))); }
    m = BARE_POW.exec(s);
    if (m) { return finite(Number(m[1] + "1e" + exponent(m, 2))); }
    return { value: null, reason: "form" };
  }

  /* ---- acceptance rules (grading.Rule, NumericAnswer's default tolerance) ---- */
  function accepts(rule, x) {
    var err = Math.abs(x - rule.value);
    var okAbs = rule.abs !== null && err <= rule.abs * (1 + 1e-9);
    var okRel = rule.rel !== null && err <= rule.rel * Math.abs(rule.value) * (1 + 1e-9);
    return okAbs || okRel;
  }

  /* decimal places of x printed to sig significant figures, rounded half away from zero on its
     shortest decimal digits (Rounding.apply): the exponent grows by one when rounding carries */
  function sigPlaces(sig, x) {
    if (x === 0) { return sig - 1; }
    var parts = Math.abs(x).toExponential().split("e");
    var digits = parts[0].replace(".", "");
    var exp = Number(parts[1]);
    if (digits.length > sig && digits.charAt(sig) >= "5" && /^9+$/.test(digits.slice(0, sig))) { exp += 1; }
    return sig - 1 - exp;
  }

  function defaultTolerance(rounding, value) {
    var places = rounding.decimals !== null ? rounding.decimals : sigPlaces(rounding.sig, value);
    if (places === 0 && Number.isInteger(value)) { return 0; }
    return Number("1e" + (-places));
  }

  function stepRule(spec, expected) {
    if (!isFinite(expected)) { return null; }
    if (spec["default"]) { return { value: expected, abs: defaultTolerance(spec.rounding, expected), rel: null }; }
    return { value: expected, abs: spec.abs, rel: spec.rel };
  }

  function gradeValue(key, wrong, reading) {
    if (reading.value === null) { return { status: "unreadable", value: null, wrong: null, reason: reading.reason }; }
    var x = reading.value;
    if (key !== null && accepts(key, x)) { return { status: "correct", value: x, wrong: null, reason: "" }; }
    for (var i = 0; i < wrong.length; i++) {
      if (accepts(wrong[i], x)) { return { status: "misconception", value: x, wrong: i, reason: "" }; }
    }
    return { status: "wrong", value: x, wrong: null, reason: "" };
  }

  function wrongRules(secret) {
    return (secret.wrong || []).map(function (w) { return w.rule; });
  }

  function gradeNumeric(secret, text) {
    return gradeValue(secret.key, wrongRules(secret), readNumber(text));
  }

  /* the value step t (1-based) should have from the values typed at steps 1 … t − 1 */
  function expectedStep(plan, t, typed) {
    var row = plan.rows[t - 1];
    var e = row[0];
    for (var j = 1; j < row.length && j <= typed.length; j++) { e += row[j] * typed[j - 1]; }
    return e;
  }

  function gradeSteps(secret, texts) {
    var plan = secret.plan, out = [], typed = [];
    for (var t = 1; t <= texts.length; t++) {
      var reading = readNumber(texts[t - 1]);
      if (typed.length < t - 1) {
        out.push({ status: "unreadable", value: reading.value, wrong: null, reason: "previous" });
        continue;
      }
      var rule = stepRule(secret.stepRule, expectedStep(plan, t, typed));
      out.push(gradeValue(rule, t === plan.rows.length ? wrongRules(secret) : [], reading));
      if (reading.value !== null) { typed.push(reading.value); }
    }
    return out;
  }

  var Grading = { readNumber: readNumber, accepts: accepts, defaultTolerance: defaultTolerance,
                  stepRule: stepRule, gradeNumeric: gradeNumeric, expectedStep: expectedStep,
                  gradeSteps: gradeSteps };
  if (typeof module !== "undefined" && module.exports) { module.exports = Grading; }
  if (typeof document === "undefined") { return; }

  /* ---- the page ---- */
  var config = JSON.parse(document.getElementById("practice-config").textContent);
  var secrets = decode(document.getElementById("practice-data").textContent.trim(), config.id).items;
  var storageKey = "quizgen-practice:" + config.id;
  var store = openStore();
  var state = load() || fresh(config.mode, null);

  var UNREADABLE = {
    empty: "Type a number first.",
    comma: "Use a point for decimals: write 0.05, not 0,05. This did not count as an attempt.",
    form: "This cannot be read as a number. Write it like 0.05, .05, 5e-2, -1/8 or 5\u00d710^-2. " +
          "This did not count as an attempt.",
    previous: "Enter the earlier steps first: each step is checked from the one before."
  };

  function decode(blob, key) {
    var raw = atob(blob), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i) ^ key.charCodeAt(i % key.length); }
    return JSON.parse(new TextDecoder("utf-8").decode(bytes));
  }

  function openStore() {
    try {
      var probe = storageKey + ":probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {
      return null;  // private browsing or storage switched off: progress lasts until the page closes
    }
  }

  function fresh(mode, previous) {
    var s = { format: 1, mode: mode, finished: false, q: [] };
    for (var i = 0; i < config.questions; i++) {
      var v = previous ? (previous.q[i].v + 1) % config.variants : 0;
      s.q.push({ v: v, s: {} });
    }
    return s;
  }

  function load() {
    if (!store) { return null; }
    try {
      var s = JSON.parse(store.getItem(storageKey));
      if (s && s.format === 1 && s.q && s.q.length === config.questions) { return s; }
    } catch (e) { /* unreadable saved progress: start afresh */ }
    return null;
  }

  function save() {
    if (!store) { return; }
    try { store.setItem(storageKey, JSON.stringify(state)); } catch (e) { /* storage full: keep going */ }
  }

  function variantState(i, v) {
    var q = state.q[i];
    if (!q.s[v]) {
      // "checked" is the text (or ticked set) last checked: feedback is shown only while it is still there
      q.s[v] = { text: "", checked: null, tries: 0, first: null, solved: false, picked: [], steps: [],
                 reveal: 0, hinted: false, sawSolution: false };
    }
    return q.s[v];
  }

  function stepState(st, t) {
    while (st.steps.length < t) { st.steps.push({ text: "", checked: null, tries: 0, first: null, solved: false }); }
    return st.steps[t - 1];
  }

  var testing = function () { return state.mode === "test"; };
  var marking = function () { return state.mode === "practice" || state.finished; };

  /* a graded attempt: the first one counts for the score, unless the worked solution was seen before it */
  function attempt(rec, ok, st) {
    rec.tries += 1;
    if (rec.first === null) { rec.first = ok && !st.sawSolution; }
    rec.solved = rec.solved || ok;
  }

  function credit(secret, st) {
    if (secret.kind === "steps") {
      var k = secret.plan.rows.length, got = 0;
      st.steps.forEach(function (r) { if (r.first === true) { got += 1; } });
      return got / k;
    }
    return st.first === true ? 1 : 0;
  }

  function tried(st) {
    return st.tries > 0 || st.steps.some(function (r) { return r.tries > 0; });
  }

  function answered(secret, st) {
    if (secret.kind === "steps") { return st.steps.some(function (r) { return r.text.trim() !== ""; }); }
    if (secret.kind === "numeric") { return st.text.trim() !== ""; }
    return st.picked.length > 0;
  }

  function solved(secret, st) {
    if (secret.kind === "steps") {
      return st.steps.length === secret.plan.rows.length && st.steps.every(function (r) { return r.solved; });
    }
    return st.solved;
  }

  function updateScore() {
    var total = 0, nSolved = 0, nTried = 0, nAnswered = 0;
    state.q.forEach(function (q, i) {
      var best = 0, anySolved = false, anyTried = false;
      Object.keys(q.s).forEach(function (v) {
        var secret = secrets[i][v], st = q.s[v];
        best = Math.max(best, credit(secret, st));
        anySolved = anySolved || solved(secret, st);
        anyTried = anyTried || tried(st);
      });
      total += best;
      if (anySolved) { nSolved += 1; }
      if (anyTried) { nTried += 1; }
      if (q.s[q.v] && answered(secrets[i][q.v], q.s[q.v])) { nAnswered += 1; }
    });
    var score = document.getElementById("score");
    var points = Math.round(total * 100) / 100;
    if (testing() && !state.finished) {
      score.textContent = "Answered " + nAnswered + " of " + config.questions + ". Your score appears when you finish.";
    } else {
      score.textContent = "Score: " + points + " of " + config.questions + " (first tries) \u00b7 solved " + nSolved +
        " \u00b7 tried " + nTried + (testing() ? " \u00b7 test finished" : "");
    }
  }

  /* ---- showing feedback ---- */
  function setFeedback(el, html, tone) {
    el.innerHTML = html;
    el.className = "feedback" + (tone ? " " + tone : "");
  }

  function numericMessage(secret, verdict) {
    if (verdict.status === "unreadable") { return ["<p>" + UNREADABLE[verdict.reason] + "</p>", "unreadable"]; }
    if (verdict.status === "correct") { return ["<p><strong>Correct.</strong></p>", "right"]; }
    if (verdict.status === "misconception") {
      return ["<p><strong>Not right.</strong> " + secret.wrong[verdict.wrong].feedback + "</p>", "wrong"];
    }
    return ["<p><strong>Not right.</strong> " + (marking() && testing() ? "" :
            "Check your working and try again, or ask for a hint.") + "</p>", "wrong"];
  }

  function stepMessage(secret, verdict, t, afterSlip) {
    if (verdict.status === "unreadable") { return ["<p>" + UNREADABLE[verdict.reason] + "</p>", "unreadable"]; }
    if (verdict.status === "correct") {
      return ["<p><strong>Right.</strong>" + (afterSlip ? " One step from the value you entered before gives this: " +
              "your earlier slip costs nothing here." : "") + "</p>", "right"];
    }
    var from = t === 1 ? "the start" : "the value you entered for the step before";
    var html = "<p><strong>Not right.</strong> This is not what one step from " + from + " gives.";
    if (verdict.status === "misconception") { html += " " + secret.wrong[verdict.wrong].feedback; }
    if (!testing()) { html += " Try again, or go on: the next step is checked from the value you entered."; }
    return [html + "</p>", "wrong"];
  }

  function choiceMessage(secret, picked) {
    var c = secret.choices[picked];
    return ["<p><strong>" + (c.correct ? "Correct." : "Not right.") + "</strong> " + c.feedback + "</p>",
            c.correct ? "right" : "wrong"];
  }

  function multiVerdict(secret, picked) {
    var want = [];
    secret.choices.forEach(function (c, i) { if (c.correct) { want.push(i); } });
    var sorted = picked.slice().sort(function (a, b) { return a - b; });
    return sorted.length === want.length && sorted.every(function (v, i) { return v === want[i]; });
  }

  function multiMessage(secret, picked, section) {
    var ok = multiVerdict(secret, picked);
    var missed = secret.choices.some(function (c, i) { return c.correct && picked.indexOf(i) < 0; });
    var html = "<p><strong>" + (ok ? "Correct." : "Not right.") + "</strong>" +
      (!ok && missed ? " At least one right option is not ticked." : "") + "</p>";
    picked.slice().sort(function (a, b) { return a - b; }).forEach(function (i) {
      var letter = section.querySelector('[data-choice="' + i + '"]').getAttribute("data-letter");
      html += "<p>" + letter + ": " + secret.choices[i].feedback + "</p>";
    });
    return [html, ok ? "right" : "wrong"];
  }

  function solutionHtml(secret) {
    var html = "<h3>Worked solution</h3><ol>";
    secret.solution.forEach(function (s) { html += "<li><div class=\"line\">" + s + "</div></li>"; });
    html += "</ol><p class=\"key-answer\"><strong>Answer:</strong> " + secret.answer +
      (secret.note ? " <span class=\"meta\">(" + secret.note + ")</span>" : "") + "</p>";
    secret.figures.forEach(function (f) {
      html += "<figure><img src=\"" + f.src + "\" alt=\"" + f.alt + "\"><figcaption>" +
        "Solution figure. " + f.caption + "</figcaption></figure>";
    });
    return html;
  }

  /* ---- drawing one question from the state ---- */
  function sectionOf(i, v) {
    return document.querySelector('#q' + (i + 1) + ' section.variant[data-variant="' + v + '"]');
  }

  function draw(i) {
    var q = state.q[i], item = document.getElementById("q" + (i + 1));
    item.querySelectorAll("section.variant").forEach(function (sec) {
      sec.hidden = Number(sec.getAttribute("data-variant")) !== q.v;
    });
    item.querySelector(".version-label").textContent = "Version " + (q.v + 1) + " of " + config.variants;
    // a test is the versions shown; "Start a new test" brings the next ones
    item.querySelector("button.another").hidden = config.variants < 2 || testing();
    drawVariant(i, q.v);
  }

  function drawVariant(i, v) {
    var secret = secrets[i][v], st = variantState(i, v), sec = sectionOf(i, v);
    if (secret.kind === "numeric") {
      var input = sec.querySelector("input.answer");
      if (input.value !== st.text) { input.value = st.text; }
      var fb = sec.querySelector(".feedback");
      if (st.checked === st.text && (marking() || gradeNumeric(secret, st.text).status === "unreadable")) {
        var msg = numericMessage(secret, gradeNumeric(secret, st.text));
        setFeedback(fb, msg[0], msg[1]);
      } else if (testing() && st.text) {
        setFeedback(fb, "<p>Saved.</p>", "saved");
      } else {
        setFeedback(fb, "", "");
      }
    } else if (secret.kind === "steps") {
      var texts = [];
      sec.querySelectorAll("input.step").forEach(function (inp, t) {
        var text = stepState(st, t + 1).text;
        if (inp.value !== text) { inp.value = text; }
        texts.push(text);
      });
      var verdicts = gradeSteps(secret, texts), slipped = false;
      sec.querySelectorAll("li.step-item").forEach(function (li, t) {
        var rec = stepState(st, t + 1), fbs = li.querySelector(".feedback");
        if (rec.checked === rec.text && (marking() || verdicts[t].status === "unreadable")) {
          var m = stepMessage(secret, verdicts[t], t + 1, slipped);
          setFeedback(fbs, m[0], m[1]);
        } else if (testing() && rec.text) {
          setFeedback(fbs, "<p>Saved.</p>", "saved");
        } else {
          setFeedback(fbs, "", "");
        }
        if (verdicts[t].status !== "correct") { slipped = true; }
      });
    } else if (secret.kind === "choice") {
      var last = st.picked.length ? st.picked[st.picked.length - 1] : null;
      sec.querySelectorAll("button.choice").forEach(function (b) {
        var c = Number(b.getAttribute("data-choice"));
        var mark = "";
        if (marking() && st.picked.indexOf(c) >= 0) { mark = secret.choices[c].correct ? " picked-right" : " picked-wrong"; }
        b.className = "choice" + mark + (c === last ? " last" : "");
        b.setAttribute("aria-pressed", c === last ? "true" : "false");
      });
      var fbc = sec.querySelector(".feedback");
      if (last === null) { setFeedback(fbc, "", ""); }
      else if (marking()) { var mc = choiceMessage(secret, last); setFeedback(fbc, mc[0], mc[1]); }
      else { setFeedback(fbc, "<p>Saved.</p>", "saved"); }
    } else {
      sec.querySelectorAll("input.tick").forEach(function (box) {
        box.checked = st.picked.indexOf(Number(box.getAttribute("data-choice"))) >= 0;
      });
      var fbm = sec.querySelector(".feedback");
      if (st.checked === pickedKey(st.picked) && st.picked.length && marking()) { var mm = multiMessage(secret, st.picked, sec); setFeedback(fbm, mm[0], mm[1]); }
      else if (testing() && st.picked.length) { setFeedback(fbm, "<p>Saved.</p>", "saved"); }
      else { setFeedback(fbm, "", ""); }
    }
    var closed = testing() && state.finished;  // a finished test is marked: its answers stay as given
    sec.querySelectorAll("input, button.choice, form button").forEach(function (el) { el.disabled = closed; });
    sec.querySelectorAll("form button").forEach(function (el) { el.textContent = testing() ? "Save" : "Check"; });
    drawHelp(sec, secret, st);
  }

  function drawHelp(sec, secret, st) {
    var help = sec.querySelector(".help"), button = help.querySelector("button.reveal");
    var hint = help.querySelector(".hint"), solution = help.querySelector(".solution");
    help.hidden = testing() && !state.finished;
    if (testing() && state.finished) { st.reveal = 2; }
    if (st.reveal === 0 && !secret.hint) { button.textContent = "Show the worked solution"; }
    else { button.textContent = st.reveal === 0 ? "Show a hint" : "Show the worked solution"; }
    button.hidden = st.reveal >= 2;
    hint.hidden = !(st.hinted && secret.hint);  // a finished test shows solutions, not hints
    if (!hint.hidden && !hint.innerHTML) { hint.innerHTML = "<p><strong>Hint:</strong> " + secret.hint + "</p>"; }
    solution.hidden = st.reveal < 2;
    if (!solution.hidden && !solution.innerHTML) { solution.innerHTML = solutionHtml(secret); }
  }

  var SCROLLERS = ".prompt p, .start, .feedback p, .hint p, .solution .line, .key-answer, figcaption";

  /* a line whose formula is wider than the screen scrolls by itself; it must be reachable by keyboard */
  function markScrollers() {
    document.querySelectorAll(SCROLLERS).forEach(function (el) {
      if (el.scrollWidth > el.clientWidth + 1) { el.setAttribute("tabindex", "0"); }
      else if (el.getAttribute("tabindex") === "0") { el.removeAttribute("tabindex"); }
    });
  }

  function drawAll() {
    document.getElementById("mode-text").textContent =
      document.getElementById("mode-text").getAttribute("data-" + state.mode);
    document.getElementById("switch-mode").textContent =
      testing() ? "Start again in practice mode" : "Start again in test mode";
    document.getElementById("finish").hidden = !testing() || state.finished;
    document.getElementById("new-test").hidden = !(testing() && state.finished);
    for (var i = 0; i < config.questions; i++) { draw(i); }
    updateScore();
    save();
    markScrollers();
  }

  /* ---- actions ---- */
  function where(el) {
    var item = el.closest("li.pq"), sec = el.closest("section.variant");
    return { i: Number(item.getAttribute("data-index")), v: sec ? Number(sec.getAttribute("data-variant")) : null };
  }

  function checkNumeric(form) {
    var at = where(form), secret = secrets[at.i][at.v], st = variantState(at.i, at.v);
    st.text = form.querySelector("input.answer").value;
    st.checked = st.text;
    var verdict = gradeNumeric(secret, st.text);
    if (verdict.status !== "unreadable" && !testing()) { attempt(st, verdict.status === "correct", st); }
  }

  function checkStep(form) {
    var at = where(form), secret = secrets[at.i][at.v], st = variantState(at.i, at.v);
    var t = Number(form.getAttribute("data-step"));
    var rec = stepState(st, t);
    rec.text = form.querySelector("input.step").value;
    rec.checked = rec.text;
    var texts = [];
    form.closest("ol.steps").querySelectorAll("input.step").forEach(function (inp, j) {
      texts.push(j + 1 === t ? rec.text : stepState(st, j + 1).text);
    });
    var verdict = gradeSteps(secret, texts.slice(0, t))[t - 1];
    if (verdict.status !== "unreadable" && !testing()) { attempt(rec, verdict.status === "correct", st); }
    uncheckAfter(st, t);
    return verdict.status !== "unreadable";
  }

  function pickChoice(button) {
    var at = where(button), secret = secrets[at.i][at.v], st = variantState(at.i, at.v);
    var c = Number(button.getAttribute("data-choice"));
    if (testing()) { st.picked = [c]; return; }
    if (st.picked.indexOf(c) >= 0) { st.picked.splice(st.picked.indexOf(c), 1); }
    st.picked.push(c);
    attempt(st, secret.choices[c].correct, st);
  }

  function checkMulti(form) {
    var at = where(form), secret = secrets[at.i][at.v], st = variantState(at.i, at.v);
    var picked = [];
    form.querySelectorAll("input.tick").forEach(function (box) {
      if (box.checked) { picked.push(Number(box.getAttribute("data-choice"))); }
    });
    var fb = form.closest("section.variant").querySelector(".feedback");
    if (!picked.length) {
      setFeedback(fb, "<p>Tick at least one option. This did not count as an attempt.</p>", "unreadable");
      return false;
    }
    st.picked = picked;
    st.checked = pickedKey(picked);
    if (!testing()) { attempt(st, multiVerdict(secret, picked), st); }
    return true;
  }

  function pickedKey(picked) {
    return picked.slice().sort(function (a, b) { return a - b; }).join(",");
  }

  /* the steps after t were checked from an earlier value of step t: they must be checked again */
  function uncheckAfter(st, t) {
    for (var j = t + 1; j <= st.steps.length; j++) { st.steps[j - 1].checked = null; }
  }

  function finishTest() {
    state.q.forEach(function (q, i) {
      var secret = secrets[i][q.v], st = variantState(i, q.v);
      if (secret.kind === "numeric") {
        st.checked = st.text.trim() !== "" ? st.text : null;
        st.tries = st.checked === null ? 0 : 1;
        st.first = st.solved = gradeNumeric(secret, st.text).status === "correct";
      } else if (secret.kind === "steps") {
        var texts = [];
        for (var t = 1; t <= secret.plan.rows.length; t++) { texts.push(stepState(st, t).text); }
        gradeSteps(secret, texts).forEach(function (verdict, t) {
          var rec = stepState(st, t + 1);
          rec.checked = rec.text.trim() !== "" ? rec.text : null;
          rec.tries = rec.checked === null ? 0 : 1;
          rec.first = rec.solved = verdict.status === "correct";
        });
      } else {
        st.checked = st.picked.length > 0 ? pickedKey(st.picked) : null;
        st.tries = st.checked === null ? 0 : 1;
        st.first = st.solved = secret.kind === "choice"
          ? st.picked.length > 0 && secret.choices[st.picked[0]].correct
          : st.picked.length > 0 && multiVerdict(secret, st.picked);
      }
      st.reveal = 2;
    });
    state.finished = true;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    event.preventDefault();
    var at = where(form);
    if (form.classList.contains("answer-form")) { checkNumeric(form); }
    else if (form.classList.contains("step-form")) {
      if (checkStep(form) && !testing()) {
        var next = form.closest("li.step-item").nextElementSibling;
        if (next) { next.querySelector("input.step").focus(); }
      }
    } else if (form.classList.contains("multi-form")) {
      if (!checkMulti(form)) { return; }
    }
    drawVariant(at.i, at.v);
    updateScore();
    save();
    markScrollers();
  });

  document.addEventListener("click", function (event) {
    var b = event.target.closest("button");
    if (!b || b.type === "submit") { return; }
    if (b.classList.contains("choice")) {
      var at = where(b);
      pickChoice(b);
      drawVariant(at.i, at.v);
    } else if (b.classList.contains("reveal")) {
      var w = where(b), secret = secrets[w.i][w.v], st = variantState(w.i, w.v);
      st.reveal = st.reveal === 0 && secret.hint ? 1 : 2;
      if (st.reveal === 1) { st.hinted = true; }
      if (st.reveal === 2) { st.sawSolution = true; }
      drawVariant(w.i, w.v);
      var sec = sectionOf(w.i, w.v);
      if (st.reveal === 2) {
        var sol = sec.querySelector(".solution");
        sol.setAttribute("tabindex", "-1");
        sol.focus();
      }
    } else if (b.classList.contains("another")) {
      var q = state.q[where(b).i];
      q.v = (q.v + 1) % config.variants;
      draw(where(b).i);
    } else if (b.id === "reset") {
      state = fresh(state.mode, null);
      document.querySelectorAll(".hint, .solution").forEach(function (el) { el.innerHTML = ""; });
      drawAll();
      return;
    } else if (b.id === "switch-mode") {
      state = fresh(testing() ? "practice" : "test", null);
      drawAll();
      return;
    } else if (b.id === "finish") {
      finishTest();
      drawAll();
      document.getElementById("score").focus();
      return;
    } else if (b.id === "new-test") {
      state = fresh("test", state);
      document.querySelectorAll(".hint, .solution").forEach(function (el) { el.innerHTML = ""; });
      drawAll();
      return;
    } else {
      return;
    }
    updateScore();
    save();
    markScrollers();
  });

  // typing in a box keeps its text (a reload loses nothing) without checking it
  document.addEventListener("input", function (event) {
    var inp = event.target;
    if (!inp.matches("input.answer, input.step, input.tick")) { return; }
    var at = where(inp), st = variantState(at.i, at.v);
    if (inp.classList.contains("answer")) { st.text = inp.value; }
    else if (inp.classList.contains("step")) {
      var t = Number(inp.closest("form").getAttribute("data-step"));
      stepState(st, t).text = inp.value;
      uncheckAfter(st, t);
    } else {
      st.picked = [];
      inp.closest("form").querySelectorAll("input.tick").forEach(function (box) {
        if (box.checked) { st.picked.push(Number(box.getAttribute("data-choice"))); }
      });
    }
    drawVariant(at.i, at.v);  // feedback on a text that is no longer there goes
    save();
  });

  if (!store) {
    document.getElementById("storage-note").hidden = false;
  }
  window.addEventListener("resize", markScrollers);
  drawAll();
})();
