import { html, htmlDocument, trustedHtml, type SafeHtml } from '../../http/html';
import type { Label } from './qr-service';

const SHEET_CSS = `
body{margin:16px;font:13px/1.35 -apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#111}
.hint{color:#555;margin:0 0 12px}
.sheet{display:flex;flex-wrap:wrap;gap:8px}
.label{width:calc(var(--qr) + 24px);border:1px dashed #bbb;padding:8px;text-align:center;break-inside:avoid;page-break-inside:avoid}
.label svg{width:var(--qr);height:var(--qr);display:block;margin:0 auto 4px}
.label .hri{font:11px/1.3 ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
@media print{@page{size:A4;margin:10mm}body{margin:0}.hint{display:none}.label{border-color:#ddd}}
`;

// The SVG is the QR library's own output for a code this service encoded; it carries no request text.
function labelHtml(label: Label, svg: string): SafeHtml {
  const hri = `(01) ${label.gtin} (10) ${label.lot}${label.serial !== undefined ? ` (21) ${label.serial}` : ''}`;
  return html`<figure class="label">${trustedHtml(svg)}<figcaption class="hri">${hri}</figcaption></figure>`;
}

/**
 * A printable label sheet: one figure per label with the QR code inline (SVG, so it prints sharp at
 * any size) and the GS1 human-readable interpretation under it.
 */
export function renderSheet(labels: ReadonlyArray<{ label: Label; svg: string }>, sizePx: number): string {
  const figures = labels.map((l) => labelHtml(l.label, l.svg));
  const body = html`<p class="hint">${labels.length} labels · 打印此页 / print this page (Ctrl+P)</p><main class="sheet">${figures}</main>`;
  return htmlDocument({ lang: 'zh-CN', title: `QR labels (${labels.length})`, style: `:root{--qr:${sizePx}px}${SHEET_CSS}`, body });
}
