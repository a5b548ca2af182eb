/**
 * Why a trip was left out or a fit refused, as a code and its figures: a reader's language words it (the shore's
 * catalogues key these codes as `reason.<code>`), while the API keeps the English sentence beside the code.
 * In a template, `{name:2}` is a number written with 2 decimals, `{name:term}` a term the catalogue words
 * (`term.<value>`), `{name}` a value as it is.
 */
export const REASON_TEMPLATES = {
  'coverage.below': 'coverage {coverage:1} % at sea is below {min:0} % (gaps {gaps:0} s, incomplete {incomplete:0} s, implausible {implausible:0} s)',
  'coverage.partial': 'coverage {coverage:1} %: the uncovered part\'s {uncoveredKg:1} kg of baseline fuel widens the interval',
  'clock.anomalies': '{samples:0} samples refused for inconsistent timestamps (clock jumps)',
  'fuel.estimated': '{share:1} % of the hybrid\'s fuel estimated from generator power (fuel meter silent or implausible for {seconds:0} s)',
  'baseline.none': 'no baseline fuel: no covered time at sea yet',
  'trip.controlVessel': 'a control vessel\'s trip: its fuel by phase feeds the control baseline, it has no savings of its own',
  'trip.noSavings': 'no savings computed (vessel without a profile?)',
  'measured.noReference': 'no conventional reference period is configured for this vessel',
  'measured.tooFew': '{hours:0} clean reference hours ({unclean:0} of {offered:0} left out for gaps, clock jumps or silent meters): fewer than the {needed:0} that {p:0} parameters need; no percentage is given',
  'measured.meets': 'meets ASHRAE Guideline 14 (hourly): CV(RMSE) {cvRmse:1} % ≤ {cvRmseLimit:0} %, |NMBE| {nmbe:2} % ≤ {nmbeLimit:0} %',
  'measured.fails': 'fails ASHRAE Guideline 14 (hourly): CV(RMSE) {cvRmse:1} %, NMBE {nmbe:2} %: no percentage is given',
  'measured.leftOut': 'fitted on {hours:0} clean hours, {unclean:0} of {offered:0} left out for gaps, clock jumps or silent meters',
  'logbook.none': 'no logbook records imported for this vessel',
  'logbook.tooFew': '{units:0} {resolution:term}s of fuel ({records:0} records): fewer than the {needed:0} that {p:0} parameters need; no percentage is given',
  'logbook.tooFewLeftOut': '{units:0} {resolution:term}s of fuel ({records:0} records, {leftOut:0} left out): fewer than the {needed:0} that {p:0} parameters need; no percentage is given',
  'logbook.meets': 'meets the logbook limits (per {resolution:term}: CV(RMSE) ≤ {cvRmseLimit:0} %, |NMBE| ≤ {nmbeLimit:0} %): CV(RMSE) {cvRmse:1} %, NMBE {nmbe:2} %, R² {r2:3}',
  'logbook.fails': 'fails the logbook limits (per {resolution:term}: CV(RMSE) ≤ {cvRmseLimit:0} %, |NMBE| ≤ {nmbeLimit:0} %): CV(RMSE) {cvRmse:1} %, NMBE {nmbe:2} %: no percentage is given',
  'logbook.fitted': 'fitted on {units:0} {resolution:term}s covering {records:0} records',
  'logbook.fittedLeftOut': 'fitted on {units:0} {resolution:term}s covering {records:0} records, {leftOut:0} left out',
  'logbook.foreignMetier': 'métier {metier} is not in the logbook ({metiers})',
} as const;

export type ReasonCode = keyof typeof REASON_TEMPLATES;

/** A reason as the code that names it and the figures it quotes (percentages as percentages, not ratios). */
export interface Reason { code: ReasonCode; params: Record<string, number | string> }

export const reason = (code: ReasonCode, params: Record<string, number | string> = {}): Reason => ({ code, params });

/**
 * A template filled: `number(value, digits)` writes a `{name:digits}` number, `term(value)` words a `{name:term}`;
 * a placeholder without its value stays visible rather than silently empty.
 */
export function fillTemplate(
  text: string, params: Record<string, number | string>,
  number: (value: number, digits: number) => string, term: (value: string) => string,
): string {
  return text.replace(/\{(\w+)(?::(\w+))?\}/g, (whole, name: string, format: string | undefined) => {
    if (!(name in params)) return whole;
    const value = params[name]!;
    if (format === 'term') return term(String(value));
    if (format !== undefined && typeof value === 'number') return number(value, Number(format));
    return String(value);
  });
}

/** The English sentence of a reason, as the API has always given it. */
export const reasonText = (r: Reason): string => fillTemplate(REASON_TEMPLATES[r.code], r.params, (v, digits) => v.toFixed(digits), (v) => v);

/** Several reasons as one English sentence, the way a fit's reason reads. */
export const reasonsText = (rs: readonly Reason[]): string => rs.map(reasonText).join('; ');
