import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { IndexOfAnotherLedgerError } from '../../server/index/index-binding';
import { openService } from '../../server/service';
import { backendName, registerEnterprise, startTestService, type TestService } from '../helpers/test-service';
import { uniquePrefix } from '../helpers/gs1';

describe(`an index follows only its own ledger (${backendName()})`, () => {
  let t: TestService;
  const silent = pino({ level: 'silent' });

  beforeAll(async () => {
    t = await startTestService();
    const prefix = uniquePrefix();
    await registerEnterprise(t, { id: `ent-${prefix}`, companyPrefixes: [prefix] });
    await t.service.close();
  }, 120_000);
  afterAll(async () => {
    await t?.close().catch(() => undefined);
  });

  it('reopens on the ledger it was built from', async () => {
    const again = await openService(t.config, silent);
    await again.close();
  });

  it('refuses to start on another ledger, naming both, and opens again on its own', async () => {
    const ledgerDir = path.join(t.dataDir, 'ledger');
    const kept = `${ledgerDir}.kept`;
    fs.renameSync(ledgerDir, kept);
    try {
      const err = await openService(t.config, silent).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IndexOfAnotherLedgerError);
      const { bound, ledger } = err as IndexOfAnotherLedgerError;
      expect(bound).toMatch(/^embedded:[0-9a-f]{64}$/);
      expect(ledger).toMatch(/^embedded:[0-9a-f]{64}$/);
      expect(ledger).not.toBe(bound);
      expect((err as Error).message).toContain(`built from ledger ${bound}, but the configured ledger is ${ledger}`);
    } finally {
      fs.rmSync(ledgerDir, { recursive: true, force: true });
      fs.renameSync(kept, ledgerDir);
    }
    const back = await openService(t.config, silent);
    await back.close();
  }, 120_000);
});
