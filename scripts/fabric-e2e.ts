/**
 * End-to-end check of `LEDGER=fabric` against a network that is already up and deployed
 * (scripts/network.sh up && scripts/deploy-chaincode.sh):
 *
 *   1. enrols a new enterprise identity (scripts/fabric-enroll.ts) and starts the service with a
 *      fresh data folder and a fresh Postgres database;
 *   2. registers the enterprise, captures an EPCIS document (POST /capture, then GET /capture/{id}),
 *      traces its lot, and finds the transaction in a block of the channel both through the service
 *      (GET /ledger/tx) and straight from the other organisation's peer (qscc GetBlockByTxID); then
 *      documents larger than one transaction (scripts/fabric-e2e-parts.ts);
 *   3. stops the service (SIGINT), records a second document on the ledger without it (the
 *      GatewayLedger adapter, as another node would), restarts it, and checks that the index
 *      resumed from its Postgres checkpoint: nothing indexed twice, nothing missing, caught up;
 *   4. commits a transaction without a chaincode event and checks that the index still reaches the
 *      chain head (the gateway's event stream never mentions such blocks).
 *
 * Usage: npx tsx scripts/fabric-e2e.ts      (run by scripts/test-fabric.sh after the jest suite)
 * Environment: FABRIC_GATEWAY_ENV (network/.generated/gateway.env); FABRIC_E2E_DATABASE_URL, else
 * DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres: only used to create and drop the
 * check's own database. Prints what it verified; exits 1 on any failure (the service log is kept).
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, hash, signers, type Network } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import knexFactory, { type Knex } from 'knex';
import { loadConfig } from '../server/config/config';
import { prepareEvents } from '../server/features/epcis/prepare-events';
import { readCheckpoint } from '../server/index/checkpoint-queries';
import { Connections } from '../server/ledger/gateway/connections';
import { transactionFromBlock } from '../server/ledger/gateway/fabric-decode';
import { fabricSettings, openGatewayLedger } from '../server/ledger/gateway/open-gateway-ledger';
import { Wallet } from '../server/ledger/gateway/wallet';
import { epcisDocument, gln, glnId, gtin, lotId } from '../test/helpers/gs1';
import { getJson, waitCaughtUp } from './crash/checks';
import { checkLargeDocuments } from './fabric-e2e-parts';
import { freePort, ServerProcess } from './crash/server-process';
import { freshDatabase } from './lib/fresh-database';
import { runMain } from './lib/run-main';

const ROOT = path.resolve(__dirname, '..');
const GATEWAY_ENV = path.resolve(ROOT, process.env.FABRIC_GATEWAY_ENV ?? 'network/.generated/gateway.env');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const failures: string[] = [];

/** Records one verification: printed as ok, or kept as a failure. */
function expectThat(ok: boolean, what: string, detail: unknown = ''): void {
  if (ok) process.stdout.write(`  ok   ${what}\n`);
  else failures.push(`${what}${detail === '' ? '' : `: ${JSON.stringify(detail).slice(0, 600)}`}`);
  if (!ok) process.stdout.write(`  FAIL ${what}\n`);
}

interface Sample {
  readonly doc: Record<string, unknown>;
  readonly rawLot: string;
  readonly outLot: string;
  readonly eventIds: string[];
}

/** Commissions a raw lot, inspects it, transforms it into an output lot and packs that: four events. */
function sampleDocument(prefix: string, tag: string): Sample {
  const at = glnId(gln(prefix, 1));
  const rawLot = lotId(gtin(prefix, 1), `RAW${tag}`);
  const outLot = lotId(gtin(prefix, 2), `OUT${tag}`);
  const base = (hour: number): Record<string, unknown> => ({
    eventID: `urn:uuid:${crypto.randomUUID()}`,
    eventTime: `2026-05-01T0${hour}:00:00.000Z`,
    eventTimeZoneOffset: '+08:00',
    disposition: 'active',
    readPoint: { id: at },
    bizLocation: { id: at },
  });
  const qty = (lot: string, kg: number): Array<Record<string, unknown>> => [{ epcClass: lot, quantity: kg, uom: 'KGM' }];
  const events: Array<Record<string, unknown>> = [
    { type: 'ObjectEvent', ...base(1), action: 'ADD', bizStep: 'commissioning', quantityList: qty(rawLot, 100) },
    { type: 'ObjectEvent', ...base(2), action: 'OBSERVE', bizStep: 'inspecting', quantityList: qty(rawLot, 100) },
    {
      type: 'TransformationEvent',
      ...base(3),
      bizStep: 'commissioning',
      inputQuantityList: qty(rawLot, 100),
      outputQuantityList: qty(outLot, 90),
    },
    { type: 'ObjectEvent', ...base(4), action: 'OBSERVE', bizStep: 'packing', quantityList: qty(outLot, 90) },
  ];
  return { doc: epcisDocument(events), rawLot, outLot, eventIds: events.map((e) => String(e.eventID)) };
}

