#!/usr/bin/env node
// Builds the Debian package of the edge agent alone, dist/sillage-edge_<version>_<arch>.deb: the bundle of
// `npm run build:edge`, the native modules it loads at run time (built for one architecture), a launcher, the systemd
// unit and an example configuration. README, "Installing the edge on a vessel computer".
//
//   npm run package:edge                                  for this machine's architecture
//   npm run package:edge -- --arch arm64 --binding FILE   for another, with better-sqlite3's binding built for it
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const debianDir = join(root, 'packaging', 'debian');

/** Debian architectures the agent is packaged for: Node's name for them and the ELF machine of their binaries. */
const ARCHES = {
  amd64: { node: 'x64', elfMachine: 62 },
  arm64: { node: 'arm64', elfMachine: 183 },
  armhf: { node: 'arm', elfMachine: 40 },
};

/** The bundle leaves these to be loaded from node_modules at run time (scripts/build-edge.mjs): native addons. */
const RUNTIME_PACKAGES = ['better-sqlite3', '@serialport/bindings-cpp'];
/** Dependencies used only to build or fetch a binding, never when the agent runs. */
const BUILD_ONLY = new Set(['prebuild-install', 'node-addon-api']);
/** The shore's and the tests' packages: finding one in the bundle means a wall was crossed. */
const SHORE_ONLY = ['fastify', '@fastify/', 'aedes', 'prom-client', 'pino', 'uplot', 'tsx', 'vitest', 'playwright'];

function fail(message) {
  console.error(`package:edge: ${message}`);
  process.exit(1);
}

const { values } = parseArgs({ options: { arch: { type: 'string' }, binding: { type: 'string' } } });
const hostArch = spawnSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).stdout?.trim();
const arch = values.arch ?? hostArch;
if (!arch || !(arch in ARCHES)) fail(`architecture ${JSON.stringify(arch)}: one of ${Object.keys(ARCHES).join(', ')}`);
if (arch !== hostArch && !values.binding) fail(`packaging for ${arch} on ${hostArch} needs --binding: better-sqlite3's binding built for ${arch}`);

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build-edge.mjs')], { stdio: 'inherit' });
if (build.status !== 0) fail('the edge bundle did not build');
checkBundleInputs(JSON.parse(readFileSync(join(dist, 'sillage-edge.meta.json'), 'utf8')));

const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const name = `sillage-edge_${version}_${arch}`;
const stage = join(dist, 'deb', name);
rmSync(stage, { recursive: true, force: true });
const lib = join(stage, 'usr', 'lib', 'sillage-edge');

