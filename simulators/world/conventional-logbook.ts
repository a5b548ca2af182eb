import type { VesselProfile } from '../../shared/profile/vessel-profile.ts';
import { Random } from '../random.ts';
import { HybridTrawler } from '../vessel/hybrid-trawler.ts';
import type { TripTruth } from '../vessel/truth.ts';
import type { VesselWorld } from './vessel-world.ts';

/**
 * The logbook the conventional vessel kept before its refit, as a French skipper's spreadsheet holds it: one row per
 * trip, local times to five minutes, hours fishing to the half hour, and diesel only as bunkering receipts (filling to
 * full every one to three trips, to 10 L), so that the day fuel is noted is not the day it burnt. One trip is missing
 * and one row carries a typo. The conventional twin's true fuel on each trip stands beside it.
 */

const DAY_MS = 86_400_000;
export const LOGBOOK_TIME_ZONE = 'Europe/Paris';

export interface SimulatedLogbook {
  /** The file, French CSV. */
  csv: string;
  /** Every trip the vessel made, with its line in the file (null for the one left out) and its true fuel, L. */
  truth: { line: number | null; departure: string; arrival: string; metier: string; conventionalL: number; bunkeredL: number | null; typo: boolean }[];
}

/** Wall-clock parts of an instant in the logbook's time zone. */
function local(t: number) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: LOGBOOK_TIME_ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
    .formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  return { date: `${parts.day}/${parts.month}/${parts.year}`, time: `${parts.hour}:${parts.minute}` };
}

const frenchDecimal = (x: number, digits: number) => x.toFixed(digits).replace('.', ',');

/**
 * The conventional vessel's trips over a pre-refit year, `blocks` fishing spells of `tripsPerBlock` trips spread over
 * its seasons, in `world` (its drifts counted from `yearStart`), and their logbook.
 */
export function simulateConventionalLogbook(options: {
  profile: VesselProfile; metier: string; seed: number; world: VesselWorld; yearStart: number; blocks: number; tripsPerBlock: number;
}): SimulatedLogbook {
  const { profile, metier, seed, world, yearStart, blocks, tripsPerBlock } = options;
  const trips: TripTruth[] = [];
  for (let b = 0; b < blocks; b++) {
    const start = yearStart + Math.round((b * 365) / blocks) * DAY_MS;
    const sim = new HybridTrawler({ profile, metier, seed: seed * 131 + b, start, world });
    while (sim.completedTrips.length < tripsPerBlock) sim.step();
    trips.push(...sim.completedTrips);
  }
  const rng = new Random(seed ^ 0x10cb);
  const litres = (kg: number) => (kg / profile.fuel.density) * 1000;
  const bunkers: boolean[] = [];
  for (let until = 0, i = 0; i < trips.length; i++) {
    if (until === 0) until = 1 + Math.floor(rng.next() * 3);
    bunkers.push(--until === 0 || i === trips.length - 1);
  }
  // A receipt's trip is never the one missing or mistyped: the fuel of either is then in the next receipt.
  const between = trips.map((_, i) => i).filter((i) => i > 0 && !bunkers[i]);
  const pick = () => between.splice(Math.floor(rng.next() * between.length), 1)[0] ?? -1;
  const missing = pick();
  const typo = pick();
  const lines = ['date_depart;heure_depart;date_retour;heure_retour;metier;heures_de_peche;gazole_soute_l;debarquements_kg'];
  const truth: SimulatedLogbook['truth'] = [];
  let sinceBunkering = 0;
  trips.forEach((t, i) => {
    const departure = Math.round(t.voyage.departure! / 300_000) * 300_000;
    const arrival = Math.round(t.voyage.arrival! / 300_000) * 300_000;
    const fishing = t.phases.filter((p) => p.phase !== 'port' && p.phase !== 'steaming').reduce((s, p) => s + (p.end - p.start), 0) / 3_600_000;
    const conventionalL = litres(t.voyage.fuel.conventional);
    sinceBunkering += conventionalL;
    const bunkeredL = bunkers[i] ? Math.round(sinceBunkering / 10) * 10 : null;
    if (bunkers[i]) sinceBunkering = 0;
    const out = local(departure);
    const back = local(arrival);
    // The missing trip's fuel is still in the next receipt; the typo is a letter O for a digit of a time.
    const isMissing = i === missing;
    const isTypo = i === typo;
    if (!isMissing) {
      lines.push([
        out.date, isTypo ? `${out.time.slice(0, 3)}O${out.time.slice(4)}` : out.time, back.date, back.time, metier,
        frenchDecimal(Math.round(fishing * 2) / 2, 1), bunkeredL === null ? '' : String(bunkeredL), String(Math.round(rng.uniform(400, 2500) / 10) * 10),
      ].join(';'));
    }
    truth.push({
      line: isMissing ? null : lines.length, departure: new Date(t.voyage.departure!).toISOString(), arrival: new Date(t.voyage.arrival!).toISOString(),
      metier, conventionalL, bunkeredL, typo: isTypo,
    });
  });
  return { csv: `${lines.join('\n')}\n`, truth };
}
