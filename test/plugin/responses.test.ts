import * as assert from "node:assert/strict";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { secret } from "../../provider/plugin/propertyValue";
import { checkResponse, diffResponse, readResponse } from "../../provider/plugin/responses";

const failures = [
  { property: "message", reason: "must be at most 40 characters" },
  { property: "", reason: "the resource as a whole is wrong" },
];

describe("plugin responses", () => {
  it("by default puts a failure's property into its reason, so the engine prints no value", () => {
    const response = checkResponse({ inputs: {}, failures }, {});
    assert.deepEqual(
      response.getFailuresList().map((f) => [f.getProperty(), f.getReason()]),
      [
        ["", "message: must be at most 40 characters"],
        ["", "the resource as a whole is wrong"],
      ],
    );
  });

  it("can leave the property in CheckFailure.property for the engine's own format", () => {
    const response = checkResponse({ inputs: {}, failures }, {}, "engineShowsValue");
    assert.deepEqual(
      response.getFailuresList().map((f) => [f.getProperty(), f.getReason()]),
      failures.map((f) => [f.property, f.reason]),
    );
  });

  it("checked inputs keep the secret-ness of the program's inputs", () => {
    const response = checkResponse({ inputs: { token: "plain now" } }, { token: secret("plain now") });
    assert.deepEqual(response.getInputs()?.toJavaScript(), {
      token: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "plain now" },
    });
  });

  it("an unknown diff is DIFF_UNKNOWN; no detailed diff unless given", () => {
    const response = diffResponse({ changes: undefined });
    assert.equal(response.getChanges(), proto.DiffResponse.DiffChanges.DIFF_UNKNOWN);
    assert.equal(response.getHasdetaileddiff(), false);
    assert.equal(diffResponse({ changes: false }).getChanges(), proto.DiffResponse.DiffChanges.DIFF_NONE);
  });

  it("read: inputs are sent only when the handler gives them", () => {
    const request = {
      urn: "u",
      type: "syncauth:index:SynchronizationAuthorization",
      name: "n",
      id: "i",
      state: {},
      inputs: {},
    };
    assert.equal(readResponse({ id: "i", outputs: {} }, request).getInputs(), undefined);
    assert.deepEqual(
      readResponse({ id: "i", outputs: {}, inputs: { a: 1 } }, request)
        .getInputs()
        ?.toJavaScript(),
      {
        a: 1,
      },
    );
  });
});
