import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { VesselProfile } from '../../shared/profile/index.ts';
import { LiveSavings } from '../../shared/savings/live-estimate.ts';
import type { Service } from '../../shared/lifecycle.ts';
import type { Clock } from '../../shared/time/clock.ts';
import type { TelemetrySample } from '../../shared/wire/telemetry.ts';
import type { OnboardAlarms } from '../alarms/onboard-alarms.ts';
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
}

const PUBLIC = fileURLToPath(new URL('./public/', import.meta.url));
/** A tablet that cannot keep up gets fresh views when it catches up, not a growing queue of stale ones. */
const MAX_BUFFERED_BYTES = 256 * 1024;
const ackParams = z.object({ id: z.string().min(1).max(200) });

/**
 * The skipper's display, served by the edge agent itself: static page, the current view as JSON, a WebSocket
 * pushing it live, and alarm acknowledgement. Everything is local; the page works with no shore link at all.
 */
export class SkipperDisplay implements Service {
  private readonly totals = new TripTotals();
  private readonly sockets = new Set<WebSocket>();
  private web: FastifyInstance | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopListening: (() => void) | undefined;

  private readonly savings: LiveSavings | undefined;
  private readonly daySavings = new DaySavings();
  private readonly battery: DisplayBattery;

  constructor(private readonly options: SkipperDisplayOptions) {
    this.savings = options.profile && new LiveSavings(options.profile);
    this.battery = displayBattery(options.config.battery, options.profile);
  }

  get url(): string {
    const address = this.web?.server.address();
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

  async start(): Promise<void> {
    const web = Fastify({ logger: false, bodyLimit: 1024 });
    this.web = web;
    web.addHook('onSend', async (_request, reply) => {
      reply.header('content-security-policy', "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
      reply.header('x-content-type-options', 'nosniff');
    });
    await web.register(fastifyWebsocket, { options: { maxPayload: 1024 } });
    await web.register(fastifyStatic, { root: PUBLIC, prefix: '/', index: 'index.html', cacheControl: false });
    web.get('/api/view', async () => this.view());
    web.post('/api/alarms/:id/ack', async (request, reply) => {
      const params = ackParams.safeParse(request.params);
      if (!params.success) return reply.code(400).send({ error: 'invalid alarm id', detail: z.prettifyError(params.error) });
      if (!this.options.alarms.acknowledge(params.data.id)) {
        return reply.code(404).send({ error: 'no such alarm to acknowledge', detail: params.data.id });
      }
      return reply.code(204).send();
    });
    web.get('/live', { websocket: true }, (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.send(JSON.stringify(this.view()));
    });
    this.stopListening = this.options.alarms.onChange(() => this.push());
    this.timer = setInterval(() => this.push(), this.options.config.pushIntervalMs);
    await web.listen({ host: this.options.config.host, port: this.options.config.port });
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
    await this.web?.close();
  }
}
