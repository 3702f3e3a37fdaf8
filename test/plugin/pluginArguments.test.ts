import * as assert from "node:assert/strict";
import { parsePluginArguments } from "../../provider/plugin/pluginArguments";

describe("parsePluginArguments", () => {
  it("takes the engine address as the positional argument", () => {
    assert.deepEqual(parsePluginArguments(["127.0.0.1:4567"]), {
      engineAddress: "127.0.0.1:4567",
      tracingEndpoint: undefined,
    });
  });

  it("skips the logging flags and reads the tracing endpoint, in either form", () => {
    assert.deepEqual(parsePluginArguments(["--logtostderr", "-v=9", "--tracing", "tcp://t:1", "127.0.0.1:1"]), {
      engineAddress: "127.0.0.1:1",
      tracingEndpoint: "tcp://t:1",
    });
    assert.equal(parsePluginArguments(["--tracing=tcp://t:2", "127.0.0.1:2"]).tracingEndpoint, "tcp://t:2");
  });

  it("has no engine address when started by hand", () => {
    assert.equal(parsePluginArguments([]).engineAddress, undefined);
  });
});
