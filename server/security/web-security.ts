import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyPluginAsync, FastifyPluginCallback, FastifyPluginOptions, FastifyRequest } from 'fastify';
import type { UserConfig } from '../config.ts';
import type { Metrics } from '../metrics.ts';
import { tokenMatchesDigest } from './secrets.ts';
import type { Sessions } from './sessions.ts';
import { decideAccess, type Access, type Principal } from './web-access.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking; undefined for anonymous requests to public routes. */
    principal: Principal | undefined;
  }
  interface FastifyContextConfig {
    /** A GET of this route is admitted with the Prometheus scrape token too (server config `metrics`). */
    scrapeable?: boolean;
  }
}

export const SESSION_COOKIE = 'sillage_session';

export interface WebSecurityOptions {
  /** Open mode: every request acts as an admin (loopback development only, see readiness). */
  open: boolean;
  users: readonly UserConfig[];
  sessions: Sessions;
  metrics: Metrics;
  /** SHA-256 (hex) of the token Prometheus scrapes with; unset: /metrics needs a web session like any route. */
  scrapeTokenSha256?: string;
}

const OPEN_PRINCIPAL: Principal = { user: 'anonymous', role: 'admin' };

/** The session token a request carries, as a bearer or in the session cookie. */
export function sessionToken(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim() || undefined;
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=') || undefined;
  }
  return undefined;
}

/**
 * The scrape token opens one thing: a GET of a route declared `scrapeable`, sent as a bearer (never a cookie:
 * no browser holds it). It names no user, so it reaches nothing else even where a session token would.
 */
function isScrape(request: FastifyRequest, scrapeTokenSha256: string | undefined): boolean {
  const auth = request.headers.authorization;
  return scrapeTokenSha256 !== undefined && request.method === 'GET' && !request.is404 && request.routeOptions.config.scrapeable === true
    && auth?.startsWith('Bearer ') === true && tokenMatchesDigest(auth.slice(7).trim(), scrapeTokenSha256);
}

/** The vessels a request is about: what a skipper's own vessel is checked against. */
function requestedVessels(request: FastifyRequest): string[] {
  const params = (request.params ?? {}) as Record<string, unknown>;
  const query = (request.query ?? {}) as Record<string, unknown>;
  return [params.id, params.vessel, query.vessel].flatMap((v) => (Array.isArray(v) ? v : v === undefined ? [] : [v])).map(String);
}

/**
 * The web's door, installed on the root instance before any route: security headers, sessions (opened by the
 * sign-in routes of server/web/auth.ts), and one onRequest hook that lets a request reach its route only if the route's declared
 * `config.access` admits the requester. A route that declares nothing is refused to everyone.
 */
export async function installWebSecurity(app: FastifyInstance, options: WebSecurityOptions): Promise<void> {
  const { users, sessions, metrics } = options;
  const byName = new Map(users.map((u) => [u.name, u]));
  await app.register(fastifyHelmet, {
    global: true,
    // The server speaks plain HTTP unless a proxy terminates TLS: forcing https subresources would break its pages.
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
  await app.register(fastifyRateLimit, { global: false });
  app.decorateRequest('principal', undefined);

  app.addHook('onRequest', async (request, reply) => {
    if (options.open) {
      request.principal = OPEN_PRINCIPAL;
    } else {
      const token = sessionToken(request);
      const user = token === undefined ? undefined : byName.get(sessions.user(token) ?? '');
      if (user) request.principal = { user: user.name, role: user.role, vessel: user.vessel };
      else if (isScrape(request, options.scrapeTokenSha256)) return;
    }
    // Unknown URLs go on to the 404 handler: refusing them would only hide typos, not data.
    if (request.is404) return;
    const decision = decideAccess({
      access: request.routeOptions.config.access,
      method: request.method,
      principal: request.principal,
      vessels: requestedVessels(request),
    });
    if (decision.allow) return;
    metrics.httpDenied.inc({ reason: decision.reason });
    return reply.status(decision.status).send({
      error: decision.status === 401 ? 'authentication required' : 'forbidden',
      detail: decision.reason,
    });
  });
  app.addHook('onResponse', async (_request, reply) => {
    if (reply.statusCode >= 400 && reply.statusCode < 500) metrics.httpRefused.inc({ status: String(reply.statusCode) });
  });
}

/**
 * Registers a third-party plugin whose routes cannot carry a `config` (@fastify/static, @fastify/swagger-ui)
 * with every route it adds declared at `access`. Static folders registered as public must hold assets only,
 * never data: data goes through the API.
 */
export async function registerWithAccess<O extends FastifyPluginOptions>(
  app: FastifyInstance, access: Access, plugin: FastifyPluginCallback<O> | FastifyPluginAsync<O>, options: O,
): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, access };
    });
    await scope.register(plugin as FastifyPluginAsync<O>, options);
  });
}
