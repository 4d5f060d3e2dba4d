import { verifyDraw } from '../features/supervision/draw-verification';

function option(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

/** `inspections verify-draw <planId> [--url …]`: re-runs a draw from the service's public data; exit 0 when it matches, 1 when not. */
export async function verifyDrawCommand(
  args: string[],
  out: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<number> {
  const planId = args.find((a) => !a.startsWith('--') && a !== option(args, '--url'));
  if (!planId) {
    out('usage: inspections verify-draw <planId> [--url http://localhost:3000]');
    return 2;
  }
  const base = (option(args, '--url') ?? 'http://localhost:3000').replace(/\/$/, '');
  const get = async (path: string): Promise<unknown> => {
    const res = await fetch(`${base}${path}`, { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const result = await verifyDraw(get, planId);
  for (const c of result.checks) out(`${c.ok ? 'ok  ' : 'FAIL'} ${c.check}: ${c.detail}`);
  out(result.matches ? `the draw of ${planId} matches` : `the draw of ${planId} does NOT match`);
  return result.matches ? 0 : 1;
}
