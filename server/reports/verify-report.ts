import type { VesselProfile } from '../../shared/profile/index.ts';
import type { VesselId } from '../../shared/wire/ids.ts';
import type { ConventionalReference } from '../analytics/measured-baseline.ts';
import type { LogbookStore } from '../reference/logbook-store.ts';
import type { TimeSeriesStore } from '../store/port.ts';
import { baselineParameters, canonicalJson, sha256 } from './baseline-parameters.ts';
import { digestInputs } from './input-digest.ts';
import type { ReportedReproducibility } from './read-report.ts';

export interface Verification {
  /** True when the input data and the baseline parameters are those the report was computed from. */
  matches: boolean;
  input: { reported: string; recomputed: string; matches: boolean; samples: { reported: number; recomputed: number }; daysRead: number };
  baselineParameters: { reported: string; recomputed: string; matches: boolean };
  /** Option C's reference periods, one per vessel, when the report has them. */
  referenceInputs: { vessel: VesselId; reported: string; recomputed: string; matches: boolean; samples: { reported: number; recomputed: number }; daysRead: number }[];
  /** Option C on the logbook: each vessel's logbook records as stored now, when the report has them. */
  referenceRecords: { vessel: VesselId; reported: string; recomputed: string | null; matches: boolean; records: { reported: number; recomputed: number } }[];
  /** Informational: another version may compute the same inputs differently, but the inputs are what is checked. */
  softwareVersion: { reported: string; running: string };
}

/**
 * Recomputes a report's fingerprints from the store and the configuration as they are now: every value of the window
 * is read, never the shore's cached day digests, so that the check rests on the data alone.
 */
export async function verifyReport(
  reported: ReportedReproducibility,
  sources: {
    store: TimeSeriesStore; profiles: ReadonlyMap<string, VesselProfile>; references?: ReadonlyMap<string, ConventionalReference>; logbooks?: LogbookStore; version: string;
  },
): Promise<Verification> {
  const input = await digestInputs(sources.store, reported.vessels, reported.dataWindow);
  const params = sha256(canonicalJson(baselineParameters(reported.vessels, sources.profiles, sources.references)));
  const inputMatches = input.sha256 === reported.input.sha256;
  const paramsMatch = params === reported.baselineParametersSha256;
  const referenceInputs: Verification['referenceInputs'] = [];
  for (const r of reported.referenceInputs ?? []) {
    const now = await digestInputs(sources.store, [r.vessel], { from: r.from, to: r.to });
    referenceInputs.push({
      vessel: r.vessel, reported: r.sha256, recomputed: now.sha256, matches: now.sha256 === r.sha256, samples: { reported: r.samples, recomputed: now.samples }, daysRead: now.days,
    });
  }
  const referenceRecords: Verification['referenceRecords'] = (reported.referenceRecords ?? []).map((r) => {
    const now = sources.logbooks?.digest(r.vessel) ?? null;
    return { vessel: r.vessel, reported: r.sha256, recomputed: now?.sha256 ?? null, matches: now?.sha256 === r.sha256, records: { reported: r.records, recomputed: now?.records ?? 0 } };
  });
  return {
    matches: inputMatches && paramsMatch && referenceInputs.every((r) => r.matches) && referenceRecords.every((r) => r.matches),
    input: { reported: reported.input.sha256, recomputed: input.sha256, matches: inputMatches, samples: { reported: reported.input.samples, recomputed: input.samples }, daysRead: input.days },
    baselineParameters: { reported: reported.baselineParametersSha256, recomputed: params, matches: paramsMatch },
    referenceInputs,
    referenceRecords,
    softwareVersion: { reported: reported.softwareVersion, running: sources.version },
  };
}

/** The verdict as a person reads it, one line per check. */
export function describeVerification(v: Verification): string {
  const mark = (ok: boolean) => (ok ? 'MATCH  ' : 'CHANGED');
  return [
    `${mark(v.input.matches)} input data SHA-256 ${v.input.reported} (recomputed from ${v.input.daysRead} vessel-days read from the store)${v.input.matches ? '' : `\n        recomputed        ${v.input.recomputed} (${v.input.samples.recomputed} samples now, ${v.input.samples.reported} in the report)`}`,
    ...v.referenceInputs.map((r) => `${mark(r.matches)} reference period data of ${r.vessel} (option C) SHA-256 ${r.reported} (recomputed from ${r.daysRead} vessel-days)${r.matches ? '' : `\n        recomputed        ${r.recomputed} (${r.samples.recomputed} samples now, ${r.samples.reported} in the report)`}`),
    ...v.referenceRecords.map((r) => `${mark(r.matches)} logbook records of ${r.vessel} (option C on the logbook) SHA-256 ${r.reported}${r.matches ? '' : `\n        recomputed        ${r.recomputed ?? 'none: no logbook stored'} (${r.records.recomputed} records now, ${r.records.reported} in the report)`}`),
    `${mark(v.baselineParameters.matches)} baseline parameters SHA-256 ${v.baselineParameters.reported}${v.baselineParameters.matches ? '' : `\n        recomputed        ${v.baselineParameters.recomputed}`}`,
    `        software: report ${v.softwareVersion.reported}, running ${v.softwareVersion.running}`,
    v.matches ? 'The report still matches its data and parameters.' : 'The report NO LONGER matches: its data or parameters have changed since it was made.',
  ].join('\n');
}
