import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgeAgent } from '../../edge/agent.ts';
import { resolveConventionalVesselProfile, resolveVesselProfile } from '../../shared/profile/load-profile.ts';
import { CatchUpClock } from '../../shared/time/clock.ts';
import { asVesselId } from '../../shared/wire/ids.ts';
import { SimulatedControlSource } from '../../simulators/vessel/simulated-vessel-source.ts';
import { startShore, type RunningShore } from '../helpers/shore.ts';
import { waitFor } from '../helpers/wait.ts';

interface TripList { trips: { id: string; status: string; metier: string | null; departure: string | null; end: string; fuel: unknown }[] }
interface TripDetail { phases: { phase: string }[]; energyByPhase: Record<string, { fuelMetered: number; coveredSeconds: number }> }

const cormoran = asVesselId('cormoran');
const control = () => resolveConventionalVesselProfile('la-fregate-control');
const MINUTE = 60_000;
const FISHING = ['port', 'steaming', 'shooting', 'towing'];

/**
 * A trial's control vessel, a conventional trawler showing only its engines, speed, position and gear state, streams
 * through the real edge agent, MQTT and shore: the analytics find its trip, phases and métier from that alone. Five
 * hours of its first trip are replayed: alongside, steaming out, shooting and towing its first haul.
 */
describe('control vessel: simulator → edge → MQTT → shore → trips', () => {
  let shore: RunningShore;
  let source: SimulatedControlSource;
  let trip: TripList['trips'][number];

  beforeAll(async () => {
    const profile = control();
    shore = await startShore({
      vessels: [
        { id: 'fregate', name: 'La Frégate', profile: resolveVesselProfile('la-fregate'), controlVessel: 'cormoran' },
        { id: 'cormoran', name: 'Le Cormoran', conventionalProfile: profile },
      ],
    });
    const start = Math.floor((Date.now() - 5 * 3_600_000) / 1000) * 1000;
    source = new SimulatedControlSource({ profile, metier: 'OTB', seed: 5, weatherSeed: 3, start });
    const edge = new EdgeAgent({
      config: {
        vessel: 'cormoran',
        mqtt: { url: shore.mqttUrl, statusIntervalMs: 1000 },
        outbox: { path: join(shore.dataDir, 'edge.db'), batchSamples: 200, batchMaxAgeMs: 1000 },
        display: { enabled: false },
      },
      sources: [source],
      clock: new CatchUpClock(start, 1500),
    });
    await edge.start();
    await waitFor(() => Date.now() - (shore.server.directory.get(cormoran)?.lastSampleT ?? 0) < 5000, 400_000, 'the control vessel replayed up to now');
    await edge.stop();
    const last = shore.server.directory.get(cormoran)!.lastSampleT!;
    // The analytics pass every 15 s and leave the last 10 s of data for the next pass: the trip is read once they
    // have reached the last sample, its towing thrust then told over the whole first tow.
    trip = await waitFor(async () => {
      const t = (await shore.get<TripList>('/api/vessels/cormoran/trips')).trips.at(-1);
      return t && Date.parse(t.end) >= last ? t : undefined;
    }, 120_000, 'the analytics to reach the last sample of the control vessel');
  }, 600_000);

  afterAll(async () => {
    await shore?.stop();
  });

  it('finds its voyage within a minute of the true departure, a métier once it tows, and no savings of its own', () => {
    const truth = source.vessel.currentTrip;
    expect(Math.abs(Date.parse(trip.departure!) - truth.departure!)).toBeLessThanOrEqual(MINUTE);
    expect(trip.status).toBe('under-way');
    // Which métier, from part of one tow, is not certain (a bottom trawl and a seine pull alike at first): whole
    // voyages are told apart in test/shared/savings/conventional-trips.test.ts and the calibration.
    expect(control().metiers.map((m) => m.code)).toContain(trip.metier);
    expect(trip.fuel).toBeNull();
  });

  it("finds its phases in the order it sailed them, and the fuel of the closed ones from its engines' meters", async () => {
    const truth = source.vessel.currentTrip;
    const detail = await shore.get<TripDetail>(`/api/trips/${trip.id}`);
    expect(detail.phases.map((p) => p.phase).slice(0, FISHING.length)).toEqual(FISHING);
    expect(truth.phases.map((p) => p.phase).slice(0, FISHING.length - 1)).toEqual(FISHING.slice(0, -1));
    for (const closed of truth.phases.filter((p) => p.phase === 'steaming' || p.phase === 'shooting')) {
      const found = detail.energyByPhase[closed.phase]!;
      // Phase edges are found within the smoother's minute: the rate per hour is what the comparison uses.
      const rate = found.fuelMetered / found.coveredSeconds;
      expect(rate / (closed.fuel / ((closed.end - closed.start) / 1000)), closed.phase).toBeCloseTo(1, 1);
    }
  });

  it('gives the hybrid no control baseline while the hybrid has no trip to compare', async () => {
    const answer = await shore.get<{ controlBaseline: Record<string, unknown> }>('/api/savings');
    expect(answer.controlBaseline).toEqual({ fregate: null });
  });
});
