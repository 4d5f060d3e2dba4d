import fs from 'node:fs';
import type { RequestListener } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import pino from 'pino';
import supertest from 'supertest';
import { loadConfig, type Config } from '../../server/config/config';
import { openService, type Service, type ServiceOptions } from '../../server/service';
import { checkedListener, checkerFor, type ContractChecker } from './contract';
import { pgliteTemplateDir, postgresTemplateExists, postgresTemplateName } from './index-template';

export const ADMIN_KEY = 'sy_test_admin_key_0123456789abcdefghij';

/** The index backends the suites run against: PGlite always; Postgres when DATABASE_URL is set. */
export function backendName(): 'postgres' | 'pglite' {
  return process.env.DATABASE_URL ? 'postgres' : 'pglite';
}

async function freshPostgres(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `suyuan_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = knexFactory({ client: 'pg', connection: baseUrl, pool: { min: 0, max: 1 } });
  await admin.raw(
    (await postgresTemplateExists(admin)) ? `create database "${name}" template "${postgresTemplateName()}"` : `create database "${name}"`,
  );
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.raw(`drop database if exists "${name}" with (force)`).catch(() => undefined);
      await admin.destroy();
    },
  };
}

export interface TestService {
  readonly service: Service;
  readonly config: Config;
  readonly dataDir: string;
  /** Requests through this are checked against the OpenAPI document (test/contract-setup.ts fails the file on a violation). */
  readonly http: ReturnType<typeof supertest>;
  /** The app with every answer checked against the contract, for a real socket (browsers). */
  readonly app: RequestListener;
  /** The contract checker of this service's OpenAPI document. */
  readonly checker: ContractChecker;
  readonly adminKey: string;
  close(): Promise<void>;
}

/**
 * A service on a temporary DATA_DIR with its own database: a fresh PGlite, or a fresh Postgres
 * database on the server named by DATABASE_URL. `env` overrides configuration.
 */
export async function startTestService(env: Record<string, string> = {}, opts: ServiceOptions = {}): Promise<TestService> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-test-'));
  const pg = process.env.DATABASE_URL ? await freshPostgres(process.env.DATABASE_URL) : undefined;
  // A copy of the migrated template (test/global-setup.ts) instead of initdb and every migration.
  const template = pgliteTemplateDir();
  if (!pg && !env.DATABASE_URL && !env.DATA_DIR && fs.existsSync(template))
    fs.cpSync(template, path.join(dataDir, 'pglite'), { recursive: true });
  const config = loadConfig({
    DATA_DIR: dataDir,
    ADMIN_API_KEY: ADMIN_KEY,
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    PORT: '0',
    ...(pg ? { DATABASE_URL: pg.url } : {}),
    ...env,
  });
  const service = await openService(config, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), opts);
  const checker = checkerFor((await supertest(service.app).get('/openapi.json')).body);
  const app = checkedListener(service.listener, checker);
  return {
    service,
    config,
    dataDir,
    http: supertest(app),
    app,
    checker,
    adminKey: ADMIN_KEY,
    close: async () => {
      await service.close();
      await pg?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Registers an enterprise through the admin API and returns its API key. */
export async function registerEnterprise(
  t: TestService,
  input: { id: string; name?: string; companyPrefixes: string[]; locations?: object[] },
): Promise<string> {
  const res = await t.http
    .post('/admin/enterprises')
    .set('Authorization', `Bearer ${t.adminKey}`)
    .send({ name: input.id, ...input });
  if (res.status !== 201) throw new Error(`register ${input.id}: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { apiKey: string }).apiKey;
}

/** Issues a regulator key. */
export async function regulatorKey(t: TestService): Promise<string> {
  const res = await t.http.post('/admin/keys').set('Authorization', `Bearer ${t.adminKey}`).send({ role: 'regulator', name: 'inspector' });
  if (res.status !== 201) throw new Error(`regulator key: ${res.status}`);
  return (res.body as { apiKey: string }).apiKey;
}
