import type { Service } from '../../shared/lifecycle.ts';

/** `part`, started as the process that owns it would start it, for a test that drives the part alone. */
export async function started<T extends Service>(part: T): Promise<T> {
  await part.start();
  return part;
}
