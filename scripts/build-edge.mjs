// Bundles the edge agent (edge/main.ts) into dist/sillage-edge.mjs for the onboard computer: one minified file
// that plain `node` runs, with only the native modules left in node_modules. See README, "On board".
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
const { metafile } = await build({
  entryPoints: [join(root, 'edge/main.ts')],
  outfile: join(dist, 'sillage-edge.mjs'),
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Native addons are loaded from their package folder at run time.
  external: ['better-sqlite3', '@serialport/bindings-cpp'],
  // The CommonJS dependencies (mqtt, modbus-serial…) call require() for Node's built-ins.
  banner: { js: "import { createRequire as __sillageRequire } from 'node:module'; const require = __sillageRequire(import.meta.url);" },
  // A bundled module has no file of its own: ggencoder (AIS, under the NMEA parser) asks `argv[1] === __filename`
  // to run its self-test when started directly, which in an ES module throws and, given the bundle's path, would run.
  define: { __filename: 'undefined' },
  // The parser's AIS hook is the only user of the Signal K schema (9 MB resident); AIS is refused before the parser.
  alias: { '@signalk/signalk-schema': join(root, 'scripts/edge-bundle/signalk-schema-without-ais.mjs') },
  logLevel: 'warning',
  metafile: true,
});
// Every file the bundle took in: what the edge package checks it carries none of the shore's code.
writeFileSync(join(dist, 'sillage-edge.meta.json'), JSON.stringify(metafile));
// The skipper display serves its page from beside the module (`./public/`), here beside the bundle.
cpSync(join(root, 'edge/display/public'), join(dist, 'public'), { recursive: true });
console.log(`built ${join(dist, 'sillage-edge.mjs')}`);
