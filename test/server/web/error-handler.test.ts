import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { HttpError, installErrorHandler } from '../../../server/web/errors.ts';

async function appThatFails(log: (msg: string, detail?: unknown) => void) {
  const app = Fastify({ logger: false });
  installErrorHandler(app, log);
  app.get('/broken', async () => { throw new TypeError('cannot read the secret sauce'); });
  app.get('/refused', async () => { throw new HttpError(409, 'already replayed', { id: 3 }); });
  await app.ready();
  return app;
}

describe('web error handler', () => {
  it('answers an unexpected failure with 500 and no trace, and gives the trace to the operator log', async () => {
    const logged: Array<{ msg: string; detail: unknown }> = [];
    const app = await appThatFails((msg, detail) => logged.push({ msg, detail }));
    const res = await app.inject({ method: 'GET', url: '/broken?x=1' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: 'internal error', detail: null });
    expect(res.body).not.toContain('secret sauce');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ msg: 'request failed', detail: { method: 'GET', route: '/broken' } });
    expect((logged[0]!.detail as { error: string }).error).toMatch(/TypeError: cannot read the secret sauce\n\s+at /);
    await app.close();
  });

  it('answers a refusal with its own status and detail, without logging it', async () => {
    const logged: string[] = [];
    const app = await appThatFails((msg) => logged.push(msg));
    const res = await app.inject({ method: 'GET', url: '/refused' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({ error: 'already replayed', detail: { id: 3 } });
    expect(logged).toEqual([]);
    await app.close();
  });
});
