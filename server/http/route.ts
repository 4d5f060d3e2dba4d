import type { Request, Response, Router } from 'express';
import type { ResponseConfig, ZodContentObject, ZodMediaTypeObject } from '@asteasolutions/zod-to-openapi';
import { requirePrincipal, type Principal, type Role } from '../features/auth/principal';
import { problemSchema, z, type OpenAPIRegistry } from './openapi';
import { isPublicTraffic } from './rate-limit';
import { parseOr400 } from './validate';

/** The problem+json statuses a route may answer, each with what it means in general. */
export const PROBLEM_STATUSES = {
  400: 'Invalid input (problem+json naming each field at fault)',
  401: 'Missing, malformed, unknown or revoked API key',
  403: 'The key is known but its role (or enterprise) may not do this',
  404: 'No such record, or not one this caller may see',
  409: 'Conflicts with the recorded state',
  413: 'The body (or the number of events) is larger than the configured limit',
  429: 'Too many requests from this address; try again later (Retry-After, RateLimit headers)',
  503: 'The ledger or the database is unavailable, busy (Retry-After) or the commit status is not known yet (txId)',
} as const;

export type ProblemStatus = keyof typeof PROBLEM_STATUSES;
type Method = 'get' | 'post' | 'put' | 'delete' | 'options';

/** One success (or non-problem) answer: its body schema per content type, an example, its headers. */
export interface AnswerSpec {
  readonly description: string;
  /** The body schema; absent for a body-less answer (204, 303) unless `contentTypes` names one. */
  readonly schema?: z.ZodType;
  /** Content types of the body; `application/json` when a schema is given and this is not. */
  readonly contentTypes?: readonly string[];
  readonly example?: unknown;
  /** Other representations of the same answer (content negotiation): content type → its schema. */
  readonly also?: Readonly<Record<string, z.ZodType>>;
  /** Response headers: name → what it carries. */
  readonly headers?: Readonly<Record<string, string>>;
}

type ObjectSchema = z.ZodObject;

/** Everything one route is: its OpenAPI operation and how Express parses its input. */
export interface RouteSpec<P extends ObjectSchema = z.ZodObject, Q extends ObjectSchema = z.ZodObject, B extends z.ZodType = z.ZodNever> {
  readonly method: Method;
  /** The OpenAPI path, with `{name}` parameters (mounted on Express as `:name`). */
  readonly path: string;
  /** The Express path when it cannot be derived from `path` (one handler for several documented paths). */
  readonly expressPath?: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  /** Who may call: `ctx.principal()` requires one of these roles (401 anonymous, 403 other roles). */
  readonly roles?: readonly Role[];
  /** Whether an API key is documented when `roles` is not given: `optional` when a key shows more. */
  readonly auth?: 'optional' | 'required';
  readonly request?: {
    readonly params?: P;
    readonly query?: Q;
    readonly body?: {
      readonly schema: B;
      readonly contentTypes?: readonly string[];
      readonly what?: string;
      readonly example?: unknown;
      /** No body parses as `{}`. */ readonly optional?: boolean;
    };
  };
  readonly responses: Readonly<Partial<Record<number, AnswerSpec>>>;
  /** The problem+json statuses beyond those every route may give (400, 401; 403 with roles; 413 with a body; 429 on public reads). */
  readonly errors?: readonly ProblemStatus[];
  /** What a problem status means on this route in particular. */
  readonly errorNotes?: Readonly<Partial<Record<ProblemStatus, string>>>;
}

/** What a handler gets: the request and response, and its input parsed (on first use) by the route's schemas. */
export interface RouteContext<P, Q, B> {
  readonly req: Request;
  readonly res: Response;
  /** Path parameters, parsed on first use (400 naming `path` fields). */
  readonly params: P;
  /** Query parameters, parsed on first use (400 naming `query` fields). */
  readonly query: Q;
  /** The body, parsed on first use. */
  readonly body: B;
  /** The caller, who must hold one of the route's roles. */
  readonly principal: () => Principal;
}

export type RouteHandler<P, Q, B> = (ctx: RouteContext<P, Q, B>) => Promise<void> | void;

function problemContent(): ZodContentObject {
  return { 'application/problem+json': { schema: problemSchema } };
}

// Express's res.redirect() answers with a one-line note, as text or HTML by the Accept header.
const REDIRECT_NOTE: AnswerSpec = {
  description: '',
  schema: z.string().describe('a one-line note naming the new location'),
  contentTypes: ['text/plain', 'text/html'],
};

function withRedirectNote(status: number, spec: AnswerSpec): AnswerSpec {
  const redirect = status >= 300 && status < 400 && status !== 304 && !spec.schema && !spec.contentTypes;
  return redirect ? { ...spec, ...REDIRECT_NOTE, description: spec.description } : spec;
}

function answerContent(status: number, spec: AnswerSpec): ZodContentObject | undefined {
  const answer = withRedirectNote(status, spec);
  const types = answer.contentTypes ?? (answer.schema ? ['application/json'] : []);
  if (types.length === 0 && !answer.also) return undefined;
  const content: Record<string, ZodMediaTypeObject> = {};
  const example = answer.example !== undefined ? { example: answer.example } : {};
  for (const type of types) content[type] = { schema: answer.schema ?? z.string(), ...example };
  for (const [type, schema] of Object.entries(answer.also ?? {})) content[type] = { schema };
  return content;
}

function answerConfig(status: number, answer: AnswerSpec): ResponseConfig {
  const content = answerContent(status, answer);
  const headers =
    answer.headers &&
    Object.fromEntries(
      Object.entries(answer.headers).map(([name, description]) => [name, { description, schema: { type: 'string' as const } }]),
    );
  return { description: answer.description, ...(content ? { content } : {}), ...(headers ? { headers } : {}) };
}

