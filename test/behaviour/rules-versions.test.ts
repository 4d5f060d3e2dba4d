import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RULES_VERSION } from '../../chaincode/src/core/transactions';
import { GENESIS_PREVIOUS_HASH, makeBlock, type Block, type StoredTx } from '../../server/ledger/embedded/block';
import { encodeBlockLine, parseBlockLine } from '../../server/ledger/embedded/block-codec';
import { EmbeddedLedger } from '../../server/ledger/embedded/embedded-ledger';

// Rules 3 stopped writing a history key per identifier and event (`hist`). A ledger recorded under
// rules 2 still re-executes, each transaction under the version it was written with.

const FARM = { kind: 'enterprise', enterpriseId: 'v2-farm' } as const;
const LOT = 'https://id.gs1.org/01/09519002000013/10/V2LOT';

function eventOf(n: number, action: 'ADD' | 'OBSERVE'): { eventID: string; event: Record<string, unknown> } {
  return {
    eventID: `urn:uuid:2e000000-0000-4000-8000-00000000000${n}`,
    event: {
      type: 'ObjectEvent',
      eventTime: `2026-01-0${n}T00:00:00Z`,
      eventTimeZoneOffset: '+00:00',
      action,
      quantityList: [{ epcClass: LOT, quantity: 1, uom: 'KGM' }],
    },
  };
}

// What rules 2 wrote beside a RecordEvents transaction's other keys: one history key per identifier and event.
function asRules2(tx: StoredTx): StoredTx {
  if (tx.fn !== 'RecordEvents') return { ...tx, rules: 2 };
  const input = JSON.parse(tx.args) as { events: Array<{ eventID: string }> };
  const hist = input.events.map(({ eventID }) => [`\u0000hist\u0000${LOT}\u0000${eventID}\u0000`, tx.txId] as const);
  const writes = [...tx.writes, ...hist].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { ...tx, rules: 2, writes };
}

function rewrite(file: string, change: (block: Block) => readonly StoredTx[]): void {
  let previous = GENESIS_PREVIOUS_HASH;
  const lines = fs
    .readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => {
      const block = parseBlockLine(line);
      const next = makeBlock(block.header.number, previous, block.header.timestamp, change(block));
      previous = next.hash;
      return encodeBlockLine(next);
    });
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

async function ledgerUnderRules2(dir: string): Promise<number> {
  const ledger = await EmbeddedLedger.open({ dir });
  await ledger.registerEnterprise({ kind: 'admin' }, { id: 'v2-farm', name: 'V2 farm', companyPrefixes: ['9519002'] });
  await ledger.recordEvents(FARM, { events: [eventOf(1, 'ADD')] });
  const { height } = await ledger.info();
  await ledger.close();
  rewrite(path.join(dir, 'blocks.jsonl'), (block) => block.txs.map(asRules2));
  return height;
}

describe('EmbeddedLedger across rules versions', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-rules2-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('re-executes rules-2 transactions under rules 2 (history keys and all), then records under the current rules', async () => {
    expect(RULES_VERSION).toBe(3);
    const height = await ledgerUnderRules2(dir);
    const reopened = await EmbeddedLedger.open({ dir });
    try {
      expect((await reopened.info()).height).toBe(height);
      expect(await reopened.getObject(LOT)).toMatchObject({ owner: 'v2-farm' });
      const more = await reopened.recordEvents(FARM, { events: [eventOf(2, 'OBSERVE')] });
      expect(more.result.accepted).toHaveLength(1);
      expect((await reopened.verify()).ok).toBe(true);
    } finally {
      await reopened.close();
    }
  });

  it('refuses a rules-2 write set that differs from what rules 2 write', async () => {
    await ledgerUnderRules2(dir);
    // Drop the history keys again: a rules-2 transaction whose write set rules 2 do not reproduce.
    rewrite(path.join(dir, 'blocks.jsonl'), (block) =>
      block.txs.map((tx) => ({ ...tx, writes: tx.writes.filter(([k]) => !k.startsWith('\u0000hist\u0000')) })),
    );
    await expect(EmbeddedLedger.open({ dir })).rejects.toThrow(/differ from re-executing its signed proposal/);
  });

  it('refuses a rules-2 transaction after a rules-3 one', async () => {
    const height = await ledgerUnderRules2(dir);
    rewrite(path.join(dir, 'blocks.jsonl'), (block) =>
      block.header.number === height - 2 ? block.txs.map((tx) => ({ ...tx, rules: 3 })) : block.txs,
    );
    await expect(EmbeddedLedger.open({ dir })).rejects.toThrow(/rules version 2 after a transaction of version 3/);
  });
});
