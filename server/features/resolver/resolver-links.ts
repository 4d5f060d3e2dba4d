import type { ResolvedKey } from './resolver-schemas';

/** GS1 link types this resolver answers, by their CURIE and their full URI. */
export const LINK_TYPES = {
  'gs1:pip': 'https://gs1.org/voc/pip',
  'gs1:traceability': 'https://gs1.org/voc/traceability',
  'gs1:recallStatus': 'https://gs1.org/voc/recallStatus',
  'gs1:certificationInfo': 'https://gs1.org/voc/certificationInfo',
} as const;

export type LinkType = keyof typeof LINK_TYPES;

/** The CURIE of a `linkType` parameter given as CURIE or full URI; `linkset` for linkset/all. */
export function normaliseLinkType(value: string | undefined): LinkType | 'linkset' | undefined {
  if (value === undefined) return undefined;
  if (value === 'linkset' || value === 'all') return 'linkset';
  const entry = Object.entries(LINK_TYPES).find(([curie, uri]) => curie === value || uri === value);
  return entry ? (entry[0] as LinkType) : undefined;
}

function href(base: string, key: ResolvedKey, linkType?: LinkType | 'linkset'): string {
  return `${base}${key.path}${linkType ? `?linkType=${linkType}` : ''}`;
}

/** The `Link` header every resolver answer carries: where the linkset of this key is. */
export function linkHeader(base: string, key: ResolvedKey): string {
  return `<${href(base, key, 'linkset')}>; rel="linkset"; type="application/linkset+json"`;
}

/**
 * The linkset (RFC 9264, GS1 resolver conventions) of a key: relation types are the full GS1
 * vocabulary URIs, targets are on `base` (the public base URL).
 */
export function linkset(base: string, key: ResolvedKey, title: string): Record<string, unknown> {
  const target = (linkType: LinkType, type: string, extra: Record<string, unknown> = {}): Array<Record<string, unknown>> => [
    { href: href(base, key, linkType === 'gs1:pip' ? undefined : linkType), title, type, ...extra },
  ];
  return {
    linkset: [
      {
        anchor: `${base}${key.path}`,
        [LINK_TYPES['gs1:pip']]: target('gs1:pip', 'text/html', { hreflang: ['zh', 'en'] }),
        [LINK_TYPES['gs1:traceability']]: target('gs1:traceability', 'application/json'),
        [LINK_TYPES['gs1:recallStatus']]: target('gs1:recallStatus', 'application/json'),
        [LINK_TYPES['gs1:certificationInfo']]: target('gs1:certificationInfo', 'application/json'),
      },
    ],
  };
}
