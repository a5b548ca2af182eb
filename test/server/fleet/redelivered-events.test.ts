import { join } from 'node:path';
import Database from 'better-sqlite3';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLog } from '../../../server/fleet/event-log.ts';
import { openStateDb } from '../../../server/state/state-db.ts';
import { started } from '../../helpers/started.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import type { VesselEvent } from '../../../shared/wire/messages.ts';
import { topicFor } from '../../../shared/wire/topics.ts';
import { startShore, type RunningShore } from '../../helpers/shore.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { waitFor } from '../../helpers/wait.ts';

const VESSEL = asVesselId('redelivered');
const T = Date.now() - 3_600_000;

const alarmEvent = (kind: string, t: number, id: string): VesselEvent => ({
  t, kind, detail: { id, alarm: id.split(':')[0], subject: 'main', severity: 'alarm', value: 0.1, threshold: 0.3, since: T },
});

interface History { events: (VesselEvent & { vessel: string })[] }
interface Fleet { vessels: { id: string; openAlarms: { id: string; state: string }[] }[] }

describe('events the edge sends again (at-least-once) through a real shore', () => {
  let shore: RunningShore;
  let edge: MqttClient;
  beforeAll(async () => {
    shore = await startShore();
    edge = await mqtt.connectAsync(shore.mqttUrl, { clientId: 'redelivering-edge' });
  });
  afterAll(async () => {
    await edge.endAsync();
    await shore.stop();
  });

  const publish = (event: VesselEvent) => edge.publishAsync(topicFor(VESSEL, 'events'), JSON.stringify(event), { qos: 1 });
  const history = async () => (await shore.get<History>(`/api/events?vessel=${VESSEL}`)).events;

  it('stores an event sent twice once, and a re-sent raise does not reopen an acknowledged alarm', async () => {
    const raised = alarmEvent('alarm.raised', T, 'battery-low:main');
    // Raised in the same evaluation: same time and kind, another alarm — a distinct event, kept.
    const alsoRaised = alarmEvent('alarm.raised', T, 'link-down:shore');
    // Acknowledged at the very clock time of the raise (a clock held still): event times alone cannot order them.
    const acknowledged = alarmEvent('alarm.acknowledged', T, 'battery-low:main');
    const marker: VesselEvent = { t: T + 120_000, kind: 'trip.departure', detail: {} };
    const heardLive: string[] = [];
    const stopHearing = shore.server.directory.subscribe((c) => { if (c.kind === 'event') heardLive.push(`${c.event.kind} ${c.event.detail.id ?? ''}`); });
    for (const event of [raised, alsoRaised, acknowledged]) await publish(event);
    // The link dropped before the PUBACK of the raise: the edge sends it again, then goes on.
    await publish(raised);
    await publish(acknowledged);
    await publish(marker);
    await waitFor(async () => (await history()).some((e) => e.kind === 'trip.departure'), 15_000, 'the marker in the history');

    expect((await history()).map((e) => [e.kind, e.detail.id ?? null])).toEqual([
      ['trip.departure', null],
      ['alarm.acknowledged', 'battery-low:main'],
      ['alarm.raised', 'link-down:shore'],
      ['alarm.raised', 'battery-low:main'],
    ]);
    stopHearing();
    // What the live pages hear: each event once.
    expect(heardLive).toEqual(['alarm.raised battery-low:main', 'alarm.raised link-down:shore', 'alarm.acknowledged battery-low:main', 'trip.departure ']);
    const fleet = await shore.get<Fleet>('/api/fleet');
    const open = fleet.vessels.find((v) => v.id === VESSEL)!.openAlarms;
    expect(open.map((a) => [a.id, a.state]).sort()).toEqual([['battery-low:main', 'acknowledged'], ['link-down:shore', 'active']]);
  }, 60_000);
});

describe('a state database logged before events were deduplicated', () => {
  it('keeps the first-received copy of each duplicate and refuses new ones', async () => {
    const { dir, remove } = tempDir('sillage-events-');
    try {
      const path = join(dir, 'server.db');
      const old = new Database(path);
      old.exec(`CREATE TABLE vessel_events (
        id INTEGER PRIMARY KEY, vessel TEXT NOT NULL, t INTEGER NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL, received INTEGER NOT NULL);
        CREATE INDEX vessel_events_vessel_t ON vessel_events (vessel, t);`);
      const insert = old.prepare('INSERT INTO vessel_events (vessel, t, kind, detail, received) VALUES (?, ?, ?, ?, ?)');
      const detail = JSON.stringify({ id: 'battery-low:main' });
      insert.run(VESSEL, 1000, 'alarm.raised', detail, 5000);
      insert.run(VESSEL, 1000, 'alarm.raised', detail, 7000);
      insert.run(VESSEL, 1000, 'alarm.raised', JSON.stringify({ id: 'link-down:shore' }), 5000);
      old.close();

      const db = openStateDb(path);
      const log = await started(new EventLog({ db }));
      expect(log.find({ from: 0, to: 10_000, limit: 10 }).map((e) => [e.detail.id, e.received]).sort())
        .toEqual([['battery-low:main', 5000], ['link-down:shore', 5000]]);
      expect(log.add(VESSEL, { t: 1000, kind: 'alarm.raised', detail: { id: 'battery-low:main' } })).toBeUndefined();
      expect(log.find({ from: 0, to: 10_000, limit: 10 })).toHaveLength(2);
      db.close();
    } finally {
      remove();
    }
  });
});
