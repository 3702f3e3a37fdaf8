import { strict as assert } from "node:assert";
import type { CheckedInputs } from "../../../provider/resources/synchronizationAuthorization/authorizationState";
import {
  connectionTestReasons,
  describeConnectionTest,
  singleUseRefusal,
} from "../../../provider/resources/synchronizationAuthorization/connectionTest";
import {
  MAX_MESSAGE_LENGTH,
  connectionTestDetail,
  connectionTestResult,
} from "../../../provider/resources/synchronizationAuthorization/connectionTestResult";
import { credentialFingerprint } from "../../../provider/resources/synchronizationAuthorization/credentialFingerprint";
import { planChange, type PlanContext } from "../../../provider/resources/synchronizationAuthorization/planChange";
import { GraphError } from "../../../provider/graph/graphError";
import type { FailureFacts } from "../../../provider/graph/failureFacts";
import { validateCredentialsRoute } from "../../../provider/graph/graphRoutes";
import { sampleFailureFacts } from "../../graph/sampleFailureFacts";

const SP_ID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
const JOB = `scim.${"a".repeat(32)}.${"b".repeat(32)}`;
const SECRET = "CANARY-value-9f8e7d6c5b";
const REFUSED = "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable";
const CONTEXT: PlanContext = { cloud: "global", graphEndpoint: "https://graph.microsoft.com", now: new Date() };

function graphFailure(status: number | undefined, code: string | undefined, graphMessage: string, kind = "status") {
  const route = validateCredentialsRoute({ kind: "servicePrincipals", objectId: SP_ID }, JOB, "v1.0");
  const facts = sampleFailureFacts(route, { kind: kind as FailureFacts["kind"], status, code, graphMessage });
  return new GraphError(facts, {});
}

