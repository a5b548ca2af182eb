import { DIESEL } from '../../shared/savings/index.ts';
import { localeOf, type Lang, type Locale, type MessageKey } from '../i18n/locale.ts';
import { BASELINE_SECTIONS, verdictOf, type BaselineClaimRow } from './baseline-sections.ts';
import type { EvidenceReport } from './build-report.ts';
import { CANONICAL_FORM } from './input-digest.ts';
import { barChart, claimChart, tornadoChart } from './report-charts.ts';
import { esc, fig, intervalCells, units } from './report-cells.ts';

/** What the report covers, named in the reader's language (the JSON keeps the English label it was asked with). */
export function scopeLabel(r: EvidenceReport, loc: Locale): string {
  const q = r.request;
  if (q.scope === 'trip') return loc.t('scope.trip', { date: loc.dateTime(r.trips[0]?.start ?? r.scope.from) });
  if (q.label) return q.label;
  const range = q.from === undefined && q.to === undefined
    ? q.scope === 'period' && q.month ? loc.month(r.scope.from) : loc.t('scope.wholeTrial')
    : loc.t('scope.range', { from: q.from === undefined ? loc.t('scope.start') : loc.date(r.scope.from), to: loc.date(Date.parse(r.scope.to) - 1) });
  return q.scope === 'metier' ? loc.t('scope.metier', { metier: q.metier, range }) : range;
}

/** The dossier's title in the reader's language. */
export const reportTitle = (r: EvidenceReport, loc: Locale) => loc.t('report.title', { vessel: r.scope.vessel ?? loc.t('scope.allVessels'), scope: scopeLabel(r, loc) });

function claimSection(r: EvidenceReport, loc: Locale): string {
  const u = units(loc);
  const metiers = r.claims.map((c) => c.metier);
  if (metiers.length === 0) return `<p class="note">${esc(loc.t('claim.none'))}</p>`;
  const present = BASELINE_SECTIONS.filter((b) => b.present(r));
  return metiers.map((metier) => {
    const c = r.claims.find((x) => x.metier === metier)!;
    const rows: BaselineClaimRow[] = present.flatMap((b) => b.claimRows(r, metier, loc));
    const range = `${loc.num(100 * c.low, 0)}–${loc.pct(c.high, 0)}`;
    const lines = rows.map((row) => {
      const verdict = verdictOf(row, c);
      const said = row.fraction
        ? loc.t(`claim.verdict.${verdict as 'within' | 'overlaps' | 'below' | 'above'}`, { range })
        : row.reason ?? loc.t('claim.noTrip');
      return `<tr><td>${esc(row.label)}</td>${fig(row.tripsKey, row.fraction ? row.trips : null, u.count)}
        ${intervalCells(row.key, row.fraction, u.pct, loc)}<td class="verdict-cell ${esc(verdict)}"${row.verdictKey ? ` data-key="${esc(row.verdictKey)}" data-value="${esc(verdict)}"` : ''} data-verdict="${esc(verdict)}">${esc(said)}</td></tr>`;
    }).join('');
    return `<div class="metier" data-metier="${esc(metier)}">
<h3>${esc(loc.t('claim.metier', { metier, range }))}</h3>
${claimChart(c, rows, loc, loc.t('claim.chartTitle', { metier }))}
<table><thead><tr><th>${esc(loc.t('col.baseline'))}</th><th class="num">${esc(loc.t('col.trips'))}</th><th class="num">${esc(loc.t('col.savedShare'))}</th><th class="num">${esc(loc.t('col.interval'))}</th><th>${esc(loc.t('col.againstClaim'))}</th></tr></thead><tbody>${lines}</tbody></table>
<p class="note">${esc(loc.t('claim.source'))} ${esc(c.source)}.</p></div>`;
  }).join('\n');
}

