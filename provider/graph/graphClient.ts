/**
 * The only code that talks to Microsoft Graph: one request per call, retried by axios-retry under the decisions of
 * retryPolicy, limited process-wide by concurrencyLimit, and every failure turned into a GraphError that carries
 * no request, header or body.
 */
import { randomUUID } from "node:crypto";
import { Agent } from "node:https";
import axios, { AxiosAdapter, AxiosError, AxiosInstance, AxiosResponse, InternalAxiosRequestConfig } from "axios";
import axiosRetry from "axios-retry";
import type { TokenSource } from "../auth/tokenSource";
import type { ClientSettings, EndpointSettings } from "../config/providerSettings";
import { graphCallLimit } from "./concurrencyLimit";
import { GraphError, GraphTraceIds } from "./graphError";
import { failureKind, outcomeOf, readAnswer, traceIds } from "./failedAttempt";
import type { AppIdLookupResult, FailureFacts, GraphFailureKind } from "./graphErrorHints";
import {
  GraphApiVersion,
  GraphRoute,
  Target,
  TargetKind,
  acquireAccessTokenRoute,
  appIdLookupRoute,
  directoryObjectRoute,
} from "./graphRoutes";
import { OperationDeadline, startDeadline } from "./operationDeadline";
import { hasObjectId, objectIdsWithAppId } from "./responseBody";
import {
  AttemptOutcome,
  BackoffSettings,
  DEFAULT_BACKOFF,
  RetryDecision,
  StopReason,
  decideRetry,
} from "./retryPolicy";
import { TokenClaims, readTokenClaims } from "./tokenClaims";
import { userAgent } from "./userAgent";

export type { GraphApiVersion, Target, TargetKind } from "./graphRoutes";
export { GraphError } from "./graphError";

/** One credential sent to acquireAccessToken: a synchronizationSecret key name and its string value. */
export interface CredentialPair {
  key: string;
  value: string;
}

export interface GraphClientOptions {
  /** Which Graph root to call; the cloud and the key that chose it are named in 401 hints. */
  endpoints: EndpointSettings;
  /** Request timeout, retry cap, concurrency and operation deadline. */
  client: ClientSettings;
  /** Bearer tokens for the Graph scope; asked once per attempt, so a retry after expiry gets a fresh one. */
  tokens: TokenSource;
  /**
   * Backoff between retries when Graph sends no Retry-After. Default {@link DEFAULT_BACKOFF} (1 s doubling, at
   * most 60 s, full jitter). Only tests have a reason to change it.
   */
  backoff?: BackoffSettings;
}

const SYNCHRONIZATION_SECRET_PAIR = "microsoft.graph.synchronizationSecretKeyStringValuePair";
const APP_ID_LOOKUP_ORDER: readonly TargetKind[] = ["servicePrincipals", "applications"];

/** The state of one request across its attempts, shared by the adapter and the retry callbacks. */
interface AttemptLog {
  attempts: number;
  clientRequestId?: string;
  lastOutcome?: AttemptOutcome;
  lastDecision?: RetryDecision;
  /** Tokens sent, so that an echo of one in an error body is redacted like the credential values. */
  tokensSent: Set<string>;
  /** What the last token sent says about itself, to explain a 401. */
  tokenClaims?: TokenClaims;
}

type CallResult =
  | { ok: true; response: AxiosResponse<string>; log: AttemptLog }
  | { ok: false; facts: FailureFacts; ids: GraphTraceIds };

export class GraphClient {
  private readonly http: AxiosInstance;
  private readonly httpAdapter: AxiosAdapter;

  constructor(private readonly options: GraphClientOptions) {
    this.http = axios.create({
      baseURL: options.endpoints.graphRoot,
      // Keep-alive: a stack authorizes many objects in a row against the same host.
      httpsAgent: new Agent({ keepAlive: true }),
      timeout: options.client.requestTimeoutMs,
      headers: { "User-Agent": userAgent() },
      // Bodies stay text: Graph's JSON is parsed here, where a proxy's HTML page is recognised as such.
      responseType: "text",
      transformResponse: [(data: unknown) => data],
      // Graph does not redirect these calls; a redirect is a proxy or captive portal and must not be followed.
      maxRedirects: 0,
      // Tells a timeout (ETIMEDOUT) apart from other aborted connections (ECONNABORTED).
      transitional: { clarifyTimeoutError: true },
    });
    this.httpAdapter = axios.getAdapter("http");
    // The policy (retryPolicy.decideRetry) caps attempts itself, so axios-retry's own counter never stops first.
    // Each attempt gets the full request timeout; the operation deadline bounds the total.
    axiosRetry(this.http, { retries: Number.POSITIVE_INFINITY, shouldResetTimeout: true });
  }

