import { z } from 'zod';
import { vesselProfileSchema, type VesselProfile } from '../../shared/profile/index.ts';
import { resolveVesselProfile } from '../../shared/profile/load-profile.ts';

/**
 * The vessel profile on board, for the live fuel-savings estimate and the alarm thresholds: a profile shipped in
 * `profiles/` by name (`la-fregate`), the path of a profile JSON file, or the profile itself. Read and validated
 * at start, so a wrong name or a bad file is one clear message.
 */
export const onboardProfileSchema = z.union([
  vesselProfileSchema,
  z.string().min(1).transform((nameOrPath, ctx) => {
    try {
      return resolveVesselProfile(nameOrPath);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  }),
]);

/**
 * A profile that names another vessel (a copied config, a wrong file) gives wrong alarms, autonomy and savings, but
 * acquisition must not stop for it: one warning at start, French then English, undefined when they agree.
 */
export function profileVesselWarning(vessel: string, profile: VesselProfile | undefined): string | undefined {
  if (!profile || profile.identity.id === vessel) return undefined;
  const id = profile.identity.id;
  return `attention : le profil est celui du navire « ${id} » mais l’agent est configuré pour « ${vessel} » / `
    + `warning: the profile is vessel "${id}"'s but this agent is configured as "${vessel}"`;
}
