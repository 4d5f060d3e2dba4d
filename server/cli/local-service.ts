import pino from 'pino';
import { loadConfig } from '../config/config';
import { openService, type Service, type ServiceOptions } from '../service';

/** Opens the service in this process without listening (stop a running server first when on PGlite). */
export async function withLocalService<T>(run: (service: Service) => Promise<T>, opts: ServiceOptions = {}): Promise<T> {
  const config = loadConfig({ ...process.env, SEED_DEMO: 'false' });
  const service = await openService(config, pino({ level: process.env.LOG_LEVEL ?? 'warn' }), opts);
  try {
    return await run(service);
  } finally {
    await service.close();
  }
}
