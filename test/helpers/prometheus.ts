import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { requireBinary, spawnServer, stopChild } from './external-server.ts';
import { freePort } from './ports.ts';
import { tempDir } from './tmp.ts';

export interface ScrapeJob {
  readonly name: string;
  /** `127.0.0.1:<port>` of a server answering GET /metrics. */
  readonly target: string;
  /** Sent as `Authorization: Bearer`, from a credentials file as an operator would configure it. */
  readonly bearerToken?: string;
}

export interface RunningPrometheus {
  readonly url: string;
  /** An instant query through the HTTP API: one entry per series, its labels and its value. */
  query(expr: string): Promise<{ labels: Record<string, string>; value: number }[]>;
  stop(): Promise<void>;
}

const queryAnswer = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('vector'),
    result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: z.tuple([z.number(), z.string()]) })),
  }),
});

/** Debian's prometheus on a free loopback port with a temporary TSDB, scraping `jobs` every second. */
export async function startPrometheus(jobs: readonly ScrapeJob[]): Promise<RunningPrometheus> {
  const binary = requireBinary('prometheus', 'prometheus');
  const { dir, remove } = tempDir('sillage-prometheus-');
  const port = await freePort();
  const config = join(dir, 'prometheus.yml');
  const lines = ['global:', '  scrape_interval: 1s', '  scrape_timeout: 1s', 'scrape_configs:'];
  for (const job of jobs) {
    lines.push(`  - job_name: ${JSON.stringify(job.name)}`, `    static_configs:`, `      - targets: [${JSON.stringify(job.target)}]`);
    if (job.bearerToken !== undefined) {
      const tokenFile = join(dir, `${job.name}.token`);
      writeFileSync(tokenFile, `${job.bearerToken}\n`, { mode: 0o600 });
      lines.push('    authorization:', `      credentials_file: ${JSON.stringify(tokenFile)}`);
    }
  }
  writeFileSync(config, `${lines.join('\n')}\n`);
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawnServer(binary, [
    `--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn',
  ]);
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/-/ready`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`prometheus exited: ${(child as ChildProcess & { output: () => string }).output()}`);
    if (Date.now() > deadline) throw new Error('prometheus was not ready within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async query(expr) {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const answer = queryAnswer.parse(await res.json());
      return answer.data.result.map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
    },
    async stop() {
      await stopChild(child);
      remove();
    },
  };
}
