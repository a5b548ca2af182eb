import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DeadLetters } from '../../../server/ingest/dead-letters.ts';
import { openStateDb } from '../../../server/state/state-db.ts';
import { started } from '../../helpers/started.ts';
import { tempDir } from '../../helpers/tmp.ts';

const TOPIC = 'sillage/v1/fregate/telemetry';

const refuse = (letters: DeadLetters, seq: number, bytes: number) => letters.refuseBatch({
  vessel: 'fregate', topic: TOPIC, seq, reason: 'store-refused', detail: 'beyond retention', item: null, payload: Buffer.alloc(bytes, seq),
});

const idOf = (letters: DeadLetters, seq: number) => letters.recent().find((l) => l.seq === seq)!.id;

describe('refused batches kept for a replay', () => {
  it('gives a kept batch with its vessel, topic, seq and payload, not yet replayed', async () => {
    const letters = await started(new DeadLetters({ db: openStateDb(':memory:') }));
    refuse(letters, 4, 10);
    expect(letters.keptBatch(idOf(letters, 4))).toEqual({
      id: idOf(letters, 4), vessel: 'fregate', topic: TOPIC, seq: 4, payload: Buffer.alloc(10, 4), replayedAt: null,
    });
  });

  it('gives nothing for an unknown id, a value kept alone, or a batch whose payload went to keep within the budget', async () => {
    const letters = await started(new DeadLetters({ db: openStateDb(':memory:') }, 100, 1500));
    refuse(letters, 1, 1000);
    refuse(letters, 2, 1000);
    letters.add({ vessel: 'fregate', topic: TOPIC, reason: 'unknown-path', detail: 'no such signal', item: { t: 0 } });
    const value = letters.recent()[0]!.id;
    expect(letters.keptBatch(idOf(letters, 1))).toBeUndefined();
    expect(letters.keptBatch(value)).toBeUndefined();
    expect(letters.keptBatch(value + 1)).toBeUndefined();
    expect(letters.keptBatch(idOf(letters, 2))?.seq).toBe(2);
  });

  it('marks a replayed batch in the list, and keeps its payload and digest', async () => {
    const letters = await started(new DeadLetters({ db: openStateDb(':memory:') }));
    refuse(letters, 3, 10);
    letters.markReplayed(idOf(letters, 3), 1_700_000_000_000);
    expect(letters.recent()[0]).toMatchObject({ seq: 3, payloadBytes: 10, replayedAt: 1_700_000_000_000 });
    expect(letters.keptBatch(idOf(letters, 3))?.replayedAt).toBe(1_700_000_000_000);
    expect(refuse(letters, 3, 10).first).toBe(false);
  });

  it('adds the replay column to a table made before replays, its rows not replayed', async () => {
    const { dir, remove } = tempDir('sillage-letters-');
    try {
      const path = join(dir, 'server.db');
      const old = new Database(path);
      old.exec(`CREATE TABLE dead_letters (id INTEGER PRIMARY KEY, received INTEGER NOT NULL, vessel TEXT, topic TEXT NOT NULL,
        reason TEXT NOT NULL, detail TEXT NOT NULL, item TEXT NOT NULL, seq INTEGER, payload BLOB, digest TEXT)`);
      old.prepare(`INSERT INTO dead_letters (received, vessel, topic, reason, detail, item, seq, payload, digest)
        VALUES (1, 'fregate', ?, 'invalid-batch', 'not a batch', 'null', 7, ?, 'd')`).run(TOPIC, Buffer.from('{}'));
      old.close();
      const db = openStateDb(path);
      const letters = await started(new DeadLetters({ db }));
      expect(letters.recent()).toEqual([expect.objectContaining({ seq: 7, payloadBytes: 2, replayedAt: null })]);
      expect(letters.keptBatch(letters.recent()[0]!.id)?.payload.toString()).toBe('{}');
      db.close();
    } finally {
      remove();
    }
  });
});
