/* wall.js: the tournament wall. One socket (/ws/wall/, through socket.js: it reconnects by
 * itself) brings every game's tile and alerts once a second; each message redraws the
 * grid. A tile links to the game's console. Its words, clock and team colours come printed
 * by the server's one vocabulary (dashboard/wall.py), exactly as the console shows them.
 */
(function () {
  "use strict";

  const grid = document.getElementById("wall");
  const empty = document.getElementById("wall-empty");
  const status = document.getElementById("wall-status");
  const gameUrl = (id) => grid.dataset.gameUrl.replace("GAME_ID", encodeURIComponent(id));

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function feed(tile) {
    if (tile.status !== "live" && tile.status !== "halftime") return "";
    const parts = [tile.feed];
    if (tile.age_ms !== null) parts.push(`last ${(tile.age_ms / 1000).toFixed(1)} s ago`);
    parts.push(`${tile.reconnects} reconnect${tile.reconnects === 1 ? "" : "s"}`);
    return parts.join(" · ");
  }

  function render(tile) {
    const link = el("a", "wall-tile");
    link.href = gameUrl(tile.id);
    link.dataset.game = tile.id;
    link.dataset.status = tile.status;
    if (tile.alerts.length) link.classList.add("alerting");
    const head = el("div", "wall-head");
    head.append(el("span", "wall-name", tile.name));
    head.append(el("span", "wall-period",
      [tile.phase, tile.play_state, tile.clock].filter(Boolean).join(" · ")));
    link.append(head);
    tile.teams.slice(0, 2).forEach((team, i) => {
      const row = el("div", `wall-team side-${i === 0 ? "home" : "away"}`);
      row.style.setProperty("--team", team.ink); // the console's colour on a dark screen
      const name = el("span", "wall-team-name", team.name);
      name.title = team.abbr;
      row.append(name);
      row.append(el("span", "wall-score", String(team.score)));
      link.append(row);
    });
    link.append(el("div", "wall-feed", feed(tile)));
    const alerts = el("ul", "wall-alerts");
    for (const alert of tile.alerts) {
      const item = el("li", `wall-alert alert-${alert.kind}`, alert.text);
      item.dataset.kind = alert.kind;
      alerts.append(item);
    }
    link.append(alerts);
    return link;
  }

  function show(message) {
    if (message.type !== "wall") return;
    grid.replaceChildren(...message.tiles.map(render));
    empty.hidden = message.tiles.length > 0;
    const alerting = message.tiles.filter((t) => t.alerts.length).length;
    status.textContent = `${message.tiles.length} games · ${alerting} alerting`;
  }

  const STATES = { connecting: "Connecting…", open: "Live", reconnecting: "Reconnecting…" };

  window.CourtsideSocket.open({
    url: grid.dataset.wsPath,
    sequenced: false, // a whole wall every second: nothing to put in order
    final: [4403],
    onMessage: show,
    onState(state, code) {
      status.dataset.state = state === "open" ? "up" : "down";
      if (state === "closed") status.textContent = code === 4403 ? "Operators only" : "Closed";
      else if (state !== "open" || !grid.children.length) status.textContent = STATES[state];
    },
  });
})();
