import type { Role } from '../../features/auth/principal';
import type { Timestamptz } from './columns';

/** `api_keys`: API keys (only each key's hash). */
export interface ApiKeyRow {
  id: string;
  name: string;
  role: Role;
  enterprise_id: string | null;
  key_hash: string;
  created_at: Timestamptz;
  revoked_at: Timestamptz | null;
}
