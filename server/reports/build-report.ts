import type { VesselProfile } from '../../shared/profile/index.ts';
import { aggregateSavings, PHASES, reason, reasonText, savingSensitivity, type Reason, type AggregateSavings, type Interval, type SensitivityBar, type TripRecord, type TripSavings } from '../../shared/savings/index.ts';
import type { NoiseMode } from '../../shared/savings/trip-analyzer.ts';
import type { VesselId } from '../../shared/wire/ids.ts';
import { measuredBaselineOf, measuredTripSavings, referenceWindow, type ConventionalReference, type MeasuredBaseline, type MeasuredVessel } from '../analytics/measured-baseline.ts';
import { controlBaselineOf, controlDataWindow, type ControlBaseline, type ControlledVessel } from '../analytics/control-baseline.ts';
import type { StoredTrip, TripRepository } from '../analytics/trip-repository.ts';
import { logbookBaselineOf, type LogbookBaseline } from '../reference/logbook-baseline.ts';
import type { LogbookStore } from '../reference/logbook-store.ts';
import type { TimeSeriesStore } from '../store/port.ts';
import { baselineParameters, canonicalJson, profileSha256, sha256, type BaselineParameters, type ControlOfReport } from './baseline-parameters.ts';
import { readCalibration, type Calibration } from './calibration.ts';
import { claimOf, compareWithClaim, type MetierClaim } from './claim.ts';
import { CANONICAL_FORM, digestInputs, type HourDigestSource, type InputDigest } from './input-digest.ts';
import { resolveWindow, type ReportRequest } from './report-request.ts';

/**
 * /3: the input SHA-256 is a hash of per-vessel, per-day digests, each a sum of per-sample hashes (CANONICAL_FORM);
 * /2 hashed each day's text in time order; /1 hashed every value in one pass.
 */
export const REPORT_FORMAT = 'sillage-evidence-report/3';

export interface ReportSources {
  trips: TripRepository;
  store: TimeSeriesStore;
  profiles: ReadonlyMap<string, VesselProfile>;
  /** The vessels' conventional reference periods (server configuration): option C beside option D. */
  references?: ReadonlyMap<string, ConventionalReference>;
  version: string;
  /** Which vessels the requester may see; every one by default (the command line). */
  maySee?: (vessel: VesselId) => boolean;
  /** The hour digests kept as data is stored; without them every value of the window is read. */
  digests?: HourDigestSource;
  /** The declared vessels, for the control baseline: the hybrids naming a control vessel, and the control vessels. */
  controls?: readonly ControlledVessel[];
  /** The conventional vessels' imported logbooks: option C on their records, beside the others. */
  logbooks?: LogbookStore;
}

export interface ReportTrip {
  id: string; vessel: VesselId; start: string; end: string; status: TripRecord['status']; metier: string | null;
  included: boolean; coverage: number | null; actualL: number | null; baselineL: number | null;
  savedL: Interval | null; fraction: Interval | null; reasons: string[];
  /** The reasons as codes and figures, for the reader's language; null for savings stored before there were codes. */
  reasonCodes: Reason[] | null;
  /** Against the measured baseline (option C), when the vessel has an accepted one and the trip reports against it. */
  optionC?: { savedL: Interval | null; fraction: Interval } | null;
}

/** The digest of one vessel's stored logbook records (LOGBOOK_CANONICAL_FORM), as the logbook baseline was fitted on them. */
export interface ReferenceRecords { vessel: VesselId; sha256: string; files: number; records: number }

/** The digest of the telemetry of one vessel's conventional reference period, [from, to) epoch ms. */
export type ReferenceInput = { vessel: VesselId; from: number; to: number; fromIso: string; toIso: string } & InputDigest;

/**
 * The inputs of one hybrid's control baseline: the digest of its control vessel's telemetry over the weeks compared
 * (controlDataWindow), and of the conventional profile that vessel's trips were analysed with.
 */
export type ControlInput = { hybrid: VesselId; profileSha256: string } & ReferenceInput;

