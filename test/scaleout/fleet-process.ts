import { runFleet, type FleetOptions } from './synthetic-fleet.ts';

/**
 * The simulated fleet as its own process, so that a benchmark's publishers do not share the event loop of the
 * shore they measure: options as JSON in argv[2], the FleetRun as JSON on stdout.
 */
const options = JSON.parse(process.argv[2]!) as FleetOptions;
const run = await runFleet(options);
process.stdout.write(`${JSON.stringify(run)}\n`);
process.exit(0);
