import { contractViolations } from './helpers/contract';

// Every answer a test service gave in this file was checked against the OpenAPI document as it went out;
// any that broke the contract fail the file here, with the method, path, status and what was wrong.
afterAll(() => {
  const violations = contractViolations.splice(0);
  if (violations.length > 0)
    throw new Error(`${violations.length} answer(s) broke the OpenAPI contract:\n${[...new Set(violations)].join('\n')}`);
});
