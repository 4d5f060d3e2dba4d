import crypto from 'node:crypto';
import type { RecordEventsResult } from '../../chaincode/src/core';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../../server/http/errors';
import type { Checkpoint, LedgerEvent, Receipt, Signer, TraceLedger } from '../../server/ledger/trace-ledger';
import { gtin, itemId, lotId } from '../helpers/gs1';
import { rejection } from '../helpers/rejection';
import { crossEnterpriseBehaviour } from './cross-enterprise.behaviour';

/** A ledger to run the suite against, and how to give an enterprise its ledger identity first. */
export interface LedgerUnderTest {
  readonly ledger: TraceLedger;
  /** Makes `enterpriseId`'s identity available (Fabric: enrol it into the wallet). */
  enroll(enterpriseId: string): Promise<void>;
  close(): Promise<void>;
}

const admin: Signer = { kind: 'admin' };
const regulator: Signer = { kind: 'regulator' };
const as = (enterpriseId: string): Signer => ({ kind: 'enterprise', enterpriseId });

/** Identifiers unique to this run, so a persistent network can run the suite again. */
function runIds(): { tag: string; prefix: () => string } {
  const tag = crypto.randomBytes(4).toString('hex');
  return { tag, prefix: () => `9${crypto.randomInt(10_000_000, 99_999_999)}` };
}

function commissioning(eventID: string, epcs: string[], lot?: string): { eventID: string; event: Record<string, unknown> } {
  return {
    eventID,
    event: {
      type: 'ObjectEvent',
      eventTime: '2026-05-01T08:00:00.000Z',
      eventTimeZoneOffset: '+08:00',
      action: 'ADD',
      epcList: epcs,
      bizStep: 'commissioning',
      disposition: 'active',
      ...(lot ? { ilmd: { 'cbvmda:lotNumber': lot } } : {}),
    },
  };
}

/** Reads events from `from` until every txId in `until` has been seen (or a timeout). */
async function readEvents(ledger: TraceLedger, from: Checkpoint, until: ReadonlySet<string>): Promise<LedgerEvent[]> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 30_000);
  const seen: LedgerEvent[] = [];
  const missing = new Set(until);
  try {
    for await (const e of ledger.events(from, abort.signal)) {
      // Block-end markers (no transaction) are the adapter's checkpoint aid, not events.
      if (e.txId === '') continue;
      seen.push(e);
      missing.delete(e.txId);
      if (missing.size === 0) break;
    }
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  if (missing.size > 0) throw new Error(`events never seen for ${[...missing].join(', ')}`);
  return seen;
}

const position = (e: LedgerEvent): number => e.blockNumber * 1e6 + e.txIndex;

/**
 * The behaviour every `TraceLedger` adapter must show; `factory` gives a fresh, bootstrapped
 * ledger (admin and regulator identities registered).
 */
