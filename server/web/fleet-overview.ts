import { operatingMode, type OperatingMode } from '../../shared/display/operating-state.ts';
import type { SignalPath } from '../../shared/registry/index.ts';
import { aggregateSavings, type Interval } from '../../shared/savings/index.ts';
import type { VesselId } from '../../shared/wire/ids.ts';
import type { LoggedAlarmEvent } from '../fleet/event-log.ts';
import { maySeeVessel, type Principal } from '../security/web-access.ts';
import { isOnline } from './api.ts';
import type { DashboardDeps } from './dashboard-deps.ts';

const SOC = 'electrical.batteries.main.capacity.stateOfCharge' as SignalPath;
const DAY_MS = 86_400_000;
/** Trips are looked up from this far back for "today": long trips began days before the day they end on. */
const LONGEST_TRIP_MS = 21 * DAY_MS;

export interface OpenAlarm { id: string; alarm: string; subject: string; severity: string; state: 'active' | 'acknowledged'; since: number }

export interface FleetRow {
  id: VesselId;
  name: string;
  online: boolean;
  /** Wall time of the last telemetry stored, and the newest sample's own time. */
  lastSeen: number | null;
  lastSample: number | null;
  /** Samples waiting on board, from the vessel's status message. */
  backlog: number | null;
  stateOfCharge: number | null;
  mode: OperatingMode | null;
  /** The phase the current trip is in, from the trip analytics. */
  phase: string | null;
  /**
   * Fuel saved by the trips under way or ended today that the savings engine includes, litres, 95 % interval. Today
   * begins at midnight in the server's time zone (TZ; UTC when none is set), as the skipper display's day does on board.
   */
  fuelSavedToday: (Interval & { trips: number }) | null;
  openAlarms: OpenAlarm[];
}

function sumOf(latest: Partial<Record<SignalPath, { v: number }>>, pattern: RegExp): number | undefined {
  let sum: number | undefined;
  for (const [path, value] of Object.entries(latest)) if (pattern.test(path) && value) sum = (sum ?? 0) + value.v;
  return sum;
}

function openAlarm(e: LoggedAlarmEvent): OpenAlarm {
  const { id, alarm, subject, severity, since } = e.detail;
  return { id, alarm, subject, severity, state: e.kind === 'alarm.acknowledged' ? 'acknowledged' : 'active', since };
}

/** Every vessel the principal may see, with what an engineer checks first each morning. */
export async function fleetOverview(deps: DashboardDeps, principal: Principal | undefined, now: number): Promise<FleetRow[]> {
  const { store, directory, events, trips } = deps;
  for (const id of await store.vessels()) directory.entry(id);
  const today = new Date(now).setHours(0, 0, 0, 0);
  return Promise.all(directory.all().filter((v) => maySeeVessel(principal, v.id)).map(async (v): Promise<FleetRow> => {
    const latest = await store.latest(v.id);
    const generators = sumOf(latest, /^electrical\.generators\.[^.]+\.power$/);
    const battery = sumOf(latest, /^electrical\.batteries\.[^.]+\.power$/);
    const recent = trips.find({ vessel: v.id, from: today - LONGEST_TRIP_MS, to: now + DAY_MS });
    const ofToday = recent.filter((t) => t.end >= today && t.savings);
    const current = recent.at(-1);
    const todays = aggregateSavings(ofToday.map((t) => t.savings!));
    return {
      id: v.id,
      name: v.name,
      online: isOnline(v, now),
      lastSeen: v.lastIngest ?? null,
      lastSample: v.lastSampleT ?? null,
      backlog: v.status?.backlog ?? null,
      stateOfCharge: latest[SOC]?.v ?? null,
      mode: generators !== undefined && battery !== undefined ? operatingMode(generators, battery) : null,
      phase: current && current.status !== 'closed' ? current.record.phases.at(-1)?.phase ?? null : null,
      fuelSavedToday: todays.included === 0 ? null : { ...todays.fuel.savedL, trips: todays.included },
      openAlarms: events.openAlarms(v.id).map(openAlarm),
    };
  }));
}
