import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { open } from 'lmdb';
import { makeBlock, sealBlock, type Block } from '../../server/ledger/embedded/block';
import { encodeBlockLine, parseBlockLine } from '../../server/ledger/embedded/block-codec';
import { LedgerCorruptError } from '../../server/ledger/embedded/block-store';
import { EmbeddedLedger } from '../../server/ledger/embedded/embedded-ledger';
import { KeyStore } from '../../server/ledger/embedded/keystore';
import { signCheckpoint, type StateCheckpoint } from '../../server/ledger/embedded/ledger-store';
import { compositeKey } from '../../server/ledger/embedded/world-state';
import { gtin, itemId } from '../helpers/gs1';

// The state store kept across restarts: open from the checkpoint, repair after a crash, and what
// each depth of verification finds when the store, the checkpoint or a write set is altered.

const admin = { kind: 'admin' } as const;
const farm = { kind: 'enterprise', enterpriseId: 'farm-cp' } as const;
const g = gtin('9123457', 1);
const eventId = (n: number): string => `urn:uuid:cp-${n}`;
const commission = (n: number): { eventID: string; event: Record<string, unknown> } => ({
  eventID: eventId(n),
  event: {
    type: 'ObjectEvent',
    eventTime: '2026-05-01T08:00:00.000Z',
    eventTimeZoneOffset: '+08:00',
    action: 'ADD',
    epcList: [itemId(g, `C${n}`)],
    bizStep: 'commissioning',
    disposition: 'active',
  },
});

let root: string;
let fixture: string;
let half: { blocks: string; store: string; height: number };
let height: number;

function logger(): { warn: (obj: object, msg: string) => void; lines: string[] } {
  const lines: string[] = [];
  return { warn: (_obj, msg) => void lines.push(msg), lines };
}

function copyOfFixture(): string {
  const dir = fs.mkdtempSync(path.join(root, 'copy-'));
  fs.cpSync(fixture, dir, { recursive: true });
  return dir;
}

async function withLedger<T>(
  dir: string,
  run: (ledger: EmbeddedLedger) => Promise<T>,
  opts: Partial<Parameters<typeof EmbeddedLedger.open>[0]> = {},
): Promise<T> {
  const ledger = await EmbeddedLedger.open({ dir, ...opts });
  try {
    return await run(ledger);
  } finally {
    await ledger.close();
  }
}

// Edits the closed store's LMDB directly, as someone with access to the files would.
function editStore(
  dir: string,
  edit: (dbs: { meta: ReturnType<typeof openDb>; state: ReturnType<typeof openDb>; offsets: ReturnType<typeof openDb> }) => void,
): void {
  const env = open<Buffer, Buffer>({ path: path.join(dir, 'store'), encoding: 'binary', keyEncoding: 'binary' });
  try {
    edit({ meta: openDb(env, 'meta'), state: openDb(env, 'state'), offsets: openDb(env, 'offsets') });
  } finally {
    void env.close();
  }
}
function openDb(env: ReturnType<typeof open<Buffer, Buffer>>, name: string): ReturnType<typeof env.openDB<Buffer, Buffer>> {
  return env.openDB<Buffer, Buffer>({ name, encoding: 'binary', keyEncoding: 'binary' });
}
const readCheckpoint = (dir: string): StateCheckpoint => {
  let cp: StateCheckpoint | undefined;
  editStore(dir, ({ meta }) => {
    cp = JSON.parse(meta.get(Buffer.from('checkpoint'))?.toString('utf8') ?? '{}') as StateCheckpoint;
  });
  if (!cp) throw new Error('no checkpoint');
  return cp;
};
const writeCheckpoint = (dir: string, cp: StateCheckpoint): void =>
  editStore(dir, ({ meta }) => void meta.putSync(Buffer.from('checkpoint'), Buffer.from(JSON.stringify(cp))));

const blocksOf = (dir: string): Block[] =>
  fs.readFileSync(path.join(dir, 'blocks.jsonl'), 'utf8').trimEnd().split('\n').map(parseBlockLine);
const writeBlocks = (dir: string, blocks: readonly Block[]): void =>
  fs.writeFileSync(path.join(dir, 'blocks.jsonl'), `${blocks.map(encodeBlockLine).join('\n')}\n`);

