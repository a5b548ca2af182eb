import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { UserConfig } from '../config.ts';
import type { Metrics } from '../metrics.ts';
import { ADDRESS_FAILURE_FACTOR, AttemptLimiter } from '../security/attempt-limiter.ts';
import { hashSecret, verifySecret } from '../security/secrets.ts';
import type { Sessions } from '../security/sessions.ts';
import { SESSION_COOKIE, sessionToken } from '../security/web-security.ts';

export interface AuthOptions {
  users: readonly UserConfig[];
  sessions: Sessions;
  sessionHours: number;
  loginAttemptsPerMinute: number;
  metrics: Metrics;
}

const DECOY_HASH = await hashSecret('decoy');
const loginBody = z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) });

/** Signing in and out, and who a session belongs to: the sessions the web's door (web-security.ts) admits. */
export const authRoutes: FastifyPluginAsyncZod<AuthOptions> = async (app, options) => {
  const { sessions, metrics } = options;
  const byName = new Map(options.users.map((u) => [u.name, u]));
  // The per-route limit below counts per user name and address; this one stops an address spraying passwords
  // over every user name.
  const addressFailures = new AttemptLimiter(ADDRESS_FAILURE_FACTOR * options.loginAttemptsPerMinute, 60_000);

  app.post('/api/auth/login', {
    schema: { summary: 'Open a session (cookie and bearer token) with user name and password', tags: ['auth'], body: loginBody },
    config: {
      access: 'public',
      rateLimit: {
        max: options.loginAttemptsPerMinute,
        timeWindow: 60_000,
        // After the body is read, so that attempts are counted per user name and address.
        hook: 'preHandler',
        keyGenerator: (request: FastifyRequest) => `${request.ip}\u0000${String((request.body as { username?: unknown } | undefined)?.username ?? '')}`,
        onExceeded: () => metrics.loginFailures.inc({ reason: 'rate-limited' }),
      },
    },
  }, async (request, reply) => {
    const { username, password } = request.body;
    if (addressFailures.blocked(request.ip)) {
      metrics.loginFailures.inc({ reason: 'rate-limited' });
      return reply.status(429).send({ error: 'too many failed logins from this address', detail: null });
    }
    const user = byName.get(username);
    const ok = await verifySecret(password, user?.passwordHash ?? DECOY_HASH);
    if (!user || !ok) {
      addressFailures.hit(request.ip);
      metrics.loginFailures.inc({ reason: 'bad-credentials' });
      return reply.status(401).send({ error: 'bad user name or password', detail: null });
    }
    const { token, expires } = sessions.open(user.name);
    const secure = request.protocol === 'https' ? '; Secure' : '';
    reply.header('set-cookie',
      `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${Math.floor(options.sessionHours * 3600)}${secure}`);
    return { token, user: user.name, role: user.role, vessel: user.vessel ?? null, expires: new Date(expires).toISOString() };
  });

  app.post('/api/auth/logout', {
    schema: { summary: 'Close the current session', tags: ['auth'] },
    config: { access: 'public' },
  }, async (request, reply) => {
    const token = sessionToken(request);
    if (token) sessions.close(token);
    reply.header('set-cookie', `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`);
    return { ok: true };
  });

  app.get('/api/auth/me', {
    schema: { summary: 'Who the session belongs to, with role and vessel', tags: ['auth'] },
    config: { access: 'skipper' },
  }, async (request) => {
    const p = request.principal!;
    return { user: p.user, role: p.role, vessel: p.vessel ?? null };
  });
};
