import pino from 'pino';

/**
 * The shore server's operator log: one JSON line per event on stderr, with time and level, so that a log
 * collector can keep and search what the server refused, retried or failed at.
 */
export function shoreLog(): (msg: string, detail?: unknown) => void {
  const logger = pino({ base: { service: 'sillage-server' } }, pino.destination(2));
  return (msg, detail) => logger.warn(detail === undefined ? {} : { detail }, msg);
}
