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
