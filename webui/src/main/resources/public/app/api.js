// The one door to the REST API: the session cookie rides along, state changes carry the CSRF token,
// and a 401 sends the app back to its login page.
let csrfToken = null;
const listeners = new Set();

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export const onUnauthorized = (listener) => listeners.add(listener);

export function setCsrfToken(token) {
  csrfToken = token;
}

export async function api(path, { method = 'GET', body, raw = false } = {}) {
  const headers = {};
  const form = body instanceof FormData;
  if (body !== undefined && !form) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(`/api/v1${path}`, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : form ? body : JSON.stringify(body),
  });
  if (raw) return response;
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (response.status === 401 && !path.startsWith('/session') && !path.startsWith('/setup')) {
    listeners.forEach((l) => l());
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

/** The session's state: {csrfToken} when logged in, else {setupRequired}. */
export async function session() {
  const response = await fetch('/api/v1/session', { credentials: 'same-origin' });
  const body = await response.json();
  setCsrfToken(body.loggedIn ? body.csrfToken : null);
  return body;
}

export async function login(password, setup) {
  const body = await api(setup ? '/setup' : '/session', { method: 'POST', body: { password } });
  setCsrfToken(body.csrfToken);
  return body;
}

export async function logout() {
  await api('/session', { method: 'DELETE' });
  setCsrfToken(null);
}
