import type { Interval } from '../../shared/savings/index.ts';
import type { EvidenceReport } from './build-report.ts';

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** Rounded for reading; a value that rounds to zero shows as 0, never as −0. */
const num = (x: number, digits: number) => (Math.abs(x) < 0.5 * 10 ** -digits ? 0 : x).toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct = (x: number) => `${num(100 * x, 1)} %`;
const utcMinute = (iso: string) => new Date(iso).toISOString().slice(0, 16).replace('T', ' ');

/** A figure cell: the rounded text a reader sees, the exact value a machine (and the tests) can check. */
function fig(key: string, value: number | null, text: (v: number) => string): string {
  if (value === null || !Number.isFinite(value)) return `<td class="num" data-key="${esc(key)}">—</td>`;
  return `<td class="num" data-key="${esc(key)}" data-value="${value}">${esc(text(value))}</td>`;
}

function intervalCells(key: string, i: Interval | null, text: (v: number) => string): string {
  if (!i) return '<td class="num">—</td><td class="num">—</td>';
  return `${fig(`${key}.value`, i.value, text)}<td class="num ci" data-key="${esc(key)}.interval" data-low="${i.low}" data-high="${i.high}">${esc(text(i.low))} to ${esc(text(i.high))}</td>`;
}

/**
 * Option C beside option D: per vessel, its savings against the measured baseline, or why there are none; then the
 * trips' own. Its statistics are in the baseline parameters.
 */
function measuredSection(r: EvidenceReport, L: (v: number) => string): string {
  const measured = Object.entries(r.measuredBaseline ?? {});
  if (measured.length === 0) return '';
  const rows = measured.map(([v, m]) => {
    const key = `measuredBaseline.${v}.savings`;
    if (!m.available || !m.savings) {
      return `<tr><td>${esc(v)}</td><td colspan="5" data-key="measuredBaseline.${esc(v)}.reason" data-value="${esc(m.reason)}">no option-C saving: ${esc(m.reason)}</td></tr>`;
    }
    return `<tr><td>${esc(v)}</td>${fig(`${key}.trips`, m.savings.trips, (x) => num(x, 0))}
      ${intervalCells(`${key}.savedL`, m.savings.savedL, L)}${intervalCells(`${key}.fraction`, m.savings.fraction, pct)}</tr>`;
  }).join('');
  const trips = r.trips.filter((t) => t.optionC).map((t) => `<tr><td>${esc(t.id)}</td><td>${esc(t.vessel)}</td>
    ${intervalCells(`trips.${t.id}.optionC.savedL`, t.optionC!.savedL, L)}${intervalCells(`trips.${t.id}.optionC.fraction`, t.optionC!.fraction, pct)}</tr>`).join('');
  return `<h2>Against the measured baseline (IPMVP option C)</h2>
<p class="note">The fuel a regression fitted on the vessel's own conventional reference period predicts for the same hours, used only when it meets ASHRAE Guideline 14 (its statistics are under the baseline parameters). The reference period's own trips do not report against it.</p>
<table><thead><tr><th>vessel</th><th class="num">trips</th><th class="num">fuel saved</th><th class="num">95 % interval</th><th class="num">saved, share</th><th class="num">95 % interval</th></tr></thead>
<tbody>${rows}</tbody></table>
${trips ? `<table><thead><tr><th>trip</th><th>vessel</th><th class="num">fuel saved (C)</th><th class="num">95 % interval</th><th class="num">saved, share (C)</th><th class="num">95 % interval</th></tr></thead><tbody>${trips}</tbody></table>` : ''}`;
}

