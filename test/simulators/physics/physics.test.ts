import { describe, expect, it } from 'vitest';
import { engineFuelRate, engineSfoc, imoEq10Sfoc, propulsorPower, propulsorThrust } from '../../../shared/profile/index.ts';
import { BatteryPack } from '../../../simulators/physics/battery.ts';
import { manageEnergy } from '../../../simulators/physics/energy-management.ts';
import { HydroGenerator, WindTurbine } from '../../../simulators/physics/harvesters.ts';
import { GearDrag, HullResistance, windage } from '../../../simulators/physics/resistance.ts';
import { MachineNoise, machineNoisePower, noiseLevel, noisePower, wheelhouseNoise } from '../../../simulators/physics/noise.ts';
import { clearSkyGhi, cloudFactor, cosSolarZenith } from '../../../simulators/physics/sun.ts';
import { WeatherProcess } from '../../../simulators/physics/weather.ts';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import { Random } from '../../../simulators/random.ts';
import { electricOnlyAutonomy } from '../../../simulators/vessel/autonomy.ts';

const profile = resolveVesselProfile('la-fregate');

describe('sun (METHOD §6)', () => {
  const noon = (month: number, day: number) => {
    let best = 0;
    for (let m = 9 * 60; m < 15 * 60; m++) best = Math.max(best, cosSolarZenith(Date.UTC(2024, month, day, 0, m), 50.7, 1.6));
    return clearSkyGhi(best);
  };
  it('gives about 913 W/m² at noon in June and 242 in December at 50.7° N', () => {
    expect(noon(5, 21)).toBeGreaterThan(895);
    expect(noon(5, 21)).toBeLessThan(930);
    expect(noon(11, 21)).toBeGreaterThan(225);
    expect(noon(11, 21)).toBeLessThan(260);
  });
  it('attenuates by Kasten–Czeplak: overcast (8 oktas) keeps a quarter', () => {
    expect(cloudFactor(1)).toBeCloseTo(0.25, 10);
    expect(cloudFactor(0.5)).toBeCloseTo(1 - 0.75 * 0.5 ** 3.4, 10);
  });
});

describe('harvesters', () => {
  const wind = new WindTurbine(profile.harvesters.wind!);
  it('follows the cubic wind-turbine curve between cut-in and rated', () => {
    expect(wind.power(2.9)).toBe(0);
    expect(wind.power(7.5)).toBeCloseTo((3000 * (7.5 ** 3 - 27)) / (1728 - 27), 6);
    expect(wind.power(20)).toBe(3000);
    expect(wind.power(26)).toBe(0);
  });
  it('charges the hydro-generator\'s yield to propulsion as drag P/(η v)', () => {
    const h = new HydroGenerator(profile.harvesters.hydro!).at(4.116);
    expect(h.power).toBeCloseTo(500, 6);
    expect(h.drag).toBeCloseTo(500 / (0.5 * 4.116), 6);
    expect(new HydroGenerator(profile.harvesters.hydro!).at(1).power).toBe(0);
  });
  it('gives the hydro-generator\'s yield at the speed asked, whatever speed was asked before', () => {
    const hydro = new HydroGenerator(profile.harvesters.hydro!);
    expect(hydro.at(1).power).toBe(0);
    expect(hydro.at(4.116).power).toBeCloseTo(500, 6);
    expect(hydro.at(4.116).power).toBeCloseTo(500, 6);
    expect(hydro.at(1).power).toBe(0);
  });
});

