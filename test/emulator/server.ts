import * as http from "node:http";
import * as https from "node:https";
import type { Socket } from "node:net";
import type { CloudName } from "../../provider/config/clouds";
import type { EmulatorRequest, EmulatorResponse, LogDetails } from "./exchange";
import {
  actsAfterService,
  type AfterServiceFault,
  type FaultAction,
  type FaultInjector,
  type MalformedKind,
} from "./faults";
import { redactHeaders, type RequestLog, type RequestLogEntry } from "./requestLog";
import { matchRoute, type ListenerKind } from "./routes";

export type RouteHandler = (request: EmulatorRequest, details: LogDetails) => Promise<EmulatorResponse>;
/** Renders an injected error status in the shape of the route's service (Graph, Entra, Key Vault, ...). */
export type StatusFaultRenderer = (request: EmulatorRequest, status: number, retryAfter?: string) => EmulatorResponse;

export interface ListenerSpec {
  cloud: CloudName;
  kind: ListenerKind;
}

export interface ServerOptions {
  tls: { cert: string; key: string };
  log: RequestLog;
  faults: FaultInjector;
  handle: RouteHandler;
  renderStatusFault: StatusFaultRenderer;
  /** Admin requests bypass the log and faults so a driver process never disturbs the counts it reads. */
  handleAdmin: (request: EmulatorRequest) => Promise<EmulatorResponse>;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** The loopback listeners and the request pipeline they share: log, faults, route handler, socket bookkeeping. */
export class EmulatorServer {
  private readonly servers: https.Server[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly pendingDelays = new Set<() => void>();
  private stopping = false;

  constructor(private readonly options: ServerOptions) {}

  /** Listens with TLS on 127.0.0.1 (a free port) and returns the listener's origin. */
  async listen(spec: ListenerSpec): Promise<string> {
    const server = https.createServer({ cert: this.options.tls.cert, key: this.options.tls.key });
    // Raw sockets cover TLS handshakes still in progress at stop; TLS sockets cover established connections.
    server.on("connection", (socket: Socket) => this.track(socket));
    server.on("secureConnection", (socket: Socket) => this.track(socket));
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    this.servers.push(server);
    const origin = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
    server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
      void this.serve(spec, origin, req, res);
    });
    return origin;
  }

  /**
   * Serves a request that arrived on a listener shared with other emulators (the managed identity host); the
   * socket is tracked so stopping this emulator still ends a request it holds.
   */
  serveForeign(spec: ListenerSpec, origin: string, req: http.IncomingMessage, res: http.ServerResponse): void {
    this.track(req.socket);
    void this.serve(spec, origin, req, res);
  }

  /** Closes every listener and destroys every socket, including hung and held requests, so the process can exit. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.options.faults.releaseHeld();
    for (const wake of this.pendingDelays) wake();
    for (const socket of this.sockets) socket.destroy();
    await Promise.all(
      this.servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  }

  private track(socket: Socket): void {
    if (this.stopping) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.once("close", () => this.sockets.delete(socket));
  }

  private async serve(
    spec: ListenerSpec,
    origin: string,
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> {
    const url = new URL(req.url ?? "/", origin);
    const method = (req.method ?? "GET").toUpperCase();
    const match = matchRoute(spec.kind, method, url);
    let rawBody: Buffer;
    try {
      rawBody = await readBody(req);
    } catch {
      req.socket.destroy();
      return;
    }
    const request: EmulatorRequest = {
      cloud: spec.cloud,
      listener: spec.kind,
      origin,
      method,
      url,
      headers: req.headers,
      rawBody,
      match,
    };
    if (match.route === "admin") {
      write(res, await this.options.handleAdmin(request));
      return;
    }
    const { log, faults } = this.options;
    const entry = log.record({
      at: new Date().toISOString(),
      cloud: spec.cloud,
      route: match.route,
      method,
      path: `${url.pathname}${url.search}`,
      status: "pending",
      apiVersion: match.apiVersion,
      targetKind: match.targetKind,
      targetId: match.targetId,
      jobId: match.jobId,
      tenantId: match.tenantId,
      headers: redactHeaders(req.headers),
    });
    log.enter(match.route);
    let left = false;
    const leave = (): void => {
      if (left) return;
      left = true;
      log.leave(match.route);
    };
    res.once("close", leave);

    const decision = faults.decide({ route: match.route, cloud: spec.cloud, targetId: match.targetId });
    if (decision.description) entry.fault = decision.description;
    if (decision.latencyMs > 0) await this.delay(decision.latencyMs);
    if (this.stopping) return;
    const { action } = decision;
    if (action && !actsAfterService(action)) {
      const answered = await this.applyFaultInFront(action, request, entry, req, res);
      if (answered) return;
    }
    if (this.stopping) return;
    const details: LogDetails = {};
    let response: EmulatorResponse;
    try {
      response = await this.options.handle(request, details);
    } catch (error) {
      response = this.options.renderStatusFault(request, 500);
      entry.fault = `handler error: ${(error as Error).message}`;
    }
    if (details.tenantId !== undefined) entry.tenantId = details.tenantId;
    if (details.clientId !== undefined) entry.clientId = details.clientId;
    if (details.body !== undefined) entry.body = details.body;
    entry.appliedStatus = response.status;
    if (action && actsAfterService(action)) {
      this.applyFaultAfterService(action, request, entry, req, res, response);
      return;
    }
    entry.status = response.status;
    write(res, response);
  }

  /**
   * The service has answered (and applied the call when it succeeded); the client sees a gateway error, a reset
   * connection, or another success status instead.
   */
  private applyFaultAfterService(
    action: AfterServiceFault,
    request: EmulatorRequest,
    entry: RequestLogEntry,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    serviceResponse: EmulatorResponse,
  ): void {
    if ("successStatus" in action) {
      const replaced: EmulatorResponse =
        serviceResponse.status === 204
          ? { status: action.successStatus, headers: serviceResponse.headers }
          : serviceResponse;
      entry.status = replaced.status;
      write(res, replaced);
      return;
    }
    if (action.afterApply === "reset") {
      entry.status = "reset";
      req.socket.destroy();
      return;
    }
    if (action.afterApply === "truncated-200") {
      entry.status = 200;
      writeTruncated(req, res);
      return;
    }
    if (action.afterApply === "html-200") {
      const page = malformedResponse("html-200");
      entry.status = page.status;
      write(res, page);
      return;
    }
    const response = this.options.renderStatusFault(request, action.afterApply, action.retryAfter);
    entry.status = response.status;
    write(res, response);
  }