function assumptionsSection(r: EvidenceReport, loc: Locale): string {
  return Object.entries(r.baseline.vessels).map(([id, v]) => {
    if (!v) return `<p class="note">${esc(loc.t('assumptions.noProfile', { vessel: id }))}</p>`;
    const { sources, ...tolerances } = v.uncertainty;
    const rows = Object.entries(tolerances).map(([k, t]) => {
      const key = `baseline.vessels.${id}.uncertainty.${k}`;
      return `<tr><td><code>${esc(k)}</code></td><td>${esc(loc.t(`distribution.${t.distribution}`))}</td><td class="num">×<span data-key="${esc(key)}.low" data-value="${t.low}">${esc(loc.num(t.low, 3))}</span> – ×<span data-key="${esc(key)}.high" data-value="${t.high}">${esc(loc.num(t.high, 3))}</span></td><td class="source">${esc((sources as Record<string, string>)[k] ?? '—')}</td></tr>`;
    }).join('');
    return `<h3>${esc(id)}</h3>
<table class="assumptions"><thead><tr><th>${esc(loc.t('col.assumption'))}</th><th>${esc(loc.t('col.distribution'))}</th><th class="num">${esc(loc.t('col.tolerance'))}</th><th>${esc(loc.t('col.source'))}</th></tr></thead><tbody>${rows}</tbody></table>`;
  }).join('\n');
}

function sensitivitySection(r: EvidenceReport, loc: Locale): string {
  if (r.sensitivity.length === 0) return `<p class="note">${esc(loc.t('sensitivity.none'))}</p>`;
  return r.sensitivity.map((s) => `<div class="figure"><h3>${esc(loc.t('sensitivity.of', { vessel: s.vessel, metier: s.metier, trips: s.trips }))}</h3>
${tornadoChart(s.bars, loc, loc.t('sensitivity.chartTitle', { vessel: s.vessel, metier: s.metier }))}</div>`).join('\n');
}

function emissionsSection(r: EvidenceReport, loc: Locale): string {
  const u = units(loc);
  const s = r.savings;
  const has = s.included > 0;
  const factors = Object.entries(r.baseline.vessels).map(([id, v]) => loc.t('emissions.factor', {
    vessel: id, factor: loc.num(v?.fuel.co2PerFuelMass ?? DIESEL.co2PerFuelMass, 3), source: v?.fuel.sources.co2PerFuelMass ?? 'IMO MEPC.364(79)',
  }));
  return `<table><thead><tr><th>${esc(loc.t('col.figure'))}</th><th class="num">${esc(loc.t('col.value'))}</th><th class="num">${esc(loc.t('col.interval'))}</th></tr></thead><tbody>
<tr><td>${esc(loc.t('emissions.co2'))}</td>${intervalCells('savings.co2e.savedKg', has ? s.co2e.savedKg : null, u.kg, loc)}</tr>
<tr><td>${esc(loc.t('emissions.nox'))}</td>${intervalCells('savings.nox.avoidedKg', has ? s.nox.avoidedKg : null, u.kg, loc)}</tr>
<tr><td>${esc(loc.t('emissions.pm'))}</td>${intervalCells('savings.pm.avoidedKg', has ? s.pm.avoidedKg : null, u.kg, loc)}</tr>
<tr><td>${esc(loc.t('emissions.shoreKWh'))}</td>${fig('savings.shoreKWh', s.shoreKWh, u.kWh)}<td></td></tr>
</tbody></table>
<p class="note">${esc(factors.join(' '))} ${esc(loc.t('emissions.grid', { grid: loc.num(r.baseline.gridCo2eGPerKWh, 0) }))}</p>
<h3>${esc(loc.t('port.title'))}</h3>
<p class="note">${esc(loc.t('port.note'))}</p>
<table><thead><tr><th>${esc(loc.t('col.figure'))}</th><th class="num">${esc(loc.t('col.value'))}</th><th class="num">${esc(loc.t('col.interval'))}</th></tr></thead><tbody>
<tr><td>${esc(loc.t('port.hours'))}</td>${fig('savings.portStays.hours', s.portStays.hours, u.h)}<td></td></tr>
<tr><td>${esc(loc.t('port.shoreKWh'))}</td>${fig('savings.portStays.shoreKWh', s.portStays.shoreKWh, u.kWh)}<td></td></tr>
<tr><td>${esc(loc.t('port.shoreCo2e'))}</td>${fig('savings.portStays.shoreCo2eKg', s.portStays.shoreCo2eKg, u.kg)}<td></td></tr>
<tr><td>${esc(loc.t('port.hybridFuel'))}</td>${fig('savings.portStays.hybridFuelL', s.portStays.hybridFuelL, u.L)}<td></td></tr>
<tr><td>${esc(loc.t('port.conventionalFuel'))}</td>${intervalCells('savings.portStays.conventionalFuelL', s.portStays.conventionalFuelL, u.L, loc)}</tr>
</tbody></table>`;
}

