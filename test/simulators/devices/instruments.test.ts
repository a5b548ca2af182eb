import { describe, expect, it } from 'vitest';
import { resolveConventionalVesselProfile, resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import { conventionalRevolutions, hybridRevolutions, instrumentsOf as instrumentsAt, TRANSDUCER_DEPTH } from '../../../simulators/devices/instruments.ts';
import { ConventionalTrawler } from '../../../simulators/vessel/conventional-trawler.ts';
import type { Instant } from '../../../simulators/vessel/hybrid-trawler.ts';

const profile = resolveVesselProfile('la-fregate');
const calm = { windSpeed: 0, windDirection: 0, currentEast: 0, currentNorth: 0, airTemperature: 288.15, waterTemperature: 285.15, cloudCover: 0, waveHeight: 0.5 };
const instant = (over: Partial<Instant>, weather: Partial<typeof calm> = {}): Instant => ({
  sog: 0, stw: 0, cog: 0, motorRevolutions: 0, generatorRunning: profile.generators.map(() => false), ...over, weather: { ...calm, ...weather },
}) as Instant;
const instrumentsOf = (i: Instant, lastHeading: number) => instrumentsAt(i, profile.identity.homePort, hybridRevolutions(i, profile), lastHeading);

describe('the simulated wheelhouse instruments', () => {
  it('point the bow along the motion through the water: ground track less the tidal stream', () => {
    const i = instrumentsOf(instant({ sog: 5, stw: 5.1, cog: 0 }, { currentEast: 1 }), 0);
    expect(i.heading).toBeCloseTo(2 * Math.PI - Math.atan2(1, 5), 9);
  });

  it('keep the last heading when the hull has no way on', () => {
    expect(instrumentsOf(instant({ sog: 0.05, stw: 0.05, cog: 1 }), 2.5).heading).toBe(2.5);
  });

  it("feel a head wind stronger by the vessel's own speed, dead ahead", () => {
    const i = instrumentsOf(instant({ sog: 5, stw: 5, cog: 0 }, { windSpeed: 10, windDirection: 0 }), 0);
    expect(i.apparentWind.speed).toBeCloseTo(15, 9);
    expect(i.apparentWind.angle).toBeCloseTo(0, 9);
  });

  it('feel a beam wind from starboard ahead of the beam when under way', () => {
    const i = instrumentsOf(instant({ sog: 5, stw: 5, cog: 0 }, { windSpeed: 5, windDirection: Math.PI / 2 }), 0);
    expect(i.apparentWind.speed).toBeCloseTo(5 * Math.SQRT2, 9);
    expect(i.apparentWind.angle).toBeCloseTo(Math.PI / 4, 9);
  });

  it("turn only the running generator sets' engines, at their rated speed", () => {
    const running = profile.generators.map((_, k) => k === 0);
    expect(instrumentsOf(instant({ generatorRunning: running }), 0).engineRevolutions).toEqual(profile.generators.map((g, k) => (k === 0 ? g.ratedSpeed : 0)));
  });

  it("show a conventional vessel's main engine and auxiliary set as engines 1 and 2, and no shaft speed it does not know", () => {
    const control = resolveConventionalVesselProfile('la-fregate-control');
    const boat = new ConventionalTrawler({ profile: control, metier: 'OTB', seed: 2, start: Date.UTC(2024, 5, 10, 4) });
    while (boat.instant.mainRevolutions === 0) boat.step();
    const i = instrumentsAt(boat.instant, control.identity.homePort, conventionalRevolutions(boat.instant), 0);
    expect(i.engineRevolutions).toEqual([control.conventional.mainEngine.ratedSpeed, boat.instant.auxRevolutions]);
    expect(i.shaftRevolutions).toBeUndefined();
  });

  it("sound a few metres of water at the quay and the shelf's tens of metres on the grounds, below the transducer", () => {
    const port = profile.identity.homePort;
    const at = (north: number) => instrumentsOf(instant({ lat: port.lat + north, lon: port.lon }), 0);
    expect(at(0).depthBelowTransducer + TRANSDUCER_DEPTH).toBeCloseTo(4, 9);
    expect(at(0).transducerDepth).toBe(TRANSDUCER_DEPTH);
    const offshore = [0.3, 0.4, 0.5, 0.6].map((deg) => at(deg).depthBelowTransducer + TRANSDUCER_DEPTH);
    for (const d of offshore) expect(d).toBeGreaterThan(40);
    for (const d of offshore) expect(d).toBeLessThan(70);
  });
});
