// The effective orchestration policy: flow and task rules in the order they decide, with where each comes from;
// and a replay of the recorded history under a candidate policy, to see what it would change before switching it on.
import { get, post } from '../api.js';
import { h, table, section, fill, errorBox } from '../format.js';

const SINCE = [['the last hour', 3600], ['the last day', 86400], ['the last 7 days', 7 * 86400], ['all history', 0]];

export async function render(root) {
  const policy = await get('/policy');
  const rules = (list) => table(['#', 'Rule', 'From', 'To', 'What it does', 'Source'], list.map((r, i) => h('tr', { 'data-rule': r.name },
    h('td', { class: 'num' }, i + 1),
    h('td', {}, h('code', {}, r.name)),
    h('td', {}, r.from.join(', ')),
    h('td', {}, r.to.join(', ')),
    h('td', {}, r.description || ''),
    h('td', {}, h('span', { class: `pill ${r.source === 'core' ? 'on' : 'plugin'}` }, r.source)))), { class: 'rules' });
  root.append(h('div', { class: 'page-head' }, h('h1', {}, 'Policy')),
    h('p', { class: 'muted' }, 'Every proposed state passes these rules in order; the first that rejects, delays or aborts decides, and its reason is logged with the run.'),
    ...failedToLoad(policy.failed || []),
    section('Flow run rules', rules(policy.flow || [])),
    section('Task run rules', rules(policy.task || [])),
    section('Replay a candidate policy', replayForm()));
}

function replayForm() {
  const candidate = h('textarea', { id: 'replay-policy', rows: 4, spellcheck: 'false' }, '{"disabled": ["RetryFailedTasks"]}');
  const since = h('select', { id: 'replay-since' }, SINCE.map(([label, secs]) => h('option', { value: secs }, label)));
  const result = h('div', { id: 'replay-result' });
  const form = h('form', {
    class: 'replay-form',
    onsubmit: async (e) => {
      e.preventDefault();
      let policy;
      try {
        policy = JSON.parse(candidate.value || '{}');
      } catch (err) {
        fill(result, errorBox(`The candidate is not JSON: ${err.message}`));
        return;
      }
      const secs = Number(since.value);
      const body = { policy };
      if (secs > 0) body.since = new Date(Date.now() - secs * 1000).toISOString();
      fill(result, h('p', { class: 'muted' }, 'Replaying…'));
      try {
        const answer = await post('/policy/replay', body);
        fill(result, report(answer.report, answer.problems || []));
      } catch (err) {
        fill(result, errorBox(err));
      }
    },
  }, h('p', { class: 'muted' }, 'Decides the proposals recorded in the store again under a candidate policy.json (disabled rules, moves) and shows where the decisions would differ. Nothing is changed.'),
  h('label', {}, 'Candidate policy.json'), candidate, h('label', {}, 'Decisions from'), since,
  h('button', { type: 'submit', id: 'replay-run' }, 'Replay'));
  return [form, result];
}

function report(r, problems) {
  const runLink = (e) => h('a', { href: `#/${e.run.startsWith('task run') ? 'task-runs' : 'flow-runs'}/${e.run_id}` }, e.run);
  return [
    problems.map((p) => h('p', { class: 'notice' }, p)),
    h('p', { id: 'replay-summary' }, `Replayed ${r.proposals.toLocaleString()} decisions of ${r.runs.toLocaleString()} runs: `
      + `${r.differing.toLocaleString()} would differ.`
      + (r.unmatched ? ` (${r.unmatched.toLocaleString()} left out: their runs' history is incomplete.)` : '')),
    r.differing ? table(['Rule', 'Differing decisions'], Object.entries(r.by_rule).map(([rule, n]) => h('tr', { 'data-rule': rule },
      h('td', {}, h('code', {}, rule)), h('td', { class: 'num' }, n.toLocaleString())))) : null,
    r.kinds.map((k) => h('div', { class: 'replay-kind' },
      h('h3', {}, `${k.count.toLocaleString()} × ${k.transition}`),
      h('p', {}, 'recorded: ', h('code', {}, k.recorded), h('br', {}), 'candidate: ', h('code', {}, k.candidate)),
      table(['Run', 'Decided', 'Was', 'Would be'], k.examples.map((e) => h('tr', {},
        h('td', {}, runLink(e)), h('td', {}, e.at), h('td', {}, e.recorded), h('td', {}, e.candidate)))))),
  ];
}

// Rule files, policy.json edits and plugins that did not load: shown first, since the policy in force is not the one written.
function failedToLoad(failed) {
  if (failed.length === 0) return [];
  return [section('Failed to load', table(['Source', 'Why'], failed.map((f) => h('tr', { 'data-failed': f.source },
    h('td', {}, h('code', {}, f.source)),
    h('td', {}, f.reason))), { class: 'failed' }))];
}
