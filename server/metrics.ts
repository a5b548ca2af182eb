import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { REJECT_REASONS } from '../shared/wire/telemetry.ts';

/** Shore's Prometheus metrics; one registry per server so that several servers can share a process (tests). */
export function createMetrics() {
  const registry = new Registry();
  const metrics = {
    registry,
    batches: new Counter({ name: 'sillage_ingest_batches_total', help: 'Telemetry batches received', labelNames: ['vessel'], registers: [registry] }),
    values: new Counter({ name: 'sillage_ingest_values_total', help: 'Signal values stored', labelNames: ['vessel'], registers: [registry] }),
    duplicates: new Counter({ name: 'sillage_ingest_duplicate_batches_total', help: 'Batches received again after being stored or refused (answered again, not kept again)', registers: [registry] }),
    refusedBatches: new Counter({ name: 'sillage_ingest_refused_batches_total', help: 'Batches refused whole and kept as dead letters (named to the vessel when their seq is readable), by reason', labelNames: ['vessel', 'reason'], registers: [registry] }),
    rejects: new Counter({ name: 'sillage_ingest_rejected_total', help: 'Payloads, samples or values refused, by reason', labelNames: ['reason'], registers: [registry] }),
    storeWrite: new Histogram({ name: 'sillage_store_write_seconds', help: 'Latency of durable store writes', buckets: [0.001, 0.005, 0.02, 0.1, 0.5, 2, 10], registers: [registry] }),
    storeErrors: new Counter({ name: 'sillage_store_errors_total', help: 'Failed store writes (the batch is not acknowledged and will be re-sent)', registers: [registry] }),
    storeAvailable: new Gauge({ name: 'sillage_store_available', help: '1 while store writes succeed, 0 while ingest is retrying through a store outage', registers: [registry] }),
    backlog: new Gauge({ name: 'sillage_vessel_backlog_samples', help: 'Samples waiting on board, from the status topic', labelNames: ['vessel'], registers: [registry] }),
    mqttConnections: new Gauge({ name: 'sillage_mqtt_connections', help: 'Clients connected to the embedded broker', registers: [registry] }),
    mqttConnectRefused: new Counter({ name: 'sillage_mqtt_connections_refused_total', help: 'MQTT connections refused before authentication, by reason', labelNames: ['reason'], registers: [registry] }),
    mqttAuthFailures: new Counter({ name: 'sillage_mqtt_auth_failures_total', help: 'MQTT logins refused, by reason', labelNames: ['reason'], registers: [registry] }),
    mqttDenied: new Counter({ name: 'sillage_mqtt_denied_total', help: 'MQTT publishes and subscriptions refused by the topic ACL, by action and reason', labelNames: ['action', 'reason'], registers: [registry] }),
    mqttOversize: new Counter({ name: 'sillage_mqtt_oversize_packets_total', help: 'MQTT packets over the size limit (the connection is closed)', registers: [registry] }),
    httpDenied: new Counter({ name: 'sillage_http_denied_total', help: 'HTTP requests refused by the access policy, by reason', labelNames: ['reason'], registers: [registry] }),
    httpRefused: new Counter({ name: 'sillage_http_refused_total', help: 'HTTP requests answered with a client error, by status', labelNames: ['status'], registers: [registry] }),
    loginFailures: new Counter({ name: 'sillage_http_login_failures_total', help: 'Web logins refused, by reason', labelNames: ['reason'], registers: [registry] }),
  };
  for (const reason of REJECT_REASONS) metrics.rejects.inc({ reason }, 0);
  metrics.storeAvailable.set(1);
  // Resident memory, open file descriptors, active handles and event-loop lag: what a weeks-long run is watched by.
  collectDefaultMetrics({ register: registry });
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
