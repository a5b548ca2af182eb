import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { hashSecret } from '../../../server/security/secrets.ts';
import { startShore, type RunningShore } from '../../helpers/shore.ts';
import { logIn, oneUserPerRole, PASSWORD } from '../../helpers/web-users.ts';

/** Every page and route this area adds declares who may use it; the security hook enforces it. */
describe('access to the shore web by role', () => {
  let shore: RunningShore;
  let tokens: Record<string, string>;

  beforeAll(async () => {
    const hash = await hashSecret(PASSWORD);
    shore = await startShore({
      security: { mode: 'production' },
      vessels: [{ id: 'fregate', name: 'La Frégate', credentials: { secretHash: hash } }],
      users: await oneUserPerRole('fregate'),
    });
    tokens = await logIn(shore.httpUrl, ['eve', 'rita', 'sam']);
  }, 60_000);
  afterAll(async () => {
    await shore.stop();
  });

  const status = async (path: string, who?: string) =>
    (await fetch(`${shore.httpUrl}${path}`, { headers: who ? { authorization: `Bearer ${tokens[who]}` } : {} })).status;

  it('serves the pages, their assets and the API description to anyone: they hold no data', async () => {
    for (const path of ['/ui/', '/ui/app.js', '/ui/pages/vessel.js', '/ui/vendor/uplot/uPlot.iife.min.js', '/docs/json']) expect(await status(path), path).toBe(200);
    expect(await status('/ui/vendor/uplot/package.json')).toBe(404);
  });

  it('keeps the engineers\' data to engineers', async () => {
    for (const path of ['/api/fleet', '/api/quality', '/api/events']) {
      expect(await status(path), path).toBe(401);
      expect(await status(path, 'rita'), path).toBe(403);
      expect(await status(path, 'eve'), path).toBe(200);
    }
  });

  it('gives reports to reviewers, not to skippers', async () => {
    const path = '/api/reports?scope=period&month=2024-06';
    expect(await status(path)).toBe(401);
    expect(await status(path, 'sam')).toBe(403);
    expect(await status(path, 'rita')).toBe(200);
  });

  it('lets a skipper export only their own vessel\'s chart data', async () => {
    expect(await status('/api/vessels/fregate/series.csv?paths=navigation.speedOverGround&from=0&to=1000', 'sam')).toBe(200);
    expect(await status('/api/vessels/other/series.csv?paths=navigation.speedOverGround&from=0&to=1000', 'sam')).toBe(403);
  });

  it('opens the live WebSocket for an engineer only', async () => {
    const open = (who?: string) => new Promise<number>((resolve) => {
      const ws = new WebSocket(`${shore.httpUrl.replace('http', 'ws')}/api/live`, { headers: who ? { authorization: `Bearer ${tokens[who]}` } : {} });
      ws.on('message', (data) => {
        expect(JSON.parse(String(data))).toMatchObject({ type: 'fleet', vessels: [{ id: 'fregate' }] });
        ws.close();
        resolve(101);
      });
      // The client does not hang up: the server must close a refused upgrade's socket itself.
      ws.on('unexpected-response', (_req, res) => res.socket.once('close', () => resolve(res.statusCode ?? 0)));
    });
    expect(await open()).toBe(401);
    expect(await open('rita')).toBe(403);
    expect(await open('eve')).toBe(101);
  });
});
