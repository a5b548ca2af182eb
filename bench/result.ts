/** One measured figure, as docs/benchmarks.json records it. */
export interface BenchResult {
  id: string;
  value: number;
  unit: string;
  /** What the figure is compared with, measured in the same run (a direct store write, Signal K…), or null. */
  reference: number | null;
  /** value / reference, or null. */
  ratio: number | null;
  note?: string;
}

export type Benchmark = () => Promise<BenchResult[]>;
