import type { Server } from 'node:http';
import { ConfigError, loadConfig, type Config } from './config/config';
import { createLogger } from './http/logger';
import { seedDemo } from './demo/seed-demo';
import { openService } from './service';

function listen(app: import('express').Express, config: Config): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(config.PORT, config.HOST, () => resolve(server));
    server.once('error', reject);
    server.requestTimeout = config.REQUEST_TIMEOUT_MS;
    server.headersTimeout = Math.min(60000, config.REQUEST_TIMEOUT_MS);
  });
}

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
  const service = await openService(config, logger);
  const demo = config.SEED_DEMO ? await seedDemo(service.deps) : undefined;
  const server = await listen(service.app, config);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const base = `http://localhost:${port}`;
  logger.info({ port, ledger: config.LEDGER, index: service.deps.dbKind }, 'Suyuan is listening');
  const lines = [`Suyuan is serving on ${base}  (ledger: ${config.LEDGER}, index: ${service.deps.dbKind})`, `  API docs:  ${base}/docs`];
  if (service.createdAdminKey) lines.push(`  Admin API key (shown once, keep it safe): ${service.createdAdminKey}`);
  if (demo) lines.push(`  Demo, a clean lot:     ${base}${demo.cleanUrl}`, `  Demo, a recalled lot:  ${base}${demo.recalledUrl}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    server.close();
    server.closeAllConnections();
    void service.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Suyuan failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