async function postJson(
  base: string,
  route: string,
  key: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}${route}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(60000),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

interface CaptureJob {
  readonly running?: boolean;
  readonly success?: boolean;
  readonly errors?: unknown[];
  readonly ledger?: { readonly txId: string; readonly blockNumber: number };
}

/** POST /capture, then GET /capture/{id} until the job has settled. */
async function capture(base: string, key: string, doc: unknown): Promise<CaptureJob> {
  const accepted = await postJson(base, '/capture', key, doc);
  if (accepted.status !== 202) throw new Error(`POST /capture answered ${accepted.status}: ${JSON.stringify(accepted.body)}`);
  const id = String(accepted.body.captureID);
  for (const end = Date.now() + 120000; Date.now() < end; await sleep(100)) {
    const job = (await getJson(`${base}/capture/${id}`, key)).body as CaptureJob;
    if (job.running === false) return job;
  }
  throw new Error(`capture job ${id} still running after 120 s`);
}

/** Runs `use` on the channel through the regulator's own peer, as the regulator's identity (not the service's). */
async function asRegulator<T>(use: (network: Network, chaincode: string, peer: string) => Promise<T>): Promise<T> {
  const settings = fabricSettings(loadConfig({ LEDGER: 'fabric', FABRIC_GATEWAY_ENV: GATEWAY_ENV }));
  const identity = new Wallet(settings.FABRIC_WALLET_DIR ?? '').get(settings.FABRIC_REGULATOR_IDENTITY ?? 'regulator-user1');
  if (!identity) throw new Error(`no regulator identity in the wallet ${settings.FABRIC_WALLET_DIR ?? ''}`);
  const connections = new Connections(settings.FABRIC_PEERS ?? []);
  const peer = connections.peerFor(identity.mspId);
  const gw = connect({
    client: connections.client(peer),
    identity: { mspId: identity.mspId, credentials: Buffer.from(identity.certPem) },
    signer: signers.newPrivateKeySigner(crypto.createPrivateKey(identity.keyPem)),
    hash: hash.sha256,
  });
  try {
    return await use(
      gw.getNetwork(settings.FABRIC_CHANNEL ?? 'trace'),
      settings.FABRIC_CHAINCODE ?? 'suyuan',
      `${peer.endpoint} (${identity.mspId})`,
    );
  } finally {
    gw.close();
    connections.close();
  }
}

/** The block holding `txId` (qscc GetBlockByTxID on the regulator's peer). */
function blockFromRegulatorPeer(txId: string): Promise<{ block: common.Block; peer: string }> {
  return asRegulator(async (network, _chaincode, peer) => {
    const bytes = await network.getContract('qscc').evaluateTransaction('GetBlockByTxID', network.getName(), txId);
    return { block: common.Block.deserializeBinary(bytes), peer };
  });
}

/** Commits a transaction that emits no chaincode event (WhoAmI); returns its block. */
function commitEventlessTransaction(): Promise<number> {
  return asRegulator(async (network, chaincode) => {
    const commit = await network.getContract(chaincode).submitAsync('WhoAmI', { arguments: ['{}'] });
    const status = await commit.getStatus();
    if (!status.successful) throw new Error(`WhoAmI was not committed (validation code ${status.code})`);
    return Number(status.blockNumber);
  });
}

/** A block without the chaincode's events at the head of the chain does not hold the index back. */
async function checkEventlessHead(base: string): Promise<void> {
  const block = await commitEventlessTransaction();
  let status = await ledgerStatus(base);
  for (const end = Date.now() + 15000; !(status.caughtUp && status.checkpoint > block) && Date.now() < end; await sleep(200))
    status = await ledgerStatus(base);
  expectThat(
    status.caughtUp && status.checkpoint > block,
    `a block without chaincode events at the head (block ${block}, a WhoAmI transaction): GET /ledger caught up, checkpoint block ${status.checkpoint} of height ${status.height}`,
    status,
  );
}

