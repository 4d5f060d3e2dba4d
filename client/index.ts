import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema';

export type { paths, components } from './schema';

/** A typed client of the Suyuan API: every path, parameter, body and answer as the OpenAPI document describes it. */
export type SuyuanClient = Client<paths>;

/**
 * A client of the service at `baseUrl`, sending `apiKey` (when given) as a bearer token with every
 * request. Calls answer `{ data, error, response }` and never throw for an HTTP status; they throw only
 * when no answer came (connection refused, aborted).
 *
 * @example
 * const suyuan = createSuyuanClient('http://localhost:3000', process.env.SUYUAN_API_KEY);
 * const { data, error } = await suyuan.GET('/capture/{captureID}', { params: { path: { captureID } } });
 */
export function createSuyuanClient(baseUrl: string, apiKey?: string): SuyuanClient {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  return createClient<paths>({ baseUrl, headers });
}