/** The measured baseline's fit, per vessel: reference window, Guideline 14 statistics and verdict. */
function measuredParameters(r: EvidenceReport): string {
  const m = r.baseline.measured;
  if (!m) return '';
  const rows = Object.entries(r.measuredBaseline ?? {}).map(([v, b]) => {
    const k = `measuredBaseline.${v}`;
    const f = 'fit' in b ? b.fit : undefined;
    const ref = 'reference' in b ? b.reference : undefined;
    return `<tr><td>${esc(v)}</td><td>${ref ? `${esc(utcMinute(ref.from))} → ${esc(utcMinute(ref.to))} UTC` : '—'}</td>${fig(`${k}.reference.trips`, ref?.trips ?? null, (x) => num(x, 0))}
      ${fig(`${k}.fit.n`, f?.n ?? null, (x) => num(x, 0))}${fig(`${k}.fit.p`, f?.p ?? null, (x) => num(x, 0))}
      ${fig(`${k}.fit.cvRmse`, f?.cvRmse ?? null, pct)}${fig(`${k}.fit.nmbe`, f?.nmbe ?? null, (x) => `${num(100 * x, 2)} %`)}
      <td data-key="${esc(k)}.fit.accepted" data-value="${f?.accepted === true}">${f?.accepted ? 'accepted' : 'not accepted'}</td></tr>`;
  }).join('');
  return `<h3>Measured baseline (IPMVP option C)</h3>
<p>${esc(m.method)}</p>
<table><thead><tr><th>vessel</th><th>reference period</th><th class="num">trips</th><th class="num">n (hours)</th><th class="num">p</th><th class="num">CV(RMSE) ≤ ${esc(pct(m.limits.cvRmse))}</th><th class="num">NMBE, |·| ≤ ${esc(pct(m.limits.nmbe))}</th><th>Guideline 14</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

/** A métier's measured saving and its interval against its claimed band, on one axis. */
function claimChart(r: EvidenceReport, c: EvidenceReport['claims'][number]): string {
  const a = r.byMetier[c.metier];
  const f = a && a.included > 0 ? a.fuel.fraction : null;
  const lo = Math.min(0, f?.low ?? 0, c.low);
  const hi = Math.max(0.3, f?.high ?? 0, c.high) * 1.05;
  const W = 640; const H = 74; const left = 10; const right = W - 10;
  const x = (v: number) => left + ((v - lo) / (hi - lo)) * (right - left);
  const ticks = [];
  for (let t = Math.ceil(lo * 20) / 20; t <= hi; t += 0.05) {
    ticks.push(`<line x1="${x(t)}" x2="${x(t)}" y1="52" y2="56" class="axis"/><text x="${x(t)}" y="68" class="tick">${Math.round(t * 100)} %</text>`);
  }
  const measured = f ? `<line x1="${x(f.low)}" x2="${x(f.high)}" y1="34" y2="34" class="ci-bar"/>
    <line x1="${x(f.low)}" x2="${x(f.low)}" y1="28" y2="40" class="ci-bar"/><line x1="${x(f.high)}" x2="${x(f.high)}" y1="28" y2="40" class="ci-bar"/>
    <circle cx="${x(f.value)}" cy="34" r="5" class="point"/><text x="${x(f.value)}" y="22" class="label">measured ${esc(pct(f.value))}</text>` : '';
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(c.metier)}: measured saving against the claimed range">
    <rect x="${x(c.low)}" y="8" width="${x(c.high) - x(c.low)}" height="44" class="claim"/>
    <text x="${(x(c.low) + x(c.high)) / 2}" y="49" class="claim-label">claimed</text>
    <line x1="${left}" x2="${right}" y1="52" y2="52" class="axis"/>${ticks.join('')}${measured}</svg>`;
}

/** Horizontal bars, one per row, scaled to the largest. */
function barChart(rows: { label: string; value: number }[], unit: string, cls: string): string {
  const shown = rows.filter((r) => r.value > 0.0005);
  if (shown.length === 0) return '<p class="note">No energy recorded.</p>';
  const max = Math.max(...shown.map((r) => r.value));
  const W = 640; const row = 18; const labelW = 130; const barW = W - labelW - 80;
  const bars = shown.map((r, k) => {
    const y = k * row;
    const w = Math.max(1, (r.value / max) * barW);
    return `<text x="${labelW - 6}" y="${y + 14}" class="bar-label">${esc(r.label)}</text>
      <rect x="${labelW}" y="${y + 3}" width="${w}" height="${row - 6}" class="${cls}"/>
      <text x="${labelW + w + 5}" y="${y + 14}" class="bar-value">${esc(num(r.value, 1))} ${esc(unit)}</text>`;
  });
  return `<svg class="chart" viewBox="0 0 ${W} ${shown.length * row}" role="img" aria-label="energy by source">${bars.join('')}</svg>`;
}

