import { join } from 'node:path';
import { SqliteStore } from '../../../server/store/sqlite-store.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { storeConformance } from './conformance.ts';
import { rollupConformance } from './rollup-conformance.ts';

storeConformance('SQLite', async () => {
  const { dir, remove } = tempDir();
  return { store: new SqliteStore(join(dir, 'telemetry.db')), close: async () => remove() };
});

rollupConformance('SQLite', async () => {
  const { dir, remove } = tempDir();
  return { engine: new SqliteStore(join(dir, 'telemetry.db')), close: async () => remove() };
});