/** The report's energy flows, as the builder names them, to their words in the catalogue. */
const ENERGY_NAMES: Record<string, MessageKey> = {
  'battery (discharge)': 'energy.batteryDischarge', 'battery (charge)': 'energy.batteryCharge', 'shore power': 'energy.shore', solar: 'energy.solar',
  wind: 'energy.wind', hydro: 'energy.hydro', wave: 'energy.wave', propulsion: 'energy.propulsion', winch: 'energy.winch', hotel: 'energy.hotel', stabiliser: 'energy.stabiliser',
};

function energySection(r: EvidenceReport, loc: Locale): string {
  const name = (x: string) => (x.startsWith('generator ') ? `${loc.t('energy.generator')} ${x.slice('generator '.length)}` : ENERGY_NAMES[x] ? loc.t(ENERGY_NAMES[x]) : x);
  const kwh = units(loc).kWh;
  return `<div class="figure"><h3>${esc(loc.t('energy.sources'))}</h3>${barChart(r.energy.sources.map((e) => ({ label: name(e.source), value: e.kWh })), 'kWh', 'source', loc, loc.t('energy.sources'))}</div>
<div class="figure"><h3>${esc(loc.t('energy.uses'))}</h3>${barChart(r.energy.uses.map((e) => ({ label: name(e.use), value: e.kWh })), 'kWh', 'use', loc, loc.t('energy.uses'))}</div>
<table><thead><tr><th>${esc(loc.t('col.source'))}</th><th class="num">${esc(loc.t('col.energy'))}</th><th>${esc(loc.t('col.use'))}</th><th class="num">${esc(loc.t('col.energy'))}</th></tr></thead><tbody>
${Array.from({ length: Math.max(r.energy.sources.length, r.energy.uses.length) }, (_, k) => {
    const a = r.energy.sources[k]; const b = r.energy.uses[k];
    return `<tr><td>${esc(a ? name(a.source) : '')}</td>${a ? fig(`energy.sources.${a.source}`, a.kWh, kwh) : '<td></td>'}<td>${esc(b ? name(b.use) : '')}</td>${b ? fig(`energy.uses.${b.use}`, b.kWh, kwh) : '<td></td>'}</tr>`;
  }).join('')}
</tbody></table>`;
}

function comfortSection(r: EvidenceReport, loc: Locale): string {
  const u = units(loc);
  return `<table><thead><tr><th>${esc(loc.t('col.figure'))}</th><th class="num">${esc(loc.t('col.value'))}</th></tr></thead><tbody>
<tr><td>${esc(loc.t('comfort.atSea'))}</td>${fig('comfort.atSeaHours', r.comfort.atSeaHours, u.h)}</tr>
<tr><td>${esc(loc.t('comfort.generatorOff'))}</td>${fig('comfort.generatorOffHoursAtSea', r.comfort.generatorOffHoursAtSea, u.h)}</tr>
${r.comfort.noise.map((n) => `<tr><td>${esc(loc.t('comfort.noise', { mode: loc.t(`noise.${n.mode}`), hours: loc.num(n.hours, 1) }))}</td>${fig(`comfort.noise.${n.mode}.leqDbA`, n.leqDbA, (v) => `${loc.num(v, 1)} dB(A)`)}</tr>`).join('')}
</tbody></table>
<p class="note">${esc(loc.t('comfort.note'))}</p>`;
}

