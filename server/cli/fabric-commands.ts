import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config';
import { DEV_ENTERPRISE_MSP, DEV_ENTERPRISE_ORG, enrollWith, enrolmentOf } from './fabric/enroll';

/**
 * `fabric enroll <enterprise id> [--org <domain>] [--msp <MSP id>] [--replace]`: issues the enterprise's
 * Fabric client identity from the development network's CA into the wallet (`enterprise:<id>`), so
 * registering the enterprise can bind it. Needs no running service. An identity that exists is kept
 * (it may already be bound on the ledger) unless `--replace`.
 */
export async function fabricEnrollCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      org: { type: 'string', default: DEV_ENTERPRISE_ORG },
      msp: { type: 'string', default: DEV_ENTERPRISE_MSP },
      replace: { type: 'boolean', default: false },
    },
  });
  const ids = positionals.filter(Boolean);
  if (ids.length === 0) throw new Error('usage: fabric enroll <enterprise id>... [--org <domain>] [--msp <MSP id>] [--replace]');
  const enrolment = enrolmentOf(loadConfig({ ...process.env, LEDGER: 'fabric' }), values.org, values.msp);
  for (const id of ids) {
    const { identity, created } = await enrollWith(enrolment, id, { replace: values.replace });
    const where = enrolment.wallet?.folder(identity.name) ?? '';
    process.stdout.write(
      created
        ? `enrolled ${identity.name} (${identity.mspId}) in ${where}: ${identity.id}\n`
        : `${identity.name} has a Fabric identity already (${identity.mspId}, ${where}), kept; --replace issues a new one (a registered enterprise is bound to the old one)\n`,
    );
  }
  return 0;
}
