import autocannon from 'autocannon';

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

/** Drives one URL with autocannon for `seconds` with `connections` keep-alive connections. */
export async function load(url: string, accept: string, seconds: number, connections: number): Promise<LoadResult> {
  const r = await autocannon({ url, connections, duration: seconds, headers: { accept, 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' } });
  return { reqPerSec: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx };
}
