import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports.ts';
import { sillageIn } from '../helpers/sillage-cli.ts';
import { tempDir } from '../helpers/tmp.ts';

/** Another process's socket on a loopback port, as when a second server is started by mistake. */
async function occupy(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

describe('sillage server on a port already taken', () => {
  const { dir, remove } = tempDir('sillage-busy-');
  const sillage = sillageIn(dir);
  let busyPort: number;
  let busy: Server;

  beforeAll(async () => {
    busyPort = await freePort();
    busy = await occupy(busyPort);
  });
  afterAll(async () => {
    await new Promise((resolve) => busy.close(resolve));
    remove();
  });

  async function serverWith(ports: { http: number; mqtt: number }) {
    const config = join(dir, `server-${ports.http}-${ports.mqtt}.json`);
    writeFileSync(config, JSON.stringify({
      dataDir: join(dir, 'data'), security: { mode: 'open' }, http: { port: ports.http }, mqtt: { port: ports.mqtt },
    }));
    const started = Date.now();
    const result = await sillage('server', '--config', config);
    return { ...result, seconds: (Date.now() - started) / 1000 };
  }

  it('exits non-zero within seconds, naming the HTTP port, after the broker and ingest had started', async () => {
    const { code, stderr, seconds } = await serverWith({ http: busyPort, mqtt: await freePort() });
    expect(code).toBe(1);
    expect(stderr).toContain(`sillage server: HTTP port 127.0.0.1:${busyPort} is already in use by another process`);
    expect(seconds).toBeLessThan(10);
  });

  it('exits non-zero within seconds, naming the MQTT port', async () => {
    const { code, stderr, seconds } = await serverWith({ http: await freePort(), mqtt: busyPort });
    expect(code).toBe(1);
    expect(stderr).toContain(`sillage server: MQTT port 127.0.0.1:${busyPort} is already in use by another process`);
    expect(seconds).toBeLessThan(10);
  });
});
