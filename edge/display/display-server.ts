import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import type { VesselProfile } from '../../shared/profile/index.ts';
import { LiveSavings } from '../../shared/savings/live-estimate.ts';
import type { Service } from '../../shared/lifecycle.ts';
import type { Clock } from '../../shared/time/clock.ts';
import type { TelemetrySample } from '../../shared/wire/telemetry.ts';
import type { OnboardAlarms } from '../alarms/onboard-alarms.ts';
import { ObserverGuard, type FaultLog } from '../sampling/observer-guard.ts';
import { displayBattery, type DisplayBattery, type DisplayConfig } from './config.ts';
import { DaySavings } from './day-savings.ts';
import { TripTotals } from './trip-totals.ts';
import { buildView, type DisplayView } from './view-model.ts';

export interface LinkState {
  readonly connected: boolean;
  /** Wall time of shore's last acknowledgement. */
  readonly lastAck: number | undefined;
  readonly backlog: number;
}

export interface SkipperDisplayOptions {
  config: DisplayConfig;
  vessel: string;
  clock: Clock;
  alarms: OnboardAlarms;
  link: () => LinkState;
  /**
   * Without it, fuel saved against the diesel baseline cannot be estimated, and the screen says so; with it, the
   * battery's capacity and reserve are the profile's unless the display config gives them.
   */
  profile?: VesselProfile;
  log?: FaultLog;
}

const PUBLIC = fileURLToPath(new URL('./public/', import.meta.url));
/** A tablet that cannot keep up gets fresh views when it catches up, not a growing queue of stale ones. */
const MAX_BUFFERED_BYTES = 256 * 1024;
const ackParams = z.object({ id: z.string().min(1).max(200) });
const ACK_PATH = /^\/api\/alarms\/([^/]*)\/ack$/;
const BODY_LIMIT = 1024;
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
};
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * The page's files by URL path, listed once: only these names are ever read from disk, so no request path can
 * reach outside the folder, and the files are read per request rather than held in the agent's memory.
 */
function publicFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(PUBLIC, { withFileTypes: true })) {
    if (entry.isFile()) files.set(`/${entry.name}`, entry.name);
  }
  if (files.has('/index.html')) files.set('/', 'index.html');
  return files;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

/**
 * The skipper's display, served by the edge agent itself: static page, the current view as JSON, a WebSocket
 * pushing it live, and alarm acknowledgement. Everything is local; the page works with no shore link at all.
 */
export class SkipperDisplay implements Service {
  private readonly totals = new TripTotals();
  private readonly sockets = new Set<WebSocket>();
  private web: Server | undefined;
  private files = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private stopListening: (() => void) | undefined;

  private readonly savings: LiveSavings | undefined;
  private readonly daySavings = new DaySavings();
  private readonly battery: DisplayBattery;
  private readonly guard: ObserverGuard;

  constructor(private readonly options: SkipperDisplayOptions) {
    this.savings = options.profile && new LiveSavings(options.profile);
    this.battery = displayBattery(options.config.battery, options.profile);
    this.guard = new ObserverGuard(options.log ?? (() => {}), () => options.clock.now());
  }

  get url(): string {
    const address = this.web?.address();
    const port = typeof address === 'object' && address ? address.port : this.options.config.port;
    const host = this.options.config.host === '0.0.0.0' ? '127.0.0.1' : this.options.config.host;
    return `http://${host}:${port}`;
  }

  observe(sample: TelemetrySample): void {
    this.totals.observe(sample);
    if (!this.savings) return;
    this.savings.add(sample);
    this.daySavings.observe(sample.t, this.savings.estimate());
  }

  view(): DisplayView {
    const { alarms, clock, config, vessel } = this.options;
    return buildView({
      now: alarms.signals.now(clock.now()),
      wallNow: Date.now(),
      vessel: config.vesselName ?? vessel,
      config,
      battery: this.battery,
      signals: alarms.signals,
      alarms: alarms.list(),
      today: this.totals.todayTotals(),
      trip: this.totals.tripTotals(),
      savings: this.savings ? this.savings.estimate() : null,
      todaySavings: this.savings ? this.daySavings.today() : null,
      link: this.options.link(),
    });
  }

  /*
   * On node:http and ws rather than the shore's web framework: four routes do not need it, and leaving it out of
   * the bundle keeps several megabytes of code and its compiled form out of the onboard computer's memory.
   */
  async start(): Promise<void> {
    this.files = publicFiles();
    const web = createServer((req, res) => void this.handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    }));
    this.web = web;
    const live = new WebSocketServer({ noServer: true, maxPayload: 1024 });
    web.on('upgrade', (req, socket, head) => {
      if ((req.url ?? '').split('?')[0] !== '/live') {
        socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n');
        return;
      }
      live.handleUpgrade(req, socket, head, (ws) => this.welcome(ws));
    });
    this.stopListening = this.options.alarms.onChange(() => this.push());
    // A view that cannot be built throws in a timer, which would end the agent and its sampling with it.
    this.timer = setInterval(() => this.guard.call('skipper display push', () => this.push()), this.options.config.pushIntervalMs);
    await new Promise<void>((resolve, reject) => {
      web.once('error', reject);
      web.listen(this.options.config.port, this.options.config.host, () => {
        web.off('error', reject);
        resolve();
      });
    });
  }

  private welcome(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.send(JSON.stringify(this.view()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'POST') {
      const ack = ACK_PATH.exec(path);
      if (!ack) return sendJson(res, 404, { error: 'not found' });
      if (Number(req.headers['content-length'] ?? 0) > BODY_LIMIT) {
        res.setHeader('connection', 'close');
        return sendJson(res, 413, { error: 'request body too large' });
      }
      req.resume();
      let id: string;
      try {
        id = decodeURIComponent(ack[1]!);
      } catch {
        return sendJson(res, 400, { error: 'invalid alarm id', detail: 'not a valid URL encoding' });
      }
      const params = ackParams.safeParse({ id });
      if (!params.success) return sendJson(res, 400, { error: 'invalid alarm id', detail: z.prettifyError(params.error) });
      if (!this.options.alarms.acknowledge(params.data.id)) {
        return sendJson(res, 404, { error: 'no such alarm to acknowledge', detail: params.data.id });
      }
      res.writeHead(204, SECURITY_HEADERS).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 404, { error: 'not found' });
    if (path === '/api/view') return sendJson(res, 200, this.view());
    const file = this.files.get(path);
    if (!file) return sendJson(res, 404, { error: 'not found' });
    const body = await readFile(join(PUBLIC, file));
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': body.length,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  private push(): void {
    if (this.sockets.size === 0) return;
    const message = JSON.stringify(this.view());
    for (const socket of this.sockets) {
      if (socket.readyState === socket.OPEN && socket.bufferedAmount < MAX_BUFFERED_BYTES) socket.send(message);
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.stopListening?.();
    for (const socket of this.sockets) socket.terminate();
    this.sockets.clear();
    const web = this.web;
    if (!web) return;
    web.closeAllConnections();
    await new Promise<void>((resolve) => web.close(() => resolve()));
  }
}
