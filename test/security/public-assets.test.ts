import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../server/metrics.ts';
import { Sessions } from '../../server/security/sessions.ts';
import { openStateDb } from '../../server/state/state-db.ts';
import { started } from '../helpers/started.ts';
import { installWebSecurity, registerWithAccess } from '../../server/security/web-security.ts';
import { installErrorHandler } from '../../server/web/errors.ts';
import { tempDir } from '../helpers/tmp.ts';
import { rawGet } from '../helpers/raw-get.ts';

describe('static assets behind the web security hook', () => {
  const { dir, remove } = tempDir('sillage-assets-');
  let app: FastifyInstance;
  let port: number;

  beforeAll(async () => {
    mkdirSync(join(dir, 'public'));
    writeFileSync(join(dir, 'public', 'app.js'), 'console.log("dashboard")');
    writeFileSync(join(dir, 'secret.txt'), 'root:x:0:0 the-secret');
    app = Fastify();
    installErrorHandler(app);
    await installWebSecurity(app, {
      open: false, users: [], sessions: await started(new Sessions({ db: openStateDb(':memory:') }, 3_600_000)), metrics: createMetrics(),
    });
    await registerWithAccess(app, 'public', fastifyStatic, { root: join(dir, 'public'), prefix: '/assets/' });
    app.get('/undeclared', async () => ({ leaked: true }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await app.close();
    remove();
  });

  it('serves declared public assets without a session', async () => {
    expect(await rawGet(port, '/assets/app.js')).toEqual({ status: 200, body: 'console.log("dashboard")' });
  });

  it('never serves a file outside the asset root, however the path is encoded', async () => {
    for (const path of [
      '/assets/../secret.txt', '/assets/%2e%2e/secret.txt', '/assets/..%2fsecret.txt', '/assets/%2e%2e%2fsecret.txt',
      '/assets/%252e%252e%252fsecret.txt', '/assets/....//secret.txt', '/assets/..\\secret.txt', '/assets/%5c..%5csecret.txt',
    ]) {
      const res = await rawGet(port, path);
      expect(res.body, path).not.toContain('the-secret');
      expect([400, 403, 404], path).toContain(res.status);
    }
  });

  it('refuses a route that declares no access level', async () => {
    const res = await rawGet(port, '/undeclared');
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toEqual({ error: 'authentication required', detail: 'undeclared-route' });
  });
});
