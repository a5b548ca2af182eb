import { z } from 'zod';
import { vesselProfileSchema } from '../../shared/profile/index.ts';
import { resolveVesselProfile } from '../../simulators/profiles.ts';

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
