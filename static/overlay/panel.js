/* panel.js: the on-air graphics panel of the console's game page.
 *
 * htmx loads the panel (outputs, their preview and program monitors, the graphic buttons);
 * this file wires it: picking a graphic or an option cues it in the output's preview, Take
 * puts it on air, Clear takes it off (POSTs with the page's CSRF token). A websocket
 * (/ws/games/<id>/graphics/) keeps the panel's picture of every output current (what is on
 * air, what is cued, the delay) whoever changed it (another operator, the markers), and
 * brings "changed" notes when a correction moves a number on air or in preview.
 */
(function () {
  "use strict";

  const host = document.getElementById("graphics-panel");
  if (!host) return;

  const RECONNECT_MAX_MS = 800; // with jitter, a retry within 1 s of the server's return
  const OPTIONS = {
    scorebug: [], lower_third: ["player"], team_comparison: [], shot_chart: ["team", "player"],
    mini_court: [], box_score: ["team"], leaders: [],
  };
  const $ = (sel, root = host) => root.querySelector(sel);
  const $$ = (sel, root = host) => Array.from(root.querySelectorAll(sel));

  let outputs = new Map(); // id -> the server's summary (see dashboard/overlay/control.py)
  let socket = null;
  let socketPath = null;
  let backoff = 250;
  const notesSeen = new Set();

  function csrfToken() {
    try {
      const token = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
      if (token) return token;
    } catch (err) { /* fall back to the cookie */ }
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  async function post(url, fields) {
    const body = new URLSearchParams(fields);
    const response = await fetch(url, {
      method: "POST",
      body,
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      credentials: "same-origin",
    });
    let data = {};
    try {
      data = await response.json();
    } catch (err) { /* an error page */ }
    if (!response.ok) throw new Error(data.error || `The server answered ${response.status}.`);
    return data;
  }

  // -- one output's controls ------------------------------------------------------------------
  function labelOf(panel, graphic, options) {
    if (!graphic) return null;
    const button = $(`.gp-graphic[data-graphic="${graphic}"] .gp-graphic-label`, panel);
    let text = button ? button.textContent : graphic;
    const opts = options || {};
    if (opts.player) {
      const option = $(`select[name=player] option[value="${opts.player}"]`, panel);
      if (option) text += ` · ${option.textContent}`;
    } else if (opts.team) {
      const option = $(`select[name=team] option[value="${opts.team}"]`, panel);
      if (option) text += ` · ${option.textContent}`;
    } else if (graphic === "box_score") {
      text += " · both teams";
    }
    return text;
  }

  function chosen(panel) {
    const graphic = panel.dataset.graphic || "";
    const fields = { graphic };
    for (const name of OPTIONS[graphic] || []) {
      const value = $(`select[name=${name}]`, panel).value;
      if (value) fields[name] = value;
    }
    return fields;
  }

  function showOptions(panel) {
    const graphic = panel.dataset.graphic || "";
    const wanted = OPTIONS[graphic] || [];
    for (const label of $$(".gp-opt", panel)) {
      const name = label.dataset.option;
      label.hidden = !wanted.includes(name);
      const select = $("select", label);
      for (const option of select.options) {
        option.hidden = Boolean(option.dataset.only) && option.dataset.only !== graphic;
      }
      if (select.selectedOptions[0] && select.selectedOptions[0].hidden) {
        select.value = Array.from(select.options).find((o) => !o.hidden).value;
      }
    }
    for (const button of $$(".gp-graphic", panel)) {
      button.setAttribute("aria-pressed", String(button.dataset.graphic === graphic));
    }
  }

  function select(panel, graphic, options) {
    panel.dataset.graphic = graphic || "";
    for (const [name, value] of Object.entries(options || {})) {
      const sel = $(`select[name=${name}]`, panel);
      if (sel) sel.value = String(value);
    }
    showOptions(panel);
  }

  function status(panel, text, bad) {
    const el = $('[data-field="status"]', panel);
    el.textContent = text || "";
    el.classList.toggle("is-error", Boolean(bad));
  }

  async function cue(panel) {
    try {
      await post(panel.dataset.cue, chosen(panel));
      status(panel, "");
    } catch (err) {
      status(panel, err.message, true);
    }
  }

  async function take(panel) {
    const fields = chosen(panel);
    if (!fields.graphic) {
      status(panel, "Pick a graphic to take.", true);
      return;
    }
    try {
      const answer = await post(panel.dataset.take, fields);
      status(panel, `Taken: ${labelOf(panel, answer.graphic, fields)}.`);
    } catch (err) {
      status(panel, err.message, true);
    }
  }

  async function clear(panel) {
    try {
      await post(panel.dataset.clear, {});
      status(panel, "Cleared.");
    } catch (err) {
      status(panel, err.message, true);
    }
  }

  function wire(panel) {
    if (panel.dataset.wired) return;
    panel.dataset.wired = "1";
    for (const button of $$(".gp-graphic", panel)) {
      button.addEventListener("click", () => {
        select(panel, button.dataset.graphic);
        cue(panel);
      });
    }
    for (const sel of $$(".gp-opt select", panel)) sel.addEventListener("change", () => cue(panel));
    $(".gp-take", panel).addEventListener("click", () => take(panel));
    $(".gp-clear", panel).addEventListener("click", () => clear(panel));
    $(".gp-note-close", panel).addEventListener("click", () => {
      $('[data-field="note"]', panel).hidden = true;
    });
    for (const button of $$(".gp-copy", panel)) {
      button.addEventListener("click", async () => {
        const input = button.previousElementSibling.querySelector("input");
        try {
          await navigator.clipboard.writeText(input.value);
        } catch (err) {
          input.select();
          document.execCommand("copy");
        }
        button.textContent = "Copied";
        setTimeout(() => { button.textContent = "Copy"; }, 1500);
      });
    }
  }

  // -- tabs and monitors ----------------------------------------------------------------------
  function activate(id) {
    for (const tab of $$(".gp-tab")) tab.setAttribute("aria-selected", String(tab.dataset.output === id));
    for (const panel of $$(".gp-output")) {
      const on = panel.dataset.outputId === id;
      panel.hidden = !on;
      // Monitors load only when seen: each is a live overlay with its own socket.
      if (on) for (const frame of $$("iframe[data-src]", panel)) {
        if (!frame.getAttribute("src")) frame.src = frame.dataset.src;
      }
    }
  }

  // -- the picture of every output, from the socket -------------------------------------------
  function render() {
    for (const panel of $$(".gp-output")) {
      const out = outputs.get(Number(panel.dataset.outputId));
      if (!out) continue;
      const program = out.program.graphic;
      const preview = out.preview.graphic;
      $('[data-field="program"]', panel).textContent = labelOf(panel, program, out.program.options) || "Clear";
      $('[data-field="preview"]', panel).textContent = labelOf(panel, preview, out.preview.options) || "Empty";
      $('[data-field="delay"]', panel).textContent = out.delay_ms ? `${out.delay_ms / 1000} s delay` : "no delay";
      panel.classList.toggle("is-on-air", Boolean(program));
      for (const button of $$(".gp-graphic", panel)) {
        button.classList.toggle("is-program", button.dataset.graphic === program);
        button.classList.toggle("is-preview", button.dataset.graphic === preview);
        const state = $(".gp-graphic-state", button);
        state.textContent = button.dataset.graphic === program ? "On air" : button.dataset.graphic === preview ? "Cued" : "";
      }
      if (!panel.dataset.graphic && preview) select(panel, preview, out.preview.options);
      const tab = $(`.gp-tab[data-output="${out.id}"]`);
      if (tab) tab.classList.toggle("is-on-air", Boolean(program));
    }
    host.classList.toggle("is-on-air", Array.from(outputs.values()).some((o) => o.program.graphic));
  }

  function note(msg) {
    const key = `${msg.output_id}:${msg.bus}:${msg.seq}:${msg.version}`;
    if (notesSeen.has(key)) return; // every web process's stream reports the same correction
    notesSeen.add(key);
    const panel = $(`.gp-output[data-output-id="${msg.output_id}"]`);
    if (!panel) return;
    const box = $('[data-field="note"]', panel);
    const where = msg.bus === "program" ? "On air" : "Preview";
    $(".gp-note-tag", box).textContent = `Correction · ${where}`;
    $(".gp-note-text", box).textContent = `changed: ${msg.changed.join(", ")}`;
    box.hidden = false;
    box.classList.remove("is-fresh");
    void box.offsetWidth; // restart the highlight
    box.classList.add("is-fresh");
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const ws = new WebSocket(`${scheme}://${location.host}${socketPath}`);
    socket = ws;
    ws.onopen = () => { backoff = 250; };
    ws.onmessage = (event) => {
      const msg = JSON.parse(event.data);
      if (msg.type === "outputs") {
        outputs = new Map(msg.outputs.map((o) => [o.id, o]));
        render();
      } else if (msg.type === "changed") {
        note(msg);
      }
    };
    ws.onclose = (event) => {
      socket = null;
      if (event.code === 4403 || event.code === 4404) return;
      setTimeout(connect, backoff * (0.75 + Math.random() * 0.5));
      backoff = Math.min(backoff * 2, RECONNECT_MAX_MS);
    };
  }

  function init() {
    for (const tab of $$(".gp-tab")) {
      tab.addEventListener("click", () => activate(tab.dataset.output));
    }
    $$(".gp-output").forEach(wire);
    const selected = $('.gp-tab[aria-selected="true"]');
    if (selected) activate(selected.dataset.output);
    const holder = $(".gp-outputs");
    if (holder && !socket) {
      socketPath = holder.dataset.wsPath;
      connect();
    }
    render();
  }

  // The panel body arrives (and comes back after a new output or a revoke) through htmx.
  host.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target === host) init();
  });
})();
