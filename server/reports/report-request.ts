import { z } from 'zod';
import { metierCodeSchema } from '../../shared/profile/index.ts';
import { vesselIdSchema } from '../../shared/wire/ids.ts';
import { instantSchema } from '../web/time-params.ts';

const tripId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}-\d{1,15}$/, 'a trip id as listed by /api/vessels/{id}/trips');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');
const label = z.string().min(1).max(80);

/** What a report is about: one trip, one métier, or one period (a month, a season given by its dates, the whole trial). */
export const reportRequestSchema = z.discriminatedUnion('scope', [
  z.strictObject({ scope: z.literal('trip'), trip: tripId }),
  z.strictObject({ scope: z.literal('metier'), metier: metierCodeSchema, vessel: vesselIdSchema.optional(), from: instantSchema.optional(), to: instantSchema.optional(), label: label.optional() }),
  z.strictObject({ scope: z.literal('period'), vessel: vesselIdSchema.optional(), month: month.optional(), from: instantSchema.optional(), to: instantSchema.optional(), label: label.optional() }),
]);
export type ReportRequest = z.output<typeof reportRequestSchema>;
export type ReportRequestInput = z.input<typeof reportRequestSchema>;

export interface ResolvedWindow { from: number; to: number; label: string }

const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The trip-start window a métier or period report selects, and how the report names it. */
export function resolveWindow(r: Exclude<ReportRequest, { scope: 'trip' }>, now: number): ResolvedWindow {
  if (r.scope === 'period' && r.month) {
    if (r.from !== undefined || r.to !== undefined) throw new RangeError('give either a month or from/to, not both');
    const [y, m] = r.month.split('-').map(Number) as [number, number];
    const from = Date.UTC(y, m - 1, 1);
    return { from, to: Date.UTC(y, m, 1), label: r.label ?? new Date(from).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }) };
  }
  const from = r.from ?? 0;
  const to = r.to ?? now;
  if (to <= from) throw new RangeError('`to` must be after `from`');
  const whole = r.from === undefined && r.to === undefined;
  const name = whole ? 'whole trial' : `${r.from === undefined ? 'start' : day(from)} – ${day(to - 1)}`;
  return { from, to, label: r.label ?? (r.scope === 'metier' ? `métier ${r.metier}, ${name}` : name) };
}
