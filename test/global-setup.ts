import { ensurePgliteTemplate, ensurePostgresTemplate } from './helpers/index-template';

/** Once per `npm test`: the migrated index template every test service starts from (test/helpers/index-template.ts). */
export default async function globalSetup(): Promise<void> {
  await ensurePgliteTemplate();
  if (process.env.DATABASE_URL) await ensurePostgresTemplate(process.env.DATABASE_URL);
}