describe('resistance', () => {
  const otb = profile.metiers.find((m) => m.code === 'OTB')!;
  it('reads the calm-water curve and adds 8 % of it per metre of significant wave height', () => {
    expect(new HullResistance(profile.hull).at(4.63, 0)).toBeCloseTo(31_000, 6);
    expect(new HullResistance(profile.hull).at(4.63, 2)).toBeCloseTo(31_000 * 1.16, 6);
  });
  it('scales the gear drag with the fraction of gear in the water', () => {
    expect(new GearDrag(otb).at(1.8006, 1)).toBeCloseTo(47_000, 6);
    expect(new GearDrag(otb).at(1.8006, 0.33)).toBeCloseTo(0.33 * 47_000, 6);
  });
  it('resists a head wind and pushes with a following one, as ½ρ Cd A u|u|', () => {
    expect(windage(profile.hull, 10)).toBeCloseTo(3300, 6);
    expect(windage(profile.hull, -10)).toBeCloseTo(-3300, 6);
  });
});

describe('diesel fuel maps', () => {
  const gen1 = profile.generators[0]!;
  it('reads the datasheet points exactly', () => {
    expect(engineSfoc(gen1, 0.75 * 450_000)).toBeCloseTo(226, 9);
    expect(engineFuelRate(gen1.fuelCurve, 450_000, 450_000)).toBeCloseTo((215 * 450) / 3.6e6, 12);
  });
  it('follows the Willans line below the first point: SFOC climbs steeply at low load', () => {
    const at10 = engineFuelRate(gen1.fuelCurve, 450_000, 45_000);
    const at25 = (249 * 112.5) / 3.6e6;
    expect(at10).toBeCloseTo(0.00222 + (at25 - 0.00222) * 0.4, 12);
    expect(engineSfoc(gen1, 45_000)).toBeGreaterThan(330);
  });
  it('implements IMO eq. 10', () => {
    expect(imoEq10Sfoc(200, 1)).toBeCloseTo(200 * 1.025, 10);
    expect(imoEq10Sfoc(200, 0.5)).toBeCloseTo(200 * (0.11375 - 0.355 + 1.28), 10);
  });
});

describe('actuator-disc propulsor', () => {
  const pj = profile.propulsion.propulsor;
  it('needs T·Va/η_ideal/q, with η_ideal = 2/(1+√(1+C_T))', () => {
    const T = 40_000;
    const v = 4.887;
    const va = v * (1 - pj.wakeFraction);
    const ct = T / (0.5 * 1025 * pj.discArea * va * va);
    expect(propulsorPower(pj, v, T)).toBeCloseTo((T * va) / (2 / (1 + Math.sqrt(1 + ct))) / pj.qualityFactor, 3);
  });
  it('is finite at bollard pull and inverted by propulsorThrust', () => {
    expect(propulsorPower(pj, 0, 50_000)).toBeGreaterThan(0);
    expect(propulsorThrust(pj, 1.8, propulsorPower(pj, 1.8, 52_000))).toBeCloseTo(52_000, 0);
  });
});

describe('Thevenin battery', () => {
  const pack = new BatteryPack(profile.battery);
  it('steps as a fresh pack would, whatever it stepped before: a cold step after a warm one', () => {
    const used = new BatteryPack(profile.battery);
    used.step({ soc: 0.9, v1: 0, temperature: 293.15 }, -200_000, 1, 293.15);
    const state = { soc: 0.5, v1: 1, temperature: 278.15 };
    expect(used.step(state, 150_000, 1, 278.15)).toEqual(new BatteryPack(profile.battery).step(state, 150_000, 1, 278.15));
    expect(used.openCircuitVoltage(0.2)).toBe(new BatteryPack(profile.battery).openCircuitVoltage(0.2));
  });
  it('drops its terminal voltage by I·R0 on a step discharge, more in the cold', () => {
    const warm = pack.step({ soc: 0.5, v1: 0, temperature: 293.15 }, -200_000, 1, 293.15);
    const cold = pack.step({ soc: 0.5, v1: 0, temperature: 278.15 }, -200_000, 1, 278.15);
    const r0 = (0.00025 * 224) / 2;
    expect(warm.voltage).toBeCloseTo(pack.openCircuitVoltage(0.5) + warm.current * r0, 6);
    expect(cold.voltage).toBeLessThan(warm.voltage);
    expect((pack.openCircuitVoltage(0.5) - cold.voltage) / (pack.openCircuitVoltage(0.5) - warm.voltage)).toBeCloseTo(1.35, 1);
  });
  it('counts coulombs: an hour at 100 A moves the state of charge by 100/560', () => {
    let s = { soc: 0.5, v1: 0, temperature: 293.15 };
    for (let i = 0; i < 3600; i++) {
      const st = pack.step(s, -100 * (pack.openCircuitVoltage(s.soc) + s.v1) + 100 * 100 * 0.028, 1, 293.15);
      expect(st.current).toBeCloseTo(-100, 6);
      s = st.state;
    }
    expect(0.5 - s.soc).toBeCloseTo(100 / 560, 3);
  });
  it('refuses to charge below +5 °C', () => {
    expect(pack.maxChargePower({ soc: 0.5, v1: 0, temperature: 277 }, 0.95)).toBe(0);
  });
});

