import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

/**
 * Whether a real server binary the tests need is installed. In CI a missing one is a failure, never a skip:
 * `npm test` installs them first (scripts/ensure-test-deps.mjs), so absence means the set-up is broken.
 */
export function requireBinary(name: string, debianPackage: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
  if (!found) {
    throw new Error(`${name} is not installed: install the Debian package "${debianPackage}" (apt-get install -y ${debianPackage}), or run npm test, which does`);
  }
  return found;
}

/** A child process that is killed when the test process exits, whatever happens to the test. */
export function spawnServer(command: string, args: string[]): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-8000); });
  child.stderr?.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-8000); });
  (child as ChildProcess & { output: () => string }).output = () => output;
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => process.off('exit', kill));
  return child;
}

export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill(signal);
  });
}
