import type { EventLimits } from '../../../chaincode/src/core/bounds';
import type { Config } from '../../config/config';

/** The storage bounds the service enforces on captured events (each at most the chaincode's own). */
export function eventLimits(
  config: Pick<Config, 'EPCIS_IDENTIFIER_MAX_BYTES' | 'EPCIS_STRING_MAX_BYTES' | 'EPCIS_EVENT_MAX_BYTES'>,
): EventLimits {
  return {
    identifierBytes: config.EPCIS_IDENTIFIER_MAX_BYTES,
    stringBytes: config.EPCIS_STRING_MAX_BYTES,
    eventBytes: config.EPCIS_EVENT_MAX_BYTES,
  };
}
