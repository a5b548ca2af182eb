import http from 'node:http';
import https from 'node:https';
import { z } from 'zod';
import { Incomplete, MessagePackReader, NumberArena } from './msgpack.ts';
import { StoreHttpError } from './store-errors.ts';

/**
 * Who Sillage is to InfluxDB: an API token (2.x, 3.x and Cloud: `Authorization: Token`), or a 1.x user and
 * password (HTTP Basic), or nobody (a 1.x without authentication).
 */
export type InfluxCredentials =
  | { readonly token: string }
  | { readonly username: string; readonly password: string }
  | undefined;

export function authorizationHeader(credentials: InfluxCredentials): string | undefined {
  if (credentials === undefined) return undefined;
  if ('token' in credentials) return `Token ${credentials.token}`;
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

/**
 * The major version a server names in `/ping`'s `X-Influxdb-Version` (1.x: `1.6.7~rc0`, 2.x: `v2.7.10`,
 * 3.x: `3.0.1`); undefined when it names none (a proxy that strips headers).
 */
export function majorVersion(header: string | undefined): number | undefined {
  const m = /^v?(\d+)\./.exec(header ?? '');
  return m ? Number(m[1]) : undefined;
}

/**
 * Only 1.x has `CREATE DATABASE`: a 2.x maps the database to the bucket of that name, which its admin creates
 * with the token; a 3.x creates the database on the first write. A server whose version is unknown is not sent
 * a statement it may not have.
 */
export function createsDatabases(major: number | undefined): boolean {
  return major === 1;
}

/**
 * The envelope is checked, not each cell of the rows: a month of raw values is millions of them, which would
 * double the cost of reading the answer. Readers convert the cells they take.
 */
const queryAnswer = z.object({
  results: z.array(z.object({
    series: z.array(z.object({ columns: z.array(z.string()), values: z.custom<unknown[][]>(Array.isArray, 'values must be an array of rows') })).optional(),
    error: z.string().optional(),
  })).default([]),
  error: z.string().optional(),
});
export type QueryResult = z.infer<typeof queryAnswer>['results'][number];

/** A write may go this long unanswered before it counts as an outage and is retried: fetch's own default. */
const WRITE_TIMEOUT_MS = 300_000;
/** A season's raw values take seconds to read (docs/SCALING.md); two minutes without an answer is a server gone. */
const QUERY_TIMEOUT_MS = 120_000;
const IDLE_CONNECTION_MS = 4000;

const MESSAGEPACK = 'application/x-msgpack';

/** An answer read as it arrives: `piece` for each piece of its body, then `end`. */
interface AnswerStream {
  piece(bytes: Buffer): void;
  end(): void;
}

/** Chunks of JSON, one document a line, handed to `take` parsed. */
function jsonLineAnswers(take: (answer: unknown) => void): AnswerStream {
  const pending: Buffer[] = [];
  const lines = (text: string) => {
    for (const line of text.split('\n')) if (line.trim() !== '') take(JSON.parse(line));
  };
  return {
    piece(bytes) {
      // Pieces are kept until one ends a line, each scanned once: a line of megabytes arrives in many pieces.
      const end = bytes.lastIndexOf(10);
      if (end < 0) return void pending.push(bytes);
      const text = Buffer.concat([...pending, bytes.subarray(0, end)]).toString('utf8');
      pending.length = 0;
      if (end < bytes.length - 1) pending.push(bytes.subarray(end + 1));
      lines(text);
    },
    end: () => lines(Buffer.concat(pending).toString('utf8')),
  };
}

/**
 * Chunks in MessagePack, one value after another without a separator: read once enough bytes have come for one
 * (as many as the last chunk had, or twice as many as a try came short with), so that each byte is read about
 * once. The bytes are gathered in one buffer, and the numbers read to one arena, both used again from chunk to
 * chunk: memory taken anew for each had the collector run as long as the reading.
 */
function messagePackAnswers(take: (answer: unknown) => void): AnswerStream {
  let pending = Buffer.allocUnsafe(1 << 20);
  let bytes = 0;
  let enough = 0;
  const arena = new NumberArena();
  const readAll = (last: boolean) => {
    const reader = new MessagePackReader(pending.subarray(0, bytes), 0, arena);
    try {
      while (!reader.done) {
        const from = reader.at;
        // `take` is done with the last chunk's rows: this one's are read to the same memory.
        arena.reuse();
        take(reader.read());
        enough = reader.at - from;
      }
    } catch (err) {
      if (!(err instanceof Incomplete) || last) throw err;
      enough = Math.max(enough, 2 * (bytes - reader.at));
    }
    pending.copyWithin(0, reader.at, bytes);
    bytes -= reader.at;
  };
  return {
    piece(piece) {
      if (bytes + piece.length > pending.length) {
        const larger = Buffer.allocUnsafe(Math.max(2 * pending.length, bytes + piece.length));
        pending.copy(larger, 0, 0, bytes);
        pending = larger;
      }
      piece.copy(pending, bytes);
      bytes += piece.length;
      if (bytes >= enough) readAll(false);
    },
    end: () => readAll(true),
  };
}

/**
 * InfluxDB's v1 HTTP API (`/ping`, `/write` in line protocol, `/query` in InfluxQL), which 1.x serves natively
 * and 2.x and 3.x for compatibility: the one surface all three share. Through node:http rather than fetch,
 * whose request objects and body streams cost ingest more CPU than building a batch's line protocol.
 */
export class InfluxHttp {
  private readonly base: string;
  private readonly headers: Record<string, string>;
  /** Kept-alive connections: ingest posts one batch after another to the same server. */
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;
  /** Whether chunked reads ask for MessagePack: until a server says it will not answer in it. */
  private messagePack = true;

  constructor(url: URL, credentials: InfluxCredentials) {
    this.base = `${url.protocol}//${url.host}`;
    this.transport = url.protocol === 'https:' ? https : http;
    // An idle connection is closed after a few seconds, as fetch does, before a server or proxy drops it under
    // a write (which would then fail and be retried as an outage).
    const agent = { keepAlive: true, timeout: IDLE_CONNECTION_MS };
    this.agent = url.protocol === 'https:' ? new https.Agent(agent) : new http.Agent(agent);
    const authorization = authorizationHeader(credentials);
    this.headers = authorization === undefined ? {} : { authorization };
  }

  close(): void {
    this.agent.destroy();
  }

  /** The server's version header; a refusal (401 from a server that guards /ping too) is an error. */
  async ping(): Promise<string | undefined> {
    const res = await this.request('GET', '/ping', undefined, {}, QUERY_TIMEOUT_MS);
    if (res.status !== 204 && res.status !== 200) throw new StoreHttpError(res.status, `InfluxDB /ping: ${res.status} ${res.text.slice(0, 500)}`);
    const version = res.headers['x-influxdb-version'];
    return typeof version === 'string' ? version : undefined;
  }

  async write(database: string, lines: Buffer): Promise<void> {
    const res = await this.request('POST', `/write?db=${encodeURIComponent(database)}&precision=ms`, lines,
      { 'content-type': 'text/plain; charset=utf-8' }, WRITE_TIMEOUT_MS);
    if (res.status !== 204) throw new StoreHttpError(res.status, `InfluxDB /write: ${res.status} ${res.text.slice(0, 500)}`);
  }

  /**
   * Reading statements in one GET, times as epoch ms, `params` bound to `$name` placeholders: GET is the one
   * method /query takes on every version (3.x documents no other). An error in any statement rejects.
   */
  async query(database: string, statements: readonly string[], params?: Record<string, string>): Promise<QueryResult[]> {
    const search = new URLSearchParams({ db: database, q: statements.join(';\n'), epoch: 'ms' });
    if (params) search.set('params', JSON.stringify(params));
    const res = await this.request('GET', `/query?${search}`, undefined, {}, QUERY_TIMEOUT_MS);
    return this.answer(res.status, undefined, res.text);
  }

  /**
   * One reading statement answered in chunks of up to `rows` rows, each handed to `take` as it arrives: a
   * vessel-day of 80 signals is 40 MB of JSON, never held whole, and this process digests a chunk while InfluxDB
   * writes the next. Asked for in MessagePack, which 1.x exports for half the CPU of JSON; a server answering
   * JSON instead (its chunks one document a line) is read as such. An error in any chunk rejects.
   */
  async queryChunks(database: string, statement: string, params: Record<string, string>, rows: number, take: (result: QueryResult) => void): Promise<void> {
    const search = new URLSearchParams({ db: database, q: statement, epoch: 'ms', params: JSON.stringify(params), chunked: 'true', chunk_size: String(rows) });
    const chunk = (status: number, answer: unknown) => {
      for (const result of this.answer(status, answer, '')) take(result);
    };
    const accept = this.messagePack ? MESSAGEPACK : 'application/json';
    const res = await this.request('GET', `/query?${search}`, undefined, { accept }, QUERY_TIMEOUT_MS,
      // An error in JSON, or a proxy's page, is read whole and reported by `answer`.
      (status, type) => (type === MESSAGEPACK ? messagePackAnswers((answer) => chunk(status, answer))
        : status === 200 ? jsonLineAnswers((answer) => chunk(status, answer)) : undefined));
    // A server that will not answer in MessagePack (406 Not Acceptable) is asked in JSON, now and from then on.
    if (res.status === 406 && this.messagePack) {
      this.messagePack = false;
      return this.queryChunks(database, statement, params, rows, take);
    }
    if (res.status !== 200) this.answer(res.status, undefined, res.text);
  }

  /** A statement that changes the server (`CREATE DATABASE`), which 1.x takes only by POST. */
  async command(statement: string): Promise<void> {
    const res = await this.request('POST', '/query', Buffer.from(new URLSearchParams({ q: statement }).toString()),
      { 'content-type': 'application/x-www-form-urlencoded' }, QUERY_TIMEOUT_MS);
    this.answer(res.status, undefined, res.text);
  }

  private answer(status: number, decoded: unknown, text: string): QueryResult[] {
    let answer: z.infer<typeof queryAnswer> | undefined;
    try {
      answer = queryAnswer.parse(decoded === undefined ? JSON.parse(text) : decoded);
    } catch {
      // Not an InfluxDB answer (a proxy's error page): reported by status below.
    }
    const error = answer?.error ?? answer?.results.find((r) => r.error !== undefined)?.error;
    if (status !== 200 || !answer || error !== undefined) {
      throw new StoreHttpError(status === 200 ? 400 : status, `InfluxDB /query: ${status} ${error ?? text.slice(0, 500)}`);
    }
    return answer.results;
  }

  /**
   * With `stream`, an answer whose status it takes (it is told the status and content type) is handed to it piece by
   * piece as it arrives instead of returned as `text`; an exception from it ends the request and rejects.
   */
  private request(method: string, path: string, body: Buffer | undefined, headers: Record<string, string>, timeoutMs: number,
    stream?: (status: number, contentType: string | undefined) => AnswerStream | undefined):
    Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
    return new Promise((resolve, reject) => {
      const req = this.transport.request(`${this.base}${path}`, {
        method, agent: this.agent, timeout: timeoutMs,
        headers: { ...this.headers, ...headers, ...(body ? { 'content-length': body.length } : {}) },
      }, (res) => {
        const status = res.statusCode ?? 0;
        const answer = stream?.(status, res.headers['content-type']?.split(';')[0]?.trim());
        const chunks: Buffer[] = [];
        res.on('data', (piece: Buffer) => {
          if (!answer) return void chunks.push(piece);
          try {
            answer.piece(piece);
          } catch (err) {
            reject(err);
            req.destroy();
          }
        });
        res.on('end', () => {
          try {
            answer?.end();
          } catch (err) {
            return reject(err);
          }
          resolve({ status, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error(`InfluxDB ${path.split('?')[0]}: no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.end(body);
    });
  }
}
