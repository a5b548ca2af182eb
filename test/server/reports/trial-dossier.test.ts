import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceReport } from '../../../server/reports/build-report.ts';
import { localeOf } from '../../../server/i18n/locale.ts';
import { csvCells } from '../../../server/reports/read-report.ts';
import type { SignalPath } from '../../../shared/registry/index.ts';
import { UNCERTAIN_PARAMETERS } from '../../../shared/savings/index.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import { topicFor } from '../../../shared/wire/topics.ts';
import { sillage } from '../../helpers/sillage-cli.ts';
import { launchChromium, waitReady } from '../web/browser.ts';
import { jsonValue } from './report-values.ts';
import { fregate, startTrialShore, type TrialShore } from './trial-shore.ts';

/** The size of each page of a PDF, in millimetres to the nearest one, from its /MediaBox entries (in points). */
const pageSizes = (pdf: Buffer) => [...pdf.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)]
  .map((m) => [Math.round((Number(m[1]) / 72) * 25.4), Math.round((Number(m[2]) / 72) * 25.4)]);
const A4 = [210, 297];
const trial = 'scope=period&format=html';

/**
 * Words of English that French never writes, each a whole word: what a sentence left untranslated is bound to hold.
 * French words close to them (alarme, batterie, intervalle, carburant…) are other words.
 */
const ENGLISH = /\b(the|of|and|with|without|is|are|trips?|fuel|excluded|coverage|baselines?|savings?|saved|below|above|fails|meets|fitted|hours|records|clean|refused|accepted|vessels?|generators?|battery|shore|steaming|towing|hauling|shooting|drifting|alarms?|warning|raised|track|north|newest|first|range|interval|percentage|given|samples|estimated|widens|logbook|claimed|measured|none|yes|sensitivity|both)\b/gi;

/** The English words of a text, each with what surrounds it, so that a failure says where it is. */
const englishIn = (text: string) => [...text.matchAll(ENGLISH)].map((m) => text.slice(Math.max(0, m.index - 40), m.index + m[0].length + 40).replace(/\s+/g, ' '));

/**
 * What the dossier quotes as it was written, in whatever language its writer used: the vessel profiles' words (their
 * sources, engine names, claims), and the calibration bench's figure ids, notes and commands.
 */
function asWritten(report: EvidenceReport): string[] {
  const strings = (x: unknown): string[] => (typeof x === 'string' ? [x] : x && typeof x === 'object' ? Object.values(x).flatMap(strings) : []);
  return [...strings(report.baseline.vessels), ...report.claims.map((c) => c.source), ...(report.calibration?.figures ?? []).flatMap((f) => [f.id, f.note ?? '', f.command])]
    .filter(Boolean).sort((a, b) => b.length - a.length);
}

const without = (text: string, quoted: readonly string[]) => quoted.reduce((t, q) => t.split(q).join(' '), text);

/**
 * Every text a reader sees on a page, SVG labels, titles and aria-labels included, one per line; not what is set as
 * code (assumption names, the parser's own diagnostic of a refused batch).
 */
const visibleText = (page: Page) => page.evaluate(() => {
  const texts: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!n.parentElement!.closest('script, style, code')) texts.push(n.nodeValue!);
  for (const el of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
    texts.push(...['title', 'aria-label', 'placeholder'].map((a) => el.getAttribute(a) ?? ''));
  }
  return texts.map((t) => t.trim()).filter(Boolean).join('\n');
});

