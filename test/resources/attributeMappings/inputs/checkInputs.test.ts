import { strict as assert } from "node:assert";
import { Claims } from "../../../../provider/core/claims";
import { UNKNOWN_VALUE } from "../../../../provider/core/unknownValue";
import { checkInputs } from "../../../../provider/resources/attributeMappings/inputs/checkInputs";

const SP = "11111111-2222-4333-8444-555555555555";
const JOB = "scim.0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef";

function news(
  attributeMappings: unknown[],
  extra: Record<string, unknown> = {},
  mapping: Record<string, unknown> = {},
) {
  return {
    servicePrincipalId: SP,
    jobId: JOB,
    objectMappings: [{ sourceObjectName: "User", targetObjectName: "User", attributeMappings, ...mapping }],
    ...extra,
  };
}

function failuresOf(raw: Record<string, unknown>): string[] {
  return checkInputs(raw).failures.map((failure) => `${failure.property}: ${failure.reason}`);
}

describe("AttributeMappings check", () => {
  it("accepts the common case and fills Graph's defaults", () => {
    const outcome = checkInputs(news([{ targetAttributeName: "externalId", source: "[employeeId]" }]));
    assert.deepEqual(outcome.failures, []);
    assert.deepEqual(outcome.inputs?.objectMappings[0].attributeMappings[0], {
      targetAttributeName: "externalId",
      source: "[employeeId]",
      flowType: "Always",
      flowBehavior: "FlowWhenChanged",
      matchingPriority: 0,
      defaultValue: null,
      exportMissingReferences: false,
    });
    assert.equal(outcome.inputs?.ownership, "declaredMappings");
    assert.equal(outcome.inputs?.whenReleased, "restoreTemplateDefaults");
  });

  it("names the path and the position of a bad expression", () => {
    const [failure] = failuresOf(
      news([
        { targetAttributeName: "a", source: "[a]" },
        { targetAttributeName: "b", source: 'Append([givenName], "x"' },
      ]),
    );
    assert.match(
      failure,
      /^objectMappings\[0\]\.attributeMappings\[1\]\.source: is not a valid expression: .*(at the end|position \d+)/,
    );
  });

  it("refuses an unknown function, a wrong arity and bad quoting, each with its position", () => {
    for (const source of ["Nope([a])", "Append([a])", '"unterminated', 'Join(",", [a]) extra']) {
      const [failure] = failuresOf(news([{ targetAttributeName: "a", source }]));
      assert.match(failure ?? "", /attributeMappings\[0\]\.source: is not a valid expression/, source);
    }
  });

  it("accepts quotes, escapes and nested functions", () => {
    const source = 'IIF([country]="US", Join(" ", "\\"Contoso\\"", [givenName]), Switch([c], "", "1", "x"))';
    assert.deepEqual(failuresOf(news([{ targetAttributeName: "a", source }])), []);
  });

  it("refuses a bare name, saying how to write an attribute or a constant", () => {
    const [failure] = failuresOf(news([{ targetAttributeName: "a", source: "mail" }]));
    assert.match(failure, /"mail" is a bare name: write "\[mail\]" for the attribute/);
  });

  it("refuses Graph enum values it does not know, suggesting the near one", () => {
    const failures = failuresOf(
      news([
        {
          targetAttributeName: "a",
          source: "[a]",
          flowType: "always",
          flowBehavior: "Sometimes",
          matchingPriority: -1,
        },
      ]),
    );
    assert.equal(failures.length, 3);
    assert.match(failures[0], /flowType: must be one of Always, .*did you mean "Always"/);
    assert.match(failures[1], /flowBehavior: must be one of FlowWhenChanged, FlowAlways/);
    assert.match(failures[2], /matchingPriority: must be a whole number/);
  });

  it("refuses a target attribute mapped twice and an object mapping declared twice", () => {
    const twice = failuresOf(
      news([
        { targetAttributeName: "a", source: "[a]" },
        { targetAttributeName: "a", source: "[b]" },
      ]),
    );
    assert.match(twice[0], /attributeMappings\[1\]\.targetAttributeName: "a" is mapped again/);
    const raw = news([]);
    raw.objectMappings.push(raw.objectMappings[0]);
    assert.match(failuresOf(raw)[0], /objectMappings\[1\]: declares "User" → "User" again/);
  });

  it("refuses unknown properties at every level, naming them", () => {
    const failures = failuresOf(
      news([{ targetAttributeName: "a", source: "[a]", sorce: "x" }], { owner: "me" }, { scope: [] }),
    );
    assert.deepEqual(
      failures.map((failure) => failure.split(":")[0]),
      ["owner", "objectMappings[0].scope", "objectMappings[0].attributeMappings[0].sorce"],
    );
  });

  it("checks a scoping filter's shape", () => {
    const failures = failuresOf(
      news([], {}, { scopingFilter: [{ name: "x", clauses: [{ operatorName: "EQUALS" }] }] }),
    );
    assert.match(failures[0], /scopingFilter\[0\]\.clauses\[0\]\.sourceOperandName: must be a source attribute's name/);
  });

  it("takes a YAML boolean or number among a clause's values as the text Graph writes", () => {
    const outcome = checkInputs(
      news(
        [],
        {},
        {
          scopingFilter: [{ clauses: [{ sourceOperandName: "a", operatorName: "EQUALS", values: [true, false, 42] }] }],
        },
      ),
    );
    assert.deepEqual(outcome.inputs?.objectMappings[0].scopingFilter?.[0].clauses[0].values, ["True", "False", "42"]);
  });

  it("takes azuread's job id for the target's job, and refuses another object's", () => {
    const azuread = `/servicePrincipals/${SP}/synchronization/jobs/${JOB}`;
    assert.equal(checkInputs(news([], { jobId: azuread })).inputs?.jobId, JOB);
    const other = `/servicePrincipals/99999999-2222-4333-8444-555555555555/synchronization/jobs/${JOB}`;
    assert.match(failuresOf(news([], { jobId: other }))[0], /^jobId: names a job of another object/);
  });

  it("lets values unknown until apply through, and marks the inputs pending", () => {
    const outcome = checkInputs(news([{ targetAttributeName: "a", source: UNKNOWN_VALUE }], { jobId: UNKNOWN_VALUE }));
    assert.deepEqual(outcome.failures, []);
    const whole = checkInputs({ servicePrincipalId: SP, jobId: JOB, objectMappings: UNKNOWN_VALUE });
    assert.deepEqual(whole.failures, []);
    assert.equal(whole.inputs?.pending, true);
  });

  it("refuses a second resource claiming an attribute mapping another claims, and a whole object mapping claimed", () => {
    const registry = new Claims();
    const first = news([{ targetAttributeName: "externalId", source: "[a]" }]);
    assert.deepEqual(checkInputs(first, { registry, claimant: "urn:a" }).failures, []);
    // The same resource checked again is no conflict.
    assert.deepEqual(checkInputs(first, { registry, claimant: "urn:a" }).failures, []);
    const second = checkInputs(news([{ targetAttributeName: "externalId", source: "[b]" }]), {
      registry,
      claimant: "urn:b",
    });
    assert.match(second.failures[0].reason, /externalId of User → User of job ".*" is also claimed by "urn:a"/);
    const other = checkInputs(news([{ targetAttributeName: "title", source: "[b]" }]), { registry, claimant: "urn:c" });
    assert.deepEqual(other.failures, []);
    const whole = checkInputs(news([], { ownership: "wholeObjectMapping" }), { registry, claimant: "urn:d" });
    assert.match(whole.failures[0].reason, /the whole object mapping/);
  });
});
