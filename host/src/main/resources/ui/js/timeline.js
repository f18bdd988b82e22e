// The task-run timeline: one bar per task run over time, each bar split into the states the run
// went through (so a retry shows as Running, AwaitingRetry, Retrying), drawn on one canvas.
// Only the rows in view are drawn, so 10,000 task runs cost what 30 do; the scroller over the
// canvas gives the scrollbar and the mouse events.
import { stateColour, TERMINAL, duration } from './format.js';

const ROW = 18;
const AXIS = 26;
const LABELS = 190;
const MAX_VIEW = 460;
const OVERVIEW_OVER = 100;
const OVERVIEW_H = 48;
const OVERVIEW_ORDER = ['COMPLETED', 'RUNNING', 'PENDING', 'SCHEDULED', 'PAUSED', 'CANCELLING', 'CANCELLED', 'CRASHED', 'FAILED'];

export class Timeline {
  constructor(container, { onOpen } = {}) {
    this.onOpen = onOpen || (() => {});
    this.tasks = [];
    this.box = document.createElement('div');
    this.box.className = 'timeline';
    this.canvas = document.createElement('canvas');
    this.canvas.id = 'timeline-canvas';
    this.scroller = document.createElement('div');
    this.scroller.className = 'timeline-scroller';
    this.spacer = document.createElement('div');
    this.scroller.append(this.spacer);
    this.tip = document.createElement('div');
    this.tip.className = 'timeline-tip';
    this.tip.hidden = true;
    this.box.append(this.canvas, this.scroller, this.tip);
    // Past OVERVIEW_OVER task runs, a strip above shows how many were in each state over the
    // whole run, since the rows below show only a window of them.
    this.overview = document.createElement('canvas');
    this.overview.className = 'timeline-overview';
    this.overview.id = 'timeline-overview';
    this.overview.hidden = true;
    container.append(this.overview, this.box);
    this.scroller.addEventListener('scroll', () => this.schedule());
    this.scroller.addEventListener('mousemove', (e) => this.hover(e));
    this.scroller.addEventListener('mouseleave', () => { this.tip.hidden = true; });
    this.scroller.addEventListener('click', (e) => {
      const t = this.hit(e);
      if (t) this.onOpen(t);
    });
    this.resizeObserver = new ResizeObserver(() => this.schedule());
    this.resizeObserver.observe(this.box);
  }

