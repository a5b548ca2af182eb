import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark, BenchResult } from './result.ts';

/**
 * Runs every benchmark module in this folder (or those named on the command line), then records the figures:
 * appended as a dated section to docs/BENCHMARKS.md, and merged by id into docs/benchmarks.json.
 */
const here = dirname(fileURLToPath(import.meta.url));
const docs = join(here, '..', 'docs');
const wanted = process.argv.slice(2);
const modules = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !['run.ts', 'result.ts'].includes(f) && !f.startsWith('_'))
  .map((f) => basename(f, '.ts'))
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();
if (wanted.length > 0 && modules.length !== wanted.length) {
  console.error(`unknown benchmark(s): ${wanted.filter((w) => !modules.includes(w)).join(', ')}`);
  process.exit(2);
}

// The SILLAGE_BENCH_* settings a run was given belong to its command: without them it cannot be repeated.
const settings = Object.entries(process.env).filter(([k]) => k.startsWith('SILLAGE_BENCH_')).sort(([a], [b]) => a.localeCompare(b))
  .map(([k, v]) => `${k}=${v} `).join('');
const command = `${settings}npm run bench${wanted.length ? ` -- ${wanted.join(' ')}` : ''}`;
const date = new Date().toISOString();
const results: (BenchResult & { module: string })[] = [];
const failures: string[] = [];
for (const name of modules) {
  console.log(`▶ ${name}`);
  const started = Date.now();
  try {
    const run = ((await import(join(here, `${name}.ts`))) as { default: Benchmark }).default;
    for (const r of await run()) {
      results.push({ ...r, module: name });
      console.log(`  ${r.id} = ${r.value} ${r.unit}${r.reference !== null ? ` (reference ${r.reference}, ratio ${r.ratio})` : ''}`);
    }
  } catch (err) {
    failures.push(`${name}: ${(err as Error).message}`);
    console.error(`  failed: ${(err as Error).stack}`);
  }
  console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

const fmt = (n: number | null) => (n === null ? '—' : Number.isInteger(n) ? String(n) : n.toPrecision(4));
const section = [
  `## ${date}`,
  '',
  `Command: \`${command}\` on this project's 2-core machine (Node ${process.version}).`,
  '',
  '| id | value | unit | reference | ratio | note |',
  '| --- | --- | --- | --- | --- | --- |',
  ...results.map((r) => `| \`${r.id}\` | ${fmt(r.value)} | ${r.unit} | ${fmt(r.reference)} | ${fmt(r.ratio)} | ${r.note ?? ''} |`),
  ...(failures.length ? ['', 'Failed:', ...failures.map((f) => `- ${f}`)] : []),
  '',
].join('\n');
const mdPath = join(docs, 'BENCHMARKS.md');
const header = '# Benchmarks\n\nEach section is one run of the command it names; ratios compare figures measured in that same run.\n\n';
writeFileSync(mdPath, (existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : header) + section + '\n');

const jsonPath = join(docs, 'benchmarks.json');
const previous = existsSync(jsonPath) ? (JSON.parse(readFileSync(jsonPath, 'utf8')) as { id: string }[]) : [];
const fresh = results.map(({ id, value, unit, reference, ratio, note }) => ({ id, value, unit, reference, ratio, command, date, ...(note ? { note } : {}) }));
const merged = [...previous.filter((p) => !fresh.some((f) => f.id === p.id)), ...fresh].sort((a, b) => a.id.localeCompare(b.id));
writeFileSync(jsonPath, `${JSON.stringify(merged, null, 2)}\n`);
console.log(`\n${results.length} figures written to docs/BENCHMARKS.md and docs/benchmarks.json${failures.length ? `; ${failures.length} failed` : ''}`);
process.exit(failures.length ? 1 : 0);
