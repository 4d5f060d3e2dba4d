import crypto from 'node:crypto';
import type { EventRecord } from '../../chaincode/src/core';
import { ConflictError, ForbiddenError, NotFoundError } from '../../server/http/errors';
import type { Signer } from '../../server/ledger/trace-ledger';
import { gln, glnId, gtin, lotId, ssccId, sscc } from '../helpers/gs1';
import { rejection } from '../helpers/rejection';
import type { LedgerUnderTest } from './trace-ledger.behaviour';

const admin: Signer = { kind: 'admin' };
const regulator: Signer = { kind: 'regulator' };
const as = (enterpriseId: string): Signer => ({ kind: 'enterprise', enterpriseId });
const T = { eventTime: '2026-05-01T08:00:00.000Z', eventTimeZoneOffset: '+08:00' };

type Ev = { eventID: string; event: Record<string, unknown> };
const ev = (eventID: string, event: Record<string, unknown>): Ev => ({ eventID, event: { ...T, ...event } });
const harvest = (id: string, lot: string): Ev =>
  ev(id, { type: 'ObjectEvent', action: 'ADD', quantityList: [{ epcClass: lot, quantity: 10, uom: 'KGM' }], bizStep: 'commissioning' });
const observe = (id: string, lot: string, extra: Record<string, unknown> = {}): Ev =>
  ev(id, { type: 'ObjectEvent', action: 'OBSERVE', quantityList: [{ epcClass: lot, quantity: 10, uom: 'KGM' }], ...extra });
const ship = (id: string, lot: string, from: string, to: string): Ev =>
  observe(id, lot, {
    bizStep: 'shipping',
    sourceList: [{ type: 'owning_party', source: from }],
    destinationList: [{ type: 'owning_party', destination: to }],
  });
const receive = (id: string, lot: string, from: string, to: string): Ev =>
  observe(id, lot, {
    bizStep: 'receiving',
    sourceList: [{ type: 'owning_party', source: from }],
    destinationList: [{ type: 'owning_party', destination: to }],
  });
const transform = (id: string, input: string, output: string): Ev =>
  ev(id, {
    type: 'TransformationEvent',
    inputQuantityList: [{ epcClass: input, quantity: 10, uom: 'KGM' }],
    outputQuantityList: [{ epcClass: output, quantity: 8, uom: 'KGM' }],
    bizStep: 'commissioning',
  });
const declared = (e: Ev, reason = 'incorrect_data'): Ev => ({
  eventID: e.eventID,
  event: { ...e.event, errorDeclaration: { declarationTime: '2026-05-02T08:00:00.000Z', reason } },
});

/**
 * The rules between competing enterprises, the same on every adapter: enterprise B attacks what
 * enterprise A recorded; C is A's customer; the regulator inspects and recalls.
 */
