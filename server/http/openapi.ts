import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export { OpenAPIRegistry, z };

/** A problem+json answer, as every error route documents it. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

/** Creates the registry every feature adds its routes to. */
export function createRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer', description: 'Suyuan API key' });
  return registry;
}

/** The OpenAPI 3.1 document for everything registered. */
export function openApiDocument(registry: OpenAPIRegistry, serverUrl: string): object {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Suyuan traceability API',
      version: '0.1.0',
      description:
        'EPCIS 2.0 capture and query on a permissioned ledger; trace, recall, declarations, incidents and GS1 Digital Link resolution.',
    },
    servers: [{ url: serverUrl }],
  });
}
