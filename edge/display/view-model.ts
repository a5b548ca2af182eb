import { fishingPhase, operatingMode, type FishingPhase, type OperatingMode } from '../../shared/display/operating-state.ts';
import { lookupSignal } from '../../shared/registry/index.ts';
import type { LiveSavingsEstimate } from '../../shared/savings/live-estimate.ts';
import type { Alarm } from '../alarms/alarm-board.ts';
import type { SignalFreshness } from '../alarms/signal-freshness.ts';
import type { DaySaved } from './day-savings.ts';
import type { DisplayBattery, DisplayConfig } from './config.ts';
import { batteryOnlyDraw, flowGroupOf, LOAD_GROUPS, SOURCE_GROUPS, type FlowGroup, type LoadGroup, type SourceGroup } from './power-flows.ts';
import type { PeriodTotals } from './trip-totals.ts';
import { skipperUnits as u } from './units.ts';

/** A figure on screen, already in the skipper's unit: null when never read, or when stale (then `stale`). */
export interface Figure {
  readonly value: number | null;
  readonly stale: boolean;
}

export interface Autonomy {
  /** Minutes until the reserve state of charge; null when it cannot be known (see `note`). */
  readonly minutes: number | null;
  readonly note?: 'not-discharging' | 'no-capacity' | 'no-data';
}

export interface TotalsView {
  readonly since: number;
  readonly energyKWh: Record<SourceGroup, number>;
  readonly fuelL: number;
  /** Generator running time, whole minutes (shown as h:min). */
  readonly generatorMinutes: number;
  /** Fuel saved against the diesel baseline: null when it cannot be estimated, `savedWhyNot` says why. */
  readonly savedL: number | null;
  readonly savedPct: number | null;
  readonly savedWhyNot?: 'no-profile' | 'no-baseline';
}

export interface AlarmView {
  readonly id: string;
  readonly kind: Alarm['kind'];
  readonly subject: string;
  readonly severity: Alarm['severity'];
  readonly state: Alarm['state'];
  readonly since: number;
  readonly reason?: string;
  /** Value and threshold in the unit named by `unit`. */
  readonly value: number;
  readonly threshold: number;
  readonly unit: '%' | '°C' | 'kW' | 's' | 'min' | 'samples';
}

/** Everything the skipper display shows, in the skipper's units. Sent as JSON to the browser. */
export interface DisplayView {
  readonly t: number;
  readonly vessel: string;
  readonly battery: { soc: Figure; power: Figure; temperature: Figure; reservePct: number };
  readonly autonomy: { current: Autonomy; tripAverage: Autonomy };
  readonly flows: Record<FlowGroup, Figure>;
  readonly speedKn: Figure;
  readonly fuelRateLh: Figure;
  readonly mode: OperatingMode | null;
  readonly phase: FishingPhase | null;
  readonly today: TotalsView | null;
  readonly trip: TotalsView | null;
  /** Seconds since shore last acknowledged data, by the agent's wall clock (a tablet's clock may be off). */
  readonly link: { connected: boolean; lastSyncAgoS: number | null; backlog: number };
  readonly alarms: AlarmView[];
}

export interface ViewInputs {
  readonly now: number;
  readonly wallNow: number;
  readonly vessel: string;
  readonly config: DisplayConfig;
  /** The bank autonomy counts down, from the display config or the vessel profile. */
  readonly battery: DisplayBattery;
  readonly signals: SignalFreshness;
  readonly alarms: readonly Alarm[];
  readonly today: PeriodTotals | undefined;
  readonly trip: PeriodTotals | undefined;
  /** The savings engine's estimate for the trip under way; null without a vessel profile. */
  readonly savings: LiveSavingsEstimate | null;
  /** Today's part of that estimate (DaySavings); null without a vessel profile. */
  readonly todaySavings: DaySaved | null;
  readonly link: { connected: boolean; lastAck: number | undefined; backlog: number };
}

/** A sum of several signals: stale if any of them is, unknown if none was ever read. */
interface Gathered { sum: number; seen: boolean; stale: boolean; max: number; count: number }
const empty = (): Gathered => ({ sum: 0, seen: false, stale: false, max: -Infinity, count: 0 });

function gather(inputs: ViewInputs, match: (pattern: string, path: string) => boolean): Gathered {
  const g = empty();
  for (const path of inputs.signals.paths()) {
    const pattern = lookupSignal(path)?.pattern;
    if (!pattern || !match(pattern, path)) continue;
    const reading = inputs.signals.get(path)!;
    g.seen = true;
    if (inputs.now - reading.t > inputs.config.staleAfterMs) g.stale = true;
    g.sum += reading.value;
    g.max = Math.max(g.max, reading.value);
    g.count++;
  }
  return g;
}

const figure = (g: Gathered, pick: (g: Gathered) => number, convert: (x: number) => number): Figure =>
  g.seen && !g.stale ? { value: convert(pick(g)), stale: false } : { value: null, stale: g.stale };

const byPattern = (wanted: string) => (pattern: string) => pattern === wanted;

type Saved = Pick<TotalsView, 'savedL' | 'savedPct' | 'savedWhyNot'>;

function savedView(savings: Pick<DaySaved, 'fuelSavedL' | 'savedFraction'> | null): Saved {
  if (!savings) return { savedL: null, savedPct: null, savedWhyNot: 'no-profile' };
  if (savings.savedFraction === null) return { savedL: null, savedPct: null, savedWhyNot: 'no-baseline' };
  return { savedL: u.litres(savings.fuelSavedL / 1000), savedPct: u.percentFine(savings.savedFraction) };
}

