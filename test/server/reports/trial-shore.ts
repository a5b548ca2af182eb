import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { TripRepository } from '../../../server/analytics/trip-repository.ts';
import type { ServerConfigInput } from '../../../server/config.ts';
import { openStateDb } from '../../../server/state/state-db.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import { startShore, type RunningShore } from '../../helpers/shore.ts';
import { started } from '../../helpers/started.ts';
import { tripSavings } from '../../../shared/savings/index.ts';
import { asSignalPath } from '../../../shared/registry/index.ts';
import { profile, simulateTrip, START } from '../../shared/savings/simulated-trips.ts';
import { saveSeason, simulateSeason, type SimulatedSeason } from '../analytics/conventional-trips.ts';

export const fregate = asVesselId('fregate');
/** Her sister, whose fuel meter read 40 % and 160 % of the truth in turn during her reference period: Guideline 14 refuses her fit. */
export const sister = asVesselId('sister');

export interface TrialShore extends RunningShore {
  season: SimulatedSeason;
  /** The shore's configuration as `sillage report --config` reads it. */
  configFile: string;
  db: Database.Database;
}

const H = 3_600_000;

/**
 * A trial of two vessels on a real shore: six conventional reference trips each, then three hybrid ones over the
 * three métiers, stored as the shore's analytics store them; La Frégate's option C is accepted, her sister's refused.
 * La Frégate's last trip, two days later, lost her propulsion power meter for five hours, her first set's fuel meter
 * for two and her clock once: it is left out, with its reasons.
 */
export async function startTrialShore(): Promise<TrialShore> {
  const season = simulateSeason({ reference: 6, reporting: 3 });
  const vessel = (id: string, name: string) => ({ id, name, profile, conventionalReference: season.reference });
  const config: ServerConfigInput = { vessels: [vessel(fregate, 'La Frégate'), vessel(sister, 'La Corvette')] };
  const shore = await startShore(config);
  const db = openStateDb(join(shore.dataDir, 'server.db'));
  const trips = await started(new TripRepository({ db }));
  saveSeason(trips, fregate, season);
  saveSeason(trips, sister, season, (kg, hour) => kg * (hour % 2 === 0 ? 0.4 : 1.6));
  const start = START + season.trips.length * 2 * 86_400_000;
  const faulty = simulateTrip({
    metier: 'OTB', seed: 2100, start, faults: [
      { kind: 'dropout', path: asSignalPath('propulsion.main.power'), start: start + 2 * H, end: start + 7 * H },
      { kind: 'dropout', path: asSignalPath('propulsion.gen1.fuel.rate'), start: start + 8 * H, end: start + 10 * H },
      { kind: 'clock-jump', start: start + 11 * H, end: start + 11 * H + 300_000, magnitude: 1_800_000 },
    ],
  }).record;
  trips.save(fregate, faulty, tripSavings(profile, faulty, { draws: 100 }), Date.now());
  const configFile = join(shore.dataDir, 'server.json');
  writeFileSync(configFile, JSON.stringify({ ...config, dataDir: shore.dataDir }));
  return {
    ...shore, season, configFile, db,
    async stop() {
      db.close();
      await shore.stop();
    },
  };
}
