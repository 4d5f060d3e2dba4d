import crypto from 'node:crypto';
import { gs1CheckDigit } from '../../chaincode/src/core/identifiers';

/** What the client knows about one capture request once it is over. */
export type Outcome = 'acked' | 'rejected' | 'unknown';

/** One capture request: its route, the events it carried, and what the server told us. */
export interface Attempt {
  readonly route: 'events' | 'capture';
  readonly eventIds: readonly string[];
  outcome: Outcome;
  /** Ledger transaction of an acknowledged capture. */
  txId?: string;
  captureId?: string;
  detail?: string;
}

export interface ClientOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly companyPrefix: string;
  readonly rng: () => number;
  /** Longest a capture job is polled (across restarts) before it counts as unknown. */
  readonly jobDeadlineMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function gtinOf(prefix: string): string {
  const body = `0${prefix}${'1'.padStart(12 - prefix.length, '0')}`;
  return `${body}${gs1CheckDigit(body)}`;
}

function commissioning(gtin: string): { eventID: string; event: Record<string, unknown> } {
  const eventID = `urn:uuid:${crypto.randomUUID()}`;
  const serial = crypto.randomBytes(6).toString('hex');
  return { eventID, event: { type: 'ObjectEvent', eventID, eventTime: new Date().toISOString(), eventTimeZoneOffset: '+00:00', action: 'ADD', epcList: [`https://id.gs1.org/01/${gtin}/21/${serial}`], bizStep: 'commissioning', disposition: 'active' } };
}

/** True when the request never reached the server (it was down), so nothing can have happened. */
function neverSent(err: unknown): boolean {
  const code = (err as { cause?: { code?: string } }).cause?.code;
  return code === 'ECONNREFUSED';
}

/** Drives `POST /events` and `POST /capture` (+ job polling) until `stop()` and records every attempt. */
export class CaptureClients {
  readonly attempts: Attempt[] = [];
  /** Unexpected client-side failures (a response cut off after it started), for the report. */
  readonly clientErrors: string[] = [];
  readonly #opts: ClientOptions;
  readonly #gtin: string;
  #stopped = false;

  constructor(opts: ClientOptions) {
    this.#opts = opts;
    this.#gtin = gtinOf(opts.companyPrefix);
  }

  /** Runs `n` concurrent clients; resolves once they have all stopped and settled their jobs. */
  async run(n: number): Promise<void> {
    await Promise.all(Array.from({ length: n }, () => this.#loop()));
  }

  stop(): void {
    this.#stopped = true;
  }

  async #loop(): Promise<void> {
    while (!this.#stopped) {
      try {
        await (this.#opts.rng() < 0.5 ? this.#postEvent() : this.#postCapture());
      } catch (err) {
        // Refused connections: the server is down. Anything else was recorded as an unknown attempt.
        if (neverSent(err)) await sleep(100);
        else this.clientErrors.push(String(err));
      }
    }
  }

  #post(path: string, body: unknown): Promise<Response> {
    return fetch(`${this.#opts.baseUrl}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${this.#opts.apiKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(30000) });
  }

  async #postEvent(): Promise<void> {
    const { eventID, event } = commissioning(this.#gtin);
    const attempt: Attempt = { route: 'events', eventIds: [eventID], outcome: 'unknown' };
    let res: Response;
    try {
      res = await this.#post('/events', event);
    } catch (err) {
      if (neverSent(err)) throw err;
      this.attempts.push({ ...attempt, detail: String(err) });
      return;
    }
    this.attempts.push(attempt);
    const body = (await res.json().catch(() => ({}))) as { txId?: string };
    if (res.status === 201) Object.assign(attempt, { outcome: 'acked', txId: body.txId });
    else Object.assign(attempt, { outcome: res.status < 500 ? 'rejected' : 'unknown', detail: `HTTP ${res.status}` });
  }

  async #postCapture(): Promise<void> {
    const events = Array.from({ length: 2 + Math.floor(this.#opts.rng() * 5) }, () => commissioning(this.#gtin));
    const attempt: Attempt = { route: 'capture', eventIds: events.map((e) => e.eventID), outcome: 'unknown' };
    const doc = { '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0', creationDate: new Date().toISOString(), epcisBody: { eventList: events.map((e) => e.event) } };
    let res: Response;
    try {
      res = await this.#post('/capture', doc);
    } catch (err) {
      if (neverSent(err)) throw err;
      this.attempts.push({ ...attempt, detail: String(err) });
      return;
    }
    this.attempts.push(attempt);
    if (res.status !== 202) return void Object.assign(attempt, { outcome: res.status < 500 ? 'rejected' : 'unknown', detail: `HTTP ${res.status}` });
    attempt.captureId = ((await res.json()) as { captureID?: string }).captureID;
    if (!attempt.captureId) return;
    await this.#settle(attempt);
  }

  // The job id survives a restart (it is in Postgres), so polling carries on across kills.
  async #settle(attempt: Attempt): Promise<void> {
    const deadline = Date.now() + this.#opts.jobDeadlineMs;
    while (Date.now() < deadline) {
      try {
        const res = await fetch(`${this.#opts.baseUrl}/capture/${attempt.captureId ?? ''}`, { headers: { Authorization: `Bearer ${this.#opts.apiKey}` }, signal: AbortSignal.timeout(10000) });
        const job = (await res.json()) as { running?: boolean; success?: boolean; ledger?: { txId: string }; errors?: unknown[] };
        if (res.status === 200 && job.running === false) {
          Object.assign(attempt, job.success ? { outcome: 'acked', txId: job.ledger?.txId } : { outcome: 'rejected', detail: JSON.stringify(job.errors) });
          return;
        }
      } catch {
        // the server is down or restarting: keep polling
      }
      await sleep(this.#stopped ? 200 : 100);
    }
    attempt.detail = 'job still running at the deadline';
  }
}
