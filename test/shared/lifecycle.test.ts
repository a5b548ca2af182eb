import { describe, expect, it } from 'vitest';
import { Parts, type Service } from '../../shared/lifecycle.ts';

/** A part that writes what happens to it in a shared journal, and can be told to fail. */
function part(name: string, journal: string[], fail: { start?: boolean; stop?: boolean } = {}): Service {
  return {
    async start() {
      journal.push(`start ${name}`);
      if (fail.start) throw new Error(`${name} cannot start`);
    },
    async stop() {
      journal.push(`stop ${name}`);
      if (fail.stop) throw new Error(`${name} cannot stop`);
    },
  };
}

describe('parts of a process', () => {
  it('starts the parts in order and stops them in the reverse order, opened things in their turn', async () => {
    const journal: string[] = [];
    const parts = new Parts();
    await parts.startAll(async () => {
      await parts.start('store', part('store', journal));
      parts.opened('database', 'db', (db) => journal.push(`close ${db}`));
      await parts.start('broker', part('broker', journal));
    });
    await parts.stop();
    expect(journal).toEqual(['start store', 'start broker', 'stop broker', 'close db', 'stop store']);
  });

  it('stops what had started, the failed part too, when a later part fails to start, and throws its error on', async () => {
    const journal: string[] = [];
    const parts = new Parts();
    const starting = parts.startAll(async () => {
      await parts.start('store', part('store', journal));
      await parts.start('broker', part('broker', journal));
      await parts.start('web', part('web', journal, { start: true }));
      await parts.start('never', part('never', journal));
    });
    await expect(starting).rejects.toThrow('web cannot start');
    expect(journal).toEqual(['start store', 'start broker', 'start web', 'stop web', 'stop broker', 'stop store']);
  });

  it('stops what had started when the failure comes between two parts', async () => {
    const journal: string[] = [];
    const parts = new Parts();
    const starting = parts.startAll(async () => {
      await parts.start('store', part('store', journal));
      throw new Error('cannot read mqtt.tls.cert');
    });
    await expect(starting).rejects.toThrow('cannot read mqtt.tls.cert');
    expect(journal).toEqual(['start store', 'stop store']);
  });

  it('logs a part that fails to stop and still stops the others', async () => {
    const journal: string[] = [];
    const logs: unknown[][] = [];
    const parts = new Parts((msg, detail) => logs.push([msg, detail]));
    await parts.startAll(async () => {
      await parts.start('store', part('store', journal));
      await parts.start('broker', part('broker', journal, { stop: true }));
    });
    await parts.stop();
    expect(journal).toEqual(['start store', 'start broker', 'stop broker', 'stop store']);
    expect(logs).toEqual([['broker did not stop cleanly', 'broker cannot stop']]);
  });

  it('stops each part once, however often it is asked to stop', async () => {
    const journal: string[] = [];
    const parts = new Parts();
    await parts.startAll(async () => {
      await parts.start('store', part('store', journal));
    });
    await parts.stop();
    await parts.stop();
    expect(journal).toEqual(['start store', 'stop store']);
  });
});
