// One registry per app: Node's process metrics, what the engine records, and the database gauges.
// Per app rather than prom-client's global registry, so several apps in one process (tests) each
// count their own.
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../db/database.js';
import { createDatabaseGauges } from './database-gauges.js';
import { createEngineMetrics, type EngineMetrics } from './engine-metrics.js';

export const METRICS_PREFIX = 'vcp_';

export interface Metrics {
  /** What the engine and the instrumented adapters record into. */
  readonly engine: EngineMetrics;
  /** The Prometheus text exposition of every metric, with the database gauges read now. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

export function createMetrics(opts: { db: Db; onDatabaseError: (error: unknown) => void }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: METRICS_PREFIX });
  const engine = createEngineMetrics(registry, METRICS_PREFIX);
  const database = createDatabaseGauges({ db: opts.db, registry, prefix: METRICS_PREFIX, onError: opts.onDatabaseError });
  return {
    engine,
    async scrape() {
      await database.refresh();
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
