import pino from 'pino';
import { loadConfig } from '../config/config';
import { openService, type Service, type ServiceOptions } from '../service';

/** Opens the service in this process without listening (stop a running server first when on PGlite). */
export async function withLocalService<T>(run: (service: Service) => Promise<T>, opts: ServiceOptions = {}): Promise<T> {
  const config = loadConfig({ ...process.env, SEED_DEMO: 'false' });
  // A command run on a fresh DATA_DIR stores the first admin key; say so, or it is lost (the server would only say one exists).
  const onAdminKey: ServiceOptions['onAdminKey'] = (status) => {
    if (status.kind === 'created') process.stderr.write(`Admin API key created (shown once, keep it safe): ${status.apiKey}\n`);
  };
  const service = await openService(config, pino({ level: process.env.LOG_LEVEL ?? 'warn' }), { onAdminKey, ...opts });
  try {
    return await run(service);
  } finally {
    await service.close();
  }
}
