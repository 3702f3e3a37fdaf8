import { strict as assert } from "node:assert";
import type { CheckedAttributeMappings } from "../../../provider/resources/attributeMappings/declarations";
import { checkInputs } from "../../../provider/resources/attributeMappings/inputs/checkInputs";
import { heldOf, ownedBy } from "../../../provider/resources/attributeMappings/heldMappings";
import { planSchemaEdit, releasesOf } from "../../../provider/resources/attributeMappings/planSchemaEdit";
import { defaultSchema } from "../../emulator/synchronizationSchemaDefaults";

type Json = Record<string, unknown>;
const SP = "11111111-2222-4333-8444-555555555555";
const JOB = "scim.0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef";

function inputs(mapping: Json & { attributeMappings: unknown[] }, extra: Json = {}) {
  const outcome = checkInputs({
    servicePrincipalId: SP,
    jobId: JOB,
    objectMappings: [{ sourceObjectName: "User", targetObjectName: "User", ...mapping }],
    ...extra,
  });
  assert.deepEqual(outcome.failures, []);
  return outcome.inputs as CheckedAttributeMappings;
}

const schema = () => defaultSchema("scim", JOB, "1");
const userMappings = (of: Json) =>
  (((of.synchronizationRules as Json[])[0].objectMappings as Json[])[0].attributeMappings as Json[]).map(
    (mapping) => mapping.targetAttributeName,
  );
const userMapping = (of: Json, name: string) =>
  (((of.synchronizationRules as Json[])[0].objectMappings as Json[])[0].attributeMappings as Json[]).find(
    (mapping) => mapping.targetAttributeName === name,
  ) as Json;

