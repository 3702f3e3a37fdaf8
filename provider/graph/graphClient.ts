/**
 * The only code that talks to Microsoft Graph: one request per call, tried again by a short loop under the
 * decisions of retryPolicy, limited process-wide by concurrencyLimit, and every failure turned into a GraphError
 * that carries no request, header or body.
 */
import { randomUUID } from "node:crypto";
import axios from "axios";
import type { TokenSource } from "../auth/tokenSource";
import type { ClientSettings, EndpointSettings } from "../config/providerSettings";
import type { ApiVersion } from "./apiVersion";
import type { GraphCallLimit } from "./concurrencyLimit";
import { type CredentialPair, singleUseKeysOf } from "./credentialPair";
import { isKnownSynchronizationSecretKey } from "./synchronizationSecretKeys";
import { GraphError, GraphTraceIds } from "./graphError";
import { callFacts, factsOfAnswer, failureKind, outcomeOf, outcomeOfAnswer, traceIds } from "./failedAttempt";
import type { GraphAnswer } from "./graphAnswer";
import type { AppIdLookupResult, FailureFacts, GraphFailureKind } from "./failureFacts";
import { GraphExchange } from "./graphExchange";
import {
  GraphRoute,
  Target,
  TargetKind,
  acquireAccessTokenRoute,
  appIdLookupRoute,
  existenceProbeRoute,
  validateCredentialsRoute,
} from "./graphRoutes";
import { OperationDeadline, startDeadline, untilAborted, waitWithin } from "./operationDeadline";
import { isCollection, objectIdsWithAppId } from "./responseBody";
import {
  AttemptOutcome,
  BackoffSettings,
  DEFAULT_BACKOFF,
  StopReason,
  applicationOf,
  countsAgainstRetryLimit,
  decideRetry,
} from "./retryPolicy";
import { TokenClaims, readTokenClaims } from "./tokenClaims";

export type { Target, TargetKind } from "./graphRoutes";
export { GraphError } from "./graphError";

export interface GraphClientOptions {
  /** Which Graph root to call; the cloud and the key that chose it are named in 401 hints. */
  endpoints: EndpointSettings;
  /** Request timeout, retry cap, concurrency and operation deadline. */
  client: ClientSettings;
  /** Bearer tokens for the Graph scope; asked once per attempt, so a retry after expiry gets a fresh one. */
  tokens: TokenSource;
  /** The process's limit on Graph requests in flight, shared by every client of the process. */
  callLimit: GraphCallLimit;
  /**
   * Backoff between retries when Graph sends no Retry-After. Default {@link DEFAULT_BACKOFF} (1 s doubling, at
   * most 60 s, full jitter). Only tests have a reason to change it.
   */
  backoff?: BackoffSettings;
}

const SYNCHRONIZATION_SECRET_PAIR = "microsoft.graph.synchronizationSecretKeyStringValuePair";
const APP_ID_LOOKUP_ORDER: readonly TargetKind[] = ["servicePrincipals", "applications"];

/** One call as the client sends it, retries included. */
interface GraphRequest {
  route: GraphRoute;
  deadline: OperationDeadline;
  /** Values that must never appear in what is reported (the credential values sent). */
  secrets: readonly string[];
  /** Credential key names sent, for the 400 hint; only acquireAccessToken has them. */
  credentialKeys?: readonly string[];
  /**
   * Whether the request may be sent twice: reads may, an acquireAccessToken only when none of its keys is single-use.
   * An attempt whose outcome is unknown is repeated only then.
   */
  repeatable: boolean;
  body?: unknown;
}

/** What the attempts of one request have sent so far. */
interface AttemptLog {
  attempts: number;
  /** Failed attempts that count against maxRetries (throttling with Retry-After does not). */
  countedFailures: number;
  /** Whether the last attempt went on the wire (false while it waited for a token or a slot). */
  lastAttemptSent: boolean;
  clientRequestId?: string;
  /** Tokens sent, so that an echo of one in an error body is redacted like the credential values. */
  tokensSent: Set<string>;
  /** What the last token sent says about itself, to explain a 401. */
  tokenClaims?: TokenClaims;
}

/** How one attempt ended: Graph's success by answerMeaning's table, or a failed outcome (with the answer if any). */
type AttemptResult = { applied: GraphAnswer } | { outcome: AttemptOutcome; answer?: GraphAnswer };

