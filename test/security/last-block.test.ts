import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { IndexAheadOfLedgerError } from '../../server/index/index-status';
import { LedgerCorruptError } from '../../server/ledger/embedded/block-store';
import { EmbeddedLedger } from '../../server/ledger/embedded/embedded-ledger';
import { openService } from '../../server/service';
import { backendName, registerEnterprise, startTestService, type TestService } from '../helpers/test-service';
import { gtin, lotId, uniquePrefix } from '../helpers/gs1';

// Starting a service and recording fixtures can take minutes on a loaded machine.
const SETUP_TIMEOUT_MS = 240_000;

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly bytes?: number;
  readonly blockNumber?: number;
  readonly file?: string;
}

function capturingLogger(): { logger: pino.Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'warn' }, { write: (s: string) => void lines.push(JSON.parse(s) as LogLine) });
  return { logger, lines };
}

const flipHex = (line: string, field: string): string =>
  line.replace(new RegExp(`("${field}":"[0-9a-f]{9})([0-9a-f])`), (_, head: string, c: string) => `${head}${c === '0' ? '1' : '0'}`);

describe(`the last block at start-up: faults are named, only a torn line is cut (${backendName()})`, () => {
  let t: TestService;
  let file: string;
  let original: string;
  let lines: string[];
  let height: number;
  const WARN = 40;

  beforeAll(async () => {
    t = await startTestService();
    const prefix = uniquePrefix();
    const enterpriseId = `ent-${prefix}`;
    await registerEnterprise(t, { id: enterpriseId, companyPrefixes: [prefix] });
    for (let i = 0; i < 3; i++) {
      const event = {
        type: 'ObjectEvent',
        eventTime: '2026-05-01T08:00:00Z',
        eventTimeZoneOffset: '+00:00',
        action: 'OBSERVE',
        quantityList: [{ epcClass: lotId(gtin(prefix, 1), `LB${i}`), quantity: 7, uom: 'KGM' }],
        bizStep: 'receiving',
      };
      const r = await t.service.deps.ledger.recordEvents(
        { kind: 'enterprise', enterpriseId },
        { events: [{ eventID: `urn:uuid:last-block-${prefix}-${i}`, event }] },
      );
      await t.service.deps.indexer.waitForTx(r.txId, r.blockNumber);
    }
    height = (await t.service.deps.ledger.info()).height;
    expect(await t.service.deps.indexer.waitForHeight(height)).toBe(true);
    // The service stays closed from here on: each test starts it again on the altered files.
    await t.service.close();
    file = path.join(t.dataDir, 'ledger', 'blocks.jsonl');
    original = fs.readFileSync(file, 'utf8');
    lines = original.split('\n').slice(0, -1);
    expect(lines).toHaveLength(height);
  }, SETUP_TIMEOUT_MS);
  afterEach(() => {
    fs.writeFileSync(file, original);
  });
  afterAll(async () => {
    await t?.close();
  });

  const start = (logger: pino.Logger = pino({ level: 'silent' })): ReturnType<typeof openService> => openService(t.config, logger);

  it.each([
    { what: 'one hex digit of its hash', edit: (l: string) => flipHex(l, 'hash'), reason: 'block hash does not match its header' },
    {
      what: 'one hex digit of its data hash',
      edit: (l: string) => flipHex(l, 'dataHash'),
      reason: 'transactions do not match the block data hash',
    },
    { what: 'one byte that breaks its JSON', edit: (l: string) => `${l.slice(0, -1)}]`, reason: 'stored block is not valid JSON' },
  ])(
    'refuses to start when $what is changed in a complete last block, naming its number, file and reason',
    async ({ edit, reason }) => {
      const last = lines[height - 1] ?? '';
      const changed = edit(last);
      expect(changed).toHaveLength(last.length);
      expect(changed).not.toBe(last);
      fs.writeFileSync(file, [...lines.slice(0, -1), changed, ''].join('\n'));
      const err = await start().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LedgerCorruptError);
      expect(err).toMatchObject({ blockNumber: height - 1, file, reason });
      expect((err as Error).message).toBe(`ledger block ${height - 1}: ${reason} (in ${file})`);
      // Nothing was cut: the evidence is still there.
      expect(fs.readFileSync(file, 'utf8')).toBe([...lines.slice(0, -1), changed, ''].join('\n'));
    },
    SETUP_TIMEOUT_MS,
  );

  it(
    'starts after a crash tore an append (a last line without its newline), cutting it and logging its byte count',
    async () => {
      const torn = (lines[height - 1] ?? '').slice(0, 100);
      fs.writeFileSync(file, `${original}${torn}`);
      const { logger, lines: logged } = capturingLogger();
      const service = await start(logger);
      try {
        expect((await service.deps.ledger.info()).height).toBe(height);
        expect(fs.readFileSync(file, 'utf8')).toBe(original);
        const warning = logged.find((l) => l.level === WARN && /torn last line/.test(l.msg));
        expect(warning).toMatchObject({ bytes: Buffer.byteLength(torn), blockNumber: height, file });
        expect(warning?.msg).toContain(`${Buffer.byteLength(torn)} bytes`);
        expect((await service.deps.ledger.verify()).ok).toBe(true);
      } finally {
        await service.close();
      }
    },
    SETUP_TIMEOUT_MS,
  );

  it(
    'opens a ledger whose last block lost its newline by cutting that block, with a warning naming it and its bytes (and one that the state store, now past the blocks, is rebuilt)',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-last-block-'));
      try {
        fs.cpSync(path.join(t.dataDir, 'ledger'), dir, { recursive: true });
        const lastLine = lines[height - 1] ?? '';
        fs.writeFileSync(path.join(dir, 'blocks.jsonl'), original.slice(0, -1));
        const { logger, lines: logged } = capturingLogger();
        const ledger = await EmbeddedLedger.open({ dir, logger });
        await ledger.close();
        expect(logged).toEqual([
          expect.objectContaining({
            level: WARN,
            msg: expect.stringMatching(/past the end of the block file: rebuilding the state store/),
          }),
          expect.objectContaining({ level: WARN, bytes: Buffer.byteLength(lastLine), blockNumber: height - 1 }),
        ]);
        expect(fs.readFileSync(path.join(dir, 'blocks.jsonl'), 'utf8')).toBe(`${lines.slice(0, -1).join('\n')}\n`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    SETUP_TIMEOUT_MS,
  );

  it(
    'refuses to start when the last block was deleted but the index already holds it, naming the checkpoint and the ledger height',
    async () => {
      fs.writeFileSync(file, `${lines.slice(0, -1).join('\n')}\n`);
      const err = await start().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IndexAheadOfLedgerError);
      expect(err).toMatchObject({ checkpoint: { blockNumber: height, txIndex: 0 }, ledgerHeight: height - 1 });
      expect((err as Error).message).toContain(
        `index checkpoint is at block ${height} (transaction 0) but the ledger height is ${height - 1}`,
      );
      // The ledger was not extended meanwhile.
      expect(fs.readFileSync(file, 'utf8')).toBe(`${lines.slice(0, -1).join('\n')}\n`);
    },
    SETUP_TIMEOUT_MS,
  );
});
