import type { Interval } from '../../shared/savings/index.ts';
import type { Locale } from '../i18n/locale.ts';
import type { EvidenceReport } from './build-report.ts';
import { compareWithClaim, type ClaimVerdict } from './claim.ts';
import { esc, fig, intervalCells, units } from './report-cells.ts';

/** One baseline's saving for one métier's trips, as the claim section weighs it. */
export interface BaselineClaimRow {
  label: string;
  /** The data-key of its saving interval in the report (`byMetier.OTB.fuel.fraction`). */
  key: string;
  fraction: Interval | null;
  trips: number;
  /** The data-key of its count of trips. */
  tripsKey: string;
  /** Why there is no figure, when there is none. */
  reason?: string;
  /** An attribute naming where the report keeps this verdict, when it keeps one. */
  verdictKey?: string;
}

/**
 * A baseline of the dossier: each is rendered from this list, in this order, so that another baseline (a logbook's,
 * a control vessel's) is one more entry here with its claim rows and its own section.
 */
export interface BaselineSection {
  id: string;
  present(r: EvidenceReport): boolean;
  claimRows(r: EvidenceReport, metier: string, loc: Locale): BaselineClaimRow[];
  /** Its figures with their intervals, and the evidence that it may be trusted (or why it was refused). */
  render(r: EvidenceReport, loc: Locale): string;
}

export const verdictOf = (row: BaselineClaimRow, claim: { low: number; high: number }): ClaimVerdict => compareWithClaim(row.fraction, claim).verdict;

const calibrationValue = (r: EvidenceReport, id: string) => {
  const k = r.calibration?.figures.findIndex((f) => f.id === id) ?? -1;
  return k < 0 ? null : { key: `calibration.figures.${k}.value`, figure: r.calibration!.figures[k]! };
};

const modelBaseline: BaselineSection = {
  id: 'model',
  present: () => true,
  claimRows(r, metier, loc) {
    const a = r.byMetier[metier];
    const has = !!a && a.included > 0;
    return [{
      label: loc.t('baseline.model.short'), key: `byMetier.${metier}.fuel.fraction`, fraction: has ? a.fuel.fraction : null, trips: a?.included ?? 0, tripsKey: `byMetier.${metier}.included`,
      ...(has ? {} : { reason: loc.t('claim.noTrip') }), verdictKey: `claims.${r.claims.findIndex((c) => c.metier === metier)}.verdict`,
    }];
  },
  render(r, loc) {
    const u = units(loc);
    const s = r.savings;
    const has = s.included > 0;
    const coverage = calibrationValue(r, 'evidence.model.coverage');
    const aggregate = calibrationValue(r, 'evidence.model.coverage.aggregate');
    return `<section class="baseline" data-baseline="model">
<h3>${esc(loc.t('baseline.model.title'))}</h3>
<p class="note">${esc(loc.t('method.model'))}</p>
<table><thead><tr><th>${esc(loc.t('col.figure'))}</th><th class="num">${esc(loc.t('col.value'))}</th><th class="num">${esc(loc.t('col.interval'))}</th></tr></thead><tbody>
<tr><td>${esc(loc.t('fuel.included'))}</td><td class="num" data-key="savings.included" data-value="${s.included}">${s.included} / ${s.trips}</td><td></td></tr>
<tr><td>${esc(loc.t('fuel.actual'))}</td>${fig('savings.fuel.actualL', s.fuel.actualL, u.L)}<td></td></tr>
<tr><td>${esc(loc.t('fuel.baseline'))}</td>${fig('savings.fuel.baselineL', s.fuel.baselineL, u.L)}<td></td></tr>
<tr><td>${esc(loc.t('fuel.savedL'))}</td>${intervalCells('savings.fuel.savedL', has ? s.fuel.savedL : null, u.L, loc)}</tr>
<tr><td>${esc(loc.t('fuel.fraction'))}</td>${intervalCells('savings.fuel.fraction', has ? s.fuel.fraction : null, u.pct, loc)}</tr>
<tr><td>${esc(loc.t('fuel.fuelOnly'))}</td>${intervalCells('savings.fuel.fuelOnly.fraction', has ? s.fuel.fuelOnly.fraction : null, u.pct, loc)}</tr>
</tbody></table>
<p class="validity"><b>${esc(loc.t('validity'))}</b> ${coverage
    ? esc(loc.t('baseline.model.validity', { coverage: loc.pct(coverage.figure.value), aggregate: aggregate ? loc.pct(aggregate.figure.value) : '—', date: loc.date(coverage.figure.date) }))
    : esc(loc.t('calibration.none'))}</p>
</section>`;
  },
};

