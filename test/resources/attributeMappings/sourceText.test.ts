import { strict as assert } from "node:assert";
import {
  canonicalSource,
  sameSource,
  simpleSourceOf,
  sourceTextOf,
} from "../../../provider/resources/attributeMappings/sourceText";

describe("an attribute mapping's source as text and as Graph's attributeMappingSource", () => {
  it("compares expressions by their parse: spacing and line breaks between arguments do not count", () => {
    assert.ok(sameSource('Join(" ",[a],\n  [b])', 'Join(" ", [a], [b])'));
    assert.ok(!sameSource('Join(" ", [a], [b])', 'Join(" ", [b], [a])'));
    assert.ok(!sameSource('"a b"', '"a  b"'));
    assert.equal(canonicalSource('IIF([c]="US","\\"x\\"",[d])'), 'IIF([c] = "US", "\\"x\\"", [d])');
  });

  it("reads Graph's source by its expression, else from its type, name and parameters", () => {
    assert.equal(sourceTextOf({ expression: "[mail]", name: "mail", type: "Attribute" }), "[mail]");
    assert.equal(sourceTextOf({ name: "mail", type: "Attribute" }), "[mail]");
    assert.equal(sourceTextOf({ name: 'say "hi"', type: "Constant" }), '"say \\"hi\\""');
    assert.equal(
      sourceTextOf({
        name: "Not",
        type: "Function",
        parameters: [{ key: "source", value: { name: "IsSoftDeleted", type: "Attribute" } }],
      }),
      "Not([IsSoftDeleted])",
    );
  });

  it("makes the source of an attribute or constant here, and leaves a function's to Graph", () => {
    assert.deepEqual(simpleSourceOf("[mail]"), {
      expression: "[mail]",
      name: "mail",
      parameters: [],
      type: "Attribute",
    });
    assert.deepEqual(simpleSourceOf('"Sales"'), {
      expression: '"Sales"',
      name: "Sales",
      parameters: [],
      type: "Constant",
    });
    assert.equal(simpleSourceOf("Not([a])"), undefined);
  });
});
