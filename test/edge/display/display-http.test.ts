import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EdgeAgent } from '../../../edge/agent.ts';
import type { DisplayView } from '../../../edge/display/view-model.ts';
import { freePort } from '../../helpers/ports.ts';
import { waitFor } from '../../helpers/wait.ts';
import { rawGet } from '../../helpers/raw-get.ts';
import { ChosenReadings, TOWING_ON_BATTERY } from './chosen-readings.ts';

let agent: EdgeAgent;
let base: string;

beforeAll(async () => {
  agent = new EdgeAgent({
    config: {
      vessel: 'fregate',
      mqtt: { url: `mqtt://127.0.0.1:${await freePort()}` },
      outbox: { path: ':memory:' },
      display: { port: await freePort(), pushIntervalMs: 100 },
    },
    sources: [new ChosenReadings(TOWING_ON_BATTERY)],
  });
  await agent.start();
  base = agent.displayUrl!;
});
afterAll(async () => {
  await agent?.stop();
});

describe('the skipper display’s HTTP side', () => {
  it('serves the page’s files from its folder, with their types and the content security policy', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toBe(readFileSync(new URL('../../../edge/display/public/index.html', import.meta.url), 'utf8'));
    const script = await fetch(`${base}/app.js`);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(`${base}/style.css`)).headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('answers 404 for anything outside the page’s folder, however the path is written', async () => {
    for (const path of ['/../display-server.ts', '/%2e%2e/display-server.ts', '/public/app.js', '/nothing.js']) {
      const { status, body } = await rawGet(Number(new URL(base).port), path);
      expect(status, path).toBe(404);
      expect(body, path).not.toContain('SkipperDisplay');
    }
  });

  it('gives the current view as JSON, with the latest sample in it', async () => {
    const view = await waitFor(async () => {
      const v = (await (await fetch(`${base}/api/view`)).json()) as DisplayView;
      return v.battery.soc.value !== null && v;
    }, 15_000, 'a sampled view');
    expect(view.vessel).toBe('fregate');
    // The skipper reads whole percent.
    expect(view.battery.soc.value).toBe(Math.round(TOWING_ON_BATTERY['electrical.batteries.main.capacity.stateOfCharge']! * 100));
  });

  it('refuses an alarm acknowledgement with an unusable id (400) or for an alarm that is not raised (404)', async () => {
    const tooLong = await fetch(`${base}/api/alarms/${'x'.repeat(201)}/ack`, { method: 'POST' });
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as { error: string }).error).toBe('invalid alarm id');
    const badEncoding = await fetch(`${base}/api/alarms/%E0%A4%A/ack`, { method: 'POST' });
    expect(badEncoding.status).toBe(400);
    const unknown = await fetch(`${base}/api/alarms/battery-low%3Amain/ack`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'no such alarm to acknowledge', detail: 'battery-low:main' });
  });

  it('pushes the view over the /live WebSocket as soon as it opens, and refuses other upgrade paths', async () => {
    const live = new WebSocket(`${base.replace('http', 'ws')}/live`);
    const first = await new Promise<DisplayView>((resolve, reject) => {
      live.once('message', (data) => resolve(JSON.parse(data.toString()) as DisplayView));
      live.once('error', reject);
    });
    live.close();
    expect(first.vessel).toBe('fregate');
    const other = new WebSocket(`${base.replace('http', 'ws')}/elsewhere`);
    const refused = await new Promise<string>((resolve) => {
      other.once('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      other.once('error', (err) => resolve(err.message));
    });
    expect(refused).toMatch(/404/);
  });
});
