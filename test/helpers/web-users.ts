import { hashSecret } from '../../server/security/secrets.ts';
import type { ServerConfigInput } from '../../server/config.ts';

export const PASSWORD = 'correct horse battery staple';

type Role = 'admin' | 'engineer' | 'reviewer' | 'skipper';
type User = NonNullable<ServerConfigInput['users']>[number];

/** One user a role, all with PASSWORD: ana the admin, eve the engineer, rita the reviewer, sam the skipper of `skipperVessel`. */
export async function oneUserPerRole(skipperVessel: string, roles: readonly Role[] = ['admin', 'engineer', 'reviewer', 'skipper']): Promise<User[]> {
  const passwordHash = await hashSecret(PASSWORD);
  const names: Record<Role, string> = { admin: 'ana', engineer: 'eve', reviewer: 'rita', skipper: 'sam' };
  return roles.map((role) => (role === 'skipper'
    ? { name: names[role], role, vessel: skipperVessel, passwordHash }
    : { name: names[role], role, passwordHash })) as User[];
}

/** Signs each user in on the shore web and gives their bearer tokens by name. */
export async function logIn(httpUrl: string, names: readonly string[]): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const name of names) {
    const res = await fetch(`${httpUrl}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: name, password: PASSWORD }),
    });
    if (!res.ok) throw new Error(`${name} could not sign in: ${res.status} ${await res.text()}`);
    tokens[name] = ((await res.json()) as { token: string }).token;
  }
  return tokens;
}
