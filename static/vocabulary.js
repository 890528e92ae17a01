/* vocabulary.js: the one vocabulary in the browser.
 *
 * dashboard/vocabulary.py defines every word, number format and team colour a face shows;
 * each page hands it over with json_script (id "vocabulary") and this file formats from
 * it exactly as the server prints, so a number never changes its look when a live update
 * replaces it. It also sets each side's team colour as --home / --away (and its lighter
 * --home-ink / --away-ink for the dark screens) on the page, for the stylesheets and the court. Loaded before the page's own script.
 */
(function () {
  "use strict";

  const node = document.getElementById("vocabulary");
  if (!node) return;
  const v = JSON.parse(node.textContent);
  const OVERTIME = /^OT(\d{1,2})$/;

  /** A counting stat: whole numbers without decimals ('7'), others with one ('7.5'). */
  function stat(value) {
    const n = Number(value || 0);
    return Number.isInteger(n) ? String(n) : n.toFixed(1);
  }

  const fmt = {
    stat,
    madeOf: (made, attempted) => `${stat(made)}-${stat(attempted)}`,
    tally: (made, attempted) => `${stat(made)}/${stat(attempted)}`,
    pct: (value) => (value == null ? v.dash : Number(value).toFixed(1)),
    zonePct: (value) => (value == null ? v.dash : `${Math.floor(Number(value) + 0.5)}%`),
    distance: (metres) => {
      const m = Number(metres || 0);
      return m < 1000 ? `${Math.floor(m + 0.5)} m` : `${(m / 1000).toFixed(2)} km`;
    },
    /** MM:SS, rounded up so 00:00 means the time is really over. */
    clock: (ms) => {
      const s = Math.ceil(Math.max(0, ms) / 1000);
      return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
    },
  };

  function periodLabel(code, short) {
    if (!code) return "";
    const i = short ? 1 : 0;
    if (v.periods[code]) return v.periods[code][i];
    const match = OVERTIME.exec(code);
    if (match) {
      const number = Number(match[1]);
      const word = v.overtime[i];
      if (number <= 1) return word;
      return short ? `${word}${number}` : `${word} ${number}`;
    }
    return code;
  }

  /** A practice's drill: 'Drill 2 · Shooting', or 'No drill yet'. */
  function drillLabel(drill) {
    if (!drill) return v.drill[1];
    return `${v.drill[0]} ${drill.number}${drill.name ? ` · ${drill.name}` : ""}`;
  }

  const periodShown = (code, short) => periodLabel(code, short) || v.before_play[short ? 1 : 0];

  function phaseLabel(status, period, short) {
    if (v.status_short[status]) return short ? v.status_short[status] : v.statuses[status];
    return periodShown(period, short);
  }

  /** The clock's direction for a kind of event: "remaining" (counts down) or "elapsed". */
  const clockMeaning = (kind) => v.clock_meaning[kind] || "remaining";

  /** The milliseconds a clock shows now, ``sinceMs`` after its reading (when it runs). */
  function clockMs(clock, kind, sinceMs) {
    const running = clock.running ? Math.max(0, sinceMs || 0) : 0;
    if (clockMeaning(kind) === "elapsed") return clock.elapsed_ms + running;
    return Math.max(0, clock.remaining_ms - running);
  }

  const root = document.documentElement;
  for (const team of v.teams) {
    if (team.side === "home" || team.side === "away") {
      root.style.setProperty(`--${team.side}`, team.colour);
      root.style.setProperty(`--${team.side}-ink`, team.ink);
    }
  }

  window.Vocabulary = {
    dash: v.dash,
    teams: v.teams,
    fmt,
    periodLabel,
    periodShown,
    drillLabel,
    phaseLabel,
    statusLabel: (status) =>
      v.statuses[status] ||
      (status ? status[0].toUpperCase() + status.slice(1).toLowerCase() : ""),
    playStateLabel: (state) => v.play_states[state] || v.dash,
    /** A replay's speed words ('½ speed'; '' at real speed) and a shot's end ('Made 3-pointer'). */
    replaySpeed: (speed) => (Number(speed) === 1 ? "" : v.replay.speeds[String(speed)] || ""),
    shotResult: (shot) =>
      `${v.replay.results[shot.is_make ? 1 : 0]} ${v.replay.kinds[shot.is_3point ? 1 : 0]}`,
    feedState: (connected) => v.feed_states[connected ? "connected" : "down"],
    clockMeaning,
    clockMs,
  };
})();
