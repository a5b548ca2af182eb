import { afterEach, describe, expect, it } from 'vitest';
import { EdgeAgent } from '../../../edge/agent.ts';
import { freePort } from '../../helpers/ports.ts';
import { waitFor } from '../../helpers/wait.ts';
import { ChosenReadings, TOWING_ON_BATTERY } from './chosen-readings.ts';

const agents: EdgeAgent[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.stop();
});

/** The agent's log from its start, with La Frégate's profile, its display off and its shore link going nowhere. */
async function startLog(vessel: string): Promise<string[]> {
  const logs: string[] = [];
  const agent = new EdgeAgent({
    config: { vessel, profile: 'la-fregate', mqtt: { url: `mqtt://127.0.0.1:${await freePort()}` }, outbox: { path: ':memory:' },
      display: { enabled: false } },
    sources: [new ChosenReadings(TOWING_ON_BATTERY)],
    log: (msg) => logs.push(msg),
  });
  agents.push(agent);
  await agent.start();
  return logs;
}

describe('a vessel profile that names another vessel', () => {
  it('is one warning at start, French then English, and the agent runs on', async () => {
    const logs = await startLog('boulogne-2');
    expect(logs.filter((l) => l.includes('profil'))).toEqual([
      'attention : le profil est celui du navire « fregate » mais l’agent est configuré pour « boulogne-2 » / '
      + 'warning: the profile is vessel "fregate"\'s but this agent is configured as "boulogne-2"',
    ]);
    await waitFor(() => agents[0]!.latest !== undefined, 15_000, 'a sample taken all the same');
  });

  it('says nothing when the profile is the vessel’s own', async () => {
    expect((await startLog('fregate')).filter((l) => l.includes('profil'))).toEqual([]);
  });
});
