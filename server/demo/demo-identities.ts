import type { Config } from '../config/config';
import { enrollWith, enrolmentOf, enterpriseIdentity } from '../cli/fabric/enroll';
import { DEMO } from './demo-data';

/** The demo enterprises' ids, in the order the seed registers them. */
export const DEMO_ENTERPRISE_IDS: readonly string[] = Object.values(DEMO).map((e) => e.id);

/** What became of the demo enterprises' Fabric identities: all there (some enrolled now), or why the seed cannot run. */
export type DemoIdentities =
  { readonly ready: true; readonly enrolled: readonly string[] } | { readonly ready: false; readonly why: string };

/**
 * Under LEDGER=fabric every demo enterprise signs with its own Fabric identity, which registering it
 * binds. Issues the missing ones through the configured enrolment path (`npm run cli -- fabric enroll`'s:
 * the development network's CA into the wallet); when that path cannot issue them, answers one line
 * saying why and how to seed instead, and enrols none (the seed must not register half a chain).
 */
export async function prepareDemoIdentities(config: Config): Promise<DemoIdentities> {
  const enrolment = enrolmentOf(config);
  const missing = DEMO_ENTERPRISE_IDS.filter((id) => !enterpriseIdentity(enrolment, id));
  if (missing.length === 0) return { ready: true, enrolled: [] };
  if (enrolment.unavailable) {
    return {
      ready: false,
      why:
        `demo data not seeded: LEDGER=fabric and the demo enterprise(s) ${missing.join(', ')} have no Fabric identity, which cannot be issued here: ${enrolment.unavailable}. ` +
        `To seed the demo: npm run cli -- fabric enroll ${missing.join(' ')} (or put their identities in the wallet), then start again with SEED_DEMO=true (the default); SEED_DEMO=false skips the demo and this message`,
    };
  }
  for (const id of missing) await enrollWith(enrolment, id);
  return { ready: true, enrolled: missing };
}
