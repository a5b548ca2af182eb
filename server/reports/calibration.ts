import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** One figure of the simulator's calibration bench as docs/benchmarks.json records it. */
const benchmarkSchema = z.object({
  id: z.string(), value: z.number(), unit: z.string(), command: z.string(), date: z.string(), note: z.string().optional(),
});
export type CalibrationFigure = z.infer<typeof benchmarkSchema>;

export interface Calibration {
  /** Where the figures were read: the benchmarks file of the software that made the report. */
  source: string;
  figures: CalibrationFigure[];
  /** Entries of the file that are not benchmark figures, counted rather than shown. */
  rejected: number;
}

export const BENCHMARKS_FILE = new URL('../../docs/benchmarks.json', import.meta.url);
const EVIDENCE = /^evidence\./;

/**
 * How well the savings engine finds truths it cannot see on the simulator (the `evidence.*` figures of
 * `npm run bench -- evidence-calibration`, with their date and command): what a reader weighs the intervals by.
 * Null when the software was installed without its docs.
 */
export function readCalibration(file: URL = BENCHMARKS_FILE): Calibration | null {
  let entries: unknown;
  try {
    entries = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(entries)) return null;
  const figures: CalibrationFigure[] = [];
  let rejected = 0;
  for (const entry of entries) {
    const parsed = benchmarkSchema.safeParse(entry);
    if (!parsed.success) rejected += 1;
    else if (EVIDENCE.test(parsed.data.id)) figures.push(parsed.data);
  }
  return { source: 'docs/benchmarks.json', figures: figures.sort((a, b) => a.id.localeCompare(b.id)), rejected };
}
