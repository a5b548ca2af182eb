import { describe, expect, it } from 'vitest';
import { sourceConfigSchema } from '../../../edge/sources/source-config.ts';

describe('a Victron GX source configuration', () => {
  it('refuses a device whose ids leave it nothing to read, naming it', () => {
    const parsed = sourceConfigSchema.safeParse({ kind: 'victron-modbus', name: 'gx', host: '192.0.2.1', devices: [
      { service: 'system', unitId: 100, ids: { solar: 'all' } },
      { service: 'battery', unitId: 225, ids: { solar: 'roof' } },
    ] });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues).toHaveLength(1);
    expect(parsed.error!.issues[0]!.path).toEqual(['devices', 1]);
    expect(parsed.error!.issues[0]!.message).toMatch(/reads nothing/);
  });

  it('refuses an equipment id the registry cannot hold and a portal id that cannot be a topic segment', () => {
    const badId = sourceConfigSchema.safeParse({ kind: 'victron-mqtt', name: 'gx', url: 'mqtt://192.0.2.1', portalId: 'c0619ab1c2d3',
      devices: [{ service: 'battery', instance: 512, ids: { batteries: 'house.bank' } }] });
    expect(badId.error!.issues.map((i) => i.message)).toEqual(['equipment id: letters and digits (at most 32)']);
    expect(sourceConfigSchema.safeParse({ kind: 'victron-mqtt', name: 'gx', url: 'mqtt://192.0.2.1', portalId: '+/#',
      devices: [{ service: 'battery', instance: 512, ids: { batteries: 'house' } }] }).success).toBe(false);
  });

  it('fills the defaults of the GX: Modbus port 502, a keep-alive well inside the GX\'s 60 s', () => {
    const modbus = sourceConfigSchema.parse({ kind: 'victron-modbus', name: 'gx', host: '192.0.2.1', devices: [{ service: 'vebus', unitId: 227 }] });
    expect(modbus).toMatchObject({ port: 502, devices: [{ service: 'vebus', unitId: 227, ids: {} }] });
    const mqtt = sourceConfigSchema.parse({ kind: 'victron-mqtt', name: 'gx', url: 'mqtt://192.0.2.1', portalId: 'c0619ab1c2d3', devices: [{ service: 'vebus', instance: 276 }] });
    expect(mqtt).toMatchObject({ keepaliveMs: 30_000 });
  });
});
