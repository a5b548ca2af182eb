import type { VesselProfile } from '../../shared/profile/index.ts';
import type { VesselId } from '../../shared/wire/ids.ts';
import type { ControlledVessel } from '../analytics/control-baseline.ts';
import type { ConventionalReference } from '../analytics/measured-baseline.ts';
import type { LogbookStore } from '../reference/logbook-store.ts';
import type { TimeSeriesStore } from '../store/port.ts';
import { baselineParameters, canonicalJson, profileSha256, sha256, type ControlOfReport } from './baseline-parameters.ts';
import { digestInputs } from './input-digest.ts';
import type { ReportedReproducibility } from './read-report.ts';

/** One vessel's telemetry over a period of the report, digested again. */
export interface PeriodCheck { vessel: VesselId; reported: string; recomputed: string; matches: boolean; samples: { reported: number; recomputed: number }; daysRead: number }

export interface Verification {
  /** True when the input data and the baseline parameters are those the report was computed from. */
  matches: boolean;
  input: { reported: string; recomputed: string; matches: boolean; samples: { reported: number; recomputed: number }; daysRead: number };
  baselineParameters: { reported: string; recomputed: string; matches: boolean };
  /** Option C's reference periods, one per vessel, when the report has them. */
  referenceInputs: PeriodCheck[];
  /** Option C on the logbook: each vessel's logbook records as stored now, when the report has them. */
  referenceRecords: { vessel: VesselId; reported: string; recomputed: string | null; matches: boolean; records: { reported: number; recomputed: number } }[];
  /** The control baseline, per hybrid it was given for: its control vessel's telemetry over the weeks compared. */
  controlInputs: (PeriodCheck & { hybrid: VesselId })[];
  /** The same control vessel's conventional profile as configured now (null: it has none). */
  controlProfiles: { hybrid: VesselId; vessel: VesselId; reported: string; recomputed: string | null; matches: boolean }[];
  /** Informational: another version may compute the same inputs differently, but the inputs are what is checked. */
  softwareVersion: { reported: string; running: string };
}

async function checkPeriod(store: TimeSeriesStore, r: { vessel: VesselId; from: number; to: number; sha256: string; samples: number }): Promise<PeriodCheck> {
  const now = await digestInputs(store, [r.vessel], { from: r.from, to: r.to });
  return { vessel: r.vessel, reported: r.sha256, recomputed: now.sha256, matches: now.sha256 === r.sha256, samples: { reported: r.samples, recomputed: now.samples }, daysRead: now.days };
}

/**
 * Recomputes a report's fingerprints from the store and the configuration as they are now: every value of the window
 * is read, never the shore's cached day digests, so that the check rests on the data alone.
 */
