import type { RequestHandler } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics, Gauge } from 'prom-client';

/** Prometheus metrics of one service instance (own registry, so tests can build many). */
export interface Metrics {
  readonly registry: Registry;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly eventsRecorded: Counter;
  /** A capture job's transaction: recording it on the ledger (stage="ledger"), then waiting for the index (stage="index"). */
  readonly captureStage: Histogram<'stage'>;
  /** Resolver answers sent from memory before the express stack (server/features/resolver/resolver-wire.ts); not in the histogram. */
  readonly wireAnswers: Counter;
  readonly ledgerHeight: Gauge;
  readonly indexLagBlocks: Gauge;
  readonly indexQuarantined: Gauge;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'suyuan_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers: [registry],
    }),
    eventsRecorded: new Counter({
      name: 'suyuan_events_recorded_total',
      help: 'EPCIS events committed to the ledger',
      registers: [registry],
    }),
    captureStage: new Histogram({
      name: 'suyuan_capture_stage_seconds',
      help: 'Per capture transaction: time recording it on the ledger (stage="ledger"), then waiting until the index holds it (stage="index")',
      labelNames: ['stage'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    wireAnswers: new Counter({
      name: 'suyuan_resolver_wire_answers_total',
      help: 'Anonymous resolver answers sent from memory before the express stack (not timed in suyuan_http_request_duration_seconds)',
      registers: [registry],
    }),
    ledgerHeight: new Gauge({ name: 'suyuan_ledger_height', help: 'Blocks on the ledger', registers: [registry] }),
    indexLagBlocks: new Gauge({ name: 'suyuan_index_lag_blocks', help: 'Blocks the index is behind the ledger', registers: [registry] }),
    indexQuarantined: new Gauge({
      name: 'suyuan_index_quarantined_events',
      help: 'Ledger events the index set aside because their rows could not be written (GET /ledger/quarantine)',
      registers: [registry],
    }),
  };
}

/** Times every request by its route pattern (not its raw path, to keep label cardinality low). */
export function timeRequests(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      end({ method: req.method, route: route ? `${req.baseUrl}${route}` : 'unmatched', status: String(res.statusCode) });
    });
    next();
  };
}
