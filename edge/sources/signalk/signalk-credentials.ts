import { z } from 'zod';

/** A token an administrator issued (a device or user token), or a user the agent logs in as. */
export type SignalKAuth = { token: string } | { username: string; password: string };

/** The Signal K server turned the credentials down: a configuration matter, not a network one. */
export class SignalKAuthRefused extends Error {}

const loginReplySchema = z.object({ token: z.string().min(1) });
const loginRefusalSchema = z.object({ message: z.string() });
const jwtPayloadSchema = z.object({ exp: z.number().optional() });

/** A token this close to its expiry is renewed before use rather than refused a moment later. */
const RENEW_BEFORE_MS = 30_000;

/**
 * The token to present on the delta stream's upgrade (`Authorization: Bearer …`). With a user and password it
 * logs in (`POST /signalk/v1/auth/login`, Signal K 1.x "Access Requests and Login") and logs in again when the
 * token nears its expiry or the server refuses it; a configured token is presented as it is.
 */
export class SignalKCredentials {
  /** Successful logins, the first one and each renewal. */
  logins = 0;
  private current: string | undefined;

  constructor(
    private readonly httpBase: string,
    private readonly auth: SignalKAuth | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  async token(): Promise<string | undefined> {
    if (!this.auth) return undefined;
    if ('token' in this.auth) return this.auth.token;
    if (this.current && !this.expiring(this.current)) return this.current;
    this.current = await this.login(this.auth.username, this.auth.password);
    this.logins++;
    return this.current;
  }

  /** The server refused the token: a logged-in one is dropped, so the next attempt logs in afresh. */
  refused(): void {
    this.current = undefined;
  }

  private async login(username: string, password: string): Promise<string> {
    const reply = await fetch(`${this.httpBase}/signalk/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = (await reply.text()).slice(0, 1000);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (reply.status === 401 || reply.status === 403) {
      const refusal = loginRefusalSchema.safeParse(body);
      throw new SignalKAuthRefused(`login as ${username} refused (HTTP ${reply.status}): ${refusal.success ? refusal.data.message : text}`);
    }
    const parsed = loginReplySchema.safeParse(body);
    if (!reply.ok || !parsed.success) throw new Error(`login as ${username} failed: HTTP ${reply.status} ${text.slice(0, 200)}`);
    return parsed.data.token;
  }

  /** Whether a JSON Web Token's `exp` is near; a token that is no JWT is the server's to judge. */
  private expiring(token: string): boolean {
    const payload = token.split('.')[1];
    if (!payload) return false;
    let exp: number | undefined;
    try {
      const parsed = jwtPayloadSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
      exp = parsed.success ? parsed.data.exp : undefined;
    } catch {
      return false;
    }
    return exp !== undefined && exp * 1000 - this.now() < RENEW_BEFORE_MS;
  }
}
