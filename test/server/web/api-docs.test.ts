import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShore, type RunningShore } from '../../helpers/shore.ts';

interface Parameter { name: string; in: string; required: boolean; schema: { pattern?: string; maximum?: number } }
interface Operation { summary?: string; tags?: string[]; parameters?: Parameter[] }
interface OpenApi { paths: Record<string, Record<string, Operation>> }

describe('/docs, generated from the zod schemas that check the requests', () => {
  let shore: RunningShore;
  let doc: OpenApi;

  beforeAll(async () => {
    shore = await startShore();
    doc = await shore.get<OpenApi>('/docs/json');
  });
  afterAll(() => shore.stop());

  const parameter = (path: string, name: string) => doc.paths[path]!.get!.parameters!.find((p) => p.name === name)!;

  it('gives every operation of the API a summary and a tag', () => {
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ at: `${method} ${path}`, op })));
    expect(operations.length).toBeGreaterThan(15);
    expect(operations.filter(({ op }) => !op.summary || !op.tags?.length).map(({ at }) => at)).toEqual([]);
  });

  it('lists the parameters a route checks, required where its schema requires them', () => {
    const series = doc.paths['/api/vessels/{id}/series']!.get!.parameters!;
    expect(series.map((p) => [p.in, p.name, p.required]).sort()).toEqual([
      ['path', 'id', true], ['query', 'from', true], ['query', 'paths', true], ['query', 'step', false], ['query', 'to', false],
    ]);
  });

  it('documents a parameter with the very rule that refuses a request breaking it', async () => {
    const step = parameter('/api/vessels/{id}/series', 'step');
    expect(new RegExp(step.schema.pattern!).test('5m')).toBe(true);
    expect(new RegExp(step.schema.pattern!).test('5weeks')).toBe(false);
    const refused = await shore.get<{ error: string; detail: { in: string; issues: { path: string }[] } }>(
      '/api/vessels/fregate/series?paths=electrical.batteries.main.voltage&from=0&step=5weeks', 400);
    expect(refused).toMatchObject({ error: 'invalid request', detail: { in: 'querystring', issues: [{ path: '/step' }] } });
    expect(parameter('/api/events', 'limit').schema.maximum).toBe(5000);
    await shore.get('/api/events?limit=5001', 400);
    await shore.get('/api/events?limit=5000');
  });

  it('documents the trips, savings and reports parameters from the schemas that check them', () => {
    const names = (path: string) => doc.paths[path]!.get!.parameters!.map((p) => [p.in, p.name, p.required]).sort();
    expect(names('/api/trips/{id}')).toEqual([['path', 'id', true]]);
    expect(names('/api/vessels/{id}/trips')).toEqual([['path', 'id', true]]);
    expect(names('/api/savings')).toEqual([['query', 'from', false], ['query', 'metier', false], ['query', 'to', false], ['query', 'vessel', false]]);
    expect(names('/api/reports')).toEqual([
      ['query', 'download', false], ['query', 'format', false], ['query', 'from', false], ['query', 'label', false], ['query', 'lang', false], ['query', 'metier', false],
      ['query', 'month', false], ['query', 'scope', true], ['query', 'to', false], ['query', 'trip', false], ['query', 'vessel', false],
    ]);
    expect(new RegExp(parameter('/api/reports', 'month').schema.pattern!).test('2024-13')).toBe(false);
  });

  it('refuses a report parameter its scope does not take, or one its scope requires when missing, naming it', async () => {
    const issues = async (query: string) => (await shore.get<{ error: string; detail: { in: string; issues: { path: string }[] } }>(`/api/reports?${query}`, 400));
    expect(await issues('scope=trip&trip=fregate-1&vessel=fregate')).toMatchObject({ error: 'invalid request', detail: { in: 'querystring', issues: [{ path: '/vessel' }] } });
    expect(await issues('scope=metier')).toMatchObject({ detail: { issues: [{ path: '/metier' }] } });
    expect(await issues('scope=period&month=2024-13')).toMatchObject({ detail: { issues: [{ path: '/month' }] } });
  });

  it('answers a report on a trip it does not know 404, and on a window that is none 400, with the report\'s own words', async () => {
    expect(await shore.get('/api/reports?scope=trip&trip=fregate-1', 404)).toEqual({ error: 'unknown trip fregate-1', detail: null });
    expect(await shore.get('/api/reports?scope=period&month=2024-06&from=0', 400)).toEqual({ error: 'give either a month or from/to, not both', detail: null });
    expect(await shore.get('/api/reports?scope=period&from=2024-06-02&to=2024-06-01', 400)).toEqual({ error: '`to` must be after `from`', detail: null });
  });
});
