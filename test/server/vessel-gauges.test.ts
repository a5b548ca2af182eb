import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { VesselDirectory } from '../../server/fleet/vessel-directory.ts';
import { registerVesselGauges } from '../../server/metrics.ts';
import { asVesselId } from '../../shared/wire/ids.ts';

const ALPHA = asVesselId('alpha');
const BRAVO = asVesselId('bravo');
const T = Date.parse('2026-12-04T12:00:00Z');

/** The per-vessel series of one scrape: `name{vessel="…"}` → value. */
async function scrape(registry: Registry): Promise<Record<string, number>> {
  const series: Record<string, number> = {};
  for (const line of (await registry.metrics()).split('\n')) {
    const m = /^(sillage_vessel_[a-z_]+\{vessel="[a-z0-9-]+"\}) (\S+)$/.exec(line);
    if (m) series[m[1]!] = Number(m[2]);
  }
  return series;
}

function fleet() {
  const directory = new VesselDirectory([{ id: ALPHA, name: 'Alpha' }, { id: BRAVO, name: 'Bravo' }]);
  const registry = new Registry();
  let now = T;
  registerVesselGauges(registry, directory, () => now);
  return { directory, registry, at: (t: number) => { now = t; } };
}

describe('per-vessel gauges', () => {
  it('show nothing for a vessel shore has not heard from yet', async () => {
    const { registry } = fleet();
    expect(await scrape(registry)).toEqual({});
  });

  it('give the seconds since the last stored batch, growing between scrapes', async () => {
    const { directory, registry, at } = fleet();
    directory.recordIngest(ALPHA, T - 60_000, T - 4_500);
    expect(await scrape(registry)).toEqual({ 'sillage_vessel_seconds_since_last_batch{vessel="alpha"}': 4.5 });
    at(T + 10_000);
    expect((await scrape(registry))['sillage_vessel_seconds_since_last_batch{vessel="alpha"}']).toBe(14.5);
  });

  it("give the backlog on board and the clock skew from the vessel's last status", async () => {
    const { directory, registry } = fleet();
    // Sent by a vessel whose clock is 90 s ahead, received at T.
    directory.setStatus(BRAVO, { state: 'online', t: T + 90_000, backlog: 3600 }, T);
    expect(await scrape(registry)).toEqual({
      'sillage_vessel_backlog_samples{vessel="bravo"}': 3600,
      'sillage_vessel_clock_skew_seconds{vessel="bravo"}': -90,
    });
  });

  it('drop the clock skew when the vessel goes offline (its last will carries the time it connected), keep the backlog', async () => {
    const { directory, registry } = fleet();
    directory.setStatus(BRAVO, { state: 'online', t: T - 2_000, backlog: 10 }, T);
    directory.setStatus(BRAVO, { state: 'offline', t: T - 3_600_000, backlog: 12 }, T + 1_000);
    expect(await scrape(registry)).toEqual({ 'sillage_vessel_backlog_samples{vessel="bravo"}': 12 });
  });

  it('give the last ack latency in seconds, each vessel under its own label', async () => {
    const { directory, registry } = fleet();
    directory.recordAck(ALPHA, 12.5);
    directory.recordAck(BRAVO, 2_500);
    directory.recordAck(ALPHA, 40);
    expect(await scrape(registry)).toEqual({
      'sillage_vessel_last_ack_latency_seconds{vessel="alpha"}': 0.04,
      'sillage_vessel_last_ack_latency_seconds{vessel="bravo"}': 2.5,
    });
  });
});