describe("planSchemaEdit: the one write of an up", () => {
  it("changes only the declared attribute mapping, keeps the rest (and the schema read) as they were", () => {
    const read = schema();
    const before = JSON.stringify(read);
    const edit = planSchemaEdit(
      read,
      inputs({ attributeMappings: [{ targetAttributeName: "externalId", source: "[employeeId]" }] }),
      [],
    );
    assert.equal(JSON.stringify(read), before);
    assert.deepEqual(edit.changes, ["objectMappings[0].attributeMappings[0] (externalId): source"]);
    assert.deepEqual(edit.toParse, []);
    assert.deepEqual(userMapping(edit.schema, "externalId").source, {
      expression: "[employeeId]",
      name: "employeeId",
      parameters: [],
      type: "Attribute",
    });
    assert.deepEqual(userMappings(edit.schema), userMappings(read));
    const untouched = (of: Json) => JSON.stringify({ ...of, synchronizationRules: undefined });
    assert.equal(untouched(edit.schema), untouched(read));
  });

  it("changes nothing when Graph already holds the declaration (spacing in an expression does not count)", () => {
    const edit = planSchemaEdit(
      schema(),
      inputs({
        attributeMappings: [
          { targetAttributeName: "name.formatted", source: 'Join(" ",[givenName],  [surname])' },
          { targetAttributeName: "userName", source: "[userPrincipalName]", matchingPriority: 1 },
        ],
      }),
      [],
    );
    assert.deepEqual(edit.changes, []);
  });

  it("lists each changed function source for Graph to parse, and only those", () => {
    const edit = planSchemaEdit(
      schema(),
      inputs({
        attributeMappings: [
          { targetAttributeName: "name.formatted", source: 'Join(" ", [givenName], [surname])' },
          { targetAttributeName: "displayName", source: 'Join(", ", [surname], [givenName])' },
          { targetAttributeName: "title", source: '"Engineer"' },
        ],
      }),
      [],
    );
    assert.deepEqual(
      edit.toParse.map((source) => [source.property, source.expression]),
      [["objectMappings[0].attributeMappings[1].source", 'Join(", ", [surname], [givenName])']],
    );
    assert.equal(
      userMapping(edit.schema, "title").source && (userMapping(edit.schema, "title").source as Json).type,
      "Constant",
    );
  });

  it("adds a mapping the object mapping lacks, and refuses a target attribute the directory does not define", () => {
    const added = planSchemaEdit(
      schema(),
      inputs({ attributeMappings: [{ targetAttributeName: "nickName", source: "[mailNickname]" }] }),
      [],
    );
    assert.deepEqual(added.problems, []);
    assert.equal(userMappings(added.schema).at(-1), "nickName");
    const refused = planSchemaEdit(
      schema(),
      inputs({ attributeMappings: [{ targetAttributeName: "externalID", source: "[a]" }] }),
      [],
    );
    assert.equal(refused.problems[0].property, "objectMappings[0].attributeMappings[0].targetAttributeName");
    assert.match(refused.problems[0].reason, /"externalID" is not an attribute of "User" .*did you mean "externalId"/);
  });

  it("names what the schema has when the object mapping is not there, and skips read-only rules", () => {
    const edit = planSchemaEdit(schema(), inputs({ targetObjectName: "Account", attributeMappings: [] }), []);
    assert.match(
      edit.problems[0].reason,
      /no object mapping "User" → "Account" in its editable rules; it has "User" → "User", "Group" → "Group"/,
    );
  });

  it("wholeObjectMapping: what is declared is all there is, scoping filter none and enabled true when unset", () => {
    const edit = planSchemaEdit(
      schema(),
      inputs(
        {
          enabled: false,
          attributeMappings: [{ targetAttributeName: "userName", source: "[userPrincipalName]", matchingPriority: 1 }],
        },
        { ownership: "wholeObjectMapping" },
      ),
      [],
    );
    assert.deepEqual(userMappings(edit.schema), ["userName"]);
    const user = ((edit.schema.synchronizationRules as Json[])[0].objectMappings as Json[])[0];
    assert.equal(user.enabled, false);
    assert.deepEqual((user.scope as Json).groups, []);
    assert.equal(edit.changes.filter((change) => change.endsWith("removed")).length, 25);
  });

  it("sets a scoping filter's groups and keeps the filter's other parts", () => {
    const edit = planSchemaEdit(
      schema(),
      inputs({
        attributeMappings: [],
        scopingFilter: [
          { name: "Sales", clauses: [{ sourceOperandName: "department", operatorName: "EQUALS", values: ["Sales"] }] },
        ],
      }),
      [],
    );
    const scope = ((edit.schema.synchronizationRules as Json[])[0].objectMappings as Json[])[0].scope as Json;
    assert.deepEqual(scope.groups, [
      {
        name: "Sales",
        clauses: [{ operatorName: "EQUALS", sourceOperandName: "department", targetOperand: { values: ["Sales"] } }],
      },
    ]);
    assert.deepEqual(scope.categoryFilterGroups, []);
    assert.deepEqual(edit.changes, ["objectMappings[0].scopingFilter"]);
  });

  it("gives back what it stops owning: the template's mapping, or none where the template has none", () => {
    const template = schema();
    const first = inputs({
      attributeMappings: [
        { targetAttributeName: "externalId", source: "[employeeId]" },
        { targetAttributeName: "nickName", source: "[mailNickname]" },
      ],
    });
    const written = planSchemaEdit(schema(), first, []).schema;
    const owned = first.objectMappings.map((mapping) => ownedBy(mapping, first.ownership));
    const held = owned.map((entry) => heldOf(written, entry));
    assert.deepEqual(
      held[0].attributeMappings.map((mapping) => mapping.source),
      ["[employeeId]", "[mailNickname]"],
    );
    const next = inputs({ attributeMappings: [{ targetAttributeName: "title", source: "[department]" }] });
    const releases = releasesOf(next, owned);
    assert.deepEqual(releases[0].attributeNames, ["externalId", "nickName"]);
    const edit = planSchemaEdit(written, next, releases, template);
    assert.equal((userMapping(edit.schema, "externalId").source as Json).name, "mailNickname");
    assert.equal(userMapping(edit.schema, "nickName"), undefined);
    assert.equal((userMapping(edit.schema, "title").source as Json).name, "department");
    assert.deepEqual(releasesOf({ ...next, whenReleased: "leave" }, owned), []);
  });
});
