import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { LocalStack } from "../../scripts/lib/localStack";

/** The ground itself: a trivial dynamic resource through preview, up, refresh and destroy on the built CLI. */
describe("engine: the real pulumi CLI with a local file backend", function () {
  this.timeout(300_000);
  let stack: LocalStack;

  before(async () => {
    stack = await LocalStack.create({
      projectName: "smoke",
      program: async () => {
        const provider: pulumi.dynamic.ResourceProvider = {
          async create(inputs) {
            return { id: `echo-${inputs.word}`, outs: { word: inputs.word, length: String(inputs.word).length } };
          },
          async read(id, props) {
            return { id, props };
          },
        };
        class Echo extends pulumi.dynamic.Resource {}
        const echo = new Echo(provider, "echo", { word: "hello", length: undefined }, {});
        return { length: (echo as unknown as { length: pulumi.Output<number> }).length };
      },
    });
  });
  after(() => stack?.dispose());

  it("reports its version", async () => {
    const version = await stack.must(["version"]);
    assert.match(version.stdout.trim(), /^v3\.\d+\.\d+$/);
  });

  it("previews, creates, refreshes and destroys a dynamic resource", async () => {
    const preview = await stack.preview();
    assert.equal(preview.code, 0, preview.stderr + preview.stdout);
    assert.match(preview.stdout, /\+ .*pulumi-nodejs:dynamic:Resource.*echo.*create/);
    assert.equal((await stack.resources()).length, 0, "preview must not write resources");

    const up = await stack.up();
    assert.equal(up.code, 0, up.stderr + up.stdout);
    const created = (await stack.resources()).find((r) => r.type === "pulumi-nodejs:dynamic:Resource");
    assert.ok(created, "the dynamic resource is in state");
    assert.equal(created.id, "echo-hello");
    assert.equal(created.outputs?.length, 5);
    assert.equal(typeof created.inputs?.__provider, "string");

    const refresh = await stack.refresh();
    assert.equal(refresh.code, 0, refresh.stderr + refresh.stdout);

    const destroy = await stack.destroy();
    assert.equal(destroy.code, 0, destroy.stderr + destroy.stdout);
    const left = (await stack.resources()).filter((r) => r.type === "pulumi-nodejs:dynamic:Resource");
    assert.equal(left.length, 0);
  });
});
