import http, { type RequestListener, type Server } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from './config/config';
import { prepareDemoIdentities } from './demo/demo-identities';
import { demoSeeded, seedDemo } from './demo/seed-demo';
import { startingHandler } from './http/starting';
import { openService, type AdminKeyStatus, type Service } from './service';

/** How to make another admin key (the server must be stopped first when the index is on PGlite, which allows one process). */
export const NEW_ADMIN_KEY_COMMAND = 'npm run cli -- admin create-key --role admin --name <name>';

function listen(handler: RequestListener, config: Config): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(handler).listen(config.PORT, config.HOST, () => resolve(server));
    server.once('error', reject);
    server.requestTimeout = config.REQUEST_TIMEOUT_MS;
    server.headersTimeout = Math.min(60000, config.REQUEST_TIMEOUT_MS);
  });
}

function origin(id: string): string {
  if (id === 'admin-initial') return 'made and printed by the first start on this data';
  if (id === 'admin-env') return 'set from ADMIN_API_KEY by an earlier start';
  return `made with \`admin create-key\` or POST /admin/keys`;
}

/** What start-up says about the admin key, as soon as it is stored (before the ledger opens). */
export function adminKeyLines(status: AdminKeyStatus): string[] {
  if (status.kind === 'created') return [`Admin API key (shown once, keep it safe): ${status.apiKey}`];
  if (status.kind === 'env') return ['Admin API key: the one in ADMIN_API_KEY'];
  const keys = status.keys.map((k) => `"${k.name}" (id ${k.id}, ${origin(k.id)}, ${k.createdAt.toISOString()})`);
  return [
    `Admin API key: ${keys.length === 1 ? 'one exists' : `${keys.length} exist`} already, so none is printed: ${keys.join('; ')}. ` +
      `Only its hash is stored; to get a new one: ${NEW_ADMIN_KEY_COMMAND} (stop the server first when the index is on PGlite), or set ADMIN_API_KEY`,
  ];
}

/**
 * The demo seed at start-up. Never fails the start: under LEDGER=fabric it first gets the demo
 * enterprises their Fabric identities (or logs why it cannot and how to seed), and a seed that fails
 * is logged. Answers the lines for the banner.
 */
export async function seedAtStart(service: Service, base: string, logger: Logger): Promise<string[]> {
  const { deps } = service;
  if (!deps.config.SEED_DEMO) return [];
  try {
    if (deps.ledger.mode === 'fabric' && !(await demoSeeded(deps))) {
      const identities = await prepareDemoIdentities(deps.config);
      if (!identities.ready) {
        logger.warn(identities.why);
        return ['  Demo: not seeded (LEDGER=fabric, the demo enterprises have no Fabric identity; see the warning above)'];
      }
      if (identities.enrolled.length > 0)
        logger.info(
          { enterprises: identities.enrolled },
          `enrolled Fabric identities for the demo enterprises ${identities.enrolled.join(', ')} (development network CA)`,
        );
    }
    const demo = await seedDemo(deps);
    return [`  Demo, a clean lot:     ${base}${demo.cleanUrl}`, `  Demo, a recalled lot:  ${base}${demo.recalledUrl}`];
  } catch (err) {
    logger.warn(
      `demo data not seeded: ${err instanceof Error ? err.message : String(err)}; serving without it (SEED_DEMO=false skips the demo)`,
    );
    return ['  Demo: not seeded (see the warning above)'];
  }
}

export interface StartOptions {
  /** Where the banner and the admin key go (stdout). */
  readonly out?: (text: string) => void;
  /** Filled as the parts open, so a signal during start-up can close them. */
  readonly opened?: { server?: Server; service?: Service };
}

export interface Started {
  readonly server: Server;
  readonly service: Service;
  readonly base: string;
  close(): Promise<void>;
}

/**
 * Starts Suyuan: listens (answering 503 "starting" while the ledger opens), stores and prints the
 * admin key before anything that can fail, opens the ledger and the index, serves, then seeds the demo.
 */
export async function start(config: Config, logger: Logger, opts: StartOptions = {}): Promise<Started> {
  const out = opts.out ?? ((text: string): void => void process.stdout.write(text));
  const opened = opts.opened ?? {};
  const server = await listen(startingHandler, config);
  opened.server = server;
  const address = server.address();
  const base = `http://localhost:${typeof address === 'object' && address ? address.port : config.PORT}`;
  logger.info({ base }, 'listening; opening the ledger and the index');
  let service: Service;
  try {
    service = await openService(config, logger, { onAdminKey: (status) => out(`${adminKeyLines(status).join('\n')}\n`) });
  } catch (err) {
    server.close();
    throw err;
  }
  opened.service = service;
  server.removeListener('request', startingHandler);
  server.on('request', service.listener);
  logger.info({ base, ledger: config.LEDGER, index: service.deps.dbKind }, 'Suyuan is listening');
  const lines = [`Suyuan is serving on ${base}  (ledger: ${config.LEDGER}, index: ${service.deps.dbKind})`, `  API docs:  ${base}/docs`];
  if (service.createdAdminKey) lines.push(`  Admin API key (printed above, shown once): ${service.createdAdminKey}`);
  // Seeding after listen keeps /healthz answering while the demo chain is written.
  lines.push(...(await seedAtStart(service, base, logger)));
  out(`${lines.join('\n')}\n`);
  return {
    server,
    service,
    base,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await service.close();
    },
  };
}
