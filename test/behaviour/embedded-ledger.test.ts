import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GENESIS_PREVIOUS_HASH, makeBlock, type Block } from '../../server/ledger/embedded/block';
import { encodeBlockLine, parseBlockLine } from '../../server/ledger/embedded/block-codec';
import { EmbeddedLedger } from '../../server/ledger/embedded/embedded-ledger';
import { StateHashWorkers } from '../../server/ledger/embedded/state-hash-workers';
import { traceLedgerBehaviour } from './trace-ledger.behaviour';

traceLedgerBehaviour('EmbeddedLedger', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-embedded-'));
  const ledger = await EmbeddedLedger.open({ dir });
  return {
    ledger,
    enroll: () => Promise.resolve(),
    close: async () => {
      await ledger.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('EmbeddedLedger start-up replay', () => {
  it('re-executes nothing when its state store is at the head, and every block, reporting progress through the file, when the store is gone', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-replay-'));
    try {
      const first = await EmbeddedLedger.open({ dir });
      await first.registerIdentity({ kind: 'admin' }, { mspId: 'Org1MSP', id: 'auditor-1', role: 'regulator', name: 'Auditor' });
      const { height } = await first.info();
      await first.close();
      const none: unknown[] = [];
      const kept = await EmbeddedLedger.open({ dir, onReplay: (p) => none.push(p) });
      await kept.close();
      expect(none).toEqual([]);
      fs.rmSync(path.join(dir, 'store'), { recursive: true });
      const seen: Array<{ blocks: number; bytes: number; totalBytes: number }> = [];
      const again = await EmbeddedLedger.open({ dir, onReplay: (p) => seen.push(p), logger: { warn: () => undefined } });
      await again.close();
      expect(seen.map((p) => p.blocks)).toEqual(Array.from({ length: height }, (_, i) => i + 1));
      const size = fs.statSync(path.join(dir, 'blocks.jsonl')).size;
      expect(seen.every((p) => p.totalBytes === size)).toBe(true);
      expect(seen.at(-1)?.bytes).toBe(size);
      expect(seen.map((p) => p.bytes)).toEqual([...seen.map((p) => p.bytes)].sort((a, b) => a - b));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('EmbeddedLedger hashing blocks on worker threads', () => {
  it('hashes a block on its own thread, with a warning, when the worker fails, and the state hash still verifies', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-hash-fallback-'));
    const warnings: string[] = [];
    const logger = { warn: (_: object, msg: string) => void warnings.push(msg) };
    try {
      const failing = new StateHashWorkers(1, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));");
      const ledger = await EmbeddedLedger.open({ dir, hashWorkers: failing, logger });
      await ledger.registerIdentity({ kind: 'admin' }, { mspId: 'Org1MSP', id: 'auditor-2', role: 'regulator', name: 'Auditor' });
      const { height } = await ledger.info();
      expect(warnings.length).toBeGreaterThan(0);
      expect(warnings.every((w) => /hashing a block's writes on a worker thread failed \(.*exit code 3.*\); hashed here/.test(w))).toBe(
        true,
      );
      expect((await ledger.verify()).ok).toBe(true);
      await ledger.close();
      const replayed: unknown[] = [];
      const reopened = await EmbeddedLedger.open({ dir, hashWorkers: 0, logger, onReplay: (p) => replayed.push(p) });
      try {
        expect(replayed).toEqual([]);
        expect((await reopened.info()).height).toBe(height);
        expect((await reopened.verify()).ok).toBe(true);
      } finally {
        await reopened.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('EmbeddedLedger written before rule versions were recorded', () => {
  // Rewrites the block file as the ledger wrote it before transactions carried their rules version.
  function withoutRulesVersions(file: string): void {
    let previous = GENESIS_PREVIOUS_HASH;
    const lines = fs
      .readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => {
        const block = parseBlockLine(line);
        const txs = block.txs.map(({ rules: _r, ...old }) => old);
        const rewritten = makeBlock(block.header.number, previous, block.header.timestamp, txs);
        previous = rewritten.hash;
        return encodeBlockLine(rewritten);
      });
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
  }

  async function ledgerWithHistory(dir: string): Promise<number> {
    const ledger = await EmbeddedLedger.open({ dir });
    await ledger.registerEnterprise({ kind: 'admin' }, { id: 'old-farm', name: 'Old farm', companyPrefixes: ['9519001'] });
    const lot = 'https://id.gs1.org/01/09519001000014/10/OLD1';
    await ledger.recordEvents(
      { kind: 'enterprise', enterpriseId: 'old-farm' },
      {
        events: [
          {
            eventID: 'urn:uuid:0ld00000-0000-4000-8000-000000000001',
            event: {
              type: 'ObjectEvent',
              eventTime: '2026-01-01T00:00:00Z',
              eventTimeZoneOffset: '+00:00',
              action: 'ADD',
              quantityList: [{ epcClass: lot, quantity: 1, uom: 'KGM' }],
            },
          },
        ],
      },
    );
    const { height } = await ledger.info();
    await ledger.close();
    return height;
  }

  it('opens with every transaction applied from its write set, and keeps recording under the current rules', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-legacy-'));
    try {
      const height = await ledgerWithHistory(dir);
      withoutRulesVersions(path.join(dir, 'blocks.jsonl'));
      const reopened = await EmbeddedLedger.open({ dir });
      expect((await reopened.info()).height).toBe(height);
      expect(await reopened.getObject('https://id.gs1.org/01/09519001000014/10/OLD1')).toMatchObject({ owner: 'old-farm' });
      const more = await reopened.recordEvents(
        { kind: 'enterprise', enterpriseId: 'old-farm' },
        {
          events: [
            {
              eventID: 'urn:uuid:0ld00000-0000-4000-8000-000000000002',
              event: {
                type: 'ObjectEvent',
                eventTime: '2026-01-02T00:00:00Z',
                eventTimeZoneOffset: '+00:00',
                action: 'OBSERVE',
                quantityList: [{ epcClass: 'https://id.gs1.org/01/09519001000014/10/OLD1', quantity: 1, uom: 'KGM' }],
              },
            },
          ],
        },
      );
      expect(more.result.accepted).toHaveLength(1);
      expect((await reopened.verify()).ok).toBe(true);
      await reopened.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a transaction without a rules version after one that has it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-legacy-'));
    try {
      const height = await ledgerWithHistory(dir);
      const file = path.join(dir, 'blocks.jsonl');
      const blocks = fs.readFileSync(file, 'utf8').trimEnd().split('\n').map(parseBlockLine);
      // Keep versions on the early blocks only, then strip them from the last: a downgrade, not history.
      const rewritten: Block[] = [];
      let previous = GENESIS_PREVIOUS_HASH;
      for (const block of blocks) {
        const txs = block.header.number === height - 1 ? block.txs.map(({ rules: _r, ...old }) => old) : block.txs;
        const next = makeBlock(block.header.number, previous, block.header.timestamp, txs);
        previous = next.hash;
        rewritten.push(next);
      }
      fs.writeFileSync(file, `${rewritten.map(encodeBlockLine).join('\n')}\n`);
      await expect(EmbeddedLedger.open({ dir })).rejects.toThrow(/carries no rules version after transactions that do/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
