/* console.js: the game page, live.
 *
 * One websocket (/ws/games/<id>/, static/socket.js) brings a snapshot, then numbered deltas,
 * position frames and the feed's health. socket.js keeps the order (seq == last + 1, older
 * ignored, a gap, a reconnect or a newer seq in the health brings a fresh snapshot); this
 * file applies what it hands over. The
 * page was rendered by the server at some seq; every later change is applied here to the
 * DOM in place, formatted exactly as the server formats it (see dashboard/templatetags/console.py).
 */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("console-data").textContent);
  const STALE_MS = 3500; // health arrives every second: silence this long means trouble
  const V = window.Vocabulary; // words and number formats: dashboard/vocabulary.py
  const DETAIL = [
    [["FREE_THROW", "TWO_POINT", "THREE_POINT"], "PTS"],
    [["ASSIST"], "AST"],
    [["REBOUND"], "REB"],
    [["STEAL"], "STL"],
    [["TURNOVER"], "TO"],
  ];
  const DASH = V.dash;

  // -- formatting: the vocabulary's, plus the time of day in the viewer's zone ---------------
  const fmt = {
    ...V.fmt,
    time: (ms) => new Date(ms).toLocaleTimeString([], { hour12: false }),
  };
  const cell = {
    PTS: fmt.stat, FG: fmt.stat, FGA: fmt.stat, FG3: fmt.stat, FGA3: fmt.stat, FT: fmt.stat,
    FTA: fmt.stat, OFFENSIVE_REB: fmt.stat, DEFENSIVE_REB: fmt.stat, REB: fmt.stat, AST: fmt.stat,
    STL: fmt.stat, TO: fmt.stat, FG_PCT: fmt.pct, FG3_PCT: fmt.pct, FT_PCT: fmt.pct,
    DIST_M: fmt.distance,
  };

  // -- what the page knows ------------------------------------------------------------------
  const teams = new Map(config.teams.map((t) => [t.id, t]));
  const sideOf = (teamId) => (teams.get(teamId) || {}).side || "other";
  const plays = new Map(); // version -> play
  let clock = null; // {remaining_ms, elapsed_ms, running, as_of_ms, at}
  let lastFrame = { t: 0, at: 0 };
  let frameCount = 0;
  let lastLag = null;

  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

  // -- the court ----------------------------------------------------------------------------
  const court = new window.CourtCanvas($("#court"), {
    court: config.court,
    teams: config.teams,
    onCourtMs: config.on_court_ms,
  });
  court.onFirstFrame = () => $("#court-waiting")?.remove();
  const options = { trails: $("#opt-trails"), shots: $("#opt-shots"), zones: $("#opt-zones") };
  for (const [name, box] of Object.entries(options)) {
    court.options[name] = box.checked;
    box.addEventListener("change", () => {
      court.options[name] = box.checked;
      if (name === "zones") court.redrawCourt();
    });
  }
  const rateSelect = $("#opt-rate");
  const initialRate = new URLSearchParams(location.search).get("rate");
  if (initialRate && rateSelect.querySelector(`option[value="${CSS.escape(initialRate)}"]`)) {
    rateSelect.value = initialRate;
  }
  rateSelect.addEventListener("change", () => {
    send({ action: "rate", rate: Number(rateSelect.value) });
  });

  // -- scoreboard ---------------------------------------------------------------------------
  function setText(el, text, flash) {
    if (!el || el.textContent === text) return;
    el.textContent = text;
    if (flash) {
      el.classList.remove(flash);
      void el.offsetWidth; // restart the animation
      el.classList.add(flash);
    }
  }

  function renderScore(score) {
    if (!score) return;
    setText($('[data-score="home"]'), fmt.stat(score.home), "bump");
    setText($('[data-score="away"]'), fmt.stat(score.away), "bump");
  }

  function renderPeriod(data) {
    const board = $("#scoreboard");
    board.dataset.status = data.status;
    const status = $('[data-field="status"]');
    status.textContent = V.statusLabel(data.status);
    status.className = `pill status-pill status-${data.status}`;
    let text;
    if (config.kind === "practice") {
      text = V.drillLabel(data.drill);
    } else {
      text = V.periodShown(data.period);
    }
    setText($('[data-field="period"]'), text);
  }

  function renderPlayState(playState) {
    const el = $('[data-field="play_state"]');
    el.textContent = V.playStateLabel(playState);
    el.className = `pill play-state state-${(playState || "none").toLowerCase()}`;
  }

  function setClock(data) {
    clock = { ...data, at: performance.now() };
    tickClock();
  }

  /** The clock runs on feed time: the newest frame's time when frames flow, else local time. */
  function tickClock() {
    if (!clock) return;
    const el = $('[data-field="clock"]');
    let since = 0;
    if (clock.running) {
      const now = performance.now();
      const fresh = lastFrame.at && now - lastFrame.at < 1500 && lastFrame.t >= clock.as_of_ms;
      since = fresh ? lastFrame.t - clock.as_of_ms + (now - lastFrame.at) : now - clock.at;
    }
    // A game's clock shows the time left, a practice's the time elapsed (the vocabulary's rule).
    el.textContent = fmt.clock(V.clockMs(clock, config.kind, since));
    el.classList.toggle("running", Boolean(clock.running));
  }

  // -- box scores ---------------------------------------------------------------------------
  let boxReload = null;
  /** A player the tables do not list (named late, or new): fetch the tables again. */
  function reloadBoxScores() {
    if (boxReload) return;
    boxReload = setTimeout(() => {
      boxReload = null;
      window.htmx.ajax("GET", config.urls.boxscore, { target: "#boxscores", swap: "innerHTML" });
    }, 300);
  }

  function fillCells(row, stats, flash) {
    for (const el of $$("[data-stat]", row)) {
      const key = el.dataset.stat;
      if (!(key in stats) || !cell[key]) continue;
      const text = cell[key](stats[key]);
      const target = el.tagName === "SPAN" ? el.parentElement : el;
      if (el.textContent !== text) {
        el.textContent = text;
        // Distance moves all the time; only the box-score events deserve the eye.
        if (flash && key !== "DIST_M") {
          target.classList.remove("changed");
          void target.offsetWidth;
          target.classList.add("changed");
        }
      }
    }
  }

  function renderPlayer(teamId, player, flash) {
    const row = $(`#boxscores [data-team="${teamId}"] tr[data-player="${player.id}"]`);
    if (!row) return reloadBoxScores();
    fillCells(row, player.stats, flash);
    if ("on_court" in player) row.classList.toggle("on-court", player.on_court);
  }

  function renderTeam(team, flash) {
    const row = $(`#boxscores tr[data-totals="${team.id}"]`);
    if (row && team.totals) fillCells(row, team.totals, flash);
    setText($(`[data-team-score="${team.id}"]`), fmt.stat(team.score));
  }

  function renderRoster(rosterTeams) {
    court.setRoster(
      rosterTeams.map((t) => ({
        id: t.id,
        side: sideOf(t.id),
        players: t.players.map((p) => ({ id: p.id, jersey: p.jersey_number })),
      }))
    );
    for (const team of rosterTeams) {
      for (const p of team.players) {
        const row = $(`#boxscores [data-team="${team.id}"] tr[data-player="${p.id}"]`);
        if (!row) {
          reloadBoxScores();
          continue;
        }
        row.classList.toggle("on-court", Boolean(p.on_court));
      }
    }
  }

  // -- play-by-play ---------------------------------------------------------------------------
  function playDetail(play) {
    for (const [words, key] of DETAIL) {
      if (words.some((w) => play.classification.includes(w))) {
        return `${fmt.stat(play.stats[key] || 0)} ${key}`;
      }
    }
    return "";
  }

  function playRow(play) {
    const li = $("#play-template").content.firstElementChild.cloneNode(true);
    li.classList.add(`side-${sideOf(play.team_id)}`);
    li.classList.toggle("correction", play.is_correction);
    li.dataset.version = play.version;
    li.dataset.team = play.team_id;
    li.dataset.player = play.player_id;
    $(".play-period", li).textContent = play.period || "";
    const time = $(".play-time", li);
    time.dataset.ms = play.occurred_at;
    time.dateTime = new Date(play.occurred_at).toISOString();
    time.textContent = fmt.time(play.occurred_at);
    time.classList.add("mono");
    $(".play-words", li).textContent = play.description.replace(/^Correction: /, "");
    $(".play-detail", li).textContent = playDetail(play);
    $(".play-detail", li).classList.add("mono");
    return li;
  }

  function playListed(list, play) {
    const { team, player } = list.dataset;
    return (!team || Number(team) === play.team_id) && (!player || Number(player) === play.player_id);
  }

  function upsertPlay(play, fresh) {
    plays.set(play.version, play);
    const list = $("#plays-list");
    if (!list || !playListed(list, play)) return;
    const row = playRow(play);
    if (fresh) row.classList.add("fresh");
    const old = $(`.play[data-version="${play.version}"]`, list);
    if (old) return old.replaceWith(row);
    $(".empty", list)?.remove();
    const after = $$(".play", list).find((li) => Number(li.dataset.version) < play.version);
    list.insertBefore(row, after || null);
  }

  function renderPlays() {
    const list = $("#plays-list");
    if (!list) return;
    const rows = [...plays.values()]
      .filter((p) => playListed(list, p))
      .sort((a, b) => b.version - a.version)
      .map((p) => playRow(p));
    if (rows.length) {
      list.replaceChildren(...rows);
    } else {
      const empty = document.createElement("li");
      empty.className = "empty";
      empty.textContent = "No plays yet.";
      list.replaceChildren(empty);
    }
  }

  function localTimes(root = document) {
    for (const el of $$("time[data-ms]", root)) el.textContent = fmt.time(Number(el.dataset.ms));
  }

  // -- health -----------------------------------------------------------------------------------
  let lastHealth = null;
  function renderHealth(health, relayMs) {
    lastHealth = { ...health, at: performance.now(), relayMs };
    const badge = $('[data-health="connected"]');
    badge.textContent = V.feedState(health.connected);
    badge.className = `badge ${health.connected ? "up" : "down"}`;
    for (const el of $$("[data-health]")) {
      const path = el.dataset.health;
      if (path === "connected" || path === "age") continue;
      const value = path.split(".").reduce((o, k) => (o == null ? o : o[k]), health);
      if (value == null) continue;
      el.textContent = path === "rates.stats" ? Number(value).toFixed(1) : path.startsWith("rates.") ? Math.round(value) : value;
      const tile = el.closest(".tile");
      const warns = ["version_gaps", "reconnects", "unconfirmed.length", "impossible", "disagreements"];
      if (warns.includes(path)) tile.classList.toggle("warn", value > 0);
    }
    renderChecks(health);
  }

  // Which players, which stats, since when: what is held off air or overruled by ShotTracker.
  function renderChecks(health) {
    const list = $("#checks");
    if (!list) return;
    const teamName = (id) => (teams.get(id) || {}).name || `team ${id}`;
    const figures = (stats) =>
      Object.entries(stats || {}).map(([key, v]) => `${key} ${fmt.stat(v)}`).join(", ");
    const lines = [
      ...(health.unconfirmed || []).map((u) =>
        `Player ${u.player_id} (${teamName(u.team_id)}) is on no roster since ${fmt.time(u.since_ms)}: ` +
        `${u.messages} message${u.messages === 1 ? "" : "s"} held off air` +
        (Object.keys(u.stats || {}).length ? ` (${figures(u.stats)})` : "")),
      ...(health.impossible_recent || []).map((r) =>
        `Refused version ${r.version} of player ${r.player_id}: ${r.reason}`),
      ...(health.disagreements_recent || []).map((d) =>
        `ShotTracker's figures shown for ${d.player_id ? `player ${d.player_id}` : teamName(d.team_id)} ` +
        `since ${fmt.time(d.since_ms)}: ` +
        Object.entries(d.stats).map(([k, v]) => `${k} here ${fmt.stat(v.ours)}, ShotTracker ${fmt.stat(v.theirs)}`).join("; ")),
    ];
    list.replaceChildren(...lines.map((text) => {
      const li = document.createElement("li");
      li.className = "check";
      li.textContent = text;
      return li;
    }));
  }

  function tickHealth() {
    const age = $('[data-health="age"]');
    if (lastHealth && lastHealth.last_message_age_ms != null) {
      const ms = lastHealth.last_message_age_ms + (performance.now() - lastHealth.at);
      age.textContent = ms < 1000 ? `${Math.round(ms)} ms ago` : `${(ms / 1000).toFixed(1)} s ago`;
      age.closest(".tile").classList.toggle("warn", ms > 5000);
    }
    $('[data-browser="fps"]').textContent = String(frameCount);
    frameCount = 0;
    if (lastLag != null) $('[data-browser="lag"]').textContent = `${lastLag} ms`;
    $('[data-browser="seq"]').textContent = String(socket.seq);
  }

  function showMismatch(data) {
    const box = $("#mismatch");
    const parts = ["home", "away"]
      .filter((side) => data[side])
      .map((side) => {
        const t = teams.get(data[side].team_id);
        return `${t ? t.name : side}: ShotTracker ${fmt.stat(data[side].theirs)}, here ${fmt.stat(data[side].ours)}`;
      });
    const shown = data.resolved ? " ShotTracker's total is shown." : "";
    box.textContent = `Score check differs. ${parts.join(" · ")}.${shown}`;
    box.hidden = false;
  }

  function addSession(data) {
    const select = $("#video-session");
    if (!select || select.querySelector(`option[value="${CSS.escape(data.live_id)}"]`)) return;
    const option = new Option(`${data.period ? data.period + " · " : ""}${data.live_id}`, data.live_id);
    select.add(option);
    select.value = data.live_id;
  }

  // -- applying what the socket brings ------------------------------------------------------
  function applySnapshot(snap) {
    for (const team of snap.teams || []) {
      if (!teams.has(team.id)) {
        teams.set(team.id, { id: team.id, name: team.name, side: ["home", "away"][teams.size] || "other" });
      }
    }
    renderScore(snap.score);
    renderPeriod(snap);
    renderPlayState(snap.play_state);
    setClock(snap.clock);
    renderRoster(snap.teams || []);
    for (const team of snap.teams || []) {
      for (const player of team.players) renderPlayer(team.id, player, false);
      renderTeam(team, false);
    }
    plays.clear();
    for (const play of snap.plays || []) plays.set(play.version, play);
    renderPlays();
    window.ShotChart.render(snap.shots || [], sideOf);
    court.setPositions(snap.positions);
    court.setShots(snap.shots || []);
    if (snap.health) renderHealth(snap.health, snap.relay_ms);
    for (const s of snap.sessions || []) addSession(s);
    $("#mismatch").hidden = true;
  }

  const CHANGES = {
    stats(d) {
      renderPlayer(d.team_id, d.player, true);
      renderTeam(d.team, true);
      renderScore(d.score);
    },
    play: (d) => upsertPlay(d, true),
    shot(d) {
      window.ShotChart.upsert(d.shot, sideOf);
      court.addShot(d.shot);
    },
    score: renderScore,
    period: renderPeriod,
    play_state: (d) => renderPlayState(d.play_state),
    clock: setClock,
    roster: (d) => renderRoster(d.teams),
    mismatch: showMismatch,
    // What the model holds off air or refused, as it happens (health repeats it every second).
    checks: (d) => renderChecks({
      unconfirmed: d.unconfirmed, impossible_recent: d.refused, disagreements_recent: d.disagreements,
    }),
    session: addSession,
    marker() {},
  };

  function applyDelta(delta) {
    for (const change of delta.changes) {
      const apply = CHANGES[change.kind];
      if (apply) apply(change.data);
    }
  }

  // -- the socket: static/socket.js (reconnects, snapshot, the seq rule) ------------------------
  const link = $("#link-state");
  let closedFor = null;
  const CLOSED = { 4403: ["Log in again", "Not allowed"], 4404: ["Game gone", "Unknown game"] };

  function setLink(state, text) {
    link.dataset.state = state;
    $(".link-text", link).textContent = text;
  }

  // -- instant replay of movement --------------------------------------------------------------
  // The last shot (or the last seconds) of player and ball movement, rebuilt by the server
  // from the log at the live frame rate, played on the live court at real or slowed speed;
  // then the court returns to live. Live frames keep arriving meanwhile: the newest waits.
  let replay = null; // {timer, live}
  const replayTag = $("#replay-tag");
  const replayButton = $("#replay-go");

  function showReplayTag(text, result) {
    replayTag.textContent = text;
    if (result) {
      const span = document.createElement("span");
      span.className = "result";
      span.textContent = result;
      replayTag.append(span);
    }
    replayTag.hidden = false;
  }

  function endReplay() {
    if (!replay) return;
    clearTimeout(replay.timer);
    const live = replay.live;
    replay = null;
    replayTag.hidden = true;
    replayButton.textContent = replayButton.dataset.word;
    court.endReplay();
    if (live) court.pushFrame(live);
    court.jumpToNow();
  }

  async function startReplay() {
    const of = $("#replay-of").value;
    const speed = Number($("#replay-speed").value) || 1;
    const query = new URLSearchParams({ of, seconds: $("#replay-seconds").value });
    let data;
    try {
      const response = await fetch(`${config.urls.replay}?${query}`, { credentials: "same-origin" });
      data = await response.json();
      if (!response.ok) throw new Error(data.error || response.statusText);
    } catch (error) {
      showReplayTag("Replay unavailable", String(error.message || error));
      setTimeout(() => { if (!replay) replayTag.hidden = true; }, 2500);
      return;
    }
    if (!data.frames.length) {
      showReplayTag("Nothing to replay yet");
      setTimeout(() => { if (!replay) replayTag.hidden = true; }, 2500);
      return;
    }
    replay = { timer: null, live: null };
    replayButton.textContent = replayButton.dataset.back;
    const label = [replayButton.dataset.word, V.replaySpeed(speed)].filter(Boolean).join(" · ");
    showReplayTag(label);
    court.beginReplay();
    const shot = data.shot;
    let i = 0;
    let shotShown = false;
    const step = () => {
      if (!replay) return;
      const frame = data.frames[i];
      court.pushFrame(frame);
      if (shot && !shotShown && frame.t >= shot.occurred_at) {
        shotShown = true;
        court.addShot(shot);
        showReplayTag(label, V.shotResult(shot));
      }
      i += 1;
      if (i >= data.frames.length) {
        replay.timer = setTimeout(endReplay, 1500);
        return;
      }
      replay.timer = setTimeout(step, Math.max(10, (data.frames[i].t - frame.t) / speed));
    };
    step();
  }

  replayButton.addEventListener("click", () => (replay ? endReplay() : startReplay()));

  function onMessage(msg) {
    if (msg.relay_ms && msg.type !== "snapshot" && msg.type !== "health") {
      lastLag = Math.max(0, Date.now() - msg.relay_ms);
      $("#link-lag").textContent = `${lastLag} ms`;
    }
    switch (msg.type) {
      case "frame":
        frameCount += 1;
        lastFrame = { t: msg.t, at: performance.now() };
        if (replay) replay.live = msg; // live frames wait while a replay plays
        else court.pushFrame(msg);
        break;
      case "health":
        renderHealth(msg.health, msg.relay_ms);
        break;
    }
    if (link.dataset.state !== "connected") setLink("connected", "Live");
  }

  const socket = window.CourtsideSocket.open({
    url: () => `${config.ws_path}?rate=${rateSelect.value}`,
    seq: config.seq,
    final: Object.keys(CLOSED).map(Number),
    onSnapshot(msg) {
      applySnapshot(msg);
      onMessage(msg);
    },
    onDelta(msg) {
      applyDelta(msg);
      onMessage(msg);
    },
    onMessage,
    onState(state, code) {
      if (state === "closed") {
        const [why, text] = CLOSED[code] || ["Closed", "Closed"];
        closedFor = why;
        setLink("stale", text);
      } else if (state === "reconnecting") {
        setLink("reconnecting", "Reconnecting");
      } else if (state === "connecting") {
        setLink("connecting", "Connecting");
      }
    },
  });
  const send = (message) => socket.send(message);

  setInterval(() => {
    if (closedFor) return;
    if (socket.socket && socket.socket.readyState === WebSocket.OPEN
        && performance.now() - socket.lastMessageAt > STALE_MS) {
      setLink("stale", "Stale");
    }
  }, 500);
  setInterval(tickHealth, 1000);
  (function frameLoop() {
    tickClock();
    requestAnimationFrame(frameLoop);
  })();
  // Hidden tabs get no animation frames; keep the clock right for when they come back.
  document.addEventListener("visibilitychange", tickClock);

  // -- page plumbing ----------------------------------------------------------------------------
  // The click is the recording's start (this listener runs before htmx collects the form).
  $("#video-form")?.addEventListener("submit", () => {
    $("#video-started-at").value = String(Date.now());
  });
  document.body.addEventListener("htmx:afterSwap", (event) => localTimes(event.target));

  localTimes();
  const clockEl = $('[data-field="clock"]');
  setClock({
    remaining_ms: Number(clockEl.dataset.remaining),
    elapsed_ms: Number(clockEl.dataset.elapsed),
    running: clockEl.dataset.running === "1",
    as_of_ms: Number(clockEl.dataset.asOf),
  });
})();
