import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * Checks answers against the service's OpenAPI document: the status is one the operation declares, the
 * content type is one that status declares, and a JSON body is valid against its schema. One checker
 * (and its compiled validators) per document per process.
 */

interface MediaType {
  readonly schema?: unknown;
}
interface ResponseObject {
  readonly content?: Readonly<Record<string, MediaType>>;
}
interface Operation {
  readonly responses?: Readonly<Record<string, ResponseObject>>;
}
export interface OpenApiDoc {
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
  readonly components?: unknown;
}

interface Route {
  readonly template: string;
  readonly pattern: RegExp;
  readonly literalChars: number;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function routeOf(template: string): Route {
  const parts = template.split(/\{[^}]+\}/);
  return { template, pattern: new RegExp(`^${parts.map(escapeRegExp).join('[^/]+')}$`), literalChars: parts.join('').length };
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
function mediaTypeOf(header: string | undefined): string | undefined {
  return header?.split(';')[0]?.trim().toLowerCase() || undefined;
}

function pointer(...segments: string[]): string {
  return segments.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

function isJson(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

export class ContractChecker {
  readonly #doc: OpenApiDoc;
  readonly #routes: readonly Route[];
  readonly #ajv: Ajv2020;
  readonly #validators = new Map<string, ValidateFunction>();

  constructor(doc: OpenApiDoc) {
    this.#doc = doc;
    // The most literal template first, so /trace/view wins over a /trace/{x} should one exist.
    this.#routes = Object.keys(doc.paths)
      .map(routeOf)
      .sort((a, b) => b.literalChars - a.literalChars);
    this.#ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(this.#ajv);
    this.#ajv.addSchema({ ...doc, $id: 'urn:suyuan:openapi' });
  }

  /** The operation's path template for a request path, if any. */
  templateOf(method: string, path: string): string | undefined {
    const m = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
    return this.#routes.find((r) => r.pattern.test(path) && this.#doc.paths[r.template]?.[m] !== undefined)?.template;
  }

  /** What is wrong with an answer (undefined when it keeps the contract). */
  check(answer: { method: string; path: string; status: number; contentType?: string; body: Buffer }): string | undefined {
    const method = answer.method.toLowerCase() === 'head' ? 'get' : answer.method.toLowerCase();
    if (!METHODS.has(method)) return `method ${answer.method} is not an OpenAPI method`;
    const template = this.templateOf(method, answer.path);
    // A path no operation has may only be refused: 404 (no such route) or 400 (say, a Digital Link path out of order).
    if (!template)
      return (answer.status === 404 || answer.status === 400) && mediaTypeOf(answer.contentType) === 'application/problem+json'
        ? undefined
        : `no operation ${method.toUpperCase()} matches the path (status ${answer.status})`;
    const response = this.#doc.paths[template]?.[method]?.responses?.[String(answer.status)];
    if (!response) return `${method.toUpperCase()} ${template} does not declare status ${answer.status}`;
    const mediaType = mediaTypeOf(answer.contentType);
    const declared = Object.keys(response.content ?? {});
    if (!mediaType)
      return declared.length === 0 || answer.body.length === 0 || answer.method === 'HEAD'
        ? undefined
        : `status ${answer.status} has a body but no Content-Type`;
    if (!declared.includes(mediaType))
      return `${method.toUpperCase()} ${template} ${answer.status} declares ${declared.join(', ') || 'no body'}, not ${mediaType}`;
    if (!isJson(mediaType) || answer.method === 'HEAD') return undefined;
    return this.#checkJson(
      pointer('#', 'paths', template, method, 'responses', String(answer.status), 'content', mediaType, 'schema'),
      answer.body,
    );
  }

  #checkJson(schemaPointer: string, body: Buffer): string | undefined {
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      return 'the body is not valid JSON';
    }
    let validate = this.#validators.get(schemaPointer);
    if (!validate) {
      validate = this.#ajv.compile({ $ref: `urn:suyuan:openapi${schemaPointer}` });
      this.#validators.set(schemaPointer, validate);
    }
    if (validate(value)) return undefined;
    return `body violates the schema: ${this.#ajv.errorsText(validate.errors, { separator: '; ' })}`;
  }
}

const checkers = new Map<string, ContractChecker>();

/** The checker for a document, compiled once per process. */
export function checkerFor(doc: OpenApiDoc): ContractChecker {
  const key = JSON.stringify(doc.paths) + JSON.stringify(doc.components ?? {});
  let checker = checkers.get(key);
  if (!checker) {
    checker = new ContractChecker(doc);
    checkers.set(key, checker);
  }
  return checker;
}

/** Every answer that broke the contract in this test file, as `METHOD path → status: what`. */
export const contractViolations: string[] = [];

function chunkBuffer(chunk: unknown, encoding: unknown): Buffer | undefined {
  if (chunk === undefined || chunk === null || typeof chunk === 'function') return undefined;
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk);
  if (typeof chunk !== 'string') return undefined;
  return typeof encoding === 'string' && Buffer.isEncoding(encoding) ? Buffer.from(chunk, encoding) : Buffer.from(chunk);
}

function contentTypeIn(headers: unknown): string | undefined {
  if (Array.isArray(headers)) {
    const i = headers.findIndex((h) => typeof h === 'string' && h.toLowerCase() === 'content-type');
    const value: unknown = i >= 0 ? headers[i + 1] : undefined;
    return typeof value === 'string' ? value : undefined;
  }
  if (typeof headers !== 'object' || headers === null) return undefined;
  const entry = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type');
  return typeof entry?.[1] === 'string' ? entry[1] : undefined;
}

/** Wraps a request listener so that every answer it gives is checked against the contract. */
export function checkedListener(
  app: RequestListener,
  checker: ContractChecker,
  violations: string[] = contractViolations,
): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const chunks: Buffer[] = [];
    const write = res.write.bind(res);
    const end = res.end.bind(res);
    // Reflect.apply keeps whichever overload the app called; the chunk is copied on its way out.
    res.write = (...args: unknown[]): boolean => {
      const b = chunkBuffer(args[0], args[1]);
      if (b) chunks.push(b);
      return Reflect.apply(write, undefined, args);
    };
    res.end = (...args: unknown[]): ServerResponse => {
      const b = chunkBuffer(args[0], args[1]);
      if (b) chunks.push(b);
      return Reflect.apply(end, undefined, args);
    };
    // Headers given to writeHead() (a flat [name, value, …] list or an object) never show in getHeader().
    let headType: string | undefined;
    const writeHead = res.writeHead.bind(res);
    res.writeHead = (...args: unknown[]): ServerResponse => {
      headType = contentTypeIn(args.find((a) => typeof a === 'object' && a !== null));
      return Reflect.apply(writeHead, undefined, args);
    };
    res.on('finish', () => {
      const header = res.getHeader('content-type') ?? headType;
      const problem = checker.check({
        method,
        path,
        status: res.statusCode,
        contentType: typeof header === 'string' ? header : undefined,
        body: Buffer.concat(chunks),
      });
      if (problem) violations.push(`${method} ${path} → ${res.statusCode}: ${problem}`);
    });
    app(req, res);
  };
}
