// Runs dashboard: counts per state, runs over time coloured by state, and one page of flow runs
// (limit/offset on the server, so 100,000 stored runs open as fast as 100). Filters live in the
// URL fragment (#/?state=FAILED&flow=etl&tag=nightly&range=24h&page=2). Refreshes every 5 s.
import { get, post } from '../api.js';
import { h, badge, time, duration, runDuration, tags, table, section, errorBox, STATE_TYPES, stateColour, fill } from '../format.js';

const PAGE_SIZE = 50;
const RANGES = { '1h': 3600e3, '24h': 86400e3, '7d': 7 * 86400e3, '30d': 30 * 86400e3 };

function filters(query) {
  return {
    states: (query.get('state') || '').split(',').filter(Boolean),
    flow: query.get('flow') || '',
    tag: query.get('tag') || '',
    range: query.get('range') || '7d',
    page: Math.max(1, Number(query.get('page') || 1)),
  };
}

function navigate(f) {
  const q = new URLSearchParams();
  if (f.states.length) q.set('state', f.states.join(','));
  if (f.flow) q.set('flow', f.flow);
  if (f.tag) q.set('tag', f.tag);
  if (f.range !== '7d') q.set('range', f.range);
  if (f.page > 1) q.set('page', String(f.page));
  const s = q.toString();
  location.hash = s ? `#/?${s}` : '#/';
}

function timeWindow(f) {
  const to = new Date();
  const span = RANGES[f.range];
  return { from: span ? new Date(to.getTime() - span) : null, to };
}

/** The /filter body for the filters, with or without the state filter. */
function body(f, withStates, window) {
  const runs = {};
  if (withStates && f.states.length) runs.state = { type: { any_: f.states } };
  if (f.tag) runs.tags = { all_: [f.tag] };
  if (window.from) runs.expected_start_time = { after_: window.from.toISOString() };
  const b = {};
  if (Object.keys(runs).length) b.flow_runs = runs;
  if (f.flow) b.flows = { name: { any_: [f.flow] } };
  return b;
}