const STYLE = `
@page { size: A4; margin: 16mm 14mm 18mm; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.4 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1b2733; margin: 0 auto; max-width: 182mm; padding: 12mm 0; }
@media print { body { padding: 0; max-width: none; } .noprint { display: none; } }
h1 { font-size: 17pt; margin: 0 0 2mm; color: #0b3954; }
h2 { font-size: 12.5pt; margin: 7mm 0 2mm; color: #0b3954; border-bottom: 1.5px solid #0b3954; padding-bottom: 1mm; break-after: avoid; }
.meta { color: #4a5b6b; font-size: 9.5pt; }
.badge { display: inline-block; padding: 0.5mm 2mm; border-radius: 2mm; font-size: 8.5pt; font-weight: bold; vertical-align: middle; }
.badge.provisional { background: #fff1c2; color: #7a5600; border: 1px solid #e0b000; }
.badge.final { background: #dff3e4; color: #1d6b34; border: 1px solid #5bb172; }
.cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 3mm; margin: 4mm 0; break-inside: avoid; }
.card { border: 1px solid #c9d5df; border-radius: 2mm; padding: 2.5mm 3mm; }
.card .k { font-size: 8.5pt; color: #4a5b6b; text-transform: uppercase; letter-spacing: 0.03em; }
.card .v { font-size: 15pt; font-weight: bold; color: #0b3954; }
.card .ci { font-size: 8.5pt; color: #4a5b6b; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0; break-inside: avoid; font-size: 9.5pt; }
th, td { text-align: left; padding: 1mm 2mm; border-bottom: 1px solid #dde5ec; vertical-align: top; }
th.num { text-align: right; }
th { background: #eef3f7; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.ci { color: #4a5b6b; }
tr { break-inside: avoid; }
.verdict { padding: 2mm 3mm; border-left: 3px solid #0b3954; background: #f3f7fa; margin: 2mm 0; }
.chart { width: 100%; height: auto; display: block; margin: 1mm 0; }
.chart .axis { stroke: #4a5b6b; stroke-width: 1; }
.chart .tick, .chart .claim-label, .chart .label { font-size: 10px; fill: #4a5b6b; text-anchor: middle; }
.chart .label { fill: #0b3954; font-weight: bold; }
.chart .claim { fill: #dff3e4; stroke: #5bb172; }
.chart .ci-bar { stroke: #0b3954; stroke-width: 2; }
.chart .point { fill: #0b3954; }
.chart .bar-label { font-size: 11px; fill: #1b2733; text-anchor: end; }
.chart .bar-value { font-size: 11px; fill: #4a5b6b; }
.chart .source { fill: #2a7ab0; } .chart .use { fill: #e08a2c; }
.note { color: #4a5b6b; font-size: 9pt; }
.repro { font: 8.5pt/1.45 "DejaVu Sans Mono", monospace; background: #f3f7fa; border: 1px solid #c9d5df; padding: 2.5mm 3mm; word-break: break-all; break-inside: avoid; }
.repro b { font-family: "DejaVu Sans", sans-serif; }
h3 { font-size: 10pt; margin: 3mm 0 1mm; color: #4a5b6b; font-weight: 600; }
.figure { break-inside: avoid; }
`;

