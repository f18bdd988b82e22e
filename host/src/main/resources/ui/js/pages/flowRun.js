// A flow run: its parameters and result, the task-run timeline (canvas), the upstream-edge
// graph, its state history with the rule and reason behind each change, the rules that stepped
// in on its task runs, and its logs. While the run is not finished the page polls
// /api/ui/flow_runs/{id}/timeline?since=... once a second and redraws what changed.
import { get, post, ApiError } from '../api.js';
import { h, badge, time, duration, runDuration, tags, table, section, json, errorBox, TERMINAL, fill } from '../format.js';
import { Timeline } from '../timeline.js';
import { drawGraph } from '../graph.js';
import { logView } from './logs.js';
import { resultView } from '../result.js';
import { artifactView } from '../artifacts.js';

const POLL_MS = 1000;

export async function render(root, { id }) {
  const started = performance.now();
  const first = await get(`/ui/flow_runs/${id}/timeline`);
  let run = first.flow_run;
  const tasks = new Map(first.tasks.map((t) => [t.id, t]));
  const taskNames = new Map(first.tasks.map((t) => [t.id, t.name]));

  const head = h('div', { class: 'page-head' });
  const message = h('div', { id: 'action-message', class: 'notice', hidden: true });
  const details = h('div', { class: 'details' });
  const timelineBox = h('div', { id: 'timeline' });
  // A run of more task runs than one answer holds shows its first ones (the API pages them).
  const pageNote = h('div', { id: 'timeline-page', class: 'notice', hidden: first.tasks_total <= first.tasks.length },
    `Showing the first ${first.tasks.length.toLocaleString()} of ${Number(first.tasks_total).toLocaleString()} task runs; `
    + `orion flow-run inspect ${id} --offset N --limit N lists the others.`);
  const graphBox = h('div', { id: 'graph' });
  const history = h('div', { id: 'state-history' });
  const interventions = h('div', { id: 'task-decisions' });
  const logs = logView('flow_run_id', id, taskNames);
  const artifactsBox = h('div', { id: 'artifacts' });

  root.append(head, message,
    section('Details', details),
    section('Artifacts', artifactsBox),
    section('Task runs', h('div', { class: 'legend' }, legend()), pageNote, timelineBox),
    section('Upstream edges', graphBox),
    section('State history', history),
    section('Rules that stepped in on task runs', interventions),
    section('Logs', logs.node));

  const timeline = new Timeline(timelineBox, { onOpen: (t) => { location.hash = `#/task-runs/${t.id}`; } });

  function drawHead() {
    const active = !TERMINAL.has(run.state_type);
    fill(head, 
      h('div', {},
        h('div', { class: 'crumbs' }, h('a', { href: '#/' }, 'Flow runs'), ' / ', run.name),
        h('h1', {}, run.name, ' ', h('span', { id: 'run-state' }, badge(run.state_type, run.state_name)))),
      h('div', { class: 'actions writes' },
        run.state_type === 'CANCELLING'
          ? h('button', { id: 'force-cancel-button', class: 'danger', onclick: forceCancel, title: 'The engine running it has not confirmed the cancel; mark the run Cancelled now' }, 'Force cancel')
          : h('button', { id: 'cancel-button', class: 'danger', disabled: !active, onclick: cancel }, 'Cancel'),
        h('button', { id: 'resume-button', disabled: run.state_type !== 'PAUSED', onclick: resume }, 'Resume'),
        h('button', {
          id: 'rerun-button', disabled: !run.deployment_id, onclick: runAgain,
          title: run.deployment_id ? 'Start a new run of this deployment with the same parameters'
            : 'Only runs of a deployment can be started from here; run the flow again with orion run',
        }, 'Run again')));
  }

  function drawDetails() {
    const result = run.state && run.state.data;
    fill(details, h('dl', { class: 'grid' },
      dt('Flow run id', h('code', {}, run.id)),
      dt('State', run.state_name || '—', run.state && run.state.message ? h('div', { class: 'muted' }, run.state.message) : null),
      dt('Started', time(run.start_time)),
      dt('Ended', time(run.end_time)),
      dt('Duration', duration(runDuration(run))),
      dt('Run count', run.run_count),
      dt('Deployment', run.deployment_id ? h('a', { href: '#/deployments' }, run.deployment_id) : '—'),
      dt('Work queue', run.work_queue_name || '—'),
      dt('Tags', tags(run.tags)),
      dt('Parent task run', run.parent_task_run_id ? h('a', { href: `#/task-runs/${run.parent_task_run_id}` }, run.parent_task_run_id) : '—')),
    h('div', { class: 'two' },
      h('div', {}, h('h3', {}, 'Parameters'), json(run.parameters)),
      h('div', {}, h('h3', {}, 'Result'), h('div', { id: 'run-result' }, resultView(result)))));
  }

  function drawTimeline() {
    const list = [...tasks.values()].sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : 1));
    let start = run.start_time ? Date.parse(run.start_time) : Infinity;
    let end = run.end_time ? Date.parse(run.end_time) : 0;
    for (const t of list) {
      if (t.states.length) {
        start = Math.min(start, t.states[0][2] / 1000);
        end = Math.max(end, t.states[t.states.length - 1][2] / 1000);
      }
    }
    const live = !TERMINAL.has(run.state_type);
    if (live) end = Math.max(end, Date.now());
    if (!Number.isFinite(start)) start = end - 1000;
    timeline.setData(list, start, end, live);
    return list;
  }

  function drawInterventions() {
    const rows = [];
    for (const t of tasks.values()) {
      for (const s of t.states) {
        if (s.length > 3) rows.push({ task: t, state: s });
      }
    }
    rows.sort((a, b) => a.state[2] - b.state[2]);
    fill(interventions, table(['Time', 'Task run', 'State', 'Rule', 'Reason'], rows.slice(0, 500).map(({ task, state }) => h('tr', {},
      h('td', { class: 'nowrap' }, time(new Date(state[2] / 1000).toISOString())),
      h('td', {}, h('a', { href: `#/task-runs/${task.id}` }, task.name)),
      h('td', {}, badge(state[0], state[1])),
      h('td', {}, h('code', {}, state[3])),
      h('td', {}, state[4]))), { class: 'interventions' }),
    rows.length > 500 ? h('p', { class: 'muted' }, `Showing 500 of ${rows.length}.`) : null);
  }

  async function drawArtifacts() {
    const list = await get(`/ui/flow_runs/${id}/artifacts`);
    fill(artifactsBox, list.length ? list.map((a) => artifactView(a)) : h('p', { class: 'muted' }, 'This run published no artifacts.'));
  }

  async function drawHistory() {
    const decisions = await get(`/flow_runs/${id}/decisions`);
    fill(history, decisionTable(decisions));
  }

  async function act(label, fn) {
    message.hidden = false;
    message.className = 'notice';
    message.textContent = `${label}…`;
    try {
      const text = await fn();
      message.textContent = text;
    } catch (e) {
      message.className = 'notice error';
      message.textContent = `${label} failed: ${e instanceof ApiError ? e.detail : e}`;
    }
    await poll(true);
  }

  // Prefect's cancel: propose Cancelling; a run that no worker holds goes straight on to Cancelled.
  function cancel() {
    return act('Cancelling', async () => {
      const r = await post(`/flow_runs/${id}/set_state`, { state: { type: 'CANCELLING', name: 'Cancelling', message: 'Cancelled from the web UI' }, force: false });
      return r.status === 'ACCEPT' ? `Cancel requested: the run is ${r.state.name}.`
        : `The orchestrator answered ${r.status}${r.details && r.details.reason ? `: ${r.details.reason}` : ''}.`;
    });
  }

  // For a run whose engine is gone (or predates cancellation support): no one will end the
  // Cancelling, so the user may force the run to Cancelled.
  function forceCancel() {
    return act('Forcing the cancel', async () => {
      const r = await post(`/flow_runs/${id}/set_state`, { state: { type: 'CANCELLED', name: 'Cancelled', message: 'Force-cancelled from the web UI' }, force: true });
      return `The run is ${r.state.name}.`;
    });
  }

  function resume() {
    return act('Resuming', async () => {
      const r = await post(`/flow_runs/${id}/resume`, {});
      return `Resume answered ${r && r.status ? r.status : 'OK'}.`;
    });
  }

  function runAgain() {
    return act('Starting a new run', async () => {
      const r = await post(`/deployments/${run.deployment_id}/create_flow_run`, { parameters: run.parameters, tags: run.tags });
      fill(message, 'Started ', h('a', { href: `#/flow-runs/${r.id}` }, r.name), '.');
      return message.textContent;
    });
  }

  let since = first.now;
  let stopped = false;
  let polling = false;
  let lastState = run.state && run.state.id;

  async function poll(force) {
    if (polling || stopped) return;
    polling = true;
    try {
      const next = await get(`/ui/flow_runs/${id}/timeline?since=${since}`);
      if (stopped) return;
      since = next.now;
      run = next.flow_run;
      for (const t of next.tasks) {
        if (!tasks.has(t.id) && tasks.size >= first.limit) continue; // beyond the page this view holds
        tasks.set(t.id, t);
        taskNames.set(t.id, t.name);
      }
      drawHead();
      drawDetails();
      drawTimeline();
      if (next.tasks.length) {
        drawInterventions();
        drawGraph(graphBox, [...tasks.values()], openTask);
      }
      const stateId = run.state && run.state.id;
      if (force || stateId !== lastState) {
        lastState = stateId;
        await drawHistory();
      }
      await Promise.all([logs.refresh(), drawArtifacts()]);
    } finally {
      polling = false;
    }
  }

  drawHead();
  drawDetails();
  drawTimeline();
  await new Promise((resolve) => requestAnimationFrame(() => { timeline.draw(); resolve(); }));
  // For the benchmark: ms since navigation started, and ms of this page's own work.
  document.body.dataset.timelineMs = performance.now().toFixed(1);
  document.body.dataset.timelineRenderMs = (performance.now() - started).toFixed(1);
  document.body.dataset.timelineReady = id;
  drawInterventions();
  drawGraph(graphBox, [...tasks.values()], openTask);
  await Promise.all([drawHistory(), logs.reload(), drawArtifacts()]);

  const timer = setInterval(() => {
    if (!TERMINAL.has(run.state_type) || tasks.size === 0 || [...tasks.values()].some((t) => !TERMINAL.has(t.type))) {
      poll(false).catch((e) => console.warn('poll failed', e));
    }
  }, POLL_MS);
  return () => {
    stopped = true;
    clearInterval(timer);
    timeline.destroy();
  };
}

