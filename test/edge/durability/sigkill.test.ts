import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Outbox } from '../../../edge/outbox/outbox.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import { startShore, type RunningShore } from '../../helpers/shore.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { waitFor } from '../../helpers/wait.ts';

const VESSEL = asVesselId('killed');
const SPEEDUP = 40;
const KILLS = 6;
const CHILD = join(import.meta.dirname, 'killable-agent.ts');

describe('an edge agent SIGKILLed again and again mid-stream', () => {
  let shore: RunningShore;
  const { dir, remove } = tempDir('sillage-sigkill-');
  const producedLog = join(dir, 'produced.log');
  const tripStart = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;
  const wallStart = Date.now();

  beforeAll(async () => {
    shore = await startShore();
  });
  afterAll(async () => {
    await shore.stop();
    remove();
  });

  function startAgent(run: number): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: {
        ...process.env, RUN: String(run), PRODUCED_LOG: producedLog, TRIP_START: String(tripStart), WALL_START: String(wallStart),
        SPEEDUP: String(SPEEDUP), VESSEL, MQTT_URL: shore.mqttUrl, OUTBOX: join(dir, 'outbox.db'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    child.stderr!.on('data', (d: Buffer) => { errors += d.toString(); });
    return new Promise((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('started')) resolve(child); });
      child.once('exit', (code) => reject(new Error(`agent exited (${code}) before starting: ${errors}`)));
    });
  }

  const kill = (child: ChildProcess) => new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

  function produced(): Map<string, number> {
    const values = new Map<string, number>();
    if (!existsSync(producedLog)) return values;
    for (const line of readFileSync(producedLog, 'utf8').split('\n')) {
      if (!line) continue;
      const [t, , soc, volt, power] = line.split(' ').map(Number) as [number, number, number, number, number];
      for (const [path, value] of [['electrical.batteries.main.capacity.stateOfCharge', soc], ['electrical.batteries.main.voltage', volt], ['propulsion.main.power', power]] as const) {
        const key = `${t} ${path}`;
        // The same instant read twice (by two runs) would be a duplicate sample: it must never happen.
        expect(values.has(key), `instant ${t} read twice`).toBe(false);
        values.set(key, value);
      }
    }
    return values;
  }

  async function stored(): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const sample of await shore.server.store.samples(VESSEL, tripStart - 1, Date.now() + 1)) {
      for (const [path, value] of Object.entries(sample.v)) out.set(`${sample.t} ${path}`, value);
    }
    return out;
  }

  it('loses and duplicates nothing it committed, once it has restarted', async () => {
    for (let run = 1; run <= KILLS; run++) {
      const child = await startAgent(run);
      // Random moments: mid-sample, mid-seal, mid-publish, between an ack and its deletion.
      await new Promise((r) => setTimeout(r, 700 + Math.random() * 1800));
      await kill(child);
    }
    const last = await startAgent(KILLS + 1);
    await new Promise((r) => setTimeout(r, 2000));
    // The last run is stopped cleanly only once every value it committed is ashore; what it read after that
    // is still in its outbox, so the comparison is up to the last instant shore holds.
    const ashore = await waitFor(async () => {
      const s = await stored();
      const p = produced();
      const newest = Math.max(...[...s.keys()].map((k) => Number(k.split(' ')[0])));
      const missing = [...p.keys()].filter((k) => Number(k.split(' ')[0]) <= newest && !s.has(k));
      return missing.length <= KILLS * 3 ? { s, newest } : undefined;
    }, 30_000, 'the backlog to drain');
    await kill(last);
    const source = produced();
    const { s, newest } = ashore;
    const upToNewest = [...source.entries()].filter(([k]) => Number(k.split(' ')[0]) <= newest);
    // Every value on shore is one the source produced, with that value (no re-read, no stale value).
    for (const [key, value] of s) expect(source.get(key), key).toBe(value);
    // What is missing is at most the one reading each kill interrupted before its commit (3 values each).
    const missing = upToNewest.filter(([k]) => !s.has(k));
    expect(missing.length).toBeLessThanOrEqual(KILLS * 3);
    const instants = new Set(missing.map(([k]) => k.split(' ')[0]));
    expect(instants.size).toBeLessThanOrEqual(KILLS);
    expect(s.size).toBeGreaterThan(500);
    // The batches went in the compact encoding the shore's acks offered.
    const outbox = new Outbox(join(dir, 'outbox.db'));
    await outbox.start();
    expect(outbox.meta('shore_reads_compact')).toBe(1);
    await outbox.stop();
    console.log(`sigkill: ${KILLS} kills, ${upToNewest.length} values produced, ${s.size} stored, ${missing.length} missing (${instants.size} instants read at a kill)`);
  }, 90_000);
});