const measuredBaseline: BaselineSection = {
  id: 'measured',
  present: (r) => Object.keys(r.measuredBaseline ?? {}).length > 0,
  claimRows(r, metier, loc) {
    return Object.entries(r.measuredByMetier ?? {}).map(([vessel, byMetier]) => {
      const m = byMetier[metier];
      const label = loc.t('baseline.measured.short', { vessel });
      const at = `measuredByMetier.${vessel}.${metier}.savings`;
      if (!m?.available) return { label, key: `${at}.fraction`, tripsKey: `${at}.trips`, fraction: null, trips: 0, reason: m ? loc.because(m.reasonCodes) : loc.t('claim.noTrip') };
      return {
        label, key: `${at}.fraction`, tripsKey: `${at}.trips`, fraction: m.savings?.fraction ?? null, trips: m.savings?.trips ?? 0,
        ...(m.savings ? {} : { reason: loc.t('baseline.measured.noReporting') }),
      };
    });
  },
  render(r, loc) {
    const u = units(loc);
    const rows = Object.entries(r.measuredBaseline ?? {}).map(([v, m]) => {
      const key = `measuredBaseline.${v}.savings`;
      if (!m.available || !m.savings) {
        const reason = m.available ? loc.t('baseline.measured.noReporting') : loc.because(m.reasonCodes);
        return `<tr><td>${esc(v)}</td><td colspan="5"${m.available ? '' : ` data-key="measuredBaseline.${esc(v)}.reason" data-value="${esc(m.reason)}"`}>${esc(loc.t('baseline.measured.none', { reason }))}</td></tr>`;
      }
      return `<tr><td>${esc(v)}</td>${fig(`${key}.trips`, m.savings.trips, u.count)}
      ${intervalCells(`${key}.savedL`, m.savings.savedL, u.L, loc)}${intervalCells(`${key}.fraction`, m.savings.fraction, u.pct, loc)}</tr>`;
    }).join('');
    const trips = r.trips.filter((t) => t.optionC).map((t) => `<tr><td>${esc(t.id)}</td><td>${esc(t.vessel)}</td>
    ${intervalCells(`trips.${t.id}.optionC.savedL`, t.optionC!.savedL, u.L, loc)}${intervalCells(`trips.${t.id}.optionC.fraction`, t.optionC!.fraction, u.pct, loc)}</tr>`).join('');
    const limits = r.baseline.measured?.limits;
    const fits = Object.entries(r.measuredBaseline ?? {}).map(([v, b]) => {
      const k = `measuredBaseline.${v}`;
      const f = 'fit' in b ? b.fit : undefined;
      const ref = 'reference' in b ? b.reference : undefined;
      const verdict = f?.accepted ? loc.t('baseline.measured.accepted') : loc.t('baseline.measured.refused', { reason: b.available ? '' : loc.because(b.reasonCodes) });
      return `<tr><td>${esc(v)}</td><td>${ref ? `${esc(loc.dateTime(ref.from))} → ${esc(loc.dateTime(ref.to))}` : '—'}</td>${fig(`${k}.reference.trips`, ref?.trips ?? null, u.count)}
      ${fig(`${k}.fit.n`, f?.n ?? null, u.count)}${fig(`${k}.fit.p`, f?.p ?? null, u.count)}
      ${fig(`${k}.fit.cvRmse`, f?.cvRmse ?? null, u.pct)}${fig(`${k}.fit.nmbe`, f?.nmbe ?? null, (x) => loc.pct(x, 2))}
      <td data-key="${esc(k)}.fit.accepted" data-value="${f?.accepted === true}">${esc(verdict)}</td></tr>`;
    }).join('');
    return `<section class="baseline" data-baseline="measured">
<h3>${esc(loc.t('baseline.measured.title'))}</h3>
<p class="note">${esc(loc.t('method.measured'))}</p>
<table><thead><tr><th>${esc(loc.t('col.vessel'))}</th><th class="num">${esc(loc.t('col.trips'))}</th><th class="num">${esc(loc.t('col.saved'))}</th><th class="num">${esc(loc.t('col.interval'))}</th><th class="num">${esc(loc.t('col.savedShare'))}</th><th class="num">${esc(loc.t('col.interval'))}</th></tr></thead>
<tbody>${rows}</tbody></table>
${trips ? `<table><thead><tr><th>${esc(loc.t('col.trip'))}</th><th>${esc(loc.t('col.vessel'))}</th><th class="num">${esc(loc.t('col.savedC'))}</th><th class="num">${esc(loc.t('col.interval'))}</th><th class="num">${esc(loc.t('col.savedShareC'))}</th><th class="num">${esc(loc.t('col.interval'))}</th></tr></thead><tbody>${trips}</tbody></table>` : ''}
<p class="validity"><b>${esc(loc.t('validity'))}</b> ${esc(loc.t('baseline.measured.validity'))}</p>
<table><thead><tr><th>${esc(loc.t('col.vessel'))}</th><th>${esc(loc.t('col.referencePeriod'))}</th><th class="num">${esc(loc.t('col.trips'))}</th><th class="num">${esc(loc.t('col.hours'))}</th><th class="num">p</th><th class="num">CV(RMSE) ≤ ${esc(limits ? loc.pct(limits.cvRmse) : '—')}</th><th class="num">NMBE, |·| ≤ ${esc(limits ? loc.pct(limits.nmbe) : '—')}</th><th>${esc(loc.t('col.guideline14'))}</th></tr></thead>
<tbody>${fits}</tbody></table>
</section>`;
  },
};

