import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer, stopChild } from '../helpers/external-server.ts';
import { freePort } from '../helpers/ports.ts';
import { SILLAGE_BIN, sillageIn } from '../helpers/sillage-cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';

const ROOT = join(import.meta.dirname, '..', '..');

const tmp = tempDir();
afterAll(() => tmp.remove());

const inTmp = sillageIn(tmp.dir);
const sillage = (...args: string[]) => inTmp('simulate', ...args);

describe('sillage simulate', () => {
  it('documents its flags under --help', async () => {
    const r = await sillage('--help');
    expect(r.code).toBe(0);
    for (const flag of ['--profile', '--metier', '--date', '--hours', '--seed', '--faults', '--devices', '--speedup', '--vessels', '--rtu']) expect(r.stdout).toContain(flag);
  });

  it('refuses a bad flag with one message and a non-zero exit', async () => {
    const r = await sillage('--metier', 'PS');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no such métier/);
    expect((await sillage('--format', 'xml')).code).toBe(2);
    expect((await sillage('--profile', 'no-such-boat')).code).toBe(2);
  });

  it('writes the conventional vessel\'s pre-refit logbook with its truth beside it, ready for sillage reference import', async () => {
    const file = join(tmp.dir, 'journal.csv');
    const r = await sillage('--profile', 'coastal-12m', '--hours', '1', '--logbook', file, '--logbook-trips', '2', '--out', join(tmp.dir, 'with-logbook'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/logbook of the conventional \S+ \(OTB\), 8 trips from 2023-06-11/);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('date_depart;heure_depart;date_retour;heure_retour;metier;heures_de_peche;gazole_soute_l;debarquements_kg');
    const truth = JSON.parse(readFileSync(`${file}.truth.json`, 'utf8')) as { trips: { line: number | null; conventionalL: number }[] };
    expect(truth.trips).toHaveLength(8);
    // One trip is missing from the logbook: its rows are the other seven.
    expect(lines).toHaveLength(1 + 7);
    expect(truth.trips.filter((t) => t.line === null)).toHaveLength(1);
    const imported = await inTmp('reference', 'import', '--data-dir', join(tmp.dir, 'shore'), '--vessel', 'karoline', '--skip-bad-rows', file);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('6 records stored for karoline (csv-fr, fuel bunkered), 1 bad row kept aside');
  });

  it('writes CSV signals and a truth record whose trips show the conventional twin\'s fuel', async () => {
    const out = join(tmp.dir, 'otb');
    const r = await sillage('--hours', '30', '--metier', 'OTB', '--seed', '3', '--format', 'csv', '--out', out);
    expect(r.code).toBe(0);
    const csv = readFileSync(join(out, 'signals.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(30 * 3600 + 1);
    expect(csv[0]).toMatch(/^t,electrical\.batteries\.main\.voltage,/);
    const truth = JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8'));
    expect(truth.trips.length).toBeGreaterThanOrEqual(1);
    expect(truth.trips[0].fuel.conventional).toBeGreaterThan(truth.trips[0].fuel.hybrid);
    expect(r.stdout).toMatch(/true saving \d+\.\d %/);
  });

  it('writes the same files, byte for byte, from the same seed with random faults, and other files from another seed', async () => {
    const files = async (name: string, seed: string) => {
      const out = join(tmp.dir, name);
      expect((await sillage('--hours', '2', '--seed', seed, '--faults', 'random', '--fault-rate', '6', '--out', out)).code).toBe(0);
      return ['signals.ndjson', 'truth.json', 'faults.json'].map((f) => readFileSync(join(out, f), 'utf8'));
    };
    const a = await files('same-a', '8');
    const b = await files('same-b', '8');
    const c = await files('other', '9');
    expect(b).toEqual(a);
    expect(JSON.parse(a[2]!).plan.length).toBeGreaterThan(0);
    expect(c[0]).not.toBe(a[0]);
    expect(c[2]).not.toBe(a[2]);
  });

  it('runs a fleet of varied vessels into one folder each', async () => {
    const out = join(tmp.dir, 'fleet');
    const r = await sillage('--vessels', '3', '--profile', 'la-fregate,coastal-12m', '--hours', '1', '--out', out);
    expect(r.code).toBe(0);
    for (const id of ['fregate-1', 'karoline-2', 'fregate-3']) {
      const truth = JSON.parse(readFileSync(join(out, id, 'truth.json'), 'utf8'));
      expect(truth.vessel).toBe(id);
    }
  });

  it("runs the conventional trawler to files: what its instruments show, and its trips' true fuel by phase", async () => {
    const out = join(tmp.dir, 'control');
    const r = await sillage('--profile', 'la-fregate-control', '--hours', '30', '--metier', 'OTB', '--seed', '3', '--format', 'csv', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const header = readFileSync(join(out, 'signals.csv'), 'utf8').slice(0, 2000).split('\n')[0]!.split(',');
    expect(header).toEqual(expect.arrayContaining(['propulsion.main.fuel.rate', 'propulsion.aux.fuel.rate', 'propulsion.main.engineLoad', 'fishing.gear.state']));
    expect(header.filter((p) => p.startsWith('electrical.'))).toEqual([]);
    const truth = JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8')) as { profile: string; trips: { phases: { phase: string; fuel: number }[] }[] };
    expect(truth.profile).toBe('cormoran');
    expect(truth.trips.length).toBeGreaterThanOrEqual(1);
    expect(truth.trips[0]!.phases.find((p) => p.phase === 'towing')!.fuel).toBeGreaterThan(0);
    expect(r.stdout).toMatch(/trip 0: conventional vessel, \d+ L burnt/);
  });

  it('runs a control vessel in a fleet beside a hybrid, in the weather the hybrid meets', async () => {
    const out = join(tmp.dir, 'trial');
    const r = await sillage('--vessels', '2', '--profile', 'la-fregate,la-fregate-control', '--hours', '1', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const wind = (id: string) => readFileSync(join(out, id, 'signals.ndjson'), 'utf8').trim().split('\n')
      .map((line) => (JSON.parse(line) as { v: Record<string, number> }).v['environment.wind.speedTrue']);
    expect(JSON.parse(readFileSync(join(out, 'cormoran-2', 'truth.json'), 'utf8')).profile).toBe('cormoran');
    expect(wind('cormoran-2')).toEqual(wind('fregate-1'));
  });

  it("serves a conventional vessel's devices with its own register map, which the edge reads", async () => {
    const port = await freePort();
    const child = spawnServer(process.execPath, [SILLAGE_BIN, 'simulate', '--devices', '--profile', 'la-fregate-control', '--hours', '1',
      '--modbus-port', String(port), '--nmea', `127.0.0.1:${await freePort()}`]);
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
    try {
      await waitFor(() => stdout.includes('Ctrl-C'), 30_000, 'the devices served');
      const config = join(tmp.dir, 'edge-control.json');
      writeFileSync(config, JSON.stringify({ vessel: 'cormoran', outbox: { path: join(tmp.dir, 'edge-control.db') }, sources: [
        { kind: 'modbus', name: 'engine-room', host: '127.0.0.1', port, map: 'simulators/devices/fregate-control-modbus-map.json' },
      ] }));
      const check = await sillageIn(ROOT)('edge', '--check', '--config', config);
      expect(check.stdout).toMatch(/^ {2}device main-engine: ok$/m);
      expect(check.stdout).toMatch(/^ {2}propulsion\.main\.fuel\.rate = /m);
      expect(check.code, check.stdout).toBe(0);
    } finally {
      await stopChild(child);
    }
  }, 90_000);

  it('serves the devices on a serial line too with --rtu, which the edge reads as Modbus RTU, and unplugs it on Ctrl-C', async () => {
    const line = join(tmp.dir, 'rs485');
    const child = spawnServer(process.execPath, [SILLAGE_BIN, 'simulate', '--devices', '--hours', '1', '--rtu', line,
      '--modbus-port', String(await freePort()), '--nmea', `127.0.0.1:${await freePort()}`]);
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
    try {
      await waitFor(() => stdout.includes('Ctrl-C'), 30_000, 'the devices served');
      expect(stdout).toContain(`Modbus RTU on ${join(line, 'agent')}`);
      const config = join(tmp.dir, 'edge-rtu.json');
      writeFileSync(config, JSON.stringify({ vessel: 'fregate', outbox: { path: join(tmp.dir, 'edge-rtu.db') }, sources: [
        { kind: 'modbus', name: 'rs485', serial: { path: join(line, 'agent') }, map: 'simulators/devices/fregate-modbus-map.json' },
      ] }));
      const check = await sillageIn(ROOT)('edge', '--check', '--config', config);
      expect(check.stdout).toMatch(/^ok rs485: \d+ values$/m);
      expect(check.stdout).toMatch(/^ {2}device bms: ok$/m);
      expect(check.stdout).toMatch(/^ {2}electrical\.batteries\.main\.voltage = [\d.]+ V$/m);
      expect(check.code).toBe(0);
      child.kill('SIGINT');
      await waitFor(() => child.exitCode !== null, 30_000, 'the simulator stopped');
      expect(child.exitCode).toBe(0);
      expect(existsSync(join(line, 'agent'))).toBe(false);
    } finally {
      await stopChild(child);
    }
  }, 90_000);
});
