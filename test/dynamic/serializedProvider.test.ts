import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROVIDER_MODULE, SERIALIZED_PROVIDER, serializedProviderFor } from "../../provider/dynamic/serializedProvider";

const ROOT = path.resolve(__dirname, "..", "..");

/** The dynamic-provider host's own loader: it evaluates `__provider` with require-from-string from @pulumi/pulumi. */
function loadAsTheHostDoes(text: string): { handler(): Record<string, unknown> } {
  const requireFromString = require(
    require.resolve("require-from-string", { paths: [require.resolve("@pulumi/pulumi")] }),
  );
  return requireFromString(text);
}

/** The methods the host calls on the provider object (`delete` on destroy). */
const METHODS = ["configure", "check", "diff", "create", "update", "read", "delete"];

/** Each function the serialized provider of 0.1.0 calls on `pulumi-syncauth/dist/provider/lifecycle/operations`. */
const RELEASED_OPERATIONS = ["configure", "check", "diff", "create", "update", "read", "remove"];

describe("the serialized provider", () => {
  it("is at most 1 KB", () => {
    assert.ok(Buffer.byteLength(SERIALIZED_PROVIDER) <= 1024, `${Buffer.byteLength(SERIALIZED_PROVIDER)} bytes`);
  });

  it("requires the adapter by package name and names no path of this machine", () => {
    assert.match(SERIALIZED_PROVIDER, /require\("pulumi-syncauth\/dist\/provider\/dynamic\/resourceProvider"\)/);
    assert.ok(!SERIALIZED_PROVIDER.includes(ROOT));
  });

  it("evaluates, as the host evaluates it, to the built adapter module with every method", () => {
    const provider = loadAsTheHostDoes(SERIALIZED_PROVIDER).handler();
    assert.equal(provider, require(path.join(ROOT, "dist", "provider", "dynamic", "resourceProvider")));
    assert.equal(
      require.resolve(PROVIDER_MODULE),
      path.join(ROOT, "dist", "provider", "dynamic", "resourceProvider.js"),
    );
    for (const method of METHODS) {
      assert.equal(typeof provider[method], "function", `provider.${method}`);
    }
  });

  it("keeps the module that state written by 0.1.0 requires, delegating to the same functions", () => {
    const released = require("pulumi-syncauth/dist/provider/lifecycle/operations");
    const adapter = require(PROVIDER_MODULE);
    for (const operation of RELEASED_OPERATIONS) {
      assert.equal(typeof released[operation], "function", `operations.${operation}`);
    }
    assert.equal(released.check, adapter.check);
    assert.equal(released.remove, adapter.delete);
  });
});

describe("the serialized provider without the package installed", () => {
  const absent = "pulumi-syncauth-not-installed/dist/provider/dynamic/resourceProvider";

  it("still configures and deletes (delete has nothing to do), so destroy succeeds", async () => {
    const provider = loadAsTheHostDoes(serializedProviderFor(absent)).handler() as Record<
      string,
      (...args: unknown[]) => Promise<unknown>
    >;
    await provider.configure({ config: { get: () => undefined } });
    await provider.delete("servicePrincipals/x", {});
  });

  it("keeps a resource on read, and fails check, create and update naming the package", async () => {
    const provider = loadAsTheHostDoes(serializedProviderFor(absent)).handler() as Record<
      string,
      (...args: unknown[]) => Promise<unknown>
    >;
    assert.deepEqual(await provider.read("servicePrincipals/x", { target: "servicePrincipals/x" }), {
      id: "servicePrincipals/x",
      props: { target: "servicePrincipals/x" },
    });
    assert.deepEqual(await provider.diff("servicePrincipals/x", {}, {}), { changes: false });
    for (const method of ["check", "create", "update"]) {
      await assert.rejects(provider[method]({}, {}), /npm install pulumi-syncauth/, method);
    }
  });

  it("is still at most 1 KB and one require of the adapter", () => {
    assert.ok(Buffer.byteLength(SERIALIZED_PROVIDER) <= 1024, `${Buffer.byteLength(SERIALIZED_PROVIDER)} bytes`);
    assert.equal(SERIALIZED_PROVIDER.match(/require\(/g)?.length, 1);
  });
});

describe("the serialized provider with the package installed but broken", () => {
  it("fails with the real missing module, not as if the package were absent (which would plan no change)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "syncauth-broken-"));
    const module = path.join(dir, "resourceProvider.js");
    fs.writeFileSync(module, 'require("syncauth-missing-dependency-x"); module.exports = {};\n');
    try {
      assert.throws(
        () => loadAsTheHostDoes(serializedProviderFor(module)).handler(),
        /Cannot find module 'syncauth-missing-dependency-x'/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