/**
 * Option C on the conventional vessel's pre-refit logbook: one fit per vessel over all its métiers, so its saving
 * is the vessel's, shown in its section and not split by métier in the claim rows.
 */
const logbookBaseline: BaselineSection = {
  id: 'logbook',
  present: (r) => Object.keys(r.logbookBaseline ?? {}).length > 0,
  claimRows(r, _metier, loc) {
    return Object.keys(r.logbookBaseline ?? {}).map((vessel) => ({
      label: loc.t('baseline.logbook.short', { vessel }), key: `logbookBaseline.${vessel}.savings.fraction`, tripsKey: `logbookBaseline.${vessel}.savings.trips`,
      fraction: null, trips: 0, reason: loc.t('baseline.logbook.vesselWide'),
    }));
  },
  render(r, loc) {
    const u = units(loc);
    const rows = Object.entries(r.logbookBaseline ?? {}).map(([v, b]) => {
      const k = `logbookBaseline.${v}`;
      const fit = 'fit' in b ? b.fit : undefined;
      const verdict = fit?.accepted ? loc.t('baseline.measured.accepted') : loc.t('baseline.measured.refused', { reason: loc.because(fit?.reasonCodes ?? (b.available ? [] : b.reasonCodes)) });
      const saving = b.available && b.savings
        ? `${fig(`${k}.savings.trips`, b.savings.trips, u.count)}${intervalCells(`${k}.savings.savedL`, b.savings.savedL, u.L, loc)}${intervalCells(`${k}.savings.fraction`, b.savings.fraction, u.pct, loc)}`
        : `<td colspan="5">${esc(loc.t('baseline.logbook.none', { reason: b.available ? loc.t('baseline.measured.noReporting') : loc.because(b.reasonCodes) }))}</td>`;
      return `<tr><td>${esc(v)}</td>${fig(`${k}.records`, 'records' in b ? b.records : null, u.count)}<td>${esc(fit ? loc.term(fit.resolution) : '—')}</td>
      ${fig(`${k}.fit.units`, fit?.units ?? null, u.count)}${fig(`${k}.fit.p`, fit?.p ?? null, u.count)}${fig(`${k}.fit.cvRmse`, fit?.cvRmse ?? null, u.pct)}
      ${fig(`${k}.fit.nmbe`, fit?.nmbe ?? null, (x) => loc.pct(x, 2))}${fig(`${k}.fit.r2`, fit?.r2 ?? null, (x) => loc.num(x, 2))}
      <td>${esc(verdict)}</td></tr><tr><td></td>${saving}<td colspan="3"></td></tr>`;
    }).join('');
    return `<section class="baseline" data-baseline="logbook">
<h3>${esc(loc.t('baseline.logbook.title'))}</h3>
<p class="note">${esc(loc.t('method.logbook'))}</p>
<table><thead><tr><th>${esc(loc.t('col.vessel'))}</th><th class="num">${esc(loc.t('col.records'))}</th><th>${esc(loc.t('col.resolution'))}</th><th class="num">${esc(loc.t('col.units'))}</th><th class="num">p</th><th class="num">CV(RMSE)</th><th class="num">NMBE</th><th class="num">R²</th><th>${esc(loc.t('col.fit'))}</th></tr>
<tr><th></th><th class="num">${esc(loc.t('col.trips'))}</th><th class="num">${esc(loc.t('col.saved'))}</th><th class="num">${esc(loc.t('col.interval'))}</th><th class="num">${esc(loc.t('col.savedShare'))}</th><th class="num">${esc(loc.t('col.interval'))}</th><th colspan="3"></th></tr></thead>
<tbody>${rows}</tbody></table>
<p class="validity"><b>${esc(loc.t('validity'))}</b> ${esc(loc.t('baseline.logbook.validity'))}</p>
</section>`;
  },
};

