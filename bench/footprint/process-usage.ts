import { readFileSync } from 'node:fs';

const CLOCK_TICKS = 100;

/** Resident memory (MB) and CPU seconds so far of a Linux process, from /proc. */
export function processUsage(pid: number): { rssMb: number; cpuSeconds: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { rssMb: rssKb / 1024, cpuSeconds: ticks / CLOCK_TICKS };
}

/** Mean RSS and CPU share (% of one core) of a process over `seconds`, after its start-up is done. */
export async function measureProcess(pid: number, seconds: number): Promise<{ rssMb: number; cpuPct: number }> {
  const first = processUsage(pid);
  const began = Date.now();
  let rssSum = 0;
  let n = 0;
  while (Date.now() - began < seconds * 1000) {
    await new Promise((r) => setTimeout(r, 1000));
    rssSum += processUsage(pid).rssMb;
    n++;
  }
  const last = processUsage(pid);
  return { rssMb: rssSum / n, cpuPct: ((last.cpuSeconds - first.cpuSeconds) / ((Date.now() - began) / 1000)) * 100 };
}

/** Busy and total CPU time of the whole machine so far (every core, jiffies), from /proc/stat. */
export function machineUsage(): { busy: number; total: number } {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const n = ticks.map(Number);
  const total = n.reduce((a, b) => a + b, 0);
  // idle and iowait are the 4th and 5th columns.
  return { busy: total - n[3]! - n[4]!, total };
}