function coverageSection(r: EvidenceReport, loc: Locale): string {
  const u = units(loc);
  const cov = r.coverage;
  const excluded = r.trips.filter((t) => !t.included);
  return `<table><thead><tr><th>${esc(loc.t('col.figure'))}</th><th class="num">${esc(loc.t('col.value'))}</th></tr></thead><tbody>
<tr><td>${esc(loc.t('coverage.share'))}</td>${fig('coverage.shareAtSea', cov.shareAtSea, u.pct)}</tr>
<tr><td>${esc(loc.t('coverage.atSea'))}</td><td class="num">${esc(loc.num(cov.atSeaSeconds / 3600, 2))} h / ${esc(loc.num(cov.atSeaCoveredSeconds / 3600, 2))} h</td></tr>
<tr><td>${esc(loc.t('coverage.gaps'))}</td><td class="num">${esc(loc.num(cov.gapSeconds, 0))} s / ${esc(loc.num(cov.incompleteSeconds, 0))} s / ${esc(loc.num(cov.implausibleSeconds, 0))} s</td></tr>
<tr><td>${esc(loc.t('coverage.fuelFallback'))}</td>${fig('coverage.fuelFallbackSeconds', cov.fuelFallbackSeconds, u.s)}</tr>
<tr><td>${esc(loc.t('coverage.clock'))}</td>${fig('coverage.clockAnomalies', cov.clockAnomalies, u.count)}</tr>
</tbody></table>
<h3>${esc(loc.t('coverage.excludedTitle', { count: excluded.length, trips: r.trips.length }))}</h3>
${excluded.length === 0 ? `<p class="note">${esc(loc.t('coverage.noneExcluded'))}</p>` : `<table><thead><tr><th>${esc(loc.t('col.trip'))}</th><th>${esc(loc.t('col.start'))}</th><th>${esc(loc.t('col.reasons'))}</th></tr></thead><tbody>
${excluded.map((t) => `<tr data-excluded="${esc(t.id)}"><td>${esc(t.id)}</td><td>${esc(loc.dateTime(t.start))}</td><td>${esc(loc.reasons(t.reasonCodes, t.reasons).join(loc.t('reason.join')) || '—')}</td></tr>`).join('')}</tbody></table>`}`;
}

function calibrationSection(r: EvidenceReport, loc: Locale): string {
  const c = r.calibration;
  if (!c || c.figures.length === 0) return `<p class="note">${esc(loc.t('calibration.none'))}</p>`;
  const runs = [...new Set(c.figures.map((f) => `${f.command}\u0000${f.date}`))].map((x) => x.split('\u0000') as [string, string]);
  const value = (v: number, unit: string) => (unit.startsWith('fraction') ? loc.pct(v) : `${loc.num(v, 2)} ${unit}`);
  return `<p class="note">${esc(loc.t('calibration.note', { source: c.source }))} ${runs.map(([command, date]) => esc(loc.t('calibration.run', { command, date: loc.dateTime(date) }))).join(' ')}</p>
<table class="calibration"><thead><tr><th>${esc(loc.t('col.figure'))}</th><th class="num">${esc(loc.t('col.value'))}</th><th>${esc(loc.t('col.note'))}</th></tr></thead><tbody>
${c.figures.map((f, k) => `<tr><td><code>${esc(f.id)}</code></td>${fig(`calibration.figures.${k}.value`, f.value, (v) => value(v, f.unit))}<td class="source">${esc(f.note ?? '')}</td></tr>`).join('')}
</tbody></table>`;
}

function tripsSection(r: EvidenceReport, loc: Locale): string {
  const u = units(loc);
  const rows = r.trips.map((t) => `<tr><td>${esc(t.id)}</td><td>${esc(loc.dateTime(t.start))}</td><td>${esc(loc.t(`status.${t.status}`))}</td><td>${esc(t.metier ?? '—')}</td>
    ${fig(`trips.${t.id}.coverage`, t.coverage, u.pct)}${fig(`trips.${t.id}.actualL`, t.actualL, u.L)}${fig(`trips.${t.id}.baselineL`, t.baselineL, u.L)}
    ${intervalCells(`trips.${t.id}.fraction`, t.fraction, u.pct, loc)}<td>${t.included ? esc(loc.t('yes')) : esc(loc.t('trips.no', { reason: loc.reasons(t.reasonCodes, t.reasons)[0] ?? '' }))}</td></tr>`).join('');
  return `<table class="trips"><thead><tr><th>${esc(loc.t('col.trip'))}</th><th>${esc(loc.t('col.start'))}</th><th>${esc(loc.t('col.status'))}</th><th>${esc(loc.t('col.metier'))}</th><th class="num">${esc(loc.t('col.coverage'))}</th><th class="num">${esc(loc.t('col.fuel'))}</th><th class="num">${esc(loc.t('col.baselineFuel'))}</th><th class="num">${esc(loc.t('col.savedShare'))}</th><th class="num">${esc(loc.t('col.interval'))}</th><th>${esc(loc.t('col.included'))}</th></tr></thead>
<tbody>${rows || `<tr><td colspan="10">${esc(loc.t('trips.none'))}</td></tr>`}</tbody></table>`;
}