export interface Reproducibility {
  /** The telemetry the figures were computed from: [from, to) epoch ms, from the first trip's start to the last one's end. */
  dataWindow: { from: number; to: number; fromIso: string; toIso: string };
  vessels: VesselId[];
  softwareVersion: string;
  baselineParametersSha256: string;
  /** `days`: vessel-days holding data; `hoursRead`: vessel-hours read back from the store, the others answered by the hour digests (`--verify` reads them all). */
  input: { sha256: string; samples: number; values: number; days: number; hoursRead: number; canonicalForm: string };
  /**
   * Option C's other input: the fit, hence every option-C figure, comes from the trips of the reference periods,
   * computed from their telemetry, which lies outside `dataWindow`: a late or corrected value there changes option C
   * and nothing that `input` digests. So it is digested too, per vessel and in the same canonical form, apart from
   * `input` so that the latter keeps its definition and a report without option C keeps its digests.
   */
  referenceInputs?: ReferenceInput[];
  /**
   * Option C on the logbook's input: the vessels' imported logbook records, digested as stored, so that a record
   * changed or added since the report changes it. Absent from a report without a logbook.
   */
  referenceRecords?: ReferenceRecords[];
  /**
   * The control baseline's inputs, one per hybrid it is given for: the control vessel's trips over the weeks compared
   * are computed from its telemetry there, which lies outside `dataWindow` or belongs to a vessel not in `vessels`,
   * and analysed with its conventional profile. Apart from `input` for the same reason as `referenceInputs`; absent
   * from a report without a control baseline.
   */
  controlInputs?: ControlInput[];
}

export interface EvidenceReport {
  format: typeof REPORT_FORMAT;
  title: string;
  request: ReportRequest;
  scope: { kind: ReportRequest['scope']; label: string; vessel: VesselId | null; metier: string | null; trip: string | null; from: string; to: string };
  generatedAt: string;
  /** Provisional while a trip in it is still under way or in port (its figures and data may still change). */
  status: 'final' | 'provisional';
  savings: AggregateSavings;
  byMetier: Record<string, AggregateSavings>;
  /** Each métier's saving weighed against its own claim, from the profiles of the report's vessels. */
  claims: MetierClaim[];
  /** Energy through the bus over the covered time, kWh. */
  energy: { sources: { source: string; kWh: number }[]; uses: { use: string; kWh: number }[] };
  comfort: { atSeaHours: number; generatorOffHoursAtSea: number; noise: { mode: NoiseMode; hours: number; leqDbA: number | null }[] };
  coverage: TripRecord['coverage'] & { shareAtSea: number | null };
  trips: ReportTrip[];
  /** Option C per vessel of the report with a conventional reference period, as /api/savings gives it. */
  measuredBaseline?: Record<string, MeasuredBaseline>;
  /**
   * The control baseline (METHOD §3), per vessel of the report that names a control vessel the reader may see, as
   * /api/savings gives it: null when none of its trips in the report is a complete voyage. Absent without any.
   */
  controlBaseline?: Record<string, ControlBaseline | null>;
  /**
   * Option C on the conventional vessel's own logbook, per vessel of the report that has one imported: the fit at
   * the logbook's resolution with its statistics, and the reporting trips' predicted conventional fuel and saving.
   */
  logbookBaseline?: Record<string, LogbookBaseline>;
  /** The same, vessel by vessel and métier by métier: what each métier's claim is weighed against under option C. */
  measuredByMetier?: Record<string, Record<string, MeasuredBaseline>>;
  /** Per vessel and métier, how far each assumption moves the saving of its included trips (a tornado chart). */
  sensitivity: { vessel: VesselId; metier: string; trips: number; bars: SensitivityBar[] }[];
  /** The simulator's calibration of the savings engine, as last measured; null when the benchmarks were not installed. */
  calibration: Calibration | null;
  baseline: BaselineParameters;
  reproducibility: Reproducibility;
}

const J_PER_KWH = 3.6e6;

/** A window of the reproducibility block: epoch ms for programs, ISO text for people. */
const periodOf = (w: { from: number; to: number }) => ({ ...w, fromIso: new Date(w.from).toISOString(), toIso: new Date(w.to).toISOString() });
const NOISE_MODES: readonly NoiseMode[] = ['alongside', 'battery-only', 'generators-running'];

