import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { REJECT_REASONS } from '../shared/wire/telemetry.ts';

/** Shore's Prometheus metrics; one registry per server so that several servers can share a process (tests). */
export function createMetrics() {
  const registry = new Registry();
  const metrics = {
    registry,
    batches: new Counter({ name: 'sillage_ingest_batches_total', help: 'Telemetry batches received', labelNames: ['vessel'], registers: [registry] }),
    values: new Counter({ name: 'sillage_ingest_values_total', help: 'Signal values stored', labelNames: ['vessel'], registers: [registry] }),
    duplicates: new Counter({ name: 'sillage_ingest_duplicate_batches_total', help: 'Batches received again after being stored (re-acknowledged, not re-written)', registers: [registry] }),
    rejects: new Counter({ name: 'sillage_ingest_rejected_total', help: 'Payloads, samples or values refused, by reason', labelNames: ['reason'], registers: [registry] }),
    storeWrite: new Histogram({ name: 'sillage_store_write_seconds', help: 'Latency of durable store writes', buckets: [0.001, 0.005, 0.02, 0.1, 0.5, 2, 10], registers: [registry] }),
    storeErrors: new Counter({ name: 'sillage_store_errors_total', help: 'Failed store writes (the batch is not acknowledged and will be re-sent)', registers: [registry] }),
    backlog: new Gauge({ name: 'sillage_vessel_backlog_samples', help: 'Samples waiting on board, from the status topic', labelNames: ['vessel'], registers: [registry] }),
  };
  for (const reason of REJECT_REASONS) metrics.rejects.inc({ reason }, 0);
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
