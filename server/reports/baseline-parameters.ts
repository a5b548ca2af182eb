import { createHash } from 'node:crypto';
import type { ConventionalVesselProfile, VesselProfile } from '../../shared/profile/index.ts';
import { GUIDELINE_14_HOURLY, SAVINGS_DEFAULTS } from '../../shared/savings/index.ts';
import type { VesselId } from '../../shared/wire/ids.ts';
import { CONTROL_METHOD } from '../analytics/control-baseline.ts';
import type { ConventionalReference } from '../analytics/measured-baseline.ts';

export interface BaselineParameters {
  method: string;
  confidence: number;
  monteCarloDraws: number;
  minCoverageAtSea: number;
  gridCo2eGPerKWh: number;
  /**
   * Per vessel: the conventional twin the baseline is computed from, the stated tolerances its Monte Carlo draws,
   * its fuel, and a digest of the whole profile.
   */
  vessels: Record<string, { profileSha256: string; conventional: VesselProfile['conventional']; uncertainty: VesselProfile['uncertainty']; fuel: VesselProfile['fuel'] } | null>;
  /** Option C, present only when a vessel of the report has a conventional reference period. */
  measured?: { method: string; limits: { cvRmse: number; nmbe: number }; references: Record<string, ConventionalReference> };
  /**
   * The control baseline, present only when the report gives one: per hybrid, its control vessel and a digest of the
   * conventional profile that vessel's trips were analysed with, with the tolerances (its fuel meter's, which the
   * bootstrap draws) and the fuel it states; null when the vessel no longer has one.
   */
  control?: { method: string; vessels: Record<string, { vessel: VesselId; profileSha256: string | null; uncertainty: ConventionalVesselProfile['uncertainty'] | null; fuel: ConventionalVesselProfile['fuel'] | null }> };
}

/** A hybrid's control vessel as the report compared it, with the conventional profile configured for it. */
export interface ControlOfReport { vessel: VesselId; profile: ConventionalVesselProfile | undefined }

export const BASELINE_METHOD = 'Model baseline, IPMVP option D (calibrated simulation): the fuel the vessel\'s conventional diesel twin '
  + '(same hull, same work: speed through water, gear, winch and hotel loads as measured) would have burnt from casting off to tying up, '
  + 'from its engine fuel maps; the battery\'s change of charge over the trip valued at the trip\'s own marginal generator consumption, '
  + 'charge losses included (the headline), the fuel burnt alone beside it; time alongside reported apart. Figures are the median and '
  + '95 % interval of a seeded Monte Carlo drawing every tolerance the vessel profile states (engines and propulsors each on their own, '
  + 'ISO 3046-1 one-sided), a vessel\'s draws shared by all its trips so that aggregates keep its systematic error whole; uncovered time '
  + 'moves within ± its probable baseline fuel. docs/METHOD.md §3–§5.';

export const MEASURED_METHOD = 'Measured baseline, IPMVP option C (whole-vessel regression): fuel per hour at sea of the vessel\'s '
  + 'conventional reference period fitted on the share of time in each fishing phase, steaming speed cubed, towing speed squared, sea '
  + 'state and wind, on clean hours only (≥ 30 min at sea, ≥ 90 % covered); used only with three clean hours per parameter and within '
  + 'ASHRAE Guideline 14 (hourly limits below), else no option-C saving is given. 95 % intervals are the regression\'s prediction '
  + 'interval for each span\'s total (coefficients\' covariance and hourly scatter, Reddy & Claridge\'s autocorrelation correction), '
  + 'both fuel meters\' calibration in quadrature; the battery\'s change valued as in option D. docs/METHOD.md §3–§4.';

/** JSON with object keys sorted at every level: the same parameters always give the same digest. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A vessel profile's digest, as the parameters and the reproducibility block name it. */
export const profileSha256 = (profile: VesselProfile | ConventionalVesselProfile) => sha256(canonicalJson(profile));

/**
 * The parameters the trip analytics computed the savings with (the savings engine's defaults, the vessels' profiles,
 * their conventional reference periods). Without a reference period the parameters, hence their digest, are those
 * of a report made before option C: its `--verify` still matches; likewise without a control baseline (`controls`,
 * keyed by hybrid).
 */
export function baselineParameters(
  vessels: readonly VesselId[], profiles: ReadonlyMap<string, VesselProfile>, references: ReadonlyMap<string, ConventionalReference> = new Map(),
  controls: ReadonlyMap<string, ControlOfReport> = new Map(),
): BaselineParameters {
  const referenced = [...vessels].sort().flatMap((id) => {
    const ref = references.get(id);
    return ref ? [[id, { from: ref.from, to: ref.to }] as const] : [];
  });
  return {
    method: BASELINE_METHOD,
    confidence: 0.95,
    monteCarloDraws: SAVINGS_DEFAULTS.draws,
    minCoverageAtSea: SAVINGS_DEFAULTS.minCoverage,
    gridCo2eGPerKWh: SAVINGS_DEFAULTS.gridCo2eGPerKWh,
    vessels: Object.fromEntries([...vessels].sort().map((id) => {
      const p = profiles.get(id);
      return [id, p ? { profileSha256: profileSha256(p), conventional: p.conventional, uncertainty: p.uncertainty, fuel: p.fuel } : null];
    })),
    ...(referenced.length > 0 && { measured: { method: MEASURED_METHOD, limits: { ...GUIDELINE_14_HOURLY }, references: Object.fromEntries(referenced) } }),
    ...(controls.size > 0 && {
      control: {
        method: CONTROL_METHOD,
        vessels: Object.fromEntries([...controls].map(([hybrid, { vessel, profile }]) => [hybrid, {
          vessel, profileSha256: profile ? profileSha256(profile) : null, uncertainty: profile?.uncertainty ?? null, fuel: profile?.fuel ?? null,
        }])),
      },
    }),
  };
}