function energyBalance(records: readonly TripRecord[]): EvidenceReport['energy'] {
  const sources = new Map<string, number>();
  const uses = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, j: number) => m.set(k, (m.get(k) ?? 0) + j / J_PER_KWH);
  for (const r of records) for (const phase of PHASES) {
    const e = r.byPhase[phase]?.energy;
    if (!e) continue;
    for (const [id, j] of Object.entries(e.generators)) add(sources, `generator ${id}`, j);
    add(sources, 'battery (discharge)', e.batteryDischarge);
    add(sources, 'shore power', e.shore);
    add(sources, 'solar', e.solar);
    add(sources, 'wind', e.wind);
    add(sources, 'hydro', e.hydro);
    add(sources, 'wave', e.wave);
    add(uses, 'propulsion', e.propulsion);
    add(uses, 'winch', e.winch);
    add(uses, 'hotel', e.hotel);
    add(uses, 'stabiliser', e.stabiliser);
    add(uses, 'battery (charge)', e.batteryCharge);
  }
  return {
    sources: [...sources].map(([source, kWh]) => ({ source, kWh })),
    uses: [...uses].map(([use, kWh]) => ({ use, kWh })),
  };
}

function comfort(records: readonly TripRecord[]): EvidenceReport['comfort'] {
  const sum = (f: (r: TripRecord) => number) => records.reduce((s, r) => s + f(r), 0);
  return {
    atSeaHours: sum((r) => r.coverage.atSeaSeconds) / 3600,
    generatorOffHoursAtSea: sum((r) => r.comfort.silentSecondsAtSea) / 3600,
    noise: NOISE_MODES.map((mode) => {
      const seconds = sum((r) => r.comfort.noise[mode]?.seconds ?? 0);
      const power = sum((r) => r.comfort.noise[mode]?.powerSum ?? 0);
      // Energy-equivalent level (Leq): the mean of the sound power, not of the decibels.
      return { mode, hours: seconds / 3600, leqDbA: seconds > 0 ? 10 * Math.log10(power / seconds) : null };
    }),
  };
}

function coverage(records: readonly TripRecord[]): EvidenceReport['coverage'] {
  const keys = ['seconds', 'coveredSeconds', 'atSeaSeconds', 'atSeaCoveredSeconds', 'gapSeconds', 'incompleteSeconds', 'implausibleSeconds', 'fuelFallbackSeconds', 'clockAnomalies'] as const;
  const total = Object.fromEntries(keys.map((k) => [k, records.reduce((s, r) => s + r.coverage[k], 0)])) as TripRecord['coverage'];
  return { ...total, shareAtSea: total.atSeaSeconds > 0 ? total.atSeaCoveredSeconds / total.atSeaSeconds : null };
}

function reportTrip(t: StoredTrip, measured: ReturnType<typeof measuredTripSavings> | null, controlVessels: ReadonlySet<string>): ReportTrip {
  const s = t.savings;
  const unsaved = reason(controlVessels.has(t.vessel) ? 'trip.controlVessel' : 'trip.noSavings');
  const c = measured?.get(t.id);
  return {
    id: t.id, vessel: t.vessel, start: new Date(t.start).toISOString(), end: new Date(t.end).toISOString(), status: t.status, metier: t.metier,
    included: s?.included ?? false, coverage: s?.coverage ?? null, actualL: s?.fuel.actualL ?? null, baselineL: s?.fuel.baselineL ?? null,
    savedL: s?.fuel.savedL ?? null, fraction: s?.fuel.fraction ?? null,
    reasons: s ? s.reasons : [reasonText(unsaved)], reasonCodes: s ? s.reasonCodes ?? null : [unsaved],
    ...(measured && { optionC: c ? { savedL: c.savedL, fraction: c.fraction } : null }),
  };
}