function parametersSection(r: EvidenceReport, loc: Locale): string {
  const u = units(loc);
  return `<table><thead><tr><th>${esc(loc.t('col.parameter'))}</th><th class="num">${esc(loc.t('col.value'))}</th></tr></thead><tbody>
<tr><td>${esc(loc.t('param.confidence'))}</td>${fig('baseline.confidence', r.baseline.confidence, u.pct)}</tr>
<tr><td>${esc(loc.t('param.draws'))}</td>${fig('baseline.monteCarloDraws', r.baseline.monteCarloDraws, u.count)}</tr>
<tr><td>${esc(loc.t('param.minCoverage'))}</td>${fig('baseline.minCoverageAtSea', r.baseline.minCoverageAtSea, u.pct)}</tr>
<tr><td>${esc(loc.t('param.grid'))}</td>${fig('baseline.gridCo2eGPerKWh', r.baseline.gridCo2eGPerKWh, u.count)}</tr>
${Object.entries(r.baseline.vessels).map(([id, v]) => `<tr><td>${esc(loc.t('param.twin', { vessel: id }))}</td><td class="num">${v ? esc(loc.t('param.twinValue', { main: loc.num(v.conventional.mainEngine.ratedPower / 1000, 0), aux: loc.num(v.conventional.auxGenerator.ratedPower / 1000, 0), density: loc.num(v.fuel.density, 0) })) : esc(loc.t('param.noProfile'))}</td></tr>`).join('')}
</tbody></table>
<p class="note">${esc(loc.t('param.methodNote'))}</p>`;
}

function reproducibilitySection(r: EvidenceReport, loc: Locale): string {
  const rep = r.reproducibility;
  return `<div class="repro">
<b>${esc(loc.t('repro.window'))}</b> ${esc(rep.dataWindow.fromIso)} → ${esc(rep.dataWindow.toIso)} (${rep.dataWindow.from} – ${rep.dataWindow.to} ms, ${esc(loc.t('repro.halfOpen'))})<br>
<b>${esc(loc.t('repro.vessels'))}</b> ${esc(rep.vessels.join(', ') || '—')}<br>
<b>${esc(loc.t('repro.software'))}</b> sillage ${esc(rep.softwareVersion)}<br>
<b>${esc(loc.t('repro.parameters'))}</b> <span data-key="reproducibility.baselineParametersSha256" data-value="${esc(rep.baselineParametersSha256)}">${esc(rep.baselineParametersSha256)}</span><br>
<b>${esc(loc.t('repro.input'))}</b> <span data-key="reproducibility.input.sha256" data-value="${esc(rep.input.sha256)}">${esc(rep.input.sha256)}</span> ${esc(loc.t('repro.inputCounts', { samples: rep.input.samples, values: rep.input.values, days: rep.input.days, hours: rep.input.hoursRead }))}<br>
${(rep.referenceInputs ?? []).map((x, k) => `<b>${esc(loc.t('repro.reference', { vessel: x.vessel }))}</b> ${esc(x.fromIso)} → ${esc(x.toIso)}, SHA-256 <span data-key="reproducibility.referenceInputs.${k}.sha256" data-value="${esc(x.sha256)}">${esc(x.sha256)}</span> ${esc(loc.t('repro.referenceCounts', { samples: x.samples, days: x.days }))}<br>`).join('')}
${(rep.controlInputs ?? []).map((x, k) => `<b>${esc(loc.t('repro.control', { vessel: x.vessel, hybrid: x.hybrid }))}</b> ${esc(x.fromIso)} → ${esc(x.toIso)}, SHA-256 <span data-key="reproducibility.controlInputs.${k}.sha256" data-value="${esc(x.sha256)}">${esc(x.sha256)}</span> ${esc(loc.t('repro.referenceCounts', { samples: x.samples, days: x.days }))}; ${esc(loc.t('repro.controlProfile'))} <span data-key="reproducibility.controlInputs.${k}.profileSha256" data-value="${esc(x.profileSha256)}">${esc(x.profileSha256)}</span><br>`).join('')}
<b>${esc(loc.t('repro.canonical'))}</b> ${esc(rep.input.canonicalForm === CANONICAL_FORM ? loc.t('repro.canonicalForm') : rep.input.canonicalForm)}<br>
<b>${esc(loc.t('repro.check'))}</b> sillage report --verify &lt;${esc(loc.t('repro.thisFile'))}&gt;
</div>`;
}

