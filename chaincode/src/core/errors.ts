/** Stable codes a rule failure starts with; the service maps them to HTTP statuses. */
export type RuleCode = 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT' | 'INVALID';

/** A rejected transaction: `message` is `CODE: text` so it survives Fabric's error plumbing. */
export class RuleError extends Error {
  constructor(
    readonly code: RuleCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'RuleError';
  }
}

export const notFound = (what: string): RuleError => new RuleError('NOT_FOUND', what);
export const forbidden = (why: string): RuleError => new RuleError('FORBIDDEN', why);
export const conflict = (why: string): RuleError => new RuleError('CONFLICT', why);
export const invalid = (why: string): RuleError => new RuleError('INVALID', why);
