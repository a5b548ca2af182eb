import { z } from 'zod';
import type { EquipmentKind } from '../registry/index.ts';
import { vesselIdSchema } from '../wire/ids.ts';

/**
 * A vessel profile: everything the simulator needs to run a hybrid trawler and everything the savings engine needs
 * to rebuild the conventional twin's fuel (METHOD §3, option D). SI units throughout, as on the wire.
 *
 * Sourcing convention: JSON has no comments, so every section carries a `sources` object naming, for each of the
 * section's numeric fields and curves, where the number comes from ("CAT C32 datasheet", "assumption: …"). The
 * schema refuses a section whose number has no source.
 */

const sourcesSchema = z.record(z.string(), z.string().min(3, 'a source must say something'));

/** Keys whose values are numbers or curves (arrays) must be named in `sources`; strings, booleans and sub-sections need not. */
export function sourced<S extends z.ZodRawShape>(shape: S) {
  return z.strictObject({ ...shape, sources: sourcesSchema }).superRefine((section, ctx) => {
    const record = section as Record<string, unknown> & { sources: Record<string, string> };
    for (const [key, value] of Object.entries(record)) {
      if (key === 'sources') continue;
      const needsSource = typeof value === 'number' || Array.isArray(value) || isBareRange(value);
      if (needsSource && !(key in record.sources)) {
        ctx.addIssue({ code: 'custom', path: ['sources', key], message: `no source given for "${key}"` });
      }
    }
    for (const key of Object.keys(record.sources)) {
      if (!(key in record)) ctx.addIssue({ code: 'custom', path: ['sources', key], message: `source for unknown field "${key}"` });
    }
  });
}

const isBareRange = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !('sources' in v) && (('min' in v && 'max' in v) || ('low' in v && 'high' in v));

const positive = z.number().positive();
const ratio = z.number().min(0).max(1);
const efficiency = z.number().gt(0).max(1);

/** A curve as points, strictly increasing in x; values between points are interpolated linearly, clamped outside. */
const curve = <X extends string, Y extends string>(x: X, y: Y, yValue: z.ZodNumber = z.number()) =>
  z.array(z.strictObject({ [x]: z.number().min(0), [y]: yValue } as Record<X | Y, z.ZodNumber>)).min(2)
    .refine((pts) => pts.every((p, i) => i === 0 || xOf(p, x) > xOf(pts[i - 1], x)), {
      message: `points must be strictly increasing in ${x}`,
    });

const xOf = (p: unknown, x: string): number => (p as Record<string, number>)[x]!;

/** A triangular distribution: trip templates draw durations, speeds and loads from it. */
const triangular = z.strictObject({ min: z.number().min(0), mode: z.number().min(0), max: z.number().min(0) })
  .refine((d) => d.min <= d.mode && d.mode <= d.max, { message: 'need min ≤ mode ≤ max' });

const position = z.strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) });

/**
 * Fuel map of a diesel. `points`: specific fuel oil consumption (g/kWh of the engine's output, electrical for a
 * generator set) at load fractions from the datasheet, plus the fuel rate at no load (kg/s), so that fuel between 0
 * and the first point follows the Willans line real engines show. `imo-eq10`: IMO Fourth GHG Study eq. 10.
 */
export const fuelCurveSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('points'),
    points: curve('load', 'sfoc', z.number().min(100).max(1000)),
    idleFuelRate: z.number().min(0),
  }),
  z.strictObject({ kind: z.literal('imo-eq10'), sfocBase: z.number().min(100).max(400) }),
]);

export const engineSchema = sourced({
  id: z.string().regex(/^[A-Za-z0-9]{1,32}$/),
  model: z.string().min(1),
  ratedPower: positive,
  ratedSpeed: positive,
  minLoad: ratio,
  fuelCurve: fuelCurveSchema,
  /** A-weighted level this machine adds in the wheelhouse when running at full load. */
  wheelhouseNoise: z.number().min(0).max(130),
});

export const identitySchema = sourced({
  id: vesselIdSchema,
  name: z.string().min(1),
  lengthOverall: positive,
  beam: positive,
  displacement: positive,
  homePort: z.strictObject({ name: z.string().min(1), lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }),
});

