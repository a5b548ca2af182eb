import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TripRepository } from '../../../server/analytics/trip-repository.ts';
import type { EvidenceReport } from '../../../server/reports/build-report.ts';
import { renderReport } from '../../../server/reports/report-files.ts';
import { openStateDb } from '../../../server/state/state-db.ts';
import { SeededRandom } from '../../../shared/savings/index.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import { sectionFigures, valueAt } from '../../helpers/dossier-figures.ts';
import { sillage } from '../../helpers/sillage-cli.ts';
import { started } from '../../helpers/started.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { START } from '../../shared/savings/simulated-trips.ts';
import { saveSeason, simulateSeason } from '../analytics/conventional-trips.ts';

const DAY = 86_400_000;
const fregate = asVesselId('fregate');

/**
 * A year of La Frégate's logbook before her refit, as she fished: OTB and OTM day trips, 60 and 75 L an hour at sea,
 * with a scatter of 40 L a trip, fuel consumed noted per trip.
 */
function logbookCsv(): string {
  const rng = new SeededRandom(11);
  const p = (n: number) => String(n).padStart(2, '0');
  const rows = Array.from({ length: 40 }, (_, k) => {
    const day = new Date(START - 365 * DAY + k * 9 * DAY);
    const out = 4 + Math.floor(3 * rng.next());
    const hours = 10 + Math.floor(8 * rng.next());
    const metier = k % 2 === 0 ? 'OTB' : 'OTM';
    const fuel = 40 + hours * (metier === 'OTB' ? 60 : 75) + rng.normal(0, 40);
    const date = `${p(day.getUTCDate())}/${p(day.getUTCMonth() + 1)}/${day.getUTCFullYear()}`;
    return `${date};${p(out)}:00;${date};${p(out + hours)}:00;${metier};${fuel.toFixed(1).replace('.', ',')}`;
  });
  return ['date_depart;heure_depart;date_retour;heure_retour;metier;gazole_consomme_l', ...rows].join('\n');
}

describe('evidence reports with option C on the logbook', () => {
  let dir: string;
  let remove: () => void;
  let json: EvidenceReport;
  const data = () => join(dir, 'data');
  const window = ['--from', String(START - DAY), '--to', String(START + 20 * DAY)];

  beforeAll(async () => {
    ({ dir, remove } = tempDir('sillage-logbook-report-'));
    mkdirSync(data());
    const db = openStateDb(join(data(), 'server.db'));
    const trips = await started(new TripRepository({ db }));
    saveSeason(trips, fregate, simulateSeason({ reference: 0, reporting: 2 }));
    await trips.stop();
    db.close();
    writeFileSync(join(dir, 'journal.csv'), logbookCsv());
    const imported = await sillage('reference', 'import', '--data-dir', data(), '--vessel', 'fregate', join(dir, 'journal.csv'));
    expect(imported.stderr).toBe('');
    for (const format of ['json', 'csv']) {
      const r = await sillage('report', '--data-dir', data(), ...window, '--format', format, '--out', join(dir, `report.${format}`));
      expect(r.code, r.stderr).toBe(0);
    }
    json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as EvidenceReport;
  }, 300_000);

  afterAll(() => remove?.());

  it('gives the logbook baseline beside the others: its fit at the logbook\'s resolution and the reporting trips\' saving with its interval', () => {
    const block = json.logbookBaseline!.fregate!;
    expect(block).toMatchObject({ available: true, files: 1, records: 40, rejectedRows: 0, fit: { resolution: 'trip', units: 40, p: 5, accepted: true, regressors: { duration: 'hours', metiers: ['OTB', 'OTM'], fishing: false } } });
    expect(block.available && block.savings).toMatchObject({ trips: 2 });
    const s = block.available ? block.savings! : null;
    expect(s!.conventionalL.low).toBeLessThan(s!.conventionalL.value);
    expect(s!.fraction.low).toBeLessThan(s!.fraction.value);
    expect(s!.fraction.high).toBeGreaterThan(s!.fraction.value);
    expect(s!.savedL.value).toBeCloseTo(s!.conventionalL.value - s!.actualL, 6);
    expect(json.reproducibility.referenceRecords).toEqual([{ vessel: 'fregate', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), files: 1, records: 40 }]);
  });

  it('shows the logbook baseline in the dossier, in French and English, with the numbers of the report', () => {
    for (const lang of ['fr', 'en'] as const) {
      const figures = sectionFigures(renderReport(json, 'html', lang), 'logbook');
      expect(figures.map(([k]) => k)).toEqual(expect.arrayContaining(['logbookBaseline.fregate.fit.cvRmse', 'logbookBaseline.fregate.savings.fraction.value']));
      for (const [key, value] of figures) expect(Number(value), key).toBe(valueAt(json, key));
    }
  });

  it('is checked by --verify, from JSON and from CSV, against the logbook records as stored', async () => {
    for (const format of ['json', 'csv']) {
      const r = await sillage('report', '--data-dir', data(), '--verify', join(dir, `report.${format}`));
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain(`MATCH   logbook records of fregate (option C on the logbook) SHA-256 ${json.reproducibility.referenceRecords![0]!.sha256}`);
    }
  }, 120_000);

  it('--verify detects a logbook record changed since the report', async () => {
    const db = openStateDb(join(data(), 'server.db'));
    db.prepare('UPDATE reference_records SET fuel_m3 = fuel_m3 + 0.01 WHERE line = 5').run();
    db.close();
    const r = await sillage('report', '--data-dir', data(), '--verify', join(dir, 'report.json'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('CHANGED logbook records of fregate');
    expect(r.stdout).toContain('The report NO LONGER matches');
  }, 120_000);
});