export function traceLedgerBehaviour(name: string, factory: () => Promise<LedgerUnderTest>): void {
  crossEnterpriseBehaviour(name, factory);
  describe(`TraceLedger behaviour: ${name}`, () => {
    let t: LedgerUnderTest;
    const ids = runIds();
    const farm = `farm-${ids.tag}`;
    const mill = `mill-${ids.tag}`;
    const farmPrefix = ids.prefix();
    const millPrefix = ids.prefix();
    const receipts: Array<Receipt<unknown>> = [];

    beforeAll(async () => {
      t = await factory();
      for (const [id, prefix] of [
        [farm, farmPrefix],
        [mill, millPrefix],
      ] as const) {
        await t.enroll(id);
        receipts.push(await t.ledger.registerEnterprise(admin, { id, name: `Enterprise ${id}`, companyPrefixes: [prefix] }));
      }
    }, 120_000);

    afterAll(async () => {
      await t?.close();
    });

    it('is bootstrapped: admin and regulator are known identities', async () => {
      expect((await t.ledger.evaluate(admin, 'WhoAmI', {})).role).toBe('admin');
      expect((await t.ledger.evaluate(regulator, 'WhoAmI', {})).role).toBe('regulator');
    });

    it('binds a registered enterprise to its own ledger identity', async () => {
      const me = await t.ledger.evaluate(as(farm), 'WhoAmI', {});
      expect(me).toMatchObject({ role: 'enterprise', enterpriseId: farm });
      const record = receipts[0]?.result as { identity: { mspId: string; id: string } };
      expect(record.identity).toEqual({ mspId: me.mspId, id: me.id });
    });

    it('refuses a second registration, registration by an enterprise and a bad prefix with typed errors', async () => {
      expect(
        await rejection(t.ledger.registerEnterprise(admin, { id: farm, name: 'again', companyPrefixes: [ids.prefix()] })),
      ).toBeInstanceOf(ConflictError);
      const other = `other-${ids.tag}`;
      await t.enroll(other);
      const forbidden = await rejection(t.ledger.registerEnterprise(as(farm), { id: other, name: 'x', companyPrefixes: [ids.prefix()] }));
      expect(forbidden).toBeInstanceOf(ForbiddenError);
      expect(forbidden.message).toMatch(/registering an enterprise needs role/);
      expect(await rejection(t.ledger.registerEnterprise(admin, { id: other, name: 'x', companyPrefixes: ['12'] }))).toBeInstanceOf(
        InputError,
      );
    });

    it('records a batch of events and answers getEvent/getObject', async () => {
      const g = gtin(farmPrefix, 1);
      const r = await t.ledger.recordEvents(as(farm), {
        events: [commissioning(`urn:uuid:${ids.tag}-a1`, [itemId(g, 'S1'), itemId(g, 'S2')], 'L1')],
      });
      receipts.push(r);
      expect(r.result).toEqual<RecordEventsResult>({ accepted: [`urn:uuid:${ids.tag}-a1`], duplicates: [], rejected: [] });
      expect(r.txId).toMatch(/\S{8,}/);
      expect(Number.isInteger(r.blockNumber) && r.blockNumber > 0).toBe(true);
      expect(new Date(r.txTime).toISOString()).toBe(r.txTime);
      const event = await t.ledger.getEvent(`urn:uuid:${ids.tag}-a1`);
      expect(event).toMatchObject({ eventID: `urn:uuid:${ids.tag}-a1`, recorder: farm, txId: r.txId, recordTime: r.txTime });
      expect(await t.ledger.getObject(itemId(g, 'S1'))).toMatchObject({
        owner: farm,
        custodian: farm,
        recalled: false,
        lot: lotId(g, 'L1'),
      });
      expect(await t.ledger.getEvent(`urn:uuid:${ids.tag}-none`)).toBeUndefined();
      expect(await t.ledger.getObject(itemId(g, 'nothing'))).toBeUndefined();
    });

    it('refuses commissioning under another enterprise prefix (FORBIDDEN, message kept)', async () => {
      const err = await rejection(
        t.ledger.recordEvents(as(mill), { events: [commissioning(`urn:uuid:${ids.tag}-f1`, [itemId(gtin(farmPrefix, 2), 'X')])] }),
      );
      expect(err).toBeInstanceOf(ForbiddenError);
      expect(err.message).toMatch(/eventList\[0\]: .* is not under a company prefix of mill-/);
    });

    it('refuses a known eventID with other content (CONFLICT naming the index); the same content is a duplicate', async () => {
      const err = await rejection(
        t.ledger.recordEvents(as(farm), { events: [commissioning(`urn:uuid:${ids.tag}-a1`, [itemId(gtin(farmPrefix, 1), 'S3')])] }),
      );
      expect(err).toBeInstanceOf(ConflictError);
      expect(err.message).toMatch(/^eventList\[0\]: event .* is already recorded with different content/);
      expect(err.itemIndex).toBe(0);
      const again = await t.ledger.recordEvents(as(farm), {
        events: [commissioning(`urn:uuid:${ids.tag}-a1`, [itemId(gtin(farmPrefix, 1), 'S1'), itemId(gtin(farmPrefix, 1), 'S2')], 'L1')],
      });
      expect(again.result).toEqual({ accepted: [], duplicates: [`urn:uuid:${ids.tag}-a1`], rejected: [] });
    });

    it('rollback writes nothing; proceed keeps the good events and reports the bad', async () => {
      const g = gtin(millPrefix, 7);
      const bad = commissioning(`urn:uuid:${ids.tag}-bad`, [itemId(gtin(farmPrefix, 7), 'B')]);
      await expect(
        t.ledger.recordEvents(as(mill), { events: [commissioning(`urn:uuid:${ids.tag}-r1`, [itemId(g, 'R1')]), bad] }),
      ).rejects.toBeInstanceOf(ForbiddenError);
      expect(await t.ledger.getEvent(`urn:uuid:${ids.tag}-r1`)).toBeUndefined();
      expect(await t.ledger.getObject(itemId(g, 'R1'))).toBeUndefined();
      const r = await t.ledger.recordEvents(as(mill), {
        events: [commissioning(`urn:uuid:${ids.tag}-p1`, [itemId(g, 'P1')]), bad],
        proceed: true,
      });
      receipts.push(r);
      expect(r.result.accepted).toEqual([`urn:uuid:${ids.tag}-p1`]);
      expect(r.result.rejected).toEqual([expect.objectContaining({ index: 1, eventID: `urn:uuid:${ids.tag}-bad`, code: 'FORBIDDEN' })]);
      expect(await t.ledger.getEvent(`urn:uuid:${ids.tag}-p1`)).toBeDefined();
      expect(await t.ledger.getEvent(`urn:uuid:${ids.tag}-bad`)).toBeUndefined();
    });

    it('answers NOT_FOUND reads as NotFoundError', async () => {
      expect(await rejection(t.ledger.evaluate(admin, 'GetEnterprise', { id: `nobody-${ids.tag}` }))).toBeInstanceOf(NotFoundError);
    });

    it('openRecall marks the whole scope recalled on the ledger; concurrent recalls of one lot both land', async () => {
      const g = gtin(farmPrefix, 3);
      const lot = lotId(g, 'R');
      receipts.push(await t.ledger.recordEvents(as(farm), { events: [commissioning(`urn:uuid:${ids.tag}-c1`, [itemId(g, 'A')], 'R')] }));
      const notice = { hazard: 'h', consumerAction: 'return', remedy: 'refund', contact: 'tel' };
      const open = (id: string): Promise<Receipt<unknown>> =>
        t.ledger.openRecall(regulator, { id, lots: [lot], reason: 'test', severityClass: 'II', notice });
      const both = await Promise.all([open(`rc-${ids.tag}-1`), open(`rc-${ids.tag}-2`)]);
      receipts.push(...both);
      const recalled = await t.ledger.getObject(lot);
      expect(recalled?.recalled).toBe(true);
      expect([...(recalled?.recallIds ?? [])].sort()).toEqual([`rc-${ids.tag}-1`, `rc-${ids.tag}-2`]);
      expect(both.map((r) => (r.result as { scope: string[] }).scope)).toEqual([[lot], [lot]]);
    });

    it('records many events per transaction, and concurrent batches', async () => {
      const g = gtin(millPrefix, 9);
      const batch = (k: number): ReturnType<typeof commissioning>[] =>
        Array.from({ length: 50 }, (_, i) => commissioning(`urn:uuid:${ids.tag}-m${k}-${i}`, [itemId(g, `${k}-${i}`)]));
      const rs = await Promise.all([0, 1, 2].map((k) => t.ledger.recordEvents(as(mill), { events: batch(k) })));
      receipts.push(...rs);
      expect(rs.map((r) => r.result.accepted.length)).toEqual([50, 50, 50]);
      expect(new Set(rs.map((r) => r.txId)).size).toBe(3);
    });

    it('streams events from a checkpoint in ledger order and resumes mid-stream without duplicates', async () => {
      const mine = new Set(receipts.map((r) => r.txId));
      const first = Math.min(...receipts.map((r) => r.blockNumber));
      const all = (await readEvents(t.ledger, { blockNumber: first, txIndex: 0 }, mine)).filter((e) => e.blockNumber >= first);
      for (let i = 1; i < all.length; i++) expect(position(all[i]!)).toBeGreaterThan(position(all[i - 1]!));
      const ours = all.filter((e) => mine.has(e.txId));
      expect(new Set(ours.map((e) => e.txId)).size).toBe(mine.size);
      for (const r of receipts) expect(ours.find((e) => e.txId === r.txId)?.blockNumber).toBe(r.blockNumber);
      expect(ours.find((e) => e.txId === receipts[2]?.txId)).toMatchObject({ name: 'EventsRecorded', txTime: receipts[2]?.txTime });
      const cut = all[Math.floor(all.length / 2)]!;
      const rest = all.slice(all.indexOf(cut) + 1);
      const resumed = await readEvents(
        t.ledger,
        { blockNumber: cut.blockNumber, txIndex: cut.txIndex + 1 },
        new Set(rest.map((e) => e.txId)),
      );
      expect(resumed.slice(0, rest.length).map((e) => [e.txId, e.blockNumber, e.txIndex])).toEqual(
        rest.map((e) => [e.txId, e.blockNumber, e.txIndex]),
      );
      expect(resumed.some((e) => e.txId === cut.txId)).toBe(false);
    });

    it('answers block hashes (the seed of inspection draws): the head block is the head hash, past the head nothing', async () => {
      if (!t.ledger.blockHash) return;
      const { height, headHash } = await t.ledger.info();
      expect(await t.ledger.blockHash(height - 1)).toBe(headHash);
      const earlier = await t.ledger.blockHash(height - 2);
      expect(earlier).toMatch(/^[0-9a-f]{64}$/);
      expect(earlier).not.toBe(headHash);
      expect(await t.ledger.blockHash(height)).toBeUndefined();
    });

    it('describes a committed transaction and the ledger', async () => {
      const r = receipts[2]!;
      const tx = await t.ledger.getTransaction(r.txId);
      expect(tx).toMatchObject({ txId: r.txId, blockNumber: r.blockNumber, fn: 'RecordEvents', status: 'VALID', txTime: r.txTime });
      const me = await t.ledger.evaluate(as(farm), 'WhoAmI', {});
      expect(tx?.creator).toEqual({ mspId: me.mspId, id: me.id });
      expect(await t.ledger.getTransaction('0'.repeat(64))).toBeUndefined();
      const info = await t.ledger.info();
      expect(info.mode).toBe(t.ledger.mode);
      expect(info.height).toBeGreaterThan(Math.max(...receipts.map((x) => x.blockNumber)));
    });
  });
}