/** The control vessel: its fuel rate in each phase over the same weeks, priced over the hybrid's hours at its speeds, métier by métier. */
const controlBaseline: BaselineSection = {
  id: 'control',
  present: (r) => Object.values(r.controlBaseline ?? {}).some((c) => c !== null),
  claimRows(r, metier, loc) {
    return Object.entries(r.controlBaseline ?? {}).flatMap(([hybrid, c]): BaselineClaimRow[] => {
      if (!c) return [];
      const label = loc.t('baseline.control.short', { vessel: hybrid, control: c.control });
      const i = c.byMetier.findIndex((m) => m.metier === metier);
      const at = `controlBaseline.${hybrid}.byMetier.${i}`;
      if (i < 0) return [{ label, key: `${at}.fraction`, tripsKey: `${at}.hybridTrips`, fraction: null, trips: 0, reason: loc.t('baseline.control.notFished') }];
      return [{ label, key: `${at}.fraction`, tripsKey: `${at}.hybridTrips`, fraction: c.byMetier[i]!.fraction, trips: c.byMetier[i]!.hybridTrips }];
    });
  },
  render(r, loc) {
    const u = units(loc);
    const rows = Object.entries(r.controlBaseline ?? {}).flatMap(([hybrid, c]) => (c ? c.byMetier.map((m, i) => {
      const k = `controlBaseline.${hybrid}.byMetier.${i}`;
      return `<tr><td>${esc(hybrid)} / ${esc(c.control)}</td><td>${esc(m.metier)}</td>${fig(`${k}.hybridTrips`, m.hybridTrips, u.count)}${fig(`${k}.controlTrips`, m.controlTrips, u.count)}
      ${intervalCells(`${k}.expectedConventionalKg`, m.expectedConventionalKg, u.kg, loc)}${fig(`${k}.hybridKg`, m.hybridKg, u.kg)}${intervalCells(`${k}.fraction`, m.fraction, u.pct, loc)}</tr>`;
    }) : [])).join('');
    const weeks = Object.values(r.controlBaseline ?? {}).filter((c) => c !== null).map((c) => loc.t('baseline.control.weeks', {
      vessel: c!.hybrid, control: c!.control, from: loc.date(Date.parse(c!.weeks.from)), to: loc.date(Date.parse(c!.weeks.to)),
    })).join(' ');
    return `<section class="baseline" data-baseline="control">
<h3>${esc(loc.t('baseline.control.title'))}</h3>
<p class="note">${esc(loc.t('method.control'))} ${esc(weeks)}</p>
<table><thead><tr><th>${esc(loc.t('col.vessel'))}</th><th>${esc(loc.t('col.metier'))}</th><th class="num">${esc(loc.t('col.trips'))}</th><th class="num">${esc(loc.t('col.controlTrips'))}</th><th class="num">${esc(loc.t('col.expected'))}</th><th class="num">${esc(loc.t('col.interval'))}</th><th class="num">${esc(loc.t('col.hybridFuel'))}</th><th class="num">${esc(loc.t('col.savedShare'))}</th><th class="num">${esc(loc.t('col.interval'))}</th></tr></thead>
<tbody>${rows}</tbody></table>
<p class="validity"><b>${esc(loc.t('validity'))}</b> ${esc(loc.t('baseline.control.validity'))}</p>
</section>`;
  },
};

/** The baselines of the dossier, in the order it presents them. */
export const BASELINE_SECTIONS: readonly BaselineSection[] = [modelBaseline, measuredBaseline, logbookBaseline, controlBaseline];
