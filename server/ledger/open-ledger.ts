import path from 'node:path';
import type { Config } from '../config/config';
import { openGatewayLedger } from './gateway/open-gateway-ledger';
import type { Logger } from 'pino';
import { EmbeddedLedger, type ReplayProgress } from './embedded/embedded-ledger';
import type { TraceLedger } from './trace-ledger';

const PROGRESS_EVERY_MS = 5000;

/** Logs the embedded ledger's start-up replay every few seconds: it re-executes every block, which takes a while on a large ledger. */
function replayLogger(logger: Logger | undefined): ((p: ReplayProgress) => void) | undefined {
  if (!logger) return undefined;
  const started = Date.now();
  let last = started;
  return (p) => {
    const now = Date.now();
    if (now - last < PROGRESS_EVERY_MS) return;
    last = now;
    const percent = p.totalBytes > 0 ? Math.round((p.bytes / p.totalBytes) * 100) : 100;
    logger.info(
      { blocks: p.blocks, percent, seconds: Math.round((now - started) / 1000) },
      `re-executing the ledger to rebuild its state: ${percent} %`,
    );
  };
}

/** Opens the ledger the configuration asks for. */
export async function openLedger(config: Config, clock: () => Date, logger?: Logger): Promise<TraceLedger> {
  if (config.LEDGER === 'fabric') {
    return openGatewayLedger(config, logger);
  }
  const onReplay = replayLogger(logger);
  return EmbeddedLedger.open({
    dir: path.join(config.dataDir, 'ledger'),
    clock,
    maxBlockTxs: config.LEDGER_MAX_BLOCK_TXS,
    ...(onReplay ? { onReplay } : {}),
    ...(logger ? { logger } : {}),
  });
}
