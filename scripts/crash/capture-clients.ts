import crypto from 'node:crypto';
import { gs1CheckDigit } from '../../chaincode/src/core/identifiers';
import { createSuyuanClient, type components, type SuyuanClient } from '../../client';
import { captureAcceptedAnswer, captureJobAnswer, eventRecordedAnswer } from '../../client/answers';

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

function commissioning(gtin: string): { eventID: string; event: components['schemas']['EPCISEvent'] } {
  const eventID = `urn:uuid:${crypto.randomUUID()}`;
  const serial = crypto.randomBytes(6).toString('hex');
  return {
    eventID,
    event: {
      type: 'ObjectEvent',
      eventID,
      eventTime: new Date().toISOString(),
      eventTimeZoneOffset: '+00:00',
      action: 'ADD',
      epcList: [`https://id.gs1.org/01/${gtin}/21/${serial}`],
      bizStep: 'commissioning',
      disposition: 'active',
    },
  };
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
  readonly #api: SuyuanClient;
  #stopped = false;

  constructor(opts: ClientOptions) {
    this.#opts = opts;
    this.#gtin = gtinOf(opts.companyPrefix);
    this.#api = createSuyuanClient(opts.baseUrl, opts.apiKey);
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

  async #postEvent(): Promise<void> {
    const { eventID, event } = commissioning(this.#gtin);
    const attempt: Attempt = { route: 'events', eventIds: [eventID], outcome: 'unknown' };
    let answer: { data?: unknown; response: Response };
    try {
      answer = await this.#api.POST('/events', { body: event, signal: AbortSignal.timeout(30000) });
    } catch (err) {
      if (neverSent(err)) throw err;
      this.attempts.push({ ...attempt, detail: String(err) });
      return;
    }
    this.attempts.push(attempt);
    const { status } = answer.response;
    if (status === 201) Object.assign(attempt, { outcome: 'acked', txId: eventRecordedAnswer.safeParse(answer.data).data?.txId });
    else Object.assign(attempt, { outcome: status < 500 ? 'rejected' : 'unknown', detail: `HTTP ${status}` });
  }

  async #postCapture(): Promise<void> {
    const events = Array.from({ length: 2 + Math.floor(this.#opts.rng() * 5) }, () => commissioning(this.#gtin));
    const attempt: Attempt = { route: 'capture', eventIds: events.map((e) => e.eventID), outcome: 'unknown' };
    const doc = {
      '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
      type: 'EPCISDocument' as const,
      schemaVersion: '2.0',
      creationDate: new Date().toISOString(),
      epcisBody: { eventList: events.map((e) => e.event) },
    };
    let answer: { data?: unknown; response: Response };
    try {
      answer = await this.#api.POST('/capture', {
        body: doc,
        headers: { 'content-type': 'application/json' },
        signal: AbortSignal.timeout(30000),
      });
    } catch (err) {
      if (neverSent(err)) throw err;
      this.attempts.push({ ...attempt, detail: String(err) });
      return;
    }
    this.attempts.push(attempt);
    const { status } = answer.response;
    if (status !== 202) return void Object.assign(attempt, { outcome: status < 500 ? 'rejected' : 'unknown', detail: `HTTP ${status}` });
    attempt.captureId = captureAcceptedAnswer.safeParse(answer.data).data?.captureID;
    if (!attempt.captureId) return;
    await this.#settle(attempt);
  }

  // The job id survives a restart (it is in Postgres), so polling carries on across kills.
  async #settle(attempt: Attempt): Promise<void> {
    const deadline = Date.now() + this.#opts.jobDeadlineMs;
    while (Date.now() < deadline) {
      try {
        const params = { path: { captureID: attempt.captureId ?? '' } };
        const { data, response } = await this.#api.GET('/capture/{captureID}', { params, signal: AbortSignal.timeout(10000) });
        const job = captureJobAnswer.safeParse(data).data;
        if (response.status === 200 && job?.running === false) {
          Object.assign(
            attempt,
            job.success ? { outcome: 'acked', txId: job.ledger?.txId } : { outcome: 'rejected', detail: JSON.stringify(job.errors) },
          );
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
