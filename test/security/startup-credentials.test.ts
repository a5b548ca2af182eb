import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer, stopChild } from '../helpers/external-server.ts';
import { freePort } from '../helpers/ports.ts';
import { tempDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { sillage, SILLAGE_BIN } from '../helpers/sillage-cli.ts';

/** A long-running `sillage` command, with its whole standard output kept. */
function startSillage(...args: string[]): { child: ChildProcess; stdout: () => string } {
  const child = spawnServer(process.execPath, [SILLAGE_BIN, ...args]);
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
  return { child, stdout: () => stdout };
}

/** Stops a command as Ctrl-C does and answers its exit code. */
async function interrupt(child: ChildProcess): Promise<number | null> {
  child.kill('SIGINT');
  await waitFor(() => child.exitCode !== null || child.signalCode !== null, 30_000, 'the command to stop');
  return child.exitCode;
}

const login = async (http: string, username: string, password: string) =>
  fetch(`${http}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

/** Every byte of every file under `dir`, as text: where a printed secret must not be. */
function allFileText(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => readFileSync(path).toString('latin1'))
    .join('\n');
}

describe('credentials at start-up', () => {
  const { dir, remove } = tempDir('sillage-startup-');
  const running: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of running) await stopChild(child);
    remove();
  });

  it('a production server without credentials refuses to start and names each missing one', async () => {
    const config = join(dir, 'empty.json');
    writeFileSync(config, JSON.stringify({ dataDir: join(dir, 'empty-data'), http: { port: await freePort() }, mqtt: { port: await freePort() } }));
    const { code, stdout, stderr } = await sillage('server', '--config', config);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^sillage server: refusing to start \(security.mode "production"\):/);
    expect(stderr).toMatch(/no web user with role admin: add one with `sillage user add <name> --role admin --config FILE`/);
    expect(stderr).toMatch(/no vessel declared: add one with `sillage vessel add <id> --config FILE`/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('starts once `sillage vessel add` and `sillage user add` have written them, and admits only the printed password', async () => {
    const config = join(dir, 'server.json');
    const http = await freePort();
    writeFileSync(config, JSON.stringify({ dataDir: join(dir, 'server-data'), http: { port: http }, mqtt: { port: await freePort() } }));
    expect((await sillage('vessel', 'add', 'fregate', '--config', config)).code).toBe(0);
    const added = await sillage('user', 'add', 'ana', '--role', 'admin', '--config', config);
    const password = /shown this once[^:]*: (\S+)/.exec(added.stdout)![1]!;
    const server = startSillage('server', '--config', config);
    running.push(server.child);
    await waitFor(() => server.stdout().includes('sillage server (production)'), 60_000, 'the server to start');
    const url = `http://127.0.0.1:${http}`;
    expect((await login(url, 'ana', `${password}x`)).status).toBe(401);
    const res = await login(url, 'ana', password);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: 'ana', role: 'admin' });
    expect(await interrupt(server.child)).toBe(0);
  });

  it('the demo generates fresh credentials on each run, prints them, and keeps none of them on disk', async () => {
    const data = join(dir, 'demo-data');
    const runDemo = async () => {
      const http = await freePort();
      const demo = startSillage('demo', '--hours-ago', '0.02', '--http-port', String(http), '--mqtt-port', String(await freePort()),
        '--display-port', String(await freePort()), '--data-dir', data);
      running.push(demo.child);
      const line = await waitFor(() => /web login {8}user admin, password (\S+) \(new each run\)/.exec(demo.stdout()) ?? undefined, 60_000, 'the demo to print its login');
      return { demo, url: `http://127.0.0.1:${http}`, password: line[1]! };
    };

    const first = await runDemo();
    const res = await login(first.url, 'admin', first.password);
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    // The demo's vessels, the hybrid and its control vessel, logged in to the broker with their own generated secrets: their data arrives.
    await waitFor(async () => {
      const vessels = await fetch(`${first.url}/api/vessels`, { headers: { authorization: `Bearer ${token}` } });
      const seen = vessels.status === 200 ? ((await vessels.json()) as { id: string; lastSeen?: unknown }[]).filter((v) => v.lastSeen).map((v) => v.id) : [];
      return seen.includes('fregate') && seen.includes('cormoran');
    }, 60_000, 'fregate and cormoran streaming to the demo shore');
    expect(await interrupt(first.demo.child)).toBe(0);
    expect(allFileText(data)).not.toContain(first.password);

    const second = await runDemo();
    expect(second.password).not.toBe(first.password);
    expect((await login(second.url, 'admin', first.password)).status).toBe(401);
    expect((await login(second.url, 'admin', second.password)).status).toBe(200);
    expect(await interrupt(second.demo.child)).toBe(0);
  });
});
