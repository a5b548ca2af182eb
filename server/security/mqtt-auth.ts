import type { VesselId } from '../../shared/wire/ids.ts';
import { ADDRESS_FAILURE_FACTOR, AttemptLimiter } from './attempt-limiter.ts';
import { mayUseClientId, type MqttIdentity } from './mqtt-acl.ts';
import { hashSecret, verifySecret } from './secrets.ts';

export interface MqttLoginAttempt {
  readonly clientId: string;
  readonly username: string | undefined;
  readonly password: Buffer | undefined;
  readonly address: string;
  /** The TLS client certificate's subject CN, when the connection presented one that the CA verified. */
  readonly verifiedCertificateCn: string | undefined;
}

export type MqttLoginFailure = 'bad-credentials' | 'rate-limited' | 'client-id-mismatch';

export type MqttLoginResult =
  | { readonly ok: true; readonly identity: MqttIdentity }
  | { readonly ok: false; readonly reason: MqttLoginFailure; readonly detail: string };

export interface MqttCredentials {
  readonly vessels: readonly { id: VesselId; credentials?: { secretHash?: string; certificate: boolean } }[];
  readonly shoreClients: readonly { name: string; secretHash: string }[];
  readonly authFailuresPerMinute: number;
}

/** Compared against when the user is unknown, so that an unknown name costs the same time as a wrong password. */
const DECOY_HASH = await hashSecret('decoy');

/**
 * Who may connect to the embedded broker: vessels by password or client certificate, shore clients by
 * password. Repeated failures for one user name from one address are refused without checking, so a
 * password cannot be guessed faster than `authFailuresPerMinute` tries a minute; and an address that fails
 * `ADDRESS_FAILURE_FACTOR` times as often over any user names is refused too, so that it can neither spray one
 * password over the whole fleet nor keep the shore hashing guesses.
 */
export class MqttAuthenticator {
  private readonly vessels = new Map<string, { secretHash?: string; certificate: boolean }>();
  private readonly shore = new Map<string, string>();
  private readonly failures: AttemptLimiter;
  private readonly addressFailures: AttemptLimiter;

  constructor(credentials: MqttCredentials, now: () => number = Date.now) {
    for (const v of credentials.vessels) if (v.credentials) this.vessels.set(v.id, v.credentials);
    for (const c of credentials.shoreClients) this.shore.set(c.name, c.secretHash);
    this.failures = new AttemptLimiter(credentials.authFailuresPerMinute, 60_000, now);
    this.addressFailures = new AttemptLimiter(ADDRESS_FAILURE_FACTOR * credentials.authFailuresPerMinute, 60_000, now);
  }

  /** Admits one more shore client (the server's own ingest, with a secret made for this process only). */
  addShoreClient(name: string, secretHash: string): void {
    this.shore.set(name, secretHash);
  }

  async authenticate(attempt: MqttLoginAttempt): Promise<MqttLoginResult> {
    const certVessel = attempt.verifiedCertificateCn !== undefined ? this.vessels.get(attempt.verifiedCertificateCn) : undefined;
    if (certVessel?.certificate && (attempt.username === undefined || attempt.username === attempt.verifiedCertificateCn)) {
      return this.bind({ kind: 'vessel', vessel: attempt.verifiedCertificateCn as VesselId }, attempt.clientId);
    }
    const username = attempt.username ?? '';
    const key = `${username}\u0000${attempt.address}`;
    if (this.failures.blocked(key)) {
      return { ok: false, reason: 'rate-limited', detail: `too many failed logins for ${JSON.stringify(username)} from ${attempt.address}` };
    }
    if (this.addressFailures.blocked(attempt.address)) {
      return { ok: false, reason: 'rate-limited', detail: `too many failed logins from ${attempt.address}` };
    }
    const vessel = this.vessels.get(username);
    const shoreHash = this.shore.get(username);
    const hash = vessel?.secretHash ?? shoreHash;
    const secret = attempt.password?.toString('utf8') ?? '';
    const matches = await verifySecret(secret, hash ?? DECOY_HASH);
    if (!hash || !matches) {
      this.failures.hit(key);
      this.addressFailures.hit(attempt.address);
      return { ok: false, reason: 'bad-credentials', detail: `bad user name or password for ${JSON.stringify(username)}` };
    }
    this.failures.reset(key);
    return this.bind(vessel ? { kind: 'vessel', vessel: username as VesselId } : { kind: 'shore', name: username }, attempt.clientId);
  }

  private bind(identity: MqttIdentity, clientId: string): MqttLoginResult {
    const verdict = mayUseClientId(identity, clientId);
    return verdict.ok ? { ok: true, identity } : { ok: false, reason: 'client-id-mismatch', detail: verdict.detail };
  }
}
