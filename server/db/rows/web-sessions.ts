import type { Timestamptz } from './columns';

/** `web_sessions`: browser sessions (a cookie token's hash, bound to an API key). */
export interface WebSessionRow {
  token_hash: string;
  key_id: string;
  created_at: Timestamptz;
  expires_at: Timestamptz;
}
