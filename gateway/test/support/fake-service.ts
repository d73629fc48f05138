/**
 * A small stand-in for contract-service or billing-service: an Express app on an ephemeral port
 * that records every request (headers and raw body) and answers what the test sets up.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export type FakeHandler = (req: Request, res: Response, body: Buffer) => void | Promise<void>;

export class FakeService {
  readonly received: ReceivedRequest[] = [];
  /** Overrides by `METHOD /path` (path without query). */
  readonly handlers = new Map<string, FakeHandler>();
  /** Tenants GET /v1/tenants/:id knows (404 for any other). */
  readonly tenants = new Set<string>();
  /** Agents GET /internal/agents/:id knows, with their tenant (assessment-service; 404 for any other). */
  readonly agents = new Map<string, string>();
  ready = true;
  /** Delay before answering anything but /readyz. */
  delayMs = 0;
  url = '';
  private server: http.Server | null = null;

  constructor(readonly name: string) {}

  async start(): Promise<this> {
    const app = express();
    app.get('/readyz', (_req, res) => {
      res.status(this.ready ? 200 : 503).json({ status: this.ready ? 'ready' : 'not_ready' });
    });
    app.use(express.raw({ type: () => true, limit: '100mb' }));
    app.use(async (req, res) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      this.received.push({ method: req.method, url: req.originalUrl, headers: req.headers, body });
      if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
      const handler = this.handlers.get(`${req.method} ${req.path}`);
      if (handler) return handler(req, res, body);
      const tenant = /^\/v1\/tenants\/([^/]+)$/.exec(req.path);
      if (req.method === 'GET' && tenant && !this.tenants.has(tenant[1]!)) {
        return res.status(404).type('application/problem+json').send(JSON.stringify({ type: 'about:blank', title: 'Not found', status: 404, detail: 'no such tenant' }));
      }
      const agent = /^\/internal\/agents\/([^/]+)$/.exec(req.path);
      if (req.method === 'GET' && agent) {
        const tenantId = this.agents.get(agent[1]!);
        if (tenantId) return res.json({ id: agent[1], tenantId });
        return res.status(404).type('application/problem+json').send(JSON.stringify({ type: 'about:blank', title: 'Not found', status: 404, detail: 'no such agent' }));
      }
      const actor = req.headers['x-seatlease-actor'];
      res.status(req.method === 'POST' ? 201 : 200).json({
        service: this.name,
        method: req.method,
        url: req.originalUrl,
        actor: typeof actor === 'string' ? JSON.parse(actor) : null,
        bodyBytes: body.length,
      });
    });
    this.server = http.createServer(app);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Requests received for a path (query ignored), excluding probes. */
  calls(method: string, path: string): ReceivedRequest[] {
    return this.received.filter((r) => r.method === method && r.url.split('?')[0] === path);
  }

  last(): ReceivedRequest {
    const r = this.received[this.received.length - 1];
    if (!r) throw new Error(`${this.name} received nothing`);
    return r;
  }

  reset(): void {
    this.received.length = 0;
    this.handlers.clear();
    this.tenants.clear();
    this.agents.clear();
    this.ready = true;
    this.delayMs = 0;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    const server = this.server;
    this.server = null;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
