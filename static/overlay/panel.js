/* panel.js: the on-air graphics panel of the console's game page.
 *
 * htmx loads the panel (outputs, their preview and program monitors, the layers, the graphic
 * buttons); this file wires it: picking a graphic cues it on its layer with that graphic's
 * default options, changing an option re-cues it, Take airs every cued layer (or one layer),
 * Clear takes one layer or all off (POSTs with the page's CSRF token). The server's cue is
 * the one truth: Take sends no graphic, and the buttons, labels and option fields always
 * show the cue as the server last told it, on load and on every change, whoever made it
 * (another operator, a script, the markers), through the websocket
 * (/ws/games/<id>/graphics/), which also brings "changed" notes when a correction moves a
 * number on air or in preview.
 *
 * A movement replay's words ("Movement replay · Last shot · 8 s · ½ speed") are the server's
 * (the summary's label): Take freezes its frames on the server, so the preview of a cued
 * replay says what will air, and the program plays the frozen clip.
 *
 * Keys (when no text field has the focus): Enter takes all, Esc clears all, 1-9 cue the
 * graphics in the order shown, B/L/F take the bug, lower or full layer alone.
 */
(function () {
  "use strict";

  const host = document.getElementById("graphics-panel");
  if (!host) return;

  const OPTIONS = {
    scorebug: [], lower_third: ["player"], team_comparison: [], shot_chart: ["team", "player"],
    mini_court: [], box_score: ["team"], leaders: [], replay: ["of", "seconds", "speed"],
  };
  const $ = (sel, root = host) => root.querySelector(sel);
  const $$ = (sel, root = host) => Array.from(root.querySelectorAll(sel));

  let outputs = new Map(); // id -> the server's summary (see dashboard/overlay/control.py)
  let socket = null;
  let socketPath = null;
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
  function labelOf(panel, entry, layer) {
    if (!entry || !entry.graphic) return null;
    if (entry.label) return entry.label; // the server's words (a replay's options)
    const graphic = entry.graphic;
    const button = $(`.gp-pick[data-graphic="${graphic}"][data-layer="${layer}"] .gp-graphic-label`, panel)
      || $(`.gp-pick[data-graphic="${graphic}"] .gp-graphic-label`, panel);
    let text = button ? button.textContent : graphic;
    const opts = entry.options || {};
    if (opts.player) {
      const option = $(`select[name=player] option[value="${opts.player}"]`, panel);
      if (option) text += ` · ${option.textContent}`;
    } else if (opts.team) {
      const option = $(`select[name=team] option[value="${opts.team}"]`, panel);
      if (option) text += ` · ${option.textContent}`;
    } else if (graphic === "box_score") {
      text += " · both teams";
    } else if (graphic === "shot_chart") {
      text += " · whole team";
    }
    return text;
  }

  // A graphic's options when it is picked: nothing carried over from another graphic.
  function defaults(panel, graphic) {
    if (graphic === "lower_third") {
      const first = Array.from($("select[name=player]", panel).options).find((o) => o.value);
      return first ? { player: first.value } : {};
    }
    if (graphic === "shot_chart") {
      const first = Array.from($("select[name=team]", panel).options).find((o) => o.value);
      return first ? { team: first.value } : {};
    }
    if (graphic === "replay") return replayFields(panel);
    return {};
  }

  // A replay's options as its fields say (they keep the last choice, even a refused one).
  function replayFields(panel) {
    const fields = {};
    for (const name of OPTIONS.replay) fields[name] = $(`select[name=${name}]`, panel).value;
    return fields;
  }

  function outputOf(panel) {
    return outputs.get(Number(panel.dataset.outputId));
  }

  // The cue being edited: the layer last picked, else the top cued layer.
  function focusedLayer(panel) {
    const out = outputOf(panel);
    if (panel.dataset.layer) return panel.dataset.layer;
    if (out) for (const layer of ["full", "lower", "bug"]) if (out.layers[layer].cued) return layer;
    return "";
  }

  // Show the option fields of the focused cue, holding the server's values.
  function showOptions(panel) {
    const out = outputOf(panel);
    const layer = focusedLayer(panel);
    const entry = out && layer ? out.layers[layer].cued : null;
    // A replay just picked but refused (no shot yet) keeps its fields, to pick another.
    const graphic = entry ? entry.graphic : panel.dataset.picked === "replay" ? "replay" : "";
    const wanted = OPTIONS[graphic] || [];
    $(".gp-replay-rule", panel).hidden = graphic !== "replay";
    for (const label of $$(".gp-opt", panel)) {
      const name = label.dataset.option;
      label.hidden = !wanted.includes(name);
      const select = $("select", label);
      for (const option of select.options) {
        option.hidden = Boolean(option.dataset.only) && option.dataset.only !== graphic;
      }
      if (!entry || !wanted.includes(name)) continue; // unused now: a field keeps what it says
      const value = entry.options[name] != null ? String(entry.options[name]) : "";
      select.value = value;
    }
  }

  function status(panel, text, bad) {
    const el = $('[data-field="status"]', panel);
    el.textContent = text || "";
    el.classList.toggle("is-error", Boolean(bad));
  }

  async function act(panel, url, fields, done) {
    try {
      const answer = await post(url, fields);
      // The answer is the output's new state: show it now (the socket repeats it).
      if (answer && answer.layers) {
        const known = outputs.get(answer.id);
        if (!known || known.version <= answer.version) outputs.set(answer.id, answer);
        render();
      }
      status(panel, done ? done(answer) : "");
    } catch (err) {
      status(panel, err.message, true);
    }
  }

  function cue(panel, graphic, layer, options) {
    panel.dataset.layer = layer;
    const fields = { graphic, layer };
    for (const [name, value] of Object.entries(options || {})) if (value !== "" && value != null) fields[name] = value;
    return act(panel, panel.dataset.cue, fields);
  }

  // An option changed: the focused cue again, with that option as the field now says.
  function recue(panel, changed) {
    const out = outputOf(panel);
    const layer = focusedLayer(panel);
    const entry = out && layer ? out.layers[layer].cued : null;
    if (!entry && panel.dataset.picked === "replay") return cue(panel, "replay", "full", replayFields(panel));
    if (!entry) return;
    const options = {};
    for (const name of OPTIONS[entry.graphic] || []) {
      const value = $(`select[name=${name}]`, panel).value;
      if (value) options[name] = value;
    }
    // Picking a player for a shot chart makes it the player's chart (the team follows).
    if (entry.graphic === "shot_chart" && changed === "team") delete options.player;
    return cue(panel, entry.graphic, layer, options);
  }

  function takeAll(panel, layer) {
    const fields = layer ? { layer } : {};
    return act(panel, panel.dataset.take, fields, (answer) => {
      const aired = ["bug", "lower", "full"].filter((l) => (!layer || l === layer) && answer.layers[l].program)
        .map((l) => labelOf(panel, answer.layers[l].program, l));
      return aired.length ? `Taken: ${aired.join(", ")}.` : "Taken.";
    });
  }

  function clearAll(panel, layer) {
    return act(panel, panel.dataset.clear, layer ? { layer } : {}, () => (layer ? `Cleared the ${layer} layer.` : "Cleared."));
  }

  function wire(panel) {
    if (panel.dataset.wired) return;
    panel.dataset.wired = "1";
    for (const button of $$(".gp-pick", panel)) {
      button.addEventListener("click", () => {
        const graphic = button.dataset.graphic;
        panel.dataset.picked = graphic;
        cue(panel, graphic, button.dataset.layer, defaults(panel, graphic));
      });
    }
    for (const sel of $$(".gp-opt select", panel)) {
      sel.addEventListener("change", () => recue(panel, sel.name));
    }
    $(".gp-take", panel).addEventListener("click", () => takeAll(panel));
    $(".gp-clear", panel).addEventListener("click", () => clearAll(panel));
    for (const button of $$(".gp-take-layer", panel)) {
      button.addEventListener("click", () => takeAll(panel, button.dataset.layer));
    }
    for (const button of $$(".gp-clear-layer", panel)) {
      button.addEventListener("click", () => clearAll(panel, button.dataset.layer));
    }
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

  // -- hotkeys: the visible output's panel -------------------------------------------------------
  const LAYER_KEYS = { b: "bug", l: "lower", f: "full" };
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    const target = event.target;
    if (target && (target.isContentEditable || ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName))) return;
    const panel = $$(".gp-output").find((p) => !p.hidden);
    if (!panel) return;
    const key = event.key.toLowerCase();
    // Enter takes, also right after a click on a graphic (its button keeps the focus);
    // on any other button Enter presses that button.
    const onOtherButton = target && target.tagName === "BUTTON" && !target.classList.contains("gp-pick");
    if (key === "enter" && !onOtherButton) takeAll(panel);
    else if (key === "escape") clearAll(panel);
    else if (LAYER_KEYS[key]) takeAll(panel, LAYER_KEYS[key]);
    else if (/^[1-9]$/.test(key)) {
      const button = $$(".gp-pick", panel)[Number(key) - 1];
      if (!button) return;
      button.click();
    } else return;
    event.preventDefault();
  });

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
    let anyOnAir = false;
    for (const panel of $$(".gp-output")) {
      const out = outputOf(panel);
      if (!out) continue;
      let onAir = false;
      const previewParts = [];
      for (const layer of ["bug", "lower", "full"]) {
        const { program, cued } = out.layers[layer];
        $(`[data-field="program-${layer}"]`, panel).textContent = labelOf(panel, program, layer) || "Clear";
        $(`[data-field="cued-${layer}"]`, panel).textContent = labelOf(panel, cued, layer) || "–";
        const row = $(`.gp-layer[data-layer="${layer}"]`, panel);
        row.classList.toggle("is-on-air", Boolean(program));
        row.classList.toggle("is-cued", Boolean(cued));
        $(".gp-take-layer", row).disabled = !cued;
        $(".gp-clear-layer", row).disabled = !program;
        onAir = onAir || Boolean(program);
        if (cued) previewParts.push(labelOf(panel, cued, layer));
      }
      const programParts = ["bug", "lower", "full"].filter((l) => out.layers[l].program)
        .map((l) => labelOf(panel, out.layers[l].program, l));
      $('[data-field="program"]', panel).textContent = programParts.join(" + ") || "Clear";
      $('[data-field="preview"]', panel).textContent = previewParts.length ? `Take airs ${previewParts.join(" + ")}` : "Nothing cued";
      $('[data-field="delay"]', panel).textContent = out.delay_ms ? `${out.delay_ms / 1000} s delay` : "no delay";
      panel.classList.toggle("is-on-air", onAir);
      $(".gp-take", panel).disabled = !previewParts.length;
      for (const button of $$(".gp-pick", panel)) {
        const entry = out.layers[button.dataset.layer];
        const isProgram = Boolean(entry.program && entry.program.graphic === button.dataset.graphic);
        const isCued = Boolean(entry.cued && entry.cued.graphic === button.dataset.graphic);
        button.classList.toggle("is-program", isProgram);
        button.classList.toggle("is-preview", isCued);
        button.setAttribute("aria-pressed", String(isCued));
        $(".gp-graphic-state", button).textContent = isProgram && isCued ? "On air · cued" : isProgram ? "On air" : isCued ? "Cued" : "";
      }
      showOptions(panel);
      const tab = $(`.gp-tab[data-output="${out.id}"]`);
      if (tab) tab.classList.toggle("is-on-air", onAir);
      anyOnAir = anyOnAir || onAir;
    }
    host.classList.toggle("is-on-air", anyOnAir);
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
    socket = window.CourtsideSocket.open({
      url: socketPath,
      sequenced: false,
      final: [4403, 4404],
      onMessage(msg) {
        if (msg.type === "outputs") {
          // The newest state of each output wins (an action's answer may be newer).
          const next = new Map();
          for (const o of msg.outputs) {
            const known = outputs.get(o.id);
            next.set(o.id, known && known.version > o.version ? known : o);
          }
          outputs = next;
          render();
        } else if (msg.type === "changed") {
          note(msg);
        }
      },
    });
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
