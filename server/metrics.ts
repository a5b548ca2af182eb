import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { REJECT_REASONS } from '../shared/wire/telemetry.ts';
import { clockSkewMs, type VesselDirectory, type VesselState } from './fleet/vessel-directory.ts';

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

/**
 * Per-vessel gauges, read from what shore knows of each vessel at every scrape: what a fleet is watched by
 * (alert rules in monitoring/sillage-alerts.yml). A vessel's series appears once shore has the figure.
 */
export function registerVesselGauges(registry: Registry, directory: VesselDirectory, now: () => number = Date.now): void {
  const perVessel = (name: string, help: string, value: (v: VesselState, now: number) => number | undefined) => new Gauge({
    name, help, labelNames: ['vessel'], registers: [registry],
    collect() {
      // Rebuilt at each scrape: a figure that became unknown (a vessel gone offline has no clock skew) disappears.
      this.reset();
      const t = now();
      for (const v of directory.all()) {
        const x = value(v, t);
        if (x !== undefined) this.set({ vessel: v.id }, x);
      }
    },
  });
  const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);
  perVessel('sillage_vessel_seconds_since_last_batch', 'Seconds since the arrival of the last batch with samples stored for the vessel',
    (v, t) => seconds(v.lastIngest === undefined ? undefined : t - v.lastIngest));
  perVessel('sillage_vessel_backlog_samples', "Samples waiting on board, from the vessel's last status message", (v) => v.status?.backlog);
  perVessel('sillage_vessel_clock_skew_seconds',
    "Shore's time minus the vessel's at its last online status message, transit included: negative when the vessel's clock is ahead",
    (v) => seconds(clockSkewMs(v)));
  perVessel('sillage_vessel_last_ack_latency_seconds', "From the vessel's last acknowledged batch reaching ingest to its ack accepted by the broker",
    (v) => seconds(v.lastAckLatencyMs));
}
