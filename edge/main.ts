/**
 * `sillage edge` on its own: what `npm run build:edge` bundles into dist/sillage-edge.mjs for the onboard
 * computer, without the shore's code and without tsx's loader thread (README, "On board").
 */
import { runCommand } from '../cli/command.ts';
import { edgeCommand } from '../cli/commands/edge.ts';

process.exitCode = await runCommand(edgeCommand, process.argv.slice(2));
