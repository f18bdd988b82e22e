// The single-page shell: routes the URL's fragment (#/flow-runs/ID) to a page module. A page is
// `async function render(root, params) -> optional cleanup()`; the cleanup stops its pollers.
import { h, errorBox } from './format.js';
import { get } from './api.js';
import * as dashboard from './pages/dashboard.js';
import * as flowRun from './pages/flowRun.js';
import * as taskRun from './pages/taskRun.js';
import * as deployments from './pages/deployments.js';
import * as workQueues from './pages/workQueues.js';
import * as limits from './pages/limits.js';
import * as policy from './pages/policy.js';
import * as plugins from './pages/plugins.js';
import * as artifacts from './pages/artifacts.js';

const ROUTES = [
  [/^\/?$/, 'runs', dashboard],
  [/^\/flow-runs\/([0-9a-f-]+)$/, 'runs', flowRun],
  [/^\/task-runs\/([0-9a-f-]+)$/, 'runs', taskRun],
  [/^\/deployments$/, 'deployments', deployments],
  [/^\/work-queues$/, 'work-queues', workQueues],
  [/^\/artifacts$/, 'artifacts', artifacts],
  [/^\/artifacts\/([^/]+)$/, 'artifacts', artifacts],
  [/^\/concurrency-limits$/, 'concurrency-limits', limits],
  [/^\/policy$/, 'policy', policy],
  [/^\/plugins$/, 'plugins', plugins],
];

let cleanup = null;
let generation = 0;

async function route() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query] = hash.split('?');
  const params = new URLSearchParams(query || '');
  if (cleanup) {
    try { cleanup(); } catch (e) { console.error(e); }
    cleanup = null;
  }
  // Each render gets its own container, so a slow page left behind writes into a detached node.
  const root = h('div', { class: 'page' });
  document.getElementById('app').replaceChildren(root);
  document.body.dataset.page = '';
  const mine = ++generation;
  // A read-only key may look but not act: the CSS hides the elements marked "writes".
  try {
    document.body.dataset.access = (await get('/access')).access;
  } catch (e) {
    console.error(e);
  }
  if (mine !== generation) return;
  for (const [pattern, nav, page] of ROUTES) {
    const m = path.match(pattern);
    if (!m) continue;
    document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('active', a.dataset.nav === nav));
    try {
      const done = await page.render(root, { id: m[1], query: params });
      if (mine !== generation) {
        if (typeof done === 'function') done();
        return;
      }
      cleanup = typeof done === 'function' ? done : null;
      document.body.dataset.page = nav;
    } catch (e) {
      console.error(e);
      root.append(errorBox(e));
    }
    return;
  }
  root.append(h('div', { class: 'card' }, h('h1', {}, 'Not found'), h('p', {}, `No page at ${path}.`), h('a', { href: '#/' }, 'Back to the runs')));
}

window.addEventListener('hashchange', route);
route();