export const hullSchema = sourced({
  /** Calm-water resistance (N) against speed through water (m/s). */
  resistance: curve('speed', 'force'),
  /** Added resistance in waves as a fraction of calm-water resistance per metre of significant wave height. */
  addedResistancePerMetreWave: z.number().min(0).max(1),
  /** Wind area × drag coefficient × ½ρ_air (N per (m/s)² of apparent head wind). */
  windageCoefficient: z.number().min(0),
});

/**
 * A propulsor by actuator-disc momentum theory, so that its efficiency follows thrust loading: high when steaming
 * free, low when the same disc pulls a trawl at 3 kn. `qualityFactor` is the actual over the ideal efficiency
 * (blade friction, swirl, duct or casing losses, thrust deduction).
 */
export const propulsorSchema = sourced({
  kind: z.enum(['pump-jet', 'propeller', 'ducted-propeller', 'controllable-pitch-propeller']),
  discArea: positive,
  wakeFraction: z.number().min(0).max(0.6),
  qualityFactor: efficiency,
  /**
   * Fraction of the quality factor lost at zero load, linearly less towards rated power: a controllable-pitch
   * propeller turned at constant engine speed meets the water at off-design pitch at part load; a variable-speed
   * electric drive keeps its propulsor near its design point and has none.
   */
  partLoadLoss: ratio,
  ratedPower: positive,
});

const propulsionSchema = sourced({
  motorId: z.string().regex(/^[A-Za-z0-9]{1,32}$/),
  motorRatedPower: positive,
  motorRatedSpeed: positive,
  /** Motor efficiency against load fraction. */
  motorEfficiency: curve('load', 'efficiency', efficiency),
  /** Variable-frequency drive efficiency against load fraction. */
  driveEfficiency: curve('load', 'efficiency', efficiency),
  propulsor: propulsorSchema,
  wheelhouseNoise: z.number().min(0).max(130),
});

const winchSchema = sourced({
  id: z.string().regex(/^[A-Za-z0-9]{1,32}$/),
  ratedPower: positive,
  /** Electric motor and drive, mechanical out / electrical in. */
  driveEfficiency: efficiency,
});

export const hotelSchema = sourced({
  id: z.string().regex(/^[A-Za-z0-9]{1,32}$/),
  /** Mean electrical load with the crew aboard (lights, galley, electronics, refrigeration). */
  atSea: positive,
  /** Mean load alongside: refrigeration and a few lights. */
  inPort: positive,
  /** Day–night swing, fraction of the mean. */
  dailySwing: ratio,
});

export const stabiliserSchema = sourced({
  id: z.string().regex(/^[A-Za-z0-9]{1,32}$/),
  /** Electrical power per metre of significant wave height, under way. */
  powerPerMetreWave: z.number().min(0),
  maxPower: positive,
});

const batterySchema = sourced({
  id: z.string().regex(/^[A-Za-z0-9]{1,32}$/),
  chemistry: z.literal('LFP'),
  cellsInSeries: z.number().int().positive(),
  stringsInParallel: z.number().int().positive(),
  cellCapacity: positive,
  /** Open-circuit voltage per cell against state of charge at the reference temperature. */
  ocv: curve('soc', 'voltage', z.number().min(1).max(5)),
  /** Thevenin 1-RC parameters per cell (Ω, Ω, F) at the reference temperature. */
  r0: positive,
  r1: positive,
  c1: positive,
  referenceTemperature: positive,
  /** Fractional rise of R0 and R1 per kelvin below the reference temperature. */
  resistanceRisePerKelvinBelow: z.number().min(0),
  /** Charge throughput kept per charge throughput put in (coulombic); round trip ≈ this × voltage efficiency. */
  coulombicEfficiency: efficiency,
  chargeMinTemperature: positive,
  chargeMaxTemperature: positive,
  reserveSoc: ratio,
  maxSoc: ratio,
  maxChargeCRate: positive,
  maxDischargeCRate: positive,
  /** Pack heat capacity (J/K) and conductance to the compartment air (W/K). */
  heatCapacity: positive,
  thermalConductance: positive,
  initialSoc: ratio,
});

