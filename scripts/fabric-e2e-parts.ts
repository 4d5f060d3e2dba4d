import crypto from 'node:crypto';
import { epcisDocument, gln, glnId, gtin, itemId } from '../test/helpers/gs1';
import { getJson } from './crash/checks';

const NOTE_CONTEXT = { example: 'http://ns.example.com/epcis/' };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface PartsJob {
  readonly running?: boolean;
  readonly success?: boolean;
  readonly errors?: unknown[];
  readonly parts?: number;
  readonly transactions?: Array<{ txId: string; blockNumber: number }>;
}

/** `count` commissioning events of items under `prefix`, each carrying `noteBytes` of extension text. */
function commissionings(prefix: string, tag: string, count: number, noteBytes: number): Array<Record<string, unknown>> {
  const at = glnId(gln(prefix, 1));
  return Array.from({ length: count }, (_, i) => ({
    type: 'ObjectEvent',
    eventID: `urn:uuid:${crypto.randomUUID()}`,
    eventTime: '2026-05-01T01:00:00.000Z',
    eventTimeZoneOffset: '+08:00',
    action: 'ADD',
    bizStep: 'commissioning',
    disposition: 'active',
    epcList: [itemId(gtin(prefix, 3), `${tag}${i}`)],
    readPoint: { id: at },
    ...(noteBytes > 0 ? { 'example:note': 'n'.repeat(noteBytes) } : {}),
  }));
}

async function post(
  base: string,
  key: string,
  behaviour: string,
  events: unknown[],
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}/capture`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', 'GS1-Capture-Error-Behaviour': behaviour },
    body: JSON.stringify(epcisDocument(events as object[], [NOTE_CONTEXT])),
    signal: AbortSignal.timeout(60000),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

async function settled(base: string, key: string, id: string): Promise<PartsJob> {
  for (const end = Date.now() + 600_000; Date.now() < end; await sleep(250)) {
    const job = (await getJson(`${base}/capture/${id}`, key)).body as PartsJob;
    if (job.running === false) return job;
  }
  throw new Error(`capture job ${id} still running after 600 s`);
}

async function captureProceed(base: string, key: string, events: unknown[]): Promise<PartsJob> {
  const accepted = await post(base, key, 'proceed', events);
  return accepted.status === 202 ? settled(base, key, String(accepted.body.captureID)) : { errors: [accepted.body] };
}

/**
 * Documents larger than one transaction on the real network, with the service's default limits
 * (1,000 events, 3 MiB of events per transaction, the orderer's AbsoluteMaxBytes 16 MB): a proceed
 * document of 2,500 small events goes in three parts; one of 1,000 events of ~3.4 KB goes in two, its
 * first part close to the byte limit and still taken by the orderer; a rollback one of 1,001 events is
 * refused with 413.
 */
export async function checkLargeDocuments(
  base: string,
  key: string,
  prefix: string,
  expectThat: (ok: boolean, what: string, detail?: unknown) => void,
): Promise<void> {
  for (const [tag, count, noteBytes, parts] of [
    ['BIG', 2500, 0, 3],
    ['FAT', 1000, 3000, 2],
  ] as const) {
    const started = Date.now();
    const job = await captureProceed(base, key, commissionings(prefix, tag, count, noteBytes));
    expectThat(
      job.success === true && job.parts === parts && job.transactions?.length === parts,
      `POST /capture (proceed) of ${count} events${noteBytes ? ` with ${noteBytes} bytes of extension text each` : ''} recorded in ${String(job.parts)} transactions under one job in ${Date.now() - started} ms (blocks ${(job.transactions ?? []).map((t) => t.blockNumber).join(', ')})`,
      job,
    );
  }
  const refused = await post(base, key, 'rollback', commissionings(prefix, 'ROLL', 1001, 0));
  expectThat(
    refused.status === 413 && /needs 2 transactions/.test(String(refused.body.detail)),
    `POST /capture (rollback) of 1,001 events refused with ${refused.status} before it was accepted`,
    refused.body,
  );
}
