import type { VesselId } from '../../shared/wire/ids.ts';

export const ROLES = ['admin', 'engineer', 'reviewer', 'skipper'] as const;
export type Role = (typeof ROLES)[number];

/** What every route declares in `config: { access }`: the least role that may call it. */
export const ACCESS_LEVELS = ['public', 'skipper', 'reviewer', 'engineer', 'admin'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}

/** Who made a request, once their session is checked. */
export interface Principal {
  readonly user: string;
  readonly role: Role;
  /** For a skipper: the only vessel they see. */
  readonly vessel?: VesselId;
}

/**
 * Levels nest: an admin may do everything, an engineer everything but administration, a reviewer what a
 * skipper may (read-only, but for every vessel) plus the reports; a skipper only its own vessel, read-only.
 */
const RANK: Record<Access, number> = { public: 0, skipper: 1, reviewer: 2, engineer: 3, admin: 4 };
const ROLE_RANK: Record<Role, number> = { skipper: 1, reviewer: 2, engineer: 3, admin: 4 };
const READ_ONLY_ROLES: ReadonlySet<Role> = new Set<Role>(['skipper', 'reviewer']);
const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

export type AccessDecision =
  | { readonly allow: true }
  | { readonly allow: false; readonly status: 401 | 403; readonly reason: AccessDenyReason };

export type AccessDenyReason = 'unauthenticated' | 'undeclared-route' | 'insufficient-role' | 'read-only-role' | 'foreign-vessel';

export interface AccessRequest {
  /** The route's declared level; undefined when the route declares none (denied, whoever asks). */
  readonly access: Access | undefined;
  readonly method: string;
  readonly principal: Principal | undefined;
  /** The vessel a request is about (route `:id`/`:vessel` or `?vessel=`), if any. */
  readonly vessels: readonly string[];
}

export function decideAccess({ access, method, principal, vessels }: AccessRequest): AccessDecision {
  if (access === 'public') return { allow: true };
  if (access === undefined) return { allow: false, status: principal ? 403 : 401, reason: 'undeclared-route' };
  if (!principal) return { allow: false, status: 401, reason: 'unauthenticated' };
  if (ROLE_RANK[principal.role] < RANK[access]) return { allow: false, status: 403, reason: 'insufficient-role' };
  if (READ_ONLY_ROLES.has(principal.role) && !READ_METHODS.has(method)) return { allow: false, status: 403, reason: 'read-only-role' };
  if (principal.role === 'skipper' && vessels.some((v) => v !== principal.vessel)) {
    return { allow: false, status: 403, reason: 'foreign-vessel' };
  }
  return { allow: true };
}

/** Whether a principal may see a vessel at all: what list endpoints filter their answers by. */
export function maySeeVessel(principal: Principal | undefined, vessel: string): boolean {
  return principal !== undefined && (principal.role !== 'skipper' || principal.vessel === vessel);
}