/** The capture's transaction is in a block of the channel, as the service and the other organisation's peer see it. */
async function checkOnLedger(base: string, ledger: { txId: string; blockNumber: number }, sample: Sample): Promise<void> {
  const tx = (await getJson(`${base}/ledger/tx/${ledger.txId}`)).body;
  expectThat(
    tx.status === 'VALID' && tx.blockNumber === ledger.blockNumber && tx.fn === 'RecordEvents',
    `GET /ledger/tx/${ledger.txId}: RecordEvents, VALID, block ${String(tx.blockNumber)}`,
    tx,
  );
  const { block, peer } = await blockFromRegulatorPeer(ledger.txId);
  const onPeer = transactionFromBlock(block, ledger.txId);
  const number = block.getHeader()?.getNumber();
  expectThat(
    onPeer?.status === 'VALID' && number === ledger.blockNumber,
    `peer ${peer}: qscc GetBlockByTxID puts it in block ${String(number)}, ${onPeer?.status ?? 'absent'}`,
    onPeer,
  );
  const data = Buffer.concat((block.getData()?.getDataList_asU8() ?? []).map((b) => Buffer.from(b)));
  expectThat(
    sample.eventIds.every((id) => data.includes(id)),
    `block ${String(number)} carries all ${sample.eventIds.length} eventIDs`,
  );
}

/** GET /trace forward from the raw lot reaches the output lot through the transformation. */
async function checkTrace(base: string, key: string, sample: Sample): Promise<void> {
  const graph = (await getJson(`${base}/trace?id=${encodeURIComponent(sample.rawLot)}&direction=forward`, key)).body as {
    edges?: Array<{ from: string; to: string; type: string }>;
  };
  const edge = graph.edges?.find((e) => e.from === sample.rawLot && e.to === sample.outLot);
  expectThat(edge?.type === 'transformed_into', `GET /trace ${sample.rawLot} → ${sample.outLot} (${edge?.type ?? 'no edge'})`, graph);
}

/** Records `sample` on the ledger as `enterpriseId` through the GatewayLedger adapter, without the service. */
async function recordWithoutService(enterpriseId: string, sample: Sample): Promise<{ txId: string; blockNumber: number }> {
  const { events, errors } = prepareEvents((sample.doc.epcisBody as { eventList: unknown[] }).eventList, sample.doc['@context']);
  if (errors.length > 0) throw new Error(`sample document invalid: ${JSON.stringify(errors)}`);
  const ledger = await openGatewayLedger(loadConfig({ LEDGER: 'fabric', FABRIC_GATEWAY_ENV: GATEWAY_ENV }));
  try {
    const receipt = await ledger.recordEvents(
      { kind: 'enterprise', enterpriseId },
      { events: events.map(({ eventID, event }) => ({ eventID, event })) },
    );
    expectThat(
      receipt.result.accepted.length === sample.eventIds.length,
      `recorded ${receipt.result.accepted.length} events while the service was down: tx ${receipt.txId}, block ${receipt.blockNumber}`,
      receipt.result,
    );
    return { txId: receipt.txId, blockNumber: receipt.blockNumber };
  } finally {
    await ledger.close();
  }
}

interface IndexSnapshot {
  readonly checkpoint: { blockNumber: number; txIndex: number };
  readonly events: number;
  readonly perEvent: Map<string, number>;
}

/** What the index holds: its checkpoint, its number of events, and how many rows each of `ids` has. */
async function snapshot(knex: Knex, ids: readonly string[]): Promise<IndexSnapshot> {
  const rows: Array<{ event_id: string; n: string }> = await knex('events')
    .select('event_id')
    .count({ n: '*' })
    .whereIn('event_id', ids)
    .groupBy('event_id');
  const total = await knex('events').count<Array<{ n: string }>>({ n: '*' });
  return {
    checkpoint: await readCheckpoint(knex),
    events: Number(total[0]?.n ?? 0),
    perEvent: new Map(rows.map((r) => [r.event_id, Number(r.n)])),
  };
}

/** The block the indexer last said it follows the ledger from (its checkpoint when it started), from the service log. */
function lastFollowedFrom(logFile: string): number | undefined {
  const lines = fs.readFileSync(logFile, 'utf8').split('\n');
  const starts = lines.filter((l) => l.includes('indexer: following the ledger from its checkpoint'));
  const last = starts.at(-1);
  return last ? (JSON.parse(last) as { fromBlock?: number }).fromBlock : undefined;
}