  /** Returns true when the fault produced the whole outcome; false when the request should be answered normally. */
  private async applyFaultInFront(
    action: Exclude<FaultAction, { latencyMs: number } | AfterServiceFault>,
    request: EmulatorRequest,
    entry: RequestLogEntry,
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<boolean> {
    if ("reset" in action) {
      entry.status = "reset";
      req.socket.destroy();
      return true;
    }
    if ("hang" in action) {
      entry.status = "hang";
      return true;
    }
    if ("hold" in action) {
      entry.status = "held";
      await this.options.faults.hold();
      return this.stopping;
    }
    if ("hugeBody" in action) {
      entry.status = action.status;
      entry.bodyBytesSent = 0;
      await writeHugeBody(res, action.status, action.hugeBody, (bytes) => (entry.bodyBytesSent = bytes));
      return true;
    }
    if ("status" in action) {
      const response = this.options.renderStatusFault(request, action.status, action.retryAfter);
      entry.status = response.status;
      write(res, response);
      return true;
    }
    const response = malformedResponse(action.malformed);
    entry.status = response.status;
    write(res, response);
    return true;
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.pendingDelays.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.pendingDelays.add(wake);
    });
  }
}

function malformedResponse(kind: MalformedKind): EmulatorResponse {
  switch (kind) {
    case "html-200":
      return {
        status: 200,
        headers: { "content-type": "text/html; charset=utf-8" },
        body:
          "<html><head><title>Blocked by policy</title></head><body><h1>Blocked by policy</h1><p>This site is " +
          "blocked by your organization's web policy.</p></body></html>",
      };
    case "html":
      return {
        status: 502,
        headers: { "content-type": "text/html" },
        body: "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>",
      };
    case "non-json":
      return { status: 500, headers: { "content-type": "application/json" }, body: '{"error":{"code":"Internal' };
    case "empty-200":
      return { status: 200, headers: { "content-type": "application/json" }, body: "" };
  }
}

/** A 200 status line promising 100 bytes, 5 of them, and the connection closed: an answer lost mid-body. */
function writeTruncated(req: http.IncomingMessage, res: http.ServerResponse): void {
  res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
  res.write('{"val', () => req.socket.destroy());
}

const HUGE_BODY_CHUNK = Buffer.alloc(64 * 1024, "x");

/**
 * `bytes` of body in 64 KiB chunks, each written only when the client has taken the last (backpressure), so that
 * `bodyBytesSent` tells how much a client read before it stopped; ends early when the client goes away.
 */
async function writeHugeBody(
  res: http.ServerResponse,
  status: number,
  bytes: number,
  sent: (bytes: number) => void,
): Promise<void> {
  res.writeHead(status, { "content-type": "application/json", "content-length": String(bytes) });
  const head = Buffer.from('{"error":{"code":"Huge","message":"');
  let written = 0;
  while (written < bytes && !res.destroyed) {
    const chunk = (written === 0 ? Buffer.concat([head, HUGE_BODY_CHUNK]) : HUGE_BODY_CHUNK).subarray(
      0,
      bytes - written,
    );
    const drained = res.write(chunk);
    written += chunk.length;
    sent(written);
    if (!drained) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off("drain", done);
          res.off("close", done);
          resolve();
        };
        res.on("drain", done);
        res.on("close", done);
      });
    }
  }
  if (!res.destroyed) res.end();
}

function write(res: http.ServerResponse, response: EmulatorResponse): void {
  if (res.destroyed || res.writableEnded) return;
  const body = response.body ?? "";
  res.writeHead(response.status, { ...response.headers, "content-length": Buffer.byteLength(body).toString() });
  res.end(body);
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("request body too large"));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
