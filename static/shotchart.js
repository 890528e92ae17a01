/* shotchart.js: keeps the server-rendered SVG shot chart live.
 *
 * The chart's filters live on the <svg> (data-team, data-player, data-period); htmx swaps a
 * freshly rendered chart in when they change. Between swaps, shots arrive in deltas: a shot
 * that passes the filters is drawn (or redrawn, for a correction; a deleted one is removed),
 * and each zone's FG% is counted again from the marks on the chart, so the labels always
 * describe exactly the shots shown. The rules (colour steps by FG%, their strength by
 * attempts, the marks' shapes) come from dashboard/views/shotchart.py on the <svg>'s data
 * attributes, and every number is printed by the one vocabulary (vocabulary.js).
 */
(function () {
  "use strict";

  const SVG = "http://www.w3.org/2000/svg";
  const fmt = window.Vocabulary.fmt;

  /** The steps a count must reach, from one of the chart's data attributes ("25 40 50"). */
  function steps(chart, name) {
    return chart.dataset[name].split(" ").map(Number);
  }

  /** How many of ``bounds`` a value reaches: a colour step or a strength. */
  function reached(bounds, value) {
    return bounds.filter((bound) => value >= bound).length;
  }

  function svg() {
    return document.getElementById("shotchart");
  }

  function passes(chart, shot) {
    const { team, player, period } = chart.dataset;
    return (
      (!team || Number(team) === shot.team_id) &&
      (!player || Number(player) === shot.player_id) &&
      (!period || period === shot.period)
    );
  }

  function mark(chart, shot, side) {
    const g = document.createElementNS(SVG, "g");
    g.setAttribute("class", `shot ${shot.is_make ? "make" : "miss"} side-${side}`);
    g.dataset.shot = shot.id;
    g.dataset.team = shot.team_id;
    g.dataset.zone = shot.zone;
    g.dataset.make = shot.is_make ? "1" : "0";
    g.setAttribute("transform", `translate(${shot.x} ${shot.y})`);
    if (shot.is_make) {
      const c = document.createElementNS(SVG, "circle");
      c.setAttribute("r", chart.dataset.markRadius);
      g.appendChild(c);
    } else {
      const p = document.createElementNS(SVG, "path");
      p.setAttribute("d", chart.dataset.missPath);
      g.appendChild(p);
    }
    return g;
  }

  /** Count each zone's makes and attempts from the marks drawn, and relabel the chart. */
  function relabel(chart) {
    const cells = new Map();
    let made = 0;
    let attempts = 0;
    for (const m of chart.querySelectorAll("#shot-marks .shot")) {
      const cell = cells.get(m.dataset.zone) || { fg: 0, fga: 0 };
      cell.fga += 1;
      cell.fg += m.dataset.make === "1" ? 1 : 0;
      cells.set(m.dataset.zone, cell);
      attempts += 1;
      made += m.dataset.make === "1" ? 1 : 0;
    }
    const heatSteps = steps(chart, "heatSteps");
    const volumeSteps = steps(chart, "volumeSteps");
    for (const polygon of chart.querySelectorAll(".zone[data-zone]")) {
      const cell = cells.get(polygon.dataset.zone) || { fg: 0, fga: 0 };
      const pct = cell.fga ? Math.round((cell.fg / cell.fga) * 1000) / 10 : null;
      const heat = pct == null ? "none" : reached(heatSteps, pct);
      polygon.setAttribute("class", `zone heat-${heat} vol-${reached(volumeSteps, cell.fga)}`);
      const count = fmt.tally(cell.fg, cell.fga);
      const title = polygon.querySelector("title");
      if (title) title.textContent = title.textContent.replace(/[^:]*$/, ` ${count}`);
      const label = chart.querySelector(`[data-zone-label="${polygon.dataset.zone}"]`);
      if (!label) continue;
      label.classList.toggle("none", !cell.fga);
      label.querySelector(".zl-pct").textContent = fmt.zonePct(pct);
      label.querySelector(".zl-count").textContent = count;
    }
    const summary = document.getElementById("chart-summary");
    if (summary) {
      summary.querySelector('[data-chart="made"]').textContent = fmt.stat(made);
      summary.querySelector('[data-chart="attempts"]').textContent = fmt.stat(attempts);
      summary.querySelector('[data-chart="pct"]').textContent = fmt.pct(
        attempts ? Math.round((made / attempts) * 1000) / 10 : null,
      );
    }
  }

  function place(chart, shot, sideOf, fresh) {
    const layer = chart.querySelector("#shot-marks");
    const old = layer.querySelector(`[data-shot="${CSS.escape(shot.id)}"]`);
    if (shot.status === "DELETED" || !passes(chart, shot)) {
      if (old) old.remove();
      return;
    }
    const g = mark(chart, shot, sideOf(shot.team_id));
    if (fresh) g.classList.add("fresh");
    if (old) old.replaceWith(g);
    else layer.appendChild(g);
  }

  window.ShotChart = {
    /** Redraw every mark from a snapshot's shots (after a reconnect or a gap). */
    render(shots, sideOf) {
      const chart = svg();
      if (!chart) return;
      chart.querySelector("#shot-marks").replaceChildren();
      for (const shot of shots) place(chart, shot, sideOf, false);
      relabel(chart);
    },
    /** One shot from a delta: new, corrected or deleted. */
    upsert(shot, sideOf) {
      const chart = svg();
      if (!chart) return;
      place(chart, shot, sideOf, true);
      relabel(chart);
    },
  };
})();
