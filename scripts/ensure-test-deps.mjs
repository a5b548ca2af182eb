#!/usr/bin/env node
// Installs the real servers the test suite runs against when they are missing (Debian packages, and signalk-server
// from npm), announcing each install and skipping what is present. Where it cannot install, it names the packages
// and fails: the suite never pretends that a missing server passed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * signalk-server, the real Signal K peer of the Signal K source tests and the footprint bench's reference, is two
 * thirds of a full install: it is no dependency of Sillage, so `npm install` leaves it out and it is installed here,
 * beside the project's packages, without its install scripts (its sample data needs none of them). The test helper
 * (test/helpers/signalk-server.ts) runs it from this folder.
 */
const SIGNALK = { version: '2.23.0', dir: join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.cache', 'sillage-test-deps') };

function ensureSignalK() {
  const manifest = join(SIGNALK.dir, 'node_modules', 'signalk-server', 'package.json');
  if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).version === SIGNALK.version) {
    console.log(`signalk-server ${SIGNALK.version} present`);
    return;
  }
  console.log(`installing signalk-server@${SIGNALK.version} (npm) for the Signal K source tests, into ${SIGNALK.dir}`);
  const npm = spawnSync('npm', ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', '--prefix', SIGNALK.dir,
    `signalk-server@${SIGNALK.version}`], { stdio: 'inherit' });
  if (npm.status !== 0 || !existsSync(manifest)) {
    console.error(`could not install signalk-server; try: npm install --no-save --ignore-scripts --prefix ${SIGNALK.dir} signalk-server@${SIGNALK.version}`);
    process.exit(1);
  }
}

ensureSignalK();

const needed = [
  { binary: 'influxd', pkg: 'influxdb', why: 'InfluxDB store tests' },
  { binary: 'mosquitto', pkg: 'mosquitto', why: 'external-broker and multi-worker tests' },
  { binary: 'chromium', pkg: 'chromium', why: 'browser tests of the dashboards and the skipper display' },
  { binary: 'openssl', pkg: 'openssl', why: 'TLS tests (test certificates)' },
  { binary: 'prometheus', pkg: 'prometheus', why: 'monitoring test (Prometheus scraping the shore, promtool on the alert rules)' },
  { binary: 'dpkg-deb', pkg: 'dpkg', why: 'edge package test (npm run package:edge, dpkg -i into a scratch root)' },
  { binary: 'systemd-analyze', pkg: 'systemd', why: 'edge package test (systemd-analyze verify on the edge\'s unit)' },
  { binary: 'socat', pkg: 'socat', why: 'Modbus RTU tests (a pseudo-terminal pair as the serial line)' },
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