describe('energy management', () => {
  const base = { harvest: 0, shoreConnected: false, maxCharge: 400_000, maxDischarge: 400_000, running: [false, false], runningFor: [0, 0] };
  it('lets the battery alone carry a light load while it has charge', () => {
    const d = manageEnergy(profile, { ...base, demand: 40_000, soc: 0.7 });
    expect(d.running).toEqual([false, false]);
    expect(d.batteryPower).toBeCloseTo(-40_000, 6);
  });
  it('starts the smallest set that carries the load and holds it near its best load to charge', () => {
    const d = manageEnergy(profile, { ...base, demand: 100_000, soc: 0.3 });
    expect(d.running).toEqual([false, true]);
    expect(d.generatorPower[1]).toBeCloseTo(0.9 * 275_000, 6);
    expect(d.batteryPower).toBeCloseTo(0.9 * 275_000 - 100_000, 6);
  });
  it('holds a set that must keep running at its minimum load, the battery taking the surplus', () => {
    const d = manageEnergy(profile, { ...base, demand: 20_000, soc: 0.9, running: [false, true], runningFor: [0, 60] });
    expect(d.running).toEqual([false, true]);
    expect(d.generatorPower[1]).toBeCloseTo(0.3 * 275_000, 6);
    expect(d.batteryPower).toBeCloseTo(0.3 * 275_000 - 20_000, 6);
  });
  it('stops the sets once they have run their minimum time and the battery is charged', () => {
    const d = manageEnergy(profile, { ...base, demand: 20_000, soc: 0.9, running: [false, true], runningFor: [0, 900] });
    expect(d.running).toEqual([false, false]);
    expect(d.batteryPower).toBeCloseTo(-20_000, 6);
  });
  it('runs both sets when one cannot carry the load', () => {
    expect(manageEnergy(profile, { ...base, demand: 600_000, soc: 0.9 }).running).toEqual([true, true]);
  });
  it('takes the loads and the battery\'s charge from shore alongside', () => {
    const d = manageEnergy(profile, { ...base, demand: 6000, soc: 0.5, shoreConnected: true });
    expect(d.generatorPower).toEqual([0, 0]);
    expect(d.shorePower).toBe(60_000);
    expect(d.batteryPower).toBe(54_000);
  });
});

