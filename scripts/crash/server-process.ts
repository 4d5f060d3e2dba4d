import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { once } from 'node:events';
import { createSuyuanClient } from '../../client';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A free TCP port on the loopback interface (kept for every restart, so clients keep one URL). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

export interface ServerProcessOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly port: number;
  /** Server stdout and stderr are appended here. */
  readonly logFile: string;
  readonly startTimeoutMs: number;
}

/**
 * `server/main.ts` as a real child process. It runs as `node --import tsx` rather than through the
 * `tsx` launcher, so the process that receives SIGKILL is the server itself and not a wrapper.
 */
export class ServerProcess {
  readonly #opts: ServerProcessOptions;
  #child: ChildProcess | undefined;
  #exited: Promise<unknown> | undefined;

  constructor(opts: ServerProcessOptions) {
    this.#opts = opts;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.#opts.port}`;
  }

  /** Starts the server and resolves once /readyz answers 200 (it listens earlier, answering 503 while it opens); returns the milliseconds it took. */
  async start(): Promise<number> {
    const started = Date.now();
    const log = fs.openSync(this.#opts.logFile, 'a');
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: this.#opts.cwd,
      env: { ...this.#opts.env, PORT: String(this.#opts.port), HOST: '127.0.0.1' },
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    this.#child = child;
    this.#exited = once(child, 'exit');
    while (Date.now() - started < this.#opts.startTimeoutMs) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} during start; see ${this.#opts.logFile}`);
      if (await this.#ready()) return Date.now() - started;
      await sleep(100);
    }
    throw new Error(`server not ready after ${this.#opts.startTimeoutMs} ms; see ${this.#opts.logFile}`);
  }

  async #ready(): Promise<boolean> {
    try {
      return (await createSuyuanClient(this.baseUrl).GET('/readyz', { signal: AbortSignal.timeout(2000) })).response.ok;
    } catch {
      return false;
    }
  }

  /** Sends `signal` to the server process and waits until it has exited. */
  async stop(signal: 'SIGKILL' | 'SIGTERM' | 'SIGINT'): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await this.#exited;
    this.#child = undefined;
  }
}
