import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import type { ServiceChild, StartTimes } from './service-child';

/** Start-up, the fast verify and what the data takes on disk, with the ledger and index as the run left them. */
export interface StartupFigures {
  /** A restart of the service right after its first start: the ledger holds no events. */
  readonly empty: StartTimes;
  /** A restart with everything the run recorded. */
  readonly full: StartTimes;
  /** EPCIS events in the index (and on the ledger) at the full restart. */
  readonly events: number;
  readonly fastVerify: {
    readonly ms: number;
    readonly ok: boolean;
    readonly blocks: number;
    readonly stateEntries: number;
    /** Of `ms`: the ledger's fast verify, and the index check. */
    readonly chainMs: number;
    readonly indexMs: number;
    /** How the index was checked: `sealed` (against its seal) or `compared` (rebuilt from the ledger and compared row by row). */
    readonly indexMethod: string;
  };
  /** Bytes on disk: the ledger's block file and keys, its LMDB world state (`store/`), the index database. */
  readonly disk: { readonly blocks: number; readonly worldState: number; readonly index?: number };
}

function folderBytes(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => {
    const p = path.join(dir, e.name);
    return n + (e.isDirectory() ? folderBytes(p) : fs.statSync(p).size);
  }, 0);
}

async function indexFacts(dbUrl: string | undefined): Promise<{ events?: number; bytes?: number }> {
  if (!dbUrl) return {};
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const events = Number((await client.query<{ n: string }>('select count(*) as n from events')).rows[0]?.n ?? 0);
    const bytes = Number((await client.query<{ b: string }>('select pg_database_size(current_database()) as b')).rows[0]?.b ?? 0);
    return { events, bytes };
  } finally {
    await client.end();
  }
}

function getWithoutTimeout(url: string, key: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { Authorization: `Bearer ${key}` } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      })
      .on('error', reject);
  });
}

/** `GET /ledger/verify` as a regulator: a fresh fast verification, timed. */
async function fastVerify(service: ServiceChild, regulatorKey: string): Promise<StartupFigures['fastVerify']> {
  const t0 = performance.now();
  // node:http, not fetch: fetch gives up on headers after 300 s, and the index check grows with the history.
  const res = await getWithoutTimeout(`${service.base}/ledger/verify`, regulatorKey);
  const body = JSON.parse(res.text) as {
    ok?: boolean;
    chain?: { checkedBlocks?: number; stateEntries?: number; durationMs?: number };
    index?: { durationMs?: number; method?: string };
  };
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`GET /ledger/verify answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  const { chain = {}, index = {} } = body;
  return {
    ms,
    ok: body.ok === true,
    blocks: chain.checkedBlocks ?? 0,
    stateEntries: chain.stateEntries ?? 0,
    chainMs: chain.durationMs ?? 0,
    indexMs: index.durationMs ?? 0,
    indexMethod: index.method ?? 'unknown',
  };
}

/** Restarts the service with everything recorded, times it to ready, runs the fast verify, and measures the data on disk. */
export async function measureStartup(
  service: ServiceChild,
  regulatorKey: string,
  empty: StartTimes,
  dbUrl: string | undefined,
): Promise<StartupFigures> {
  process.stderr.write('restarting the service with everything recorded, then GET /ledger/verify …\n');
  const full = await service.restart();
  const verify = await fastVerify(service, regulatorKey);
  const ledgerDir = path.join(service.dataDir, 'ledger');
  const worldState = folderBytes(path.join(ledgerDir, 'store'));
  const index = await indexFacts(dbUrl);
  return {
    empty,
    full,
    events: index.events ?? 0,
    fastVerify: verify,
    disk: { blocks: folderBytes(ledgerDir) - worldState, worldState, ...(index.bytes === undefined ? {} : { index: index.bytes }) },
  };
}