const solarSchema = sourced({ id: z.string(), area: positive, efficiency: efficiency });
const windSchema = sourced({ id: z.string(), ratedPower: positive, cutIn: positive, rated: positive, cutOut: positive });
const hydroSchema = sourced({
  id: z.string(),
  ratedPower: positive,
  startSpeed: positive,
  ratedSpeed: positive,
  /** Electrical out / power taken from the water: the drag it adds is P / (η v). */
  efficiency: efficiency,
  /** Deployed only at speeds up to this (m/s): it would cost propulsion more than it yields when steaming hard. */
  maxDeploySpeed: positive,
});
const waveSchema = sourced({
  id: z.string(),
  ratedPower: positive,
  /** Significant wave height (m) at which it reaches rated power; ∝ Hs² below. */
  ratedWaveHeight: positive,
});

const harvestersSchema = z.strictObject({
  solar: solarSchema.optional(),
  wind: windSchema.optional(),
  hydro: hydroSchema.optional(),
  wave: waveSchema.optional(),
});

const shorePowerSchema = sourced({ maxPower: positive, available: z.boolean() });

/** The hybrid's energy-management strategy: when generator sets start and stop, and at which load they run. */
const energyManagementSchema = sourced({
  /** Start a generator set when the state of charge falls below this. */
  startSoc: ratio,
  /** Stop when the state of charge reaches this (and the battery can carry the load). */
  stopSoc: ratio,
  /** Above this bus load a generator set runs whatever the state of charge (the battery only peak-shaves). */
  batteryOnlyMaxLoad: positive,
  /** Load fraction the running set is held at while it charges: near its best specific consumption. */
  chargingLoad: ratio,
  /** Minimum run time once started, s: avoids short cycling. */
  minRunTime: z.number().min(0),
});

export const conventionalSchema = sourced({
  mainEngine: engineSchema,
  auxGenerator: engineSchema,
  gearboxEfficiency: efficiency,
  shaftEfficiency: efficiency,
  propulsor: propulsorSchema,
  /** Load-sensing hydraulic pumps on the power take-off turn whenever the engine does: their standby loss, W. */
  hydraulicStandbyPower: z.number().min(0),
  /** Hydraulic winches driven from the main engine's power take-off: mechanical out / engine power in. */
  winchDriveEfficiency: efficiency,
  /** Alternator of the auxiliary set is inside its electrical SFOC; hotel and stabiliser loads go there. */
  shorePowerInPort: z.boolean(),
});

const tripTemplateSchema = sourced({
  portBefore: triangular,
  steamingSpeed: triangular,
  hauls: triangular,
  shootingDuration: triangular,
  shootingSpeed: triangular,
  shootingWinchPower: triangular,
  towingDuration: triangular,
  towingSpeed: triangular,
  /** Mechanical winch power while towing (brakes hold the warps; trawls need little, seines need the most). */
  towingWinchPower: triangular,
  haulingDuration: triangular,
  haulingSpeed: triangular,
  haulingWinchPower: triangular,
  /** Moves between hauls, fishing-ground distance (m). */
  betweenHaulsDistance: triangular,
  portAfter: triangular,
});

export const METIER_CODES = ['OTB', 'OTM', 'OTT', 'SDN', 'SSC', 'PTM'] as const;
export const metierCodeSchema = z.enum(METIER_CODES);
export type MetierCode = z.infer<typeof metierCodeSchema>;

/** A fraction range, low ≤ high: the saving claimed for a métier. */
const fractionRange = z.strictObject({ low: z.number().min(-1).max(1), high: z.number().min(-1).max(1) })
  .refine((r) => r.low <= r.high, { message: 'need low ≤ high' });

export const metierSchema = sourced({
  code: metierCodeSchema,
  description: z.string().min(1),
  /** The fuel saving claimed for this métier, as fractions: what the evidence for its trips is weighed against. */
  claimedSaving: fractionRange,
  /** Gear drag (N) against towing speed through water (m/s), warps included. */
  gearDrag: curve('speed', 'force'),
  trip: tripTemplateSchema,
  grounds: z.array(position.extend({ name: z.string().min(1) })).min(1),
});