export async function verifyReport(
  reported: ReportedReproducibility,
  sources: {
    store: TimeSeriesStore; profiles: ReadonlyMap<string, VesselProfile>; references?: ReadonlyMap<string, ConventionalReference>; logbooks?: LogbookStore; version: string;
    /** The declared vessels, whose conventional profiles the control baselines of the report were computed with. */
    controls?: readonly ControlledVessel[];
  },
): Promise<Verification> {
  // The hybrids the report gave a control baseline for, with the control vessel it compared, as the report names them.
  const controls = new Map<string, ControlOfReport>((reported.controlInputs ?? []).map((c) => [
    c.hybrid, { vessel: c.vessel, profile: sources.controls?.find((v) => v.id === c.vessel)?.conventionalProfile },
  ]));
  const input = await digestInputs(sources.store, reported.vessels, reported.dataWindow);
  const params = sha256(canonicalJson(baselineParameters(reported.vessels, sources.profiles, sources.references, controls)));
  const inputMatches = input.sha256 === reported.input.sha256;
  const paramsMatch = params === reported.baselineParametersSha256;
  const referenceInputs: PeriodCheck[] = [];
  for (const r of reported.referenceInputs ?? []) referenceInputs.push(await checkPeriod(sources.store, r));
  const controlInputs: Verification['controlInputs'] = [];
  for (const c of reported.controlInputs ?? []) controlInputs.push({ hybrid: c.hybrid, ...await checkPeriod(sources.store, c) });
  const controlProfiles: Verification['controlProfiles'] = (reported.controlInputs ?? []).map((c) => {
    const profile = controls.get(c.hybrid)?.profile;
    const now = profile ? profileSha256(profile) : null;
    return { hybrid: c.hybrid, vessel: c.vessel, reported: c.profileSha256, recomputed: now, matches: now === c.profileSha256 };
  });
  const referenceRecords: Verification['referenceRecords'] = (reported.referenceRecords ?? []).map((r) => {
    const now = sources.logbooks?.digest(r.vessel) ?? null;
    return { vessel: r.vessel, reported: r.sha256, recomputed: now?.sha256 ?? null, matches: now?.sha256 === r.sha256, records: { reported: r.records, recomputed: now?.records ?? 0 } };
  });
  return {
    matches: inputMatches && paramsMatch && [...referenceInputs, ...referenceRecords, ...controlInputs, ...controlProfiles].every((r) => r.matches),
    input: { reported: reported.input.sha256, recomputed: input.sha256, matches: inputMatches, samples: { reported: reported.input.samples, recomputed: input.samples }, daysRead: input.days },
    baselineParameters: { reported: reported.baselineParametersSha256, recomputed: params, matches: paramsMatch },
    referenceInputs,
    referenceRecords,
    controlInputs,
    controlProfiles,
    softwareVersion: { reported: reported.softwareVersion, running: sources.version },
  };
}

/** The verdict as a person reads it, one line per check. */
export function describeVerification(v: Verification): string {
  const mark = (ok: boolean) => (ok ? 'MATCH  ' : 'CHANGED');
  const period = (c: PeriodCheck, what: string) => `${mark(c.matches)} ${what} SHA-256 ${c.reported} (recomputed from ${c.daysRead} vessel-days)${c.matches ? '' : `\n        recomputed        ${c.recomputed} (${c.samples.recomputed} samples now, ${c.samples.reported} in the report)`}`;
  return [
    `${mark(v.input.matches)} input data SHA-256 ${v.input.reported} (recomputed from ${v.input.daysRead} vessel-days read from the store)${v.input.matches ? '' : `\n        recomputed        ${v.input.recomputed} (${v.input.samples.recomputed} samples now, ${v.input.samples.reported} in the report)`}`,
    ...v.referenceInputs.map((r) => period(r, `reference period data of ${r.vessel} (option C)`)),
    ...v.referenceRecords.map((r) => `${mark(r.matches)} logbook records of ${r.vessel} (option C on the logbook) SHA-256 ${r.reported}${r.matches ? '' : `\n        recomputed        ${r.recomputed ?? 'none: no logbook stored'} (${r.records.recomputed} records now, ${r.records.reported} in the report)`}`),
    ...v.controlInputs.map((c) => period(c, `control vessel data of ${c.vessel} over the weeks compared with ${c.hybrid} (control baseline)`)),
    ...v.controlProfiles.map((c) => `${mark(c.matches)} conventional profile of ${c.vessel} (control baseline of ${c.hybrid}) SHA-256 ${c.reported}${c.matches ? '' : `\n        recomputed        ${c.recomputed ?? `none: ${c.vessel} is not declared with a conventionalProfile`}`}`),
    `${mark(v.baselineParameters.matches)} baseline parameters SHA-256 ${v.baselineParameters.reported}${v.baselineParameters.matches ? '' : `\n        recomputed        ${v.baselineParameters.recomputed}`}`,
    `        software: report ${v.softwareVersion.reported}, running ${v.softwareVersion.running}`,
    v.matches ? 'The report still matches its data and parameters.' : 'The report NO LONGER matches: its data or parameters have changed since it was made.',
  ].join('\n');
}
