import { esc, html, htmlDocument, SafeHtml, trustedHtml } from '../../server/http/html';

const ATTACK = `<script>alert("x")</script>&'`;
const ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;';

describe('the html template tag', () => {
  it('escapes text interpolated into element content', () => {
    expect(html`<p>${ATTACK}</p>`.toString()).toBe(`<p>${ESCAPED}</p>`);
  });

  it('escapes quotes in attribute values, so a value cannot leave its attribute', () => {
    const value = `x" onmouseover="alert(1)`;
    expect(html`<a href="${value}" title='${"it's"}'>a</a>`.toString()).toBe(
      '<a href="x&quot; onmouseover=&quot;alert(1)" title=\'it&#39;s\'>a</a>',
    );
  });

  it('inserts fragments made by the tag as they are, escaping only once however deep they nest', () => {
    const cell = html`<td>${'a<b'}</td>`;
    const row = html`<tr>${cell}</tr>`;
    expect(html`<table>${row}</table>`.toString()).toBe('<table><tr><td>a&lt;b</td></tr></table>');
  });

  it('joins lists of fragments and of text with nothing between, escaping the text', () => {
    const items = ['<i>', 'b'].map((t) => html`<li>${t}</li>`);
    expect(html`<ul>${items}</ul>`.toString()).toBe('<ul><li>&lt;i&gt;</li><li>b</li></ul>');
    expect(html`${['<', [html`<br>`, '&']]}`.toString()).toBe('&lt;<br>&amp;');
    expect(html`<ul>${[]}</ul>`.toString()).toBe('<ul></ul>');
  });

  it('writes numbers as they are, zero included', () => {
    expect(html`<td>${0}</td><td>${-1.5}</td><td>${12}</td>`.toString()).toBe('<td>0</td><td>-1.5</td><td>12</td>');
  });

  it('writes nothing for null, undefined and false', () => {
    const flag = false;
    expect(html`<p>${null}${undefined}${flag && html`<b>never</b>`}</p>`.toString()).toBe('<p></p>');
  });

  it('keeps the literal markup exactly as written, line breaks included', () => {
    expect(
      html`<p>
  a & b</p>`.toString(),
    ).toBe('<p>\n  a & b</p>');
  });

  it('does not let a string pretending to be a fragment through', () => {
    const fake = { toString: () => '<script>' };
    // @ts-expect-error: only SafeHtml, text, numbers and lists may be interpolated
    expect(() => html`${fake}`).toThrow();
  });

  it('inserts trusted markup unescaped, and the document shell escapes title and language but not the style', () => {
    expect(html`<div>${trustedHtml('<svg/>')}</div>`.toString()).toBe('<div><svg/></div>');
    const page = htmlDocument({ title: 'a < b', lang: 'en"', style: 'a>b{font-family:"Noto Sans"}', body: html`<p>${'<'}</p>` });
    expect(page).toBe(
      '<!doctype html><html lang="en&quot;"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>a &lt; b</title><style>a>b{font-family:"Noto Sans"}</style></head><body><p>&lt;</p></body></html>',
    );
  });

  it('esc escapes the five characters that matter in HTML text and quoted attributes', () => {
    expect(esc(ATTACK)).toBe(ESCAPED);
    expect(esc(null)).toBe('');
    expect(new SafeHtml('x').toString()).toBe('x');
  });
});
