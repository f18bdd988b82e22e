// The graph of upstream edges between a flow run's task runs (data passed from one task to
// another, and wait_for), laid out in columns by depth and drawn on a canvas. Past 300 task
// runs, runs of the same task at the same depth fold into one node ("square ×10000"), so a
// wide fan-out stays readable and cheap.
import { stateColour } from './format.js';

const NODE_W = 170;
const NODE_H = 24;
const COL_GAP = 70;
const ROW_GAP = 10;
const FOLD_OVER = 300;
const SEVERITY = ['FAILED', 'CRASHED', 'CANCELLED', 'CANCELLING', 'RUNNING', 'PAUSED', 'PENDING', 'SCHEDULED', 'COMPLETED'];

export function drawGraph(container, tasks, onOpen) {
  // Tasks come in creation order and an upstream run is created before its consumer, so one
  // pass gives each its depth (a consumer seen first counts its upstream at depth 0).
  const depth = new Map();
  for (const t of tasks) {
    let d = 0;
    for (const u of t.up) {
      if (depth.has(u)) d = Math.max(d, depth.get(u) + 1);
    }
    depth.set(t.id, d);
  }

  const fold = tasks.length > FOLD_OVER;
  const nodes = new Map();
  const nodeOf = new Map();
  for (const t of tasks) {
    const key = fold ? `${depth.get(t.id)}|${t.key}` : t.id;
    let n = nodes.get(key);
    if (!n) {
      n = { key, depth: depth.get(t.id), label: fold ? t.key : t.name, tasks: [], worst: t.type };
      nodes.set(key, n);
    }
    n.tasks.push(t);
    if (SEVERITY.indexOf(t.type) < SEVERITY.indexOf(n.worst)) n.worst = t.type;
    nodeOf.set(t.id, n);
  }
  const edges = new Map();
  for (const t of tasks) {
    for (const u of t.up) {
      const a = nodeOf.get(u);
      const b = nodeOf.get(t.id);
      if (a && b && a !== b) edges.set(`${a.key}>${b.key}`, [a, b]);
    }
  }
  const columns = [];
  for (const n of nodes.values()) {
    (columns[n.depth] ||= []).push(n);
  }
  let rows = 0;
  columns.forEach((col, d) => col.forEach((n, i) => {
    n.x = 10 + d * (NODE_W + COL_GAP);
    n.y = 10 + i * (NODE_H + ROW_GAP);
    rows = Math.max(rows, i + 1);
  }));
  const width = 20 + columns.length * (NODE_W + COL_GAP);
  const height = Math.min(30000, 20 + rows * (NODE_H + ROW_GAP));

  const canvas = document.createElement('canvas');
  canvas.id = 'graph-canvas';
  const dpr = window.devicePixelRatio || 1;
  canvas.width = width * dpr;
  canvas.height = height * dpr;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const g = canvas.getContext('2d');
  g.scale(dpr, dpr);
  g.strokeStyle = '#afb8c1';
  g.lineWidth = 1;
  for (const [a, b] of edges.values()) {
    const x0 = a.x + NODE_W;
    const y0 = a.y + NODE_H / 2;
    const x1 = b.x;
    const y1 = b.y + NODE_H / 2;
    g.beginPath();
    g.moveTo(x0, y0);
    g.bezierCurveTo(x0 + COL_GAP / 2, y0, x1 - COL_GAP / 2, y1, x1, y1);
    g.stroke();
  }
  g.font = '12px system-ui, sans-serif';
  g.textBaseline = 'middle';
  for (const n of nodes.values()) {
    if (n.y > height) continue;
    g.fillStyle = '#ffffff';
    g.strokeStyle = '#d0d7de';
    g.fillRect(n.x, n.y, NODE_W, NODE_H);
    g.strokeRect(n.x + 0.5, n.y + 0.5, NODE_W - 1, NODE_H - 1);
    g.fillStyle = stateColour(n.worst);
    g.fillRect(n.x, n.y, 5, NODE_H);
    g.fillStyle = '#1f2328';
    const label = n.tasks.length > 1 ? `${n.label} ×${n.tasks.length}` : n.label;
    g.fillText(label.length > 24 ? `${label.slice(0, 23)}…` : label, n.x + 10, n.y + NODE_H / 2);
  }
  canvas.addEventListener('click', (e) => {
    const r = canvas.getBoundingClientRect();
    const px = e.clientX - r.left;
    const py = e.clientY - r.top;
    for (const n of nodes.values()) {
      if (px >= n.x && px <= n.x + NODE_W && py >= n.y && py <= n.y + NODE_H) {
        onOpen(n.tasks[0]);
        return;
      }
    }
  });
  const box = document.createElement('div');
  box.className = 'graph';
  box.dataset.nodes = String(nodes.size);
  box.dataset.edges = String(edges.size);
  box.append(canvas);
  container.replaceChildren(box);
}