const STYLE = `
@page { size: A4; margin: 15mm 13mm 17mm; }
* { box-sizing: border-box; }
body { font: 10pt/1.38 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1b2733; margin: 0 auto; max-width: 184mm; padding: 12mm 0; }
@media print { body { padding: 0; max-width: none; } }
h1 { font-size: 17pt; margin: 0 0 2mm; color: #0b3954; }
h2 { font-size: 12.5pt; margin: 7mm 0 2mm; color: #0b3954; border-bottom: 1.5px solid #0b3954; padding-bottom: 1mm; break-after: avoid; }
h3 { font-size: 10pt; margin: 3mm 0 1mm; color: #4a5b6b; font-weight: 600; break-after: avoid; }
.meta { color: #4a5b6b; font-size: 9.5pt; }
.badge { display: inline-block; padding: 0.5mm 2mm; border-radius: 2mm; font-size: 8.5pt; font-weight: bold; vertical-align: middle; }
.badge.provisional { background: #fff1c2; color: #7a5600; border: 1px solid #e0b000; }
.badge.final { background: #dff3e4; color: #1d6b34; border: 1px solid #5bb172; }
.cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 3mm; margin: 4mm 0; break-inside: avoid; }
.card { border: 1px solid #c9d5df; border-radius: 2mm; padding: 2.5mm 3mm; }
.card .k { font-size: 8.5pt; color: #4a5b6b; text-transform: uppercase; letter-spacing: 0.03em; }
.card .v { font-size: 15pt; font-weight: bold; color: #0b3954; }
.card .ci { font-size: 8.5pt; color: #4a5b6b; }
.contents { font-size: 9pt; columns: 2; margin: 2mm 0 0; padding-left: 5mm; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0; font-size: 9pt; }
th, td { text-align: left; padding: 0.8mm 1.8mm; border-bottom: 1px solid #dde5ec; vertical-align: top; }
th.num { text-align: right; }
th { background: #eef3f7; font-weight: 600; }
thead { display: table-header-group; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.ci { color: #4a5b6b; }
td.source { font-size: 8pt; color: #4a5b6b; }
table.assumptions td, table.calibration td { font-size: 8.3pt; }
code { font: 8.3pt "DejaVu Sans Mono", monospace; }
tr { break-inside: avoid; }
.verdict-cell { font-size: 8.5pt; }
.verdict-cell.within { color: #1d6b34; } .verdict-cell.below { color: #9a2b12; }
.validity { padding: 1.5mm 3mm; border-left: 3px solid #0b3954; background: #f3f7fa; margin: 2mm 0; font-size: 9pt; }
.metier, .figure, .baseline > table { break-inside: avoid; }
.chart { width: 100%; height: auto; display: block; margin: 1mm 0; }
.chart .axis { stroke: #4a5b6b; stroke-width: 1; } .chart .zero { stroke: #8a99a8; stroke-dasharray: 3 3; }
.chart .tick, .chart .claim-label { font-size: 10px; fill: #4a5b6b; text-anchor: middle; }
.chart .value { font-size: 10px; fill: #0b3954; font-weight: bold; } .chart .none { font-size: 10px; fill: #8a99a8; font-style: italic; }
.chart .claim { fill: #dff3e4; stroke: #5bb172; }
.chart .ci-bar { stroke: #0b3954; stroke-width: 2; }
.chart .point { fill: #0b3954; }
.chart .bar-label { font-size: 10.5px; fill: #1b2733; text-anchor: end; }
.chart .bar-value { font-size: 10px; fill: #4a5b6b; } .chart .bar-value.end { text-anchor: end; }
.chart .legend { font-size: 10px; fill: #4a5b6b; }
.chart .source { fill: #2a7ab0; } .chart .use { fill: #e08a2c; }
.chart .low { fill: #2a7ab0; } .chart .high { fill: #d9622b; } .chart .unstated { fill-opacity: 0.45; }
.note { color: #4a5b6b; font-size: 8.8pt; }
.repro { font: 8.3pt/1.45 "DejaVu Sans Mono", monospace; background: #f3f7fa; border: 1px solid #c9d5df; padding: 2.5mm 3mm; word-break: break-all; break-inside: avoid; }
.repro b { font-family: "DejaVu Sans", sans-serif; }
`;

