import { randomBytes } from "node:crypto";
import * as http from "node:http";
import type { Socket } from "node:net";
import { jsonResponse } from "./exchange";

/**
 * msal-node remembers the managed identity source, with the endpoint and secret header it read from the
 * environment, in a static field on first use. So one process gets one App-Service-style identity host: every
 * emulator in the process attaches to it, its port and secret header stay the same for the life of the process
 * (the port is reused when the host reopens), and each request goes to the emulator whose resource it names.
 */
export const MANAGED_IDENTITY_HEADER_SECRET = randomBytes(16).toString("hex");

/** Hands a request to the emulator that owns the requested resource; `origin` is the host's own origin. */
export type ManagedIdentityDispatch = (req: http.IncomingMessage, res: http.ServerResponse, origin: string) => void;

class ManagedIdentityHost {
  private server: http.Server | undefined;
  private origin = "";
  private port = 0;
  private readonly sockets = new Set<Socket>();
  private readonly owners = new Map<string, ManagedIdentityDispatch>();
  // Attach and detach run one at a time so a closing host is never handed a new emulator.
  private queue: Promise<unknown> = Promise.resolve();

  /** Routes requests for `resources` to `dispatch`; resolves to the host's origin (`http://127.0.0.1:<port>`). */
  attach(resources: string[], dispatch: ManagedIdentityDispatch): Promise<string> {
    return this.enqueue(async () => {
      for (const resource of resources) this.owners.set(resource, dispatch);
      if (!this.server) await this.open();
      return this.origin;
    });
  }

  /** Stops routing `resources`; the host closes (and drops its sockets) when no emulator is left. */
  detach(resources: string[]): Promise<void> {
    return this.enqueue(async () => {
      for (const resource of resources) this.owners.delete(resource);
      if (this.owners.size === 0 && this.server) await this.close();
    });
  }

  private enqueue<T>(operation: () => Promise<T>): Promise<T> {
    const next = this.queue.then(operation, operation);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async open(): Promise<void> {
    const server = http.createServer((req, res) => this.route(req, res));
    server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
    });
    try {
      await listen(server, this.port);
    } catch {
      // The remembered port was taken by something else meanwhile; a new port works for processes started later.
      await listen(server, 0);
    }
    this.port = (server.address() as { port: number }).port;
    this.origin = `http://127.0.0.1:${this.port}`;
    this.server = server;
  }

  private async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private route(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? "/", this.origin);
    const resource = (url.searchParams.get("resource") ?? "").replace(/\/$/, "");
    const dispatch = this.owners.get(resource);
    if (dispatch) {
      dispatch(req, res, this.origin);
      return;
    }
    const answer = jsonResponse(400, {
      error: "invalid_resource",
      error_description: `AADSTS500011: The resource principal named ${resource} was not found in the tenant.`,
    });
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  }
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
}

export const managedIdentityHost = new ManagedIdentityHost();
