import type { IncomingMessage, ServerResponse } from 'node:http';
import { TYPE_BASE } from './problem';

const RETRY_AFTER_SECONDS = 5;

function send(res: ServerResponse, status: number, type: string, body: object): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    ...(status === 503 ? { 'Retry-After': String(RETRY_AFTER_SECONDS) } : {}),
  });
  res.end(JSON.stringify(body));
}

/**
 * What the port answers while the service opens (the embedded ledger re-executes its blocks at start,
 * which takes minutes on a large ledger): `/healthz` says the process is alive and starting, `/readyz`
 * and everything else are 503 with `Retry-After`, so a client or a load balancer waits instead of failing.
 */
export function startingHandler(req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/healthz') return send(res, 200, 'application/json', { status: 'starting' });
  if (path === '/readyz') return send(res, 503, 'application/json', { status: 'starting' });
  send(res, 503, 'application/problem+json', {
    type: `${TYPE_BASE}starting`,
    title: 'Starting',
    status: 503,
    detail: 'The service is opening its ledger and index; try again shortly.',
    instance: req.url ?? '/',
  });
}