interface LedgerStatus {
  readonly height: number;
  readonly checkpoint: number;
  readonly caughtUp: boolean;
}

async function ledgerStatus(base: string): Promise<LedgerStatus> {
  const { body } = await getJson(`${base}/ledger`);
  const index = body.index as { checkpoint: { blockNumber: number }; caughtUp: boolean };
  return { height: Number(body.height), checkpoint: index.checkpoint.blockNumber, caughtUp: index.caughtUp };
}

interface Rig {
  readonly dataDir: string;
  readonly logFile: string;
  readonly adminKey: string;
  readonly server: ServerProcess;
  readonly knex: Knex;
  readonly dropDatabase: () => Promise<void>;
  readonly enterpriseId: string;
  readonly prefix: string;
}

/** A fresh data folder and database, and the service configured on them (not started yet). */
async function setUp(): Promise<Rig> {
  const tag = crypto.randomBytes(3).toString('hex');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-fabric-e2e-'));
  const logFile = path.join(dataDir, 'server.log');
  const db = await freshDatabase(
    process.env.FABRIC_E2E_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    'suyuan_fabric_e2e',
  );
  const adminKey = `sy_e2e_admin_${crypto.randomBytes(16).toString('hex')}`;
  const env = {
    ...process.env,
    LEDGER: 'fabric',
    FABRIC_GATEWAY_ENV: GATEWAY_ENV,
    DATA_DIR: path.join(dataDir, 'data'),
    DATABASE_URL: db.url,
    ADMIN_API_KEY: adminKey,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'info',
  };
  const server = new ServerProcess({ cwd: ROOT, env, port: await freePort(), logFile, startTimeoutMs: 120000 });
  const knex = knexFactory({ client: 'pg', connection: db.url, pool: { min: 0, max: 2 } });
  process.stdout.write(`fabric e2e: database ${db.name}, data ${dataDir}, service ${server.baseUrl}\n`);
  return {
    dataDir,
    logFile,
    adminKey,
    server,
    knex,
    dropDatabase: db.drop,
    enterpriseId: `e2e-${tag}`,
    prefix: `9${crypto.randomInt(10_000_000, 99_999_999)}`,
  };
}

/** scripts/fabric-enroll.ts: the enterprise's Fabric identity from the organisation's CA, into the wallet. */
function enrol(enterpriseId: string): void {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/fabric-enroll.ts', enterpriseId], {
    cwd: ROOT,
    env: { ...process.env, FABRIC_GATEWAY_ENV: GATEWAY_ENV },
    encoding: 'utf8',
  });
  expectThat(
    run.status === 0,
    `scripts/fabric-enroll.ts ${enterpriseId}: ${(run.stdout || run.stderr).trim().split(': x509')[0] ?? ''}`,
    run.stderr,
  );
  if (run.status !== 0) throw new Error('enrolment failed');
}

/** Start, register, capture, trace, and find the transaction on the ledger; returns the enterprise key. */
async function firstRun(rig: Rig, sample: Sample): Promise<string> {
  const startMs = await rig.server.start();
  const base = rig.server.baseUrl;
  const reg = await postJson(base, '/admin/enterprises', rig.adminKey, {
    id: rig.enterpriseId,
    name: 'Fabric e2e farm',
    companyPrefixes: [rig.prefix],
  });
  const identity = (reg.body.enterprise as { identity?: { mspId: string } } | undefined)?.identity;
  expectThat(
    reg.status === 201 && identity?.mspId === 'EnterpriseMSP',
    `service up in ${startMs} ms; POST /admin/enterprises ${rig.enterpriseId} → ${reg.status}, bound to its EnterpriseMSP identity (tx ${String(reg.body.txId)}, block ${String(reg.body.blockNumber)})`,
    reg.body,
  );
  const apiKey = String(reg.body.apiKey);
  const started = Date.now();
  const job = await capture(base, apiKey, sample.doc);
  expectThat(
    job.success === true,
    `POST /capture of ${sample.eventIds.length} events settled in ${Date.now() - started} ms: tx ${job.ledger?.txId ?? '-'}, block ${job.ledger?.blockNumber ?? '-'}`,
    job,
  );
  await checkTrace(base, apiKey, sample);
  if (job.ledger) await checkOnLedger(base, job.ledger, sample);
  await checkLargeDocuments(base, apiKey, rig.prefix, expectThat);
  expectThat(await waitCaughtUp(base, 60000), 'index caught up with the ledger');
  const status = await ledgerStatus(base);
  expectThat(
    status.caughtUp && status.checkpoint === status.height,
    `GET /ledger: height ${status.height}, index checkpoint block ${status.checkpoint}`,
    status,
  );
  return apiKey;
}