type CallResult =
  { ok: true; answer: GraphAnswer; log: AttemptLog } | { ok: false; facts: FailureFacts; ids: GraphTraceIds };

function jsonObjectOf(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export class GraphClient {
  private readonly exchange: GraphExchange;

  constructor(private readonly options: GraphClientOptions) {
    this.exchange = new GraphExchange(options.endpoints.graphRoot, options.client);
  }

  /**
   * Makes the provisioning service acquire a token for the target with these credentials (Graph answers 204).
   *
   * Success is what answerMeaning's table calls applied (204; 200 or 202 with an empty or JSON body). An answer that
   * leaves it unknown whether Graph applied the call (502, 504, a reset or timeout after the request was written, a
   * 2xx whose body was cut off) is retried only when every key may be sent twice: an authorization code works once,
   * so with one the call fails and says it may have been applied (GraphError.mayHaveBeenApplied). On a 404 the id
   * is looked up as an appId so that the error can name the object id to use instead.
   *
   * @throws GraphError on any failure.
   */
  async acquireAccessToken(target: Target, apiVersion: ApiVersion, credentials: CredentialPair[]): Promise<void> {
    const route = acquireAccessTokenRoute(target, apiVersion);
    // A key that is not a known name may be a value typed into the key's place: removed from Graph's text as well.
    const secrets = [
      ...credentials.map((pair) => pair.value),
      ...credentials.map((pair) => pair.key).filter((key) => !isKnownSynchronizationSecretKey(key)),
    ];
    const body = {
      credentials: credentials.map((pair) => ({
        "@odata.type": SYNCHRONIZATION_SECRET_PAIR,
        key: pair.key,
        value: pair.value,
      })),
    };
    const deadline = startDeadline(this.options.client.operationDeadlineMs);
    const credentialKeys = credentials.map((pair) => pair.key);
    const repeatable = singleUseKeysOf(credentialKeys).length === 0;
    const request = { route, deadline, secrets, credentialKeys, repeatable, body };
    try {
      const result = await this.send(request);
      if (!result.ok) {
        if (result.facts.kind === "status" && result.facts.status === 404) {
          const appIdLookup = await this.lookUpAsAppId(target, apiVersion, deadline);
          throw new GraphError({ ...result.facts, appIdLookup }, result.ids);
        }
        throw new GraphError(result.facts, result.ids);
      }
    } finally {
      deadline.dispose();
    }
  }

  /**
   * Tests the credentials the target was last authorized with against one of its provisioning jobs, sending no
   * secret (`useSavedCredentials`): Graph answers 204 when the target application accepts them. The call changes
   * nothing, so an attempt whose outcome is unknown is repeated like a read.
   * https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationjob-validatecredentials
   *
   * @param hidden values to remove from any error text (the credentials just sent, should Graph quote one back).
   * @throws GraphError on any failure, including the target refusing the credentials.
   */
  async validateCredentials(
    target: Target,
    jobId: string,
    apiVersion: ApiVersion,
    hidden: readonly string[] = [],
  ): Promise<void> {
    const route = validateCredentialsRoute(target, jobId, apiVersion);
    const deadline = startDeadline(this.options.client.operationDeadlineMs);
    const request = { route, deadline, secrets: hidden, body: { useSavedCredentials: true }, repeatable: true };
    try {
      const result = await this.send(request);
      if (!result.ok) {
        throw new GraphError(result.facts, result.ids);
      }
    } finally {
      deadline.dispose();
    }
  }

  /**
   * Whether the target still exists, for refresh, asked of a synchronization route (its templates) so that the
   * permissions that authorize also refresh. Only Graph's own 404 means absent: a 404 page from a proxy must not
   * make Pulumi forget the resource.
   *
   * @throws GraphError on any other failure.
   */
  async getDirectoryObject(target: Target, apiVersion: ApiVersion): Promise<"present" | "absent"> {
    const route = existenceProbeRoute(target, apiVersion);
    const deadline = startDeadline(this.options.client.operationDeadlineMs);
    const request = { route, deadline, secrets: [], repeatable: true };
    try {
      const result = await this.send(request);
      if (!result.ok) {
        if (result.facts.kind === "status" && result.facts.status === 404) {
          return "absent";
        }
        throw new GraphError(result.facts, result.ids);
      }
      if (result.answer.status !== 200 || !isCollection(result.answer.body)) {
        throw this.malformed(request, result, "200 with a JSON list of synchronization templates");
      }
      return "present";
    } finally {
      deadline.dispose();
    }
  }

  /**
   * One call of any route (the job schema's), sent with retries like the others; a failure is thrown as a GraphError.
   * Every such call may be sent again when its outcome is unknown: reads, parseExpression (it changes nothing), and
   * a PUT of a whole schema (the same body replaces to the same result).
   *
   * @param options.body the JSON body; `hidden`: values to remove from any error text; `answer`: what success must
   *   carry: a JSON object (`json`, answered as such) or nothing to read (`none`, the default).
   * @throws GraphError on any failure, and when a JSON object was expected and something else came.
   */
  async call(route: GraphRoute, options: { body?: unknown; hidden?: readonly string[] }): Promise<void>;
  async call(
    route: GraphRoute,
    options: { body?: unknown; hidden?: readonly string[]; answer: "json" },
  ): Promise<Record<string, unknown>>;
  async call(
    route: GraphRoute,
    options: { body?: unknown; hidden?: readonly string[]; answer?: "json" },
  ): Promise<Record<string, unknown> | void> {
    const deadline = startDeadline(this.options.client.operationDeadlineMs);
    const request: GraphRequest = {
      route,
      deadline,
      secrets: options.hidden ?? [],
      body: options.body,
      repeatable: true,
    };
    try {
      const result = await this.send(request);
      if (!result.ok) {
        throw new GraphError(result.facts, result.ids);
      }
      if (options.answer !== "json") {
        return;
      }
      const body = result.answer.status === 200 ? jsonObjectOf(result.answer.body) : undefined;
      if (body === undefined) {
        throw this.malformed(request, result, "200 with a JSON object");
      }
      return body;
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
    apiVersion: ApiVersion,
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
    apiVersion: ApiVersion,
    kinds: readonly TargetKind[],
    deadline: OperationDeadline,
  ): Promise<{ kind: TargetKind; objectId: string } | undefined> {
    for (const kind of kinds) {
      const request = { route: appIdLookupRoute(kind, appId, apiVersion), deadline, secrets: [], repeatable: true };
      const result = await this.send(request);
      if (!result.ok) {
        throw new GraphError(result.facts, result.ids);
      }
      const ids = result.answer.status === 200 ? objectIdsWithAppId(result.answer.body, appId) : undefined;
      if (ids === undefined) {
        throw this.malformed(request, result, "200 with a JSON list of objects");
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
    apiVersion: ApiVersion,
    deadline: OperationDeadline,
  ): Promise<AppIdLookupResult> {
    const kinds = [target.kind, ...APP_ID_LOOKUP_ORDER.filter((kind) => kind !== target.kind)];
    try {
      const found = await this.findByAppIdWithin(target.objectId, apiVersion, kinds, deadline);
      return found === undefined ? { outcome: "notAnAppId" } : { outcome: "isAppId", ...found };
    } catch (error) {
      if (error instanceof GraphError) {
        return error.status === 403 ? { outcome: "lookupNotPermitted" } : { outcome: "lookupFailed" };
      }
      throw error;
    }
  }

  /**
   * One request with its retries: an attempt, and while it failed in a way retryPolicy retries, a wait and another
   * attempt. Never throws an axios error: those carry the request, headers and body.
   */
  private async send(request: GraphRequest): Promise<CallResult> {
    const log: AttemptLog = { attempts: 0, countedFailures: 0, lastAttemptSent: false, tokensSent: new Set() };
    for (;;) {
      const result = await this.attempt(request, log);
      if ("applied" in result) {
        return { ok: true, answer: result.applied, log };
      }
      const { outcome, answer } = result;
      const nowMs = Date.now();
      if (countsAgainstRetryLimit(outcome, nowMs)) {
        log.countedFailures += 1;
      }
      const decision = decideRetry({
        outcome,
        attempts: log.attempts,
        countedFailures: log.countedFailures,
        maxRetries: this.options.client.maxRetries,
        repeatable: request.repeatable,
        nowMs,
        deadlineMs: request.deadline.atMs,
        backoff: this.options.backoff ?? DEFAULT_BACKOFF,
        random: Math.random,
      });
      if (!decision.retry) {
        const shownSecrets = [...request.secrets, ...log.tokensSent];
        const facts = this.failureFacts(request, answer, outcome, decision, log, shownSecrets);
        return { ok: false, facts, ids: traceIds(answer, log.clientRequestId, shownSecrets) };
      }
      await waitWithin(decision.delayMs, request.deadline.signal);
    }
  }

  /**
   * One attempt: a fresh token and client-request-id, the Retry-Attempt header, and a slot of the process-wide
   * limit held only while the request is on the wire (not while waiting to retry). Waiting for the token or for a
   * slot ends as soon as the deadline passes. A failure of the token source itself is thrown: keeping it free of
   * secrets is the token source's job. An abort knows from the log whether the request was on the wire.
   */
  private async attempt(request: GraphRequest, log: AttemptLog): Promise<AttemptResult> {
    const { route, deadline } = request;
    log.lastAttemptSent = false;
    try {
      const token = await untilAborted(this.options.tokens.getToken(), deadline.signal);
      const limit = this.options.callLimit.forConcurrency(this.options.client.maxConcurrency);
      const exchange = limit(() => {
        if (deadline.signal.aborted) {
          return Promise.reject(new axios.CanceledError());
        }
        log.attempts += 1;
        log.lastAttemptSent = true;
        log.clientRequestId = randomUUID();
        log.tokensSent.add(token);
        log.tokenClaims = readTokenClaims(token);
        return this.exchange.send({
          route,
          body: request.body,
          signal: deadline.signal,
          headers: {
            Authorization: `Bearer ${token}`,
            "client-request-id": log.clientRequestId,
            "return-client-request-id": "true",
            ...(log.attempts > 1 && { "Retry-Attempt": String(log.attempts - 1) }),
          },
        });
      });
      const result = await untilAborted(exchange, deadline.signal);
      if ("error" in result) {
        throw result.error;
      }
      const outcome = outcomeOfAnswer(result.answer);
      return outcome === undefined ? { applied: result.answer } : { outcome, answer: result.answer };
    } catch (error) {
      if (axios.isAxiosError(error)) {
        const outcome = outcomeOf(error);
        return { outcome: outcome.kind === "aborted" ? { kind: "aborted", inFlight: log.lastAttemptSent } : outcome };
      }
      throw error;
    }
  }

  private failureFacts(
    request: GraphRequest,
    answer: GraphAnswer | undefined,
    outcome: AttemptOutcome,
    stop: { reason: StopReason; retryAfterMs?: number },
    log: AttemptLog,
    secrets: readonly string[],
  ): FailureFacts {
    const reading = answer === undefined ? undefined : factsOfAnswer(answer, secrets);
    const kind = failureKind(outcome, stop.reason, reading?.isGraphError ?? false);
    return {
      ...this.callFacts(request, kind, log.attempts),
      ...reading?.facts,
      refusedWaitMs: stop.retryAfterMs,
      // Only a POST, PUT or DELETE changes anything; a read whose outcome is unknown changed nothing either way.
      mayHaveBeenApplied: request.route.method !== "GET" && applicationOf(outcome) === "unknown",
      tokenClaims: answer?.status === 401 ? log.tokenClaims : undefined,
      connectionCode: outcome.kind === "connectionFailed" ? outcome.code : undefined,
    };
  }

  private callFacts(request: GraphRequest, kind: GraphFailureKind, attempts: number): FailureFacts {
    const { endpoints, client } = this.options;
    return callFacts(
      { route: request.route, kind, attempts, credentialKeys: request.credentialKeys },
      endpoints,
      client,
    );
  }

  /** A success status with the wrong shape: the answer is reported, never trusted. */
  private malformed(
    request: GraphRequest,
    { answer, log }: { answer: GraphAnswer; log: AttemptLog },
    expected: string,
  ): GraphError {
    const shownSecrets = [...request.secrets, ...log.tokensSent];
    const facts: FailureFacts = {
      ...this.callFacts(request, "malformedResponse", log.attempts),
      ...factsOfAnswer(answer, shownSecrets).facts,
      expected,
    };
    return new GraphError(facts, traceIds(answer, log.clientRequestId, shownSecrets));
  }
}