describe("connectionTest", () => {
  describe("connectionTestResult", () => {
    it("records a pass without code or message", () => {
      assert.deepEqual(connectionTestResult(JOB, "up"), { status: "passed", jobId: JOB, during: "up" });
    });

    it("calls a 400 a refusal by the target, and keeps Graph's code", () => {
      const result = connectionTestResult(
        JOB,
        "refresh",
        graphFailure(400, REFUSED, "You appear to have entered invalid credentials."),
      );
      assert.equal(result.status, "failed");
      assert.equal(result.code, REFUSED);
      assert.ok(!JSON.stringify(result).includes("invalid credentials"), "Graph's message is not kept");
    });

    it("keeps a code or request id only in its fixed shape: anything else came from elsewhere and may be a value", () => {
      const route = validateCredentialsRoute({ kind: "servicePrincipals", objectId: SP_ID }, JOB, "v1.0");
      const facts = sampleFailureFacts(route, { kind: "status", status: 400, code: `bad ${SECRET}`, graphMessage: "" });
      const odd = connectionTestResult(JOB, "up", new GraphError(facts, { requestId: SECRET }));
      assert.equal(odd.code, "HTTP 400");
      assert.equal(odd.requestId, undefined);
      const id = "0a1b2c3d-4e5f-6789-abcd-ef0123456789";
      const shaped = connectionTestResult(JOB, "up", new GraphError({ ...facts, code: REFUSED }, { requestId: id }));
      assert.equal(shaped.code, REFUSED);
      assert.equal(shaped.requestId, id);
    });

    it("calls any other failure an error that says nothing about the target", () => {
      assert.equal(
        connectionTestResult(JOB, "up", graphFailure(403, "Authorization_RequestDenied", "no")).status,
        "error",
      );
      assert.equal(
        connectionTestResult(JOB, "up", graphFailure(404, "Request_ResourceNotFound", "no")).status,
        "error",
      );
      const network = connectionTestResult(JOB, "up", graphFailure(undefined, undefined, "", "connection"));
      assert.equal(network.status, "error");
      assert.equal(network.code, "connection");
    });
  });

  describe("connectionTestDetail", () => {
    it("redacts the values held and JWT shapes, and cuts Graph's message short", () => {
      const jwt = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln";
      const long = `echo ${SECRET} and ${encodeURIComponent(SECRET)} and ${jwt} ${"x".repeat(500)}`;
      const detail = connectionTestDetail(graphFailure(400, REFUSED, long), { values: [SECRET] });
      assert.ok(!detail.includes(SECRET));
      assert.ok(!detail.includes(jwt));
      assert.ok(detail.includes("[redacted]"));
      assert.equal(detail.length, MAX_MESSAGE_LENGTH);
    });

    it("leaves Graph's message out, and says why, when a value the target may echo is not held", () => {
      const detail = connectionTestDetail(graphFailure(400, REFUSED, `Failed with token ${SECRET}`), {
        values: [],
        missing: "this refresh does not hold the credentials a target may echo",
      });
      assert.ok(!detail.includes(SECRET));
      assert.match(detail, /Graph's message is not shown: this refresh does not hold the credentials/);
    });

    it("leaves the message out when a held value is too short to remove", () => {
      const detail = connectionTestDetail(graphFailure(400, REFUSED, "Password xyz is wrong"), { values: ["xyz"] });
      assert.ok(!detail.includes("xyz"), detail);
    });
  });

  describe("describeConnectionTest", () => {
    it("shows a job id of Graph's shape or a GUID, and only describes other text (a token in the wrong field)", () => {
      const failed = { status: "failed", during: "refresh", code: REFUSED, message: "no" } as const;
      assert.match(describeConnectionTest({ ...failed, jobId: JOB }), new RegExp(`job "${JOB}" at refresh failed`));
      assert.match(describeConnectionTest({ ...failed, jobId: SP_ID }), new RegExp(`job "${SP_ID}"`));
      const shown = describeConnectionTest({ ...failed, jobId: SECRET });
      assert.ok(!shown.includes(SECRET), shown);
      assert.match(shown, /job \(a 23-character string, not shown in case it is a secret/);
    });
  });

  describe("in a plan", () => {
    const inputs: CheckedInputs = {
      target: `servicePrincipals/${SP_ID}`,
      servicePrincipalId: SP_ID,
      credentials: [{ key: "SecretToken", value: SECRET }],
      apiVersion: "v1.0",
      testConnection: { jobId: JOB },
    };
    const failedAtRefresh = { status: "failed", jobId: JOB, during: "refresh", code: REFUSED, message: "m" };

    it("gives a reason to authorize again only for a refusal seen at refresh while testConnection is set", () => {
      assert.deepEqual(connectionTestReasons({ connectionTest: failedAtRefresh }, inputs), [
        `the connection test at refresh failed: ${REFUSED}`,
      ]);
      assert.deepEqual(connectionTestReasons({ connectionTest: { ...failedAtRefresh, during: "up" } }, inputs), []);
      assert.deepEqual(connectionTestReasons({ connectionTest: { ...failedAtRefresh, status: "error" } }, inputs), []);
      assert.deepEqual(connectionTestReasons({ connectionTest: failedAtRefresh }, {}), []);
      assert.deepEqual(connectionTestReasons({ connectionTest: "odd" }, inputs), []);
    });

    it("refuses when the test is the only reason and a key is single-use", () => {
      const reason = [`the connection test at refresh failed: ${REFUSED}`];
      const code = { credentials: [{ key: "Oauth2AuthorizationCode" }] };
      assert.match(
        String(singleUseRefusal(reason, reason, code)),
        /accepted only once.*new authorization code.*triggers/s,
      );
      assert.equal(singleUseRefusal([...reason, "credentials changed"], reason, code), undefined);
      assert.equal(singleUseRefusal(reason, reason, { credentials: [{ key: "SecretToken" }] }), undefined);
      assert.match(
        String(
          singleUseRefusal(reason, reason, {
            credentials: [],
            writeOnlyCredentials: [{ key: "Oauth2AuthorizationCode" }],
          }),
        ),
        /writeOnlyCredentialsVersion/,
      );
    });

    it("records a changed job without authorizing, and leaves state without testConnection unchanged", () => {
      const olds = {
        target: inputs.target,
        servicePrincipalId: SP_ID,
        credentialKeys: ["SecretToken"],
        credentialFingerprint: credentialFingerprint("salt", inputs.credentials),
        fingerprintSalt: "salt",
        lastAuthorizedAt: "2026-01-01T00:00:00.000Z",
      };
      const plain: CheckedInputs = { ...inputs };
      delete plain.testConnection;
      assert.deepEqual(planChange({ ...olds }, plain, CONTEXT), {
        changes: false,
        authorize: false,
        replaces: [],
        reasons: [],
      });
      assert.deepEqual(planChange({ ...olds }, inputs, CONTEXT), {
        changes: true,
        authorize: false,
        replaces: [],
        reasons: ["testConnection changed (no new authorization)"],
      });
      const same = { ...olds, testConnection: { jobId: JOB } };
      assert.equal(planChange(same, inputs, CONTEXT).changes, false);
      const failed = planChange({ ...same, connectionTest: failedAtRefresh }, inputs, CONTEXT);
      assert.deepEqual(failed.reasons, [`the connection test at refresh failed: ${REFUSED}`]);
      assert.equal(failed.authorize, true);
      assert.equal(failed.refusal, undefined);
    });
  });
});
