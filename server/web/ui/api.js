/** JSON from the shore API; a missing session is raised so the app can show the login form. */
export class AuthRequired extends Error {}

export async function getJson(path) {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  if (res.status === 401) throw new AuthRequired('authentication required');
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body && body.error ? `${body.error}${body.detail && typeof body.detail === 'string' ? `: ${body.detail}` : ''}` : `HTTP ${res.status}`);
  return body;
}

export async function postJson(path, payload) {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body && body.error ? body.error : `HTTP ${res.status}`);
  return body;
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  return q.toString();
}