function openTask(t) {
  location.hash = `#/task-runs/${t.id}`;
}

function dt(label, ...value) {
  return h('div', {}, h('dt', {}, label), h('dd', {}, ...value));
}

function legend() {
  return ['SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED', 'PAUSED'].map((s) => badge(s))
    .concat(h('span', { class: 'muted' }, ' AwaitingRetry is outlined; ↻ marks a retried task run'));
}

/** The decision log of a run: every proposal, what the policy made of it, which rule and why. */
export function decisionTable(decisions) {
  return table(['Time', 'From', 'Proposed', 'Decision', 'Result', 'Rule', 'Reason'], decisions.map((d) => h('tr', { class: `decision ${d.status.toLowerCase()}` },
    h('td', { class: 'nowrap' }, time(d.timestamp)),
    h('td', {}, d.from_type ? badge(d.from_type, d.from_name) : h('span', { class: 'muted' }, 'none')),
    h('td', {}, badge(d.proposed_type, d.proposed_name), d.forced ? h('span', { class: 'muted' }, ' forced') : null),
    h('td', {}, h('span', { class: `status ${d.status.toLowerCase()}` }, d.status)),
    h('td', {}, d.result_type ? badge(d.result_type, d.result_name) : '—'),
    h('td', {}, d.rule ? h('code', {}, d.rule) : h('span', { class: 'muted' }, '—')),
    h('td', {}, d.reason || '', d.delay_seconds ? ` (wait ${duration(d.delay_seconds)})` : ''))), { class: 'decisions' });
}
