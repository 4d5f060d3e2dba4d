import http, { type RequestListener, type Server } from 'node:http';
import { ConfigError, loadConfig, type Config } from './config/config';
import { createLogger } from './http/logger';
import { seedDemo } from './demo/seed-demo';
import { startingHandler } from './http/starting';
import { openService, type Service } from './service';

function listen(handler: RequestListener, config: Config): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(handler).listen(config.PORT, config.HOST, () => resolve(server));
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
  // Listen first: while the ledger replays its blocks, /healthz answers and the rest is 503 + Retry-After.
  const server = await listen(startingHandler, config);
  const address = server.address();
  const base = `http://localhost:${typeof address === 'object' && address ? address.port : config.PORT}`;
  logger.info({ base }, 'listening; opening the ledger and the index');
  const opened: { service?: Service } = {};
  onSignals(() => {
    logger.info('shutting down');
    server.close();
    server.closeAllConnections();
    void (opened.service?.close() ?? Promise.resolve()).then(() => process.exit(0));
  });
  const service = await openService(config, logger);
  opened.service = service;
  server.removeListener('request', startingHandler);
  server.on('request', service.app);
  logger.info({ base, ledger: config.LEDGER, index: service.deps.dbKind }, 'Suyuan is listening');
  const lines = [`Suyuan is serving on ${base}  (ledger: ${config.LEDGER}, index: ${service.deps.dbKind})`, `  API docs:  ${base}/docs`];
  if (service.createdAdminKey) lines.push(`  Admin API key (shown once, keep it safe): ${service.createdAdminKey}`);
  // Seeding after listen keeps /healthz answering while the demo chain is written.
  const demo = config.SEED_DEMO ? await seedDemo(service.deps) : undefined;
  if (demo) lines.push(`  Demo, a clean lot:     ${base}${demo.cleanUrl}`, `  Demo, a recalled lot:  ${base}${demo.recalledUrl}`);
  process.stdout.write(`${lines.join('\n')}\n`);
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