  /**
   * Makes the provisioning service acquire a token for the target with these credentials (Graph answers 204).
   *
   * A timeout is not retried: the POST may have been applied and an authorization code works once. On a 404 the
   * id is looked up as an appId so that the error can name the object id to use instead.
   *
   * @throws GraphError on any failure.
   */
  async acquireAccessToken(target: Target, apiVersion: GraphApiVersion, credentials: CredentialPair[]): Promise<void> {
    const route = acquireAccessTokenRoute(target, apiVersion);
    const secrets = credentials.map((pair) => pair.value);
    const body = {
      credentials: credentials.map((pair) => ({
        "@odata.type": SYNCHRONIZATION_SECRET_PAIR,
        key: pair.key,
        value: pair.value,
      })),
    };
    const keys = credentials.map((pair) => pair.key);
    const deadline = startDeadline(this.options.client.operationDeadlineMs);
    try {
      const result = await this.send(route, deadline, secrets, keys, body);
      if (!result.ok) {
        if (result.facts.kind === "status" && result.facts.status === 404) {
          const appIdLookup = await this.lookUpAsAppId(target, apiVersion, deadline);
          throw new GraphError({ ...result.facts, appIdLookup }, result.ids);
        }
        throw new GraphError(result.facts, result.ids);
      }
      if (result.response.status !== 204) {
        throw this.malformed(route, result, "204 No Content", secrets, keys);
      }
    } finally {
      deadline.dispose();
    }
  }

  /**
   * Whether the target still exists, for refresh. Only Graph's own 404 means absent: a 404 page from a proxy
   * must not make Pulumi forget the resource.
   *
   * @throws GraphError on any other failure.
   */
  async getDirectoryObject(target: Target, apiVersion: GraphApiVersion): Promise<"present" | "absent"> {
    const route = directoryObjectRoute(target, apiVersion);
    const deadline = startDeadline(this.options.client.operationDeadlineMs);
    try {
      const result = await this.send(route, deadline, [], undefined);
      if (!result.ok) {
        if (result.facts.kind === "status" && result.facts.status === 404) {
          return "absent";
        }
        throw new GraphError(result.facts, result.ids);
      }
      if (result.response.status !== 200 || !hasObjectId(result.response.data)) {
        throw this.malformed(route, result, "200 with the object as JSON", [], undefined);
      }
      return "present";
    } finally {
      deadline.dispose();
    }
  }

  /**
   * Finds the object whose appId (client id) is `appId`, trying `kinds` in order.
   *
   * @param kinds default service principals first, then applications.
   * @throws GraphError when a lookup fails.
   */
  async findByAppId(
    appId: string,
    apiVersion: GraphApiVersion,
    kinds: readonly TargetKind[] = APP_ID_LOOKUP_ORDER,
  ): Promise<{ kind: TargetKind; objectId: string } | undefined> {
    const deadline = startDeadline(this.options.client.operationDeadlineMs);
    try {
      return await this.findByAppIdWithin(appId, apiVersion, kinds, deadline);
    } finally {
      deadline.dispose();
    }
  }

  private async findByAppIdWithin(
    appId: string,
    apiVersion: GraphApiVersion,
    kinds: readonly TargetKind[],
    deadline: OperationDeadline,
  ): Promise<{ kind: TargetKind; objectId: string } | undefined> {
    for (const kind of kinds) {
      const route = appIdLookupRoute(kind, appId, apiVersion);
      const result = await this.send(route, deadline, [], undefined);
      if (!result.ok) {
        throw new GraphError(result.facts, result.ids);
      }
      const ids = result.response.status === 200 ? objectIdsWithAppId(result.response.data, appId) : undefined;
      if (ids === undefined) {
        throw this.malformed(route, result, "200 with a JSON list of objects", [], undefined);
      }
      if (ids.length > 0) {
        return { kind, objectId: ids[0] };
      }
    }
    return undefined;
  }

  /** The 404 hint's question: was the id an appId? The target's own kind is looked up first. */
  private async lookUpAsAppId(
    target: Target,
    apiVersion: GraphApiVersion,
    deadline: OperationDeadline,
  ): Promise<AppIdLookupResult> {
    const kinds = [target.kind, ...APP_ID_LOOKUP_ORDER.filter((kind) => kind !== target.kind)];
    try {
      const found = await this.findByAppIdWithin(target.objectId, apiVersion, kinds, deadline);
      return found === undefined ? { outcome: "notAnAppId" } : { outcome: "isAppId", ...found };
    } catch (error) {
      if (error instanceof GraphError) {
        return { outcome: "lookupFailed" };
      }
      throw error;
    }
  }