describe('the trial dossier and the shore pages, in French and in English', () => {
  let shore: TrialShore;
  let browser: Browser;
  let json: EvidenceReport;
  const contexts: BrowserContext[] = [];
  const context = async (locale: string) => {
    const c = await browser.newContext({ locale });
    contexts.push(c);
    return c;
  };

  beforeAll(async () => {
    shore = await startTrialShore();
    browser = await launchChromium();
    json = await shore.get<EvidenceReport>('/api/reports?scope=period&format=json');
  }, 600_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await shore?.stop();
  });

  it('is French for a reader whose browser prefers French, with fr-FR numbers, and prints on A4 pages', async () => {
    const page = await (await context('fr-FR')).newPage();
    await page.goto(`${shore.httpUrl}/api/reports?${trial}`);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.textContent('h1')).toBe('Preuves d\'économies de carburant — tous les navires — tout l\'essai');
    const headings = await page.locator('h2').allTextContents();
    expect(headings.slice(0, 3)).toEqual(['1. L\'annonce, métier par métier, face à chaque référence', '2. Les références et leur validité', '3. Hypothèses et tolérances']);
    expect(headings.at(-1)).toBe('12. Reproductibilité');
    const fraction = json.savings.fuel.fraction.value;
    // fr-FR: a decimal comma and a narrow no-break space before the per cent sign.
    expect(await page.locator('[data-key="savings.fuel.fraction.value"]').first().textContent()).toBe(`${(100 * fraction).toFixed(1).replace('.', ',')}\u202f%`);
    expect(await page.locator('.card .v[data-key="savings.fuel.savedL.value"]').textContent()).toBe(`${localeOf('fr').num(json.savings.fuel.savedL.value, 0)} L`);
    expect(localeOf('fr').num(json.savings.fuel.savedL.value, 0)).toMatch(/^\d{1,3}(\u202f\d{3})*$/);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const sizes = pageSizes(pdf);
    expect(sizes.length).toBeGreaterThan(4);
    for (const size of sizes) expect(size).toEqual(A4);
  });

  it('is English when asked for by lang=en, whatever the browser prefers, and prints on A4 pages', async () => {
    const page = await (await context('fr-FR')).newPage();
    await page.goto(`${shore.httpUrl}/api/reports?${trial}&lang=en`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('h1')).toBe('Fuel-savings evidence — all vessels — whole trial');
    expect(await page.locator('h2').first().textContent()).toBe('1. The claim, métier by métier, against each baseline');
    expect(await page.locator('[data-key="savings.fuel.fraction.value"]').first().textContent()).toBe(`${(100 * json.savings.fuel.fraction.value).toFixed(1)} %`);
    for (const size of pageSizes(await page.pdf({ format: 'A4', printBackground: true }))) expect(size).toEqual(A4);
  });

  it('weighs each métier\'s claim against every baseline: option D, and option C per vessel or why there is none', async () => {
    const page = await (await context('en-GB')).newPage();
    await page.goto(`${shore.httpUrl}/api/reports?${trial}`);
    expect(json.claims.map((c) => c.metier)).toEqual(['OTB', 'OTM', 'SDN']);
    for (const c of json.claims) {
      const block = page.locator(`.metier[data-metier="${c.metier}"]`);
      expect(await block.locator('h3').textContent()).toBe(`${c.metier}: claimed 15–21 %`);
      const rows = await block.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
      expect(rows.map((r) => r[0])).toEqual(['model (option D)', 'measured (option C), fregate', 'measured (option C), sister']);
      const model = json.byMetier[c.metier]!.fuel.fraction;
      expect(rows[0]![2]).toBe(`${(100 * model.value).toFixed(1)} %`);
      expect(await block.locator('[data-verdict]').first().getAttribute('data-verdict')).toBe(c.verdict);
      const optionC = json.measuredByMetier!.fregate![c.metier]!;
      expect(optionC.available && optionC.savings ? rows[1]![2] : null).toBe(optionC.available && optionC.savings ? `${(100 * optionC.savings.fraction.value).toFixed(1)} %` : null);
      // The sister's fit fails Guideline 14: no figure, and the reason instead of a verdict.
      expect(rows[2]![2]).toBe('—');
      expect(rows[2]![4]).toMatch(/^fails ASHRAE Guideline 14/);
      expect(await block.locator('svg .ci-bar').count()).toBe(2 * 3);
    }
    const figures = await page.locator('[data-key][data-value]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-key')!, e.getAttribute('data-value')!] as const));
    expect(figures.filter(([k]) => k.startsWith('measuredByMetier.')).length).toBeGreaterThanOrEqual(6);
    for (const [key, value] of figures) {
      const expected = jsonValue(json, key);
      expect(typeof expected === 'number' ? Number(value) : value, key).toBe(typeof expected === 'number' ? expected : String(expected));
    }
  });

  it('states the assumptions with their tolerances and sources, and a tornado of each per vessel and métier', async () => {
    const page = await (await context('fr-FR')).newPage();
    await page.goto(`${shore.httpUrl}/api/reports?${trial}`);
    const assumptions = await page.locator('table.assumptions').first().locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
    expect(assumptions.map((r) => r[0])).toEqual(Object.keys(json.baseline.vessels.fregate!.uncertainty).filter((k) => k !== 'sources'));
    expect(assumptions.find((r) => r[0] === 'mainEngineSfoc')).toEqual(['mainEngineSfoc', 'uniforme', '×1,000 – ×1,050', json.baseline.vessels.fregate!.uncertainty.sources.mainEngineSfoc]);
    expect(json.sensitivity.map((s) => `${s.vessel} ${s.metier}`)).toEqual(['fregate OTB', 'fregate OTM', 'fregate SDN', 'sister OTB', 'sister OTM', 'sister SDN']);
    const tornadoes = page.locator('svg.tornado');
    expect(await tornadoes.count()).toBe(json.sensitivity.length);
    // One bar per stated tolerance and per geometry assumption, each end drawn.
    expect(await tornadoes.first().locator('rect.low:not([width="10"])').count()).toBe(UNCERTAIN_PARAMETERS.length + 2);
    expect(json.sensitivity[0]!.bars.some((b) => Math.abs(b.atHigh) > 0.005)).toBe(true);
  });

  it('gives emissions with the CO2 factor and its source, comfort, exclusions and the simulator\'s calibration with its date and command', async () => {
    const page = await (await context('en-GB')).newPage();
    await page.goto(`${shore.httpUrl}/api/reports?${trial}`);
    const text = (await page.textContent('body'))!;
    expect(text).toContain('fregate: CO₂ from fuel at 3.206 t CO₂ per t of fuel (METHOD §2: 3.206 t CO2/t fuel (IMO MEPC.364(79))).');
    expect(await page.locator('[data-key="comfort.generatorOffHoursAtSea"]').getAttribute('data-value')).toBe(String(json.comfort.generatorOffHoursAtSea));
    const excluded = json.trips.filter((t) => !t.included);
    expect(await page.locator('[data-excluded]').count()).toBe(excluded.length);
    const benchmarks = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'benchmarks.json'), 'utf8')) as { id: string; value: number; date: string; command: string }[];
    const calibration = benchmarks.filter((b) => b.id.startsWith('evidence.'));
    expect(json.calibration!.figures.map((f) => f.id)).toEqual(calibration.map((b) => b.id).sort());
    const coverage = calibration.find((b) => b.id === 'evidence.model.coverage')!;
    expect(json.calibration!.figures.find((f) => f.id === 'evidence.model.coverage')).toMatchObject({ value: coverage.value, date: coverage.date, command: coverage.command });
    expect(text).toContain(`Measured by \`${coverage.command}\` on ${coverage.date.slice(0, 16).replace('T', ' ')} UTC.`);
  });

  it('leaves no English in the French dossier beyond what it quotes as written: exclusion and fit reasons, phases, charts, reproducibility', async () => {
    const page = await (await context('fr-FR')).newPage();
    await page.goto(`${shore.httpUrl}/api/reports?${trial}`);
    const excluded = json.trips.filter((t) => !t.included);
    expect(excluded.map((t) => t.reasonCodes!.map((r) => r.code))).toEqual([['coverage.below', 'clock.anomalies', 'fuel.estimated']]);
    const text = without(await visibleText(page), asWritten(json));
    expect(text).toContain('Marées exclues : 1 sur 19');
    expect(text).toContain('ne respecte pas l\'ASHRAE Guideline 14 (horaire)');
    expect(englishIn(text)).toEqual([]);
    // The same scan finds the English one: the word list is not one that nothing matches.
    await page.goto(`${shore.httpUrl}/api/reports?${trial}&lang=en`);
    expect(englishIn(without(await visibleText(page), asWritten(json))).length).toBeGreaterThan(100);
  });

  it('writes the French dossier\'s numbers and dates as fr-FR does: decimal comma, narrow no-break space, dd/mm/yyyy', async () => {
    const fr = localeOf('fr');
    const page = await (await context('fr-FR')).newPage();
    await page.goto(`${shore.httpUrl}/api/reports?${trial}`);
    const [trip] = json.trips.filter((t) => !t.included);
    const below = trip!.reasonCodes![0]!.params;
    const row = (await page.locator(`[data-excluded="${trip!.id}"]`).textContent())!;
    expect(row).toContain(`${fr.dateTime(trip!.start)}`);
    expect(row).toMatch(/^\S+\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} UTC/);
    expect(row).toContain(`couverture en mer de ${fr.num(Number(below.coverage), 1)}\u202f%, sous le seuil de 90\u202f%`);
    expect(row).toMatch(/incomplet \d{1,3}\u202f\d{3} s/);
    expect(await page.locator('[data-key="savings.fuel.actualL"]').textContent()).toMatch(/^\d{1,3}\u202f\d{3} L$/);
    expect(await page.locator('.meta').textContent()).toMatch(/^marées commencées du \d{2}\/\d{2}\/\d{4} au \d{2}\/\d{2}\/\d{4} · établi le \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} UTC/);
    // Outside what is quoted as written, the software's version and the reproducibility block's ISO 8601 instants.
    const text = without(await visibleText(page), [...asWritten(json), `sillage ${json.reproducibility.softwareVersion}`])
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, ' ');
    expect(text.match(/\d\.\d/g)).toBeNull();
    expect(text.match(/\d{4}-\d{2}-\d{2}/g)).toBeNull();
  });

  it('leaves no English in the French CSV\'s sentences: title, reasons, methods, verdicts', async () => {
    const text = await (await fetch(`${shore.httpUrl}/api/reports?scope=period&format=csv&lang=fr`)).text();
    const quoted = asWritten(json);
    // Sections, keys and coded values (overlaps, in-port…) are identifiers a spreadsheet filters on, as in the JSON.
    const sentences = text.slice(1).trim().split('\n').slice(1).map((line) => csvCells(line, ';')[2] ?? '').filter((v) => / /.test(v));
    expect(sentences.length).toBeGreaterThan(10);
    expect(englishIn(without(sentences.join('\n'), quoted))).toEqual([]);
  });

  it('leaves no English in the French shore pages: phases, event kinds, alarms, refused batches, trip reasons, charts', async () => {
    const client = await mqtt.connectAsync(shore.server.mqttUrl);
    const t = Date.now();
    await client.publishAsync(topicFor(fregate, 'events'), JSON.stringify({
      t, kind: 'alarm.raised', detail: { id: 'battery-over-temperature:main', alarm: 'battery-over-temperature', subject: 'main', severity: 'alarm', value: 61.25, threshold: 60, since: t },
    }), { qos: 1 });
    await client.publishAsync(topicFor(asVesselId('sister'), 'telemetry'), '{"seq": 1, "samples": [', { qos: 1 });
    await client.endAsync();
    const excluded = json.trips.find((x) => !x.included)!;
    const page = await (await context('fr-FR')).newPage();
    const seen: Record<string, string> = {};
    for (const hash of ['#/', '#/trips', `#/trip/${excluded.id}`, '#/vessel/fregate', '#/events', '#/quality', '#/reports']) {
      await page.goto(`${shore.httpUrl}/ui/${hash}`);
      await waitReady(page);
      if (hash === '#/events') await page.locator('table.events tr[data-kind="alarm.raised"]').waitFor({ timeout: 10_000 });
      seen[hash] = await visibleText(page);
      expect(englishIn(seen[hash]), hash).toEqual([]);
    }
    expect(seen['#/events']).toContain('alarme déclenchée');
    expect(seen['#/events']).toContain('batterie en surchauffe main · valeur 61,3 (seuil 60)');
    expect(seen['#/quality']).toMatch(/JSON invalide\s+1/);
    expect(seen[`#/trip/${excluded.id}`]).toContain('chalutage');
    expect(seen[`#/trip/${excluded.id}`]).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} UTC/);
    expect(seen['#/trips']).toContain(`non : couverture en mer de ${localeOf('fr').num(Number(excluded.reasonCodes![0]!.params.coverage), 1)}\u202f%`);
  });

  it('comes as a French CSV that French spreadsheets open: byte-order mark, `;`, decimal comma, full precision', async () => {
    const res = await fetch(`${shore.httpUrl}/api/reports?scope=period&format=csv&lang=fr`);
    expect(res.headers.get('content-disposition')).toMatch(/-fr\.csv"$/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...lines] = bytes.toString('utf8').slice(1).trim().split('\n');
    expect(header).toBe('section;clé;valeur;bas;haut;unité');
    const rows = new Map(lines.map((line) => {
      const [section, key, value, low, high] = csvCells(line, ';');
      return [`${section}|${key}`, { value, low, high }];
    }));
    const fraction = rows.get('savings|fuel.fraction')!;
    expect(fraction.value).toBe(String(json.savings.fuel.fraction.value).replace('.', ','));
    expect(Number(fraction.low!.replace(',', '.'))).toBe(json.savings.fuel.fraction.low);
    // Dates stay ISO 8601 UTC, as in English.
    expect(rows.get('scope|generatedAt')!.value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(rows.get('reproducibility|dataWindow.fromIso')!.value).toBe(json.reproducibility.dataWindow.fromIso);
    const english = await (await fetch(`${shore.httpUrl}/api/reports?scope=period&format=csv&lang=en`)).text();
    expect(english.split('\n')[0]).toBe('section,key,value,low,high,unit');
    expect(english).toContain(`savings,fuel.fraction,${json.savings.fuel.fraction.value},`);
  });

  it('makes the shore pages speak French to a browser that prefers it, with fr-FR numbers and dates', async () => {
    const ctx = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1360, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${shore.httpUrl}/ui/#/trips`);
    await waitReady(page);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.locator('[data-nav]').allTextContents()).toEqual(['Flotte', 'Marées', 'Qualité des données', 'Alarmes et événements', 'Rapports']);
    expect(await page.locator('main h2').first().textContent()).toBe('Marées');
    const first = page.locator('tr[data-trip] [data-key="fraction"]').first();
    expect(await first.evaluate((td) => td.firstChild!.textContent)).toMatch(/^-?\d+,\d\u202f%$/);
    expect(await page.locator('tr[data-trip] td:nth-child(3)').first().textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
    await ctx.close();
  });

  it('makes the shore pages speak English to a browser that prefers it, and remember the language a reader picks', async () => {
    const ctx = await browser.newContext({ locale: 'en-GB' });
    const page = await ctx.newPage();
    await page.goto(`${shore.httpUrl}/ui/#/reports`);
    await waitReady(page);
    expect(await page.locator('main h2').first().textContent()).toBe('Evidence reports');
    expect(await page.locator('.links a[data-format="html"]').getAttribute('href')).toContain('lang=en');
    await Promise.all([page.waitForEvent('load'), page.selectOption('#lang', 'fr')]);
    await waitReady(page);
    expect(await page.locator('main h2').first().textContent()).toBe('Rapports de preuves');
    expect(await page.locator('.links a[data-format="html"]').getAttribute('href')).toContain('lang=fr');
    // Remembered by this browser, against its Accept-Language.
    const again = await ctx.newPage();
    await again.goto(`${shore.httpUrl}/ui/#/`);
    await waitReady(again);
    expect(await again.locator('[data-nav="fleet"]').textContent()).toBe('Flotte');
    await ctx.close();
  });

  it('is written by `sillage report --trial --lang fr`, and --verify on the dossier detects a changed stored value', async () => {
    const file = join(shore.dataDir, 'dossier-fr.html');
    const made = await sillage('report', '--config', shore.configFile, '--trial', '--format', 'html', '--lang', 'fr', '--out', file);
    expect(made.code, made.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('<h1>Preuves d&#39;économies de carburant — tous les navires — tout l&#39;essai</h1>');
    const csvFile = join(shore.dataDir, 'dossier-fr.csv');
    expect((await sillage('report', '--config', shore.configFile, '--trial', '--format', 'csv', '--out', csvFile)).code).toBe(0);
    expect(readFileSync(csvFile, 'utf8').startsWith('\ufeffsection;clé;valeur')).toBe(true);
    for (const saved of [file, csvFile]) {
      const ok = await sillage('report', '--config', shore.configFile, '--verify', saved);
      expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    }
    const bad = await sillage('report', '--config', shore.configFile, '--trial', '--lang', 'de');
    expect([bad.code, bad.stderr.trim()]).toEqual([2, 'sillage report: --lang must be one of fr, en, got "de"']);
    // One stored value inside the dossier's data window, rewritten.
    const t = JSON.parse(/<script type="application\/json" id="sillage-report">([\s\S]*?)<\/script>/.exec(readFileSync(file, 'utf8'))![1]!).reproducibility.dataWindow.from + 3_600_000;
    await shore.server.store.write(fregate, [{ t, v: { ['electrical.batteries.main.capacity.stateOfCharge' as SignalPath]: 0.42 } }]);
    for (const saved of [file, csvFile]) {
      const changed = await sillage('report', '--config', shore.configFile, '--verify', saved);
      expect(changed.code, saved).toBe(1);
      expect(changed.stdout).toMatch(/^CHANGED input data SHA-256/);
    }
  }, 300_000);
});
