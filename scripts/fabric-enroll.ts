/**
 * Kept for scripts that call it (scripts/fabric-e2e.ts); the documented command is
 * `npm run cli -- fabric enroll <enterpriseId> [--org <domain>] [--msp <MSP id>]`.
 *
 *   npx tsx scripts/fabric-enroll.ts <enterpriseId> [<org domain> <MSP id>]
 *
 * Issues (or replaces) the enterprise's Fabric client identity from the development network's CA
 * (cryptogen's network/.generated/crypto/peerOrganizations/<org>/ca) into the wallet of gateway.env.
 */
import { loadConfig } from '../server/config/config';
import { DEV_ENTERPRISE_MSP, DEV_ENTERPRISE_ORG, enrollWith, enrolmentOf } from '../server/cli/fabric/enroll';

const [enterpriseId, org = DEV_ENTERPRISE_ORG, mspId = DEV_ENTERPRISE_MSP] = process.argv.slice(2);
if (!enterpriseId) {
  console.error('usage: npx tsx scripts/fabric-enroll.ts <enterpriseId> [<org domain> <MSP id>]');
  process.exit(2);
}
const enrolment = enrolmentOf(loadConfig(), org, mspId);
if (enrolment.unavailable) {
  console.error(enrolment.unavailable);
  process.exit(1);
}
void enrollWith(enrolment, enterpriseId, { replace: true }).then(
  ({ identity }) => console.log(`enrolled ${identity.name} (${identity.mspId}) in ${enrolment.wallet?.dir ?? ''}: ${identity.id}`),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
