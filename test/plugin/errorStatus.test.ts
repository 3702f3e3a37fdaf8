import * as assert from "node:assert/strict";
import { status } from "@grpc/grpc-js";
import { Any } from "google-protobuf/google/protobuf/any_pb";
import { ErrorResourceInitFailed } from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { errorToStatus } from "../../provider/plugin/errorStatus";
import { secret } from "../../provider/plugin/propertyValue";
import { ProviderError, ResourceInitError } from "../../provider/plugin/providerErrors";

const CANARY = "canary-7f3a9c";

describe("errorToStatus", () => {
  it("sends the message only, with the request's secrets removed", () => {
    const error = new Error(`Graph refused the value ${CANARY}`);
    const answer = errorToStatus(error, { secrets: [CANARY], inputs: {} });
    assert.equal(answer.code, status.UNKNOWN);
    assert.equal(answer.details, "Graph refused the value [redacted]");
    assert.ok(!JSON.stringify(answer).includes("at "), "no stack trace");
  });

  it("maps a ProviderError's code", () => {
    const answer = errorToStatus(new ProviderError("no such thing", "notFound"), { secrets: [], inputs: {} });
    assert.deepEqual(answer, { code: status.NOT_FOUND, details: "no such thing" });
  });

  it("says something useful for a thrown non-error, still redacted", () => {
    assert.equal(
      errorToStatus(`oops ${CANARY}`, { secrets: [CANARY], inputs: {} }).details,
      "unexpected failure: oops [redacted]",
    );
  });

  it("packs a ResourceInitError as ErrorResourceInitFailed, outputs secret like their inputs", () => {
    const error = new ResourceInitError(`half done with ${CANARY}`, "id-1", { token: CANARY, state: "partial" }, [
      `reason with ${CANARY}`,
    ]);
    const answer = errorToStatus(error, { secrets: [CANARY], inputs: { token: secret(CANARY) } });
    assert.equal(answer.details, "half done with [redacted]");
    const bytes = answer.metadata?.get("grpc-status-details-bin")[0] as Buffer;
    const statusProto = Status.deserializeBinary(new Uint8Array(bytes));
    assert.equal(statusProto.getMessage(), "half done with [redacted]");
    const [any] = statusProto.getDetailsList() as Any[];
    assert.equal(any.getTypeName(), "pulumirpc.ErrorResourceInitFailed");
    const detail = ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
    assert.equal(detail.getId(), "id-1");
    assert.deepEqual(detail.getReasonsList(), ["reason with [redacted]"]);
    assert.deepEqual(detail.getProperties()?.toJavaScript(), {
      token: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: CANARY },
      state: "partial",
    });
  });

  it("removes a secret the message quotes encoded, as the core's redactor does (one redactor)", () => {
    const value = 'Tok"en\\wörd';
    const json = JSON.stringify(value).slice(1, -1);
    const answer = errorToStatus(new Error(`target echoed ${json} and ${encodeURIComponent(value)}`), {
      secrets: [value],
      inputs: {},
    });
    assert.equal(answer.details, "target echoed [redacted] and [redacted]");
  });
});
