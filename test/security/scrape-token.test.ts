import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverConfigSchema } from '../../server/config.ts';
import { generateSecret, hashSecret } from '../../server/security/secrets.ts';
import { rawGet } from '../helpers/raw-get.ts';
import { startShore, type RunningShore } from '../helpers/shore.ts';
import { logIn, oneUserPerRole } from '../helpers/web-users.ts';

const SCRAPE_TOKEN = generateSecret();
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the Prometheus scrape token of a production shore', () => {
  let shore: RunningShore;
  let port: number;
  let sessions: Record<string, string>;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    shore = await startShore({
      security: { mode: 'production' },
      users: await oneUserPerRole('alpha', ['admin', 'engineer', 'reviewer']),
      vessels: [{ id: 'alpha', name: 'Alpha', credentials: { secretHash: await hashSecret('alpha-secret') } }],
      // Upper case, as some tools print digests: the same digest.
      metrics: { scrapeTokenSha256: sha256(SCRAPE_TOKEN).toUpperCase() },
    });
    port = Number(new URL(shore.httpUrl).port);
    sessions = await logIn(shore.httpUrl, ['eve', 'rita']);
  });
  afterAll(async () => {
    await shore.stop();
  });

  it('opens GET /metrics without a web session', async () => {
    const res = await rawGet(port, '/metrics', bearer(SCRAPE_TOKEN));
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/^# HELP sillage_ingest_batches_total /m);
    expect(res.body).toMatch(/^sillage_store_available 1$/m);
  });

  it('opens nothing else: every other route that needs a session answers 401 to it', async () => {
    for (const path of ['/api/vessels', '/api/vessels/alpha/latest', '/api/auth/me', '/api/quality', '/api/fleet', '/api/admin/access']) {
      const res = await rawGet(port, path, bearer(SCRAPE_TOKEN));
      expect(res.status, path).toBe(401);
      expect(res.body, path).not.toContain('alpha-secret');
    }
  });

  it('is not taken from a cookie: only Prometheus holds it, as a bearer', async () => {
    const res = await rawGet(port, '/metrics', { cookie: `sillage_session=${SCRAPE_TOKEN}` });
    expect(res.status).toBe(401);
  });

  it('opens /metrics for GET only', async () => {
    const head = await fetch(`${shore.httpUrl}/metrics`, { method: 'HEAD', headers: bearer(SCRAPE_TOKEN) });
    expect(head.status).toBe(401);
  });

  it('refuses a wrong token, one differing only in its last character, and counts each refusal', async () => {
    const denied = async () => Number(/^sillage_http_denied_total\{reason="unauthenticated"\} (\d+)$/m
      .exec((await rawGet(port, '/metrics', bearer(SCRAPE_TOKEN))).body)?.[1] ?? 0);
    const before = await denied();
    const near = SCRAPE_TOKEN.slice(0, -1) + (SCRAPE_TOKEN.endsWith('A') ? 'B' : 'A');
    for (const token of [near, generateSecret(), sha256(SCRAPE_TOKEN)]) {
      expect((await rawGet(port, '/metrics', bearer(token))).status, token).toBe(401);
    }
    expect(await denied()).toBe(before + 3);
  });

  it('leaves web sessions as they were: an engineer reads /metrics, a reviewer may not', async () => {
    expect((await rawGet(port, '/metrics', bearer(sessions.eve!))).status).toBe(200);
    expect((await rawGet(port, '/metrics', bearer(sessions.rita!))).status).toBe(403);
  });
});

describe('the scrape token in the server config', () => {
  it('is kept as its SHA-256 digest only: anything but 64 hex digits is refused with a message saying so', () => {
    const checked = serverConfigSchema.safeParse({ metrics: { scrapeTokenSha256: SCRAPE_TOKEN } });
    expect(checked.success).toBe(false);
    expect(checked.error?.issues[0]?.message).toBe('must be the SHA-256 of the scrape token: 64 hex digits');
    expect(checked.error?.issues[0]?.path).toEqual(['metrics', 'scrapeTokenSha256']);
  });

  it('is optional: without it /metrics needs an engineer session, as every other route needs one', () => {
    expect(serverConfigSchema.parse({}).metrics).toEqual({});
  });
});
