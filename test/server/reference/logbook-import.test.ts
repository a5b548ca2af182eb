import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogbookStore } from '../../../server/reference/logbook-store.ts';
import { openStateDb } from '../../../server/state/state-db.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import { sillage } from '../../helpers/sillage-cli.ts';
import { tempDir } from '../../helpers/tmp.ts';

const fregate = asVesselId('fregate');

describe('sillage reference import: a conventional vessel\'s logbook, checked at the door', () => {
  let dir: string;
  let remove: () => void;
  beforeEach(() => ({ dir, remove } = tempDir('sillage-logbook-')));
  afterEach(() => remove());

  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const importFile = (file: string, ...flags: string[]) => sillage('reference', 'import', '--data-dir', join(dir, 'data'), '--vessel', 'fregate', ...flags, file);
  const stored = () => {
    const db = openStateDb(join(dir, 'data', 'server.db'));
    try {
      const store = new LogbookStore(db);
      return { files: store.files(fregate), sources: store.sources(fregate), rejected: store.files(fregate).flatMap((f) => store.rejectedRows(f.id)) };
    } finally {
      db.close();
    }
  };

  it('stores a plain CSV of trips (comma, ISO dates, decimal point), fuel consumed per trip, in SI with the file\'s digest', async () => {
    const file = write('logbook.csv', [
      'date_out,time_out,date_in,time_in,metier,fuel_consumed_l,hours_fishing,landings_kg',
      '2024-03-04,05:30,2024-03-04,19:45,OTB,1210.5,9.5,1840',
      '2024-03-06,04:00,2024-03-07,02:15,OTM,1650,12,',
    ].join('\n'));
    const r = await importFile(file);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 records stored for fregate (csv, fuel consumed), 0 bad rows kept aside');
    const { files, sources } = stored();
    expect(files).toMatchObject([{ name: 'logbook.csv', format: 'csv', basis: 'consumed', timeZone: 'Europe/Paris', records: 2, rejected: 0 }]);
    expect(files[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    // 05:30 in Paris in March is 04:30 UTC (winter time).
    expect(sources[0]!.records[0]).toEqual({
      line: 2, departure: Date.UTC(2024, 2, 4, 4, 30), arrival: Date.UTC(2024, 2, 4, 18, 45), timed: true, metier: 'OTB',
      fuelM3: 1.2105, fishingSeconds: 9.5 * 3600, landingsKg: 1840,
    });
    expect(sources[0]!.records[1]).toMatchObject({ line: 3, arrival: Date.UTC(2024, 2, 7, 1, 15), fuelM3: 1.65, landingsKg: null });
  }, 60_000);

  it('stores a French CSV (";" separator, decimal commas, dd/mm/yyyy, French column names) of bunkering receipts', async () => {
    const file = write('journal.csv', [
      'Date départ;Heure départ;Date retour;Heure retour;Métier;Heures de pêche;Gazole soute (L);Débarquements kg',
      '01/07/2024;04:10;01/07/2024;18:40;SDN;8,5;;1 250',
      '02/07/2024;04:20;02/07/2024;17:55;SDN;7;2 480;980,5',
    ].join('\r\n'));
    const r = await importFile(file);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 records stored for fregate (csv-fr, fuel bunkered)');
    const [source] = stored().sources;
    expect(source!.basis).toBe('bunkered');
    // 04:10 in Paris in July is 02:10 UTC (summer time).
    expect(source!.records).toEqual([
      { line: 2, departure: Date.UTC(2024, 6, 1, 2, 10), arrival: Date.UTC(2024, 6, 1, 16, 40), timed: true, metier: 'SDN', fuelM3: null, fishingSeconds: 8.5 * 3600, landingsKg: 1250 },
      { line: 3, departure: Date.UTC(2024, 6, 2, 2, 20), arrival: Date.UTC(2024, 6, 2, 15, 55), timed: true, metier: 'SDN', fuelM3: 2.48, fishingSeconds: 7 * 3600, landingsKg: 980.5 },
    ]);
  }, 60_000);

  it('stores an XLSX workbook written by a spreadsheet library, date cells and numbers as they are typed, per-day records without times', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Journal de bord');
    sheet.addRow(['date_out', 'date_in', 'metier', 'fuel_consumed_l', 'hours_fishing']);
    sheet.addRow([new Date(Date.UTC(2024, 0, 15)), new Date(Date.UTC(2024, 0, 15)), 'OTB', 980, 10.5]);
    sheet.addRow([new Date(Date.UTC(2024, 0, 16)), null, 'OTB', 1020.4, 11]);
    const file = join(dir, 'logbook.xlsx');
    await workbook.xlsx.writeFile(file);
    const r = await importFile(file);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 records stored for fregate (xlsx, fuel consumed)');
    const [source] = stored().sources;
    // A day without times runs from local midnight to local midnight (Paris is UTC+1 in January).
    expect(source!.records).toEqual([
      { line: 2, departure: Date.UTC(2024, 0, 14, 23), arrival: Date.UTC(2024, 0, 15, 23), timed: false, metier: 'OTB', fuelM3: 0.98, fishingSeconds: 10.5 * 3600, landingsKg: null },
      { line: 3, departure: Date.UTC(2024, 0, 15, 23), arrival: Date.UTC(2024, 0, 16, 23), timed: false, metier: 'OTB', fuelM3: 1.0204, fishingSeconds: 11 * 3600, landingsKg: null },
    ]);
  }, 60_000);

  const badFile = () => write('bad.csv', [
    'date_depart;heure_depart;date_retour;heure_retour;metier;gazole_consomme_l',
    '04/03/2024;05:30;04/03/2024;19:45;OTB;1210',
    '31/02/2024;05:30;31/02/2024;19:45;OTB;1210',
    '05/03/2024;05:3O;05/03/2024;19:45;OTB;1190',
    '06/03/2024;05:30;06/03/2024;19:45;OTB;1 2O0',
    '07/03/2024;19:30;07/03/2024;05:45;OTB;1000',
    '08/03/2024;05:30;08/03/2024;19:45;chalut;1000',
    '09/03/2024;05:30;09/03/2024;19:45;OTB;950',
  ].join('\n'));

  it('refuses a file with bad rows whole, naming every bad row with its line and reason', async () => {
    const r = await importFile(badFile());
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => /bad\.csv:\d+:/.test(l));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/bad\.csv:3: date_out: "31\/02\/2024" is not a date/);
    expect(lines[1]).toMatch(/bad\.csv:4: time_out: "05:3O" is not a time of day/);
    expect(lines[2]).toMatch(/bad\.csv:5: fuel_consumed_l: "1 2O0" is not a non-negative number/);
    expect(lines[3]).toMatch(/bad\.csv:6: arrival date_in\/time_in is not after departure/);
    expect(lines[4]).toMatch(/bad\.csv:7: metier: a métier is a three-letter FAO gear code/);
    expect(r.stderr).toContain('5 bad rows: nothing stored');
    expect(stored().files).toEqual([]);
  }, 60_000);

  it('with --skip-bad-rows stores the good rows and keeps the bad ones aside, counted and listed', async () => {
    const r = await importFile(badFile(), '--skip-bad-rows');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 records stored for fregate (csv-fr, fuel consumed), 5 bad rows kept aside');
    const { files, sources, rejected } = stored();
    expect(files[0]).toMatchObject({ records: 2, rejected: 5 });
    expect(sources[0]!.records.map((x) => x.line)).toEqual([2, 8]);
    expect(sources[0]!.rejectedLines).toEqual([3, 4, 5, 6, 7]);
    expect(rejected[1]).toEqual({ line: 4, reason: 'time_out: "05:3O" is not a time of day (hh:mm)', text: '05/03/2024;05:3O;05/03/2024;19:45;OTB;1190' });
    const list = await sillage('reference', 'list', '--data-dir', join(dir, 'data'));
    expect(list.stdout).toContain('2 records, 5 kept aside');
    const again = await importFile(badFile(), '--skip-bad-rows');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is already imported for fregate');
  }, 60_000);

  it('refuses a file that is no logbook, naming what is missing', async () => {
    const r = await importFile(write('other.csv', 'date_out,metier,fuel_consumed_l,fuel_bunkered_l\n2024-03-04,OTB,1,2\n'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('exactly one of fuel_consumed_l');
    const unknown = await importFile(write('other2.csv', 'date_out,metier,fuel_l\n2024-03-04,OTB,1\n'));
    expect(unknown.stderr).toContain('unknown column "fuel_l"');
    expect(stored().files).toEqual([]);
  }, 60_000);
});
