import crypto from 'node:crypto';
import type { TestService } from '../helpers/test-service';
import { registerEnterprise, regulatorKey } from '../helpers/test-service';
import { gln, glnId, gtin, lotId, uniquePrefix } from '../helpers/gs1';

/** Who calls: nobody, two enterprises, a regulator, the operator, and a key that was revoked. */
export const ROLES = ['anonymous', 'entA', 'entB', 'regulator', 'admin', 'revoked'] as const;
export type Role = (typeof ROLES)[number];

/** Words that must never reach anyone but enterprise A and the authorities. */
export const SECRET_PO = 'urn:epcglobal:cbv:bt:0614141000005:PO-SECRET-4711';
export const SECRET_PLACE = 'Secret bonded warehouse 7';

/** Records owned by enterprise A (and one recall by the regulator) that the matrix asks about. */
export interface Fixture {
  readonly t: TestService;
  readonly keys: Readonly<Record<Role, string | undefined>>;
  readonly prefixA: string;
  readonly gtinA: string;
  readonly lotA: string;
  readonly eventA: string;
  readonly txA: string;
  readonly captureA: string;
  readonly declarationA: string;
  readonly incidentA: string;
  readonly recallA: string;
  readonly enterpriseA: string;
  readonly enterpriseB: string;
}

export const auth = (key: string): [string, string] => ['Authorization', `Bearer ${key}`];

export function objectEvent(eventID: string, epcClass: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'ObjectEvent',
    eventID,
    eventTime: '2026-05-01T08:00:00Z',
    eventTimeZoneOffset: '+00:00',
    action: 'OBSERVE',
    quantityList: [{ epcClass, quantity: 10, uom: 'KGM' }],
    bizStep: 'receiving',
    ...extra,
  };
}

export function declarationBody(g: string): Record<string, unknown> {
  return {
    products: [{ gtin: g, name: 'Green tea', model: '250g', category: 'tea' }],
    standard: { type: 'enterprise', number: 'Q/SY 0001S-2026', name: 'Green tea' },
    indicators: [],
    effectiveDate: '2026-12-01',
    documentSha256: 'b'.repeat(64),
  };
}

export function incidentBody(g: string): Record<string, unknown> {
  return {
    products: [g],
    occurredAt: '2026-11-20T09:00:00+08:00',
    awareAt: '2026-11-20T10:00:00+08:00',
    severity: 'other',
    description: 'A kettle lid came loose',
  };
}

let item = 100;
/** A fresh GTIN of enterprise A, so each write names something new. */
export const freshGtin = (f: Fixture): string => gtin(f.prefixA, (item += 1));
export const freshId = (): string => `urn:uuid:${crypto.randomUUID()}`;

/** A lot of A that is on the ledger and in the index (owned by A through its company prefix). */
export async function freshLot(f: Fixture): Promise<string> {
  const lot = lotId(f.gtinA, `R${(item += 1)}`);
  const r = await f.t.service.deps.ledger.recordEvents(
    { kind: 'enterprise', enterpriseId: f.enterpriseA },
    { events: [{ eventID: freshId(), event: objectEvent(freshId(), lot) }] },
  );
  await f.t.service.deps.indexer.waitForTx(r.txId, r.blockNumber);
  return lot;
}

async function post(t: TestService, key: string, url: string, body: unknown, status = 201): Promise<Record<string, unknown>> {
  const res = await t.http
    .post(url)
    .set(...auth(key))
    .send(body as object);
  if (res.status !== status) throw new Error(`${url}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Record<string, unknown>;
}

async function captureJob(t: TestService, key: string, events: object[]): Promise<string> {
  const doc = { type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-05-01T00:00:00Z', epcisBody: { eventList: events } };
  const id = (await post(t, key, '/capture', doc, 202)).captureID as string;
  for (let i = 0; i < 400; i++) {
    const job = await t.http.get(`/capture/${id}`).set(...auth(key));
    if (!job.body.running) return id;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('capture did not finish');
}

/** Registers A and B, issues the keys, and records what the matrix reads. */
export async function buildFixture(t: TestService): Promise<Fixture> {
  const prefixA = uniquePrefix();
  const prefixB = uniquePrefix();
  const enterpriseA = `matrix-a-${prefixA}`;
  const enterpriseB = `matrix-b-${prefixB}`;
  const keyA = await registerEnterprise(t, {
    id: enterpriseA,
    companyPrefixes: [prefixA],
    locations: [{ id: glnId(gln(prefixA, 1)), name: SECRET_PLACE, city: 'Hangzhou' }],
  });
  const keyB = await registerEnterprise(t, { id: enterpriseB, companyPrefixes: [prefixB] });
  const revoked = await post(t, t.adminKey, '/admin/keys', { role: 'enterprise', enterpriseId: enterpriseA, name: 'revoked' });
  await t.http.delete(`/admin/keys/${revoked.id as string}`).set(...auth(t.adminKey));
  const gtinA = gtin(prefixA, 1);
  const lotA = lotId(gtinA, 'LOT-A');
  const eventA = freshId();
  const bizTransactionList = [{ type: 'po', bizTransaction: SECRET_PO }];
  const recorded = await post(
    t,
    keyA,
    '/events',
    objectEvent(eventA, lotA, { bizLocation: { id: glnId(gln(prefixA, 1)) }, bizTransactionList }),
  );
  const captureA = await captureJob(t, keyA, [objectEvent(freshId(), lotA, { bizStep: 'storing' })]);
  const declarationA = ((await post(t, keyA, '/declarations', declarationBody(gtinA))).declaration as { id: string }).id;
  const incidentA = (await post(t, keyA, '/incidents', incidentBody(gtinA))).id as string;
  const regulator = await regulatorKey(t);
  const partial: Omit<Fixture, 'recallA'> = {
    t,
    keys: { anonymous: undefined, entA: keyA, entB: keyB, regulator, admin: t.adminKey, revoked: revoked.apiKey as string },
    prefixA,
    gtinA,
    lotA,
    eventA,
    txA: recorded.txId as string,
    captureA,
    declarationA,
    incidentA,
    enterpriseA,
    enterpriseB,
  };
  const recallLot = await freshLot(partial as Fixture);
  const recallA = (
    await post(t, regulator, '/recalls', {
      lots: [recallLot],
      reason: 'test recall',
      hazard: 'glass fragments',
      severityClass: 'II',
      consumerAction: 'stop using',
    })
  ).id as string;
  return { ...partial, recallA };
}
