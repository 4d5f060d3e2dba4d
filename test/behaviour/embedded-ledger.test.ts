import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedLedger } from '../../server/ledger/embedded/embedded-ledger';
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
  it('reports its progress through the block file, ending at the whole file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-replay-'));
    try {
      const first = await EmbeddedLedger.open({ dir });
      await first.registerIdentity({ kind: 'admin' }, { mspId: 'Org1MSP', id: 'auditor-1', role: 'regulator', name: 'Auditor' });
      const { height } = await first.info();
      await first.close();
      const seen: Array<{ blocks: number; bytes: number; totalBytes: number }> = [];
      const again = await EmbeddedLedger.open({ dir, onReplay: (p) => seen.push(p) });
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
