import { strict as assert } from "node:assert";
import type { CheckedAttributeMappings } from "../../../provider/resources/attributeMappings/declarations";
import { checkInputs } from "../../../provider/resources/attributeMappings/inputs/checkInputs";
import { heldOf, ownedBy } from "../../../provider/resources/attributeMappings/heldMappings";
import { diffAttributeMappings, needsGraph } from "../../../provider/resources/attributeMappings/planDiff";
import { defaultSchema } from "../../emulator/synchronizationSchemaDefaults";

const SP = "11111111-2222-4333-8444-555555555555";
const JOB = "scim.0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef";

function inputs(attributeMappings: unknown[], extra: Record<string, unknown> = {}): CheckedAttributeMappings {
  const outcome = checkInputs({
    servicePrincipalId: SP,
    jobId: JOB,
    objectMappings: [{ sourceObjectName: "User", targetObjectName: "User", attributeMappings }],
    ...extra,
  });
  assert.deepEqual(outcome.failures, []);
  return outcome.inputs!;
}

/** The state an up of `declared` leaves when Graph holds the emulator's default schema with it applied. */
function stateAfter(declared: CheckedAttributeMappings): Record<string, unknown> {
  const schema = defaultSchema("scim", JOB, "1");
  return {
    servicePrincipalId: SP,
    target: `servicePrincipals/${SP}`,
    jobId: JOB,
    apiVersion: "v1.0",
    ownership: declared.ownership,
    whenReleased: declared.whenReleased,
    objectMappings: declared.objectMappings.map((mapping) => heldOf(schema, ownedBy(mapping, declared.ownership))),
  };
}

describe("diff of AttributeMappings: paths per attribute mapping, no Graph call", () => {
  const base = [
    { targetAttributeName: "userName", source: "[userPrincipalName]", matchingPriority: 1 },
    { targetAttributeName: "displayName", source: "[displayName]" },
  ];

  it("no change when the declaration is what the state holds", () => {
    const diff = diffAttributeMappings(stateAfter(inputs(base)), inputs(base));
    assert.deepEqual(diff, { changes: false, replaces: [], changedPaths: {}, changedPathsAgainstState: true });
  });

  it("names a changed source, a changed field, an added and a removed mapping by path", () => {
    const olds = stateAfter(inputs(base));
    const diff = diffAttributeMappings(
      olds,
      inputs([
        { targetAttributeName: "displayName", source: 'Join(" ", [givenName], [surname])', flowBehavior: "FlowAlways" },
        { targetAttributeName: "title", source: "[jobTitle]" },
      ]),
    );
    assert.deepEqual(diff.changedPaths, {
      "objectMappings[0].attributeMappings[0].source": "update",
      "objectMappings[0].attributeMappings[0].flowBehavior": "update",
      "objectMappings[0].attributeMappings[1]": "add",
      // userName is let go: given back to the template's, an update of what Graph holds.
      "objectMappings[0].attributeMappings[0]": "update",
    });
    assert.equal(diff.changes, true);
    assert.equal(needsGraph(diff), true);
    const left = diffAttributeMappings(olds, inputs([base[1]], { whenReleased: "leave" }));
    assert.equal(left.changedPaths?.["objectMappings[0].attributeMappings[0]"], "delete");
  });

  it("a portal edit recorded by refresh shows as the path to put back", () => {
    const olds = stateAfter(inputs(base));
    const held = (olds.objectMappings as { attributeMappings: { source: string }[] }[])[0];
    held.attributeMappings[1].source = "[mail]";
    assert.deepEqual(diffAttributeMappings(olds, inputs(base)).changedPaths, {
      "objectMappings[0].attributeMappings[1].source": "update",
    });
  });

  it("another job or target replaces; whenReleased or apiVersion alone needs no Graph call", () => {
    const olds = stateAfter(inputs(base));
    assert.deepEqual(diffAttributeMappings(olds, inputs(base, { jobId: `${JOB}x` })).replaces, ["jobId"]);
    const released = diffAttributeMappings(olds, inputs(base, { whenReleased: "leave", apiVersion: "beta" }));
    assert.deepEqual(released.changedPaths, { apiVersion: "update", whenReleased: "update" });
    assert.equal(needsGraph(released), false);
  });

  it("an object mapping no longer declared is a delete; a new one an add", () => {
    const olds = stateAfter(inputs(base));
    const outcome = checkInputs({
      servicePrincipalId: SP,
      jobId: JOB,
      objectMappings: [{ sourceObjectName: "Group", targetObjectName: "Group", attributeMappings: [] }],
    });
    assert.deepEqual(diffAttributeMappings(olds, outcome.inputs!).changedPaths, {
      "objectMappings[0]": "delete",
    });
  });

  it("values unknown until apply are a change", () => {
    const pending = checkInputs({
      servicePrincipalId: SP,
      jobId: JOB,
      objectMappings: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    });
    assert.equal(diffAttributeMappings(stateAfter(inputs(base)), pending.inputs!).changes, true);
  });
});
