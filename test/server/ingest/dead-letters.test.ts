import { describe, expect, it } from 'vitest';
import { DeadLetters } from '../../../server/ingest/dead-letters.ts';
import { openStateDb } from '../../../server/state/state-db.ts';
import { started } from '../../helpers/started.ts';

const refuse = (letters: DeadLetters, seq: number, bytes: number) => letters.refuseBatch({
  vessel: 'fregate', topic: 'sillage/v1/fregate/telemetry', seq, reason: 'invalid-batch', detail: 'not a batch',
  item: `batch ${seq}`, payload: Buffer.alloc(bytes, seq),
});

describe('dead letters of batches refused whole', () => {
  it('keeps whole payloads up to the budget, then drops the oldest payloads but keeps their rows', async () => {
    const letters = await started(new DeadLetters({ db: openStateDb(':memory:') }, 100, 2500));
    for (const seq of [1, 2, 3]) refuse(letters, seq, 1000);
    const bySeq = new Map(letters.recent().map((l) => [l.seq, l]));
    expect([...bySeq.keys()].sort()).toEqual([1, 2, 3]);
    expect(bySeq.get(1)!.payloadBytes).toBeNull();
    expect(letters.payload(bySeq.get(1)!.id)).toBeUndefined();
    expect(letters.payload(bySeq.get(3)!.id)).toEqual(Buffer.alloc(1000, 3));
    expect(bySeq.get(2)!.payloadBytes).toBe(1000);
  });

  it('still recognises a copy of a batch whose payload was dropped', async () => {
    const letters = await started(new DeadLetters({ db: openStateDb(':memory:') }, 100, 1500));
    refuse(letters, 1, 1000);
    refuse(letters, 2, 1000);
    expect(refuse(letters, 1, 1000)).toEqual({ reason: 'invalid-batch', detail: 'not a batch', first: false });
    expect(letters.recent()).toHaveLength(2);
  });

  it('counts the payloads already kept when it opens an existing database', async () => {
    const db = openStateDb(':memory:');
    refuse(await started(new DeadLetters({ db }, 100, 2500)), 1, 1000);
    const reopened = await started(new DeadLetters({ db }, 100, 2500));
    refuse(reopened, 2, 1000);
    refuse(reopened, 3, 1000);
    expect(reopened.recent().filter((l) => l.payloadBytes !== null).map((l) => l.seq).sort()).toEqual([2, 3]);
  });
});
