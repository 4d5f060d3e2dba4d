import { ConfigError, loadConfig, type Config } from './config/config';
import { createLogger } from './http/logger';
import type { Service } from './service';
import { start } from './start';
import type { Server } from 'node:http';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const opened: { server?: Server; service?: Service } = {};
  onSignals(() => {
    logger.info('shutting down');
    opened.server?.close();
    opened.server?.closeAllConnections();
    void (opened.service?.close() ?? Promise.resolve()).then(() => process.exit(0));
  });
  // Listens first (while the ledger replays its blocks /healthz answers, the rest is 503 + Retry-After),
  // prints the admin key as soon as it is stored, then opens the ledger, serves and seeds the demo.
  await start(config, logger, { opened });
}

function onSignals(shutdown: () => void): void {
  let closing = false;
  const once = (): void => {
    if (closing) return;
    closing = true;
    shutdown();
  };
  process.on('SIGINT', once);
  process.on('SIGTERM', once);
}

main().catch((err: unknown) => {
  process.stderr.write(`Suyuan failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
