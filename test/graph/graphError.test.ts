import { strict as assert } from "node:assert";
import { inspect } from "node:util";
import { GraphError } from "../../provider/graph/graphError";
import type { FailureFacts } from "../../provider/graph/failureFacts";
import { acquireAccessTokenRoute } from "../../provider/graph/graphRoutes";
import { sampleFailureFacts } from "./sampleFailureFacts";

const facts: FailureFacts = sampleFailureFacts(
  acquireAccessTokenRoute({ kind: "servicePrincipals", objectId: "5b000000-0000-4000-8000-000000000101" }, "v1.0"),
  {
    status: 403,
    code: "Authorization_RequestDenied",
    graphMessage: "Insufficient privileges to complete the operation.",
    credentialKeys: ["SecretToken"],
  },
);
const ids = { requestId: "r-1", clientRequestId: "c-1", date: "Tue, 24 Nov 2026 09:00:00 GMT" };

describe("GraphError", () => {
  it("reads route, what happened, the hint, then the ids support asks for", () => {
    const error = new GraphError(facts, ids);
    assert.match(
      error.message,
      /^Graph POST \/v1\.0\/servicePrincipals\/\{id\}\/synchronization\/acquireAccessToken \(id 5b000000-0000-4000-8000-000000000101\) failed: 403 Authorization_RequestDenied: Insufficient privileges to complete the operation\. Hint: The signed-in identity lacks permission\./,
    );
    assert.ok(
      error.message.endsWith(
        "(request-id: r-1, client-request-id: c-1, date: Tue, 24 Nov 2026 09:00:00 GMT, attempts: 1)",
      ),
    );
  });

  it("ends a summary without its own full stop with one", () => {
    const error = new GraphError({ ...facts, kind: "timeout", status: undefined }, {});
    assert.match(error.message, /failed: no response within 60 s\. Hint: /);
    assert.match(error.message, /\(request-id: none, client-request-id: none, date: none, attempts: 1\)$/);
  });

  it("exposes each field for callers that branch on them", () => {
    const error = new GraphError(facts, ids);
    assert.equal(error.name, "GraphError");
    assert.equal(error.kind, "status");
    assert.equal(error.status, 403);
    assert.equal(error.code, "Authorization_RequestDenied");
    assert.equal(error.graphMessage, "Insufficient privileges to complete the operation.");
    assert.deepEqual(error.route, {
      method: "POST",
      template: "/v1.0/servicePrincipals/{id}/synchronization/acquireAccessToken",
      id: "5b000000-0000-4000-8000-000000000101",
    });
    assert.equal(error.requestId, "r-1");
    assert.equal(error.clientRequestId, "c-1");
    assert.equal(error.date, "Tue, 24 Nov 2026 09:00:00 GMT");
    assert.equal(error.attempts, 1);
    assert.ok(error.message.includes(error.hint));
    assert.ok(error instanceof Error);
  });

  it("serializes to its plain fields only, not the facts it was built from", () => {
    const serialized = JSON.parse(JSON.stringify(new GraphError(facts, ids))) as Record<string, unknown>;
    assert.deepEqual(Object.keys(serialized).sort(), [
      "attempts",
      "clientRequestId",
      "code",
      "date",
      "graphMessage",
      "hint",
      "kind",
      "mayHaveBeenApplied",
      "name",
      "requestId",
      "route",
      "status",
    ]);
    assert.doesNotMatch(inspect(new GraphError(facts, ids), { showHidden: true }), /credentialKeys|cloudSource/);
  });
});
