/**
 * A port that cannot be listened on, as an operator reads it: which service, which address, and the setting
 * that chooses another, instead of Node's `listen EADDRINUSE: address already in use`.
 */
export function listenFailure(err: unknown, service: string, host: string, port: number, setting: string): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new Error(`${service} port ${host}:${port} is already in use by another process (choose another with ${setting})`);
  if (code === 'EACCES') return new Error(`${service} port ${host}:${port} is not allowed to this user (ports below 1024 need privileges; ${setting})`);
  return new Error(`${service} cannot listen on ${host}:${port}: ${(err as Error).message}`);
}
