import { parseArgs } from 'node:util';
import { createKey, deleteKey, registerEnterprise } from '../features/admin/admin-service';
import { createKeySchema, registerEnterpriseSchema } from '../features/admin/admin-schemas';
import { withLocalService } from './local-service';

const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};

/** `admin register-enterprise --id … --name … --prefixes 6901234,6901235 [--locations '<json>']` */
export async function registerEnterpriseCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { id: { type: 'string' }, name: { type: 'string' }, prefixes: { type: 'string' }, locations: { type: 'string' } },
  });
  const input = registerEnterpriseSchema.parse({
    id: values.id,
    name: values.name,
    companyPrefixes: (values.prefixes ?? '').split(',').filter(Boolean),
    ...(values.locations ? { locations: JSON.parse(values.locations) as unknown } : {}),
  });
  return withLocalService(async ({ deps }) => {
    print(await registerEnterprise(deps, { kind: 'admin' }, input));
    return 0;
  });
}

/** `admin create-key --role regulator|admin|enterprise --name … [--enterprise <id>]` */
export async function createKeyCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { role: { type: 'string' }, name: { type: 'string' }, enterprise: { type: 'string' } } });
  const input = createKeySchema.parse({
    role: values.role,
    name: values.name,
    ...(values.enterprise ? { enterpriseId: values.enterprise } : {}),
  });
  return withLocalService(async ({ deps }) => {
    print(await createKey(deps, input));
    return 0;
  });
}

/** `admin revoke-key <id>` */
export async function revokeKeyCommand(args: string[]): Promise<number> {
  const id = args[0];
  if (!id) throw new Error('usage: admin revoke-key <key id>');
  return withLocalService(async ({ deps }) => {
    await deleteKey(deps, id);
    print({ revoked: id });
    return 0;
  });
}
