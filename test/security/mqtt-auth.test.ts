import { beforeAll, describe, expect, it } from 'vitest';
import { asVesselId } from '../../shared/wire/ids.ts';
import { ADDRESS_FAILURE_FACTOR } from '../../server/security/attempt-limiter.ts';
import { MqttAuthenticator, type MqttLoginAttempt } from '../../server/security/mqtt-auth.ts';
import { hashSecret } from '../../server/security/secrets.ts';

const attempt = (over: Partial<MqttLoginAttempt>): MqttLoginAttempt => ({
  clientId: 'sillage-edge-alpha', username: 'alpha', password: Buffer.from('alpha-secret'), address: '10.0.0.1',
  verifiedCertificateCn: undefined, ...over,
});

describe('MQTT authenticator', () => {
  let now = 0;
  let auth: MqttAuthenticator;
  beforeAll(async () => {
    auth = new MqttAuthenticator({
      vessels: [
        { id: asVesselId('alpha'), credentials: { secretHash: await hashSecret('alpha-secret'), certificate: false } },
        { id: asVesselId('bravo'), credentials: { certificate: true } },
        { id: asVesselId('nocreds') },
      ],
      shoreClients: [{ name: 'worker-1', secretHash: await hashSecret('worker-secret') }],
      authFailuresPerMinute: 3,
    }, () => now);
  });

  it('admits a vessel with its password as that vessel', async () => {
    expect(await auth.authenticate(attempt({}))).toEqual({ ok: true, identity: { kind: 'vessel', vessel: 'alpha' } });
  });

  it('admits a shore client as shore', async () => {
    expect(await auth.authenticate(attempt({ clientId: 'sillage-ingest-w1', username: 'worker-1', password: Buffer.from('worker-secret') })))
      .toEqual({ ok: true, identity: { kind: 'shore', name: 'worker-1' } });
  });

  it('refuses a wrong password, an unknown user, no password, and a vessel without credentials alike', async () => {
    for (const a of [
      attempt({ password: Buffer.from('guess'), address: '10.0.0.2' }),
      attempt({ username: 'nobody', address: '10.0.0.2' }),
      attempt({ password: undefined, address: '10.0.0.3' }),
      attempt({ username: undefined, password: undefined, address: '10.0.0.3' }),
      attempt({ username: 'nocreds', clientId: 'sillage-edge-nocreds', password: Buffer.from(''), address: '10.0.0.4' }),
    ]) {
      expect(await auth.authenticate(a)).toMatchObject({ ok: false, reason: 'bad-credentials' });
    }
  });

  it('refuses a right password used with another vessel\'s client id', async () => {
    expect(await auth.authenticate(attempt({ clientId: 'sillage-edge-bravo' }))).toMatchObject({ ok: false, reason: 'client-id-mismatch' });
  });

  it('stops checking passwords for a user and address after too many failures, even the right one, for a minute', async () => {
    const from = { address: '10.9.9.9' };
    for (let i = 0; i < 3; i++) {
      expect(await auth.authenticate(attempt({ ...from, password: Buffer.from(`guess-${i}`) }))).toMatchObject({ reason: 'bad-credentials' });
    }
    expect(await auth.authenticate(attempt(from))).toMatchObject({ ok: false, reason: 'rate-limited' });
    expect(await auth.authenticate(attempt({ address: '10.8.8.8' }))).toMatchObject({ ok: true });
    now += 60_000;
    expect(await auth.authenticate(attempt(from))).toMatchObject({ ok: true });
  });

  it('stops checking any password from an address that failed too often over many user names (password spraying)', async () => {
    const from = { address: '10.7.7.7' };
    const limit = ADDRESS_FAILURE_FACTOR * 3;
    for (let i = 0; i < limit; i++) {
      // One guess per user name: the per-user limit never trips.
      expect(await auth.authenticate(attempt({ ...from, username: `vessel-${i}`, clientId: `sillage-edge-vessel-${i}` })))
        .toMatchObject({ reason: 'bad-credentials' });
    }
    expect(await auth.authenticate(attempt(from))).toEqual({ ok: false, reason: 'rate-limited', detail: 'too many failed logins from 10.7.7.7' });
    expect(await auth.authenticate(attempt({ address: '10.7.7.8' }))).toMatchObject({ ok: true });
    now += 60_000;
    expect(await auth.authenticate(attempt(from))).toMatchObject({ ok: true });
  });

  it('admits a vessel by a verified client certificate whose CN is its id', async () => {
    const cert = { verifiedCertificateCn: 'bravo', clientId: 'sillage-edge-bravo', username: undefined, password: undefined };
    expect(await auth.authenticate(attempt(cert))).toEqual({ ok: true, identity: { kind: 'vessel', vessel: 'bravo' } });
    // alpha's certificate is not accepted: alpha is declared for passwords only.
    expect(await auth.authenticate(attempt({ ...cert, verifiedCertificateCn: 'alpha', clientId: 'sillage-edge-alpha', address: '10.0.0.5' })))
      .toMatchObject({ ok: false, reason: 'bad-credentials' });
    // A certificate for bravo does not log in as another user name.
    expect(await auth.authenticate(attempt({ ...cert, username: 'alpha', address: '10.0.0.6' }))).toMatchObject({ ok: false });
  });
});
