import type { RequestHandler } from 'express';
import { InputError } from './errors';

/** Depth of the deepest nesting in a parsed JSON value (iterative, so hostile input cannot blow the stack). */
export function jsonDepth(value: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    max = Math.max(max, d);
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

/** Rejects bodies nested deeper than `maxDepth` with 400. */
export function depthLimit(maxDepth: number): RequestHandler {
  return (req, _res, next) => {
    if (req.body !== undefined && jsonDepth(req.body) > maxDepth) {
      next(
        new InputError(`JSON body is nested deeper than ${maxDepth} levels`, [{ path: '', message: `nesting deeper than ${maxDepth}` }]),
      );
      return;
    }
    next();
  };
}
