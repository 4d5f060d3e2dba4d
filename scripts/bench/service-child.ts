import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const ROOT = path.resolve(__dirname, '..', '..');

/** A fresh Postgres database for one bench run, or the reason there is none. */
export interface BenchDatabase {
  readonly url?: string;
  readonly version?: string;
  readonly why?: string;
  drop(): Promise<void>;
}

/** Creates `suyuan_bench_<ts>` on the admin URL's server; falls back (url undefined) when unreachable. */
export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (err) {
    return { why: `Postgres at ${adminUrl} not reachable (${(err as Error).message}); index on PGlite`, drop: () => Promise.resolve() };
  }
  const name = `suyuan_bench_${Date.now()}`;
  const version = String(((await admin.query('SHOW server_version')).rows[0] as { server_version: string }).server_version);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const drop = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  };
  return { url: url.toString(), version, drop };
}

/** Resident memory of a process in MiB: now and the high-water mark. */
/**
 * Resident memory of a process from /proc: all of it, the private part (heap, stacks: `RssAnon`) and
 * the part that maps files (`RssFile`: code, and the pages of memory-mapped stores such as the
 * ledger's LMDB world state, which the kernel can drop and read back).
 */
export function memoryOf(pid: number): { rssMiB: number; anonMiB: number; fileMiB: number; hwmMiB: number } {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { rssMiB: kb('VmRSS') / 1024, anonMiB: kb('RssAnon') / 1024, fileMiB: kb('RssFile') / 1024, hwmMiB: kb('VmHWM') / 1024 };
}

/** Options of the service child process. */
export interface ServiceOptions {
  readonly databaseUrl?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Folder for `--cpu-prof` output; no profiling when unset. */
  readonly cpuProfileDir?: string;
}

/** How long a start took: from spawning the process to its "serving on" line, and to the first `GET /readyz` 200. */
export interface StartTimes {
  readonly listeningMs: number;
  readonly readyMs: number;
}

/** The service under test, running in its own process. */
export class ServiceChild {
  readonly adminKey: string;
  readonly dataDir: string;
  readonly #env: NodeJS.ProcessEnv;
  readonly #flags: readonly string[];
  #child: ChildProcess;
  #base: string;

  private constructor(spawned: { child: ChildProcess; base: string }, env: NodeJS.ProcessEnv, flags: readonly string[]) {
    this.#child = spawned.child;
    this.#base = spawned.base;
    this.#env = env;
    this.#flags = flags;
    this.adminKey = String(env.ADMIN_API_KEY);
    this.dataDir = String(env.DATA_DIR);
  }

  get base(): string {
    return this.#base;
  }

  get pid(): number {
    return this.#child.pid ?? 0;
  }

  /** Starts `server/main.ts` under node (not the tsx wrapper, so `pid` is the server's own). */
  static async start(opts: ServiceOptions): Promise<ServiceChild> {
    const env = {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-bench-')),
      ADMIN_API_KEY: crypto.randomBytes(24).toString('hex'),
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      PUBLIC_RATE_LIMIT_PER_MIN: '0',
      DATABASE_URL: opts.databaseUrl ?? '',
      ...opts.env,
    };
    const flags = opts.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfileDir}`] : [];
    return new ServiceChild(await spawnService(env, flags), env, flags);
  }

  /** Stops the service and starts it again on the same data folder and database (the ledger and index it had). */
  async restart(): Promise<StartTimes> {
    await this.#terminate();
    const t0 = performance.now();
    const spawned = await spawnService(this.#env, this.#flags);
    const listeningMs = performance.now() - t0;
    this.#child = spawned.child;
    this.#base = spawned.base;
    for (;;) {
      const ready = await fetch(`${this.#base}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ready) return { listeningMs, readyMs: performance.now() - t0 };
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async #terminate(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    this.#child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20000))]);
    if (this.#child.exitCode === null) this.#child.kill('SIGKILL');
  }

  /** SIGTERM, then waits for the exit (the service closes the ledger and the index). */
  async stop(): Promise<void> {
    await this.#terminate();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

async function spawnService(env: NodeJS.ProcessEnv, flags: readonly string[]): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { child, base: await listeningUrl(child) };
}

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`service did not start within 120 s\n${err}`)), 120000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /serving on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1].replace('localhost', '127.0.0.1'));
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      if (err.length > 20000) err = err.slice(-10000);
      process.stderr.write(chunk);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with ${code}\n${err}`));
    });
  });
}

/** Samples the child's memory every `everyMs` until stopped; keeps every sample. */
export class MemorySampler {
  readonly samples: Array<{ atMs: number; rssMiB: number; hwmMiB: number }> = [];
  readonly #timer: NodeJS.Timeout;
  readonly #t0 = Date.now();

  constructor(pid: number, everyMs = 500) {
    const take = (): void => {
      try {
        this.samples.push({ atMs: Date.now() - this.#t0, ...memoryOf(pid) });
      } catch {
        // The process has exited.
      }
    };
    take();
    this.#timer = setInterval(take, everyMs);
  }

  get peakMiB(): number {
    return Math.max(0, ...this.samples.map((s) => s.hwmMiB));
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
