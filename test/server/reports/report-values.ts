import type { EvidenceReport } from '../../../server/reports/build-report.ts';

/** The JSON value an HTML figure names by its `data-key`. */
export function jsonValue(r: EvidenceReport, key: string): unknown {
  const [head, ...rest] = key.split('.');
  if (head === 'trips') {
    const trip = r.trips.find((t) => t.id === rest[0]);
    return rest.slice(1).reduce<unknown>((o, k) => (o as Record<string, unknown> | null)?.[k], trip);
  }
  if (head === 'energy') return r.energy[rest[0] as 'sources'].find((e) => ('source' in e ? e.source : (e as { use: string }).use) === rest[1])?.kWh
    ?? r.energy.uses.find((e) => e.use === rest[1])?.kWh;
  if (head === 'comfort' && rest[0] === 'noise') return r.comfort.noise.find((n) => n.mode === rest[1])?.[rest[2] as 'leqDbA'];
  return key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | null)?.[k], r);
}