/**
 * How far a true value may stand from the nominal one, as a multiplier of it (1 = nominal). `normal`: low and high
 * bound its 95 % interval; `uniform`: every value between them equally likely, which is how a one-sided standard
 * tolerance reads (ISO 3046-1 lets a declared specific consumption be exceeded by up to 5 %, never undershot).
 */
export const toleranceSchema = z.strictObject({
  distribution: z.enum(['normal', 'uniform']),
  low: z.number().min(0),
  high: z.number().min(0),
}).refine((t) => t.low < t.high, { message: 'need low < high' });

/**
 * The stated tolerances of every assumption the model baseline rests on (METHOD §4): the savings engine draws them in
 * its Monte Carlo, and the simulator draws each vessel's true world from them. All are systematic: a vessel keeps
 * its engines, propulsors and meters from one trip to the next.
 */
const uncertaintySchema = sourced({
  /** The conventional twin's main engine and auxiliary set: specific consumption level against the declared curve. */
  mainEngineSfoc: toleranceSchema,
  /** Specific consumption at 25 % load relative to full load, against the declared curve's (1 = the curve's shape). */
  mainEnginePartLoad: toleranceSchema,
  auxGeneratorSfoc: toleranceSchema,
  auxGeneratorPartLoad: toleranceSchema,
  /** The auxiliary set's rating: sizing sets the load it would run at, and so its specific consumption. */
  auxGeneratorRating: toleranceSchema,
  /** The hybrid's own generator sets: what fuel estimated from their power, and the battery's valuation, rest on. */
  generatorSfoc: toleranceSchema,
  /** Quality factor of each propulsor, drawn independently: the hybrid's and the twin's are different machines. */
  hybridPropulsorQuality: toleranceSchema,
  twinPropulsorQuality: toleranceSchema,
  /** The twin's part-load propulsor loss, multiplying the profile's `conventional.propulsor.partLoadLoss`. */
  twinPartLoadLoss: toleranceSchema,
  gearAndShaftEfficiency: toleranceSchema,
  hydraulicWinchEfficiency: toleranceSchema,
  hydraulicStandby: toleranceSchema,
  /** The hybrid's propulsion motor and drive, and its electric winch drives. */
  electricDriveEfficiency: toleranceSchema,
  /** Calibration of the hybrid's fuel flow meters, power transducers and speed log. */
  fuelMeter: toleranceSchema,
  powerMeter: toleranceSchema,
  speedLog: toleranceSchema,
});

const alarmsSchema = sourced({
  lowSoc: ratio,
  criticalSoc: ratio,
  batteryOverTemperature: positive,
  batteryUnderTemperatureCharge: positive,
  generatorOverload: z.number().min(0.5).max(1.5),
  lowFuel: ratio,
  wheelhouseNoise: z.number().min(0).max(140),
});

export const fuelSchema = sourced({
  density: positive,
  lowerHeatingValue: positive,
  co2PerFuelMass: positive,
  tankCapacity: positive,
  tankId: z.string().regex(/^[A-Za-z0-9]{1,32}$/),
});

export const noiseSchema = sourced({
  /** Wheelhouse level with every machine stopped: sea, wind, electronics. */
  background: z.number().min(0).max(130),
});

const EQUIPMENT_KINDS = [
  'batteries', 'generators', 'motors', 'solar', 'windGenerators', 'hydroGenerators', 'waveGenerators', 'loads', 'fuelTanks',
] as const satisfies readonly EquipmentKind[];
const equipmentId = z.string().regex(/^[A-Za-z0-9]{1,32}$/);
export const equipmentSchema = z.strictObject(
  Object.fromEntries(EQUIPMENT_KINDS.map((k) => [k, z.array(equipmentId).optional()])) as Record<EquipmentKind, z.ZodOptional<z.ZodArray<typeof equipmentId>>>,
);

