/**
 * The onboard agent's entry point: what `npm run build:edge` bundles into dist/sillage-edge.mjs for the onboard
 * computer, with the agent alone: neither the shore's code, nor the simulator, nor tsx's loader thread
 * (README, "On board").
 */
import { runCommand } from '../shared/command-line/command.ts';
import { edgeCommand } from './command.ts';

process.exitCode = await runCommand(edgeCommand, process.argv.slice(2));
