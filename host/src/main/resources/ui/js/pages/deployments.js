// Deployments: schedule, the next scheduled runs, run now with parameters, pause and resume the schedule.
import { post } from '../api.js';
import { h, badge, time, tags, table, section, schedule, errorBox, fill } from '../format.js';

export async function render(root) {
  const list = h('div', { id: 'deployments' });
  const message = h('div', { id: 'action-message', class: 'notice', hidden: true });
  root.append(h('div', { class: 'page-head' }, h('h1', {}, 'Deployments')), message, section('Deployments', list));

  async function load() {
    const deployments = await post('/deployments/filter', { sort: 'NAME_ASC', limit: 200 });
    const next = await Promise.all(deployments.map((d) => post('/flow_runs/filter', {
      flow_runs: { deployment_id: { any_: [d.id] }, state: { type: { any_: ['SCHEDULED'] } } },
      sort: 'EXPECTED_START_TIME_ASC', limit: 3,
    })));
    fill(list, table(['Deployment', 'Schedule', 'Next runs', 'Work queue', 'Tags', ''], deployments.map((d, i) => {
      const form = runForm(d);
      return [h('tr', { 'data-deployment': `${d.flow_name}/${d.name}` },
        h('td', {}, h('strong', {}, `${d.flow_name}/${d.name}`), d.description ? h('div', { class: 'muted' }, d.description) : null),
        h('td', {}, schedule(d.schedule), ' ', d.schedule ? h('span', { class: `pill ${d.is_schedule_active ? 'on' : 'off'}` }, d.is_schedule_active ? 'active' : 'paused') : null),
        h('td', {}, next[i].length ? next[i].map((r) => h('div', {}, h('a', { href: `#/flow-runs/${r.id}` }, time(r.expected_start_time)), ' ', badge(r.state_type, r.state_name)))
          : h('span', { class: 'muted' }, 'none')),
        h('td', {}, d.work_queue_name),
        h('td', {}, tags(d.tags)),
        h('td', { class: 'actions writes' },
          h('button', { class: 'run-button', onclick: () => { form.hidden = !form.hidden; } }, 'Run…'),
          d.schedule ? h('button', { class: 'light schedule-button', onclick: () => toggle(d) }, d.is_schedule_active ? 'Pause schedule' : 'Resume schedule') : null)),
      h('tr', { class: 'form-row' }, h('td', { colspan: 6 }, form))];
    }).flat(), { class: 'deployments' }));
  }

  function runForm(d) {
    const params = h('textarea', { class: 'params', rows: 4, spellcheck: 'false' }, JSON.stringify(d.parameters || {}, null, 2));
    const form = h('form', {
      class: 'run-form', hidden: true,
      onsubmit: async (e) => {
        e.preventDefault();
        let parameters;
        try {
          parameters = JSON.parse(params.value || '{}');
        } catch (err) {
          show(`Parameters are not JSON: ${err.message}`, true);
          return;
        }
        try {
          const run = await post(`/deployments/${d.id}/create_flow_run`, { parameters });
          message.hidden = false;
          message.className = 'notice';
          fill(message, 'Created flow run ', h('a', { href: `#/flow-runs/${run.id}`, id: 'created-run' }, run.name), ` of ${d.flow_name}/${d.name}; it is ${run.state_name}.`);
          form.hidden = true;
          await load();
        } catch (err) {
          show(`Could not create a run: ${err.detail || err}`, true);
        }
      },
    }, h('label', {}, 'Parameters (JSON, merged over the deployment\'s)'), params, h('button', { type: 'submit', class: 'submit-run' }, 'Run now'));
    return form;
  }

  async function toggle(d) {
    try {
      await post(`/deployments/${d.id}/${d.is_schedule_active ? 'set_schedule_inactive' : 'set_schedule_active'}`);
      show(`The schedule of ${d.flow_name}/${d.name} is ${d.is_schedule_active ? 'paused' : 'active'}.`, false);
      await load();
    } catch (err) {
      show(`Could not change the schedule: ${err.detail || err}`, true);
    }
  }

  function show(text, error) {
    message.hidden = false;
    message.className = error ? 'notice error' : 'notice';
    message.textContent = text;
  }

  try {
    await load();
  } catch (e) {
    list.append(errorBox(e));
  }
}