export const vesselProfileSchema = z.strictObject({
  identity: identitySchema,
  hull: hullSchema,
  propulsion: propulsionSchema,
  generators: z.array(engineSchema).min(1),
  winches: z.array(winchSchema),
  hotel: hotelSchema,
  stabiliser: stabiliserSchema.optional(),
  battery: batterySchema,
  harvesters: harvestersSchema,
  shorePower: shorePowerSchema,
  energyManagement: energyManagementSchema,
  conventional: conventionalSchema,
  uncertainty: uncertaintySchema,
  metiers: z.array(metierSchema).min(1),
  alarms: alarmsSchema,
  fuel: fuelSchema,
  noise: noiseSchema,
  /** Ids filling the registry's `<id>` placeholders: `pathsFor(profile.equipment)` lists the vessel's signals. */
  equipment: equipmentSchema,
}).superRefine((p, ctx) => {
  const need = (kind: EquipmentKind, id: string, where: (string | number)[]) => {
    if (!(p.equipment[kind] ?? []).includes(id)) {
      ctx.addIssue({ code: 'custom', path: where, message: `"${id}" is not listed in equipment.${kind}` });
    }
  };
  p.generators.forEach((g, i) => need('generators', g.id, ['generators', i, 'id']));
  need('motors', p.propulsion.motorId, ['propulsion', 'motorId']);
  need('batteries', p.battery.id, ['battery', 'id']);
  p.winches.forEach((w, i) => need('loads', w.id, ['winches', i, 'id']));
  need('loads', p.hotel.id, ['hotel', 'id']);
  if (p.stabiliser) need('loads', p.stabiliser.id, ['stabiliser', 'id']);
  if (p.harvesters.solar) need('solar', p.harvesters.solar.id, ['harvesters', 'solar', 'id']);
  if (p.harvesters.wind) need('windGenerators', p.harvesters.wind.id, ['harvesters', 'wind', 'id']);
  if (p.harvesters.hydro) need('hydroGenerators', p.harvesters.hydro.id, ['harvesters', 'hydro', 'id']);
  if (p.harvesters.wave) need('waveGenerators', p.harvesters.wave.id, ['harvesters', 'wave', 'id']);
  need('fuelTanks', p.fuel.tankId, ['fuel', 'tankId']);
  const codes = p.metiers.map((m) => m.code);
  if (new Set(codes).size !== codes.length) ctx.addIssue({ code: 'custom', path: ['metiers'], message: 'a métier appears twice' });
  if (p.battery.reserveSoc >= p.battery.maxSoc) {
    ctx.addIssue({ code: 'custom', path: ['battery', 'reserveSoc'], message: 'reserve state of charge must be below maxSoc' });
  }
  if (p.energyManagement.startSoc >= p.energyManagement.stopSoc) {
    ctx.addIssue({ code: 'custom', path: ['energyManagement', 'startSoc'], message: 'startSoc must be below stopSoc' });
  }
  const w = p.harvesters.wind;
  if (w && !(w.cutIn < w.rated && w.rated < w.cutOut)) {
    ctx.addIssue({ code: 'custom', path: ['harvesters', 'wind'], message: 'need cutIn < rated < cutOut' });
  }
});

export type VesselProfile = z.infer<typeof vesselProfileSchema>;
export type EngineProfile = z.infer<typeof engineSchema>;
export type FuelCurve = z.infer<typeof fuelCurveSchema>;
export type MetierProfile = VesselProfile['metiers'][number];
export type TripTemplate = MetierProfile['trip'];
export type Triangular = z.infer<typeof triangular>;
export type BatteryProfile = VesselProfile['battery'];
export type ConventionalProfile = VesselProfile['conventional'];
export type PropulsorProfile = z.infer<typeof propulsorSchema>;
export type Tolerance = z.infer<typeof toleranceSchema>;
export type UncertaintyProfile = Omit<VesselProfile['uncertainty'], 'sources'>;
export type UncertainParameter = keyof UncertaintyProfile;

/** Validates parsed JSON as a vessel profile; throws one readable message naming every problem. */
export function parseVesselProfile(json: unknown, origin = 'vessel profile'): VesselProfile {
  const parsed = vesselProfileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`invalid ${origin}:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The métier of this code in the profile, or an error naming the ones it has. */
export function metierOf(profile: Pick<VesselProfile, 'identity' | 'metiers'>, code: string): MetierProfile {
  const m = profile.metiers.find((x) => x.code === code);
  if (!m) throw new Error(`vessel ${profile.identity.id} has no métier ${code} (it has ${profile.metiers.map((x) => x.code).join(', ')})`);
  return m;
}
