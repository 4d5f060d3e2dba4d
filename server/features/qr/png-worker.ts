import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** What the worker is asked to draw: `QRCode.toBuffer(url, options)` with `type: 'png'`. */
interface PngJob {
  readonly id: number;
  readonly url: string;
  readonly options: { readonly errorCorrectionLevel: string; readonly margin: number; readonly width: number };
}

// Plain CommonJS evaluated in the worker, so it runs the same under tsx, the compiled build and jest.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const QRCode = require(workerData.qrcode);
parentPort.on('message', (job) => {
  QRCode.toBuffer(job.url, { ...job.options, type: 'png' }).then(
    (png) => parentPort.postMessage({ id: job.id, png }),
    (err) => parentPort.postMessage({ id: job.id, error: String(err && err.message ? err.message : err) }),
  );
});
`;

/**
 * Draws PNG QR codes on a worker thread: a 1,024-pixel code is ~170 ms of CPU, which on the main thread
 * would stall every other request for that long. Started on first use; the service that owns it stops it
 * when it closes (unref'd alone, the thread still kept a test runner's child process from exiting).
 */
export class PngWorker {
  #worker: Worker | undefined;
  #next = 0;
  readonly #pending = new Map<number, { resolve: (png: Buffer) => void; reject: (err: Error) => void }>();

  render(url: string, options: PngJob['options']): Promise<Buffer> {
    const id = ++this.#next;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#started().postMessage({ id, url, options } satisfies PngJob);
    });
  }

  #started(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { qrcode: createRequire(__filename).resolve('qrcode') } });
    worker.unref();
    worker.on('message', (m: { id: number; png?: Uint8Array; error?: string }) => {
      const waiting = this.#pending.get(m.id);
      this.#pending.delete(m.id);
      if (m.png) waiting?.resolve(Buffer.from(m.png.buffer, m.png.byteOffset, m.png.byteLength));
      else waiting?.reject(new Error(m.error ?? 'the QR worker answered nothing'));
    });
    // A worker that dies fails what it was drawing; the next render starts a new one.
    worker.on('error', (err) => this.#fail(worker, err));
    worker.on('exit', (code) => this.#fail(worker, new Error(`the QR worker stopped (exit code ${code})`)));
    this.#worker = worker;
    return worker;
  }

  /** Stops the thread; what it was drawing fails, and a later render starts a new one. */
  async close(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    this.#fail(worker, new Error('the QR worker was closed'));
    await worker.terminate();
  }

  #fail(worker: Worker, err: Error): void {
    if (this.#worker !== worker) return;
    this.#worker = undefined;
    for (const waiting of this.#pending.values()) waiting.reject(err);
    this.#pending.clear();
  }
}
