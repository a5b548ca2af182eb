import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports.ts';
import { FREGATE_MAP, serveVessel, type ServedVessel } from '../helpers/served-vessel.ts';
import { sillage } from '../helpers/sillage-cli.ts';
import { tempDir } from '../helpers/tmp.ts';

describe('sillage edge --check, on the quay before the vessel leaves', () => {
  const { dir, remove } = tempDir('sillage-edge-check-');
  let vessel: ServedVessel;
  beforeAll(async () => { vessel = await serveVessel(); });
  afterAll(async () => {
    await vessel?.stop();
    remove();
  });

  function config(name: string, body: object): string {
    const path = join(dir, `${name}.json`);
    writeFileSync(path, JSON.stringify({ vessel: 'fregate', outbox: { path: join(dir, `${name}.db`) }, ...body }));
    return path;
  }

  const modbus = () => ({ kind: 'modbus', name: 'plc', host: '127.0.0.1', port: vessel.modbusPort, map: FREGATE_MAP });
  const gnss = () => ({ kind: 'nmea0183', name: 'gnss', host: '127.0.0.1', port: vessel.nmeaPort });
  const multiplexer = () => ({ kind: 'nmea0183', name: 'nav', transport: 'tcp', host: '127.0.0.1', port: vessel.nmeaTcpPort });

  it('prints what every device read, by registry path with its SI unit, and exits 0 when all answered', async () => {
    const { code, stdout } = await sillage('edge', '--check', '--config', config('good', { sources: [modbus(), gnss()] }));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ok plc: \d+ values$/m);
    expect(stdout).toMatch(/^ {2}device bms: ok$/m);
    expect(stdout).toMatch(/^ {2}electrical\.batteries\.main\.voltage = [\d.]+ V$/m);
    expect(stdout).toMatch(/^ {2}electrical\.batteries\.main\.capacity\.stateOfCharge = [\d.]+ ratio$/m);
    expect(stdout).toMatch(/^ok gnss: \d+ values$/m);
    expect(stdout).toMatch(/^ {2}navigation\.position\.latitude = [\d.]+ deg$/m);
    expect(stdout).toContain('2 of 2 sources answered');
  });

  it('asks an NMEA 0183 multiplexer over TCP like any other source', async () => {
    const { code, stdout } = await sillage('edge', '--check', '--config', config('tcp', { sources: [multiplexer()] }));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ok nav: \d+ values$/m);
    expect(stdout).toContain(`device 127.0.0.1:${vessel.nmeaTcpPort}: ok`);
    expect(stdout).toMatch(/^ {2}navigation\.headingTrue = [\d.]+ rad$/m);
    expect(stdout).toMatch(/^ {2}environment\.wind\.speedApparent = [\d.]+ m\/s$/m);
    expect(stdout).toMatch(/^ {2}environment\.depth\.belowTransducer = [\d.]+ m$/m);
  });

  it('names the source that did not answer and why, still reports the others, and exits 1', async () => {
    const closed = await freePort();
    const path = config('one-down', { sources: [modbus(), { ...modbus(), name: 'gateway', port: closed }] });
    const { code, stdout } = await sillage('edge', '--check', '--config', path);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^ok plc: \d+ values$/m);
    expect(stdout).toMatch(/^FAILED gateway: 0 values$/m);
    expect(stdout).toContain(`device 127.0.0.1:${closed}: disconnected (connect ECONNREFUSED 127.0.0.1:${closed})`);
    expect(stdout).toMatch(/^ {2}device bms: no answer$/m);
    expect(stdout).toContain('1 of 2 sources answered, 1 did not');
  });

  it('gives up on a receiver that sends nothing after --timeout seconds', async () => {
    const path = config('quiet', { sources: [{ kind: 'nmea0183', name: 'quiet-gnss', host: '127.0.0.1', port: await freePort() }] });
    const started = Date.now();
    const { code, stdout } = await sillage('edge', '--check', '--timeout', '2', '--config', path);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^FAILED quiet-gnss: 0 values \(no answer within 2000 ms\)$/m);
    expect(stdout).toMatch(/^ {2}device gnss: no answer$/m);
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('refuses an invalid configuration with the schema\'s message naming the field, and exits 2 without probing', async () => {
    const path = config('bad', { sources: [{ kind: 'modbus', name: 'plc', host: '127.0.0.1', port: 70000, map: FREGATE_MAP }] });
    const { code, stdout, stderr } = await sillage('edge', '--check', '--config', path);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^sillage edge: invalid configuration in .*bad\.json:[\s\S]*sources\[0\]\.port/);
  });

  it('exits 1 for a configuration without any source: an agent that would sample nothing', async () => {
    const { code, stdout } = await sillage('edge', '--check', '--config', config('empty', {}));
    expect(code).toBe(1);
    expect(stdout).toContain('no sources configured');
  });

  it('refuses --timeout without --check: it would be silently ignored by the running agent', async () => {
    const { code, stderr } = await sillage('edge', '--timeout', '5', '--config', config('timeout-alone', {}));
    expect(code).toBe(2);
    expect(stderr).toContain('sillage edge: --timeout goes with --check');
  });
});
