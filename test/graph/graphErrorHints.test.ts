import { strict as assert } from "node:assert";
import { describeFailure } from "../../provider/graph/graphErrorHints";
import type { FailureFacts } from "../../provider/graph/failureFacts";
import { acquireAccessTokenRoute, existenceProbeRoute, jobSchemaRoute } from "../../provider/graph/graphRoutes";

const SP_ID = "5b000000-0000-4000-8000-000000000101";
const postRoute = acquireAccessTokenRoute({ kind: "servicePrincipals", objectId: SP_ID }, "v1.0");

function facts(overrides: Partial<FailureFacts>): FailureFacts {
  return {
    kind: "status",
    route: postRoute,
    attempts: 1,
    cloud: "usgovernmentl4",
    graphRoot: "https://graph.microsoft.us",
    graphScope: "https://graph.microsoft.us/.default",
    cloudSource: "syncauth:cloud",
    requestTimeoutMs: 60_000,
    operationDeadlineMs: 600_000,
    maxRetries: 5,
    credentialKeys: ["BaseAddress", "SecretToken"],
    ...overrides,
  };
}

describe("graphErrorHints", () => {
  it("401 names the cloud, the Graph root and what chose them", () => {
    const { summary, hint } = describeFailure(
      facts({ status: 401, code: "InvalidAuthenticationToken", graphMessage: "Access token validation failure." }),
    );
    assert.equal(summary, "401 InvalidAuthenticationToken: Access token validation failure.");
    assert.match(hint, /usgovernmentl4 cloud/);
    assert.match(hint, /https:\/\/graph\.microsoft\.us/);
    assert.match(hint, /chosen by syncauth:cloud/);
    assert.match(hint, /another cloud or audience, an expired token/);
  });

  it("401 describes the token sent and says when its audience is another cloud's", () => {
    const { hint } = describeFailure(
      facts({
        status: 401,
        graphRoot: "https://graph.microsoft.com",
        graphScope: "https://graph.microsoft.com/.default",
        tokenClaims: { audience: "https://graph.microsoft.us", tenantId: "t-1", expiresAt: "2026-11-24T10:00:00.000Z" },
      }),
    );
    assert.match(
      hint,
      /The token sent is for audience https:\/\/graph\.microsoft\.us, from tenant t-1, valid until 2026-11-24T10:00:00\.000Z\./,
    );
    assert.match(hint, /That audience is not https:\/\/graph\.microsoft\.com: the token is for another cloud or API\./);
  });

  it("401 through a proxy in front of Graph does not call the Graph token's audience foreign", () => {
    const { hint } = describeFailure(
      facts({
        status: 401,
        graphRoot: "https://graph-proxy.contoso.example",
        graphScope: "https://graph.microsoft.com/.default",
        tokenClaims: { audience: "https://graph.microsoft.com", tenantId: "t-1" },
      }),
    );
    assert.doesNotMatch(hint, /another cloud or API/);
    assert.match(hint, /scope https:\/\/graph\.microsoft\.com\/\.default/);
  });

  it("401 names syncauth:graphScope beside the endpoint keys, and the scope the token was requested for", () => {
    const { hint } = describeFailure(
      facts({ status: 401, graphRoot: "https://127.0.0.1:9443", graphScope: "https://127.0.0.1:8443/.default" }),
    );
    assert.match(hint, /scope https:\/\/127\.0\.0\.1:8443\/\.default/);
    assert.match(hint, /syncauth:graphScope/);
  });

  it("401 does not call Graph's own app id or the same origin a foreign audience", () => {
    for (const audience of ["00000003-0000-0000-c000-000000000000", "https://graph.microsoft.us/"]) {
      const { hint } = describeFailure(facts({ status: 401, tokenClaims: { audience } }));
      assert.ok(hint.includes(`audience ${audience}, from tenant (unknown), valid until (unknown).`), hint);
      assert.doesNotMatch(hint, /another cloud or API/);
    }
  });

  it("403 names both permissions, ownership of the target and admin consent", () => {
    const { hint } = describeFailure(facts({ status: 403, code: "Authorization_RequestDenied" }));
    assert.match(hint, /Synchronization\.ReadWrite\.All/);
    assert.match(hint, /Application\.ReadWrite\.OwnedBy/);
    assert.match(hint, new RegExp(`owner of service principal ${SP_ID}`));
    assert.match(hint, /admin consent/);
  });

  it("403 on an application target calls it an application", () => {
    const route = acquireAccessTokenRoute({ kind: "applications", objectId: "a99" }, "beta");
    const { hint } = describeFailure(facts({ route, status: 403 }));
    assert.match(hint, /owner of application a99/);
  });

  it("403 on a schema route names the permissions its reference page lists, least privileged first", () => {
    const target = { kind: "servicePrincipals" as const, objectId: SP_ID };
    const parse = describeFailure(
      facts({ route: jobSchemaRoute("parseExpression", target, "j1", "v1.0"), status: 403 }),
    );
    assert.match(
      parse.hint,
      /POST \/v1\.0\/servicePrincipals\/\{id\}\/synchronization\/jobs\/j1\/schema\/parseExpression/,
    );
    assert.match(
      parse.hint,
      /one of the Microsoft Graph application permissions Application\.ReadWrite\.OwnedBy, Synchronization\.ReadWrite\.All \(/,
    );
    assert.doesNotMatch(parse.hint, /Synchronization\.Read\.All/);
    const read = describeFailure(facts({ route: jobSchemaRoute("get", target, "j1", "v1.0"), status: 403 }));
    assert.match(
      read.hint,
      /CustomSecAttributeProvisioning\.Read\.All, Application\.ReadWrite\.OwnedBy, Synchronization\.Read\.All/,
    );
  });

  it("404 on a job's route says the job (or its object) was not found", () => {
    const target = { kind: "servicePrincipals" as const, objectId: SP_ID };
    const { hint } = describeFailure(facts({ route: jobSchemaRoute("get", target, "j1", "v1.0"), status: 404 }));
    assert.match(hint, /no such provisioning job of service principal/);
    assert.match(hint, /check jobId/);
  });

  it("404 on an appId names the service principal's object id and the property to set", () => {
    const { hint } = describeFailure(
      facts({
        status: 404,
        code: "Request_ResourceNotFound",
        appIdLookup: { outcome: "isAppId", kind: "servicePrincipals", objectId: "5b-object-id" },
      }),
    );
    assert.equal(
      hint,
      `${SP_ID} is an appId; the object id of the service principal is 5b-object-id: set servicePrincipalId to it.`,
    );
  });

  it("404 on an application appId says to set applicationId", () => {
    const { hint } = describeFailure(
      facts({ status: 404, appIdLookup: { outcome: "isAppId", kind: "applications", objectId: "a99-object" } }),
    );
    assert.match(hint, /object id of the application is a99-object: set applicationId to it/);
  });

  it("404 on an unknown id says it does not exist in this tenant and cloud", () => {
    const { hint } = describeFailure(facts({ status: 404, appIdLookup: { outcome: "notAnAppId" } }));
    assert.match(hint, new RegExp(`No service principal with object id ${SP_ID} exists`));
    assert.match(hint, /usgovernmentl4 cloud \(https:\/\/graph\.microsoft\.us\)/);
    assert.doesNotMatch(hint, /could not be checked/);
  });

  it("404 says so when the appId lookup itself failed", () => {
    const { hint } = describeFailure(facts({ status: 404, appIdLookup: { outcome: "lookupFailed" } }));
    assert.match(hint, /whether it is an appId could not be checked/);
  });

  it("400 names the rejected key Graph mentions and lists the keys sent", () => {
    const { hint } = describeFailure(
      facts({ status: 400, code: "BadRequest", graphMessage: "The value of secretToken is not valid." }),
    );
    assert.match(hint, /Graph names the credential key SecretToken\./);
    assert.match(hint, /Keys sent: BaseAddress, SecretToken \(values are never shown\)/);
  });

  it("400 without a key in Graph's message still lists the keys sent", () => {
    const { hint } = describeFailure(facts({ status: 400, graphMessage: "Invalid request." }));
    assert.doesNotMatch(hint, /Graph names/);
    assert.match(hint, /Keys sent: BaseAddress, SecretToken/);
  });

  it("400 does not take a key name inside a longer word for a match", () => {
    const { hint } = describeFailure(
      facts({ status: 400, graphMessage: "BaseAddressing failed", credentialKeys: ["BaseAddress"] }),
    );
    assert.doesNotMatch(hint, /Graph names/);
  });

  it("400 lists only known key names: another key may be a value typed as a key", () => {
    const typedAsKey = "swapped-CANARY-3b9d7e1a2c";
    const { hint } = describeFailure(
      facts({ status: 400, graphMessage: `Invalid key ${typedAsKey}.`, credentialKeys: ["BaseAddress", typedAsKey] }),
    );
    assert.match(hint, /Keys sent: BaseAddress and 1 key not shown/);
    assert.ok(!hint.includes(typedAsKey));
  });

  it("400 with no keys sent says so", () => {
    const { hint } = describeFailure(facts({ status: 400, credentialKeys: [] }));
    assert.match(hint, /Keys sent: \(none\)/);
  });

  it("400 outside acquireAccessToken speaks of the request, not of keys", () => {
    const route = existenceProbeRoute({ kind: "servicePrincipals", objectId: SP_ID }, "v1.0");
    const { hint } = describeFailure(facts({ route, status: 400, credentialKeys: undefined }));
    assert.doesNotMatch(hint, /Keys sent/);
    assert.match(hint, /rejected the request as malformed/);
  });

  it("exhausted retries give the attempts, the last status and its Retry-After", () => {
    const { summary, hint } = describeFailure(
      facts({ kind: "retriesExhausted", status: 429, code: "TooManyRequests", retryAfter: "2.5", attempts: 6 }),
    );
    assert.equal(summary, "429 TooManyRequests");
    assert.match(hint, /Gave up after 6 attempts; the last answer was 429 with Retry-After: 2\.5/);
    assert.match(hint, /syncauth:maxRetries \(now 5\)/);
  });

  it("exhausted retries without Retry-After say so", () => {
    const { hint } = describeFailure(facts({ kind: "retriesExhausted", status: 503, attempts: 3 }));
    assert.match(hint, /the last answer was 503 without Retry-After/);
  });

  it("a POST timeout names host, timeout and key", () => {
    const { summary, hint } = describeFailure(facts({ kind: "timeout", requestTimeoutMs: 1500 }));
    assert.equal(summary, "no response within 1.5 s");
    assert.match(hint, /No answer from graph\.microsoft\.us within 1\.5 s \(syncauth:requestTimeoutSeconds/);
    assert.match(hint, /syncauth:operationTimeoutSeconds/);
  });

  const unknownOutcomes: Array<[string, Partial<FailureFacts>, RegExp]> = [
    ["a 504", { status: 504, code: "GatewayTimeout", graphMessage: "Gateway timeout" }, /^504 GatewayTimeout/],
    ["a reset", { connectionCode: "ECONNRESET" }, /^connection failed \(ECONNRESET\)/],
    ["a timeout", { requestTimeoutMs: 1500 }, /^no response within 1\.5 s/],
  ];
  for (const [what, extra, summaryStart] of unknownOutcomes) {
    it(`${what} with a single-use key: may have been applied, the portal check, a new code and triggers`, () => {
      const { summary, hint } = describeFailure(
        facts({
          kind: "unknownOutcome",
          credentialKeys: ["BaseAddress", "Oauth2AuthorizationCode"],
          singleUseKeys: ["Oauth2AuthorizationCode"],
          mayHaveBeenApplied: true,
          ...extra,
        }),
      );
      assert.match(summary, summaryStart);
      assert.match(summary, /may have been applied/);
      assert.match(hint, /Oauth2AuthorizationCode/);
      assert.match(hint, /Provisioning → Test Connection/);
      assert.match(hint, /new authorization code/);
      assert.match(hint, /`triggers`/);
      assert.doesNotMatch(hint, /run again/i);
    });
  }

  it("a POST cut off in flight by the deadline may have been applied and is not to be run again", () => {
    const { hint } = describeFailure(
      facts({ kind: "deadline", attempts: 1, mayHaveBeenApplied: true, singleUseKeys: ["Oauth2AuthorizationCode"] }),
    );
    assert.match(hint, /may have been applied/);
    assert.match(hint, /syncauth:operationTimeoutSeconds/);
    assert.match(hint, /`triggers`/);
    assert.doesNotMatch(hint, /run again/i);
  });

  it("a deadline that stopped a wait between retries still suggests running again", () => {
    const { hint } = describeFailure(facts({ kind: "deadline", attempts: 2, mayHaveBeenApplied: false }));
    assert.match(hint, /run again when Graph is less busy/);
  });

  it("a GET timeout says how many attempts were made", () => {
    const route = existenceProbeRoute({ kind: "servicePrincipals", objectId: SP_ID }, "v1.0");
    const { hint } = describeFailure(facts({ kind: "timeout", route, attempts: 3 }));
    assert.match(hint, /Tried 3 attempts/);
    assert.doesNotMatch(hint, /single-use/);
  });

  it("a connection failure names the code, host, timeouts and keys", () => {
    const { summary, hint } = describeFailure(
      facts({ kind: "connection", connectionCode: "ECONNREFUSED", attempts: 6, graphRoot: "https://127.0.0.1:4443" }),
    );
    assert.equal(summary, "connection failed (ECONNREFUSED)");
    assert.match(hint, /Could not reach 127\.0\.0\.1:4443 after 6 attempts/);
    assert.match(hint, /60 s \(syncauth:requestTimeoutSeconds\)/);
    assert.match(hint, /600 s \(syncauth:operationTimeoutSeconds\)/);
  });

  it("exhausted retries on a proxy page describe the page instead of Graph's message", () => {
    const { summary } = describeFailure(
      facts({ kind: "retriesExhausted", status: 502, contentType: "text/html", excerpt: "Bad Gateway", attempts: 6 }),
    );
    assert.equal(summary, '502, content type text/html, body starts: "Bad Gateway"');
  });

  it("a deadline reached while throttled gives the last answer and its Retry-After", () => {
    const { summary } = describeFailure(
      facts({ kind: "deadline", status: 429, code: "TooManyRequests", retryAfter: "30", operationDeadlineMs: 5000 }),
    );
    assert.equal(summary, "not finished within 5 s; the last answer was 429 TooManyRequests (Retry-After: 30)");
  });

  it("a Retry-After that ends past the deadline says Graph asked for longer and nothing was waited", () => {
    const { summary, hint } = describeFailure(
      facts({
        kind: "deadline",
        status: 429,
        code: "TooManyRequests",
        retryAfter: "3600",
        refusedWaitMs: 3_600_000,
        operationDeadlineMs: 600_000,
      }),
    );
    assert.equal(
      summary,
      "gave up at once: Graph asked to wait 3600 s, past the operation deadline (600 s); the last answer was " +
        "429 TooManyRequests (Retry-After: 3600)",
    );
    assert.match(
      hint,
      /^Graph asked to wait 3600 s \(Retry-After\), which ends past the operation deadline \(600 s, syncauth:operationTimeoutSeconds\)/,
    );
    assert.doesNotMatch(hint, /not finished within/);
  });

  it("a Retry-After past the deadline after retries says how many attempts were made, never 'at once'", () => {
    const { summary, hint } = describeFailure(
      facts({
        kind: "deadline",
        status: 429,
        code: "TooManyRequests",
        retryAfter: "0.001",
        refusedWaitMs: 1000,
        operationDeadlineMs: 3000,
        attempts: 3,
      }),
    );
    assert.doesNotMatch(summary, /at once/);
    assert.equal(
      summary,
      "gave up after 3 attempts: the next wait (1 s) would end past the operation deadline (3 s); the last " +
        "answer was 429 TooManyRequests (Retry-After: 0.001)",
    );
    assert.doesNotMatch(hint, /nothing was waited/);
    assert.match(hint, /after 3 attempts/);
  });

  it("a host name that does not resolve says so", () => {
    const { hint } = describeFailure(facts({ kind: "connection", connectionCode: "ENOTFOUND" }));
    assert.match(hint, /^The host name graph\.microsoft\.us does not resolve/);
  });

  for (const code of ["SELF_SIGNED_CERT_IN_CHAIN", "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "ERR_TLS_CERT_ALTNAME_INVALID"]) {
    it(`an untrusted certificate (${code}) points at NODE_EXTRA_CA_CERTS`, () => {
      const { hint } = describeFailure(facts({ kind: "connection", connectionCode: code }));
      assert.ok(hint.startsWith(`The TLS certificate of graph.microsoft.us is not trusted (${code})`), hint);
      assert.match(hint, /NODE_EXTRA_CA_CERTS/);
    });
  }

  it("a refused connection gives no DNS or TLS cause", () => {
    const { hint } = describeFailure(facts({ kind: "connection", connectionCode: "ECONNREFUSED" }));
    assert.match(hint, /^Could not reach/);
  });

  it("the deadline names the operation timeout key", () => {
    const { summary, hint } = describeFailure(facts({ kind: "deadline", operationDeadlineMs: 2000, attempts: 2 }));
    assert.equal(summary, "not finished within 2 s");
    assert.match(hint, /Gave up after 2 attempts .* at most 2 s \(syncauth:operationTimeoutSeconds\)/);
  });

  it("a deadline reached before any request says what held it up", () => {
    const { hint } = describeFailure(facts({ kind: "deadline", attempts: 0 }));
    assert.match(
      hint,
      /^Gave up before any request was sent \(other Graph calls held every slot of syncauth:maxConcurrency/,
    );
  });

  it("a malformed answer names status, content type, expectation and excerpt", () => {
    const { summary, hint } = describeFailure(
      facts({
        kind: "malformedResponse",
        status: 200,
        contentType: "text/html",
        expected: "204 No Content",
        excerpt: "Sign in to continue",
      }),
    );
    assert.equal(
      summary,
      'unexpected answer 200 where 204 No Content was expected, content type text/html, body starts: "Sign in to continue"',
    );
    assert.match(hint, /proxy, firewall or captive portal/);
  });

  it("a malformed answer with an empty body says so", () => {
    const { summary } = describeFailure(facts({ kind: "malformedResponse", status: 200, expected: "204 No Content" }));
    assert.equal(summary, "unexpected answer 200 where 204 No Content was expected, content type (none), empty body");
  });
});
