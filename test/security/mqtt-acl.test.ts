import { describe, expect, it } from 'vitest';
import { asVesselId } from '../../shared/wire/ids.ts';
import { mayPublish, maySubscribe, mayUseClientId, type MqttIdentity } from '../../server/security/mqtt-acl.ts';

const alpha: MqttIdentity = { kind: 'vessel', vessel: asVesselId('alpha') };
const shore: MqttIdentity = { kind: 'shore', name: 'ingest-1' };

describe('MQTT topic ACL (DESIGN §4)', () => {
  it('lets a vessel publish its own telemetry, status and events', () => {
    for (const kind of ['telemetry', 'status', 'events']) expect(mayPublish(alpha, `sillage/v1/alpha/${kind}`)).toEqual({ ok: true });
  });

  it('refuses a vessel publishing as another vessel', () => {
    expect(mayPublish(alpha, 'sillage/v1/bravo/telemetry')).toMatchObject({ ok: false, reason: 'foreign-vessel' });
  });

  it('refuses a vessel writing its own acknowledgements or any topic outside the contract', () => {
    expect(mayPublish(alpha, 'sillage/v1/alpha/ack')).toMatchObject({ ok: false, reason: 'topic-not-allowed' });
    expect(mayPublish(alpha, 'sillage/v1/alpha/telemetry/extra')).toMatchObject({ ok: false, reason: 'topic-not-allowed' });
    expect(mayPublish(alpha, '$SYS/broker/clients')).toMatchObject({ ok: false, reason: 'topic-not-allowed' });
    expect(mayPublish(alpha, 'sillage/v1/ALPHA/telemetry')).toMatchObject({ ok: false, reason: 'topic-not-allowed' });
  });

  it('lets a vessel read only its own ack', () => {
    expect(maySubscribe(alpha, 'sillage/v1/alpha/ack')).toEqual({ ok: true });
    expect(maySubscribe(alpha, 'sillage/v1/bravo/ack')).toMatchObject({ ok: false, reason: 'foreign-vessel' });
    expect(maySubscribe(alpha, 'sillage/v1/+/ack')).toMatchObject({ ok: false, reason: 'topic-not-allowed' });
    expect(maySubscribe(alpha, '#')).toMatchObject({ ok: false, reason: 'topic-not-allowed' });
    expect(maySubscribe(alpha, 'sillage/v1/alpha/telemetry')).toMatchObject({ ok: false, reason: 'topic-not-allowed' });
  });

  it('lets shore read the fleet uplink, directly or through a shared subscription, and write only acks', () => {
    expect(maySubscribe(shore, 'sillage/v1/+/telemetry')).toEqual({ ok: true });
    expect(maySubscribe(shore, '$share/sillage-ingest/sillage/v1/+/telemetry')).toEqual({ ok: true });
    expect(maySubscribe(shore, 'sillage/v1/alpha/status')).toEqual({ ok: true });
    expect(maySubscribe(shore, '#')).toMatchObject({ ok: false });
    expect(maySubscribe(shore, 'sillage/v1/+/ack')).toMatchObject({ ok: false });
    expect(mayPublish(shore, 'sillage/v1/alpha/ack')).toEqual({ ok: true });
    expect(mayPublish(shore, 'sillage/v1/alpha/telemetry')).toMatchObject({ ok: false, reason: 'topic-not-allowed' });
  });

  it('binds client ids to identities, so that no vessel can take over another one\'s session', () => {
    expect(mayUseClientId(alpha, 'sillage-edge-alpha')).toEqual({ ok: true });
    expect(mayUseClientId(alpha, 'sillage-edge-alpha:test')).toEqual({ ok: true });
    expect(mayUseClientId(alpha, 'sillage-edge-bravo')).toMatchObject({ ok: false, reason: 'client-id-mismatch' });
    // "alpha-2" is another vessel's id: a hyphen suffix must not pass as alpha's.
    expect(mayUseClientId(alpha, 'sillage-edge-alpha-2')).toMatchObject({ ok: false });
    expect(mayUseClientId(alpha, 'sillage-ingest-1')).toMatchObject({ ok: false });
    expect(mayUseClientId(shore, 'sillage-ingest-abc')).toEqual({ ok: true });
    expect(mayUseClientId(shore, 'sillage-edge-alpha')).toMatchObject({ ok: false });
  });
});
