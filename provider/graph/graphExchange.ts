/**
 * One HTTP exchange with Graph: the request sent, the answer read in one pass (graphAnswer.ts) under its size
 * limit, or the transport failure. No retries and no decisions: those are the client's and retryPolicy's.
 */
import { Agent } from "node:https";
import type { Readable } from "node:stream";
import axios, { AxiosError, AxiosInstance } from "axios";
import type { ClientSettings } from "../config/providerSettings";
import { type GraphAnswer, MAX_ANSWER_BYTES, readAnswer } from "./graphAnswer";
import type { GraphRoute } from "./graphRoutes";
import { userAgent } from "./userAgent";

/** How one exchange ended: an answer (any status, body read as far as it came), or axios's error when none came. */
export type ExchangeResult = { answer: GraphAnswer } | { error: AxiosError };

export interface ExchangeRequest {
  route: GraphRoute;
  body?: unknown;
  headers: Record<string, string>;
  signal: AbortSignal;
}

export class GraphExchange {
  private readonly http: AxiosInstance;

  constructor(
    graphRoot: string,
    private readonly client: ClientSettings,
  ) {
    this.http = axios.create({
      baseURL: graphRoot,
      // Keep-alive: a stack authorizes many objects in a row against the same host.
      httpsAgent: new Agent({ keepAlive: true }),
      timeout: client.requestTimeoutMs,
      headers: { "User-Agent": userAgent() },
      // The body is read here, under a size limit, by readAnswer; axios would buffer all of it first.
      responseType: "stream",
      // Every status is an answer to read: what it means is answerMeaning's table, not axios's.
      validateStatus: () => true,
      // Graph does not redirect these calls; a redirect is a proxy or captive portal and must not be followed.
      maxRedirects: 0,
      // Tells a timeout (ETIMEDOUT) apart from other aborted connections (ECONNABORTED).
      transitional: { clarifyTimeoutError: true },
      adapter: "http",
    });
  }

  /** Sends one request and reads its answer; never rejects with an axios error (they carry the request). */
  async send(request: ExchangeRequest): Promise<ExchangeResult> {
    try {
      const response = await this.http.request<Readable>({
        method: request.route.method,
        url: request.route.path,
        data: request.body,
        signal: request.signal,
        headers: request.headers,
      });
      // axios's timeout covers the exchange up to the headers; the body gets as long again.
      const limits = { maxBytes: MAX_ANSWER_BYTES, timeoutMs: this.client.requestTimeoutMs };
      const headers = response.headers as Record<string, unknown>;
      return { answer: await readAnswer(response.status, headers, response.data, limits) };
    } catch (error) {
      if (axios.isAxiosError(error)) {
        return { error };
      }
      throw error;
    }
  }
}