export async function render(root, { query }) {
  const f = filters(query);
  const flows = await post('/flows/filter', { sort: 'NAME_ASC', limit: 200 });
  const flowSelect = h('select', { id: 'filter-flow', onchange: (e) => navigate({ ...f, flow: e.target.value, page: 1 }) },
    h('option', { value: '' }, 'All flows'),
    flows.map((fl) => h('option', { value: fl.name, selected: fl.name === f.flow }, fl.name)));
  const tagInput = h('input', { id: 'filter-tag', type: 'search', placeholder: 'tag', value: f.tag,
    onchange: (e) => navigate({ ...f, tag: e.target.value.trim(), page: 1 }) });
  const rangeSelect = h('select', { id: 'filter-range', onchange: (e) => navigate({ ...f, range: e.target.value, page: 1 }) },
    Object.keys(RANGES).concat('all').map((r) => h('option', { value: r, selected: r === f.range }, r === 'all' ? 'all time' : `last ${r}`)));
  const counts = h('div', { class: 'counts', id: 'state-counts' });
  const chartCanvas = h('canvas', { id: 'runs-chart', height: '160' });
  const list = h('div', { id: 'runs-table' });
  const pager = h('div', { class: 'pager' });

  root.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Flow runs'),
      h('div', { class: 'filters' }, flowSelect, tagInput, rangeSelect,
        f.states.length || f.flow || f.tag ? h('a', { href: '#/', class: 'button light' }, 'Clear filters') : null)),
    counts,
    section('Runs over time', h('div', { class: 'chart-box' }, chartCanvas)),
    section('Runs', list, pager));

  let chart = null;
  let stopped = false;

  async function refresh() {
    const window = timeWindow(f);
    const params = new URLSearchParams({ to: window.to.toISOString(), buckets: '60' });
    params.set('from', (window.from || new Date(window.to.getTime() - 30 * 86400e3)).toISOString());
    const [summary, runs] = await Promise.all([
      post(`/ui/flow_runs/summary?${params}`, body(f, false, window)),
      post('/flow_runs/filter', { ...body(f, true, window), sort: 'ID_DESC', limit: PAGE_SIZE, offset: (f.page - 1) * PAGE_SIZE }),
    ]);
    if (stopped) return;
    drawCounts(summary);
    chart = drawChart(chartCanvas, chart, summary);
    const total = f.states.length ? f.states.reduce((n, s) => n + (summary.counts[s] || 0), 0) : summary.total;
    drawTable(runs, total);
  }

  function drawCounts(summary) {
    fill(counts, 
      h('button', { class: `count all ${f.states.length ? '' : 'on'}`, onclick: () => navigate({ ...f, states: [], page: 1 }) },
        h('span', { class: 'n' }, summary.total), ' all'),
      STATE_TYPES.map((s) => {
        const on = f.states.includes(s);
        return h('button', {
          class: `count ${on ? 'on' : ''}`, 'data-state': s, style: `border-color:${stateColour(s)}`,
          onclick: () => navigate({ ...f, states: on ? f.states.filter((x) => x !== s) : [...f.states, s], page: 1 }),
        }, h('span', { class: 'dot', style: `background:${stateColour(s)}` }), h('span', { class: 'n' }, summary.counts[s] || 0), ` ${s.toLowerCase()}`);
      }));
  }

  function drawTable(runs, total) {
    const rows = runs.map((r) => h('tr', { 'data-run-id': r.id },
      h('td', {}, h('a', { href: `#/flow-runs/${r.id}`, class: 'run-link' }, r.name)),
      h('td', {}, flowName(r, flows)),
      h('td', {}, badge(r.state_type, r.state_name)),
      h('td', {}, time(r.start_time || r.expected_start_time)),
      h('td', { class: 'num' }, duration(runDuration(r))),
      h('td', {}, tags(r.tags))));
    fill(list, table(['Run', 'Flow', 'State', 'Start', 'Duration', 'Tags'], rows, { class: 'runs' }));
    const first = total === 0 ? 0 : (f.page - 1) * PAGE_SIZE + 1;
    const last = Math.min(total, f.page * PAGE_SIZE);
    fill(pager, 
      h('button', { class: 'light', disabled: f.page <= 1, onclick: () => navigate({ ...f, page: f.page - 1 }) }, '‹ Newer'),
      h('span', { id: 'page-info' }, `${first}–${last} of ${total}`),
      h('button', { class: 'light', disabled: last >= total, onclick: () => navigate({ ...f, page: f.page + 1 }) }, 'Older ›'));
  }

  try {
    await refresh();
    document.body.dataset.dashboardMs = performance.now().toFixed(1);
  } catch (e) {
    root.append(errorBox(e));
  }
  const timer = setInterval(() => refresh().catch((e) => console.warn('refresh failed', e)), 5000);
  return () => {
    stopped = true;
    clearInterval(timer);
    if (chart) chart.destroy();
  };
}

function flowName(run, flows) {
  const f = flows.find((x) => x.id === run.flow_id);
  return f ? f.name : '';
}

function drawChart(canvas, chart, summary) {
  if (!window.Chart) return null;
  const step = summary.bucket_micros / 1000;
  const labels = [];
  for (let i = 0; i < summary.buckets; i++) {
    const d = new Date(summary.from / 1000 + i * step);
    labels.push(step < 86400e3 ? d.toLocaleString(undefined, { month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false })
      : d.toLocaleDateString());
  }
  const datasets = STATE_TYPES.filter((s) => summary.series[s]).map((s) => ({
    label: s.toLowerCase(), data: summary.series[s], backgroundColor: stateColour(s), stack: 'runs',
  }));
  if (chart) {
    chart.data.labels = labels;
    chart.data.datasets = datasets;
    chart.update('none');
    return chart;
  }
  return new window.Chart(canvas, {
    type: 'bar',
    data: { labels, datasets },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      scales: { x: { stacked: true, ticks: { maxTicksLimit: 12 } }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
    },
  });
}