/** Every block from `from` on made again over its (possibly edited) transactions, re-signed with `key` when given. */
function rehash(blocks: readonly Block[], from: number, key?: ReturnType<KeyStore['identity']>): Block[] {
  const out = [...blocks];
  for (let n = from; n < out.length; n++) {
    const b = out[n] as Block;
    const made = makeBlock(n, n === 0 ? b.header.previousHash : (out[n - 1] as Block).hash, b.header.timestamp, b.txs, b.header.state);
    out[n] = key ? sealBlock(made, key) : { ...made, ...(b.signature ? { signature: b.signature } : {}) };
  }
  return out;
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-checkpoint-'));
  fixture = path.join(root, 'fixture');
  await withLedger(fixture, async (ledger) => {
    await ledger.registerEnterprise(admin, { id: 'farm-cp', name: 'Farm', companyPrefixes: ['9123457'] });
    for (const n of [1, 2]) await ledger.recordEvents(farm, { events: [commission(n)] });
    half = {
      blocks: fs.readFileSync(path.join(fixture, 'blocks.jsonl'), 'utf8'),
      store: path.join(root, 'store-half'),
      height: (await ledger.info()).height,
    };
  });
  fs.cpSync(path.join(fixture, 'store'), half.store, { recursive: true });
  await withLedger(fixture, async (ledger) => {
    for (const n of [3, 4]) await ledger.recordEvents(farm, { events: [commission(n)] });
    height = (await ledger.info()).height;
  });
}, 60_000);
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('the embedded ledger state store', () => {
  it('opens from its checkpoint at the head without re-executing a block', async () => {
    const dir = copyOfFixture();
    const replayed: number[] = [];
    await withLedger(
      dir,
      async (ledger) => {
        expect(replayed).toEqual([]);
        expect(await ledger.getEvent(eventId(4))).toMatchObject({ eventID: eventId(4) });
        expect(await ledger.verify()).toMatchObject({ ok: true, depth: 'fast', height });
      },
      { onReplay: (p) => replayed.push(p.blocks) },
    );
  });

  it('re-executes only the blocks after the checkpoint when the state is older than the blocks (a crash before the state was written)', async () => {
    const dir = copyOfFixture();
    fs.rmSync(path.join(dir, 'store'), { recursive: true });
    fs.cpSync(half.store, path.join(dir, 'store'), { recursive: true });
    const replayed: number[] = [];
    await withLedger(
      dir,
      async (ledger) => {
        expect(replayed).toEqual(Array.from({ length: height - half.height }, (_, i) => half.height + i + 1));
        expect(await ledger.getEvent(eventId(4))).toMatchObject({ eventID: eventId(4) });
        expect(await ledger.verify()).toMatchObject({ ok: true, reexecuted: { since: half.height, through: height - 1, by: 'open' } });
      },
      { onReplay: (p) => replayed.push(p.blocks) },
    );
  });

  it('rebuilds the state from every block when it is newer than the blocks', async () => {
    const dir = copyOfFixture();
    fs.writeFileSync(path.join(dir, 'blocks.jsonl'), half.blocks);
    const log = logger();
    await withLedger(
      dir,
      async (ledger) => {
        expect(log.lines).toEqual([expect.stringMatching(/past the end of the block file: rebuilding the state store/)]);
        expect((await ledger.info()).height).toBe(half.height);
        expect(await ledger.getEvent(eventId(3)).catch(() => undefined)).toBeUndefined();
        expect(await ledger.verify()).toMatchObject({ ok: true, reexecuted: { since: 0, through: half.height - 1 } });
      },
      { logger: log },
    );
  });

  it('finds an altered state store by verifying (fast and deep), and a rebuild repairs it', async () => {
    const dir = copyOfFixture();
    const key = Buffer.concat([Buffer.from([0]), Buffer.from(compositeKey('ev', [eventId(2)]))]);
    editStore(dir, ({ state }) => {
      const value = state.get(key)?.toString('utf8') ?? '';
      expect(value).toContain('"disposition":"active"');
      state.putSync(key, Buffer.from(value.replace('"disposition":"active"', '"disposition":"destroyed"')));
    });
    await withLedger(dir, async (ledger) => {
      const reason = expect.stringMatching(/entries do not hash to the state hash of its checkpoint/);
      expect(await ledger.verify()).toMatchObject({ ok: false, depth: 'fast', firstBadBlock: { number: height - 1, reason } });
      expect(await ledger.verify({ deep: true })).toMatchObject({
        ok: false,
        depth: 'deep',
        firstBadBlock: { number: height - 1, reason },
      });
    });
    fs.rmSync(path.join(dir, 'store'), { recursive: true });
    await withLedger(
      dir,
      async (ledger) => {
        expect(await ledger.getEvent(eventId(2))).toMatchObject({ event: { disposition: 'active' } });
        expect(await ledger.verify()).toMatchObject({ ok: true });
      },
      { logger: logger() },
    );
  });

  it('does not trust an altered checkpoint: rebuilds from the blocks at open, with a warning', async () => {
    const dir = copyOfFixture();
    const cp = readCheckpoint(dir);
    writeCheckpoint(dir, { ...cp, height: cp.height - 1 });
    const log = logger();
    const replayed: number[] = [];
    await withLedger(
      dir,
      async (ledger) => {
        expect(log.lines).toEqual([expect.stringMatching(/the state checkpoint is not signed by the ledger key: rebuilding/)]);
        expect(replayed).toHaveLength(height);
        expect(await ledger.verify()).toMatchObject({ ok: true });
      },
      { logger: log, onReplay: (p) => replayed.push(p.blocks) },
    );
  });

  describe('a write set altered and every later block re-hashed', () => {
    const target = (blocks: readonly Block[]): number => blocks.findIndex((b) => b.txs.some((tx) => tx.fn === 'RecordEvents'));
    function alter(dir: string, key?: ReturnType<KeyStore['identity']>): number {
      const blocks = blocksOf(dir);
      const n = target(blocks);
      const b = blocks[n] as Block;
      const txs = b.txs.map((tx) => ({
        ...tx,
        writes: tx.writes.map(([k, v]) => [k, v.replace('"disposition":"active"', '"disposition":"destroyed"')] as const),
      }));
      blocks[n] = { ...b, txs };
      writeBlocks(dir, rehash(blocks, n, key));
      return n;
    }

    // What a forger with the key also does so that open trusts the store: new block offsets and a re-signed checkpoint.
    function forgeStore(dir: string, key: ReturnType<KeyStore['identity']>): void {
      const lines = fs.readFileSync(path.join(dir, 'blocks.jsonl'), 'utf8').trimEnd().split('\n');
      let at = 0;
      editStore(dir, ({ offsets }) => {
        lines.forEach((line, i) => {
          const [k, v] = [Buffer.alloc(8), Buffer.alloc(8)];
          k.writeDoubleBE(i);
          v.writeDoubleBE(at);
          offsets.putSync(k, v);
          at += Buffer.byteLength(line) + 1;
        });
      });
      const head = parseBlockLine(lines.at(-1) ?? '');
      writeCheckpoint(dir, signCheckpoint({ ...readCheckpoint(dir), hash: head.hash, end: at }, key));
    }

    it('without the ledger key: the header signature gives it away, and open refuses the chain', async () => {
      const dir = copyOfFixture();
      const n = alter(dir);
      const err = await EmbeddedLedger.open({ dir, logger: logger() }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LedgerCorruptError);
      expect(err).toMatchObject({ blockNumber: n, reason: "block header signature is not the ledger key's" });
    });

    it('with the ledger key (and a re-signed checkpoint): the fast verify passes, the deep one names the block', async () => {
      const dir = copyOfFixture();
      const key = new KeyStore(path.join(dir, 'keys')).identity('ledger');
      const n = alter(dir, key);
      forgeStore(dir, key);
      await withLedger(dir, async (ledger) => {
        expect(await ledger.verify()).toMatchObject({ ok: true, depth: 'fast' });
        expect(await ledger.verify({ deep: true })).toMatchObject({
          ok: false,
          depth: 'deep',
          firstBadBlock: { number: n, reason: expect.stringMatching(/re-executing its signed proposal/) },
        });
      });
    });
  });

  it('opens a ledger written in the format before state checkpoints (no state hash or header signature, no store) with nothing lost', async () => {
    const dir = copyOfFixture();
    const before = await withLedger(dir, async (ledger) => Promise.all([1, 2, 3, 4].map((n) => ledger.getEvent(eventId(n)))));
    // As the ledger wrote blocks before this format: no state hash, no header signature, the state rebuilt at every open.
    const old = blocksOf(dir).map((b) => makeBlock(b.header.number, b.header.previousHash, b.header.timestamp, b.txs));
    writeBlocks(dir, rehash(old, 0));
    fs.rmSync(path.join(dir, 'store'), { recursive: true });
    const log = logger();
    await withLedger(
      dir,
      async (ledger) => {
        expect(log.lines).toEqual([expect.stringMatching(/no state checkpoint/)]);
        expect(await Promise.all([1, 2, 3, 4].map((n) => ledger.getEvent(eventId(n))))).toEqual(before);
        await ledger.recordEvents(farm, { events: [commission(5)] });
        expect(await ledger.verify()).toMatchObject({ ok: true });
        expect(await ledger.verify({ deep: true })).toMatchObject({ ok: true });
      },
      { logger: log },
    );
    const blocks = blocksOf(dir);
    expect(blocks.slice(0, height).every((b) => b.signature === undefined && b.header.state === undefined)).toBe(true);
    expect(blocks.slice(height).every((b) => b.signature !== undefined && b.header.state !== undefined)).toBe(true);
    const replayed: number[] = [];
    await withLedger(
      dir,
      async (ledger) => {
        expect(replayed).toEqual([]);
        expect(await ledger.getEvent(eventId(5))).toMatchObject({ eventID: eventId(5) });
      },
      { onReplay: (p) => replayed.push(p.blocks) },
    );
  });
});
