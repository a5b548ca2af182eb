import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShore, type RunningShore } from '../../helpers/shore.ts';

const logbook = (rows: string[]) => ['date_depart;heure_depart;date_retour;heure_retour;metier;gazole_consomme_l', ...rows].join('\n');
const good = '04/03/2024;05:30;04/03/2024;19:45;OTB;1210';
const bad = '05/03/2024;05:30;05/03/2024;19:45;OTB;12O0';

describe('/api/vessels/{id}/reference: the conventional vessel\'s logbook over the API', () => {
  let shore: RunningShore;
  const post = (vessel: string, query: string, body: string, type = 'text/csv') =>
    fetch(`${shore.httpUrl}/api/vessels/${vessel}/reference?${query}`, { method: 'POST', headers: { 'content-type': type }, body });

  beforeAll(async () => {
    shore = await startShore({ vessels: [{ id: 'fregate', name: 'La Frégate' }] });
  }, 120_000);
  afterAll(async () => shore?.stop());

  it('refuses a file with a bad row whole (422), naming the row by its line and reason', async () => {
    const res = await post('fregate', 'name=journal.csv', logbook([good, bad]));
    expect(res.status).toBe(422);
    const body = await res.json() as { error: string; detail: { rejected: { line: number; reason: string }[] } };
    expect(body.error).toBe('1 bad row: nothing stored (--skip-bad-rows stores the others and keeps these aside)');
    expect(body.detail.rejected).toEqual([{ line: 3, reason: 'fuel_consumed_l: "12O0" is not a non-negative number', text: bad }]);
    expect((await shore.get<{ files: unknown[] }>('/api/vessels/fregate/reference')).files).toEqual([]);
  });

  it('with skipBadRows=1 stores the good rows (201), lists the file, and refuses it a second time (409)', async () => {
    const res = await post('fregate', 'name=journal.csv&skipBadRows=1', logbook([good, bad]));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ file: { vessel: 'fregate', name: 'journal.csv', format: 'csv-fr', records: 1, rejected: 1 }, rejected: [{ line: 3 }] });
    const listed = await shore.get<{ files: unknown[]; logbookBaseline: { available: boolean; reason: string } }>('/api/vessels/fregate/reference');
    expect(listed.files).toHaveLength(1);
    expect(listed.logbookBaseline).toMatchObject({ available: false, reason: expect.stringContaining('fewer than the') });
    expect((await post('fregate', 'name=journal.csv&skipBadRows=1', logbook([good, bad]))).status).toBe(409);
  });

  it('refuses an unknown vessel, a file that is no logbook, and a body that is no file', async () => {
    expect((await post('nobody', 'name=x.csv', logbook([good]))).status).toBe(404);
    expect((await post('fregate', 'name=x.csv', 'a,b\n1,2')).status).toBe(400);
    expect((await post('fregate', 'name=x.csv', '{}', 'application/json')).status).toBe(415);
    expect((await post('fregate', 'name=../x.csv', logbook([good]))).status).toBe(400);
  });
});