  /**
   * tasks: [{id, name, type, state, runs, states: [[type, name, tsMicros, rule?, reason?]...], end}],
   * in display order; bounds in ms.
   */
  setData(tasks, startMs, endMs, live) {
    this.tasks = tasks;
    this.version = (this.version || 0) + 1;
    this.start = startMs;
    this.end = Math.max(endMs, startMs + 1);
    this.live = live;
    const height = Math.min(MAX_VIEW, AXIS + Math.max(1, tasks.length) * ROW + 2);
    this.box.style.height = `${height}px`;
    this.spacer.style.height = `${AXIS + tasks.length * ROW}px`;
    this.schedule();
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.draw();
    });
  }

  draw() {
    const dpr = window.devicePixelRatio || 1;
    const width = this.box.clientWidth;
    const height = this.box.clientHeight;
    if (this.canvas.width !== Math.round(width * dpr) || this.canvas.height !== Math.round(height * dpr)) {
      this.canvas.width = Math.round(width * dpr);
      this.canvas.height = Math.round(height * dpr);
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${height}px`;
    }
    const g = this.canvas.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, width, height);
    g.font = '12px system-ui, sans-serif';
    g.textBaseline = 'middle';
    const plot = width - LABELS - 40;
    const x = (ms) => LABELS + ((ms - this.start) / (this.end - this.start)) * plot;
    const top = this.scroller.scrollTop;
    const first = Math.max(0, Math.floor(top / ROW));
    const last = Math.min(this.tasks.length, Math.ceil((top + height - AXIS) / ROW) + 1);
    const nowMs = Date.now();

    for (let i = first; i < last; i++) {
      const t = this.tasks[i];
      const y = AXIS + i * ROW - top;
      if (i % 2 === 0) {
        g.fillStyle = '#f6f8fa';
        g.fillRect(0, y, width, ROW);
      }
      g.fillStyle = '#1f2328';
      g.fillText(clip(g, t.name, LABELS - 12), 6, y + ROW / 2);
      const states = t.states;
      for (let s = 0; s < states.length; s++) {
        const from = states[s][2] / 1000;
        const to = s + 1 < states.length ? states[s + 1][2] / 1000
          : TERMINAL.has(states[s][0]) ? from : (this.live ? nowMs : this.end);
        const x0 = x(from);
        const w = Math.max(TERMINAL.has(states[s][0]) && s + 1 === states.length ? 3 : 1.5, x(to) - x0);
        g.fillStyle = stateColour(states[s][0]);
        g.fillRect(x0, y + 3, w, ROW - 6);
        if (states[s][1] === 'AwaitingRetry') {
          g.strokeStyle = '#9a6700';
          g.strokeRect(x0 + 0.5, y + 3.5, w - 1, ROW - 7);
        }
      }
      if (t.runs > 1) {
        const endX = states.length ? x(states[states.length - 1][2] / 1000) + 6 : LABELS;
        g.fillStyle = '#9a6700';
        g.fillText(`↻ ${t.runs} runs`, endX, y + ROW / 2);
      }
    }
    // The axis stays on top of the rows.
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, width, AXIS);
    g.strokeStyle = '#d0d7de';
    g.beginPath();
    g.moveTo(0, AXIS - 0.5);
    g.lineTo(width, AXIS - 0.5);
    g.stroke();
    g.fillStyle = '#57606a';
    g.fillText(`${this.tasks.length} task runs`, 6, AXIS / 2);
    const span = (this.end - this.start) / 1000;
    for (let k = 0; k <= 5; k++) {
      const px = LABELS + (plot * k) / 5;
      g.fillText(`+${duration((span * k) / 5)}`, px - 4, AXIS / 2);
      g.strokeStyle = '#eaeef2';
      g.beginPath();
      g.moveTo(px + 0.5, AXIS);
      g.lineTo(px + 0.5, height);
      g.stroke();
    }
    this.box.dataset.drawnRows = String(last - first);
    if (this.tasks.length > OVERVIEW_OVER) {
      const t0 = performance.now();
      this.drawOverview(width, plot, nowMs);
      this.box.dataset.overviewMs = (performance.now() - t0).toFixed(1);
    }
    else this.overview.hidden = true;
  }

  /** Stacked counts of task runs per state for every pixel column of the plot (difference arrays: one pass over the states). */
  drawOverview(width, plot, nowMs) {
    const key = `${width}|${this.tasks.length}|${this.start}|${this.end}|${this.version || 0}`;
    if (this.overviewKey === key) return;
    this.overviewKey = key;
    const cols = Math.max(1, Math.floor(plot));
    const scale = cols / (this.end - this.start);
    const diffs = new Map();
    for (const t of this.tasks) {
      const states = t.states;
      for (let s = 0; s < states.length; s++) {
        const from = states[s][2] / 1000;
        const to = s + 1 < states.length ? states[s + 1][2] / 1000
          : TERMINAL.has(states[s][0]) ? this.end : (this.live ? nowMs : this.end);
        const a = Math.max(0, Math.min(cols - 1, Math.floor((from - this.start) * scale)));
        const b = Math.max(a + 1, Math.min(cols, Math.ceil((to - this.start) * scale)));
        let d = diffs.get(states[s][0]);
        if (!d) {
          d = new Int32Array(cols + 1);
          diffs.set(states[s][0], d);
        }
        d[a] += 1;
        d[b] -= 1;
      }
    }
    const dpr = window.devicePixelRatio || 1;
    this.overview.hidden = false;
    this.overview.width = Math.round(width * dpr);
    this.overview.height = Math.round(OVERVIEW_H * dpr);
    this.overview.style.width = `${width}px`;
    this.overview.style.height = `${OVERVIEW_H}px`;
    const g = this.overview.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, width, OVERVIEW_H);
    g.font = '12px system-ui, sans-serif';
    g.textBaseline = 'middle';
    g.fillStyle = '#57606a';
    g.fillText('all task runs by state', 6, OVERVIEW_H / 2);
    const totals = new Int32Array(cols);
    const series = OVERVIEW_ORDER.filter((st) => diffs.has(st)).map((st) => {
      const d = diffs.get(st);
      const v = new Int32Array(cols);
      let run = 0;
      for (let x = 0; x < cols; x++) {
        run += d[x];
        v[x] = run;
        totals[x] += run;
      }
      return [st, v];
    });
    let max = 1;
    for (let x = 0; x < cols; x++) max = Math.max(max, totals[x]);
    const base = new Float32Array(cols);
    for (const [st, v] of series) {
      g.fillStyle = stateColour(st);
      for (let x = 0; x < cols; x++) {
        if (!v[x]) continue;
        const hgt = (v[x] / max) * (OVERVIEW_H - 4);
        g.fillRect(LABELS + x, OVERVIEW_H - 2 - base[x] - hgt, 1, hgt);
        base[x] += hgt;
      }
    }
    this.overview.dataset.peak = String(max);
  }

  hit(e) {
    const rect = this.scroller.getBoundingClientRect();
    const yIn = e.clientY - rect.top + this.scroller.scrollTop - AXIS;
    if (yIn < 0 || e.clientY - rect.top < AXIS) return null;
    return this.tasks[Math.floor(yIn / ROW)] || null;
  }

  hover(e) {
    const t = this.hit(e);
    if (!t) {
      this.tip.hidden = true;
      return;
    }
    const names = t.states.map((s) => s[1]).join(' → ');
    this.tip.textContent = `${t.name}: ${t.state || t.type || 'no state'}${t.runs > 1 ? ` after ${t.runs} runs` : ''} — ${names}`;
    const rect = this.box.getBoundingClientRect();
    this.tip.style.left = `${Math.min(e.clientX - rect.left + 12, rect.width - 320)}px`;
    this.tip.style.top = `${e.clientY - rect.top + 14}px`;
    this.tip.hidden = false;
  }

  destroy() {
    this.resizeObserver.disconnect();
    if (this.frame) cancelAnimationFrame(this.frame);
  }
}

function clip(g, text, width) {
  if (g.measureText(text).width <= width) return text;
  let s = text;
  while (s.length > 1 && g.measureText(`${s}…`).width > width) s = s.slice(0, -1);
  return `${s}…`;
}
