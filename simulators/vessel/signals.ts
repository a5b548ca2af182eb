import type { VesselProfile } from '../../shared/profile/index.ts';
import { asSignalPath, type SignalPath } from '../../shared/registry/index.ts';
import type { Readings } from '../../shared/source.ts';
import type { ConventionalVesselProfile } from '../../shared/profile/conventional-vessel-profile.ts';
import type { ConventionalInstant } from './conventional-trawler.ts';
import type { Instant } from './hybrid-trawler.ts';

/** One registry path and how to read its value from an instant. */
export interface SignalBinding<I = Instant> { path: SignalPath; value: (i: I) => number }

/**
 * The registry paths a profile's vessel emits and where each comes from: one table, used by the telemetry source,
 * the file writers and the tests that integrate the emitted signals against the truth.
 */
export function signalBindings(profile: VesselProfile): SignalBinding[] {
  const b: SignalBinding[] = [];
  const add = (path: string, value: (i: Instant) => number) => b.push({ path: asSignalPath(path), value });
  const bat = `electrical.batteries.${profile.battery.id}`;
  add(`${bat}.voltage`, (i) => i.batteryVoltage);
  add(`${bat}.current`, (i) => i.batteryCurrent);
  add(`${bat}.power`, (i) => i.batteryPower);
  add(`${bat}.temperature`, (i) => i.batteryTemperature);
  add(`${bat}.capacity.stateOfCharge`, (i) => i.soc);
  add(`${bat}.capacity.timeRemaining`, (i) => i.timeRemaining);
  profile.generators.forEach((g, k) => {
    add(`electrical.generators.${g.id}.power`, (i) => i.generatorPower[k]!);
    add(`propulsion.${g.id}.revolutions`, (i) => (i.generatorRunning[k] ? g.ratedSpeed : 0));
    add(`propulsion.${g.id}.engineLoad`, (i) => i.generatorLoad[k]!);
    add(`propulsion.${g.id}.fuel.rate`, (i) => i.generatorFuelRate[k]!);
    add(`propulsion.${g.id}.runTime`, (i) => i.generatorRunTime[k]!);
  });
  const motor = profile.propulsion.motorId;
  add(`propulsion.${motor}.power`, (i) => i.propulsionPower);
  add(`propulsion.${motor}.revolutions`, (i) => i.motorRevolutions);
  const h = profile.harvesters;
  if (h.solar) add(`electrical.solar.${h.solar.id}.panelPower`, (i) => i.solarPower);
  if (h.wind) add(`electrical.windGenerators.${h.wind.id}.power`, (i) => i.windPower);
  if (h.hydro) add(`electrical.hydroGenerators.${h.hydro.id}.power`, (i) => i.hydroPower);
  if (h.wave) add(`electrical.waveGenerators.${h.wave.id}.power`, (i) => i.wavePower);
  add('electrical.shore.power', (i) => i.shorePower);
  const winch = profile.winches[0];
  if (winch) add(`electrical.loads.${winch.id}.power`, (i) => i.winchPower);
  add(`electrical.loads.${profile.hotel.id}.power`, (i) => i.hotelPower);
  if (profile.stabiliser) add(`electrical.loads.${profile.stabiliser.id}.power`, (i) => i.stabiliserPower);
  add(`tanks.fuel.${profile.fuel.tankId}.currentLevel`, (i) => i.tankLevel);
  addMotionAndWind(add);
  add('environment.outside.temperature', (i) => i.weather.airTemperature);
  add('environment.water.temperature', (i) => i.weather.waterTemperature);
  add('environment.water.waves.significantHeight', (i) => i.weather.waveHeight);
  add('environment.outside.cloudCover', (i) => i.weather.cloudCover);
  add('environment.inside.wheelhouse.noiseLevel', (i) => i.noise);
  add('fishing.gear.state', (i) => i.gearState);
  return b;
}

/**
 * The paths a conventional vessel (a trial's control) emits: only what such a boat has — its engines' speed, load,
 * hours and fuel flow, speed, position, course, the weather its sensors see and its gear's state.
 */
export function conventionalSignalBindings(profile: ConventionalVesselProfile): SignalBinding<ConventionalInstant>[] {
  const b: SignalBinding<ConventionalInstant>[] = [];
  const add = (path: string, value: (i: ConventionalInstant) => number) => b.push({ path: asSignalPath(path), value });
  const { mainEngine, auxGenerator } = profile.conventional;
  add(`propulsion.${mainEngine.id}.revolutions`, (i) => i.mainRevolutions);
  add(`propulsion.${mainEngine.id}.engineLoad`, (i) => i.mainLoad);
  add(`propulsion.${mainEngine.id}.fuel.rate`, (i) => i.mainFuelRate);
  add(`propulsion.${mainEngine.id}.runTime`, (i) => i.mainRunTime);
  add(`propulsion.${auxGenerator.id}.revolutions`, (i) => i.auxRevolutions);
  add(`propulsion.${auxGenerator.id}.fuel.rate`, (i) => i.auxFuelRate);
  add(`propulsion.${auxGenerator.id}.runTime`, (i) => i.auxRunTime);
  add(`tanks.fuel.${profile.fuel.tankId}.currentLevel`, (i) => i.tankLevel);
  addMotionAndWind(add);
  add('environment.water.waves.significantHeight', (i) => i.weather.waveHeight);
  add('fishing.gear.state', (i) => i.gearState);
  return b;
}

/** What any vessel's navigation sensors and anemometer show: the same paths on a hybrid and a conventional boat. */
interface UnderWay {
  lat: number; lon: number; sog: number; stw: number; cog: number;
  weather: { windSpeed: number; windDirection: number };
}

function addMotionAndWind<I extends UnderWay>(add: (path: string, value: (i: I) => number) => void): void {
  add('navigation.position.latitude', (i) => i.lat);
  add('navigation.position.longitude', (i) => i.lon);
  add('navigation.speedOverGround', (i) => i.sog);
  add('navigation.speedThroughWater', (i) => i.stw);
  add('navigation.courseOverGroundTrue', (i) => i.cog);
  add('environment.wind.speedTrue', (i) => i.weather.windSpeed);
  add('environment.wind.directionTrue', (i) => i.weather.windDirection);
}

/** The readings of one instant, every bound path. */
export function readingsOf<I>(bindings: readonly SignalBinding<I>[], instant: I): Readings {
  const out: Readings = {};
  for (const { path, value } of bindings) out[path] = value(instant);
  return out;
}