/** The tornado of each vessel and métier with included trips and a profile (METHOD §7). */
function sensitivityOf(trips: readonly StoredTrip[], profiles: ReadonlyMap<string, VesselProfile>): EvidenceReport['sensitivity'] {
  const groups = new Map<string, StoredTrip[]>();
  for (const t of trips) {
    if (t.savings?.included !== true || t.metier === null || !profiles.has(t.vessel)) continue;
    const key = `${t.vessel}\u0000${t.metier}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  return [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([, group]) => ({
    vessel: group[0]!.vessel, metier: group[0]!.metier!, trips: group.length,
    bars: savingSensitivity(profiles.get(group[0]!.vessel)!, group.map((t) => t.record)),
  }));
}

/** Why a report cannot be built: a trip the reader cannot see (or that does not exist), or a window that is no window. */
export class ReportError extends Error {
  constructor(readonly reason: 'unknown-trip' | 'invalid-window', message: string) {
    super(message);
  }
}

function claimsOf(byMetier: Readonly<Record<string, AggregateSavings>>, profiles: readonly VesselProfile[]): MetierClaim[] {
  return Object.entries(byMetier).flatMap(([metier, s]) => {
    const claim = claimOf(profiles, metier);
    return claim ? [{ metier, ...claim, ...compareWithClaim(s.included > 0 ? s.fuel.fraction : null, claim) }] : [];
  });
}

/**
 * An evidence report from the trips and savings the analytics computed (the savings engine's own aggregation, never
 * a figure of its own), with what a reviewer needs to trust it: coverage, method and parameters, and the digest of
 * the very telemetry the figures came from.
 */
export async function buildReport(request: ReportRequest, sources: ReportSources, now = Date.now()): Promise<EvidenceReport> {
  const maySee = sources.maySee ?? (() => true);
  let selected: StoredTrip[];
  let label: string;
  let from: number;
  let to: number;
  if (request.scope === 'trip') {
    const trip = sources.trips.get(request.trip);
    if (!trip || !maySee(trip.vessel)) throw new ReportError('unknown-trip', `unknown trip ${request.trip}`);
    selected = [trip];
    from = trip.start;
    to = trip.end;
    label = `trip of ${new Date(trip.record.departure ?? trip.start).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  } else {
    let window;
    try {
      window = resolveWindow(request, now);
    } catch (err) {
      throw new ReportError('invalid-window', (err as Error).message);
    }
    ({ from, to, label } = window);
    selected = sources.trips.find({ vessel: request.vessel, metier: request.scope === 'metier' ? request.metier : undefined, from, to })
      .filter((t) => maySee(t.vessel));
  }
  const withSavings = selected.filter((t): t is StoredTrip & { savings: TripSavings } => t.savings !== null);
  const savings = aggregateSavings(withSavings.map((t) => t.savings));
  const byMetier: Record<string, AggregateSavings> = {};
  for (const m of [...new Set(withSavings.map((t) => t.metier ?? 'unknown'))].sort()) {
    byMetier[m] = aggregateSavings(withSavings.filter((t) => (t.metier ?? 'unknown') === m).map((t) => t.savings));
  }
  const vessels = [...new Set(selected.map((t) => t.vessel))].sort();
  // A control vessel's trips are the control baseline's evidence, not trips of the trial: the hybrids' energy,
  // comfort and coverage are their own.
  const controlVessels = new Set((sources.controls ?? []).filter((v) => v.conventionalProfile).map((v) => v.id));
  const records = selected.filter((t) => !controlVessels.has(t.vessel)).map((t) => t.record);
  const dataFrom = selected.length ? Math.min(...selected.map((t) => t.start)) : from;
  // A trip's end is its last sample (or the next departure): the window is half-open, so it reaches one past it.
  const dataTo = selected.length ? Math.max(...selected.map((t) => t.end)) + 1 : from;
  const references = sources.references ?? new Map<string, ConventionalReference>();
  const measuredVessels: MeasuredVessel[] = vessels.flatMap((id) => {
    const ref = references.get(id);
    return ref ? [{ id, conventionalReference: ref, profile: sources.profiles.get(id) }] : [];
  });
  const controlled = (sources.controls ?? []).filter((v) => vessels.includes(v.id) && v.controlVessel !== undefined && maySee(v.controlVessel));
  const controlBaselines = Object.fromEntries(controlled.map((v) => [v.id, controlBaselineOf(sources.trips, sources.controls!, v.id, selected)]));
  const controlInputs: ControlInput[] = [];
  const controlsOfReport = new Map<string, ControlOfReport>();
  for (const c of Object.values(controlBaselines)) {
    if (!c) continue;
    const profile = sources.controls!.find((v) => v.id === c.control)!.conventionalProfile!;
    const w = controlDataWindow(sources.trips, c);
    const digest = await digestInputs(sources.store, [c.control], w, sources.digests);
    controlInputs.push({ hybrid: c.hybrid, vessel: c.control, ...periodOf(w), profileSha256: profileSha256(profile), ...digest });
    controlsOfReport.set(c.hybrid, { vessel: c.control, profile });
  }
  const baseline = baselineParameters(vessels, sources.profiles, references, controlsOfReport);
  const input = await digestInputs(sources.store, vessels, { from: dataFrom, to: dataTo }, sources.digests);
  const referenceInputs: ReferenceInput[] = [];
  for (const v of measuredVessels) {
    const w = referenceWindow(v.conventionalReference!);
    const digest = await digestInputs(sources.store, [v.id], w, sources.digests);
    referenceInputs.push({ vessel: v.id, ...periodOf(w), ...digest });
  }
  const referenceRecords: ReferenceRecords[] = [];
  for (const id of vessels) {
    const digest = sources.logbooks?.digest(id);
    if (digest) referenceRecords.push({ vessel: id, ...digest });
  }
  const perTrip = measuredVessels.length > 0 ? measuredTripSavings(sources.trips, measuredVessels, selected) : null;
  const vessel = request.scope === 'trip' ? selected[0]!.vessel : request.vessel ?? null;
  const metier = request.scope === 'metier' ? request.metier : request.scope === 'trip' ? selected[0]!.metier : null;
  return {
    format: REPORT_FORMAT,
    title: `Fuel-savings evidence — ${vessel ?? 'all vessels'} — ${label}`,
    request,
    scope: {
      kind: request.scope, label, vessel, metier, trip: request.scope === 'trip' ? request.trip : null,
      from: new Date(from).toISOString(), to: new Date(to).toISOString(),
    },
    generatedAt: new Date(now).toISOString(),
    status: selected.some((t) => t.status !== 'closed') ? 'provisional' : 'final',
    savings,
    byMetier,
    claims: claimsOf(byMetier, vessels.flatMap((id) => { const p = sources.profiles.get(id); return p ? [p] : []; })),
    energy: energyBalance(records),
    comfort: comfort(records),
    coverage: coverage(records),
    trips: selected.map((t) => reportTrip(t, perTrip, controlVessels)),
    ...(measuredVessels.length > 0 && { measuredBaseline: Object.fromEntries(measuredVessels.map((v) => [v.id, measuredBaselineOf(sources.trips, v, selected)])) }),
    ...(controlled.length > 0 && { controlBaseline: controlBaselines }),
    ...(referenceRecords.length > 0 && {
      logbookBaseline: Object.fromEntries(referenceRecords.map((r) => [r.vessel, logbookBaselineOf(sources.logbooks!, r.vessel, selected)])),
    }),
    ...(measuredVessels.length > 0 && {
      measuredByMetier: Object.fromEntries(measuredVessels.map((v) => [v.id, Object.fromEntries(Object.keys(byMetier).map((m) => [
        m, measuredBaselineOf(sources.trips, v, selected.filter((t) => (t.metier ?? 'unknown') === m)),
      ]))])),
    }),
    sensitivity: sensitivityOf(selected, sources.profiles),
    calibration: readCalibration(),
    baseline,
    reproducibility: {
      dataWindow: periodOf({ from: dataFrom, to: dataTo }),
      vessels,
      softwareVersion: sources.version,
      baselineParametersSha256: sha256(canonicalJson(baseline)),
      input: { ...input, canonicalForm: CANONICAL_FORM },
      ...(referenceInputs.length > 0 && { referenceInputs }),
      ...(referenceRecords.length > 0 && { referenceRecords }),
      ...(controlInputs.length > 0 && { controlInputs }),
    },
  };
}
