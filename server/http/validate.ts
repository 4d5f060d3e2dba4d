import type { z } from 'zod';
import { InputError, type FieldError } from './errors';

function pathOf(path: readonly PropertyKey[], prefix: string): string {
  return path.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
    prefix,
  );
}

/** zod issues as field errors (`path` like `epcisBody.eventList[3].epcList[0]`). */
export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => ({ path: pathOf(issue.path, prefix), message: issue.message }));
}

/** Parses `input` with `schema` or throws a 400 InputError listing every field at fault. */
export function parseOr400<S extends z.ZodType>(schema: S, input: unknown, what: string, prefix = ''): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new InputError(`Invalid ${what}`, fieldErrors(result.error, prefix));
}
