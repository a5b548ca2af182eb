import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer, stopChild } from '../helpers/external-server.ts';
import { freePort } from '../helpers/ports.ts';
import { sillage, SILLAGE_BIN } from '../helpers/sillage-cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';

const EDGE_MAIN = join(import.meta.dirname, '..', '..', 'edge', 'main.ts');

describe('the edge command, in the sillage CLI and as the onboard entry point', () => {
  const { dir, remove } = tempDir('sillage-edge-cmd-');
  afterAll(remove);

  async function simulatedConfig(): Promise<string> {
    const path = join(dir, 'edge.json');
    writeFileSync(path, JSON.stringify({
      vessel: 'fregate',
      mqtt: { url: `mqtt://127.0.0.1:${await freePort()}` },
      outbox: { path: join(dir, 'outbox.db') },
      display: { enabled: false },
      simulator: { seed: 3 },
    }));
    return path;
  }

  it('sillage edge samples a simulated vessel when its config asks for one, and stops cleanly on Ctrl-C', async () => {
    const child = spawnServer(process.execPath, [SILLAGE_BIN, 'edge', '--config', await simulatedConfig()]);
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
    try {
      await waitFor(() => stdout.includes('sillage edge:'), 30_000, 'the agent started');
      expect(stdout).toMatch(/sillage edge: vessel fregate → mqtt:\/\/127\.0\.0\.1:\d+, outbox .*outbox\.db, sources: simulated/);
      child.kill('SIGINT');
      // Stopping flushes the outbox and closes the link: on a loaded 2-core machine that took more than 15 s once.
      await waitFor(() => child.exitCode !== null, 40_000, 'the agent stopped');
      expect(child.exitCode).toBe(0);
    } finally {
      await stopChild(child);
    }
  }, 100_000);

  it('sillage edge whose device cannot start exits 1 within seconds, having stopped the link and display it had started', async () => {
    const path = join(dir, 'edge-bad-source.json');
    writeFileSync(path, JSON.stringify({
      vessel: 'fregate',
      mqtt: { url: `mqtt://127.0.0.1:${await freePort()}` },
      outbox: { path: join(dir, 'outbox-bad.db') },
      display: { port: await freePort() },
      // An address of no interface here (TEST-NET-1): the receiver cannot bind, and nothing is sent anywhere.
      sources: [{ kind: 'nmea0183', name: 'gnss', host: '192.0.2.1', port: await freePort() }],
    }));
    const started = Date.now();
    const { code, stderr } = await sillage('edge', '--config', path);
    expect(code).toBe(1);
    expect(stderr).toContain('sillage edge: bind EADDRNOTAVAIL 192.0.2.1');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('the onboard entry point carries no simulator: the same config is refused, naming the key', async () => {
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', EDGE_MAIN, '--config', await simulatedConfig()]);
    const failure = await run.then(() => undefined, (err: { code: number; stderr: string }) => err);
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toMatch(/^sillage edge: invalid configuration in .*edge\.json:[\s\S]*simulator/);
  });
});