  /** One request with its retries. Never throws an axios error: those carry the request, headers and body. */
  private async send(
    route: GraphRoute,
    deadline: OperationDeadline,
    secrets: readonly string[],
    credentialKeys: readonly string[] | undefined,
    data?: unknown,
  ): Promise<CallResult> {
    const log: AttemptLog = { attempts: 0, tokensSent: new Set() };
    try {
      const response = await this.http.request<string>({
        method: route.method,
        url: route.path,
        data,
        signal: deadline.signal,
        adapter: this.attemptAdapter(log, deadline.signal),
        "axios-retry": {
          retryCondition: (error) => {
            log.lastOutcome = outcomeOf(error);
            log.lastDecision = decideRetry({
              outcome: log.lastOutcome,
              attemptsMade: log.attempts,
              maxRetries: this.options.client.maxRetries,
              retryTimeouts: route.method === "GET",
              nowMs: Date.now(),
              deadlineMs: deadline.atMs,
              backoff: this.options.backoff ?? DEFAULT_BACKOFF,
              random: Math.random,
            });
            return log.lastDecision.retry;
          },
          retryDelay: () => (log.lastDecision?.retry ? log.lastDecision.delayMs : 0),
        },
      });
      return { ok: true, response, log };
    } catch (error) {
      if (!axios.isAxiosError(error)) {
        // Not from the transport: the token source's own error, which is its job to keep free of secrets.
        throw error;
      }
      const shownSecrets = [...secrets, ...log.tokensSent];
      const facts = this.failureFacts(route, error, log, shownSecrets, credentialKeys);
      return { ok: false, facts, ids: traceIds(error.response, log.clientRequestId, shownSecrets) };
    }
  }

  /**
   * Runs per attempt, retries included: a fresh token and client-request-id, the Retry-Attempt header, and a slot
   * of the process-wide limit held only while the request is on the wire (not while waiting to retry). Waiting for
   * the token or for a slot ends as soon as the deadline passes.
   */
  private attemptAdapter(log: AttemptLog, deadline: AbortSignal): AxiosAdapter {
    return async (config: InternalAxiosRequestConfig) => {
      const token = await untilAborted(this.options.tokens.getToken(), deadline, config);
      const limit = graphCallLimit(this.options.client.maxConcurrency);
      const exchange = limit(() => {
        if (deadline.aborted) {
          return Promise.reject(new axios.CanceledError(undefined, config));
        }
        log.attempts += 1;
        log.clientRequestId = randomUUID();
        log.tokensSent.add(token);
        log.tokenClaims = readTokenClaims(token);
        config.headers.set("Authorization", `Bearer ${token}`);
        config.headers.set("client-request-id", log.clientRequestId);
        config.headers.set("return-client-request-id", "true");
        if (log.attempts > 1) {
          config.headers.set("Retry-Attempt", String(log.attempts - 1));
        }
        return this.httpAdapter(config);
      });
      return untilAborted(exchange, deadline, config);
    };
  }

  private failureFacts(
    route: GraphRoute,
    error: AxiosError,
    log: AttemptLog,
    secrets: readonly string[],
    credentialKeys: readonly string[] | undefined,
  ): FailureFacts {
    const outcome = log.lastOutcome ?? outcomeOf(error);
    const stop: StopReason = log.lastDecision?.retry === false ? log.lastDecision.reason : "notRetryable";
    const answer = error.response === undefined ? undefined : readAnswer(error.response, secrets);
    const kind = failureKind(outcome, stop, answer?.isGraphError ?? false);
    return {
      ...this.baseFacts(route, kind, log.attempts, credentialKeys),
      ...answer?.facts,
      tokenClaims: error.response?.status === 401 ? log.tokenClaims : undefined,
      connectionCode: outcome.kind === "connectionFailed" ? outcome.code : undefined,
    };
  }

  private baseFacts(
    route: GraphRoute,
    kind: GraphFailureKind,
    attempts: number,
    credentialKeys: readonly string[] | undefined,
  ): FailureFacts {
    const { endpoints, client } = this.options;
    return {
      kind,
      route,
      attempts,
      cloud: endpoints.cloud,
      graphRoot: endpoints.graphRoot,
      cloudSource: endpoints.source,
      requestTimeoutMs: client.requestTimeoutMs,
      operationDeadlineMs: client.operationDeadlineMs,
      maxRetries: client.maxRetries,
      credentialKeys,
    };
  }

  /** A success status with the wrong shape: the answer is reported, never trusted. */
  private malformed(
    route: GraphRoute,
    { response, log }: { response: AxiosResponse<string>; log: AttemptLog },
    expected: string,
    secrets: readonly string[],
    credentialKeys: readonly string[] | undefined,
  ): GraphError {
    const shownSecrets = [...secrets, ...log.tokensSent];
    const facts: FailureFacts = {
      ...this.baseFacts(route, "malformedResponse", log.attempts, credentialKeys),
      ...readAnswer(response, shownSecrets).facts,
      expected,
    };
    return new GraphError(facts, traceIds(response, log.clientRequestId, shownSecrets));
  }
}

/**
 * Settles like `work`, or fails as a cancelled request once `signal` aborts. `work` keeps running (a queued slot
 * is given back at once when its turn comes, a token fetch fills the cache) and its outcome is no longer awaited.
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal, config: InternalAxiosRequestConfig): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(new axios.CanceledError(undefined, config));
    if (signal.aborted) {
      abort();
    } else {
      signal.addEventListener("abort", abort, { once: true });
    }
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}
