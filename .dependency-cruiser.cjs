/**
 * The walls between the parts of Sillage (README, "Architecture"), checked by `npm run boundaries` in `npm test`.
 * Type-only imports count too: a type from the other side is a dependency on how that side is built.
 */
module.exports = {
  forbidden: [
    {
      name: 'edge-stands-alone',
      comment: 'The onboard agent is bundled and run on the vessel without the shore, the simulator or the command line.',
      severity: 'error',
      from: { path: '^edge/' },
      to: { path: '^(server|simulators|cli)/' },
    },
    {
      name: 'server-stands-alone',
      comment: 'The shore knows a vessel only by what it sends (what both sides need lives in shared/), and a simulated vessel only through the same interfaces as a real one.',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^(edge|simulators|cli)/' },
    },
    {
      name: 'shared-imports-nothing-above-it',
      comment: 'shared/ is what every part speaks; it cannot lean on any of them.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(edge|server|simulators|cli|bench|test|scripts)/' },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|data)/' },
  },
};
