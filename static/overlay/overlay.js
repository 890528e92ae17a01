/* overlay.js: the on-air graphics output (a 1920x1080 browser source), the operator's preview,
 * and the CasparCG / SPX-GC template.
 *
 * One websocket (/ws/overlay/<key>/, …/preview/, or a template's …/graphic/) brings the bus's
 * whole state ("on_air": each layer's graphic, options and data, and a version), then "data"
 * updates of one layer's graphic and, for the mini court only, position "frame"s. A movement
 * replay brings its own frames (a clip the server froze at Take): it plays once on the mini
 * court at its speed from when it shows (a reload, or OBS putting the source on program,
 * plays the same clip again), marks the shot's result, then holds its last frame until Clear. Three
 * layers stack on the stage (full screen, lower, bug on top), each changing on its own.
 * Everything was formatted by the server (dashboard/overlay/graphics.py): this file places
 * text, animates graphics in and out with CSS, and ticks the scorebug's clock locally. A
 * version older than the one shown is ignored. The socket is static/socket.js (back within a
 * second of the server's return; the first message resyncs); 4404 (the key was revoked)
 * blanks the output for good. Runs in Chromium 103 and newer (OBS 30; eslint checks it).
 */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("overlay-data").textContent);
  const stage = document.getElementById("stage");
  const W = 1920;
  const H = 1080;
  const SVG = "http://www.w3.org/2000/svg";
  const GONE = 4404;
  const FORBIDDEN = 4403;

  // -- fitting the stage: 1920x1080 design pixels in whatever viewport (OBS, a preview box) --
  function fit() {
    const scale = Math.min(window.innerWidth / W, window.innerHeight / H);
    stage.style.transform = `scale(${scale})`;
    stage.style.left = `${(window.innerWidth - W * scale) / 2}px`;
    stage.style.top = `${(window.innerHeight - H * scale) / 2}px`;
  }
  window.addEventListener("resize", fit);
  fit();

  // -- building elements ----------------------------------------------------------------------
  function h(tag, cls, ...children) {
    const el = document.createElement(tag);
    if (cls) el.className = cls;
    for (const child of children.flat()) {
      if (child == null || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }
  // A text that can change: data-k names it, so an update can flash exactly what changed.
  function t(cls, key, text) {
    const el = h("span", cls, text);
    el.dataset.k = key;
    return el;
  }
  function s(tag, attrs = {}, ...children) {
    const el = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
    for (const child of children.flat()) if (child) el.append(child);
    return el;
  }
  function teamVars(el, team) {
    el.style.setProperty("--team", team.colour);
    return el;
  }

  // -- the graphics ---------------------------------------------------------------------------
  // The clock as every face prints it (dashboard/vocabulary.py, static/vocabulary.js).
  const clockText = window.Vocabulary.fmt.clock;

  function scorebug(d) {
    const side = (team, key) =>
      teamVars(
        h("div", `sb-team sb-${key}`,
          h("span", "sb-abbr", team.abbr),
          t("sb-score", `${key}.score`, team.score)),
        team);
    // The clock ticks here; an update that re-syncs it is no news, so it never flashes.
    const clock = h("span", "sb-clock", d.clock.shown ? clockText(d.clock.remaining_ms) : "");
    return h("div", "gfx-scorebug",
      side(d.home, "home"),
      side(d.away, "away"),
      h("div", "sb-time",
        t("sb-period", "period", d.period),
        d.clock.shown ? clock : null,
        d.state ? t(`sb-state state-${d.state.toLowerCase()}`, "state", d.state) : null));
  }

  function lowerThird(d) {
    const p = d.player;
    return teamVars(
      h("div", "gfx-lower",
        h("div", "lt-top",
          p.jersey ? h("div", "lt-jersey", h("span", "lt-hash", "#"), p.jersey) : null,
          h("div", "lt-name",
            h("span", "lt-first", p.first_name),
            h("span", "lt-last", p.last_name)),
          h("div", "lt-team", h("span", "lt-team-name", d.team.name), p.position ? h("span", "lt-pos", p.position) : null)),
        h("div", "lt-line",
          h("span", "lt-caption", d.caption),
          d.line.map((cell) => h("span", "lt-cell",
            t("lt-value", cell.label, cell.value),
            h("span", "lt-label", cell.label))))),
      d.team);
  }

  function panelHead(title, sub, home, away) {
    return h("div", "pn-head",
      h("div", "pn-title", h("span", "pn-title-main", title), sub ? h("span", "pn-title-sub", sub) : null),
      home && away ? h("div", "pn-score",
        teamVars(h("span", "pn-chip", home.abbr, t("pn-chip-score", "home.score", home.score)), home),
        teamVars(h("span", "pn-chip", away.abbr, t("pn-chip-score", "away.score", away.score)), away)) : null);
  }

  function comparison(d) {
    const team = (x, key) => teamVars(h("div", `tc-team tc-${key}`, h("span", "tc-name", x.name), t("tc-score", `${key}.score`, x.score)), x);
    return h("div", "gfx-panel gfx-compare",
      panelHead("Team comparison", d.title),
      h("div", "tc-teams", team(d.home, "home"), h("span", "tc-vs", "vs"), team(d.away, "away")),
      h("div", "tc-rows", d.rows.map((row, i) => {
        const r = h("div", "tc-row",
          h("div", "tc-val tc-val-home", t("tc-num", `${row.label}.home`, row.home), row.home_detail ? t("tc-detail", `${row.label}.hd`, row.home_detail) : null),
          h("div", "tc-label", row.label),
          h("div", "tc-val tc-val-away", t("tc-num", `${row.label}.away`, row.away), row.away_detail ? t("tc-detail", `${row.label}.ad`, row.away_detail) : null),
          h("div", "tc-bar",
            teamVars(h("span", "tc-bar-home"), d.home),
            teamVars(h("span", "tc-bar-away"), d.away)));
        r.style.setProperty("--share", row.share);
        r.style.setProperty("--i", i);
        return r;
      })));
  }

  // The team comparison as a lower-layer strip: the two teams and the rows side by side.
  function comparisonStrip(d) {
    const chip = (x, key) => teamVars(h("div", `cs-team cs-${key}`, h("span", "cs-abbr", x.abbr), t("cs-score", `${key}.score`, x.score)), x);
    return h("div", "gfx-strip",
      chip(d.home, "home"),
      h("div", "cs-rows", d.rows.slice(0, 5).map((row) => h("div", "cs-cell",
        t("cs-num cs-num-home", `${row.label}.home`, row.home),
        h("span", "cs-label", row.label),
        t("cs-num cs-num-away", `${row.label}.away`, row.away)))),
      chip(d.away, "away"));
  }

  // The half court of the shot chart, hoop at the top (hoop-frame mm: svg_x = x, svg_y = y).
  function halfCourt() {
    const c = config.half_court;
    const [fx, fy, fw, fh] = c.floor;
    const [lx, ly, lw, lh] = c.lane;
    const [bx1, by1, bx2, by2] = c.backboard;
    const [rx, ry, rr] = c.rim;
    return s("g", { class: "hc-lines" },
      s("rect", { x: fx, y: fy, width: fw, height: fh, class: "hc-floor" }),
      s("rect", { x: lx, y: ly, width: lw, height: lh, class: "hc-lane" }),
      s("path", { d: c.three_point }),
      s("path", { d: c.restricted }),
      s("path", { d: c.free_throw_solid }),
      s("path", { d: c.free_throw_dashed, class: "hc-dashed" }),
      s("path", { d: c.centre_circle }),
      s("line", { x1: bx1, y1: by1, x2: bx2, y2: by2, class: "hc-board" }),
      s("circle", { cx: rx, cy: ry, r: rr, class: "hc-rim" }));
  }

  function shotChart(d) {
    const zones = s("g", { class: "hc-zones" }, config.zones.map((z) => {
      const cell = d.zones[String(z.number)] || { fga: 0 };
      const cls = cell.fga ? `hc-zone heat-${cell.heat} vol-${cell.volume}` : "hc-zone";
      return s("polygon", { points: z.points, class: cls });
    }));
    const labels = s("g", { class: "hc-labels" }, config.zones.map((z) => {
      const cell = d.zones[String(z.number)];
      if (!cell || !cell.fga) return null;
      const label = s("text", { x: z.cx, y: z.cy, "text-anchor": "middle", "dominant-baseline": "central" });
      label.textContent = window.Vocabulary.fmt.tally(cell.fg, cell.fga);
      return label;
    }));
    const arm = 150;
    const marks = s("g", { class: "hc-shots" }, d.shots.map((shot) => shot.make
      ? s("circle", { cx: shot.x, cy: shot.y, r: 210, class: "hc-make" })
      : s("path", { d: `M${shot.x - arm} ${shot.y - arm} L${shot.x + arm} ${shot.y + arm} M${shot.x + arm} ${shot.y - arm} L${shot.x - arm} ${shot.y + arm}`, class: "hc-miss" })));
    const svg = s("svg", { viewBox: config.half_court.view_box, class: "hc-svg", preserveAspectRatio: "xMidYMid meet" },
      halfCourt(), zones, labels, marks);
    const who = d.player ? `${d.player.first_name} ${d.player.last_name}` : d.team.name;
    return teamVars(
      h("div", "gfx-panel gfx-chart",
        panelHead("Shot chart", d.title),
        h("div", "sc-body",
          h("div", "sc-court", svg),
          h("div", "sc-side",
            h("div", "sc-who", d.player && d.player.jersey ? h("span", "sc-jersey", `#${d.player.jersey}`) : null, h("span", "sc-name", who)),
            d.player ? h("div", "sc-team", d.team.name) : null,
            h("div", "sc-fg",
              h("div", "sc-fg-main", t("sc-fg-value", "fg", d.fg), h("span", "sc-fg-label", "Field goals")),
              h("div", "sc-fg-main sc-fg-pct", t("sc-fg-value", "fgp", /\d/.test(d.fg_pct) ? `${d.fg_pct}%` : d.fg_pct), h("span", "sc-fg-label", "FG%"))),
            d.areas.map((area) => h("div", "sc-stat",
              h("span", "sc-stat-label", area.label), t("sc-stat-value", area.label, area.value))),
            h("div", "sc-legend",
              h("span", "sc-key sc-key-make", "Made"), h("span", "sc-key sc-key-miss", "Missed"),
              h("span", "sc-key sc-key-heat", "Cold → hot zones"))))),
      d.team);
  }

  // The full court of the mini court, in the court frame (mm; svg_y = -y so north is up),
  // from the lines shottracker.court defines (config.court.lines: court_lines).
  function fullCourt() {
    const c = config.court;
    const L = c.lines;
    const xs = c.corners.map((p) => p[0]);
    const ys = c.corners.map((p) => -p[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const g = s("g", { class: "mc-lines" },
      s("rect", { x: x0, y: y0, width: x1 - x0, height: y1 - y0, class: "mc-floor" }),
      s("line", { x1: (x0 + x1) / 2, y1: y0, x2: (x0 + x1) / 2, y2: y1 }),
      s("circle", { cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, r: L.centre_radius }));
    for (const hoop of c.hoops) {
      const hx = hoop[0];
      const hy = -hoop[1];
      const d = hx < (x0 + x1) / 2 ? 1 : -1; // toward centre court
      const at = (along, across) => [hx + d * along, hy + across];
      const sweep = d > 0 ? 1 : 0;
      const [ax, ay] = at(-L.hoop_from_baseline, -L.three_corner);
      const [bx, by] = at(L.break_y, -L.three_corner);
      const [cx, cy] = at(L.break_y, L.three_corner);
      const [ex, ey] = at(-L.hoop_from_baseline, L.three_corner);
      g.append(s("path", { d: `M${ax} ${ay} L${bx} ${by} A${L.three_radius} ${L.three_radius} 0 0 ${sweep} ${cx} ${cy} L${ex} ${ey}` }));
      const laneX = d > 0 ? hx - L.hoop_from_baseline : hx - L.free_throw_y;
      g.append(s("rect", { x: laneX, y: hy - L.lane_width / 2, width: L.hoop_from_baseline + L.free_throw_y, height: L.lane_width, class: "mc-lane" }));
      const [fx, fy] = at(L.free_throw_y, 0);
      g.append(s("circle", { cx: fx, cy: fy, r: L.free_throw_radius }));
      const [r1x, r1y] = at(0, -L.restricted_radius);
      const [r2x, r2y] = at(0, L.restricted_radius);
      g.append(s("path", { d: `M${r1x} ${r1y} A${L.restricted_radius} ${L.restricted_radius} 0 0 ${sweep} ${r2x} ${r2y}` }));
      const [k1x, k1y] = at(L.backboard_y, -L.backboard_width / 2);
      const [k2x, k2y] = at(L.backboard_y, L.backboard_width / 2);
      g.append(s("line", { x1: k1x, y1: k1y, x2: k2x, y2: k2y, class: "mc-board" }));
      g.append(s("circle", { cx: hx, cy: hy, r: L.rim_radius, class: "mc-rim" }));
    }
    const margin = 500;
    return { g, viewBox: `${x0 - margin} ${y0 - margin} ${x1 - x0 + 2 * margin} ${y1 - y0 + 2 * margin}` };
  }

  let court = null; // the mini court on the stage: {dots: Map(id -> g), ball, meta}

  // A full court with players' dots and the ball: the mini court's, and the replay's.
  function courtView(d, ...under) {
    const { g, viewBox } = fullCourt();
    const dots = s("g", { class: "mc-dots" });
    const svg = s("svg", { viewBox, class: "mc-svg", preserveAspectRatio: "xMidYMid meet" }, g, under, dots);
    const ball = s("circle", { r: 230, class: "mc-ball", visibility: "hidden" });
    dots.append(ball);
    return { svg, dots, ball, meta: d.players, teams: { home: d.home, away: d.away }, g: new Map() };
  }

  function miniCourt(d) {
    court = courtView(d);
    const svg = court.svg;
    placeAll(court, d.positions.players, d.positions.ball);
    const legend = (team) => teamVars(h("span", "mc-key", h("span", "mc-key-dot"), team.name), team);
    return h("div", "gfx-panel gfx-court",
      panelHead("Live court", null, d.home, d.away),
      h("div", "mc-body", svg),
      h("div", "mc-legend", legend(d.home), legend(d.away), h("span", "mc-key mc-key-ball", h("span", "mc-key-dot"), "Ball")));
  }

  function dot(view, id) {
    let g = view.g.get(id);
    if (g) return g;
    const meta = view.meta[id];
    if (!meta) return null;
    const team = view.teams[meta.side];
    g = s("g", { class: "mc-player" });
    g.style.setProperty("--team", team.colour);
    const label = s("text", { "text-anchor": "middle", "dominant-baseline": "central" });
    label.textContent = meta.jersey;
    g.append(s("circle", { r: 430 }), label);
    view.dots.insertBefore(g, view.ball);
    view.g.set(id, g);
    return g;
  }

  function placeAll(view, players, ball) {
    if (!view) return;
    const seen = new Set();
    for (const [id, pos] of Object.entries(players || {})) {
      const g = dot(view, id);
      if (!g) continue; // a sensor that is not a player of this game (a referee, a spare tag)
      g.setAttribute("transform", `translate(${pos[0]} ${-pos[1]})`);
      seen.add(id);
    }
    for (const [id, g] of view.g) {
      if (!seen.has(id)) {
        g.remove();
        view.g.delete(id);
      }
    }
    if (ball) {
      view.ball.setAttribute("cx", ball[0]);
      view.ball.setAttribute("cy", -ball[1]);
      view.ball.setAttribute("visibility", "visible");
    }
  }

  // -- the movement replay: a clip frozen at Take, played on the mini court ----------------
  // It waits for the panel to slide in, plays the clip once at its speed (positions glide
  // between the 25 Hz frames, so half speed is as smooth as real speed), marks the shot
  // when the clip reaches it, then holds the last frame until Clear. el.dataset.replay says
  // where it is: "cued" (a preview: no frames until Take), "playing", "held".
  const REPLAY_LEAD_MS = 600;
  const TRAIL_MS = 1200; // the ball's trail: its last second or so

  function between(a, b, k) {
    if (!b || !a) return a || b;
    return a.map((v, i) => (i < b.length ? v + (b[i] - v) * k : v));
  }

  function replay(d) {
    const clip = d.clip;
    const trail = s("polyline", { class: "rp-trail", points: "" });
    const marks = s("g", { class: "rp-marks" });
    const view = courtView(d, marks, trail);
    const progress = h("span", "rp-progress-bar");
    const result = h("div", "rp-result");
    result.hidden = true;
    const body = h("div", "mc-body rp-body", view.svg,
      clip ? null : h("div", "rp-cued", h("span", "rp-cued-main", d.pending), h("span", "rp-cued-sub", d.caption)));
    const panel = h("div", "gfx-panel gfx-court gfx-replay",
      panelHead(d.title, d.caption, d.home, d.away),
      body,
      h("div", "rp-foot",
        h("span", "rp-tag", h("span", "rp-tag-dot"), d.speed_label),
        h("span", "rp-progress", progress),
        result));
    panel.replayRun = clip ? () => runReplay(view, clip, d.speed, panel, { trail, marks, progress, result }) : null;
    return panel;
  }

  function runReplay(view, clip, speed, panel, parts) {
    const frames = clip.frames;
    const run = {};
    panel.currentRun = run;
    const t0 = frames[0].t;
    const t1 = frames[frames.length - 1].t;
    const start = performance.now() + REPLAY_LEAD_MS;
    const ballPath = [];
    let i = 0;
    let marked = false;
    while (parts.marks.firstChild) parts.marks.removeChild(parts.marks.firstChild);
    parts.result.hidden = true;
    parts.trail.setAttribute("points", "");
    const setState = (state) => {
      const el = panel.closest(".gfx") || panel;
      el.dataset.replay = state;
    };
    const markShot = () => {
      marked = true;
      const shot = clip.shot;
      const team = view.teams[shot.side] || view.teams.home;
      const x = shot.x;
      const y = -shot.y;
      const arm = 420;
      const mark = shot.make
        ? s("circle", { cx: x, cy: y, r: 520, class: "rp-make" })
        : s("path", { d: `M${x - arm} ${y - arm} L${x + arm} ${y + arm} M${x + arm} ${y - arm} L${x - arm} ${y + arm}`, class: "rp-miss" });
      mark.style.setProperty("--team", team.colour);
      parts.marks.append(mark);
      const r = parts.result;
      while (r.firstChild) r.removeChild(r.firstChild);
      teamVars(r, team);
      r.className = `rp-result ${shot.make ? "rp-made" : "rp-missed"}`;
      r.append(
        shot.jersey ? h("span", "rp-jersey", `#${shot.jersey}`) : null,
        shot.name ? h("span", "rp-name", shot.name) : null,
        h("span", "rp-word", shot.result),
        h("span", "rp-points", shot.points));
      r.hidden = false;
    };
    setState("playing");
    const step = (now) => {
      if (panel.currentRun !== run || !panel.isConnected) return;
      const ft = t0 + Math.max(0, now - start) * speed;
      while (i < frames.length - 1 && frames[i + 1].t <= ft) i += 1;
      const a = frames[i];
      const b = frames[i + 1];
      const k = b ? Math.min(1, Math.max(0, (ft - a.t) / (b.t - a.t))) : 0;
      const players = {};
      for (const [id, pos] of Object.entries(a.players)) players[id] = b && b.players[id] ? between(pos, b.players[id], k) : pos;
      const ball = b ? between(a.ball, b.ball, k) : a.ball;
      placeAll(view, players, ball);
      if (ball) ballPath.push([ft, ball[0], -ball[1]]);
      while (ballPath.length && ballPath[0][0] < ft - TRAIL_MS * Math.max(speed, 0.5)) ballPath.shift();
      parts.trail.setAttribute("points", ballPath.map((p) => `${Math.round(p[1])},${Math.round(p[2])}`).join(" "));
      parts.progress.style.transform = `scaleX(${t1 > t0 ? Math.min(1, (ft - t0) / (t1 - t0)) : 1})`;
      if (clip.shot && !marked && ft >= clip.shot.t) markShot();
      if (ft >= t1) {
        if (clip.shot && !marked) markShot();
        setState("held"); // the last frame stays, with the result, until Clear
        return;
      }
      requestAnimationFrame(step);
    };
    placeAll(view, frames[0].players, frames[0].ball);
    requestAnimationFrame(step);
  }

  function boxScore(d) {
    const tables = d.teams.map((block) => {
      const head = h("div", "bx-row bx-head", h("span", "bx-player", block.team.name), d.columns.map((c) => h("span", "bx-cell", c)));
      const rows = block.rows.map((row, i) => {
        const r = h("div", "bx-row",
          h("span", "bx-player", h("span", "bx-jersey", row.jersey), h("span", "bx-name", row.short || row.name)),
          row.cells.map((cell, j) => t(`bx-cell${j === 0 ? " bx-pts" : ""}`, `${row.id}.${d.columns[j]}`, cell)));
        r.style.setProperty("--i", i);
        return r;
      });
      const totals = h("div", "bx-row bx-totals", h("span", "bx-player", "Team"),
        block.totals.map((cell, j) => t(`bx-cell${j === 0 ? " bx-pts" : ""}`, `${block.team.id}.${d.columns[j]}`, cell)));
      return teamVars(h("div", "bx-team", head, rows, totals), block.team);
    });
    return h("div", `gfx-panel gfx-box${d.teams.length > 1 ? " bx-two" : ""}`,
      panelHead(d.title === "Halftime" || d.title === "Final" ? `${d.title} box score` : "Box score",
        d.title === "Halftime" || d.title === "Final" ? null : d.title, d.score.home, d.score.away),
      h("div", "bx-tables", tables));
  }

  function leaders(d) {
    const who = (leader, key) => leader
      ? h("div", `ld-who ld-${key}`,
          h("span", "ld-jersey", leader.jersey ? `#${leader.jersey}` : ""),
          h("span", "ld-name", h("span", "ld-first", leader.first_name), h("span", "ld-last", leader.last_name)),
          t("ld-value", `${key}`, leader.value))
      : h("div", `ld-who ld-${key} ld-none`, "–");
    return h("div", "gfx-panel gfx-leaders",
      panelHead("Game leaders", d.title, d.home, d.away),
      h("div", "ld-teams",
        teamVars(h("span", "ld-team ld-team-home", d.home.name), d.home),
        teamVars(h("span", "ld-team ld-team-away", d.away.name), d.away)),
      h("div", "ld-rows", d.rows.map((row, i) => {
        const r = h("div", "ld-row",
          teamVars(who(row.home, `${row.key}.home`), d.home),
          h("div", "ld-label", row.label),
          teamVars(who(row.away, `${row.key}.away`), d.away));
        r.style.setProperty("--i", i);
        return r;
      })));
  }

  const RENDER = {
    scorebug, lower_third: lowerThird, team_comparison: comparison, shot_chart: shotChart,
    mini_court: miniCourt, box_score: boxScore, leaders, replay,
  };
  // Graphics frozen at Take: a repeat of the same clip changes nothing on screen.
  const clipOf = (graphic, data) => (graphic === "replay" && data && data.clip ? data.clip.id : null);

  // -- what is on the stage: three layers, each with its own graphic ------------------------
  // Full-screen graphics at the bottom, lower thirds above them, the bug on top.
  const LAYERS = ["full", "lower", "bug"];
  const layerEls = {};
  for (const name of LAYERS) {
    layerEls[name] = h("div", `layer layer-${name}`);
    layerEls[name].dataset.layer = name;
    stage.append(layerEls[name]);
  }
  let version = -1;
  const current = {}; // layer -> {graphic, options, el}
  let clock = null; // {remaining_ms, running, at, el}

  function sameOptions(a, b) {
    return JSON.stringify(a || {}) === JSON.stringify(b || {});
  }

  function animateOut(el) {
    el.classList.remove("is-in");
    el.classList.add("is-out");
    const done = () => el.remove();
    el.addEventListener("animationend", (e) => e.target === el.firstElementChild && done());
    setTimeout(done, 900); // a hidden page runs no animations: never leave a graphic behind
  }

  function render(layer, graphic, data) {
    // A team comparison on the lower layer is a strip, not the full-screen panel.
    if (graphic === "team_comparison" && layer === "lower") return comparisonStrip(data);
    return RENDER[graphic](data);
  }

  function markStage() {
    stage.dataset.graphic = LAYERS.slice().reverse()
      .filter((name) => current[name]).map((name) => current[name].graphic).join(" ");
  }

  function show(layer, graphic, options, data) {
    const was = current[layer];
    if (was) animateOut(was.el);
    delete current[layer];
    if (was && was.graphic === "mini_court") court = null;
    if (was && was.graphic === "scorebug") clock = null;
    layerEls[layer].dataset.graphic = graphic && data ? graphic : "";
    if (!graphic || !data) {
      markStage();
      return;
    }
    const el = h("div", `gfx g-${graphic.split("_").join("-")}${layer === "lower" && graphic === "team_comparison" ? " g-compare-strip" : ""} is-in`);
    el.dataset.graphic = graphic;
    el.dataset.layer = layer;
    el.append(render(layer, graphic, data));
    // Rows stagger in only while the graphic enters; an update later must not replay that.
    const settle = () => el.classList.add("is-settled");
    el.addEventListener("animationend", (e) => e.target === el.firstElementChild && settle());
    setTimeout(settle, 1500);
    layerEls[layer].append(el);
    el.dataset.shownAt = String(Date.now());
    current[layer] = { graphic, options, el, clip: clipOf(graphic, data) };
    const content = el.firstElementChild;
    if (content && content.replayRun) content.replayRun();
    else if (graphic === "replay") el.dataset.replay = "cued";
    markStage();
    startClock(graphic, data, el);
  }

  function empty(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }

  // Replace a graphic's content in place; numbers that changed flash.
  function update(layer, data) {
    const cur = current[layer];
    if (cur.graphic === "replay") return; // frozen: what was taken plays on, untouched
    const el = cur.el;
    const old = new Map(Array.from(el.querySelectorAll("[data-k]"), (n) => [n.dataset.k, n.textContent]));
    const keepCourt = court;
    const fresh = render(layer, cur.graphic, data);
    empty(el);
    el.append(fresh);
    for (const n of fresh.querySelectorAll("[data-k]")) {
      if (old.has(n.dataset.k) && old.get(n.dataset.k) !== n.textContent) n.classList.add("flash");
    }
    if (keepCourt && court && keepCourt.last) placeAll(court, keepCourt.last.players, keepCourt.last.ball);
    startClock(cur.graphic, data, el);
  }

  function startClock(graphic, data, el) {
    if (graphic !== "scorebug") return;
    clock = data.clock.shown
      ? { remaining_ms: data.clock.remaining_ms, running: data.clock.running, at: performance.now(), el }
      : null;
    if (clock && clock.running) requestAnimationFrame(tick);
  }

  function tick() {
    if (!clock || !clock.running || !current.bug) return;
    const el = clock.el.querySelector(".sb-clock");
    const left = clock.remaining_ms - (performance.now() - clock.at);
    const text = clockText(left);
    if (el && el.textContent !== text) el.textContent = text;
    if (left > 0) requestAnimationFrame(tick);
  }

  // The whole state of the bus: each layer changes on its own (what stays, stays still).
  function onAir(msg) {
    if (msg.version < version) return;
    version = msg.version;
    const layers = msg.layers || {};
    for (const layer of LAYERS) {
      const next = layers[layer] || null;
      const cur = current[layer];
      const same = next && cur && cur.graphic === next.graphic && sameOptions(cur.options, next.options)
        && cur.clip === clipOf(next.graphic, next.data); // a new Take of a replay plays anew
      if (same) {
        update(layer, next.data); // a resync or a repeat: no animation for what is already up
      } else if (next || cur) {
        show(layer, next && next.graphic, next && next.options, next && next.data);
      }
    }
  }

  function onData(msg) {
    const cur = current[msg.layer];
    if (msg.version !== version || !cur || cur.graphic !== msg.graphic) return;
    update(msg.layer, msg.data);
  }

  function onFrame(msg) {
    if (!court) return;
    court.last = { players: msg.players, ball: msg.ball };
    placeAll(court, msg.players, msg.ball);
  }

  function blank() {
    for (const layer of LAYERS) {
      empty(layerEls[layer]);
      layerEls[layer].dataset.graphic = "";
      delete current[layer];
    }
    court = null;
    clock = null;
    stage.dataset.graphic = "";
  }

  // -- the socket: the one socket module (static/socket.js), no snapshot/delta rule here ------
  let socket = null;
  let removed = false;

  function onMessage(msg) {
    if (msg.type === "on_air") (template ? template.onAir(msg) : onAir(msg));
    else if (msg.type === "data") {
      if (template) template.onData(msg);
      onData(msg);
    } else if (msg.type === "frame") onFrame(msg);
    else if (msg.type === "error") stage.dataset.error = msg.error;
  }

  function onState(state) {
    if (state === "open") {
      stage.dataset.link = "open";
      if (template) template.opened();
    } else if (state === "reconnecting") {
      // Keep what is on air through a blip; the next connection resyncs it.
      stage.dataset.link = "reconnecting";
    } else if (state === "closed" && !removed) {
      // Revoked (or not ours to see): nothing airs from this page again.
      blank();
      stage.dataset.link = "gone";
    }
  }

  function connect() {
    socket = window.CourtsideSocket.open({
      // A template may be a file in CasparCG's templates folder: its socket URL is absolute.
      url: config.ws_url || config.ws_path,
      sequenced: false,
      final: [GONE, FORBIDDEN],
      onMessage,
      onState,
    });
  }

  // -- as a CasparCG / SPX-GC template ------------------------------------------------------
  // CasparCG's HTML producer (and SPX-GC's web playout) call these globals: update(data) with
  // a string (JSON, or XML templateData), play(), stop(), next(), remove(). The page shows
  // the graphic named by the data's fields (graphic, team, player, layer; SPX's f0/f1/f2
  // work too), live, only between play() and stop().
  function fieldsOf(data) {
    const text = typeof data === "string" ? data.trim() : "";
    let fields = {};
    if (data && typeof data === "object") fields = data;
    else if (text.charAt(0) === "{") fields = JSON.parse(text);
    else if (text.charAt(0) === "<") {
      const xml = new DOMParser().parseFromString(text, "text/xml");
      for (const part of Array.from(xml.getElementsByTagName("componentData"))) {
        const value = part.getElementsByTagName("data")[0];
        if (value) fields[part.getAttribute("id")] = value.getAttribute("value") || "";
      }
    }
    const pick = (...names) => {
      for (const name of names) if (fields[name] != null && fields[name] !== "") return String(fields[name]);
      return "";
    };
    const request = { graphic: pick("graphic", "f0"), options: {} };
    const team = pick("team", "f1");
    const player = pick("player", "f2");
    const layer = pick("layer");
    if (team) request.options.team = team;
    if (player) request.options.player = player;
    if (request.graphic === "replay") {
      for (const name of ["of", "seconds", "speed"]) if (pick(name)) request.options[name] = pick(name);
    }
    if (layer) request.layer = layer;
    return request;
  }

  const template = config.mode === "template" ? (function () {
    let wanted = fieldsOf(config.fields || {});
    let latest = null; // the newest on_air for what is wanted
    let playing = false;

    function send() {
      if (socket && wanted.graphic) socket.send(wanted); // dropped while down; sent on open
    }
    function showLatest() {
      if (!playing || !latest) return;
      version = -1; // this socket's versions are its own: the newest state is always shown
      onAir(latest);
    }
    function hideAll() {
      for (const layer of LAYERS) if (current[layer]) show(layer, null, null, null);
    }
    const api = {
      opened() { send(); },
      onAir(msg) {
        latest = msg;
        showLatest();
      },
      onData(msg) {
        // Kept while stopped too, so the next play() shows the newest numbers.
        const entry = latest && latest.version === msg.version && latest.layers[msg.layer];
        if (entry && entry.graphic === msg.graphic) entry.data = msg.data;
      },
      update(data) {
        try {
          wanted = fieldsOf(data);
        } catch (err) {
          stage.dataset.error = `update: ${err.message}`;
          return;
        }
        latest = null;
        send();
      },
      play() {
        playing = true;
        stage.dataset.playing = "1";
        showLatest();
      },
      stop() {
        playing = false;
        stage.dataset.playing = "";
        hideAll();
      },
      next() {
        // One step: Continue plays the graphic in again, with the newest data.
        if (!playing) return api.play();
        hideAll();
        setTimeout(showLatest, 350);
      },
      remove() {
        api.stop();
        removed = true;
        socket.close();
      },
    };
    return api;
  })() : null;

  if (template) {
    window.update = template.update;
    window.play = template.play;
    window.stop = template.stop;
    window.next = template.next;
    window.remove = template.remove;
  }

  // OBS: a source that goes to program plays its graphics in again (its "on program" event).
  window.addEventListener("obsSourceActiveChanged", (event) => {
    if (!event.detail || !event.detail.active) return;
    for (const layer of LAYERS) {
      const cur = current[layer];
      if (!cur) continue;
      cur.el.classList.remove("is-in", "is-settled");
      void cur.el.offsetWidth; // restart the animations
      cur.el.classList.add("is-in");
      setTimeout(() => cur.el.classList.add("is-settled"), 1500);
      // A replay plays again from its start when its source goes to program.
      const content = cur.el.firstElementChild;
      if (content && content.replayRun) content.replayRun();
    }
  });

  connect();
  if (template && config.autoplay) template.play();
})();