/** Stop, record a second document without the service, restart, and check the index resumed without duplicates or gaps. */
async function resume(rig: Rig, first: Sample, apiKey: string): Promise<void> {
  const heightBefore = (await ledgerStatus(rig.server.baseUrl)).height;
  await rig.server.stop('SIGINT');
  const before = await snapshot(rig.knex, first.eventIds);
  expectThat(
    before.checkpoint.blockNumber === heightBefore,
    `service stopped (SIGINT); checkpoint stored in Postgres: block ${before.checkpoint.blockNumber}/${before.checkpoint.txIndex}, ${before.events} events indexed`,
    before.checkpoint,
  );
  const second = sampleDocument(rig.prefix, 'B');
  const receipt = await recordWithoutService(rig.enterpriseId, second);
  const restartMs = await rig.server.start();
  expectThat(await waitCaughtUp(rig.server.baseUrl, 60000), `service restarted in ${restartMs} ms and caught up`);
  const status = await ledgerStatus(rig.server.baseUrl);
  const after = await snapshot(rig.knex, [...first.eventIds, ...second.eventIds]);
  expectThat(
    status.caughtUp && after.checkpoint.blockNumber === status.height && status.height > receipt.blockNumber,
    `GET /ledger after restart: height ${status.height}, checkpoint block ${after.checkpoint.blockNumber} (was ${before.checkpoint.blockNumber})`,
    { status, checkpoint: after.checkpoint },
  );
  const once = [...first.eventIds, ...second.eventIds].every((id) => after.perEvent.get(id) === 1);
  expectThat(
    once && after.events - before.events === second.eventIds.length,
    `index: every event of both documents exactly once; ${after.events - before.events} new rows (the ${second.eventIds.length} recorded while down)`,
    { before: before.events, after: after.events, perEvent: [...after.perEvent] },
  );
  const resumedFrom = lastFollowedFrom(rig.logFile);
  expectThat(
    resumedFrom === before.checkpoint.blockNumber,
    `resumed from the checkpoint: after the restart the indexer followed the ledger from block ${String(resumedFrom)}, not from the start`,
    { resumedFrom, checkpoint: before.checkpoint },
  );
  expectThat(!fs.readFileSync(rig.logFile, 'utf8').includes('indexer failed'), 'the indexer logged no failure');
  await checkTrace(rig.server.baseUrl, apiKey, second);
  await checkEventlessHead(rig.server.baseUrl);
}

async function tearDown(rig: Rig): Promise<void> {
  await rig.server.stop('SIGINT');
  await rig.knex.destroy();
  await rig.dropDatabase().catch((err: unknown) => failures.push(`could not drop the check's database: ${String(err)}`));
}

async function main(): Promise<number> {
  if (!fs.existsSync(GATEWAY_ENV)) {
    process.stderr.write(`fabric e2e: no ${GATEWAY_ENV}; start the network first (scripts/network.sh up && scripts/deploy-chaincode.sh)\n`);
    return 2;
  }
  const started = Date.now();
  const rig = await setUp();
  try {
    enrol(rig.enterpriseId);
    const first = sampleDocument(rig.prefix, 'A');
    const apiKey = await firstRun(rig, first);
    await resume(rig, first, apiKey);
  } catch (err) {
    failures.push(`could not complete: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  } finally {
    await tearDown(rig);
  }
  if (failures.length > 0) {
    process.stderr.write(
      `fabric e2e FAILED (${failures.length}):\n${failures.map((f) => `  - ${f}`).join('\n')}\nservice log kept in ${rig.logFile}\n`,
    );
    return 1;
  }
  fs.rmSync(rig.dataDir, { recursive: true, force: true });
  process.stdout.write(`fabric e2e passed in ${((Date.now() - started) / 1000).toFixed(1)} s (service stopped, database dropped)\n`);
  return 0;
}

runMain(main);
