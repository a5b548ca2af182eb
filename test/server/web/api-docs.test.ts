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
});
