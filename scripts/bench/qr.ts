import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CapturedAnswer, CapturedAnswers } from './bare-server';

/** One load run against one URL. */
export interface LoadResult {
  readonly reqPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
}

/** The QR targets: the service's page and JSON, and the bare ceiling answering the same bytes. */
export type QrTarget = 'page' | 'json' | 'bare page' | 'bare json';

export const QR_TARGETS: readonly QrTarget[] = ['page', 'json', 'bare page', 'bare json'];

/** The Accept-Language every QR request sends (a phone set to Chinese). */
const ACCEPT_LANGUAGE = 'zh-CN,zh;q=0.9,en;q=0.5';

/**
 * The URL and Accept header of a target; `lot` is a canonical `https://id.gs1.org/01/{gtin}/10/{lot}`.
 * The ceiling gets the same path and headers on its own address.
 */
export function targetRequest(service: string, ceiling: string, target: QrTarget, lot: string): { url: string; accept: string } {
  const base = target.startsWith('bare') ? ceiling : service;
  return { url: `${base}${new URL(lot).pathname}`, accept: target.endsWith('page') ? 'text/html' : 'application/json' };
}

// Set per connection or per message by node:http itself, so not part of the captured answer.
const TRANSPORT = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

/** The service's answer to one request, as bytes and headers the ceiling can repeat. */
async function capture(url: string, accept: string): Promise<CapturedAnswer> {
  const res = await fetch(url, { headers: { accept, 'accept-language': ACCEPT_LANGUAGE } });
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
  const body = Buffer.from(await res.arrayBuffer());
  const headers: Array<readonly [string, string]> = [];
  res.headers.forEach((value, name) => {
    if (!TRANSPORT.has(name)) headers.push([name, value]);
  });
  return { headers, body: body.toString('base64') };
}

/** The bare `node:http` ceiling in its own process, serving the service's page and JSON of one lot. */
export class BareCeiling {
  readonly base: string;
  readonly #child: ChildProcess;
  readonly #dir: string;

  private constructor(child: ChildProcess, base: string, dir: string) {
    this.#child = child;
    this.base = base;
    this.#dir = dir;
  }

  /** Captures the page and the JSON of `lot` from the service and starts a ceiling that answers them. */
  static async start(service: string, lot: string): Promise<BareCeiling> {
    const page = targetRequest(service, service, 'page', lot);
    const json = targetRequest(service, service, 'json', lot);
    // Asked twice: the second answer is the one every later scan gets (from memory, before express).
    await capture(page.url, page.accept);
    await capture(json.url, json.accept);
    const answers: CapturedAnswers = { page: await capture(page.url, page.accept), json: await capture(json.url, json.accept) };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-bare-'));
    const file = path.join(dir, 'answers.json');
    fs.writeFileSync(file, JSON.stringify(answers));
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'bare-server.ts'), file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const port = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /listening on (\d+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`bare ceiling exited with ${code}`)));
    });
    return new BareCeiling(child, `http://127.0.0.1:${port}`, dir);
  }

  get pid(): number {
    return this.#child.pid ?? 0;
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode === null) {
      const exited = new Promise((resolve) => this.#child.once('exit', resolve));
      this.#child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (this.#child.exitCode === null) this.#child.kill('SIGKILL');
    }
    fs.rmSync(this.#dir, { recursive: true, force: true });
  }
}

/** CPU seconds (user + system, all threads) a process has used so far, from /proc (Linux clock ticks of 1/100 s). */
export function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const AUTOCANNON = path.resolve(__dirname, '../../node_modules/autocannon/autocannon.js');

interface AutocannonJson {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

/**
 * Drives one URL with autocannon for `seconds` with `connections` keep-alive connections. Autocannon
 * runs in its own process so the bench process (which holds the generated chain) cannot starve it.
 */
export function load(url: string, accept: string, seconds: number, connections: number): Promise<LoadResult> {
  const args = [
    AUTOCANNON,
    '--json',
    '-c',
    String(connections),
    '-d',
    String(seconds),
    '-H',
    `accept=${accept}`,
    '-H',
    `accept-language=${ACCEPT_LANGUAGE}`,
    url,
  ];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => {
      if (err) {
        reject(new Error(`autocannon failed: ${err.message}`));
        return;
      }
      const r = JSON.parse(stdout) as AutocannonJson;
      resolve({ reqPerSec: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx });
    });
  });
}
