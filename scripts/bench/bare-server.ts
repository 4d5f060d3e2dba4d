import fs from 'node:fs';
import http from 'node:http';

/**
 * The QR ceiling: a bare `node:http` server in its own process that answers every request with bytes
 * captured from the service (body and headers, ETag, Cache-Control and CSP included) and nothing else —
 * no routing, no parsing, no logging. A request whose Accept starts with `text/html` gets the page,
 * any other the JSON. Usage: `node --import tsx scripts/bench/bare-server.ts <answers.json>`; prints
 * `bare ceiling listening on <port>`.
 */

/** One captured answer: its headers as name/value pairs and its body as base64. */
export interface CapturedAnswer {
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: string;
}

export interface CapturedAnswers {
  readonly page: CapturedAnswer;
  readonly json: CapturedAnswer;
}

function prepared(answer: CapturedAnswer): { readonly headers: string[]; readonly body: Buffer } {
  return { headers: answer.headers.flatMap(([name, value]) => [name, value]), body: Buffer.from(answer.body, 'base64') };
}

function serve(file: string): void {
  const answers = JSON.parse(fs.readFileSync(file, 'utf8')) as CapturedAnswers;
  const page = prepared(answers.page);
  const json = prepared(answers.json);
  const server = http.createServer((req, res) => {
    const answer = req.headers.accept?.startsWith('text/html') ? page : json;
    res.writeHead(200, answer.headers);
    res.end(answer.body);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`bare ceiling listening on ${typeof address === 'object' && address ? address.port : 0}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

const file = process.argv[2];
if (!file) throw new Error('usage: bare-server.ts <answers.json>');
serve(file);
