/* The study guide's explorer: swaps in precomputed runs (no gradient descent here) and opens the
   model answers for printing. The runs are the inline JSON of #explorer-data. */
(function () {
  "use strict";
  var source = document.getElementById("explorer-data");
  var root = document.getElementById("lr-explorer");
  if (!source || !root) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var slider = document.getElementById("lr-slider");
  var toggle = document.getElementById("lr-momentum");
  var value = document.getElementById("lr-value");
  var regime = document.getElementById("lr-regime");
  var status = document.getElementById("lr-status");
  var loss = document.getElementById("loss-line");
  var path = document.getElementById("path-line");
  var marker = document.getElementById("lr-marker");

  function show() {
    var optimizer = toggle.checked ? "momentum" : "gd";
    var run = data[optimizer][Number(slider.value)];
    loss.setAttribute("points", run.loss);
    path.setAttribute("points", run.path);
    marker.setAttribute("transform", "translate(" + run.x + ",0)");
    value.textContent = "η = " + run.label;
    regime.textContent = run.regime;
    status.textContent = run.status;
    slider.setAttribute("aria-valuetext", "η = " + run.label + ", " + run.regime);
    root.setAttribute("data-regime", run.regime);
    root.setAttribute("data-index", slider.value);
    root.setAttribute("data-optimizer", optimizer);
  }

  slider.addEventListener("input", show);
  toggle.addEventListener("change", show);
  root.hidden = false;
  document.documentElement.classList.add("js");
  show();

  window.addEventListener("beforeprint", function () {
    var all = document.querySelectorAll("details");
    for (var i = 0; i < all.length; i += 1) {
      all[i].open = true;
    }
  });
}());
