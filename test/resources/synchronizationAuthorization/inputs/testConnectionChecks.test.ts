import { strict as assert } from "node:assert";
import type { InputFailure } from "../../../../provider/core/resourceDefinition";
import { checkTestConnection } from "../../../../provider/resources/synchronizationAuthorization/inputs/testConnectionChecks";
import { validateInputs } from "../../../../provider/resources/synchronizationAuthorization/inputs/validateInputs";
import { UNKNOWN_VALUE } from "../../../../provider/core/unknownValue";

const JOB = `scim.${"a".repeat(32)}.${"b".repeat(32)}`;

function checked(raw: unknown): { value: ReturnType<typeof checkTestConnection>; failures: InputFailure[] } {
  const failures: InputFailure[] = [];
  return { value: checkTestConnection(raw, failures), failures };
}

describe("checkTestConnection", () => {
  it("accepts a job id, and failUpOnFailure as a boolean", () => {
    assert.deepEqual(checked({ jobId: JOB }), { value: { jobId: JOB }, failures: [] });
    assert.deepEqual(checked({ jobId: JOB, failUpOnFailure: true }), {
      value: { jobId: JOB, failUpOnFailure: true },
      failures: [],
    });
  });

  it("keeps an unknown job id (a job created in the same stack) and an unknown whole setting", () => {
    assert.deepEqual(checked({ jobId: UNKNOWN_VALUE }).value, { jobId: UNKNOWN_VALUE });
    assert.deepEqual(checked(UNKNOWN_VALUE).value, { jobId: UNKNOWN_VALUE });
  });

  it("takes azuread's job id and keeps only the job's own id, when the job is the target's", () => {
    const sp = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    const failures: InputFailure[] = [];
    const azureadId = `/servicePrincipals/${sp}/synchronization/jobs/${JOB}`;
    assert.deepEqual(checkTestConnection({ jobId: azureadId }, failures, sp), { jobId: JOB });
    assert.equal(failures.length, 0);
    const other = checkTestConnection({ jobId: azureadId }, failures, "8c1a7d2e-9b3f-4e5a-a6c7-d8e9f0a1b2c3");
    assert.equal(other, undefined);
    assert.match(failures[0].reason, /names a job of object .*not of the target/);
  });

  it("treats absent as no test", () => {
    assert.deepEqual(checked(undefined), { value: undefined, failures: [] });
    assert.deepEqual(checked(null), { value: undefined, failures: [] });
  });

  it("names the property and the fix for bad input", () => {
    assert.equal(checked("job").failures[0].property, "testConnection");
    assert.match(checked("job").failures[0].reason, /\{ jobId: job\.id \}/);
    assert.equal(checked({}).failures[0].property, "testConnection.jobId");
    assert.match(checked({ jobId: " " }).failures[0].reason, /got an empty string/);
    assert.equal(
      checked({ jobId: JOB, failUpOnFailure: "yes" }).failures[0].property,
      "testConnection.failUpOnFailure",
    );
    const typo = checked({ jobID: JOB });
    assert.deepEqual(
      typo.failures.map((failure) => failure.property),
      ["testConnection.jobID", "testConnection.jobId"],
    );
    assert.match(typo.failures[0].reason, /did you mean "jobId"/);
  });

  it("is part of the resource's inputs", () => {
    const validation = validateInputs({
      servicePrincipalId: "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
      credentials: { SecretToken: "x" },
      testConnection: { jobId: JOB },
    });
    assert.deepEqual(validation.failures, []);
    assert.deepEqual(validation.inputs?.testConnection, { jobId: JOB });
  });
});
