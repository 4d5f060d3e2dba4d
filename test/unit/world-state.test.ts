import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { EmbeddedLedger } from '../../server/ledger/embedded/embedded-ledger';
import { sweepDerived } from '../../server/ledger/embedded/lmdb-folder';
import { decodeString, encodeString } from '../../server/ledger/embedded/state-codec';
import { WorldState } from '../../server/ledger/embedded/world-state';
import { gtin, itemId, lotId } from '../helpers/gs1';

// Few distinct units so keys share prefixes; NUL (the composite-key separator), BMP above and below the
// surrogates, a surrogate pair and lone surrogates — where UTF-8 order and JS order part ways.
const UNITS = ['\u0000', 'a', 'b', 'z', '\u007f', '\u00e9', '\u07ff', '\u0800', '溯', '\ud7ff', '\ud83d', '\ude00', '\ue000', '\uffff'];
const text = (maxLength: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...UNITS), maxLength });
const jsOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function modelScan(model: Map<string, string>, prefix: string): Array<[string, string]> {
  return [...model].filter(([k]) => k.startsWith(prefix)).sort(([a], [b]) => jsOrder(a, b));
}

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-world-'));
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

const stateDirs = (dir: string): string[] => fs.readdirSync(dir).filter((n) => n.startsWith('state-'));

describe('state codec', () => {
  it('round-trips any string, lone surrogates included', () => {
    fc.assert(fc.property(fc.oneof(text(40), fc.string({ unit: 'binary' })), (s) => decodeString(encodeString(s)) === s));
    expect(decodeString(encodeString('\ud800x\udfff'))).toBe('\ud800x\udfff');
  });

  it('orders bytes as JS orders strings', () => {
    fc.assert(fc.property(text(12), text(12), (a, b) => Math.sign(Buffer.compare(encodeString(a), encodeString(b))) === jsOrder(a, b)));
    // UTF-8 would put U+1F600 (a surrogate pair in JS) after U+E000; JS puts it before.
    expect(Buffer.compare(encodeString('\ud83d\ude00'), encodeString('\ue000'))).toBe(-1);
    expect(encodeString('\u0000ab\u0000').equals(Buffer.from('\u0000ab\u0000', 'utf8'))).toBe(true);
  });
});

describe('WorldState', () => {
  it.each([
    ['whole keys', undefined],
    ['keys cut after 6 bytes', 6],
  ])('answers get and scan like a sorted Map (%s)', async (_what, keyHeadBytes) => {
    const world = WorldState.create(root, keyHeadBytes === undefined ? {} : { keyHeadBytes });
    const model = new Map<string, string>();
    try {
      const batches = fc.array(fc.array(fc.tuple(text(10), text(6)), { maxLength: 12 }), { minLength: 1, maxLength: 6 });
      const sample = fc.sample(fc.tuple(batches, fc.array(text(4), { minLength: 1, maxLength: 8 })), { numRuns: 40, seed: 42 });
      for (const [writes, prefixes] of sample) {
        for (const batch of writes) {
          world.apply(batch);
          for (const [k, v] of batch) model.set(k, v);
        }
        for (const [k, v] of model) expect(world.get(k)).toBe(v);
        for (const prefix of ['', ...prefixes]) expect([...world.scan(prefix)]).toEqual(modelScan(model, prefix));
      }
      expect(world.size).toBe(model.size);
      expect(world.get('\u0000never')).toBeUndefined();
    } finally {
      await world.close();
    }
  });

  it('overwrites: the last write of a key wins, within one apply and across applies', async () => {
    const world = WorldState.create(root);
    try {
      world.apply(new Map([['\u0000obj\u0000x\u0000', 'one']]));
      world.apply([
        ['\u0000obj\u0000x\u0000', 'two'],
        ['\u0000obj\u0000x\u0000', 'three'],
        ['', 'empty key'],
      ]);
      expect(world.get('\u0000obj\u0000x\u0000')).toBe('three');
      expect(world.get('')).toBe('empty key');
      expect([...world.scan('\u0000obj\u0000')]).toEqual([['\u0000obj\u0000x\u0000', 'three']]);
      expect(world.size).toBe(2);
    } finally {
      await world.close();
    }
  });

  it('keeps keys longer than LMDB allows, in order, and scans by a long prefix', async () => {
    const world = WorldState.create(root);
    try {
      const long = `\u0000evt\u0000urn:uuid:${'x'.repeat(5000)}`;
      const keys = [`${long}b\u0000`, `${long}a\u0000`, `${long}\u0000`, `${long.slice(0, 3000)}\u0000`, '\u0000evt\u0000short\u0000'];
      world.apply(keys.map((k, i) => [k, `v${i}`]));
      world.apply([[`${long}a\u0000`, 'again']]);
      expect(world.get(`${long}a\u0000`)).toBe('again');
      expect(world.get(`${long}c\u0000`)).toBeUndefined();
      expect([...world.scan('\u0000evt\u0000')].map(([k]) => k)).toEqual([...keys].sort(jsOrder));
      expect([...world.scan(long)]).toEqual([
        [`${long}\u0000`, 'v2'],
        [`${long}a\u0000`, 'again'],
        [`${long}b\u0000`, 'v0'],
      ]);
    } finally {
      await world.close();
    }
  });

  it('scans a snapshot: an apply during a scan does not change what the scan yields', async () => {
    const world = WorldState.create(root);
    try {
      world.apply([
        ['\u0000h\u0000a', '1'],
        ['\u0000h\u0000c', '3'],
      ]);
      const scan = world.scan('\u0000h\u0000');
      expect(scan.next().value).toEqual(['\u0000h\u0000a', '1']);
      world.apply([
        ['\u0000h\u0000b', '2'],
        ['\u0000h\u0000c', '33'],
      ]);
      expect([...scan]).toEqual([['\u0000h\u0000c', '3']]);
      expect(world.get('\u0000h\u0000c')).toBe('33');
    } finally {
      await world.close();
    }
  });

  it('starts empty in a folder of its own, removed on close; sweep removes only folders no open state uses', async () => {
    const dir = fs.mkdtempSync(path.join(root, 'sweep-'));
    const first = WorldState.create(dir);
    first.apply([['k', 'v']]);
    fs.mkdirSync(path.join(dir, 'state-left-by-a-crash'));
    fs.writeFileSync(path.join(dir, 'state-left-by-a-crash', 'data.mdb'), 'junk');
    sweepDerived(dir);
    expect(stateDirs(dir)).toHaveLength(1);
    const second = WorldState.create(dir);
    expect(second.get('k')).toBeUndefined();
    expect(second.size).toBe(0);
    expect(first.get('k')).toBe('v');
    await first.close();
    await second.close();
    expect(stateDirs(dir)).toEqual([]);
  });
});

