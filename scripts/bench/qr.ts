import { execFile } from 'node:child_process';
import path from 'node:path';

/** One load run against one URL. */
export interface LoadResult {
  readonly reqPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
}

/** The three QR targets, in the order each round runs them. */
export type QrTarget = 'page' | 'json' | 'bare';

/** The URL and Accept header of a target; `lot` is a canonical `https://id.gs1.org/01/{gtin}/10/{lot}`. */
export function targetRequest(base: string, target: QrTarget, lot: string): { url: string; accept: string } {
  if (target === 'bare') return { url: `${base}/bench/bare`, accept: 'application/json' };
  const url = `${base}${new URL(lot).pathname}`;
  return { url, accept: target === 'page' ? 'text/html' : 'application/json' };
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
  const args = [AUTOCANNON, '--json', '-c', String(connections), '-d', String(seconds), '-H', `accept=${accept}`, '-H', 'accept-language=zh-CN,zh;q=0.9,en;q=0.5', url];
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
