import { strict as assert } from "node:assert";
import type { InputFailure } from "../../../provider/core/inputs/inputFailure";
import { checkTestConnection } from "../../../provider/core/inputs/testConnectionChecks";
import { validateInputs } from "../../../provider/core/inputs/validateInputs";
import { UNKNOWN_VALUE } from "../../../provider/core/unknownValue";

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
