import { z } from 'zod';
import type { VesselEvent } from './wire/messages.ts';

/*
 * The events kept about a vessel, one kind each with its detail, in one map that both sides build and read them
 * through: the edge cannot send a detail the shore does not expect, and the shore names no kind the edge never
 * sends. On the wire an event stays `{t, kind, detail}` (DESIGN §4), and the shore keeps one of a kind it does not
 * know (a newer edge's) as it came.
 */

export type AlarmKind =
  | 'battery-low' | 'battery-over-temperature' | 'generator-fault' | 'device-silent' | 'link-down' | 'outbox-filling';

/** `alarm` needs the skipper now; `warning` needs attention soon. */
export type AlarmSeverity = 'alarm' | 'warning';

/** An alarm as the skipper sees it when it is raised, acknowledged or cleared. */
export interface AlarmEventDetail {
  readonly id: string;
  readonly alarm: AlarmKind;
  /** What it is about: a battery, generator or device id, or `link` / `outbox`. */
  readonly subject: string;
  readonly severity: AlarmSeverity;
  /** The measured value and the limit it crossed, in SI units (ratio, K, ms, samples). */
  readonly value: number;
  readonly threshold: number;
  /** Clock time it was raised. */
  readonly since: number;
  readonly reason?: string;
}

/** A step of the onboard computer's clock, seen by the edge against its own monotonic time. */
export interface EdgeClockFaultDetail {
  readonly kind: 'unsynchronised' | 'jump-forward' | 'jump-backward';
  /** The wall clock's reading when the fault was seen. */
  readonly wallT: number;
  /** Size of the jump (positive forward, negative backward); 0 for an unsynchronised clock. */
  readonly deltaMs: number;
}

/** A vessel clock fault seen ashore from the timestamps the vessel sends. */
export interface ShoreClockFaultDetail {
  readonly source: 'shore';
  readonly fault: 'clock-ahead' | 'clock-unsynchronised' | 'time-went-back';
  readonly [measure: string]: unknown;
}

export type DeviceState = 'ok' | 'silent' | 'garbage' | 'misconfigured' | 'disconnected';

/** A device that stops answering, answers garbage or comes back. */
export interface DeviceStatusDetail {
  readonly source: string;
  readonly device: string;
  readonly state: DeviceState;
  readonly previous: DeviceState | undefined;
  readonly detail: string;
  /** When the next attempt is due (wall ms), for a device that is not answering. */
  readonly retryAt?: number;
}

/** The outbox over its quota: samples thinned or dropped, never silently. */
export interface OutboxQuotaDetail {
  readonly thinned: number;
  readonly dropped: number;
  readonly quotaBytes: number;
  readonly [counter: string]: number;
}

export interface VesselEventDetails {
  'alarm.raised': AlarmEventDetail;
  'alarm.acknowledged': AlarmEventDetail;
  'alarm.cleared': AlarmEventDetail;
  'clock-fault': EdgeClockFaultDetail | ShoreClockFaultDetail;
  'device-status': DeviceStatusDetail;
  'outbox-thinned': OutboxQuotaDetail;
  'outbox-dropped': OutboxQuotaDetail;
}

export type VesselEventKind = keyof VesselEventDetails;
export type AlarmEventKind = 'alarm.raised' | 'alarm.acknowledged' | 'alarm.cleared';

/** An event of a known kind, its detail typed by its kind. */
export type KnownVesselEvent<K extends VesselEventKind = VesselEventKind> =
  { [Kind in K]: { readonly t: number; readonly kind: Kind; readonly detail: VesselEventDetails[Kind] } }[K];

/** An event of `kind` at clock time `t`, in the wire's shape. */
export function vesselEvent<K extends VesselEventKind>(kind: K, t: number, detail: VesselEventDetails[K]): VesselEvent {
  return { t, kind, detail: { ...detail } };
}

const ALARM_EVENT_KINDS: ReadonlySet<string> = new Set<AlarmEventKind>(['alarm.raised', 'alarm.acknowledged', 'alarm.cleared']);

const alarmDetailSchema = z.object({
  id: z.string().min(1),
  alarm: z.enum(['battery-low', 'battery-over-temperature', 'generator-fault', 'device-silent', 'link-down', 'outbox-filling']),
  subject: z.string(),
  severity: z.enum(['alarm', 'warning']),
  value: z.number(),
  threshold: z.number(),
  since: z.number(),
  reason: z.string().optional(),
});

/**
 * The event as an alarm event, or undefined for any other kind, and for an alarm event whose detail is not an
 * alarm's: what a vessel sent is checked before the shore reads it as one.
 */
export function asAlarmEvent<E extends VesselEvent>(event: E): (E & KnownVesselEvent<AlarmEventKind>) | undefined {
  if (!ALARM_EVENT_KINDS.has(event.kind)) return undefined;
  return alarmDetailSchema.safeParse(event.detail).success ? event as E & KnownVesselEvent<AlarmEventKind> : undefined;
}