/** The report as a self-contained page that prints cleanly on A4, carrying its own JSON for `--verify`. */
export function renderHtml(r: EvidenceReport): string {
  const s = r.savings;
  const has = s.included > 0;
  const L = (v: number) => `${num(v, 0)} L`;
  const kg = (v: number) => `${num(v, v !== 0 && Math.abs(v) < 10 ? 2 : 0)} kg`;
  const card = (label: string, key: string, i: Interval | null, text: (v: number) => string) => `<div class="card"><div class="k">${esc(label)}</div>
    <div class="v" data-key="${esc(key)}.value"${i ? ` data-value="${i.value}"` : ''}>${i ? esc(text(i.value)) : '—'}</div>
    <div class="ci">${i ? `95 % interval ${esc(text(i.low))} to ${esc(text(i.high))}` : 'no trip with enough data'}</div></div>`;
  const metierRows = Object.entries(r.byMetier).map(([m, a]) => `<tr><td>${esc(m)}</td><td class="num">${a.included} / ${a.trips}</td>
    ${fig(`byMetier.${m}.fuel.actualL`, a.fuel.actualL, L)}${fig(`byMetier.${m}.fuel.baselineL`, a.fuel.baselineL, L)}
    ${intervalCells(`byMetier.${m}.fuel.fraction`, a.included > 0 ? a.fuel.fraction : null, pct)}</tr>`).join('');
  const tripRows = r.trips.map((t) => `<tr><td>${esc(t.id)}</td><td>${esc(t.start.slice(0, 16).replace('T', ' '))}</td><td>${esc(t.status)}</td><td>${esc(t.metier ?? '—')}</td>
    ${fig(`trips.${t.id}.coverage`, t.coverage, pct)}${fig(`trips.${t.id}.actualL`, t.actualL, L)}${fig(`trips.${t.id}.baselineL`, t.baselineL, L)}
    ${intervalCells(`trips.${t.id}.fraction`, t.fraction, pct)}<td>${t.included ? 'yes' : `no: ${esc(t.reasons[0] ?? '')}`}</td></tr>`).join('');
  const tol = Object.entries(r.baseline.vessels).flatMap(([id, v]) => (v ? Object.entries(v.uncertainty).filter(([k]) => k !== 'sources').map(([k, t]) => {
    const range = t as { distribution: string; low: number; high: number };
    const key = `baseline.vessels.${id}.uncertainty.${k}`;
    return `<tr><td>${esc(id)}: ${esc(k)} (${esc(range.distribution)})</td><td class="num">×<span data-key="${esc(key)}.low" data-value="${range.low}">${esc(num(range.low, 3))}</span> to ×<span data-key="${esc(key)}.high" data-value="${range.high}">${esc(num(range.high, 3))}</span></td></tr>`;
  }) : [])).join('');
  const rep = r.reproducibility;
  const cov = r.coverage;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(r.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body>
<h1>${esc(r.title)}</h1>
<p class="meta">${esc(r.scope.label)} · trips starting ${esc(r.scope.from.slice(0, 10))} to ${esc(r.scope.to.slice(0, 10))} ·
generated ${esc(r.generatedAt.replace('T', ' ').slice(0, 19))} UTC · <span class="badge ${r.status}">${r.status === 'final' ? 'final' : 'provisional: a trip is still open'}</span></p>

<div class="cards">
${card('Fuel saved, battery change valued as fuel', 'savings.fuel.savedL', has ? s.fuel.savedL : null, L)}
${card('Fuel saved, share of baseline', 'savings.fuel.fraction', has ? s.fuel.fraction : null, pct)}
${card('CO2e avoided', 'savings.co2e.savedKg', has ? s.co2e.savedKg : null, kg)}
</div>

<h2>Fuel and emissions</h2>
<table><thead><tr><th>figure</th><th class="num">value</th><th class="num">95 % interval</th></tr></thead><tbody>
<tr><td>trips included / selected</td><td class="num" data-key="savings.included" data-value="${s.included}">${s.included} / ${s.trips}</td><td></td></tr>
<tr><td>fuel used (hybrid, measured)</td>${fig('savings.fuel.actualL', s.fuel.actualL, L)}<td></td></tr>
<tr><td>fuel of the diesel baseline</td>${fig('savings.fuel.baselineL', s.fuel.baselineL, L)}<td></td></tr>
<tr><td>fuel saved, the battery's change of charge valued at each trip's marginal generator consumption</td>${intervalCells('savings.fuel.savedL', has ? s.fuel.savedL : null, L)}</tr>
<tr><td>fuel saved, share of baseline (the headline)</td>${intervalCells('savings.fuel.fraction', has ? s.fuel.fraction : null, pct)}</tr>
<tr><td>fuel burnt alone, the battery's energy from shore counted free</td>${intervalCells('savings.fuel.fuelOnly.fraction', has ? s.fuel.fuelOnly.fraction : null, pct)}</tr>
<tr><td>CO2e avoided (shore electricity counted)</td>${intervalCells('savings.co2e.savedKg', has ? s.co2e.savedKg : null, kg)}</tr>
<tr><td>NOx avoided</td>${intervalCells('savings.nox.avoidedKg', has ? s.nox.avoidedKg : null, kg)}</tr>
<tr><td>particulate matter avoided</td>${intervalCells('savings.pm.avoidedKg', has ? s.pm.avoidedKg : null, kg)}</tr>
<tr><td>shore electricity at sea</td>${fig('savings.shoreKWh', s.shoreKWh, (v) => `${num(v, 1)} kWh`)}<td></td></tr>
</tbody></table>
<h3>Alongside, between trips</h3>
<p class="note">Time alongside belongs to no trip: a trip runs from casting off to tying up. What the vessel used in port, and what a conventional vessel's auxiliary set would have burnt there, stand here on their own.</p>
<table><thead><tr><th>figure</th><th class="num">value</th><th class="num">95 % interval</th></tr></thead><tbody>
<tr><td>hours alongside</td>${fig('savings.portStays.hours', s.portStays.hours, (v) => `${num(v, 1)} h`)}<td></td></tr>
<tr><td>shore electricity taken</td>${fig('savings.portStays.shoreKWh', s.portStays.shoreKWh, (v) => `${num(v, 1)} kWh`)}<td></td></tr>
<tr><td>its CO2e at the grid factor</td>${fig('savings.portStays.shoreCo2eKg', s.portStays.shoreCo2eKg, kg)}<td></td></tr>
<tr><td>fuel the hybrid burnt alongside</td>${fig('savings.portStays.hybridFuelL', s.portStays.hybridFuelL, L)}<td></td></tr>
<tr><td>fuel a conventional vessel's auxiliary set would have burnt</td>${intervalCells('savings.portStays.conventionalFuelL', s.portStays.conventionalFuelL, L)}</tr>
</tbody></table>
${s.excluded.count > 0 ? `<p class="note">${s.excluded.count} trip(s) excluded: ${esc(s.excluded.reasons.join('; '))}</p>` : ''}
${measuredSection(r, L)}

<h2>Against the claim, métier by métier</h2>
${r.claims.length === 0 ? '<p class="note">No métier of these trips has a claim in its vessel profile.</p>' : ''}
${r.claims.map((c, i) => `<h3>${esc(c.metier)}</h3>
${claimChart(r, c)}
<p class="verdict" data-key="claims.${i}.verdict" data-value="${esc(c.verdict)}">${esc(c.text)}</p>
<p class="note">Claim: ${esc(c.source)}.</p>`).join('\n')}

${Object.keys(r.byMetier).length > 0 ? `<h2>By métier</h2>
<table><thead><tr><th>métier</th><th class="num">trips</th><th class="num">fuel used</th><th class="num">baseline</th><th class="num">saved</th><th class="num">95 % interval</th></tr></thead>
<tbody>${metierRows}</tbody></table>` : ''}

<h2>Energy by source (covered time)</h2>
<div class="figure"><h3>Sources</h3>${barChart(r.energy.sources.map((e) => ({ label: e.source, value: e.kWh })), 'kWh', 'source')}</div>
<div class="figure"><h3>Uses</h3>${barChart(r.energy.uses.map((e) => ({ label: e.use, value: e.kWh })), 'kWh', 'use')}</div>
<table><thead><tr><th>source</th><th class="num">energy</th><th>use</th><th class="num">energy</th></tr></thead><tbody>
${Array.from({ length: Math.max(r.energy.sources.length, r.energy.uses.length) }, (_, k) => {
    const a = r.energy.sources[k]; const b = r.energy.uses[k];
    const kwh = (v: number) => `${num(v, 1)} kWh`;
    return `<tr><td>${esc(a?.source ?? '')}</td>${a ? fig(`energy.sources.${a.source}`, a.kWh, kwh) : '<td></td>'}<td>${esc(b?.use ?? '')}</td>${b ? fig(`energy.uses.${b.use}`, b.kWh, kwh) : '<td></td>'}</tr>`;
  }).join('')}
</tbody></table>

<h2>Generator-off hours and wheelhouse noise</h2>
<table><thead><tr><th>figure</th><th class="num">value</th></tr></thead><tbody>
<tr><td>hours at sea</td>${fig('comfort.atSeaHours', r.comfort.atSeaHours, (v) => `${num(v, 1)} h`)}</tr>
<tr><td>hours at sea with every generator off</td>${fig('comfort.generatorOffHoursAtSea', r.comfort.generatorOffHoursAtSea, (v) => `${num(v, 1)} h`)}</tr>
${r.comfort.noise.map((n) => `<tr><td>wheelhouse noise, ${esc(n.mode)} (${esc(num(n.hours, 1))} h), Leq</td>${fig(`comfort.noise.${n.mode}.leqDbA`, n.leqDbA, (v) => `${num(v, 1)} dB(A)`)}</tr>`).join('')}
</tbody></table>

<h2>Data coverage</h2>
<table><thead><tr><th>figure</th><th class="num">value</th></tr></thead><tbody>
<tr><td>share of the time at sea with complete, plausible data</td>${fig('coverage.shareAtSea', cov.shareAtSea, pct)}</tr>
<tr><td>time at sea / covered</td><td class="num">${esc(num(cov.atSeaSeconds / 3600, 2))} h / ${esc(num(cov.atSeaCoveredSeconds / 3600, 2))} h</td></tr>
<tr><td>gaps / incomplete / implausible</td><td class="num">${esc(num(cov.gapSeconds, 0))} s / ${esc(num(cov.incompleteSeconds, 0))} s / ${esc(num(cov.implausibleSeconds, 0))} s</td></tr>
<tr><td>fuel estimated from generator power (meter silent)</td>${fig('coverage.fuelFallbackSeconds', cov.fuelFallbackSeconds, (v) => `${num(v, 0)} s`)}</tr>
<tr><td>samples refused for clock jumps</td>${fig('coverage.clockAnomalies', cov.clockAnomalies, (v) => num(v, 0))}</tr>
</tbody></table>

<h2>Trips</h2>
<table><thead><tr><th>trip</th><th>start (UTC)</th><th>status</th><th>métier</th><th class="num">coverage</th><th class="num">fuel</th><th class="num">baseline</th><th class="num">saved</th><th class="num">95 % interval</th><th>included</th></tr></thead>
<tbody>${tripRows || '<tr><td colspan="10">No trip in this scope.</td></tr>'}</tbody></table>

<h2>Baseline method and parameters</h2>
<p>${esc(r.baseline.method)}</p>
<table><thead><tr><th>parameter</th><th class="num">value</th></tr></thead><tbody>
<tr><td>confidence level</td>${fig('baseline.confidence', r.baseline.confidence, pct)}</tr>
<tr><td>Monte Carlo draws per trip</td>${fig('baseline.monteCarloDraws', r.baseline.monteCarloDraws, (v) => num(v, 0))}</tr>
<tr><td>minimum coverage at sea for a trip to count</td>${fig('baseline.minCoverageAtSea', r.baseline.minCoverageAtSea, pct)}</tr>
<tr><td>grid electricity, g CO2e/kWh</td>${fig('baseline.gridCo2eGPerKWh', r.baseline.gridCo2eGPerKWh, (v) => num(v, 0))}</tr>
${tol}
${Object.entries(r.baseline.vessels).map(([id, v]) => `<tr><td>${esc(id)}: conventional twin</td><td class="num">${v ? esc(`main engine ${num(v.conventional.mainEngine.ratedPower / 1000, 0)} kW, auxiliary ${num(v.conventional.auxGenerator.ratedPower / 1000, 0)} kW, fuel ${num(v.fuel.density, 0)} kg/m³`) : 'no profile'}</td></tr>`).join('')}
</tbody></table>
${measuredParameters(r)}

<h2>Reproducibility</h2>
<div class="repro">
<b>data window</b> ${esc(rep.dataWindow.fromIso)} → ${esc(rep.dataWindow.toIso)} (${rep.dataWindow.from} – ${rep.dataWindow.to} ms, half-open)<br>
<b>vessels</b> ${esc(rep.vessels.join(', ') || '—')}<br>
<b>software</b> sillage ${esc(rep.softwareVersion)}<br>
<b>baseline parameters SHA-256</b> <span data-key="reproducibility.baselineParametersSha256" data-value="${esc(rep.baselineParametersSha256)}">${esc(rep.baselineParametersSha256)}</span><br>
<b>input data SHA-256</b> <span data-key="reproducibility.input.sha256" data-value="${esc(rep.input.sha256)}">${esc(rep.input.sha256)}</span> over ${rep.input.samples} samples, ${rep.input.values} values, ${rep.input.days} vessel-days (${rep.input.hoursRead} vessel-hours read back from the store, the others from the digests kept as the data was stored)<br>
${(rep.referenceInputs ?? []).map((x, k) => `<b>reference period data, ${esc(x.vessel)} (option C)</b> ${esc(x.fromIso)} → ${esc(x.toIso)}, SHA-256 <span data-key="reproducibility.referenceInputs.${k}.sha256" data-value="${esc(x.sha256)}">${esc(x.sha256)}</span> over ${x.samples} samples, ${x.days} vessel-days<br>`).join('')}
<b>canonical form</b> ${esc(rep.input.canonicalForm)}<br>
<b>check</b> sillage report --verify &lt;this file&gt;
</div>
<script type="application/json" id="sillage-report">${JSON.stringify(r).replace(/</g, '\\u003c')}</script>
</body></html>
`;
}
