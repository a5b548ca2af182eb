import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { EdgeAgent } from '../../../edge/agent.ts';
import { alarmThresholds, DEFAULT_ALARMS, type AlarmConfigInput } from '../../../edge/alarms/config.ts';
import type { DisplayView } from '../../../edge/display/view-model.ts';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import { freePort } from '../../helpers/ports.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { waitFor } from '../../helpers/wait.ts';
import { ChosenReadings, TOWING_ON_BATTERY } from '../display/chosen-readings.ts';

const fregate = resolveVesselProfile('la-fregate');
/** La Frégate with a bank kept above 40 %: the low-charge warning follows, ten points above it. */
const carefulBank = {
  ...fregate,
  battery: { ...fregate.battery, reserveSoc: 0.4 },
  alarms: { ...fregate.alarms, lowSoc: 0.5, criticalSoc: 0.4, batteryOverTemperature: 313.15 },
};

describe('alarm thresholds', () => {
  it('come from the vessel profile, each overridden by the edge config', () => {
    expect(alarmThresholds({})).toEqual(DEFAULT_ALARMS);
    const fromProfile = alarmThresholds({}, carefulBank);
    expect(fromProfile.lowStateOfCharge).toBe(0.5);
    expect(fromProfile.batteryOverTemperature).toBe(313.15);
    expect(fromProfile.generatorOverload).toBe(fregate.alarms.generatorOverload);
    expect(fromProfile.deviceSilentAfterMs).toBe(DEFAULT_ALARMS.deviceSilentAfterMs);
    const overridden = alarmThresholds({ lowStateOfCharge: 0.45 }, carefulBank);
    expect(overridden.lowStateOfCharge).toBe(0.45);
    expect(overridden.batteryOverTemperature).toBe(313.15);
  });
});

describe('a running agent raises low charge at its vessel profile’s threshold', () => {
  const agents: EdgeAgent[] = [];
  const dirs: { remove: () => void }[] = [];
  afterEach(async () => {
    for (const a of agents.splice(0)) await a.stop();
    for (const d of dirs.splice(0)) d.remove();
  });

  /** The alarms the agent's display lists once it has sampled the state of charge `soc` for a few seconds. */
  async function alarmsAt(soc: number, profile: string | undefined, alarms: AlarmConfigInput = {}) {
    const agent = new EdgeAgent({
      config: { vessel: 'fregate', ...(profile ? { profile } : {}), alarms, mqtt: { url: `mqtt://127.0.0.1:${await freePort()}` },
        outbox: { path: ':memory:' }, display: { port: await freePort() } },
      sources: [new ChosenReadings({ ...TOWING_ON_BATTERY, 'electrical.batteries.main.capacity.stateOfCharge': soc })],
    });
    agents.push(agent);
    await agent.start();
    let view: DisplayView | undefined;
    await waitFor(async () => {
      view = await (await fetch(`${agent.displayUrl}/api/view`)).json() as DisplayView;
      return view.battery.soc.value === Math.round(soc * 100);
    }, 15_000, 'the state of charge to be sampled');
    // Alarms are evaluated on every sample: one more second settles them.
    await waitFor(async () => (await (await fetch(`${agent.displayUrl}/api/view`)).json() as DisplayView).t > view!.t, 15_000, 'another sample');
    return ((await (await fetch(`${agent.displayUrl}/api/view`)).json()) as DisplayView).alarms
      .filter((a) => a.kind === 'battery-low').map((a) => ({ value: a.value, threshold: a.threshold }));
  }

  it('is quiet at 45 % on La Frégate (warning at 30 %), and warns at 45 % on a bank whose reserve is 40 %', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const careful = `${dir.dir}/careful-bank.json`;
    writeFileSync(careful, JSON.stringify(carefulBank));
    expect(await alarmsAt(0.45, 'la-fregate')).toEqual([]);
    expect(await alarmsAt(0.45, careful)).toEqual([{ value: 45, threshold: 50 }]);
    expect(await alarmsAt(0.45, careful, { lowStateOfCharge: 0.4 })).toEqual([]);
  });

  it('refuses to start on a profile that is not one, naming the problem', () => {
    expect(() => new EdgeAgent({ config: { vessel: 'fregate', profile: 'no-such-vessel' }, sources: [] }))
      .toThrow(/cannot read vessel profile .*no-such-vessel\.json: ENOENT/);
  });
});