/**
 * The trial dossier: one self-contained page in the reader's language that prints on A4 — the claim by métier beside
 * each baseline's evidence, each baseline's validity, the assumptions and how far they move the saving, emissions,
 * comfort, coverage and exclusions, the simulator's calibration, and the reproducibility block (the report's JSON
 * is embedded for `--verify`).
 */
export function renderHtml(r: EvidenceReport, lang: Lang = 'en'): string {
  const loc = localeOf(lang);
  const u = units(loc);
  const s = r.savings;
  const has = s.included > 0;
  // The whole trial starts at the epoch: its first trip says when it began.
  const firstStart = r.trips.length ? Math.max(Date.parse(r.scope.from), Math.min(...r.trips.map((t) => Date.parse(t.start)))) : r.scope.from;
  const title = reportTitle(r, loc);
  const card = (label: string, key: string, i: typeof s.fuel.savedL | null, text: (v: number) => string) => `<div class="card"><div class="k">${esc(label)}</div>
    <div class="v" data-key="${esc(key)}.value"${i ? ` data-value="${i.value}"` : ''}>${i ? esc(text(i.value)) : '—'}</div>
    <div class="ci">${i ? esc(loc.t('card.interval', { low: text(i.low), high: text(i.high) })) : esc(loc.t('claim.noTrip'))}</div></div>`;
  const sections: [string, string][] = [
    [loc.t('section.claim'), claimSection(r, loc)],
    [loc.t('section.baselines'), BASELINE_SECTIONS.filter((b) => b.present(r)).map((b) => b.render(r, loc)).join('\n')],
    [loc.t('section.assumptions'), `<p class="note">${esc(loc.t('assumptions.note'))}</p>${assumptionsSection(r, loc)}`],
    [loc.t('section.sensitivity'), `<p class="note">${esc(loc.t('sensitivity.note'))}</p>${sensitivitySection(r, loc)}`],
    [loc.t('section.emissions'), emissionsSection(r, loc)],
    [loc.t('section.energy'), energySection(r, loc)],
    [loc.t('section.comfort'), comfortSection(r, loc)],
    [loc.t('section.coverage'), coverageSection(r, loc)],
    [loc.t('section.calibration'), calibrationSection(r, loc)],
    [loc.t('section.trips'), tripsSection(r, loc)],
    [loc.t('section.parameters'), parametersSection(r, loc)],
    [loc.t('section.reproducibility'), reproducibilitySection(r, loc)],
  ];
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body>
<h1>${esc(title)}</h1>
<p class="meta">${esc(loc.t('report.meta', { from: loc.date(firstStart), to: loc.date(r.scope.to), generated: loc.dateTime(r.generatedAt) }))} · <span class="badge ${r.status}">${esc(loc.t(`status.report.${r.status}`))}</span></p>
<div class="cards">
${card(loc.t('card.savedL'), 'savings.fuel.savedL', has ? s.fuel.savedL : null, u.L)}
${card(loc.t('card.fraction'), 'savings.fuel.fraction', has ? s.fuel.fraction : null, u.pct)}
${card(loc.t('card.co2'), 'savings.co2e.savedKg', has ? s.co2e.savedKg : null, u.kg)}
</div>
<ol class="contents">${sections.map(([name], k) => `<li><a href="#s${k + 1}">${esc(name)}</a></li>`).join('')}</ol>
${sections.map(([name, body], k) => `<h2 id="s${k + 1}">${k + 1}. ${esc(name)}</h2>\n${body}`).join('\n\n')}
<script type="application/json" id="sillage-report">${JSON.stringify(r).replace(/</g, '\\u003c')}</script>
</body></html>
`;
}
