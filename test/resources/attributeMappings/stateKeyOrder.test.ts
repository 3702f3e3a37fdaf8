import { strict as assert } from "node:assert";
import { checkInputs } from "../../../provider/resources/attributeMappings/inputs/checkInputs";
import { diffAttributeMappings } from "../../../provider/resources/attributeMappings/planDiff";

/** A value as the engine hands state back: its objects' keys in sorted order (protobuf Struct fields are sorted). */
function keysSorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(keysSorted);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, keysSorted((value as Record<string, unknown>)[key])]),
  );
}

/**
 * The state the engine keeps comes back with every object's keys sorted, not in the order the provider wrote them:
 * a scoping filter read from it must compare equal to the same filter declared (found through the real engine: a
 * declared scopingFilter planned an update on every preview after the up that wrote it).
 */
describe("AttributeMappings' diff against state whose keys the engine sorted", () => {
  const objectId = "5b000000-0000-4000-8000-000000000101";
  const sales = [
    { name: "Sales", clauses: [{ sourceOperandName: "department", operatorName: "EQUALS", values: ["Sales"] }] },
  ];
  const checked = checkInputs({
    servicePrincipalId: objectId,
    jobId: "scim.1.2",
    objectMappings: [
      {
        sourceObjectName: "User",
        targetObjectName: "User",
        scopingFilter: sales,
        attributeMappings: [{ targetAttributeName: "externalId", source: "[employeeId]" }],
      },
    ],
  }).inputs!;
  /** What the up wrote to state: what Graph held of the owned part, in the provider's key order. */
  const written = {
    servicePrincipalId: objectId,
    target: `servicePrincipals/${objectId}`,
    jobId: "scim.1.2",
    apiVersion: "v1.0",
    ownership: "declaredMappings",
    whenReleased: "restoreTemplateDefaults",
    objectMappings: [
      {
        sourceObjectName: "User",
        targetObjectName: "User",
        scopingFilter: sales,
        attributeMappings: [
          {
            targetAttributeName: "externalId",
            source: "[employeeId]",
            flowType: "Always",
            flowBehavior: "FlowWhenChanged",
            matchingPriority: 0,
            defaultValue: null,
            exportMissingReferences: false,
          },
        ],
      },
    ],
  };

  it("finds no change in the provider's own key order", () => {
    assert.deepEqual(diffAttributeMappings(written, checked).changedPaths, {});
  });

  it("finds no change once the engine sorted the keys", () => {
    const diff = diffAttributeMappings(keysSorted(written) as Record<string, unknown>, checked);
    assert.deepEqual(diff.changedPaths, {});
    assert.equal(diff.changes, false);
  });
});
