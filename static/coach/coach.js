// Coach pages: keep the polled panels honest on a flaky gym Wi-Fi.
// htmx keeps polling through failures (the old numbers stay on screen); this script
// says so when a refresh fails, and clears the notice when one gets through.
(function () {
  "use strict";
  if (window.htmx) {
    htmx.config.timeout = 8000; // a hung request must not hold the next poll back for long
  }
  var PANELS = ["live-panel", "practice-panel"];

  function clock(ms) {
    var d = new Date(Number(ms));
    return isNaN(d) ? "" : d.toLocaleTimeString([], {hour: "2-digit", minute: "2-digit", second: "2-digit"});
  }

  function stampTimes(root) {
    (root || document).querySelectorAll("time[data-ms]").forEach(function (t) {
      t.textContent = clock(t.dataset.ms);
    });
  }

  function panel() {
    for (var i = 0; i < PANELS.length; i++) {
      var el = document.getElementById(PANELS[i]);
      if (el) return el;
    }
    return null;
  }

  function fromPanel(evt) {
    var el = evt.detail && evt.detail.elt;
    return el && PANELS.indexOf(el.id) >= 0;
  }

  function showLost() {
    var note = document.getElementById("c-conn");
    var p = panel();
    if (!note || !p) return;
    var when = note.querySelector("[data-conn-time]");
    if (when) when.textContent = clock(p.dataset.updated);
    note.hidden = false;
    document.body.classList.add("is-stale");
  }

  function clearLost() {
    var note = document.getElementById("c-conn");
    if (note) note.hidden = true;
    document.body.classList.remove("is-stale");
  }

  document.addEventListener("htmx:sendError", function (e) { if (fromPanel(e)) showLost(); });
  document.addEventListener("htmx:timeout", function (e) { if (fromPanel(e)) showLost(); });
  document.addEventListener("htmx:responseError", function (e) { if (fromPanel(e)) showLost(); });
  document.addEventListener("htmx:afterSwap", function () {
    stampTimes(document);
    clearLost();
  });
  window.addEventListener("offline", showLost);
  document.addEventListener("DOMContentLoaded", function () { stampTimes(document); });
  if (document.readyState !== "loading") stampTimes(document);
})();
