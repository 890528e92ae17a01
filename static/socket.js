/* socket.js: the browser's one websocket to Courtside, for every page (a classic script).
 *
 * What every page's socket does, written once:
 * - Reconnect by itself. A broadcast resyncs within a second of the server's return, so the
 *   retry waits 500 ms, then at most 800 ms, each jittered by ±25 % (always under 1 s, however
 *   long the outage; a thousand tabs never come back together). Close codes the page names
 *   as final (4403 not allowed, 4404 gone) stop it for good.
 * - The snapshot-then-deltas rule (DESIGN.md, "Reliability patterns"), when `sequenced`:
 *   the server sends a snapshot on connect; a delta is applied only if its seq is last + 1;
 *   an older one is ignored (the snapshot has it); a gap, a reconnect, or a health message
 *   naming a newer seq than the page has asks for a fresh snapshot and waits for it.
 *
 *   const socket = CourtsideSocket.open({
 *     url: () => "/ws/games/<id>/?rate=25",  // a path or a ws(s) URL, asked again on each connect
 *     seq: 12,                               // the seq the server rendered the page at
 *     sequenced: true,                       // false: no snapshot/delta rule (e.g. the overlay)
 *     final: [4403, 4404],                   // close codes that stop the retries
 *     onSnapshot(msg) {},                    // a snapshot: the page's whole state at msg.seq
 *     onDelta(msg) {},                       // the next delta, in order, never twice
 *     onMessage(msg) {},                     // everything else (frames, health, on_air, …)
 *     onState(state, code) {},               // "connecting" | "open" | "reconnecting" | "closed"
 *   });
 *   socket.send({action: "rate", rate: 10});  // dropped while the socket is down
 *   socket.requestSnapshot();                 // socket.seq, socket.lastMessageAt
 *   socket.reconnect();                       // e.g. after the URL changed
 */
(function () {
  "use strict";

  const FIRST_RETRY_MS = 500;
  const RECONNECT_MAX_MS = 800;
  const JITTER = 0.25;

  /** The wait before retry number `attempts` (1, 2, …): jittered, always under a second. */
  function retryDelay(attempts) {
    const wait = Math.min(RECONNECT_MAX_MS, (FIRST_RETRY_MS / 2) * 2 ** Math.min(attempts, 5));
    return wait * (1 - JITTER + Math.random() * 2 * JITTER);
  }

  function socketUrl(path) {
    if (/^wss?:/.test(path)) return path;
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    return `${scheme}//${location.host}${path}`;
  }

  function open(options) {
    const noop = () => {};
    const o = {
      seq: 0, sequenced: true, final: [],
      onSnapshot: noop, onDelta: noop, onMessage: noop, onState: noop, ...options,
    };
    const url = typeof o.url === "function" ? o.url : () => o.url;
    const api = { seq: o.seq, lastMessageAt: 0, awaitingSnapshot: true, socket: null };
    let attempts = 0;
    let stopped = false;

    function send(message) {
      const ws = api.socket;
      if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
    }

    function requestSnapshot() {
      api.awaitingSnapshot = true;
      send({ action: "snapshot" });
    }

    function onMessage(event) {
      api.lastMessageAt = performance.now();
      let msg;
      try {
        msg = JSON.parse(event.data);
      } catch (err) {
        return; // not ours to show: the next message is
      }
      if (!o.sequenced) return o.onMessage(msg);
      if (msg.type === "snapshot") {
        api.awaitingSnapshot = false;
        api.seq = msg.seq;
        return o.onSnapshot(msg);
      }
      if (msg.type === "delta") {
        if (api.awaitingSnapshot || msg.seq <= api.seq) return; // the snapshot has it, or will
        if (msg.seq !== api.seq + 1) return requestSnapshot(); // a gap: never out of order
        api.seq = msg.seq;
        return o.onDelta(msg);
      }
      o.onMessage(msg);
      // The relay sent deltas this page never got (a lost message with nothing after it):
      // a snapshot now, not at the next delta, which may be minutes away.
      if (msg.type === "health" && !api.awaitingSnapshot && msg.seq > api.seq) requestSnapshot();
    }

    // Named `connect`: tests find the retries the page schedules by this name.
    function connect() {
      if (stopped) return;
      const ws = new WebSocket(socketUrl(url()));
      api.socket = ws;
      api.awaitingSnapshot = true; // the server sends one on connect
      ws.addEventListener("open", () => {
        attempts = 0;
        api.lastMessageAt = performance.now();
        o.onState("open");
      });
      ws.addEventListener("message", onMessage);
      ws.addEventListener("close", (event) => {
        if (api.socket !== ws) return; // replaced by reconnect()
        api.socket = null;
        if (stopped || o.final.includes(event.code)) {
          stopped = true;
          return o.onState("closed", event.code);
        }
        attempts += 1;
        o.onState("reconnecting", event.code);
        setTimeout(connect, retryDelay(attempts));
      });
    }

    api.send = send;
    api.requestSnapshot = requestSnapshot;
    api.reconnect = () => {
      const ws = api.socket;
      api.socket = null;
      if (ws) ws.close();
      connect();
    };
    api.close = () => {
      stopped = true;
      if (api.socket) api.socket.close();
    };
    o.onState("connecting");
    connect();
    return api;
  }

  window.CourtsideSocket = { open, retryDelay, RECONNECT_MAX_MS };
})();