describe('EmbeddedLedger on the on-disk world state', () => {
  const admin = { kind: 'admin' } as const;
  const farm = { kind: 'enterprise', enterpriseId: 'farm-ws' } as const;
  const g = gtin('9123456', 1);
  const commission = (n: number): { eventID: string; event: Record<string, unknown> } => ({
    eventID: `urn:uuid:ws-${n}`,
    event: {
      type: 'ObjectEvent',
      eventTime: '2026-05-01T08:00:00.000Z',
      eventTimeZoneOffset: '+08:00',
      action: 'ADD',
      epcList: [itemId(g, `S${n}`)],
      bizStep: 'commissioning',
      disposition: 'active',
      ilmd: { 'cbvmda:lotNumber': 'L1' },
    },
  });

  async function answers(ledger: EmbeddedLedger, txIds: readonly string[]): Promise<unknown> {
    return {
      objects: await Promise.all([1, 2, 3].map((n) => ledger.getObject(itemId(g, `S${n}`)))),
      events: await Promise.all([1, 2, 3].map((n) => ledger.getEvent(`urn:uuid:ws-${n}`))),
      lot: await ledger.getObject(lotId(g, 'L1')),
      farm: await ledger.evaluate(farm, 'WhoAmI', {}),
      transactions: await Promise.all([...txIds, 'no-such-tx'].map((id) => ledger.getTransaction(id))),
      info: await ledger.info(),
    };
  }

  it('answers the same state after a reopen, from the state store kept in its folder', async () => {
    const dir = fs.mkdtempSync(path.join(root, 'ledger-'));
    const ledger = await EmbeddedLedger.open({ dir, maxBlockTxs: 2 });
    await ledger.registerEnterprise(admin, { id: 'farm-ws', name: 'Farm', companyPrefixes: ['9123456'] });
    const receipts = await Promise.all([1, 2, 3].map((n) => ledger.recordEvents(farm, { events: [commission(n)] })));
    const txIds = receipts.map((r) => r.txId);
    const before = (await answers(ledger, txIds)) as { objects: unknown[]; transactions: unknown[] };
    expect(before.objects.every((o) => o !== undefined)).toBe(true);
    expect(before.transactions.slice(0, 3)).toEqual(
      receipts.map((r) => expect.objectContaining({ txId: r.txId, blockNumber: r.blockNumber, fn: 'RecordEvents' })),
    );
    expect(before.transactions[3]).toBeUndefined();
    // World state and transaction positions live in the kept store; only a deep verify uses a scratch folder, and removes it.
    expect(fs.existsSync(path.join(dir, 'store'))).toBe(true);
    expect(stateDirs(dir)).toEqual([]);
    expect(await ledger.verify()).toMatchObject({ ok: true, depth: 'fast' });
    expect(await ledger.verify({ deep: true })).toMatchObject({ ok: true, depth: 'deep' });
    expect(stateDirs(dir)).toEqual([]);
    await ledger.close();

    fs.mkdirSync(path.join(dir, 'state-stale'));
    const replayed: number[] = [];
    const again = await EmbeddedLedger.open({ dir, onReplay: (p) => replayed.push(p.blocks) });
    try {
      expect(replayed).toEqual([]);
      expect(stateDirs(dir)).toEqual([]);
      expect(await answers(again, txIds)).toEqual(before);
    } finally {
      await again.close();
    }
  });

  it('removes its folders when the chain does not open', async () => {
    const dir = fs.mkdtempSync(path.join(root, 'ledger-'));
    fs.writeFileSync(path.join(dir, 'blocks.jsonl'), '{"header":{"number":0},"txs":[],"hash":"x"}\n');
    await expect(EmbeddedLedger.open({ dir })).rejects.toThrow(/ledger block 0/);
    expect(stateDirs(dir)).toEqual([]);
  });
});
