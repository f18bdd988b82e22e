// A task run: its states with the decision behind each, the upstream runs its inputs came from,
// its result and its logs.
import { get, post } from '../api.js';
import { h, badge, time, duration, runDuration, tags, table, section, json, TERMINAL } from '../format.js';
import { decisionTable } from './flowRun.js';
import { logView } from './logs.js';
import { resultView } from '../result.js';

export async function render(root, { id }) {
  const [run, decisions] = await Promise.all([get(`/task_runs/${id}`), get(`/task_runs/${id}/decisions`)]);
  const flowRun = await get(`/flow_runs/${run.flow_run_id}`);
  const inputs = Object.entries(run.task_inputs || {});
  const upstreamIds = [...new Set(inputs.flatMap(([, v]) => (Array.isArray(v) ? v : []).filter((x) => x && x.id).map((x) => x.id)))];
  const upstream = upstreamIds.length
    ? await post('/task_runs/filter', { task_runs: { id: { any_: upstreamIds.slice(0, 200) } }, limit: 200 }) : [];
  const byId = new Map(upstream.map((u) => [u.id, u]));
  const logs = logView('task_run_id', id, new Map([[id, run.name]]));
  const result = run.state && run.state.data;
  const child = run.state && run.state.state_details && run.state.state_details.child_flow_run_id;

  root.append(
    h('div', { class: 'page-head' }, h('div', {},
      h('div', { class: 'crumbs' }, h('a', { href: '#/' }, 'Flow runs'), ' / ', h('a', { href: `#/flow-runs/${flowRun.id}` }, flowRun.name), ' / ', run.name),
      h('h1', {}, run.name, ' ', h('span', { id: 'run-state' }, badge(run.state_type, run.state_name))))),
    section('Details', h('dl', { class: 'grid' },
      dt('Task run id', h('code', {}, run.id)),
      dt('Task key', h('code', {}, run.task_key), ` #${run.dynamic_key}`),
      dt('Flow run', h('a', { href: `#/flow-runs/${flowRun.id}` }, flowRun.name)),
      dt('State', run.state_name || '—', run.state && run.state.message ? h('div', { class: 'muted' }, run.state.message) : null),
      dt('Started', time(run.start_time)),
      dt('Ended', time(run.end_time)),
      dt('Duration', duration(runDuration(run))),
      dt('Run count', run.run_count),
      dt('Retries', run.empirical_policy ? `${run.empirical_policy.retries ?? 0} (delay ${run.empirical_policy.retry_delay ?? 0} s)` : '—'),
      dt('Cache key', run.cache_key ? h('code', {}, run.cache_key) : '—'),
      dt('Subflow run', child ? h('a', { href: `#/flow-runs/${child}` }, child) : '—'),
      dt('Tags', tags(run.tags)))),
    section('Upstream runs', table(['Input', 'Task run', 'State'], inputs.flatMap(([name, values]) => (Array.isArray(values) ? values : []).map((v) => {
      const u = v && v.id ? byId.get(v.id) : null;
      return h('tr', {},
        h('td', {}, h('code', {}, name)),
        h('td', {}, v && v.id ? h('a', { href: `#/task-runs/${v.id}` }, u ? u.name : v.id) : JSON.stringify(v)),
        h('td', {}, u ? badge(u.state_type, u.state_name) : '—'));
    })), { class: 'upstream' })),
    section('Result', resultView(result)),
    section('States and decisions', decisionTable(decisions)),
    section('Logs', logs.node));
  await logs.reload();
  if (TERMINAL.has(run.state_type)) return undefined;
  // Live: while the task run is unfinished, redraw the page when its state changes.
  let inner = null;
  let stopped = false;
  const timer = setInterval(async () => {
    try {
      const now = await get(`/task_runs/${id}`);
      if (stopped) return;
      if (now.state && run.state && now.state.id !== run.state.id) {
        clearInterval(timer);
        const fresh = h('div', {});
        inner = await render(fresh, { id });
        if (stopped && typeof inner === 'function') inner();
        else root.replaceChildren(...fresh.childNodes);
      } else {
        await logs.refresh();
      }
    } catch (e) {
      console.warn('task run poll failed', e);
    }
  }, 1000);
  return () => {
    stopped = true;
    clearInterval(timer);
    if (typeof inner === 'function') inner();
  };
}

function dt(label, ...value) {
  return h('div', {}, h('dt', {}, label), h('dd', {}, ...value));
}
