import { z } from 'zod';
import {
  conventionalSchema, equipmentSchema, fuelSchema, hotelSchema, hullSchema, identitySchema, metierSchema, noiseSchema,
  sourced, stabiliserSchema, toleranceSchema,
} from './vessel-profile.ts';

/**
 * The profile of a conventional vessel: a control boat fishing beside a hybrid in a trial (METHOD §3, the control
 * baseline). It has no battery, no generator sets on a DC bus, no electric propulsion and no harvesters: a main
 * engine turning a controllable-pitch propeller, hydraulic winches on its power take-off and an auxiliary set for
 * the electrical loads, as the `conventional` section of a hybrid's profile describes its twin. The sections it
 * shares with a hybrid's profile are the same schemas, sources required alike.
 */
const conventionalUncertaintySchema = sourced({
  mainEngineSfoc: toleranceSchema,
  mainEnginePartLoad: toleranceSchema,
  auxGeneratorSfoc: toleranceSchema,
  auxGeneratorPartLoad: toleranceSchema,
  auxGeneratorRating: toleranceSchema,
  /** Named as in a hybrid's profile, where the conventional vessel is the twin. */
  twinPropulsorQuality: toleranceSchema,
  twinPartLoadLoss: toleranceSchema,
  gearAndShaftEfficiency: toleranceSchema,
  hydraulicWinchEfficiency: toleranceSchema,
  hydraulicStandby: toleranceSchema,
  /** Calibration of its fuel flow meters and speed log. */
  fuelMeter: toleranceSchema,
  speedLog: toleranceSchema,
});

export const conventionalVesselProfileSchema = z.strictObject({
  kind: z.literal('conventional'),
  identity: identitySchema,
  hull: hullSchema,
  conventional: conventionalSchema,
  hotel: hotelSchema,
  stabiliser: stabiliserSchema.optional(),
  uncertainty: conventionalUncertaintySchema,
  metiers: z.array(metierSchema).min(1),
  fuel: fuelSchema,
  noise: noiseSchema,
  equipment: equipmentSchema,
}).superRefine((p, ctx) => {
  for (const [engine, where] of [[p.conventional.mainEngine, 'mainEngine'], [p.conventional.auxGenerator, 'auxGenerator']] as const) {
    if (!(p.equipment.generators ?? []).includes(engine.id)) {
      ctx.addIssue({ code: 'custom', path: ['conventional', where, 'id'], message: `"${engine.id}" is not listed in equipment.generators` });
    }
  }
  if (p.conventional.mainEngine.id === p.conventional.auxGenerator.id) {
    ctx.addIssue({ code: 'custom', path: ['conventional', 'auxGenerator', 'id'], message: 'the main engine and the auxiliary set need ids of their own' });
  }
  if (!(p.equipment.fuelTanks ?? []).includes(p.fuel.tankId)) {
    ctx.addIssue({ code: 'custom', path: ['fuel', 'tankId'], message: `"${p.fuel.tankId}" is not listed in equipment.fuelTanks` });
  }
  const codes = p.metiers.map((m) => m.code);
  if (new Set(codes).size !== codes.length) ctx.addIssue({ code: 'custom', path: ['metiers'], message: 'a métier appears twice' });
});

export type ConventionalVesselProfile = z.infer<typeof conventionalVesselProfileSchema>;

/** Validates parsed JSON as a conventional vessel's profile; throws one readable message naming every problem. */
export function parseConventionalVesselProfile(json: unknown, origin = 'conventional vessel profile'): ConventionalVesselProfile {
  const parsed = conventionalVesselProfileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`invalid ${origin}:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
