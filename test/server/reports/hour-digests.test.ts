import { join } from 'node:path';
import Database from 'better-sqlite3';
import { InfluxStore } from '../../../server/store/influx-store.ts';
import { SqliteStore } from '../../../server/store/sqlite-store.ts';
import { startInfluxd } from '../../helpers/influxd.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { hourDigestConformance } from './hour-digest-conformance.ts';

hourDigestConformance('SQLite', async () => {
  const dir = tempDir();
  const file = join(dir.dir, 'telemetry.db');
  return {
    engine: new SqliteStore(file),
    // Another connection to the file, as a hand edit with the sqlite3 shell would be.
    async changeBehindTheBack(vessel, t, path, v) {
      const db = new Database(file);
      try {
        const changed = db.prepare(`UPDATE samples SET v = ? WHERE t = ? AND vessel = (SELECT id FROM vessels WHERE name = ?)
          AND signal = (SELECT id FROM signals WHERE path = ?)`).run(v, t, vessel, path).changes;
        if (changed !== 1) throw new Error(`${changed} rows changed`);
      } finally {
        db.close();
      }
    },
    close: async () => dir.remove(),
  };
});

hourDigestConformance('InfluxDB', async () => {
  const influxd = await startInfluxd();
  return {
    engine: new InfluxStore(influxd.urlFor('digests')),
    // Straight to InfluxDB's own /write: the point's field is overwritten in place.
    async changeBehindTheBack(vessel, t, path, v) {
      const res = await fetch(`${influxd.url}/write?db=digests&precision=ms`, { method: 'POST', body: `telemetry,vessel=${vessel} ${path}=${v} ${t}\n` });
      if (res.status !== 204) throw new Error(`influxd /write: ${res.status} ${await res.text()}`);
    },
    close: () => influxd.stop(),
  };
});