describe('battery autonomy, electric only', () => {
  const point = { speed: 4 * 0.5144, significantHeight: 0.5, ambient: 288.15 };
  it('carries La Frégate at 4 kn with hotel and stabiliser for 7–9 h, from the at-sea ceiling to the reserve', () => {
    const a = electricOnlyAutonomy(profile, point);
    expect(a.busPower).toBeGreaterThan(30_000);
    expect(a.busPower).toBeLessThan(50_000);
    expect(a.hours).toBeGreaterThan(7);
    expect(a.hours).toBeLessThan(9);
  });
  it('gives about the usable energy over the load, a little less for the pack\'s own losses', () => {
    const a = electricOnlyAutonomy(profile, point);
    const pack = new BatteryPack(profile.battery);
    const usable = pack.storedEnergy(profile.battery.maxSoc) - pack.storedEnergy(profile.battery.reserveSoc);
    const ideal = usable / a.busPower / 3600;
    expect(a.hours).toBeLessThan(ideal);
    expect(a.hours).toBeGreaterThan(0.97 * ideal);
  });
  it('lasts less at higher speed and in colder air', () => {
    const base = electricOnlyAutonomy(profile, point).hours;
    expect(electricOnlyAutonomy(profile, { ...point, speed: 6 * 0.5144 }).hours).toBeLessThan(base / 1.8);
    expect(electricOnlyAutonomy(profile, { ...point, ambient: 278.15 }).hours).toBeLessThan(base);
  });
});

describe('wheelhouse noise', () => {
  it('adds the running machines\' levels as powers over the background, quieter at part load', () => {
    expect(wheelhouseNoise(52, [])).toBeCloseTo(52, 10);
    expect(wheelhouseNoise(52, [{ fullLoadLevel: 72, load: 1 }, { fullLoadLevel: 58, load: 0.5 }]))
      .toBeCloseTo(10 * Math.log10(10 ** 5.2 + 10 ** 7.2 + 10 ** 5.4), 10);
    expect(wheelhouseNoise(52, [{ fullLoadLevel: 72, load: 0 }])).toBeCloseTo(10 * Math.log10(10 ** 5.2 + 10 ** 6.4), 10);
  });
  it('gives the same level to the last bit when its terms are added one by one', () => {
    const sources = [{ fullLoadLevel: 72, load: 0.83 }, { fullLoadLevel: 58, load: 0.41 }];
    const sum = noisePower(52) + machineNoisePower(72, 0.83) + machineNoisePower(58, 0.41);
    expect(noiseLevel(sum)).toBe(wheelhouseNoise(52, sources));
  });
  it('keeps a machine\'s term for the load asked, whatever load was asked before', () => {
    const machine = new MachineNoise(72);
    expect([machine.at(0.5), machine.at(0.9), machine.at(0.9), machine.at(0.5)])
      .toEqual([machineNoisePower(72, 0.5), machineNoisePower(72, 0.9), machineNoisePower(72, 0.9), machineNoisePower(72, 0.5)]);
  });
});

describe('weather', () => {
  /** Mean wind and air temperature over a week from `t`, one step a second. */
  const week = (seed: number, t: number) => {
    const w = new WeatherProcess(new Random(seed), t);
    let wind = 0;
    let air = 0;
    const n = 7 * 86_400;
    for (let i = 1; i <= n; i++) {
      const x = w.step(t + i * 1000, 1);
      wind += x.windSpeed / n;
      air += x.airTemperature / n;
    }
    return { wind, air };
  };
  it('blows harder and colder in January than in July, for the same seeds', () => {
    for (const seed of [1, 2, 3]) {
      const jan = week(seed, Date.UTC(2024, 0, 10));
      const jul = week(seed, Date.UTC(2024, 6, 10));
      expect(jan.air).toBeLessThan(jul.air - 8);
      expect(jan.wind).toBeGreaterThan(jul.wind);
    }
  });
  it('gives the same weather from the same seed and another from another', () => {
    const t = Date.UTC(2024, 2, 1);
    const a = new WeatherProcess(new Random(7), t);
    const b = new WeatherProcess(new Random(7), t);
    const c = new WeatherProcess(new Random(8), t);
    for (let i = 1; i < 3600; i++) { a.step(t + i * 1000, 1); b.step(t + i * 1000, 1); c.step(t + i * 1000, 1); }
    const [x, y, z] = [a, b, c].map((w) => w.step(t + 3_600_000, 1));
    expect(y).toEqual(x);
    expect(z!.windSpeed).not.toBe(x!.windSpeed);
  });
});
