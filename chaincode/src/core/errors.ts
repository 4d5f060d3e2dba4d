/** Stable codes a rule failure carries; the service maps them to HTTP statuses. */
export type RuleCode = 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT' | 'INVALID';

/** A rule failure as it crosses the ledger: the message of a rejected transaction is this, as JSON. */
export interface RuleFailure {
  readonly code: RuleCode;
  readonly detail: string;
  /** The position of the offending item in a batch (eventList index). */
  readonly index?: number;
}

/** A rejected transaction; its `message` is the JSON of a {@link RuleFailure}, so it survives Fabric's error plumbing. */
export class RuleError extends Error {
  constructor(
    readonly code: RuleCode,
    readonly detail: string,
    readonly index?: number,
  ) {
    super(JSON.stringify(index === undefined ? { code, detail } : { code, detail, index }));
    this.name = 'RuleError';
  }
}

const CODES: ReadonlySet<string> = new Set<RuleCode>(['NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'INVALID']);
const MARKER = '{"code":';

function isFailure(value: unknown): value is RuleFailure {
  const v = value as Partial<RuleFailure> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.code === 'string' &&
    CODES.has(v.code) &&
    typeof v.detail === 'string' &&
    (v.index === undefined || Number.isInteger(v.index))
  );
}

/**
 * Finds the rule failure inside an error message, whatever a ledger wrapped around it
 * (Fabric prefixes "chaincode response 500, " and similar); undefined when there is none.
 */
export function decodeRuleFailure(message: string): RuleFailure | undefined {
  for (let at = message.indexOf(MARKER); at >= 0; at = message.indexOf(MARKER, at + 1)) {
    const end = message.lastIndexOf('}');
    for (let stop = end; stop > at; stop = message.lastIndexOf('}', stop - 1)) {
      try {
        const parsed: unknown = JSON.parse(message.slice(at, stop + 1));
        if (isFailure(parsed)) return parsed;
      } catch {
        // not this closing brace; try an earlier one
      }
    }
  }
  return undefined;
}

export const notFound = (what: string): RuleError => new RuleError('NOT_FOUND', what);
export const forbidden = (why: string): RuleError => new RuleError('FORBIDDEN', why);
export const conflict = (why: string): RuleError => new RuleError('CONFLICT', why);
export const invalid = (why: string): RuleError => new RuleError('INVALID', why);
