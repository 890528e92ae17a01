// Coach pages: keep the polled panels honest on a flaky gym Wi-Fi.
// htmx keeps polling through failures (the old numbers stay on screen, and each poll gives
// up after 8 s: hx-request on the panels); this script says so when a refresh fails, clears
// the notice when one gets through, and lets a season section that failed be tried again.
(function () {
  "use strict";
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

  // A season section that could not load says so and offers to try again (its request
  // may take a while: a year of numbers can mean many requests to ShotTracker).
  function sectionFailed(evt) {
    var el = evt.detail && evt.detail.elt;
    if (!el || !el.classList || !el.classList.contains("c-section")) return;
    var url = el.getAttribute("hx-get");
    var note = el.querySelector(".c-loading") || el.appendChild(document.createElement("p"));
    note.className = "c-problem";
    note.innerHTML = '<span class="c-problem-title">Courtside did not answer in time.</span> ' +
      '<button type="button" class="c-button">Try again</button>';
    note.querySelector("button").addEventListener("click", function () {
      note.className = "c-loading";
      note.textContent = "Loading from ShotTracker\u2026";
      htmx.ajax("GET", url, {source: el, target: el, swap: "innerHTML"});
    });
  }

  function failed(e) {
    if (fromPanel(e)) showLost();
    sectionFailed(e);
  }

  document.addEventListener("htmx:sendError", failed);
  document.addEventListener("htmx:timeout", failed);
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:afterSwap", function () {
    stampTimes(document);
    clearLost();
  });
  window.addEventListener("offline", showLost);
  document.addEventListener("DOMContentLoaded", function () { stampTimes(document); });
  if (document.readyState !== "loading") stampTimes(document);
})();
