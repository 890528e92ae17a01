/* court.js: the live court on a canvas.
 *
 * The court is drawn from the game's court points (corners and hoops in the court frame, mm:
 * origin at centre court, +x toward the east hoop, +y north) with the lines and zones of
 * shottracker.court (court_lines: one half's paths in the hoop frame), turned toward each
 * hoop; no line is defined here. Players are team-coloured discs with their
 * jersey numbers; the ball grows and casts a wider, softer shadow the higher it is. Frames
 * arrive at up to 25 Hz; between two frames every sensor glides from where it is drawn to
 * its new place over one frame interval, at the display's refresh rate. Only the newest
 * frame is kept, so a tab that was hidden shows the present at once, never a replay.
 *
 *   const court = new CourtCanvas(canvas, {court, teams, onCourtMs});
 *   court.pushFrame(frame);     // {t, players: {id: [x, y, z]}, ball: [x, y, z] | null}
 *   court.setShots(shots);      // snapshot shots (hoop frame); court.addShot(shot) for one
 *   court.setRoster(teams);     // [{id, side, players: [{id, jersey}]}]
 *   court.options.trails / .shots / .zones = true | false
 */
(function () {
  "use strict";

  // A sensor that has not moved for longer (feed time) is benched: the game model's
  // ON_COURT_MS (broadcast/game/positions.py), handed over by the page.
  const DEFAULT_ON_COURT_MS = 4000;
  const TRAIL_MS = 3000; // of feed time: the last three seconds of play, at any speed
  const TRAIL_EVERY_MS = 80;
  const TRAIL_SHADES = 4; // opacities a trail fades through
  const TRAIL_MAX_SPEED = 12; // mm per ms: faster than a sprint is a jump, not a run
  const LAST_SHOTS = 6;
  const PLAYER_RADIUS_MM = 420;
  const BALL_RADIUS_MM = 150;
  const ZONE_COLOURS = ["#38a7ff", "#27d47a", "#ffb121", "#ff6a3d", "#b48cff", "#ff4f9a", "#3fe0d0"];

  function cssVar(name, fallback) {
    const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  class CourtCanvas {
    constructor(canvas, { court, teams, onCourtMs }) {
      this.canvas = canvas;
      this.onCourtMs = onCourtMs || DEFAULT_ON_COURT_MS;
      this.ctx = canvas.getContext("2d");
      this.court = court;
      this.options = { trails: true, shots: true, zones: false };
      this.colours = {
        home: cssVar("--home-ink", cssVar("--home", "#ff6a3d")),
        away: cssVar("--away-ink", cssVar("--away", "#38a7ff")),
        other: "#b48cff",
        floor: cssVar("--court-floor", "#171d28"),
        line: cssVar("--court-line", "#3a475e"),
        accent: cssVar("--accent", "#ffb121"),
      };
      this.sprites = new Map(); // "p:<id>" | "ball" -> sprite
      this.roster = new Map(); // player id -> {side, jersey}
      this.shots = [];
      this.attack = new Map(); // "<team>:<period>" -> hoop index, learned from live shots
      this.frameInterval = 40;
      this.lastFrameAt = 0;
      this.latestT = 0;
      this.onFirstFrame = null;
      this._layout();
      this.setRoster(teams || []);
      this._resize = new ResizeObserver(() => this._layout());
      this._resize.observe(canvas.parentElement || canvas);
      document.addEventListener("visibilitychange", () => {
        if (!document.hidden) this.jumpToNow();
      });
      this._tick = this._tick.bind(this);
      requestAnimationFrame(this._tick);
    }

    // -- data in ----------------------------------------------------------------------------

    setRoster(teams) {
      this.roster.clear();
      for (const team of teams) {
        for (const p of team.players || []) {
          this.roster.set(String(p.id), {
            side: team.side,
            team: team.id,
            jersey: p.jersey == null ? "" : String(p.jersey),
          });
        }
      }
    }

    pushFrame(frame) {
      const now = performance.now();
      if (this.lastFrameAt) {
        // Glide over the measured interval between frames (smoothed), whatever the rate.
        const gap = Math.min(Math.max(now - this.lastFrameAt, 16), 1000);
        this.frameInterval = this.frameInterval * 0.8 + gap * 0.2;
      }
      this.lastFrameAt = now;
      this.latestT = Math.max(this.latestT, frame.t || 0);
      const seen = new Set();
      for (const [id, pos] of Object.entries(frame.players || {})) {
        seen.add("p:" + id);
        this._move("p:" + id, pos, now, frame.t);
      }
      if (frame.ball) {
        seen.add("ball");
        this._move("ball", frame.ball, now, frame.t);
      }
      if (this.onFirstFrame) {
        this.onFirstFrame();
        this.onFirstFrame = null;
      }
    }

    /** Positions from a snapshot ({players: {id: [x, y, z, t]}, ball}): where to start. */
    setPositions(positions) {
      if (!positions) return;
      const now = performance.now();
      let newest = 0;
      for (const pos of Object.values(positions.players || {})) newest = Math.max(newest, pos[3] || 0);
      if (positions.ball) newest = Math.max(newest, positions.ball[3] || 0);
      this.latestT = Math.max(this.latestT, newest);
      for (const [id, pos] of Object.entries(positions.players || {})) {
        const sprite = this._move("p:" + id, pos, now, pos[3]);
        sprite.movedT = pos[3] || 0;
      }
      if (positions.ball) this._move("ball", positions.ball, now, positions.ball[3]);
      this.jumpToNow();
    }

    setShots(shots) {
      this.shots = [];
      for (const shot of shots) this.addShot(shot, { live: false });
    }

    addShot(shot, { live = true } = {}) {
      const i = this.shots.findIndex((s) => s.id === shot.id);
      if (i >= 0) this.shots.splice(i, 1);
      if (shot.status === "DELETED") return;
      const hoop = this._hoopOf(shot, live);
      this.shots.push({ ...shot, hoop, at: performance.now(), live });
      this.shots.sort((a, b) => a.occurred_at - b.occurred_at);
      if (this.shots.length > 50) this.shots.splice(0, this.shots.length - 50);
    }

    /** A replay takes the court: the live players wait aside, unchanged, until endReplay(). */
    beginReplay() {
      if (!this._live) this._live = { sprites: this.sprites, latestT: this.latestT };
      this.sprites = new Map();
      this.latestT = 0;
    }

    /** Back to live: the live players as they were, then whatever frames came meanwhile. */
    endReplay() {
      if (!this._live) return;
      this.sprites = this._live.sprites;
      this.latestT = this._live.latestT;
      this._live = null;
      this.jumpToNow();
    }

    /** Drop the glide in progress and the trails: show the newest frame as it is. */
    jumpToNow() {
      for (const sprite of this.sprites.values()) {
        sprite.fromX = sprite.x = sprite.toX;
        sprite.fromY = sprite.y = sprite.toY;
        sprite.fromZ = sprite.z = sprite.toZ;
        sprite.start = 0;
        sprite.trail = [];
      }
    }

    // -- internals ----------------------------------------------------------------------------

    _move(key, pos, now, t) {
      let sprite = this.sprites.get(key);
      const [x, y, z] = pos;
      if (!sprite) {
        sprite = { x, y, z, fromX: x, fromY: y, fromZ: z, toX: x, toY: y, toZ: z,
                   start: 0, movedT: t || 0, trail: [], lastTrail: 0 };
        this.sprites.set(key, sprite);
        return sprite;
      }
      if (x !== sprite.toX || y !== sprite.toY || z !== sprite.toZ) sprite.movedT = t || sprite.movedT;
      if (t && t - sprite.lastTrail >= TRAIL_EVERY_MS) {
        const last = sprite.trail[sprite.trail.length - 1];
        const fast = last && Math.hypot(x - last[0], y - last[1]) > TRAIL_MAX_SPEED * (t - last[2]);
        if (fast) sprite.trail = []; // a jump (a substitution, a glitch): start afresh
        sprite.trail.push([x, y, t]);
        sprite.lastTrail = t;
        while (sprite.trail.length && t - sprite.trail[0][2] > TRAIL_MS) sprite.trail.shift();
      }
      sprite.fromX = sprite.x; sprite.fromY = sprite.y; sprite.fromZ = sprite.z;
      sprite.toX = x; sprite.toY = y; sprite.toZ = z;
      sprite.start = now;
      return sprite;
    }

    _hoops() {
      const hoops = this.court.hoops;
      const cx = this._centre().x;
      return hoops.map(([x, y, z]) => ({ x, y, z, side: x >= cx ? 1 : -1 }));
    }

    _centre() {
      const xs = this.court.corners.map((c) => c[0]);
      const ys = this.court.corners.map((c) => c[1]);
      return { x: (Math.min(...xs) + Math.max(...xs)) / 2, y: (Math.min(...ys) + Math.max(...ys)) / 2 };
    }

    /** A hoop-frame point of a hoop in the court frame (shottracker.court.from_hoop_frame). */
    _fromHoop(hx, hy, hoop) {
      return [hoop.x - hoop.side * hy, hoop.y - hoop.side * hx];
    }

    /** Which hoop a shot went at: the one nearer the shooter, else what the team attacked. */
    _hoopOf(shot, live) {
      const hoops = this._hoops();
      const key = shot.team_id + ":" + (shot.period || "");
      const shooter = this.sprites.get("p:" + shot.player_id);
      if (shooter && (live || this.latestT - shooter.movedT < this.onCourtMs)) {
        let best = 0;
        let bestD = Infinity;
        hoops.forEach((hoop, i) => {
          const [x, y] = this._fromHoop(shot.x, shot.y, hoop);
          const d = Math.hypot(x - shooter.toX, y - shooter.toY);
          if (d < bestD) { best = i; bestD = d; }
        });
        this.attack.set(key, best);
        return best;
      }
      if (this.attack.has(key)) return this.attack.get(key);
      return 0;
    }

    _layout() {
      const rect = this.canvas.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      const width = Math.max(1, Math.round(rect.width * dpr));
      const height = Math.max(1, Math.round(rect.height * dpr));
      if (width === this.canvas.width && height === this.canvas.height && this._background) return;
      this.canvas.width = width;
      this.canvas.height = height;
      this.dpr = dpr;
      const xs = this.court.corners.map((c) => c[0]);
      const ys = this.court.corners.map((c) => c[1]);
      this.bounds = { minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys) };
      const margin = 900; // mm of run-off around the lines
      const w = this.bounds.maxX - this.bounds.minX + 2 * margin;
      const h = this.bounds.maxY - this.bounds.minY + 2 * margin;
      this.scale = Math.min(width / w, height / h);
      this.offsetX = (width - (this.bounds.maxX - this.bounds.minX) * this.scale) / 2;
      this.offsetY = (height - (this.bounds.maxY - this.bounds.minY) * this.scale) / 2;
      this._background = this._drawBackground(width, height);
      this._discs = new Map(); // player images at this size
    }

    /** Court frame (mm) to canvas pixels: north up, east to the right. */
    _px(x, y) {
      return [
        this.offsetX + (x - this.bounds.minX) * this.scale,
        this.offsetY + (this.bounds.maxY - y) * this.scale,
      ];
    }

    _drawBackground(width, height) {
      const off = document.createElement("canvas");
      off.width = width;
      off.height = height;
      const g = off.getContext("2d");
      const s = this.scale;
      const bg = g.createLinearGradient(0, 0, 0, height);
      bg.addColorStop(0, "#0d121b");
      bg.addColorStop(1, "#0a0e15");
      g.fillStyle = bg;
      g.fillRect(0, 0, width, height);
      const [x0, y0] = this._px(this.bounds.minX, this.bounds.maxY);
      const [x1, y1] = this._px(this.bounds.maxX, this.bounds.minY);
      const floor = g.createRadialGradient((x0 + x1) / 2, (y0 + y1) / 2, 10, (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) * 0.7);
      floor.addColorStop(0, "#1c2432");
      floor.addColorStop(1, this.colours.floor);
      g.fillStyle = floor;
      g.fillRect(x0, y0, x1 - x0, y1 - y0);

      const lines = this.court.lines;
      const hoops = this._hoops();
      const half = new Map(lines.half.map((line) => [line.name, line]));
      g.lineWidth = Math.max(1.2, 50 * s);
      g.strokeStyle = "rgba(200, 212, 232, 0.42)";
      g.lineJoin = "round";
      // Paint: a quiet fill so the lane reads at a glance.
      for (const hoop of hoops) {
        g.beginPath();
        this._path(g, half.get("lane").path, hoop);
        g.closePath();
        g.fillStyle = "rgba(56, 167, 255, 0.06)";
        g.fill();
      }
      // The boundary and the half-court line are the game's own corners'.
      g.strokeRect(x0, y0, x1 - x0, y1 - y0);
      const centre = this._centre();
      g.beginPath();
      const [mx, my0] = this._px(centre.x, this.bounds.maxY);
      const [, my1] = this._px(centre.x, this.bounds.minY);
      g.moveTo(mx, my0);
      g.lineTo(mx, my1);
      g.stroke();
      for (const hoop of hoops) this._drawHalf(g, hoop, lines.half);
      if (this.options.zones) this._drawZones(g, hoops);
      return off;
    }

    _poly(g, points, hoop) {
      g.beginPath();
      points.forEach(([hx, hy], i) => {
        const [x, y] = this._px(...this._fromHoop(hx, hy, hoop));
        if (i === 0) g.moveTo(x, y);
        else g.lineTo(x, y);
      });
      g.closePath();
    }

    /** Trace a shottracker.court path (hoop frame: M, L, A around a centre, Z) toward a hoop. */
    _path(g, path, hoop) {
      let pen = false;
      for (const command of path) {
        const op = command[0];
        if (op === "M" || op === "L") {
          const [x, y] = this._px(...this._fromHoop(command[1], command[2], hoop));
          if (op === "M") g.moveTo(x, y);
          else g.lineTo(x, y);
          pen = true;
        } else if (op === "A") {
          const [, cx, cy, r, a0, a1] = command;
          const steps = Math.max(8, Math.ceil(Math.abs(a1 - a0) / 3));
          for (let i = 0; i <= steps; i++) {
            const a = ((a0 + ((a1 - a0) * i) / steps) * Math.PI) / 180;
            const [x, y] = this._px(...this._fromHoop(cx + r * Math.cos(a), cy + r * Math.sin(a), hoop));
            if (!pen) g.moveTo(x, y);
            else g.lineTo(x, y);
            pen = true;
          }
        } else if (op === "Z") {
          g.closePath();
        }
      }
    }

    /** One half's lines toward a hoop; the boundary is the corners' (drawn already). */
    _drawHalf(g, hoop, half) {
      const s = this.scale;
      for (const line of half) {
        if (line.name === "boundary") continue;
        g.save();
        if (line.dashed) g.setLineDash([6 * this.dpr, 6 * this.dpr]);
        g.beginPath();
        if (line.name === "rim") {
          // Never smaller than a few pixels: the eye looks for the hoop.
          const [, cx, cy, r] = line.path[0];
          const [x, y] = this._px(...this._fromHoop(cx, cy, hoop));
          g.strokeStyle = this.colours.accent;
          g.lineWidth = Math.max(1.5, 45 * s);
          g.arc(x, y, Math.max(3, r * s), 0, Math.PI * 2);
        } else {
          if (line.name === "backboard") {
            g.strokeStyle = "rgba(255, 255, 255, 0.85)";
            g.lineWidth = Math.max(2, 70 * s);
          }
          this._path(g, line.path, hoop);
        }
        g.stroke();
        g.restore();
      }
    }

    _drawZones(g, hoops) {
      const s = this.scale;
      for (const hoop of hoops) {
        for (const [number, outline] of Object.entries(this.court.zones)) {
          this._poly(g, outline, hoop);
          g.fillStyle = ZONE_COLOURS[Number(number) % ZONE_COLOURS.length] + "22";
          g.fill();
          g.save();
          g.strokeStyle = "rgba(233, 237, 244, 0.18)";
          g.lineWidth = 1;
          g.stroke();
          g.restore();
          let sx = 0;
          let sy = 0;
          for (const [hx, hy] of outline) { sx += hx; sy += hy; }
          const [lx, ly] = this._px(...this._fromHoop(sx / outline.length, sy / outline.length, hoop));
          g.fillStyle = "rgba(233, 237, 244, 0.55)";
          g.font = `600 ${Math.max(9, 420 * s)}px sans-serif`;
          g.textAlign = "center";
          g.textBaseline = "middle";
          g.fillText(number, lx, ly);
        }
      }
    }

    redrawCourt() {
      this._background = null;
      this._layout();
    }

    _tick(now) {
      requestAnimationFrame(this._tick);
      if (document.hidden || !this._background) return;
      const g = this.ctx;
      g.setTransform(1, 0, 0, 1, 0, 0);
      g.drawImage(this._background, 0, 0);
      if (this.options.shots) this._drawShots(g, now);
      const duration = this.frameInterval;
      const players = [];
      for (const [key, sprite] of this.sprites) {
        const k = sprite.start ? Math.min(1, (now - sprite.start) / duration) : 1;
        sprite.x = sprite.fromX + (sprite.toX - sprite.fromX) * k;
        sprite.y = sprite.fromY + (sprite.toY - sprite.fromY) * k;
        sprite.z = sprite.fromZ + (sprite.toZ - sprite.fromZ) * k;
        if (key === "ball") continue;
        if (this.latestT - sprite.movedT > this.onCourtMs) continue;
        players.push([key.slice(2), sprite]);
      }
      if (this.options.trails) {
        const trails = players.map(([id, sprite]) => [sprite, this._colourOf(id)]);
        const ball = this.sprites.get("ball");
        if (ball) trails.push([ball, this.colours.accent]);
        this._drawTrails(g, trails);
      }
      for (const [id, sprite] of players) this._drawPlayer(g, id, sprite);
      const ball = this.sprites.get("ball");
      if (ball) this._drawBall(g, ball);
    }

    _colourOf(id) {
      const info = this.roster.get(id);
      if (!info) return "#8a94a7";
      return this.colours[info.side] || this.colours.other;
    }

    /**
     * Each sensor's path over the last TRAIL_MS of feed time, fading with age, up to it.
     * Segments are grouped by colour and by one of TRAIL_SHADES opacities, so a frame
     * strokes a few paths instead of one per segment (software rasterizing is the cost).
     */
    _drawTrails(g, trails) {
      const groups = new Map(); // colour -> [path per shade]
      for (const [sprite, colour] of trails) {
        const points = sprite.trail;
        let last = null;
        for (let i = 0; i <= points.length; i++) {
          const p = i < points.length ? points[i] : [sprite.x, sprite.y, this.latestT];
          const age = (this.latestT - p[2]) / TRAIL_MS;
          if (age > 1) continue;
          const [x, y] = this._px(p[0], p[1]);
          if (last) {
            // Ages only fall along a trail: each shade is one run of it, drawn as one line.
            const shade = Math.min(TRAIL_SHADES - 1, Math.floor(age * TRAIL_SHADES));
            let paths = groups.get(colour);
            if (!paths) groups.set(colour, (paths = []));
            let path = paths[shade];
            if (!path) path = paths[shade] = new Path2D();
            if (shade !== last[2]) path.moveTo(last[0], last[1]);
            path.lineTo(x, y);
            last = [x, y, shade];
          } else {
            last = [x, y, -1];
          }
        }
      }
      if (!groups.size) return;
      g.save();
      g.lineCap = "butt"; // at a trail's few pixels of width round ends cost and do not show
      g.lineJoin = "bevel";
      g.lineWidth = Math.max(1.5, 70 * this.scale);
      for (const [colour, paths] of groups) {
        g.strokeStyle = colour;
        paths.forEach((path, shade) => {
          if (!path) return;
          g.globalAlpha = 0.4 * (1 - (shade + 0.5) / TRAIL_SHADES);
          g.stroke(path);
        });
      }
      g.restore();
    }

    /** A player's disc, ring, shadow and number, drawn once per size and kept as an image. */
    _playerImage(colour, label, r) {
      const key = `${colour}|${label}|${r}`;
      let image = this._discs.get(key);
      if (image) return image;
      const pad = Math.ceil(8 * this.dpr + r * 0.1);
      const size = Math.ceil(2 * r + 2 * pad);
      image = document.createElement("canvas");
      image.width = image.height = size;
      const g = image.getContext("2d");
      const c = size / 2;
      g.save();
      g.shadowColor = "rgba(0, 0, 0, 0.55)";
      g.shadowBlur = 6 * this.dpr;
      g.shadowOffsetY = 2 * this.dpr;
      g.beginPath();
      g.arc(c, c, r, 0, Math.PI * 2);
      g.fillStyle = colour;
      g.fill();
      g.restore();
      g.lineWidth = Math.max(1.5, r * 0.14);
      g.strokeStyle = "rgba(255, 255, 255, 0.9)";
      g.stroke();
      if (label !== "") {
        g.fillStyle = "#fff";
        g.font = `700 ${Math.round(r * (label.length > 1 ? 0.95 : 1.1))}px ${cssFont()}`;
        g.textAlign = "center";
        g.textBaseline = "middle";
        g.fillText(label, c, c + r * 0.05);
      }
      image.centre = c;
      if (this._discs.size > 200) this._discs.clear();
      this._discs.set(key, image);
      return image;
    }

    _drawPlayer(g, id, sprite) {
      const [x, y] = this._px(sprite.x, sprite.y);
      const r = Math.max(9 * this.dpr, PLAYER_RADIUS_MM * this.scale);
      const info = this.roster.get(id);
      const image = this._playerImage(this._colourOf(id), info ? info.jersey : "", r);
      g.drawImage(image, Math.round(x - image.centre), Math.round(y - image.centre));
    }

    _drawBall(g, ball) {
      const height = Math.max(0, ball.z);
      const lift = Math.min(height / 3048, 2); // 1 at rim height
      const [x, y] = this._px(ball.x, ball.y);
      const r = Math.max(4 * this.dpr, BALL_RADIUS_MM * this.scale) * (1 + 0.55 * lift);
      // The shadow stays on the floor: wider and fainter as the ball rises.
      g.save();
      g.fillStyle = `rgba(0, 0, 0, ${0.5 - 0.3 * Math.min(lift, 1)})`;
      g.beginPath();
      g.ellipse(x + r * 0.5 * lift, y + r * 0.9 * lift, r * (1 + 0.6 * lift), r * (0.7 + 0.4 * lift), 0, 0, Math.PI * 2);
      g.fill();
      const shade = g.createRadialGradient(x - r * 0.35, y - r * 0.35, r * 0.1, x, y, r);
      shade.addColorStop(0, "#ffd08a");
      shade.addColorStop(0.6, "#f28a1a");
      shade.addColorStop(1, "#b45309");
      g.fillStyle = shade;
      g.beginPath();
      g.arc(x, y, r, 0, Math.PI * 2);
      g.fill();
      g.lineWidth = Math.max(1, r * 0.12);
      g.strokeStyle = "rgba(40, 20, 0, 0.8)";
      g.stroke();
      g.restore();
    }

    _drawShots(g, now) {
      const hoops = this._hoops();
      const recent = this.shots.slice(-LAST_SHOTS);
      recent.forEach((shot, i) => {
        const hoop = hoops[shot.hoop] || hoops[0];
        const [cx, cy] = this._fromHoop(shot.x, shot.y, hoop);
        const [x, y] = this._px(cx, cy);
        const info = { home: this.colours.home, away: this.colours.away };
        const team = [...this.roster.values()].find((p) => p.team === shot.team_id);
        const colour = team ? info[team.side] || this.colours.other : "#c9d1e0";
        const r = Math.max(6 * this.dpr, 260 * this.scale);
        g.save();
        g.globalAlpha = 0.35 + (0.6 * (i + 1)) / recent.length;
        g.strokeStyle = colour;
        g.fillStyle = colour;
        g.lineWidth = Math.max(2, r * 0.28);
        g.lineCap = "round";
        if (shot.is_make) {
          g.beginPath();
          g.arc(x, y, r, 0, Math.PI * 2);
          g.stroke();
          g.beginPath();
          g.arc(x, y, r * 0.4, 0, Math.PI * 2);
          g.fill();
        } else {
          const a = r * 0.75;
          g.beginPath();
          g.moveTo(x - a, y - a); g.lineTo(x + a, y + a);
          g.moveTo(x + a, y - a); g.lineTo(x - a, y + a);
          g.stroke();
        }
        if (shot.live && now - shot.at < 1500) {
          // A fresh shot pulses once so the eye finds it.
          const k = (now - shot.at) / 1500;
          g.globalAlpha = 1 - k;
          g.lineWidth = 2 * this.dpr;
          g.beginPath();
          g.arc(x, y, r * (1 + 2.5 * k), 0, Math.PI * 2);
          g.stroke();
        }
        g.restore();
      });
    }
  }

  let fontFamily = null;
  function cssFont() {
    if (!fontFamily) fontFamily = getComputedStyle(document.body).fontFamily || "sans-serif";
    return fontFamily;
  }

  window.CourtCanvas = CourtCanvas;
})();
