import { afterEach, describe, expect, it } from 'vitest';
import { EdgeAgent } from '../../../edge/agent.ts';
import type { DisplayConfigInput } from '../../../edge/display/config.ts';
import type { DisplayView } from '../../../edge/display/view-model.ts';
import type { VesselProfile } from '../../../shared/profile/index.ts';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import { freePort } from '../../helpers/ports.ts';
import { waitFor } from '../../helpers/wait.ts';
import { ChosenReadings, TOWING_ON_BATTERY } from './chosen-readings.ts';

const agents: EdgeAgent[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.stop();
});

/** The view the display serves once the first sample is in, from an agent whose shore link goes nowhere. */
async function viewOf(profile: string | VesselProfile, display: DisplayConfigInput = {}): Promise<DisplayView> {
  const agent = new EdgeAgent({
    config: { vessel: 'fregate', profile, mqtt: { url: `mqtt://127.0.0.1:${await freePort()}` }, outbox: { path: ':memory:' },
      display: { port: await freePort(), ...display } },
    sources: [new ChosenReadings(TOWING_ON_BATTERY)],
  });
  agents.push(agent);
  await agent.start();
  return waitFor(async () => {
    const view = (await (await fetch(`${agent.displayUrl}/api/view`)).json()) as DisplayView;
    return view.autonomy.current.minutes !== null && view;
  }, 15_000, 'an autonomy on the display');
}

/** TOWING_ON_BATTERY: 360 kW of loads less 5 kW harvested, all from the battery. */
const DRAW_KW = 355;
const SOC = TOWING_ON_BATTERY['electrical.batteries.main.capacity.stateOfCharge']!;

describe('the skipper display’s battery, from the vessel profile', () => {
  it('counts autonomy on La Frégate’s own bank and reserve when the display config gives neither', async () => {
    const { battery } = resolveVesselProfile('la-fregate');
    const meanOcv = battery.ocv.reduce((s, p) => s + p.voltage, 0) / battery.ocv.length;
    const bankKWh = (battery.cellsInSeries * battery.stringsInParallel * battery.cellCapacity * meanOcv) / 1000;
    expect(bankKWh).toBeCloseTo(400.8, 1);
    expect(battery.reserveSoc).toBe(0.2);

    const view = await viewOf('la-fregate');
    // (0.823 − 0.2) × 400.8 kWh / 355 kW = 0.703 h: 42 min (a 1000 kWh bank would say 1 h 45).
    expect(view.autonomy.current.minutes).toBe(Math.floor(((SOC - 0.2) * bankKWh / DRAW_KW) * 60));
    expect(view.autonomy.current.minutes).toBe(42);
    expect(view.battery.reservePct).toBe(20);
  });

  it('keeps what the display config sets, and takes the rest from the profile', async () => {
    const profile = resolveVesselProfile('la-fregate');
    const reserved = { ...profile, battery: { ...profile.battery, reserveSoc: 0.4 } };
    const view = await viewOf(reserved, { battery: { usableKWh: 500 } });
    // (0.823 − 0.4) × 500 kWh / 355 kW = 0.596 h: 35 min.
    expect(view.autonomy.current.minutes).toBe(35);
    expect(view.battery.reservePct).toBe(40);
  });
});
