const URN_PREFIXES: Readonly<Record<string, string>> = {
  bizStep: 'urn:epcglobal:cbv:bizstep:',
  disposition: 'urn:epcglobal:cbv:disp:',
};
const WEB_PREFIXES: Readonly<Record<string, string>> = {
  bizStep: 'https://ref.gs1.org/cbv/BizStep-',
  disposition: 'https://ref.gs1.org/cbv/Disp-',
};

/** The bare CBV word for a bizStep or disposition given as a word, a URN or a web URI; custom URIs unchanged. */
export function cbvWord(kind: 'bizStep' | 'disposition', value: string): string {
  const trimmed = value.trim();
  for (const prefix of [URN_PREFIXES[kind], WEB_PREFIXES[kind]]) {
    if (prefix && trimmed.startsWith(prefix)) return trimmed.slice(prefix.length);
  }
  return trimmed;
}
