// Every call to Orion's REST API goes through here: JSON in and out, the API key (asked for
// once when the server answers 401, then kept in sessionStorage) on every request, and errors
// as ApiError with the server's {"detail": ...}.

const KEY = 'orion.apiKey';
let pendingKey = null;

export class ApiError extends Error {
  constructor(status, detail) {
    super(`${status}: ${detail}`);
    this.status = status;
    this.detail = detail;
  }
}

export function apiKey() {
  return sessionStorage.getItem(KEY);
}

/** Calls the API; `path` is relative to /api (e.g. "/flow_runs/filter"). */
export async function api(method, path, body) {
  let refused = false;
  for (;;) {
    const headers = { Accept: 'application/json' };
    const key = apiKey();
    if (key) headers.Authorization = `Bearer ${key}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`/api${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) {
      sessionStorage.removeItem(KEY);
      await askForKey(refused || key != null);
      refused = true;
      continue;
    }
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) {
      throw new ApiError(response.status, json && json.detail ? json.detail : response.statusText);
    }
    return json;
  }
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body === undefined ? {} : body);

/** Shows the key dialog once for all concurrent calls; resolves when a key was entered. */
function askForKey(wasRefused) {
  if (pendingKey) return pendingKey;
  const dialog = document.getElementById('key-dialog');
  const form = document.getElementById('key-form');
  const input = document.getElementById('key-input');
  document.getElementById('key-error').hidden = !wasRefused;
  pendingKey = new Promise((resolve) => {
    const done = (e) => {
      e.preventDefault();
      const value = input.value.trim();
      if (!value) return;
      sessionStorage.setItem(KEY, value);
      input.value = '';
      form.removeEventListener('submit', done);
      dialog.close();
      pendingKey = null;
      resolve();
    };
    form.addEventListener('submit', done);
  });
  if (!dialog.open) dialog.showModal();
  input.focus();
  return pendingKey;
}