export function crossEnterpriseBehaviour(name: string, factory: () => Promise<LedgerUnderTest>): void {
  describe(`rules between enterprises: ${name}`, () => {
    let t: LedgerUnderTest;
    const tag = crypto.randomBytes(4).toString('hex');
    const prefix = (): string => `8${crypto.randomInt(10_000_000, 99_999_999)}`;
    const [pa, pb, pc] = [prefix(), prefix(), prefix()];
    const [a, b, c] = [`a-${tag}`, `b-${tag}`, `c-${tag}`];
    const [partyA, partyB, partyC] = [glnId(gln(pa, 1)), glnId(gln(pb, 1)), glnId(gln(pc, 1))];
    let n = 0;
    const id = (): string => `urn:uuid:${tag}-${(n += 1)}`;
    const lotA = (l: string): string => lotId(gtin(pa, 1), l);

    beforeAll(async () => {
      t = await factory();
      for (const [e, p] of [
        [a, pa],
        [b, pb],
        [c, pc],
      ] as const) {
        await t.enroll(e);
        await t.ledger.registerEnterprise(admin, { id: e, name: `Enterprise ${e}`, companyPrefixes: [p] });
      }
    }, 120_000);

    afterAll(async () => {
      await t?.close();
    });

    it('refuses company prefixes nested in a registered one, either way round', async () => {
      for (const nested of [`${pa}0`, pa.slice(0, 7)]) {
        const nestedId = `n-${tag}-${nested.length}`;
        await t.enroll(nestedId);
        const err = await rejection(t.ledger.registerEnterprise(admin, { id: nestedId, name: 'Nested', companyPrefixes: [nested] }));
        expect(err).toBeInstanceOf(ConflictError);
        expect(err.message).toContain(`overlaps ${pa}, which belongs to ${a}`);
      }
    });

    it('keeps re-sent events as duplicates beside new ones, and the same event twice in a document once', async () => {
      const first = harvest(id(), lotA('D1'));
      expect((await t.ledger.recordEvents(as(a), { events: [first] })).result.accepted).toEqual([first.eventID]);
      const fresh = harvest(id(), lotA('D2'));
      const r = await t.ledger.recordEvents(as(a), { events: [first, fresh, fresh] });
      expect(r.result).toEqual({ accepted: [fresh.eventID], duplicates: [first.eventID, fresh.eventID], rejected: [] });
    });

    it('refuses an event under a known eventID with other content, error-declared or not, and keeps the declaration', async () => {
      const original = transform(id(), lotA('X1'), lotA('X2'));
      await t.ledger.recordEvents(as(a), { events: [harvest(id(), lotA('X1')), original] });
      await t.ledger.recordEvents(as(a), { events: [declared(original)] });
      const clash = harvest(original.eventID, lotA('X3'));
      const err = await rejection(t.ledger.recordEvents(as(a), { events: [harvest(id(), lotA('X4')), clash] }));
      expect(err).toBeInstanceOf(ConflictError);
      expect(err.itemIndex).toBe(1);
      expect(err.message).toMatch(/^eventList\[1\]: event .* already recorded with different content \(recorded by a-/);
      const other = await rejection(t.ledger.recordEvents(as(a), { events: [declared(original, 'did_not_occur')] }));
      expect(other.message).toMatch(/already declared erroneous by a-.* at /);
      expect((await t.ledger.recordEvents(as(a), { events: [declared(original)] })).result.duplicates).toEqual([original.eventID]);
      expect((await t.ledger.getEvent(original.eventID))?.event.type).toBe('TransformationEvent');
    });

    it('lets only the recorder declare its event erroneous, and only an event that exists', async () => {
      const mine = harvest(id(), lotA('E1'));
      await t.ledger.recordEvents(as(a), { events: [mine] });
      const byB = await rejection(t.ledger.recordEvents(as(b), { events: [declared(mine)] }));
      expect(byB).toBeInstanceOf(ForbiddenError);
      expect(byB.message).toContain(`recorded by ${a}; only its recorder may declare it erroneous`);
      expect(await rejection(t.ledger.recordEvents(regulator, { events: [declared(mine)] }))).toBeInstanceOf(ForbiddenError);
      expect(await rejection(t.ledger.recordEvents(as(b), { events: [declared(harvest(id(), lotA('E2')))] }))).toBeInstanceOf(
        NotFoundError,
      );
    });

    it("refuses B's events on A's objects: observing, shipping, destroying, or packing A's lot into B's pallet", async () => {
      const lot = lotA('C1');
      await t.ledger.recordEvents(as(a), { events: [harvest(id(), lot)] });
      const pallet = ssccId(sscc(pb, 1));
      const attempts: Ev[] = [
        observe(id(), lot),
        ship(id(), lot, partyB, partyC),
        observe(id(), lot, { bizStep: 'destroying', disposition: 'destroyed' }),
        ev(id(), {
          type: 'AggregationEvent',
          action: 'ADD',
          parentID: lot,
          childQuantityList: [{ epcClass: lotId(gtin(pb, 2), 'P'), quantity: 1, uom: 'KGM' }],
        }),
        ev(id(), {
          type: 'AggregationEvent',
          action: 'ADD',
          parentID: pallet,
          childQuantityList: [{ epcClass: lot, quantity: 1, uom: 'KGM' }],
        }),
      ];
      for (const attempt of attempts) {
        const err = await rejection(t.ledger.recordEvents(as(b), { events: [attempt] }));
        expect([attempt.eventID, err.constructor.name]).toEqual([attempt.eventID, 'ForbiddenError']);
      }
      expect(await rejection(t.ledger.recordEvents(as(b), { events: [harvest(id(), lotA('C2'))] }))).toBeInstanceOf(ForbiddenError);
      expect(await t.ledger.getObject(lot)).toMatchObject({ owner: a, custodian: a });
    });

    it('refuses naming another enterprise as the source of your own shipment', async () => {
      const lot = lotId(gtin(pb, 3), 'S1');
      await t.ledger.recordEvents(as(b), { events: [harvest(id(), lot)] });
      const err = await rejection(t.ledger.recordEvents(as(b), { events: [ship(id(), lot, partyA, partyC)] }));
      expect(err).toBeInstanceOf(ForbiddenError);
      expect(err.message).toContain(`belongs to ${a}`);
    });

    it('moves custody only to the enterprise a shipment addresses, and records who is party to each event', async () => {
      const lot = lotA('K1');
      const shipped = ship(id(), lot, partyA, partyC);
      await t.ledger.recordEvents(as(a), { events: [harvest(id(), lot), shipped] });
      expect(await t.ledger.getObject(lot)).toMatchObject({ custodian: a, shippedTo: [c] });
      expect(await rejection(t.ledger.recordEvents(as(b), { events: [receive(id(), lot, partyA, partyB)] }))).toBeInstanceOf(
        ForbiddenError,
      );
      await t.ledger.recordEvents(as(c), { events: [receive(id(), lot, partyA, partyC)] });
      expect(await t.ledger.getObject(lot)).toMatchObject({ owner: a, custodian: c, holders: [a, c] });
      const record = (await t.ledger.getEvent(shipped.eventID)) as EventRecord;
      expect(record.parties).toEqual([a, c].sort());
    });

    it('lets the regulator record inspections on anything, and nothing else', async () => {
      const lot = lotA('I1');
      await t.ledger.recordEvents(as(a), { events: [harvest(id(), lot)] });
      const r = await t.ledger.recordEvents(regulator, { events: [observe(id(), lot, { bizStep: 'inspecting' })] });
      expect(r.result.accepted).toHaveLength(1);
      expect(await t.ledger.getObject(lot)).toMatchObject({ owner: a, custodian: a });
      expect(await rejection(t.ledger.recordEvents(regulator, { events: [ship(id(), lot, partyA, partyC)] }))).toBeInstanceOf(
        ForbiddenError,
      );
    });

    it("decides recall scopes on the ledger: A's recall recalls A's products and leaves C's affected until C confirms", async () => {
      const lot = lotA('R1');
      const product = lotId(gtin(pc, 5), 'P1');
      await t.ledger.recordEvents(as(a), { events: [harvest(id(), lot), ship(id(), lot, partyA, partyC)] });
      await t.ledger.recordEvents(as(c), { events: [receive(id(), lot, partyA, partyC), transform(id(), lot, product)] });
      const notice = { hazard: 'h', consumerAction: 'stop', remedy: 'refund', contact: 'tel' };
      expect(
        await rejection(t.ledger.openRecall(as(b), { id: `rc-${tag}-b`, lots: [lot], reason: 'r', severityClass: 'II', notice })),
      ).toBeInstanceOf(ForbiddenError);
      const opened = (await t.ledger.openRecall(as(a), { id: `rc-${tag}-a`, lots: [lot], reason: 'r', severityClass: 'II', notice }))
        .result;
      expect(opened.scope).toEqual([lot]);
      expect(opened.affected).toEqual([{ lot: product, owner: c }]);
      expect((await t.ledger.getObject(product))?.recalled).toBe(false);
      expect(await rejection(t.ledger.submit(as(b), 'ConfirmRecall', { id: opened.id, lots: [product] }))).toBeInstanceOf(ForbiddenError);
      const confirmed = (await t.ledger.submit(as(c), 'ConfirmRecall', { id: opened.id, lots: [product] })).result;
      expect(confirmed.affected[0]).toMatchObject({ lot: product, confirmedBy: c });
      expect((await t.ledger.getObject(product))?.recalled).toBe(true);
      const byRegulator = (
        await t.ledger.openRecall(regulator, { id: `rc-${tag}-r`, lots: [lot], reason: 'r', severityClass: 'I', notice })
      ).result;
      expect([byRegulator.scope, byRegulator.affected]).toEqual([[lot, product].sort(), []]);
    });
  });
}
