#!/usr/bin/env node
// Installs the real servers the test suite runs against (Debian packages) when they are missing, announcing
// each install and skipping what is present. Where it cannot install, it names the packages and fails: the
// suite never pretends that a missing server passed.
import { spawnSync } from 'node:child_process';

const needed = [
  { binary: 'influxd', pkg: 'influxdb', why: 'InfluxDB store tests' },
  { binary: 'mosquitto', pkg: 'mosquitto', why: 'external-broker and multi-worker tests' },
  { binary: 'chromium', pkg: 'chromium', why: 'browser tests of the dashboards and the skipper display' },
  { binary: 'openssl', pkg: 'openssl', why: 'TLS tests (test certificates)' },
  { binary: 'prometheus', pkg: 'prometheus', why: 'monitoring test (Prometheus scraping the shore, promtool on the alert rules)' },
];

const has = (binary) =>
  spawnSync('sh', ['-c', `command -v ${binary} || test -x /usr/sbin/${binary}`], { stdio: 'ignore' }).status === 0;

const missing = needed.filter((n) => !has(n.binary));
if (missing.length === 0) {
  console.log(`test dependencies present: ${needed.map((n) => n.binary).join(', ')}`);
  process.exit(0);
}

const pkgs = missing.map((n) => n.pkg);
for (const n of missing) console.log(`missing ${n.binary} (Debian package ${n.pkg}) for the ${n.why}`);
const isRoot = process.getuid?.() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
if (!isRoot || !hasApt) {
  console.error(`cannot install them here (${!hasApt ? 'no apt-get' : 'not root'}). Install them, then run the tests again:\n` +
    `  sudo apt-get update && sudo apt-get install -y ${pkgs.join(' ')}`);
  process.exit(1);
}
console.log(`installing: apt-get install -y ${pkgs.join(' ')}`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
const run = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env }).status === 0;
if (!run(['update', '-q']) || !run(['install', '-y', '-q', '--no-install-recommends', ...pkgs])) {
  console.error(`apt-get failed; install these packages by hand: ${pkgs.join(' ')}`);
  process.exit(1);
}
const still = missing.filter((n) => !has(n.binary));
if (still.length > 0) {
  console.error(`still missing after install: ${still.map((n) => n.binary).join(', ')}`);
  process.exit(1);
}
console.log('test dependencies installed.');
