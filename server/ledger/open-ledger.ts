import path from 'node:path';
import type { Config } from '../config/config';
import { openGatewayLedger } from './gateway/open-gateway-ledger';
import { EmbeddedLedger } from './embedded/embedded-ledger';
import type { TraceLedger } from './trace-ledger';

/** Opens the ledger the configuration asks for. */
export async function openLedger(config: Config, clock: () => Date): Promise<TraceLedger> {
  if (config.LEDGER === 'fabric') {
    return openGatewayLedger(config);
  }
  return EmbeddedLedger.open({ dir: path.join(config.dataDir, 'ledger'), clock, maxBlockTxs: config.LEDGER_MAX_BLOCK_TXS });
}
