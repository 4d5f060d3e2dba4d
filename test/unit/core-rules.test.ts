import { bootstrap, registerEnterprise, registerIdentity } from '../../chaincode/src/core/enterprises';
import { getObject, recordEvents } from '../../chaincode/src/core/events';
import type { Creator, LedgerState } from '../../chaincode/src/core/state';
import { gtin } from '../helpers/supply-chain';

/**
 * The rules of chaincode/src/core called directly, over the smallest LedgerState there is: a sorted
 * map, one transaction at a time, whose writes become visible only when the transaction ends (as on
 * a peer). The same rules also run through the Fabric contract and the embedded ledger in test/behaviour.
 */
class MapLedger {
  readonly #committed = new Map<string, string>();
  #tx = 0;
  /** Keys read from the committed state by the last transaction, in order (repeats included). */
  reads: string[] = [];

  async submit<T>(creator: Creator, rule: (state: LedgerState) => Promise<T>): Promise<T> {
    const writes = new Map<string, string>();
    const committed = this.#committed;
    this.reads = [];
    const state: LedgerState = {
      txId: `tx${++this.#tx}`,
      txTime: new Date(Date.UTC(2026, 10, 27, 8, 0, this.#tx)).toISOString(),
      creator,
      get: (key) => {
        this.reads.push(key);
        return Promise.resolve(committed.get(key));
      },
      put: (key, value) => {
        writes.set(key, value);
        return Promise.resolve();
      },
      scan(type, attrs) {
        const prefix = this.key(type, attrs);
        const entries = [...committed.entries()].filter(([k]) => k.startsWith(prefix)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return {
          [Symbol.asyncIterator]: () => {
            const it = entries[Symbol.iterator]();
            return { next: () => Promise.resolve(it.next()) };
          },
        };
      },
      key: (type, attrs) => `\u0000${[type, ...attrs].join('\u0000')}\u0000`,
      emit: () => undefined,
    };
    const result = await rule(state);
    for (const [k, v] of writes) committed.set(k, v);
    return result;
  }
}

const ADMIN: Creator = { mspId: 'RegulatorMSP', id: 'admin' };
const FARM: Creator = { mspId: 'EnterpriseMSP', id: 'farm' };
const MILL: Creator = { mspId: 'EnterpriseMSP', id: 'mill' };
const REGULATOR: Creator = { mspId: 'RegulatorMSP', id: 'inspector' };
const lot = (gtin: string, code: string): string => `https://id.gs1.org/01/${gtin}/10/${code}`;
const FARM_GTIN = gtin('6901234', '00001');
const MILL_GTIN = gtin('6905678', '00001');
const harvest = (eventID: string, id: string): { eventID: string; event: Record<string, unknown> } => ({
  eventID,
  event: {
    type: 'ObjectEvent',
    eventID,
    action: 'ADD',
    eventTime: '2026-09-01T06:00:00Z',
    eventTimeZoneOffset: '+08:00',
    bizStep: 'commissioning',
    disposition: 'active',
    epcList: [],
    quantityList: [{ epcClass: id, quantity: 10, uom: 'KGM' }],
  },
});

describe('core rules, called directly', () => {
  let ledger: MapLedger;

  beforeEach(async () => {
    ledger = new MapLedger();
    await ledger.submit(ADMIN, (s) => bootstrap(s, { name: 'operator' }));
    await ledger.submit(ADMIN, (s) => registerIdentity(s, { ...REGULATOR, role: 'regulator', name: 'inspector' }));
    await ledger.submit(ADMIN, (s) => registerEnterprise(s, { id: 'farm', name: 'Farm', companyPrefixes: ['6901234'], identity: FARM }));
    await ledger.submit(ADMIN, (s) => registerEnterprise(s, { id: 'mill', name: 'Mill', companyPrefixes: ['6905678'], identity: MILL }));
  });

  it('lets an enterprise commission under its own company prefix and keeps the lot state', async () => {
    const out = await ledger.submit(FARM, (s) => recordEvents(s, { events: [harvest('urn:uuid:1', lot(FARM_GTIN, 'H1'))] }));
    expect(out).toEqual({ accepted: ['urn:uuid:1'], duplicates: [], rejected: [] });
    const state = await ledger.submit(REGULATOR, (s) => getObject(s, { id: lot(FARM_GTIN, 'H1') }));
    expect(state).toMatchObject({
      owner: 'farm',
      lastDisposition: expect.stringContaining('active'),
      recalled: false,
      firstEventID: 'urn:uuid:1',
    });
  });

  it("refuses commissioning under another enterprise's company prefix, writing nothing", async () => {
    await expect(
      ledger.submit(MILL, (s) => recordEvents(s, { events: [harvest('urn:uuid:2', lot(FARM_GTIN, 'H2'))] })),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(ledger.submit(REGULATOR, (s) => getObject(s, { id: lot(FARM_GTIN, 'H2') }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const proceed = await ledger.submit(MILL, (s) =>
      recordEvents(s, {
        proceed: true,
        events: [harvest('urn:uuid:3', lot(FARM_GTIN, 'H3')), harvest('urn:uuid:4', lot(MILL_GTIN, 'M1'))],
      }),
    );
    expect(proceed.accepted).toEqual(['urn:uuid:4']);
    expect(proceed.rejected).toMatchObject([{ index: 0, eventID: 'urn:uuid:3', code: 'FORBIDDEN' }]);
  });

  it('refuses a duplicate eventID and events from an identity that is not a registered enterprise', async () => {
    await ledger.submit(FARM, (s) => recordEvents(s, { events: [harvest('urn:uuid:5', lot(FARM_GTIN, 'H5'))] }));
    await expect(
      ledger.submit(FARM, (s) => recordEvents(s, { events: [harvest('urn:uuid:5', lot(FARM_GTIN, 'H6'))] })),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      ledger.submit(REGULATOR, (s) => recordEvents(s, { events: [harvest('urn:uuid:7', lot(FARM_GTIN, 'H7'))] })),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('reads each committed key at most once per transaction, however many events name it', async () => {
    const events = Array.from({ length: 200 }, (_, i) => harvest(`urn:uuid:batch-${i}`, lot(FARM_GTIN, `B${i % 20}`)));
    const out = await ledger.submit(FARM, (s) => recordEvents(s, { events }));
    expect(out.accepted).toHaveLength(200);
    const recordReads = ledger.reads.filter((k) => !k.includes('idn') && !k.includes('\u0000ent\u0000'));
    expect(recordReads.length).toBe(new Set(recordReads).size);
    // 200 event keys, 20 lots, one location probe and up to 7 prefix lengths: far fewer than one probe set per event.
    expect(recordReads.length).toBeLessThan(200 + 20 + 10);
  });
});
