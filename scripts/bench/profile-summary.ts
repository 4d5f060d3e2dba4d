import fs from 'node:fs';
import path from 'node:path';

/** Prints where a V8 `.cpuprofile` spent its samples: top functions by self time, and by file or package. */
interface Node {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly hitCount?: number;
}

function place(url: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m?.[1]) return m[1];
  const local = /\/(server|chaincode)\/.*$/.exec(url);
  return local ? local[0].slice(1) : url || '(native)';
}

function summarise(file: string, top = 25): void {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[] };
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const total = profile.samples.length;
  const byFn = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const n of profile.nodes) {
    const h = hits.get(n.id) ?? 0;
    const fn = `${n.callFrame.functionName || '(anonymous)'} ${place(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + h);
    byPlace.set(place(n.callFrame.url), (byPlace.get(place(n.callFrame.url)) ?? 0) + h);
  }
  const show = (title: string, m: Map<string, number>): void => {
    process.stdout.write(`\n${title}\n`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
      process.stdout.write(`${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}\n`);
  };
  process.stdout.write(`${path.basename(file)}: ${total} samples\n`);
  show('self time by function', byFn);
  show('self time by file or package', byPlace);
}

for (const f of process.argv.slice(2)) summarise(f);
