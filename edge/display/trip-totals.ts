import { lookupSignal } from '../../shared/registry/index.ts';
import type { TelemetrySample } from '../../shared/wire/telemetry.ts';
import { fishingPhase, type FishingPhase } from '../../shared/display/operating-state.ts';
import { batteryOnlyDraw, SOURCE_GROUPS, sumFlows, type SourceGroup } from './power-flows.ts';

/** What a period (today, this trip) has added up, in SI: J, m³, s. */
export interface PeriodTotals {
  /** Clock time the period began. */
  readonly since: number;
  /** Time covered by samples; gaps longer than the sampler's tolerance are not counted, nor guessed. */
  readonly coveredMs: number;
  readonly energyJ: Readonly<Record<SourceGroup, number>>;
  readonly fuelM3: number;
  /** Engine hours run by all generators together, from their own counters. */
  readonly generatorSeconds: number;
  /** Energy the loads took beyond the harvesters, what the battery would have had to give alone. */
  readonly batteryOnlyDrawJ: number;
}

interface Period {
  since: number;
  coveredMs: number;
  energyJ: Record<SourceGroup, number>;
  fuelM3: number;
  batteryOnlyDrawJ: number;
  /** Each generator's run-time counter when the period began, and now. */
  runTimeFirst: Map<string, number>;
  runTimeLast: Map<string, number>;
}

const newPeriod = (since: number): Period => ({
  since, coveredMs: 0, fuelM3: 0, batteryOnlyDrawJ: 0,
  energyJ: Object.fromEntries(SOURCE_GROUPS.map((g) => [g, 0])) as Record<SourceGroup, number>,
  runTimeFirst: new Map(), runTimeLast: new Map(),
});

function snapshot(p: Period): PeriodTotals {
  let generatorSeconds = 0;
  for (const [id, last] of p.runTimeLast) generatorSeconds += Math.max(0, last - (p.runTimeFirst.get(id) ?? last));
  return { since: p.since, coveredMs: p.coveredMs, energyJ: { ...p.energyJ }, fuelM3: p.fuelM3, generatorSeconds,
    batteryOnlyDrawJ: p.batteryOnlyDrawJ };
}

/**
 * Local calendar day of a clock time: the skipper's "today" starts at local midnight, in the onboard computer's
 * time zone (the `TZ` it runs with), which is UTC when none is set.
 */
export const dayOf = (t: number): string => new Date(t).toDateString();

/**
 * Adds up energy by source, fuel and generator hours for today and for the trip under way. A trip begins when
 * the vessel leaves port; until a departure has been seen, it is everything since the agent started. Each
 * sample's values are held until the next sample (the sampler's own convention), over gaps up to `maxGapMs`.
 */
export class TripTotals {
  private today: Period | undefined;
  private trip: Period | undefined;
  private previous: TelemetrySample | undefined;
  private phase: FishingPhase | undefined;

  constructor(private readonly maxGapMs = 5000) {}

  observe(sample: TelemetrySample): void {
    const { t, v } = sample;
    const prev = this.previous;
    if (prev && t <= prev.t) return;
    // The interval since the previous sample belongs to the periods it was spent in, before any rolls over.
    if (prev && this.today && this.trip && t - prev.t <= this.maxGapMs) {
      const dt = t - prev.t;
      const flows = sumFlows(prev.v);
      const draw = batteryOnlyDraw(flows);
      let fuelRate = 0;
      for (const [path, value] of Object.entries(prev.v)) {
        if (lookupSignal(path)?.pattern === 'propulsion.<id>.fuel.rate') fuelRate += value;
      }
      for (const p of [this.today, this.trip]) {
        p.coveredMs += dt;
        for (const g of SOURCE_GROUPS) p.energyJ[g] += (flows[g] * dt) / 1000;
        p.fuelM3 += (fuelRate * dt) / 1000;
        p.batteryOnlyDrawJ += (draw * dt) / 1000;
      }
    }
    this.today = this.today && dayOf(this.today.since) === dayOf(t) ? this.today : newPeriod(t);
    const gear = v['fishing.gear.state' as keyof typeof v];
    const sog = v['navigation.speedOverGround' as keyof typeof v];
    const phase = gear !== undefined && sog !== undefined ? fishingPhase(gear, sog) : this.phase;
    if (!this.trip || (this.phase === 'port' && phase !== undefined && phase !== 'port')) this.trip = newPeriod(t);
    this.phase = phase;
    const periods = [this.today, this.trip];
    for (const [path, value] of Object.entries(v)) {
      if (lookupSignal(path)?.pattern !== 'propulsion.<id>.runTime' || v[`electrical.generators.${path.split('.')[1]}.power` as keyof typeof v] === undefined) continue;
      const id = path.split('.')[1]!;
      for (const p of periods) {
        if (!p.runTimeFirst.has(id)) p.runTimeFirst.set(id, value);
        p.runTimeLast.set(id, value);
      }
    }
    this.previous = sample;
  }

  get phaseNow(): FishingPhase | undefined {
    return this.phase;
  }

  todayTotals(): PeriodTotals | undefined {
    return this.today && snapshot(this.today);
  }

  tripTotals(): PeriodTotals | undefined {
    return this.trip && snapshot(this.trip);
  }
}
