// A run's result: the state holds only a reference (storage:key); the value is fetched for display.
import { get } from './api.js';
import { h, json } from './format.js';

const REFERENCE = /^[a-z][\w-]*:\S+$/;

export function resultView(result) {
  if (result === undefined || result === null) {
    return h('p', { class: 'muted' }, 'No result recorded.');
  }
  if (typeof result === 'string' && result.startsWith('inline:')) {
    // A small result kept in the state itself.
    try {
      return json(JSON.parse(result.slice('inline:'.length)).value);
    } catch (e) {
      return json(result);
    }
  }
  if (typeof result !== 'string' || !REFERENCE.test(result)) {
    return json(result);
  }
  const box = h('div', { class: 'result', 'data-ref': result }, h('p', { class: 'muted' }, `Loading ${result}…`));
  get(`/ui/result?ref=${encodeURIComponent(result)}`)
    .then((r) => box.replaceChildren(json(r.value), h('div', { class: 'muted' }, `stored as ${result}`)))
    .catch(() => box.replaceChildren(h('p', { class: 'muted' }, `Stored as ${result}; its value cannot be read here.`)));
  return box;
}