copyInto(join(dist, 'sillage-edge.mjs'), join(lib, 'sillage-edge.mjs'));
cpSync(join(dist, 'public'), join(lib, 'public'), { recursive: true });
// The shipped vessel profiles a config names ("profile": "la-fregate"), found beside the bundle.
cpSync(join(root, 'profiles'), join(lib, 'profiles'), { recursive: true });
for (const pkg of RUNTIME_PACKAGES) copyRuntimePackage(join(root, 'node_modules', pkg), lib, ARCHES[arch].node);
if (values.binding) copyInto(values.binding, join(lib, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'));
for (const file of walk(join(lib, 'node_modules')).filter((f) => f.endsWith('.node'))) checkElfMachine(file, arch);

copyInto(join(debianDir, 'sillage-edge'), join(stage, 'usr', 'bin', 'sillage-edge'), 0o755);
copyInto(join(debianDir, 'sillage-edge.service'), join(stage, 'usr', 'lib', 'systemd', 'system', 'sillage-edge.service'));
// Root's alone: it holds the broker's password (the unit hands the agent a copy, LoadCredential).
copyInto(join(root, 'examples', 'edge.json'), join(stage, 'etc', 'sillage', 'edge.json'), 0o600);
// La Frégate's register map (the simulator serves the same): the starting point for the vessel's own.
copyInto(join(root, 'simulators', 'devices', 'fregate-modbus-map.json'), join(stage, 'etc', 'sillage', 'modbus-map.json'));
copyInto(join(debianDir, 'copyright'), join(stage, 'usr', 'share', 'doc', 'sillage-edge', 'copyright'));

const debian = join(stage, 'DEBIAN');
for (const script of ['postinst', 'prerm', 'postrm']) copyInto(join(debianDir, script), join(debian, script), 0o755);
writeFileSync(join(debian, 'conffiles'), '/etc/sillage/edge.json\n/etc/sillage/modbus-map.json\n');
// The binding is compiled against one Node ABI: the major version that built it is the one it loads in.
const nodeMajor = Number(process.versions.node.split('.')[0]);
writeFileSync(join(debian, 'control'), [
  'Package: sillage-edge',
  `Version: ${version}`,
  `Architecture: ${arch}`,
  // Whoever builds the package for a fleet maintains it: Debian's usual variables name them.
  `Maintainer: ${process.env.DEBFULLNAME ?? 'Sillage developers'} <${process.env.DEBEMAIL ?? 'sillage@localhost'}>`,
  `Depends: nodejs (>= ${nodeMajor}), nodejs (<< ${nodeMajor + 1})`,
  'Section: misc',
  'Priority: optional',
  `Installed-Size: ${Math.ceil(walk(stage).filter((f) => !f.startsWith(debian)).reduce((n, f) => n + statSync(f).size, 0) / 1024)}`,
  'Description: Sillage edge agent for hybrid-electric fishing vessels',
  ' Samples the vessel\'s devices (Modbus TCP, NMEA 0183, Signal K) once a second, keeps every sample in an',
  ' on-board outbox and sends it ashore over MQTT when the link allows; serves the skipper display.',
  ' Runs as the systemd service sillage-edge; `sillage-edge --check --config /etc/sillage/edge.json`',
  ' asks every configured device once before the vessel leaves.',
  '',
].join('\n'));

const deb = join(dist, `${name}.deb`);
const packed = spawnSync('dpkg-deb', ['--root-owner-group', '--build', stage, deb], { stdio: 'inherit' });
if (packed.status !== 0) fail('dpkg-deb --build failed');
console.log(`built ${deb}`);

/** No file of the shore, the simulator or the CLI, and none of the shore's packages, went into the bundle. */
function checkBundleInputs(metafile) {
  const inputs = Object.keys(metafile.inputs);
  const crossed = inputs.filter((input) => /^(server|simulators|cli|bench)\//.test(input)
    || SHORE_ONLY.some((pkg) => input.includes(`node_modules/${pkg}`)));
  if (crossed.length > 0) fail(`the edge bundle carries code that is not the agent's: ${crossed.slice(0, 5).join(', ')}`);
}

/**
 * A package the bundle loads at run time, with what it needs to run and nothing it needed to build: its
 * JavaScript, its compiled binding (build/Release, or the prebuilt one for `nodeArch`), then its own dependencies.
 */
function copyRuntimePackage(dir, lib, nodeArch) {
  const target = join(lib, relative(root, dir));
  if (existsSync(target)) return;
  const native = existsSync(join(dir, 'binding.gyp'));
  cpSync(dir, target, {
    recursive: true,
    filter: (src) => {
      const rel = relative(dir, src);
      // Its dependencies are copied each in its turn, only those it runs with.
      if (rel.startsWith('node_modules')) return false;
      const [top, sub] = rel.split('/');
      if (native && ['src', 'deps', 'binding.gyp'].includes(top)) return false;
      // Of a compiled binding, the binding alone (not its objects, nor better-sqlite3's test extension).
      if (top === 'build') return ['build', 'build/Release'].includes(rel) || (/^build\/Release\/[^/]+\.node$/.test(rel) && !rel.endsWith('test_extension.node'));
      // Of prebuilt ones, the target's, for glibc (Debian's C library, not musl).
      if (top === 'prebuilds') return rel === 'prebuilds' || (sub === `linux-${nodeArch}` && (!rel.endsWith('.node') || rel.includes('glibc')));
      return true;
    },
  });
  const { dependencies = {} } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  for (const dep of Object.keys(dependencies).filter((d) => !BUILD_ONLY.has(d))) copyRuntimePackage(resolvePackage(dep, dir), lib, nodeArch);
}

/** Where Node finds `name` from a package in `from`: its own node_modules first, then each one above. */
function resolvePackage(name, from) {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
  }
  fail(`${name}, needed by ${relative(root, from)}, is not installed`);
}

/** A binding for another machine would install cleanly and fail at the first start: refused here instead. */
function checkElfMachine(file, arch) {
  const header = readFileSync(file).subarray(0, 20);
  const machine = header.readUInt16LE(18);
  if (header.toString('latin1', 1, 4) !== 'ELF' || machine !== ARCHES[arch].elfMachine) {
    fail(`${relative(stage, file)} is not a Linux ${arch} binary (ELF machine ${machine}, expected ${ARCHES[arch].elfMachine})`);
  }
}

function copyInto(src, dest, mode = 0o644) {
  mkdirSync(dirname(dest), { recursive: true });
  copyFileSync(src, dest);
  chmodSync(dest, mode);
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}
