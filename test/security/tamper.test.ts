import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../server/config/config';
import { makeBlock, type Block, type StoredTx } from '../../server/ledger/embedded/block';
import { encodeBlockLine, parseBlockLine } from '../../server/ledger/embedded/block-codec';
import { LedgerCorruptError } from '../../server/ledger/embedded/block-store';
import { EmbeddedLedger } from '../../server/ledger/embedded/embedded-ledger';
import { openService } from '../../server/service';
import { backendName, registerEnterprise, startTestService, type TestService } from '../helpers/test-service';
import { gtin, lotId, uniquePrefix } from '../helpers/gs1';

// Starting a service and recording fixtures can take minutes on a loaded machine.
const SETUP_TIMEOUT_MS = 240_000;

type Lines = string[];
type Mutation = (lines: Lines, target: number) => Lines;

const parse = (line: string | undefined): Block => parseBlockLine(line ?? '');
const flip = (s: string, at: number): string => `${s.slice(0, at)}${s[at] === 'A' ? 'B' : 'A'}${s.slice(at + 1)}`;

function editTx(lines: Lines, target: number, edit: (tx: StoredTx) => StoredTx): Lines {
  const block = parse(lines[target]);
  const txs = block.txs.map((tx) => (tx.fn === 'RecordEvents' ? edit(tx) : tx));
  return lines.map((l, i) => (i === target ? encodeBlockLine({ ...block, txs }) : l));
}

// What a forger who can write the file (but holds no signing key) would do next: re-hash every block
// from the edit on, keeping each header's state hash and ledger signature (a new one needs the key).
function rehashFrom(lines: Lines, from: number): Lines {
  const out = [...lines];
  let previous = parse(out[from]).header.previousHash;
  for (let n = from; n < out.length && out[n]; n++) {
    const b = parse(out[n]);
    const fixed = {
      ...makeBlock(b.header.number, previous, b.header.timestamp, b.txs, b.header.state),
      ...(b.signature ? { signature: b.signature } : {}),
    };
    out[n] = encodeBlockLine(fixed);
    previous = fixed.hash;
  }
  return out;
}

const signature: Mutation = (lines, n) => editTx(lines, n, (tx) => ({ ...tx, signature: flip(tx.signature, 10) }));
const writeSet: Mutation = (lines, n) =>
  editTx(lines, n, (tx) => ({ ...tx, writes: tx.writes.map(([k, v]) => [k, v.replace('"quantity":7', '"quantity":9')] as const) }));
const recordedArgs: Mutation = (lines, n) => editTx(lines, n, (tx) => ({ ...tx, args: tx.args.replace('"quantity":7', '"quantity":9') }));
const previousLink: Mutation = (lines, n) => {
  const block = parse(lines[n]);
  return lines.map((l, i) =>
    i === n ? encodeBlockLine({ ...block, header: { ...block.header, previousHash: flip(block.header.previousHash, 5) } }) : l,
  );
};
const truncateLine: Mutation = (lines, n) => lines.map((l, i) => (i === n ? l.slice(0, Math.floor(l.length / 2)) : l));
const duplicateLine: Mutation = (lines, n) => [...lines.slice(0, n + 1), lines[n] ?? '', ...lines.slice(n + 1)];
const removeLine: Mutation = (lines, n) => lines.filter((_, i) => i !== n);

interface Case {
  readonly what: string;
  readonly mutate: Mutation;
  /** Which block the report must name, relative to the altered one. */
  readonly named: number;
  readonly reason: RegExp;
}

const CASES: readonly Case[] = [
  { what: "a transaction's signature", mutate: signature, named: 0, reason: /data hash/ },
  { what: 'a world-state value in a write set', mutate: writeSet, named: 0, reason: /data hash/ },
  { what: "a block's previous-hash link", mutate: previousLink, named: 0, reason: /previous-hash link/ },
  {
    what: 'a signature, with every later block re-hashed',
    mutate: (l, n) => rehashFrom(signature(l, n), n),
    named: 0,
    reason: /bad signature/,
  },
  {
    what: 'the recorded event, with every later block re-hashed',
    mutate: (l, n) => rehashFrom(recordedArgs(l, n), n),
    named: 0,
    reason: /bad signature/,
  },
  // Re-executing finds this one too (test/unit/ledger-checkpoint.test.ts: also when the forger holds the ledger key).
  {
    what: 'a world-state value in a write set, with every later block re-hashed',
    mutate: (l, n) => rehashFrom(writeSet(l, n), n),
    named: 0,
    reason: /signature is not the ledger key's/,
  },
];

const LAYOUT_CASES: readonly Case[] = [
  { what: 'a line cut in half', mutate: truncateLine, named: 0, reason: /not valid JSON/ },
  { what: 'a duplicated line', mutate: duplicateLine, named: 0, reason: /previous-hash link/ },
  { what: 'a removed line', mutate: removeLine, named: 1, reason: /previous-hash link|block number/ },
];

