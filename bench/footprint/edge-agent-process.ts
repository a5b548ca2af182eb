/**
 * The edge agent as the footprint benchmark runs it, in its own process: 1 Hz on real time, every signal of
 * La Frégate from the simulated vessel, its outbox on disk, its link to the shore broker named in MQTT_URL.
 */
import { EdgeAgent } from '../../edge/agent.ts';
import { resolveVesselProfile } from '../../simulators/profiles.ts';
import { SimulatedVesselSource } from '../../simulators/vessel/simulated-vessel-source.ts';

const start = Math.floor(Date.now() / 1000) * 1000;
const agent = new EdgeAgent({
  config: { vessel: 'footprint', mqtt: { url: process.env.MQTT_URL! }, outbox: { path: process.env.OUTBOX! }, link: { encoding: 'compact' }, display: { enabled: false } },
  sources: [new SimulatedVesselSource({ profile: resolveVesselProfile('la-fregate'), metier: 'OTB', seed: 5, start })],
});
await agent.start();
process.stdout.write('started\n');
process.on('SIGTERM', () => void agent.stop().then(() => process.exit(0)));