function totalsView(p: PeriodTotals | undefined, saved: Saved): TotalsView | null {
  if (!p) return null;
  const energyKWh = Object.fromEntries(SOURCE_GROUPS.map((g) => [g, u.kWh(p.energyJ[g])])) as Record<SourceGroup, number>;
  return { since: p.since, energyKWh, fuelL: u.litres(p.fuelM3), generatorMinutes: u.minutes(p.generatorSeconds), ...saved };
}

function autonomy(socRatio: number | null, drawW: number | null, battery: DisplayBattery): Autonomy {
  const { usableKWh, reserveStateOfCharge } = battery;
  if (usableKWh === undefined) return { minutes: null, note: 'no-capacity' };
  if (socRatio === null || drawW === null) return { minutes: null, note: 'no-data' };
  if (drawW <= 0) return { minutes: null, note: 'not-discharging' };
  const joules = Math.max(0, socRatio - reserveStateOfCharge) * usableKWh * 3.6e6;
  return { minutes: u.minutes(joules / drawW) };
}

function alarmView(a: Alarm): AlarmView {
  const base = { id: a.id, kind: a.kind, subject: a.subject, severity: a.severity, state: a.state, since: a.since,
    ...(a.reason ? { reason: a.reason } : {}) };
  const both = (f: (x: number) => number) => ({ value: f(a.value), threshold: f(a.threshold) });
  switch (a.kind) {
    case 'battery-low': return { ...base, ...both(u.percent), unit: '%' };
    case 'battery-over-temperature': return { ...base, ...both(u.celsius), unit: '°C' };
    case 'generator-fault':
      return a.reason === 'overload' ? { ...base, ...both(u.percent), unit: '%' } : { ...base, ...both(u.kW), unit: 'kW' };
    case 'device-silent': return { ...base, ...both((ms) => Math.round(ms / 1000)), unit: 's' };
    case 'link-down': return { ...base, ...both((ms) => Math.floor(ms / 60_000)), unit: 'min' };
    case 'outbox-filling': return { ...base, value: a.value, threshold: a.threshold, unit: 'samples' };
  }
}

/** Builds what the screen shows from the latest signals, the totals, the link and the alarms. */
export function buildView(inputs: ViewInputs): DisplayView {
  const soc = gather(inputs, byPattern('electrical.batteries.<id>.capacity.stateOfCharge'));
  const batteryPower = gather(inputs, byPattern('electrical.batteries.<id>.power'));
  const temperature = gather(inputs, byPattern('electrical.batteries.<id>.temperature'));
  const speed = gather(inputs, byPattern('navigation.speedOverGround'));
  const gear = gather(inputs, byPattern('fishing.gear.state'));
  const fuelRate = gather(inputs, byPattern('propulsion.<id>.fuel.rate'));
  const groups = {} as Record<FlowGroup, Gathered>;
  for (const group of [...SOURCE_GROUPS, ...LOAD_GROUPS]) groups[group] = gather(inputs, (_p, path) => flowGroupOf(path) === group);
  const flows = {} as Record<FlowGroup, Figure>;
  for (const group of [...SOURCE_GROUPS, ...LOAD_GROUPS] as FlowGroup[]) flows[group] = figure(groups[group], (g) => g.sum, u.kW);

  const fresh = (g: Gathered) => g.seen && !g.stale;
  // Several banks are averaged as if equal in size: the usual hybrid trawler has one bank, or twin halves.
  const socRatio = fresh(soc) ? soc.sum / soc.count : null;
  const flowsFresh = [...SOURCE_GROUPS, ...LOAD_GROUPS].every((g) => !groups[g as FlowGroup].stale);
  const anyLoadSeen = LOAD_GROUPS.some((g: LoadGroup) => groups[g].seen);
  const drawNow = flowsFresh && anyLoadSeen
    ? batteryOnlyDraw(Object.fromEntries(Object.entries(groups).map(([k, g]) => [k, g.sum])) as Record<FlowGroup, number>)
    : null;
  const trip = inputs.trip;
  const drawTrip = trip && trip.coveredMs > 0 ? trip.batteryOnlyDrawJ / (trip.coveredMs / 1000) : null;
  const generators = groups.generators;

  return {
    t: inputs.now,
    vessel: inputs.vessel,
    battery: {
      soc: figure(soc, (g) => g.sum / g.count, u.percent),
      power: figure(batteryPower, (g) => g.sum, u.kW),
      temperature: figure(temperature, (g) => g.max, u.celsius),
      reservePct: u.percent(inputs.battery.reserveStateOfCharge),
    },
    autonomy: { current: autonomy(socRatio, drawNow, inputs.battery), tripAverage: autonomy(socRatio, drawTrip, inputs.battery) },
    flows,
    speedKn: figure(speed, (g) => g.max, u.knots),
    fuelRateLh: figure(fuelRate, (g) => g.sum, u.litresPerHour),
    mode: fresh(generators) && fresh(batteryPower) ? operatingMode(generators.sum, batteryPower.sum) : null,
    phase: fresh(gear) && fresh(speed) ? fishingPhase(gear.max, speed.max) : null,
    today: totalsView(inputs.today, savedView(inputs.todaySavings)),
    trip: totalsView(inputs.trip, savedView(inputs.savings)),
    link: {
      connected: inputs.link.connected,
      lastSyncAgoS: inputs.link.lastAck === undefined ? null : Math.max(0, Math.round((inputs.wallNow - inputs.link.lastAck) / 1000)),
      backlog: inputs.link.backlog,
    },
    alarms: inputs.alarms.map(alarmView),
  };
}
