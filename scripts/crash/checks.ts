import type { Knex } from 'knex';
import { z } from 'zod';
import { createSuyuanClient } from '../../client';
import { ledgerStatusAnswer } from '../../client/answers';
import type { Attempt } from './capture-clients';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs `fn` over `items` with at most `width` in flight. */
async function eachLimited<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

/** GET `url`, with a bearer key when given: the status and the JSON body ({} when there is none). For scripts/fabric-e2e.ts. */
export async function getJson(url: string, key?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { headers: key ? { Authorization: `Bearer ${key}` } : {}, signal: AbortSignal.timeout(60000) });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

const LONG = (): AbortSignal => AbortSignal.timeout(60000);

/** Waits until the index has applied every block of the ledger. */
export async function waitCaughtUp(baseUrl: string, timeoutMs: number): Promise<boolean> {
  const api = createSuyuanClient(baseUrl);
  for (const end = Date.now() + timeoutMs; Date.now() < end; await sleep(200)) {
    const { data } = await api.GET('/ledger', { signal: LONG() });
    if (ledgerStatusAnswer.safeParse(data).data?.index.caughtUp) return true;
  }
  return false;
}

/** `GET /ledger/verify` with an admin key (a fresh run): the chain, the signatures and every index row against the ledger. */
export async function verifyLedger(baseUrl: string, adminKey: string, failures: string[]): Promise<Record<string, unknown>> {
  const { data, error } = await createSuyuanClient(baseUrl, adminKey).GET('/ledger/verify', { signal: LONG() });
  const body = z
    .record(z.string(), z.unknown())
    .catch({})
    .parse(data ?? error);
  if (body.ok !== true) failures.push(`GET /ledger/verify is not ok: ${JSON.stringify(body).slice(0, 800)}`);
  return body;
}

/** How many index rows each event id has. */
async function indexCounts(knex: Knex, ids: readonly string[]): Promise<Map<string, number>> {
  const rows: Array<{ event_id: string; n: string }> = await knex('events')
    .select('event_id')
    .count({ n: '*' })
    .whereIn('event_id', ids)
    .groupBy('event_id');
  return new Map(rows.map((r) => [r.event_id, Number(r.n)]));
}

function attemptProblem(a: Attempt, counts: Map<string, number>): string | undefined {
  const present = a.eventIds.map((id) => counts.get(id) ?? 0);
  const twice = a.eventIds.find((_, i) => (present[i] ?? 0) > 1);
  if (twice) return `${twice} is in the index more than once`;
  const there = present.filter((n) => n === 1).length;
  if (a.outcome === 'acked' && there !== a.eventIds.length)
    return `acknowledged ${a.route} lost ${a.eventIds.length - there} of ${a.eventIds.length} events`;
  if (a.outcome === 'rejected' && there !== 0) return `${a.route} answered as failed (${a.detail ?? ''}) left ${there} events behind`;
  if (there !== 0 && there !== a.eventIds.length) return `unacknowledged ${a.route} is half there: ${there} of ${a.eventIds.length} events`;
  return undefined;
}

export interface IndexFindings {
  readonly unacknowledgedPresent: number;
  readonly unacknowledgedAbsent: number;
}

/** Every acknowledged event once in the index; nothing of a failed capture; no capture half there. */
export async function checkIndex(knex: Knex, attempts: readonly Attempt[], failures: string[]): Promise<IndexFindings> {
  const counts = await indexCounts(
    knex,
    attempts.flatMap((a) => a.eventIds),
  );
  for (const a of attempts) {
    const problem = attemptProblem(a, counts);
    if (problem) failures.push(problem);
  }
  const unknown = attempts.filter((a) => a.outcome === 'unknown');
  const present = unknown.filter((a) => counts.has(a.eventIds[0] ?? '')).length;
  const running = await knex('capture_jobs').where({ status: 'running' }).count<Array<{ n: string }>>({ n: '*' });
  if (Number(running[0]?.n) !== 0) failures.push(`${running[0]?.n} capture jobs are still running after restarts`);
  return { unacknowledgedPresent: present, unacknowledgedAbsent: unknown.length - present };
}

/** Every acknowledged transaction on the ledger, every acknowledged event readable by a regulator. */
export async function checkThroughApi(
  baseUrl: string,
  regulatorKey: string,
  attempts: readonly Attempt[],
  failures: string[],
): Promise<void> {
  const acked = attempts.filter((a) => a.outcome === 'acked');
  const txIds = [...new Set(acked.map((a) => a.txId ?? ''))];
  const anonymous = createSuyuanClient(baseUrl);
  await eachLimited(txIds, 8, async (txId) => {
    const { response } = await anonymous.GET('/ledger/tx/{txId}', { params: { path: { txId } }, signal: LONG() });
    if (response.status !== 200)
      failures.push(`acknowledged transaction ${txId || '(none given)'} is not on the ledger (${response.status})`);
  });
  const regulator = createSuyuanClient(baseUrl, regulatorKey);
  await eachLimited(
    acked.flatMap((a) => a.eventIds),
    8,
    async (eventID) => {
      const { data, response } = await regulator.GET('/events/{eventID}', { params: { path: { eventID } }, signal: LONG() });
      if (response.status !== 200 || z.looseObject({ eventID: z.string() }).safeParse(data).data?.eventID !== eventID)
        failures.push(`GET /events/${eventID} answered ${response.status}`);
    },
  );
}
