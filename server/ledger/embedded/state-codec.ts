/**
 * Strings as bytes whose byte order (memcmp, as LMDB compares keys) is the order of JS `<`, without loss.
 *
 * JS compares strings by UTF-16 code unit. Plain UTF-8 keeps that order only for strings without
 * surrogates, and it cannot hold a lone surrogate at all. So each code unit is written on its own as
 * its 1-3 byte UTF-8 form, surrogates included (as CESU-8 does): a surrogate unit becomes ED A0..BF xx,
 * which sorts between U+D7FF and U+E000 exactly as the unit does. For a string without surrogates the
 * bytes are plain UTF-8. No byte of this encoding is 0xFF.
 */

const SURROGATE = /[\uD800-\uDFFF]/;

function putUnit(out: Buffer, at: number, unit: number): number {
  if (unit < 0x80) {
    out[at] = unit;
    return at + 1;
  }
  if (unit < 0x800) {
    out[at] = 0xc0 | (unit >> 6);
    out[at + 1] = 0x80 | (unit & 0x3f);
    return at + 2;
  }
  out[at] = 0xe0 | (unit >> 12);
  out[at + 1] = 0x80 | ((unit >> 6) & 0x3f);
  out[at + 2] = 0x80 | (unit & 0x3f);
  return at + 3;
}

export function encodeString(s: string): Buffer {
  if (!SURROGATE.test(s)) return Buffer.from(s, 'utf8');
  const out = Buffer.allocUnsafe(s.length * 3);
  let at = 0;
  for (let i = 0; i < s.length; i++) at = putUnit(out, at, s.charCodeAt(i));
  return out.subarray(0, at);
}

// Plain UTF-8 of a surrogate-free string never holds ED followed by A0..BF.
function hasSurrogateUnit(buf: Uint8Array): boolean {
  for (let i = buf.indexOf(0xed); i !== -1; i = buf.indexOf(0xed, i + 1)) {
    if ((buf[i + 1] ?? 0) >= 0xa0) return true;
  }
  return false;
}

function unitAt(buf: Uint8Array, i: number): { unit: number; width: number } {
  const b = buf[i] ?? 0;
  if (b < 0x80) return { unit: b, width: 1 };
  const b1 = (buf[i + 1] ?? 0) & 0x3f;
  if (b < 0xe0) return { unit: ((b & 0x1f) << 6) | b1, width: 2 };
  return { unit: ((b & 0x0f) << 12) | (b1 << 6) | ((buf[i + 2] ?? 0) & 0x3f), width: 3 };
}

export function decodeString(buf: Buffer): string {
  if (!hasSurrogateUnit(buf)) return buf.toString('utf8');
  const parts: string[] = [];
  let units: number[] = [];
  for (let i = 0; i < buf.length;) {
    const { unit, width } = unitAt(buf, i);
    units.push(unit);
    i += width;
    if (units.length === 4096) {
      parts.push(String.fromCharCode(...units));
      units = [];
    }
  }
  parts.push(String.fromCharCode(...units));
  return parts.join('');
}
