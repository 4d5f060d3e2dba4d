/** The JSON-LD context of every document Suyuan answers with. */
export const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';

/** An EPCISQueryDocument around `events`; extension namespaces of the events are declared once at the top. */
export function queryDocument(events: ReadonlyArray<Readonly<Record<string, unknown>>>, now: Date): Record<string, unknown> {
  const extra = new Map<string, unknown>();
  for (const e of events) {
    const ctx = e['@context'];
    for (const c of Array.isArray(ctx) ? ctx : []) extra.set(JSON.stringify(c), c);
  }
  return {
    '@context': [EPCIS_CONTEXT, ...extra.values()],
    type: 'EPCISQueryDocument',
    schemaVersion: '2.0',
    creationDate: now.toISOString(),
    epcisBody: { queryResults: { queryName: 'SimpleEventQuery', resultsBody: { eventList: events } } },
  };
}