/** The problem statuses a route documents: its own and those the middleware gives every such route. */
export function problemStatusesOf(
  spec: Pick<RouteSpec<ObjectSchema, ObjectSchema, z.ZodType>, 'method' | 'path' | 'roles' | 'request' | 'errors'>,
): ProblemStatus[] {
  const all = new Set<ProblemStatus>([400, 401, ...(spec.errors ?? [])]);
  if (spec.roles) all.add(403);
  if (spec.request?.body) all.add(413);
  if (isPublicTraffic(spec.method.toUpperCase(), spec.path)) all.add(429);
  return [...all].sort((a, b) => a - b);
}

function responsesOf(spec: RouteSpec<ObjectSchema, ObjectSchema, z.ZodType>): Record<string, ResponseConfig> {
  const out: Record<string, ResponseConfig> = {};
  for (const [status, answer] of Object.entries(spec.responses)) if (answer) out[status] = answerConfig(Number(status), answer);
  for (const status of problemStatusesOf(spec)) {
    const own = out[status];
    const description = spec.errorNotes?.[status] ?? PROBLEM_STATUSES[status];
    out[status] = own
      ? { ...own, description: `${own.description}; ${description}`, content: { ...own.content, ...problemContent() } }
      : { description, content: problemContent() };
  }
  return out;
}

function securityOf(spec: Pick<RouteSpec, 'roles' | 'auth'>): Array<Record<string, string[]>> | undefined {
  if (spec.roles || spec.auth === 'required') return [{ apiKey: [] }];
  return spec.auth === 'optional' ? [{ apiKey: [] }, {}] : undefined;
}

function descriptionOf(spec: Pick<RouteSpec, 'roles' | 'description'>): string | undefined {
  const roles = spec.roles ? `Roles: ${spec.roles.join(', ')}.` : undefined;
  return [spec.description, roles].filter(Boolean).join('\n\n') || undefined;
}

function bodyContentOf(body: {
  readonly schema: z.ZodType;
  readonly contentTypes?: readonly string[];
  readonly example?: unknown;
}): ZodContentObject {
  return Object.fromEntries(
    (body.contentTypes ?? ['application/json']).map((type) => [
      type,
      { schema: body.schema, ...(body.example !== undefined ? { example: body.example } : {}) },
    ]),
  );
}

/** Registers the route's OpenAPI operation. */
export function documentRoute<P extends ObjectSchema, Q extends ObjectSchema, B extends z.ZodType>(
  registry: OpenAPIRegistry,
  spec: RouteSpec<P, Q, B>,
): void {
  const { params, query, body } = spec.request ?? {};
  const description = descriptionOf(spec);
  const bodyContent = body && bodyContentOf(body);
  const security = securityOf(spec);
  registry.registerPath({
    method: spec.method,
    path: spec.path,
    tags: [...spec.tags],
    summary: spec.summary,
    ...(description ? { description } : {}),
    ...(security ? { security } : {}),
    request: {
      ...(params ? { params } : {}),
      ...(query ? { query } : {}),
      ...(bodyContent ? { body: { content: bodyContent, required: !body?.optional } } : {}),
    },
    responses: responsesOf(spec),
  });
}

function lazy<T>(make: () => T): () => T {
  let cell: { readonly value: T } | undefined;
  return () => (cell ??= { value: make() }).value;
}

function parser<S extends z.ZodType>(schema: S | undefined, input: () => unknown, what: string): () => z.infer<S> {
  return lazy(() => {
    if (!schema) throw new Error(`this route declares no ${what} schema`);
    return parseOr400<S>(schema, input(), what);
  });
}

function contextOf<P extends ObjectSchema, Q extends ObjectSchema, B extends z.ZodType>(
  spec: RouteSpec<P, Q, B>,
  req: Request,
  res: Response,
): RouteContext<z.infer<P>, z.infer<Q>, z.infer<B>> {
  const { params, query, body } = spec.request ?? {};
  const getParams = parser(params, () => req.params, 'path');
  const getQuery = parser(query, () => req.query, 'query');
  const getBody = parser(body?.schema, () => (body?.optional ? (req.body ?? {}) : req.body), body?.what ?? 'body');
  return {
    req,
    res,
    get params() {
      return getParams();
    },
    get query() {
      return getQuery();
    },
    get body() {
      return getBody();
    },
    principal: () => requirePrincipal(res, spec.roles ?? ['admin', 'regulator', 'enterprise']),
  };
}

/** Mounts the route on Express (`{name}` → `:name`); the handler's input is parsed by the same schemas the document shows. */
export function mountRoute<P extends ObjectSchema, Q extends ObjectSchema, B extends z.ZodType>(
  router: Router,
  spec: RouteSpec<P, Q, B>,
  handler: RouteHandler<z.infer<P>, z.infer<Q>, z.infer<B>>,
): void {
  const path = spec.expressPath ?? spec.path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
  router[spec.method](path, async (req, res) => {
    await handler(contextOf(spec, req, res));
  });
}

/** One definition per route: documents it in the OpenAPI registry and mounts it on the router. */
export function defineRoute<P extends ObjectSchema = z.ZodObject, Q extends ObjectSchema = z.ZodObject, B extends z.ZodType = z.ZodNever>(
  router: Router,
  registry: OpenAPIRegistry,
  spec: RouteSpec<P, Q, B>,
  handler: RouteHandler<z.infer<P>, z.infer<Q>, z.infer<B>>,
): void {
  documentRoute(registry, spec);
  mountRoute(router, spec, handler);
}
