import type { ServerConfig } from '../config.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const isLoopback = (host: string) => LOOPBACK.has(host) || host.startsWith('127.');

/**
 * Why this configuration must not start, as sentences for the operator; empty when it may. Production and
 * demo need credentials for everyone who connects; open mode (no authentication) never leaves loopback;
 * production never takes passwords over plain MQTT from the network.
 */
export function securityProblems(config: ServerConfig): string[] {
  const { mode } = config.security;
  const { mqtt, http } = config;
  const problems: string[] = [];
  if (mode === 'open') {
    const exposed = [http.host, ...(mqtt.url ? [] : [mqtt.host, mqtt.tls?.host ?? mqtt.host])].filter((h) => !isLoopback(h));
    if (exposed.length > 0) {
      problems.push(`security.mode "open" has no authentication and is allowed on loopback only, not on ${[...new Set(exposed)].join(', ')}`);
    }
    return problems;
  }
  if (!config.users.some((u) => u.role === 'admin')) {
    problems.push('no web user with role admin: add one with `sillage user add <name> --role admin --config FILE`');
  }
  if (mqtt.url) {
    if (!mqtt.username || !mqtt.password) problems.push('mqtt.url is set but mqtt.username/mqtt.password (the ingest identity on that broker) are not');
    return problems;
  }
  if (config.vessels.length === 0) problems.push('no vessel declared: add one with `sillage vessel add <id> --config FILE`');
  for (const v of config.vessels) {
    if (!v.credentials?.secretHash && !v.credentials?.certificate) {
      problems.push(`vessel ${v.id} has no credentials: run \`sillage vessel add ${v.id} --config FILE\``);
    }
    if (v.credentials?.certificate && !mqtt.tls?.ca) problems.push(`vessel ${v.id} logs in by certificate but mqtt.tls.ca is not set`);
  }
  if (mode === 'production' && !isLoopback(mqtt.host)) {
    problems.push(`plain MQTT on ${mqtt.host} would carry vessel passwords in clear: keep mqtt.host on loopback and configure mqtt.tls`);
  }
  return problems;
}
