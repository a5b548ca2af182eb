import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import { hashSecret } from '../../../server/security/secrets.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import { startShore, type RunningShore } from '../../helpers/shore.ts';
import { waitFor } from '../../helpers/wait.ts';
import { logIn, oneUserPerRole, PASSWORD } from '../../helpers/web-users.ts';
import { simulatedSamples } from './simulated-samples.ts';

const profile = resolveVesselProfile('la-fregate');
const START = Date.UTC(2024, 5, 10, 4);

/** The working group reviews the evidence trip by trip: reviewers read every vessel's trips; skippers keep to their live display. */
describe('who may read trips', () => {
  let shore: RunningShore;
  let tokens: Record<string, string>;

  beforeAll(async () => {
    const hash = await hashSecret(PASSWORD);
    shore = await startShore({
      security: { mode: 'production' },
      vessels: ['fregate', 'bravo'].map((id) => ({ id, name: id, credentials: { secretHash: hash }, profile })),
      users: await oneUserPerRole('fregate', ['admin', 'reviewer', 'skipper']),
    });
    tokens = await logIn(shore.httpUrl, ['rita', 'sam']);
    const samples = simulatedSamples({ profile, metier: 'OTB', seed: 4, start: START, hours: 2 });
    for (const vessel of ['fregate', 'bravo']) await shore.server.store.write(asVesselId(vessel), samples);
  }, 120_000);
  afterAll(async () => {
    await shore?.stop();
  });

  const get = (path: string, who?: string) => fetch(`${shore.httpUrl}${path}`, { headers: who ? { authorization: `Bearer ${tokens[who]}` } : {} });

  it('lets a reviewer list every vessel\'s trips and read one in detail', async () => {
    for (const vessel of ['fregate', 'bravo']) {
      const trips = await waitFor(async () => {
        const res = await get(`/api/vessels/${vessel}/trips`, 'rita');
        expect(res.status).toBe(200);
        const body = (await res.json()) as { trips: { id: string }[] };
        return body.trips.length > 0 && body.trips;
      }, 90_000, `${vessel}'s trips`);
      const detail = await get(`/api/trips/${trips[0]!.id}`, 'rita');
      expect(detail.status).toBe(200);
      expect(await detail.json()).toMatchObject({ vessel, phases: expect.any(Array), savings: { fuel: { savedL: expect.any(Object) } } });
    }
  }, 120_000);

  it('keeps trips from skippers and from anyone signed out', async () => {
    expect((await get('/api/vessels/fregate/trips')).status).toBe(401);
    expect((await get('/api/vessels/bravo/trips', 'sam')).status).toBe(403);
    expect((await get('/api/vessels/fregate/trips', 'sam')).status).toBe(403);
    expect((await get('/api/trips/fregate-1', 'sam')).status).toBe(403);
  });
});