describe(`tamper evidence of the embedded ledger (${backendName()})`, () => {
  let t: TestService;
  let file: string;
  let original: string;
  let target: number;
  const silent = pino({ level: 'silent' });

  beforeAll(async () => {
    t = await startTestService();
    const prefix = uniquePrefix();
    const enterpriseId = `ent-${prefix}`;
    await registerEnterprise(t, { id: enterpriseId, companyPrefixes: [prefix] });
    for (let i = 0; i < 4; i++) {
      const event = {
        type: 'ObjectEvent',
        eventTime: '2026-05-01T08:00:00Z',
        eventTimeZoneOffset: '+00:00',
        action: 'OBSERVE',
        quantityList: [{ epcClass: lotId(gtin(prefix, 1), `T${i}`), quantity: 7, uom: 'KGM' }],
        bizStep: 'receiving',
      };
      const r = await t.service.deps.ledger.recordEvents(
        { kind: 'enterprise', enterpriseId },
        { events: [{ eventID: `urn:uuid:tamper-${prefix}-${i}`, event }] },
      );
      await t.service.deps.indexer.waitForTx(r.txId, r.blockNumber);
    }
    file = path.join(t.dataDir, 'ledger', 'blocks.jsonl');
    original = fs.readFileSync(file, 'utf8');
    const lines = original.split('\n');
    target = lines.findIndex((l, i) => i < lines.length - 3 && l.includes('"fn":"RecordEvents"'));
    expect(target).toBeGreaterThan(0);
  }, SETUP_TIMEOUT_MS);
  afterEach(() => {
    if (original !== undefined) fs.writeFileSync(file, original);
  });
  afterAll(async () => {
    await t?.close();
  });

  function tamper(mutate: Mutation): string {
    const changed = mutate(original.split('\n'), target).join('\n');
    fs.writeFileSync(file, changed);
    return changed;
  }

  /**
   * Opens a copy of the ledger folder holding `contents` as its block file: with its state store
   * (open reads only the blocks after the store's checkpoint, so an alteration before it may open,
   * and then its fast verify must name it), or without (every block is checked and re-executed).
   * Answers the error open threw, or the verify report of the opened ledger.
   */
  async function reopenCopy(contents: string, keepStore: boolean): Promise<unknown> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-tamper-'));
    try {
      fs.cpSync(path.join(t.dataDir, 'ledger'), dir, { recursive: true });
      if (!keepStore) fs.rmSync(path.join(dir, 'store'), { recursive: true, force: true });
      fs.writeFileSync(path.join(dir, 'blocks.jsonl'), contents);
      const ledger = await EmbeddedLedger.open({ dir, logger: silent });
      try {
        return await ledger.verify();
      } finally {
        await ledger.close();
      }
    } catch (err) {
      return err;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  /** What reopening a copy finds: the block open refused, or the first bad block of its verify. */
  async function foundOnReopen(contents: string, keepStore: boolean): Promise<{ number?: number; reason?: string; refused: boolean }> {
    const found = await reopenCopy(contents, keepStore);
    if (found instanceof LedgerCorruptError) return { number: found.blockNumber, reason: found.message, refused: true };
    const bad = (found as { firstBadBlock?: { number: number; reason: string } }).firstBadBlock;
    return { ...(bad ? { number: bad.number, reason: bad.reason } : {}), refused: false };
  }

  it('verifies before anything is altered', async () => {
    expect((await t.http.get('/ledger/verify').set('Authorization', `Bearer ${t.adminKey}`)).body).toMatchObject({
      ok: true,
      chain: { ok: true },
    });
  });

  // Transaction bodies are deflated, so an edited one usually changes its line's length: the running
  // service then reads that block where it no longer starts or ends, and says its line does not parse.
  const sameLayout = (changed: string): boolean =>
    changed.split('\n').every((l, i) => Buffer.byteLength(l) === Buffer.byteLength(original.split('\n')[i] ?? ''));

  it.each(CASES)('names the block when $what is altered, and refuses to rebuild from that chain', async ({ mutate, named, reason }) => {
    const changed = tamper(mutate);
    const res = await t.http.get('/ledger/verify').set('Authorization', `Bearer ${t.adminKey}`);
    const live = sameLayout(changed) ? reason : /stored block is not valid JSON/;
    expect(res.body).toMatchObject({
      ok: false,
      chain: { ok: false, depth: 'fast', firstBadBlock: { number: target + named, reason: expect.stringMatching(live) } },
    });
    expect(await foundOnReopen(changed, false)).toEqual({ number: target + named, reason: expect.stringMatching(reason), refused: true });
    expect(await foundOnReopen(changed, true)).toEqual({
      number: target + named,
      reason: expect.stringMatching(reason),
      refused: expect.any(Boolean),
    });
  });

  it.each(LAYOUT_CASES)('refuses to open a chain with $what, naming the block', async ({ mutate, named, reason }) => {
    const changed = tamper(mutate);
    for (const keepStore of [false, true])
      expect(await foundOnReopen(changed, keepStore)).toEqual({
        number: target + named,
        reason: expect.stringMatching(reason),
        refused: true,
      });
    const res = await t.http.get('/ledger/verify').set('Authorization', `Bearer ${t.adminKey}`);
    expect(res.body.chain.ok).toBe(false);
    expect(res.body.chain.firstBadBlock.number).toBeGreaterThanOrEqual(target);
  });

  it(
    'refuses to start the service on a chain that does not verify',
    async () => {
      // Re-hashed, so the head is not the block the state store's checkpoint names: every block is checked again.
      const changed = tamper((l, n) => rehashFrom(signature(l, n), n));
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-tamper-'));
      try {
        fs.cpSync(path.join(t.dataDir, 'ledger'), path.join(dataDir, 'ledger'), { recursive: true });
        fs.writeFileSync(path.join(dataDir, 'ledger', 'blocks.jsonl'), changed);
        const config = loadConfig({
          DATA_DIR: dataDir,
          SEED_DEMO: 'false',
          LOG_LEVEL: 'silent',
          ...(t.config.DATABASE_URL ? { DATABASE_URL: t.config.DATABASE_URL } : {}),
        });
        await expect(openService(config, silent)).rejects.toThrow(
          new RegExp(`ledger block ${target}: transaction \\d+ \\([0-9a-f]+\\): bad signature`),
        );
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
    SETUP_TIMEOUT_MS,
  );
});
