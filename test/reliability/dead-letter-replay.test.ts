import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../server/security/secrets.ts';
import type { SignalPath } from '../../shared/registry/index.ts';
import { asVesselId, type VesselId } from '../../shared/wire/ids.ts';
import { topicFor } from '../../shared/wire/topics.ts';
import { startInfluxd, type RunningInfluxd } from '../helpers/influxd.ts';
import { startShore, type RunningShore } from '../helpers/shore.ts';
import { connectVessel, type VesselClient } from '../helpers/vessel-client.ts';
import { waitFor } from '../helpers/wait.ts';
import { logIn, oneUserPerRole, PASSWORD } from '../helpers/web-users.ts';

const POWER = 'propulsion.motor.power' as SignalPath;
const SOC = 'electrical.batteries.main.capacity.stateOfCharge' as SignalPath;

interface QualityLetter { id: number; vessel: string | null; reason: string; seq: number | null; payloadBytes: number | null; replayedAt: number | null }

async function replay(shore: RunningShore, id: number | string, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${shore.httpUrl}/api/admin/dead-letters/${id}/replay`, {
    method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/**
 * Every ack the vessel got about `seq`, read once a batch sent after the replay is acknowledged: ingest answers
 * in order on one connection, so an answer the replay sent would have come before it.
 */
async function answersAbout(sender: VesselClient, seq: number, after: number, t: number): Promise<unknown[]> {
  await sender.publish(JSON.stringify({ seq: after, samples: [{ t, v: { [POWER]: 1 } }] }));
  await waitFor(() => sender.acked().includes(after), 30_000, `seq ${after} acknowledged`);
  return sender.acks.filter((a) => a.seqs.includes(seq) || a.refused?.some((r) => r.seq === seq));
}

/** The dead letters the data-quality API lists, as an engineer finds the id to replay. */
async function listedLetters(shore: RunningShore, vessel: VesselId): Promise<QualityLetter[]> {
  const quality = await shore.get<{ deadLetters: { recent: QualityLetter[] } }>('/api/quality');
  return quality.deadLetters.recent.filter((d) => d.vessel === vessel);
}

/** Waits for the letter of `seq` that kept a whole batch of `vessel`, as the quality API lists it. */
async function letterOf(shore: RunningShore, vessel: VesselId, seq: number): Promise<QualityLetter> {
  let found: QualityLetter | undefined;
  await waitFor(async () => {
    found = (await listedLetters(shore, vessel)).find((d) => d.seq === seq && d.payloadBytes !== null);
    return found !== undefined;
  }, 30_000, `dead letter of seq ${seq}`);
  return found!;
}

describe('replaying a batch InfluxDB refused for its retention policy (real influxd, shore server and broker)', () => {
  let influxd: RunningInfluxd;
  let shore: RunningShore;
  let sender: VesselClient;
  const vessel = asVesselId('retained');
  const now = Math.floor(Date.now() / 1000) * 1000;
  const old = now - 3 * 86_400_000;
  const payload = JSON.stringify({ seq: 1, samples: [{ t: old, v: { [POWER]: 3, [SOC]: 0.5 } }, { t: old + 1000, v: { [POWER]: 4 } }] });
  let letter: QualityLetter;

  const influxql = async (q: string) => {
    const res = await fetch(`${influxd.url}/query`, { method: 'POST', body: new URLSearchParams({ q }) });
    expect(res.status, q).toBe(200);
    expect(JSON.stringify(await res.json()), q).not.toContain('"error"');
  };

  beforeAll(async () => {
    influxd = await startInfluxd();
    await influxql('CREATE DATABASE short WITH DURATION 1h');
    shore = await startShore({ influxUrl: influxd.urlFor('short') });
    sender = await connectVessel(shore.mqttUrl, vessel, { clientId: 'retained-vessel' });
    await sender.publish(payload);
    await waitFor(() => sender.acks.some((a) => a.refused?.some((r) => r.seq === 1)), 30_000, 'seq 1 refused');
    letter = await letterOf(shore, vessel, 1);
  }, 90_000);

  afterAll(async () => {
    await sender?.end();
    await shore?.stop();
    await influxd?.stop();
  });

  it('lists the refused batch with its id, reason, seq, size and not replayed', () => {
    expect(letter).toMatchObject({ reason: 'store-refused', seq: 1, payloadBytes: Buffer.byteLength(payload), replayedAt: null });
  });

  it('answers refused with the store\'s reason while the retention policy is unchanged, and keeps nothing new', async () => {
    const letters = shore.server.deadLetters!.recent(1000).length;
    const { status, body } = await replay(shore, letter.id);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: letter.id, vessel, seq: 1, outcome: 'refused', reason: 'store-refused', alreadyReplayed: false });
    expect(body.detail).toEqual(expect.stringContaining('retention'));
    expect(await shore.server.store.countValues(vessel, old - 1000, old + 2000)).toBe(0);
    expect(shore.server.deadLetters!.recent(1000)).toHaveLength(letters);
    expect((await listedLetters(shore, vessel)).find((d) => d.id === letter.id)!.replayedAt).toBeNull();
  });

  it('stores the kept values once the retention policy is raised, notes the write in the change log and marks the letter replayed', async () => {
    await influxql('ALTER RETENTION POLICY "autogen" ON "short" DURATION INF');
    const revision = shore.server.store.changes.revision();
    const before = Date.now();
    const { status, body } = await replay(shore, letter.id);
    expect(status).toBe(200);
    expect(body).toEqual({ id: letter.id, vessel, seq: 1, outcome: 'stored', samples: 2, values: 3, rejected: 0, alreadyReplayed: false });
    expect(await shore.server.store.countValues(vessel, old - 1000, old + 2000)).toBe(3);
    expect(shore.server.store.changes.writesSince(revision).filter((w) => w.vessel === vessel)).toHaveLength(1);
    const listed = (await listedLetters(shore, vessel)).find((d) => d.id === letter.id)!;
    expect(listed.replayedAt).toBeGreaterThanOrEqual(before);
    // No ack goes to the vessel: it dropped the batch when it was refused, and its only answer about it stays that one.
    expect(await answersAbout(sender, 1, 2, now - 60_000)).toEqual([{ seqs: [], refused: [expect.objectContaining({ seq: 1 })], encodings: expect.any(Array) }]);
  });

  it('says a second replay was replayed already, and stores nothing twice', async () => {
    const { status, body } = await replay(shore, letter.id);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: letter.id, outcome: 'already-stored', alreadyReplayed: true });
    expect(await shore.server.store.countValues(vessel, old - 1000, old + 2000)).toBe(3);
  });
});

describe('replaying a batch that is still not a batch (real shore server and broker)', () => {
  let shore: RunningShore;
  let sender: VesselClient;
  const vessel = asVesselId('broken');

  beforeAll(async () => {
    shore = await startShore();
    sender = await connectVessel(shore.mqttUrl, vessel, { clientId: 'broken-vessel' });
  }, 60_000);

  afterAll(async () => {
    await sender?.end();
    await shore?.stop();
  });

  it('answers refused with the reason, stores nothing and leaves the letter as it was', async () => {
    await sender.publish(JSON.stringify({ seq: 5, samples: 'not a list' }));
    const letter = await letterOf(shore, vessel, 5);
    const kept = shore.server.deadLetters!.recent(1000);
    const { status, body } = await replay(shore, letter.id);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: letter.id, vessel, seq: 5, outcome: 'refused', reason: 'invalid-batch', alreadyReplayed: false });
    expect(await shore.server.store.vessels()).not.toContain(vessel);
    expect(shore.server.deadLetters!.recent(1000)).toEqual(kept);
    expect(await answersAbout(sender, 5, 6, Date.UTC(2026, 5, 1, 6))).toHaveLength(1);
  });
});

describe('who may replay a dead letter (production security mode, real shore server)', () => {
  let shore: RunningShore;
  let tokens: Record<string, string>;
  const vessel = asVesselId('fregate');
  let letter: number;

  beforeAll(async () => {
    shore = await startShore({
      security: { mode: 'production' },
      vessels: [{ id: 'fregate', name: 'La Frégate', credentials: { secretHash: await hashSecret(PASSWORD) } }],
      users: await oneUserPerRole('fregate'),
    });
    tokens = await logIn(shore.httpUrl, ['ana', 'eve', 'rita', 'sam']);
    // A batch the store refused once, as ingest keeps it: its payload is a good batch the store now takes.
    shore.server.deadLetters!.refuseBatch({
      vessel, topic: topicFor(vessel, 'telemetry'), seq: 9, reason: 'store-refused', detail: 'refused by the store', item: null,
      payload: Buffer.from(JSON.stringify({ seq: 9, samples: [{ t: Date.UTC(2026, 5, 1, 6), v: { [POWER]: 7 } }] })),
    });
    letter = shore.server.deadLetters!.recent(1).find((d) => d.seq === 9)!.id;
  }, 60_000);

  afterAll(async () => {
    await shore?.stop();
  });

  it('refuses engineers, reviewers and skippers, and anyone not signed in, without replaying', async () => {
    for (const who of ['eve', 'rita', 'sam']) expect((await replay(shore, letter, tokens[who])).status, who).toBe(403);
    expect((await replay(shore, letter)).status).toBe(401);
    expect(shore.server.deadLetters!.recent(1000).find((d) => d.id === letter)!.replayedAt).toBeNull();
    expect(await shore.server.store.vessels()).not.toContain(vessel);
  });

  it('answers 404 to an admin for an unknown letter and for one that kept no payload', async () => {
    expect((await replay(shore, letter + 1000, tokens.ana)).status).toBe(404);
    shore.server.deadLetters!.add({ vessel, topic: topicFor(vessel, 'telemetry'), reason: 'unknown-path', detail: 'no such signal', item: { t: 0 } });
    const sampleLetter = shore.server.deadLetters!.recent(1)[0]!;
    expect(sampleLetter.payloadBytes).toBeNull();
    expect((await replay(shore, sampleLetter.id, tokens.ana)).status).toBe(404);
  });

  it('replays for an admin', async () => {
    const { status, body } = await replay(shore, letter, tokens.ana);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: letter, outcome: 'stored', samples: 1, values: 1 });
    expect(await shore.server.store.countValues(vessel, Date.UTC(2026, 5, 1, 6), Date.UTC(2026, 5, 1, 6) + 1000)).toBe(1);
  });
});
