import type { Config } from '../../config/config';
import type { TraceLedger } from '../trace-ledger';

/** Opens the Fabric gateway ledger from the environment or network/.generated/gateway.env. */
export function openGatewayLedger(_config: Config): Promise<TraceLedger> {
  return Promise.reject(new Error('LEDGER=fabric: the gateway adapter is not available in this build'));
}
