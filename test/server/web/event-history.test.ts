import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventLog } from '../../../server/fleet/event-log.ts';
import { openStateDb } from '../../../server/state/state-db.ts';
import { started } from '../../helpers/started.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import { tempDir } from '../../helpers/tmp.ts';

const fregate = asVesselId('fregate');
const other = asVesselId('boulogne-2');
const alarm = (kind: string, t: number, id: string, vessel = fregate) =>
  [vessel, { t, kind, detail: { id, alarm: id.split(':')[0], subject: 'main', severity: 'alarm', value: 0.1, threshold: 0.2, since: t } }] as const;

describe('the history of edge events in the state database', () => {
  let tmp: ReturnType<typeof tempDir>;
  let path: string;
  beforeEach(() => {
    tmp = tempDir();
    path = join(tmp.dir, 'server.db');
  });
  afterEach(() => tmp.remove());

  it('keeps events across a restart and finds them by vessel, kind prefix and time, newest first', async () => {
    const db = openStateDb(path);
    const log = await started(new EventLog({ db }));
    log.add(...alarm('alarm.raised', 1000, 'battery-low:main'));
    log.add(fregate, { t: 2000, kind: 'trip.departure', detail: {} });
    log.add(...alarm('alarm.raised', 3000, 'generator-fault:gen1', other));
    db.close();

    const reopened = await started(new EventLog({ db: openStateDb(path) }));
    expect(reopened.find({ from: 0, to: 10_000, limit: 10 }).map((e) => e.t)).toEqual([3000, 2000, 1000]);
    expect(reopened.find({ vessel: fregate, from: 0, to: 10_000, kind: 'alarm.', limit: 10 }).map((e) => e.detail.id)).toEqual(['battery-low:main']);
    expect(reopened.find({ from: 1500, to: 3000, limit: 10 }).map((e) => e.kind)).toEqual(['trip.departure']);
    expect(reopened.find({ from: 0, to: 10_000, kind: '%', limit: 10 })).toEqual([]);
  });

  it('has an alarm open from raised through acknowledged until cleared, after a restart too', async () => {
    const db = openStateDb(path);
    const log = await started(new EventLog({ db }));
    log.add(...alarm('alarm.raised', 1000, 'battery-low:main'));
    log.add(...alarm('alarm.raised', 1500, 'link-down:shore'));
    log.add(...alarm('alarm.acknowledged', 2000, 'battery-low:main'));
    expect(log.openAlarms(fregate).map((e) => [e.detail.id, e.kind])).toEqual([['battery-low:main', 'alarm.acknowledged'], ['link-down:shore', 'alarm.raised']]);
    log.add(...alarm('alarm.cleared', 3000, 'link-down:shore'));
    db.close();
    const reopened = await started(new EventLog({ db: openStateDb(path) }));
    expect(reopened.openAlarms().map((e) => e.detail.id)).toEqual(['battery-low:main']);
  });

  it('lets a late event (from a backlog) not reopen an alarm cleared after it', async () => {
    const log = await started(new EventLog({ db: openStateDb(path) }));
    log.add(...alarm('alarm.cleared', 5000, 'battery-low:main'));
    log.add(...alarm('alarm.raised', 1000, 'battery-low:main'));
    expect(log.openAlarms()).toEqual([]);
  });

  it('keeps an alarm event whose detail is no alarm as it came, but never counts it as an open alarm', async () => {
    const log = await started(new EventLog({ db: openStateDb(path) }));
    log.add(fregate, { t: 1000, kind: 'alarm.raised', detail: { id: 'battery-low:main', severity: 'catastrophic' } });
    expect(log.find({ from: 0, to: 10_000, limit: 10 }).map((e) => e.detail)).toEqual([{ id: 'battery-low:main', severity: 'catastrophic' }]);
    expect(log.openAlarms()).toEqual([]);
  });
});
