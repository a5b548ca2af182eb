import { describe, expect, it } from 'vitest';
import { REPORT_FORMAT } from '../../../server/reports/build-report.ts';
import { readReproducibility, ReportFormatError } from '../../../server/reports/read-report.ts';

const HEX = 'ab'.repeat(32);
const reproducibility = {
  dataWindow: { from: 1000, to: 2000 }, vessels: ['fregate'], softwareVersion: '0.1.0', baselineParametersSha256: HEX,
  input: { sha256: HEX, samples: 2, values: 4, days: 1, hoursRead: 0, canonicalForm: 'two levels' },
};
const csv = (format: string) => ['section,key,value,low,high,unit', `scope,format,${format},,,`, 'reproducibility,dataWindow.from,1000,,,',
  'reproducibility,dataWindow.to,2000,,,', 'reproducibility,vessels,fregate,,,', 'reproducibility,softwareVersion,0.1.0,,,',
  `reproducibility,baselineParametersSha256,${HEX},,,`, `reproducibility,input.sha256,${HEX},,,`, 'reproducibility,input.samples,2,,,',
  'reproducibility,input.values,4,,,'].join('\n');

describe('reading the reproducibility block of a saved report', () => {
  it('reads it from the JSON and the CSV of the current format', () => {
    const expected = { ...reproducibility, input: { sha256: HEX, samples: 2, values: 4 } };
    expect(readReproducibility(JSON.stringify({ format: REPORT_FORMAT, reproducibility }))).toEqual(expected);
    expect(readReproducibility(csv(REPORT_FORMAT))).toEqual(expected);
  });

  it('reads it from a French CSV: byte-order mark, `;` between cells, decimal comma', () => {
    const french = `\ufeff${csv(REPORT_FORMAT).replace('section,key,value,low,high,unit', 'section;clé;valeur;bas;haut;unité').replace(/,/g, ';')}`;
    expect(readReproducibility(french)).toEqual({ ...reproducibility, input: { sha256: HEX, samples: 2, values: 4 } });
  });

  it('refuses a report of the older one-pass format by name, in JSON and in CSV', () => {
    const old = 'sillage-evidence-report/1';
    expect(() => readReproducibility(JSON.stringify({ format: old, reproducibility }))).toThrow(ReportFormatError);
    expect(() => readReproducibility(JSON.stringify({ format: old, reproducibility }))).toThrow(/report is of format sillage-evidence-report\/1.*cannot be verified here/);
    expect(() => readReproducibility(csv(old))).toThrow(/report is of format sillage-evidence-report\/1/);
  });

  it("reads a control baseline's inputs from the CSV, each with its hybrid, window, counts and profile digest", () => {
    const control = { hybrid: 'fregate', vessel: 'cormoran', from: 500, to: 3000, sha256: HEX, samples: 7, values: 9, profileSha256: 'cd'.repeat(32) };
    const rows = Object.entries(control).map(([k, v]) => `reproducibility,controlInputs.0.${k},${v},,,`);
    expect(readReproducibility([csv(REPORT_FORMAT), ...rows].join('\n')).controlInputs).toEqual([control]);
  });

  it('refuses a CSV that names no format', () => {
    expect(() => readReproducibility(csv('').replace(/^scope,format.*\n/m, ''))).toThrow(/names no report format/);
  });
});
