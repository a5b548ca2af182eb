import { describe, expect, it } from 'vitest';
import { asVesselId } from '../../shared/wire/ids.ts';
import { decideAccess, maySeeVessel, type Access, type Principal } from '../../server/security/web-access.ts';

const admin: Principal = { user: 'a', role: 'admin' };
const engineer: Principal = { user: 'e', role: 'engineer' };
const reviewer: Principal = { user: 'r', role: 'reviewer' };
const skipper: Principal = { user: 's', role: 'skipper', vessel: asVesselId('fregate') };

const decide = (access: Access | undefined, principal: Principal | undefined, method = 'GET', vessels: string[] = []) =>
  decideAccess({ access, method, principal, vessels });

describe('web access policy', () => {
  it('serves public routes to anyone', () => {
    expect(decide('public', undefined)).toEqual({ allow: true });
  });

  it('refuses routes that declare no access level to everyone, admins included', () => {
    expect(decide(undefined, undefined)).toEqual({ allow: false, status: 401, reason: 'undeclared-route' });
    expect(decide(undefined, admin)).toEqual({ allow: false, status: 403, reason: 'undeclared-route' });
  });

  it('asks anonymous requests to authenticate', () => {
    expect(decide('skipper', undefined)).toEqual({ allow: false, status: 401, reason: 'unauthenticated' });
  });

  it('orders roles: admin ⊇ engineer ⊇ reviewer ⊇ skipper', () => {
    const table = (['skipper', 'reviewer', 'engineer', 'admin'] as const).map((access) =>
      [admin, engineer, reviewer, skipper].map((p) => decide(access, p, 'GET', p === skipper ? ['fregate'] : []).allow));
    expect(table).toEqual([
      [true, true, true, true],
      [true, true, true, false],
      [true, true, false, false],
      [true, false, false, false],
    ]);
  });

  it('keeps skippers and reviewers read-only whatever the route allows', () => {
    expect(decide('skipper', skipper, 'POST', ['fregate'])).toMatchObject({ allow: false, status: 403, reason: 'read-only-role' });
    expect(decide('reviewer', reviewer, 'DELETE')).toMatchObject({ allow: false, reason: 'read-only-role' });
    expect(decide('engineer', engineer, 'POST')).toEqual({ allow: true });
  });

  it('limits a skipper to its own vessel', () => {
    expect(decide('skipper', skipper, 'GET', ['fregate'])).toEqual({ allow: true });
    expect(decide('skipper', skipper, 'GET', ['bravo'])).toMatchObject({ allow: false, status: 403, reason: 'foreign-vessel' });
    expect(decide('skipper', skipper, 'GET', ['fregate', 'bravo'])).toMatchObject({ allow: false, reason: 'foreign-vessel' });
    expect(maySeeVessel(skipper, 'bravo')).toBe(false);
    expect(maySeeVessel(reviewer, 'bravo')).toBe(true);
    expect(maySeeVessel(undefined, 'fregate')).toBe(false);
  });
});
