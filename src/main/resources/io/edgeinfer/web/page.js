// The device page: renders the documents of /api/events (the same as /api/status and
// /api/pipelines/{id}) and, where allowed, posts actions. Plain DOM and canvas; no other host.
"use strict";

(function () {
  const PALETTE = ["#2e7d32", "#f9a825", "#ef6c00", "#c62828", "#6a1b9a", "#1565c0", "#00838f", "#5d4037"];
  const CHANNEL_COLOURS = ["#1565c0", "#c62828", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#5d4037", "#ad1457"];
  const TIMELINE_MS = 120000;
  const STALE_MS = 5000;

  const cards = new Map();
  let status = null;
  let token = "";

  const $ = (id) => document.getElementById(id);

  function text(el, value) {
    const s = value === null || value === undefined ? "—" : String(value);
    if (el.textContent !== s) el.textContent = s;
  }

  function fixed(v, digits, unit) {
    if (v === null || v === undefined || Number.isNaN(v)) return "not measured";
    return Number(v).toFixed(digits) + (unit ? " " + unit : "");
  }

  function ago(ms) {
    if (!ms) return "—";
    const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
    if (s < 60) return s + " s ago";
    if (s < 3600) return Math.floor(s / 60) + " min ago";
    return Math.floor(s / 3600) + " h " + Math.floor((s % 3600) / 60) + " min ago";
  }

  function duration(s) {
    const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
    return (d ? d + " d " : "") + (d || h ? h + " h " : "") + m + " min " + (d ? "" : (s % 60) + " s");
  }

  function pill(el, cls, label) {
    el.className = "pill " + cls;
    text(el, label);
  }

  function colourOf(labels, label) {
    const i = labels ? labels.indexOf(label) : -1;
    return PALETTE[(i < 0 ? labels.length : i) % PALETTE.length];
  }

  // --- the device -------------------------------------------------------------------------

  function renderStatus(doc) {
    status = doc;
    text($("device-id"), doc.device.device_id);
    document.title = doc.device.device_id + " · edgeinfer";
    const link = doc.link;
    pill($("mqtt"), link.connected ? "ok" : "bad", link.connected ? "MQTT connected" : "MQTT disconnected");
    text($("broker"), link.broker);
    text($("mqtt-detail"), (link.connected ? "connected" : "disconnected") + " since " + ago(link.changed_ms));
    text($("outbox"), link.outbox_depth + (link.outbox_depth === 1 ? " message" : " messages") + " ("
      + Math.round(link.outbox_bytes / 1024) + " kB) waiting for the broker");
    text($("outbox-dropped"), link.outbox_dropped_total);
    const mode = doc.page.actions;
    pill($("mode"), mode === "off" ? "" : "wait", mode === "off" ? "read-only" : mode === "on" ? "actions on" : "actions need a token");
    text($("version"), doc.device.version);
    text($("uptime"), duration(Math.round((Date.now() - doc.device.started_ms) / 1000)));
    text($("boot"), doc.device.boot_id);
    renderTelemetry(doc.telemetry);
    renderStartup(doc.startup);
    for (const p of doc.pipelines) {
      renderActions(card(p.id), p, mode);
    }
  }

  function renderTelemetry(t) {
    if (!t) {
      for (const id of ["power", "energy", "temp", "throttled", "cpu"]) text($(id), "first report pending");
      return;
    }
    text($("power"), t.power_w === null ? "not measured" : fixed(t.power_w, 2, "W") + " (" + t.power_source + ")");
    text($("energy"), t.energy_mj_per_inference === null ? "not measured" : fixed(t.energy_mj_per_inference, 3, "mJ"));
    text($("temp"), t.cpu_temp_c === null ? "not measured" : fixed(t.cpu_temp_c, 1, "°C")
      + (t.cpu_freq_mhz ? " at " + Math.round(t.cpu_freq_mhz) + " MHz" : ""));
    text($("throttled"), throttling(t.throttled));
    text($("cpu"), fixed(t.cpu_percent, 1, "%") + ", RSS " + fixed(t.rss_mb, 0, "MB"));
  }

  function throttling(th) {
    if (!th) return "unknown on this board";
    const words = (c) => [c.under_voltage && "under-voltage", c.freq_capped && "frequency capped",
      c.throttled && "throttled", c.soft_temp_limit && "soft temperature limit"].filter(Boolean);
    const now = words(th.now), since = words(th.since_boot);
    if (now.length) return "NOW: " + now.join(", ");
    return since.length ? "none now; since boot: " + since.join(", ") : "none";
  }

  function renderStartup(s) {
    const list = $("startup");
    if (!s.ran) {
      text($("startup-summary"), "This daemon was started without the start-up checks (edgeinfer run runs them).");
      list.replaceChildren();
      return;
    }
    text($("startup-summary"), s.summary);
    const items = s.checked.map((c) => li(c, "")).concat(s.failures.map((f) => li(f, "failed")));
    if (list.childElementCount !== items.length) list.replaceChildren(...items);
  }

  function li(content, cls) {
    const el = document.createElement("li");
    el.textContent = content;
    if (cls) el.className = cls;
    return el;
  }

  // --- a pipeline -------------------------------------------------------------------------

  function card(id) {
    let c = cards.get(id);
    if (c) return c;
    const el = $("pipeline-template").content.firstElementChild.cloneNode(true);
    el.dataset.id = id;
    text(el.querySelector(".pid"), id);
    for (const b of el.querySelectorAll("button.act")) {
      b.addEventListener("click", () => act(id, b.dataset.action));
    }
    // Enter in the token field must not submit anything: the buttons act.
    el.querySelector("form.actions").addEventListener("submit", (e) => e.preventDefault());
    $("pipelines").appendChild(el);
    c = { el, doc: null };
    cards.set(id, c);
    return c;
  }

  function q(c, sel) {
    return c.el.querySelector(sel);
  }

  function renderPipeline(doc) {
    const c = card(doc.id);
    c.doc = doc;
    text(q(c, ".input"), doc.input.description + " · " + doc.input.rate_hz + " Hz");
    const h = q(c, ".health");
    h.className = "health " + (doc.health.degraded ? "degraded" : "ok");
    text(q(c, ".health-state"), doc.health.degraded ? "Degraded:"
      : doc.model ? "Healthy: the input delivers and the model answers" : "Healthy: the input delivers");
    text(q(c, ".health-reason"), doc.health.degraded ? doc.health.reason : "");
    renderPrediction(c, doc);
    renderWindow(c, doc);
    drawTimeline(c, doc);
    renderStats(c, doc);
    renderModel(c, doc.model, doc.swaps);
  }

  function renderPrediction(c, doc) {
    const p = doc.prediction;
    const label = q(c, ".label");
    if (!p) return;
    text(label, p.label);
    label.dataset.seq = p.seq;
    label.style.color = colourOf(doc.model.labels, p.label);
    text(q(c, ".confidence"), "confidence " + (p.confidence * 100).toFixed(1) + " %"
      + (p.flags.length ? " · signal " + p.flags.join(", ") : ""));
    text(q(c, ".when"), "window " + p.window_index + " · " + new Date(p.ts_ms).toLocaleTimeString());
    const scores = q(c, ".scores");
    const names = Object.keys(p.scores);
    if (scores.childElementCount !== names.length) {
      scores.replaceChildren(...names.map((n) => scoreRow(n, colourOf(doc.model.labels, n))));
    }
    names.forEach((n, i) => {
      const row = scores.children[i];
      row.querySelector(".fill").style.width = (p.scores[n] * 100).toFixed(1) + "%";
      text(row.querySelector(".val"), (p.scores[n] * 100).toFixed(1) + "%");
    });
  }

  function scoreRow(name, colour) {
    const row = document.createElement("div");
    row.className = "score";
    const n = document.createElement("span");
    n.className = "name";
    n.textContent = name;
    const bar = document.createElement("span");
    bar.className = "bar";
    const fill = document.createElement("span");
    fill.className = "fill";
    fill.style.display = "block";
    fill.style.background = colour;
    bar.appendChild(fill);
    const v = document.createElement("span");
    v.className = "val";
    row.append(n, bar, v);
    return row;
  }

  function renderWindow(c, doc) {
    const canvas = q(c, "canvas.signal");
    const img = q(c, "img.frame");
    if (doc.frame) {
      canvas.hidden = true;
      img.hidden = false;
      if (img.dataset.src !== doc.frame.url) {
        img.dataset.src = doc.frame.url;
        img.src = doc.frame.url;
        img.dataset.window = doc.frame.window_index;
      }
      text(q(c, ".signal-caption"), "last frame as the model saw it (" + doc.frame.width + " x " + doc.frame.height
        + "), window " + doc.frame.window_index);
    } else if (doc.signal) {
      img.hidden = true;
      canvas.hidden = false;
      drawSignal(canvas, doc.signal);
      const s = doc.signal;
      text(q(c, ".signal-caption"), "last window: " + s.values[0].length * s.step + " samples of " + s.channels.join(", ")
        + (s.unit ? " in " + s.unit : "") + " at " + s.rate_hz + " Hz (window " + s.window_index + ")");
    }
  }

  /** Scales a canvas to its CSS size times the pixel ratio; returns the 2D context in CSS pixels. */
  function fit(canvas) {
    const ratio = window.devicePixelRatio || 1;
    const w = Math.max(1, canvas.clientWidth), h = Math.max(1, canvas.clientHeight);
    if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
      canvas.width = Math.round(w * ratio);
      canvas.height = Math.round(h * ratio);
    }
    const g = canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, w, h);
    return { g, w, h };
  }

  function drawSignal(canvas, s) {
    const { g, w, h } = fit(canvas);
    let max = 0;
    for (const ch of s.values) for (const v of ch) max = Math.max(max, Math.abs(v));
    max = max > 0 ? max * 1.1 : 1;
    const left = 44, top = 16, plotW = w - left - 6, plotH = h - top - 6;
    g.strokeStyle = "#dfe4ea";
    g.fillStyle = "#5b6775";
    g.font = "11px system-ui, sans-serif";
    g.lineWidth = 1;
    for (const f of [-1, 0, 1]) {
      const y = top + plotH / 2 - (f * plotH) / 2 / 1.1;
      g.beginPath();
      g.moveTo(left, y);
      g.lineTo(w - 6, y);
      g.stroke();
      g.fillText((f * max / 1.1).toPrecision(2), 2, y + 4);
    }
    s.values.forEach((ch, i) => {
      g.strokeStyle = CHANNEL_COLOURS[i % CHANNEL_COLOURS.length];
      g.lineWidth = 1.2;
      g.beginPath();
      ch.forEach((v, k) => {
        const x = left + (ch.length > 1 ? (k / (ch.length - 1)) * plotW : 0);
        const y = top + plotH / 2 - (v / max) * (plotH / 2);
        if (k === 0) g.moveTo(x, y); else g.lineTo(x, y);
      });
      g.stroke();
      g.fillStyle = CHANNEL_COLOURS[i % CHANNEL_COLOURS.length];
      g.fillText(s.channels[i], left + 8 + i * 48, 11);
    });
    canvas.dataset.window = s.window_index;
    canvas.dataset.points = s.values.reduce((n, ch) => n + ch.length, 0);
  }

  /** Runs of labels, newest right: the last 2 minutes, or since the first prediction when that is sooner. */
  function drawTimeline(c, doc) {
    const canvas = q(c, "canvas.timeline");
    const { g, w, h } = fit(canvas);
    const now = Date.now();
    const first = doc.timeline.length ? doc.timeline[0].from_ms : now;
    const span = Math.min(TIMELINE_MS, Math.max(20000, now - first + 1000));
    const start = now - span;
    const labels = doc.model ? doc.model.labels : [];
    const seen = new Set();
    for (const r of doc.timeline) {
      if (r.to_ms < start) continue;
      const from = Math.max(r.from_ms, start);
      const x0 = ((from - start) / span) * w;
      const x1 = ((Math.max(r.to_ms, from) + 250 - start) / span) * w;
      g.fillStyle = colourOf(labels, r.label);
      g.fillRect(x0, 0, Math.max(1, x1 - x0), h);
      seen.add(r.label);
    }
    canvas.dataset.runs = doc.timeline.length;
    const legend = q(c, ".legend");
    const key = [...seen].join("|");
    if (legend.dataset.key !== key) {
      legend.dataset.key = key;
      const items = [...seen].map((l) => {
        const item = document.createElement("span");
        const sw = document.createElement("i");
        sw.style.background = colourOf(labels, l);
        item.append(sw, document.createTextNode(l));
        return item;
      });
      const note = document.createElement("span");
      note.className = "span";
      legend.replaceChildren(...items, note);
    }
    text(legend.querySelector(".span"), "labels of the last " + (span >= TIMELINE_MS ? "2 minutes"
      : Math.round(span / 1000) + " s") + ", newest right");
  }

  function renderStats(c, doc) {
    const l = doc.latency;
    text(q(c, ".latency"), l.samples ? l.p50_ms.toFixed(2) + " / " + l.p99_ms.toFixed(2) + " ms" : "—");
    text(q(c, ".model-time"), l.samples ? l.inference_p50_ms.toFixed(2) + " / " + l.inference_p99_ms.toFixed(2) + " ms" : "—");
    const k = doc.counters;
    text(q(c, ".inferences"), k.inferences_total + " of " + k.windows_total + " windows");
    const dropped = q(c, ".dropped");
    text(dropped, k.dropped_windows_total);
    dropped.style.color = k.dropped_windows_total > 0 ? "var(--warn)" : "";
    text(q(c, ".errors"), k.inference_errors_total);
    const s = k.source || {};
    const parts = [["read errors", s.read_errors_total], ["samples lost", s.samples_lost_total],
      ["stuck", s.stuck_windows_total], ["saturated", s.saturated_windows_total], ["gated", s.gated_windows_total],
      ["corrupt frames", s.corrupt_frames_total], ["restarts", s.restarts_total]]
      .filter(([, v]) => v).map(([n, v]) => n + " " + v);
    text(q(c, ".source"), parts.length ? parts.join(" · ") : "none");
  }

  function renderModel(c, m, swaps) {
    if (!m) {
      text(q(c, ".model-name"), "no classifier (anomaly detection only)");
      text(q(c, ".model-sha"), "");
      return;
    }
    text(q(c, ".model-name"), m.name + " " + m.version + (m.watching ? " (being watched after a swap)" : ""));
    text(q(c, ".model-sha"), m.sha256);
    const body = q(c, "table.versions tbody");
    const key = m.versions.map((v) => v.sha256 + v.serving + v.on_disk).join();
    if (body.dataset.key !== key) {
      body.dataset.key = key;
      body.replaceChildren(...m.versions.slice().reverse().map((v) => {
        const tr = document.createElement("tr");
        if (v.serving) tr.className = "serving";
        for (const cell of [v.name + " " + v.version + (v.serving ? " (serving)" : ""), v.sha256.slice(0, 12),
          v.deployed_ms ? new Date(v.deployed_ms).toLocaleString() : "—", v.on_disk ? "yes" : "no"]) {
          const td = document.createElement("td");
          td.textContent = cell;
          tr.appendChild(td);
        }
        return tr;
      }));
    }
    const r = m.last_rollback;
    text(q(c, ".rollback"), r ? "Last rollback " + ago(r.ts_ms) + ": " + r.from + " → " + r.to
      + (r.automatic ? " (automatic: " + r.reason + ")" : " (asked by an operator)") : "No rollback since start.");
    const list = q(c, ".swaps");
    if (list.childElementCount !== swaps.length) {
      list.replaceChildren(...swaps.map((s) => li(new Date(s.ts_ms).toLocaleTimeString() + ": " + s.from_name + " "
        + s.from_version + " → " + s.to_name + " " + s.to_version, "")));
    }
  }

  // --- actions ----------------------------------------------------------------------------

  function renderActions(c, p, mode) {
    const box = q(c, ".actions");
    const off = mode === "off";
    for (const b of box.querySelectorAll("button.act")) {
      b.disabled = off || box.dataset.busy === "1"
        || (b.dataset.action === "rollback" && (!p.model || p.model.versions.filter((v) => v.on_disk).length < 2));
      b.title = off ? "This page is read-only (http.allow_actions is off, or commands must be signed and the page has no credentials)" : "";
    }
    q(c, ".token").hidden = mode !== "needs_token";
    if (off && !box.dataset.busy) text(q(c, ".action-result"), "Read-only: this page shows the device and changes nothing.");
  }

  async function act(id, action) {
    const c = cards.get(id);
    const box = q(c, ".actions");
    const out = q(c, ".action-result");
    const words = action === "rollback" ? "Roll back the model of pipeline " + id + " to the previous version?"
      : "Restart the input of pipeline " + id + "?";
    if (!window.confirm(words)) return;
    const t = q(c, ".token").value || token;
    const headers = { "Content-Type": "application/json" };
    if (t) headers.Authorization = "Bearer " + t;
    box.dataset.busy = "1";
    text(out, "working…");
    try {
      const res = await fetch("/api/pipelines/" + encodeURIComponent(id) + "/actions/" + action,
        { method: "POST", headers, body: "{}", credentials: "same-origin" });
      const body = await res.json();
      if (res.ok) {
        token = t;
        text(out, action === "rollback" ? "Rolled back to " + body.answer.model.name + " " + body.answer.model.version + "."
          : "The input restarted.");
      } else {
        text(out, "Refused: " + (body.message || body.error));
      }
    } catch (e) {
      text(out, "The device did not answer: " + e.message);
    } finally {
      delete box.dataset.busy;
    }
  }

  // --- the stream -------------------------------------------------------------------------

  function stale() {
    for (const c of cards.values()) {
      const p = c.doc && c.doc.prediction;
      const label = q(c, ".label");
      label.classList.toggle("stale", !p || Date.now() - p.ts_ms > STALE_MS);
      if (c.doc) drawTimeline(c, c.doc);
    }
    if (status) text($("uptime"), duration(Math.round((Date.now() - status.device.started_ms) / 1000)));
  }

  function connect() {
    const events = new EventSource("/api/events");
    events.addEventListener("open", () => pill($("stream"), "ok", "live"));
    events.addEventListener("error", () => pill($("stream"), "wait", "reconnecting…"));
    events.addEventListener("status", (e) => renderStatus(JSON.parse(e.data)));
    events.addEventListener("pipeline", (e) => renderPipeline(JSON.parse(e.data)));
  }

  connect();
  setInterval(stale, 1000);
})();
