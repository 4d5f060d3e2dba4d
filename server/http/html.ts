const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML-escapes text for element content and quoted attributes (also inside inline SVG). */
export function esc(value: string | number | null | undefined): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** A whole server-rendered page: the shell every page shares (charset, phone viewport, title, inline style). */
export function htmlDocument(page: { readonly title: string; readonly style: string; readonly body: string; readonly lang?: string }): string {
  return `<!doctype html><html lang="${esc(page.lang ?? 'en')}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(page.title)}</title><style>${page.style}</style></head><body>${page.body}</body></html>`;
}
