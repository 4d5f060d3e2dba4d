import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** The chaincode the bench deploys beside the project's: the same call, one putState per event, no rules. */
export const CEILING_CHAINCODE = 'suyuan-ceiling';
const CEILING_DIR = path.join(ROOT, 'scripts/bench/ceiling-chaincode');
const CEILING_PORT = '9998';

function run(
  script: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  logFile: string,
  log: (line: string) => void,
): void {
  const t0 = Date.now();
  const fd = fs.openSync(logFile, 'a');
  try {
    execFileSync('bash', [path.join(ROOT, script), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', fd, fd] });
  } catch (err) {
    throw new Error(`${script} ${args.join(' ')} failed (see ${logFile}): ${(err as Error).message}`, { cause: err });
  } finally {
    fs.closeSync(fd);
  }
  log(`${script} ${args.join(' ')}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

/**
 * A fresh two-organisation network from the project's own scripts: reset, up, the project's
 * chaincode, and the ceiling chaincode beside it. Needs FABRIC_BIN_DIR (or the binaries on PATH).
 */
export function freshNetwork(logFile: string, log: (line: string) => void): void {
  run('scripts/network.sh', ['reset'], {}, logFile, log);
  run('scripts/network.sh', ['up'], {}, logFile, log);
  run('scripts/deploy-chaincode.sh', [], {}, logFile, log);
  deployCeiling(logFile, log);
}

/** Deploys (or restarts) the ceiling chaincode on the running network. */
export function deployCeiling(logFile: string, log: (line: string) => void): void {
  run(
    'scripts/deploy-chaincode.sh',
    [],
    { CHAINCODE_NAME: CEILING_CHAINCODE, CHAINCODE_DIR: CEILING_DIR, CC_PORT: CEILING_PORT },
    logFile,
    log,
  );
}
