const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML-escapes text for element content and quoted attributes (also inside inline SVG). */
export function esc(value: string | number | null | undefined): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Markup that is safe to insert as it is: made by `html`, or trusted by `trustedHtml`. */
export class SafeHtml {
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  toString(): string {
    return this.#text;
  }
}

/**
 * What may go into an `html` template: text and numbers (escaped), fragments (as they are), lists of
 * either (joined with nothing between), and `false`, `null` or `undefined` (nothing), so that
 * `${cond && html`…`}` and `${maybe ?? ''}` read naturally.
 */
export type HtmlValue = SafeHtml | string | number | false | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (typeof value === 'string' || typeof value === 'number') return esc(value);
  if (value instanceof SafeHtml) return value.toString();
  if (value === false || value === null || value === undefined) return '';
  // Checked at run time too: an object that only looks like markup (a toString) must not pass unescaped.
  if (!Array.isArray(value)) throw new TypeError(`html: cannot interpolate a ${typeof value}`);
  return value.map(render).join('');
}

/**
 * The template tag of every server-rendered page: the literal markup is kept as written and every
 * interpolation is escaped unless it is itself a fragment made by this tag (or `trustedHtml`).
 * Attribute values must be quoted (`href="${url}"`): escaping makes a value safe only inside quotes.
 *
 * @example
 * html`<li class="${kind}">${name}</li>` // name "<b>" → <li class="…">&lt;b&gt;</li>
 * html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/**
 * Markup from a source that is not user input and may not be escaped: the service's own constants
 * (an icon) or a library's output (a QR code's SVG). Never pass anything a request or a record carries.
 */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** A whole server-rendered page: the shell every page shares (charset, phone viewport, title, inline style). */
export function htmlDocument(page: {
  readonly title: string;
  readonly style: string;
  readonly body: SafeHtml;
  readonly lang?: string;
}): string {
  // The style is the page's own constant CSS: escaping would break selectors (`>`) and quoted font names.
  const head = html`<meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`;
  const document = html`<!doctype html><html lang="${page.lang ?? 'en'}"><head>${head}<title>${page.title}</title>`;
  return html`${document}<style>${trustedHtml(page.style)}</style></head><body>${page.body}</body></html>`.toString();
}
