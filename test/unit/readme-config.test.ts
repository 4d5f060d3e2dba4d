import fs from 'node:fs';
import path from 'node:path';
import { configSchema, loadConfig } from '../../server/config/config';

// The README's configuration table (cells padded by Prettier), as `variable → [default, description]`.
function readmeTable(): Map<string, [string, string]> {
  const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
  const rows = [...readme.matchAll(/^\| `([A-Z][A-Z0-9_]+)` +\| (.*?) +\| (.*?) +\|$/gm)];
  return new Map(rows.map((m) => [m[1] ?? '', [m[2] ?? '', m[3] ?? '']]));
}

describe('README configuration table', () => {
  const table = readmeTable();
  const defaults = loadConfig({}) as unknown as Record<string, unknown>;

  it.each(Object.keys(configSchema.shape))('documents %s with its default and its description', (key) => {
    const row = table.get(key);
    expect(row).toBeDefined();
    const fallback = defaults[key];
    expect(row?.[0]).toBe(fallback === undefined ? '—' : `\`${JSON.stringify(fallback)}\``);
    expect(row?.[1]).toBe((configSchema.shape[key as keyof typeof configSchema.shape].description ?? '').replace(/\|/g, '\\|'));
  });

  it('documents no variable the service does not read', () => {
    expect([...table.keys()].filter((k) => !(k in configSchema.shape))).toEqual([]);
  });
});
