import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { SynchronizationAuthorization, SynchronizationAuthorizationArgs } from "../../provider";
import { SERIALIZED_PROVIDER } from "../../provider/dynamic/serializedProvider";
import type { LocalStack, StateResource } from "../../scripts/lib/localStack";
import { startEmulator, Emulator } from "../emulator";
import { emulatedStack } from "./emulatedStack";
import { plannedOperations } from "./previewOutput";
import { ReleasedAuthorization, asReleasedState, releasedProvider } from "./releasedProvider";

const TYPE = "pulumi-nodejs:dynamic/msgraph:SynchronizationAuthorization";
const PAIR_TYPE = "microsoft.graph.synchronizationSecretKeyStringValuePair";

interface Declared {
  name: string;
  args: SynchronizationAuthorizationArgs;
  opts?: pulumi.CustomResourceOptions;
}

/** A random, high-entropy value that must never show up anywhere but the Graph request body. */
function canary(label: string): string {
  return `canary-${label}-${crypto.randomBytes(18).toString("base64url")}`;
}

/** Runs the stack's program over whatever `declared` holds at the time of each preview/up. */
function programOver(declared: () => Declared[]) {
  return async () => {
    const outputs: Record<string, pulumi.Output<string>> = {};
    for (const { name, args, opts } of declared()) {
      const resource = new SynchronizationAuthorization(name, args, opts);
      outputs[`${name}LastAuthorizedAt`] = resource.lastAuthorizedAt;
    }
    return outputs;
  };
}

function authorizations(resources: StateResource[]): StateResource[] {
  return resources.filter((r) => r.type === TYPE);
}

function byName(resources: StateResource[], name: string): StateResource {
  const found = authorizations(resources).find((r) => r.urn.endsWith(`::${name}`));
  assert.ok(found, `resource ${name} is in state`);
  return found;
}

function succeeded(result: { code: number; stdout: string; stderr: string; command: string }): void {
  assert.equal(result.code, 0, `${result.command} failed:\n${result.stdout}\n${result.stderr}`);
}

describe("SynchronizationAuthorization on the real engine", function () {
  this.timeout(600_000);
  let emu: Emulator;

  before(async () => {
    emu = await startEmulator();
  });
  after(async () => {
    await emu?.stop();
  });

  describe("one service principal through its whole lifecycle", () => {
    let stack: LocalStack;
    const secretToken = canary("SecretToken");
    const rotatedToken = canary("SecretToken-rotated");
    let declared: Declared[];

    before(async () => {
      const sp = emu.fixture.ownedServicePrincipal.objectId;
      declared = [
        {
          name: "scim",
          args: {
            servicePrincipalId: sp,
            credentials: { BaseAddress: "https://scim.example.com/v2", SecretToken: secretToken },
          },
        },
      ];
      stack = await emulatedStack({ emulator: emu, projectName: "lifecycle", program: programOver(() => declared) });
    });
    after(() => stack?.dispose());
    beforeEach(() => emu.clearLog());

    it("previews a new stack without a token request or a Graph call", async () => {
      const preview = await stack.preview("--diff");
      succeeded(preview);
      assert.equal(plannedOperations(preview.stdout).scim, "create");
      assert.equal(emu.count({}), 0, "preview must not send any request");
    });

    it("authorizes on up with one token request and one POST carrying the exact body", async () => {
      const before = Date.now();
      succeeded(await stack.up());
      assert.equal(emu.count({ route: "token" }), 1);
      assert.equal(emu.count({ route: "acquireAccessToken" }), 1);
      const [post] = emu.log.filter((e) => e.route === "acquireAccessToken");
      assert.equal(post.status, 204);
      assert.equal(
        post.path,
        `/v1.0/servicePrincipals/${emu.fixture.ownedServicePrincipal.objectId}/synchronization/acquireAccessToken`,
      );
      assert.deepEqual(post.body, {
        credentials: [
          { "@odata.type": PAIR_TYPE, key: "BaseAddress", value: "https://scim.example.com/v2" },
          { "@odata.type": PAIR_TYPE, key: "SecretToken", value: secretToken },
        ],
      });
      const state = byName(await stack.resources(), "scim");
      assert.equal(state.id, `servicePrincipals/${emu.fixture.ownedServicePrincipal.objectId}`);
      assert.equal(state.outputs?.target, state.id);
      assert.deepEqual(state.outputs?.credentialKeys, ["BaseAddress", "SecretToken"]);
      assert.equal(state.outputs?.apiVersion, "v1.0");
      assert.equal(state.outputs?.cloud, "global");
      const at = Date.parse(String(state.outputs?.lastAuthorizedAt));
      assert.ok(at >= before - 1000 && at <= Date.now() + 1000, "lastAuthorizedAt is the time of the call");
      assert.match(String(state.outputs?.lastAuthorizedAt), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      const stackOutputs = JSON.parse((await stack.must(["stack", "output", "--json"])).stdout);
      assert.equal(
        stackOutputs.scimLastAuthorizedAt,
        state.outputs?.lastAuthorizedAt,
        "the resource's outputs reach the program",
      );
    });

    it("keeps credential values out of state, outputs and the serialized provider", async () => {
      const exported = await stack.exportText();
      assert.ok(!exported.includes(secretToken), "stack export holds the credential in plaintext");
      assert.ok(!stack.stateFilesText().includes(secretToken), "a state file holds the credential in plaintext");
      const state = byName(await stack.resources(), "scim");
      assert.ok(state.additionalSecretOutputs?.includes("credentialFingerprint"));
      assert.deepEqual(Object.keys(state.outputs?.credentialFingerprint as object), [
        "4dabf18193072939515e22adb298388d",
        "ciphertext",
      ]);
      const provider = String(state.inputs?.__provider);
      assert.equal(provider, SERIALIZED_PROVIDER);
      assert.ok(provider.length <= 1024, `__provider is ${provider.length} bytes`);
      assert.ok(!provider.includes(secretToken));
      assert.ok(!provider.includes(emu.fixture.demo.clientSecrets[0]), "__provider holds the client secret");
      assert.ok(!provider.includes(process.cwd()), "__provider names a path of this machine");
      assert.ok(!provider.includes("/root/") && !provider.includes("/home/"), "__provider names a home directory");
    });

    it("makes no call on a second up without changes", async () => {
      const preview = await stack.preview("--diff");
      succeeded(preview);
      assert.equal(plannedOperations(preview.stdout).scim, undefined, "no step planned for an unchanged resource");
      succeeded(await stack.up());
      assert.equal(emu.count({}), 0);
    });

    it("re-authorizes once when a credential value changes", async () => {
      const lastBefore = byName(await stack.resources(), "scim").outputs?.lastAuthorizedAt;
      declared[0].args = {
        ...declared[0].args,
        credentials: { BaseAddress: "https://scim.example.com/v2", SecretToken: rotatedToken },
      };
      const preview = await stack.preview("--diff");
      succeeded(preview);
      assert.equal(plannedOperations(preview.stdout).scim, "update");
      assert.equal(emu.count({}), 0, "the preview of an update calls nothing");
      succeeded(await stack.up());
      assert.equal(emu.count({ route: "acquireAccessToken" }), 1);
      assert.equal(emu.count({ route: "token" }), 1);
      const [post] = emu.log.filter((e) => e.route === "acquireAccessToken");
      assert.deepEqual(
        (post.body as { credentials: { value: string }[] }).credentials.map((c) => c.value),
        ["https://scim.example.com/v2", rotatedToken],
      );
      const lastAfter = byName(await stack.resources(), "scim").outputs?.lastAuthorizedAt;
      assert.notEqual(lastAfter, lastBefore);
      assert.ok(!(await stack.exportText()).includes(rotatedToken));
    });

    it("re-authorizes once when a trigger changes", async () => {
      declared[0].args = { ...declared[0].args, triggers: { authorizationCode: "code-1" } };
      succeeded(await stack.up());
      assert.equal(emu.count({ route: "acquireAccessToken" }), 1);
      emu.clearLog();
      declared[0].args = { ...declared[0].args, triggers: { authorizationCode: "code-2" } };
      succeeded(await stack.up());
      assert.equal(emu.count({ route: "acquireAccessToken" }), 1);
    });

    it("switches API version with one POST to the beta route", async () => {
      declared[0].args = { ...declared[0].args, apiVersion: "beta" };
      succeeded(await stack.up());
      const posts = emu.log.filter((e) => e.route === "acquireAccessToken");
      assert.equal(posts.length, 1);
      assert.match(posts[0].path, /^\/beta\/servicePrincipals\//);
    });

    it("re-authorizes when reauthorizeAfter has elapsed, and the preview says why", async () => {
      declared[0].args = { ...declared[0].args, reauthorizeAfter: "1h" };
      succeeded(await stack.up());
      assert.equal(emu.count({ route: "acquireAccessToken" }), 0, "setting reauthorizeAfter alone calls nothing");
      declared[0].args = { ...declared[0].args, reauthorizeAfter: "1s" };
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const preview = await stack.preview("--diff");
      succeeded(preview);
      assert.equal(plannedOperations(preview.stdout).scim, "update");
      assert.match(preview.stdout + preview.stderr, /older than reauthorizeAfter "1s"/);
      assert.equal(emu.count({ route: "acquireAccessToken" }), 0);
      succeeded(await stack.up());
      assert.equal(emu.count({ route: "acquireAccessToken" }), 1);
      declared[0].args = { ...declared[0].args, reauthorizeAfter: undefined };
      succeeded(await stack.up());
    });

    it("replaces the resource when the target changes", async () => {
      emu.clearLog();
      declared[0].args = {
        ...declared[0].args,
        servicePrincipalId: undefined,
        applicationId: emu.fixture.ownedApplication.objectId,
      };
      const preview = await stack.preview("--diff");
      succeeded(preview);
      assert.equal(plannedOperations(preview.stdout).scim, "replace");
      succeeded(await stack.up());
      const posts = emu.log.filter((e) => e.route === "acquireAccessToken");
      assert.equal(posts.length, 1);
      assert.match(posts[0].path, new RegExp(`/applications/${emu.fixture.ownedApplication.objectId}/`));
      assert.equal(byName(await stack.resources(), "scim").id, `applications/${emu.fixture.ownedApplication.objectId}`);
    });

    it("rejects bad input in preview with the property named, keeping what was applied", async () => {
      const applied = byName(await stack.resources(), "scim");
      const good = declared[0].args;
      const badValue = canary("bad-input");
      declared[0].args = {
        ...good,
        servicePrincipalId: "not-a-guid",
        credentials: [
          { key: "SecretToken", value: badValue },
          { key: "SecretToken", value: "x" },
        ],
      };
      try {
        const preview = await stack.preview();
        assert.notEqual(preview.code, 0);
        const output = preview.stdout + preview.stderr;
        assert.match(output, /servicePrincipalId/);
        assert.match(output, /credentials\[1\]\.key/);
        assert.ok(!output.includes(badValue), "the error echoes a credential value");
        const up = await stack.up();
        assert.notEqual(up.code, 0);
        assert.ok(!(up.stdout + up.stderr).includes(badValue));
        assert.equal(emu.count({ route: "acquireAccessToken" }), 0);
        const kept = byName(await stack.resources(), "scim");
        assert.equal(kept.id, applied.id);
        assert.equal(kept.outputs?.lastAuthorizedAt, applied.outputs?.lastAuthorizedAt);
      } finally {
        declared[0].args = good;
      }
    });

    it("fails naming the key when (write-only) credentials come as an Output holding an undefined value, sending nothing", async () => {
      const applied = byName(await stack.resources(), "scim");
      const good = declared[0].args;
      const unset: string | undefined = undefined;
      declared[0].args = {
        ...good,
        // What `pulumi.output({ ...config })` or an apply over unset config gives: serialization would drop the key.
        credentials: pulumi.output({
          BaseAddress: "https://scim.example.com/v2",
          SecretToken: unset as unknown as string,
        }),
      };
      try {
        const up = await stack.up();
        assert.notEqual(up.code, 0, "up must fail");
        assert.match(up.stdout + up.stderr, /credentials\.SecretToken is undefined: set it or remove the key/);
        assert.equal(emu.count({ route: "acquireAccessToken" }), 0);
        const kept = byName(await stack.resources(), "scim");
        assert.equal(kept.outputs?.lastAuthorizedAt, applied.outputs?.lastAuthorizedAt);
        assert.deepEqual(kept.outputs?.credentialKeys, applied.outputs?.credentialKeys);
        declared[0].args = {
          ...good,
          writeOnlyCredentials: pulumi.output({ Oauth2ClientSecret: unset as unknown as { fromEnv: string } }),
        };
        const writeOnlyUp = await stack.up();
        assert.notEqual(writeOnlyUp.code, 0, "up must fail");
        assert.match(
          writeOnlyUp.stdout + writeOnlyUp.stderr,
          /writeOnlyCredentials\.Oauth2ClientSecret is undefined: set it or remove the key/,
        );
        assert.equal(emu.count({ route: "acquireAccessToken" }), 0);
      } finally {
        declared[0].args = good;
      }
    });

    it("refuses to refresh against another cloud instead of dropping the resource", async () => {
      // A plain `pulumi refresh` (also `up --refresh`) reuses the provider configuration of the last deployment;
      // `refresh --run-program` uses the current one, where a mistaken cloud could make every target look deleted.
      const applied = byName(await stack.resources(), "scim");
      await stack.setConfig("syncauth:graphEndpoint", emu.endpoints("china").graphRoot);
      try {
        const refresh = await stack.refresh("--run-program");
        assert.notEqual(refresh.code, 0, refresh.stdout + refresh.stderr);
        assert.match(
          refresh.stdout + refresh.stderr,
          /Cannot refresh .* was authorized through .* the stack now points at/,
        );
        assert.equal(
          emu.count({ route: "listSynchronizationTemplates" }),
          0,
          "nothing was looked up in the other cloud",
        );
        assert.equal(emu.count({ route: "acquireAccessToken" }), 0);
        assert.equal(byName(await stack.resources(), "scim").id, applied.id, "the resource stays in state");
      } finally {
        await stack.setConfig("syncauth:graphEndpoint", emu.endpoints("global").graphRoot);
        // The failed refresh recorded the mistaken configuration; the next up records the restored one.
        succeeded(await stack.up());
      }
    });

    it("up --refresh --run-program during a move to another Graph endpoint stops at the refresh and says to drop --refresh", async () => {
      // A plain `up --refresh` refreshes with the last deployment's configuration, which finds the object where it
      // was authorized; with --run-program the refresh uses the new one and the guard stops it.
      const applied = byName(await stack.resources(), "scim");
      const moved = emu.endpoints("china");
      await stack.setConfig("syncauth:graphEndpoint", moved.graphRoot);
      await stack.setConfig("syncauth:graphScope", moved.graphScope);
      try {
        const up = await stack.up("--refresh", "--run-program");
        assert.notEqual(up.code, 0, up.stdout + up.stderr);
        assert.match(up.stdout + up.stderr, /Cannot refresh .*run `pulumi up` without `--refresh`/);
        assert.equal(emu.count({ route: "listSynchronizationTemplates" }), 0, "nothing was looked up elsewhere");
        assert.equal(emu.count({ route: "acquireAccessToken" }), 0);
        assert.equal(byName(await stack.resources(), "scim").id, applied.id, "the resource stays in state");
      } finally {
        const global = emu.endpoints("global");
        await stack.setConfig("syncauth:graphEndpoint", global.graphRoot);
        await stack.setConfig("syncauth:graphScope", global.graphScope);
        succeeded(await stack.up());
      }
    });

    it("leaves state on refresh when the target was deleted in the directory", async () => {
      succeeded(await stack.refresh());
      assert.equal(authorizations(await stack.resources()).length, 1, "refresh keeps a resource whose target exists");
      emu.directory.delete(emu.fixture.ownedApplication.objectId);
      emu.clearLog();
      succeeded(await stack.refresh());
      assert.equal(emu.count({ route: "listSynchronizationTemplates" }), 1);
      assert.equal(emu.count({ route: "acquireAccessToken" }), 0);
      assert.equal(authorizations(await stack.resources()).length, 0);
    });

    it("destroys without calling Graph", async () => {
      declared[0].args = {
        ...declared[0].args,
        applicationId: undefined,
        servicePrincipalId: emu.fixture.ownedServicePrincipal.objectId,
      };
      succeeded(await stack.up());
      emu.clearLog();
      succeeded(await stack.destroy());
      assert.equal(emu.count({}), 0);
      assert.equal(authorizations(await stack.resources()).length, 0);
    });
  });

  describe("preview", () => {
    it("shows a resource whose target is not known yet, warns about unknown key names, and calls nothing", async () => {
      const sp = emu.fixture.generatedServicePrincipals[40].objectId;
      const stack = await emulatedStack({
        emulator: emu,
        projectName: "unknowns",
        program: async () => {
          // The id comes from a resource created in the same update, so preview sees it as unknown.
          const lookup: pulumi.dynamic.ResourceProvider = {
            async create(inputs) {
              return { id: "lookup", outs: { objectId: inputs.objectId } };
            },
          };
          class Lookup extends pulumi.dynamic.Resource {}
          const target = new Lookup(lookup, "lookup", { objectId: sp }, {});
          new SynchronizationAuthorization("pending", {
            servicePrincipalId: (target as unknown as { objectId: pulumi.Output<string> }).objectId,
            credentials: { SecretToken: "t", SecretTokn: "typo" },
          });
          return {};
        },
      });
      try {
        emu.clearLog();
        const preview = await stack.preview("--diff");
        succeeded(preview);
        assert.equal(plannedOperations(preview.stdout).pending, "create");
        assert.match(
          preview.stdout + preview.stderr,
          /credentials\[entry 2\] is not a known key name .*did you mean "SecretToken"/,
        );
        assert.equal(emu.count({}), 0);
        succeeded(await stack.up());
        assert.equal(emu.count({ route: "acquireAccessToken", targetId: sp }), 1);
        succeeded(await stack.destroy());
      } finally {
        stack.dispose();
      }
    });
  });

  describe("a new version of the provider code", () => {
    /**
     * `up` declaring `first`, then `up` declaring `second` on the same stack: what a library upgrade between two
     * `up`s looks like. `between` runs with the first state (and the new code installed).
     */
    async function upgrade(
      name: string,
      first: () => void,
      second: () => void,
      between: (stack: LocalStack) => Promise<void> = async () => {},
    ) {
      let upgraded = false;
      const stack = await emulatedStack({
        emulator: emu,
        projectName: name,
        program: async () => {
          (upgraded ? second : first)();
          return {};
        },
      });
      try {
        succeeded(await stack.up());
        const before = byName(await stack.resources(), "oauth");
        await between(stack);
        upgraded = true;
        emu.clearLog();
        succeeded(await stack.up());
        const after = byName(await stack.resources(), "oauth");
        assert.notEqual(after.inputs?.__provider, before.inputs?.__provider, "the provider code did change");
        assert.equal(emu.count({ route: "acquireAccessToken" }), 0, "a single-use code must not be sent again");
        assert.equal(after.outputs?.lastAuthorizedAt, before.outputs?.lastAuthorizedAt);
        return { stack, before, after };
      } catch (error) {
        stack.dispose();
        throw error;
      }
    }

    it("does not re-run the authorization when only the serialized provider changed", async () => {
      const sp = emu.fixture.generatedServicePrincipals[41].objectId;
      const args = { servicePrincipalId: sp, credentials: { Oauth2AuthorizationCode: "single-use-code" } };
      // Same type token, name and inputs, but different provider code.
      const nextVersion: pulumi.dynamic.ResourceProvider = {
        ...releasedProvider,
        async create(inputs) {
          return releasedProvider.create(inputs);
        },
      };
      const { stack } = await upgrade(
        "upgrade",
        () => new SynchronizationAuthorization("oauth", args),
        () => new ReleasedAuthorization(nextVersion, "oauth", args),
      );
      try {
        succeeded(await stack.destroy());
      } finally {
        stack.dispose();
      }
    });

    it("keeps a stack written by 0.1.0 working: refresh through its provider, then an up that sends nothing", async () => {
      const sp = emu.fixture.generatedServicePrincipals[42].objectId;
      const args = { servicePrincipalId: sp, credentials: { Oauth2AuthorizationCode: "single-use-code" } };
      const refreshedWithReleasedProvider = async (stack: LocalStack) => {
        const removed = await asReleasedState(stack, TYPE);
        assert.deepEqual(removed, { oauth: ["singleUseFingerprints"] }, "the state is as 0.1.0 wrote it");
        emu.clearLog();
        succeeded(await stack.refresh());
        assert.equal(
          emu.count({ route: "listSynchronizationTemplates" }),
          1,
          "0.1.0's serialized provider reaches the current code",
        );
        assert.equal(emu.count({ route: "acquireAccessToken" }), 0);
      };
      const { stack, before, after } = await upgrade(
        "upgrade-released",
        () => new ReleasedAuthorization(releasedProvider, "oauth", args),
        () => new SynchronizationAuthorization("oauth", args),
        refreshedWithReleasedProvider,
      );
      try {
        assert.match(String(before.inputs?.__provider), /dist\/provider\/lifecycle\/operations/);
        assert.equal(after.inputs?.__provider, SERIALIZED_PROVIDER);
        assert.deepEqual(after.outputs?.credentialKeys, ["Oauth2AuthorizationCode"]);
        emu.clearLog();
        succeeded(await stack.destroy());
        assert.equal(emu.count({ route: "acquireAccessToken" }), 0);
      } finally {
        stack.dispose();
      }
    });
  });

  describe("resource options users rely on", () => {
    let stack: LocalStack;
    let declared: Declared[];
    const [first, second, third] = [0, 1, 2];

    before(async () => {
      const sps = () => emu.fixture.generatedServicePrincipals;
      declared = [
        { name: "first", args: { servicePrincipalId: sps()[first].objectId, credentials: { SecretToken: "one" } } },
        { name: "second", args: { servicePrincipalId: sps()[second].objectId, credentials: { SecretToken: "two" } } },
      ];
      stack = await emulatedStack({ emulator: emu, projectName: "options", program: programOver(() => declared) });
    });
    after(() => stack?.dispose());
    beforeEach(() => emu.clearLog());

    it("dependsOn orders the authorizations", async () => {
      const program = programOver(() => declared);
      stack.program = async () => {
        const firstResource = new SynchronizationAuthorization(declared[0].name, declared[0].args);
        new SynchronizationAuthorization(declared[1].name, declared[1].args, { dependsOn: [firstResource] });
        return {};
      };
      succeeded(await stack.up());
      const order = emu.log.filter((e) => e.route === "acquireAccessToken").map((e) => e.targetId);
      assert.deepEqual(order, [
        emu.fixture.generatedServicePrincipals[first].objectId,
        emu.fixture.generatedServicePrincipals[second].objectId,
      ]);
      stack.program = program;
    });

    it("ignoreChanges on credentials keeps a changed value from re-authorizing", async () => {
      declared[0].opts = { ignoreChanges: ["credentials"] };
      declared[0].args = { ...declared[0].args, credentials: { SecretToken: "one-changed" } };
      succeeded(await stack.up());
      assert.equal(emu.count({ route: "acquireAccessToken" }), 0);
      declared[0].opts = undefined;
      succeeded(await stack.up());
      assert.equal(emu.count({ route: "acquireAccessToken" }), 1, "without ignoreChanges the change applies");
    });

    it("deleteBeforeReplace replaces a changed target with one POST", async () => {
      declared[1].opts = { deleteBeforeReplace: true };
      declared[1].args = {
        ...declared[1].args,
        servicePrincipalId: emu.fixture.generatedServicePrincipals[third].objectId,
      };
      const up = await stack.up();
      succeeded(up);
      assert.match(up.stdout, /replaced/);
      const posts = emu.log.filter((e) => e.route === "acquireAccessToken");
      assert.deepEqual(
        posts.map((e) => e.targetId),
        [emu.fixture.generatedServicePrincipals[third].objectId],
      );
    });

    it("protect blocks destroy and keeps the resource", async () => {
      declared[0].opts = { protect: true };
      succeeded(await stack.up());
      const destroy = await stack.destroy();
      assert.notEqual(destroy.code, 0);
      assert.match(destroy.stdout + destroy.stderr, /protected/);
      assert.ok(byName(await stack.resources(), "first"), "the protected resource stays");
      declared[0].opts = undefined;
      succeeded(await stack.up());
    });

    it("retainOnDelete forgets the resource on destroy without calling Graph", async () => {
      declared[1].opts = { retainOnDelete: true };
      succeeded(await stack.up());
      emu.clearLog();
      const destroy = await stack.destroy();
      succeeded(destroy);
      assert.equal(emu.count({}), 0);
      assert.equal(authorizations(await stack.resources()).length, 0);
    });
  });

  describe("many resources", () => {
    it("authorizes 20 resources with exactly one token request, both routes and both API versions", async () => {
      const sps = emu.fixture.generatedServicePrincipals.slice(0, 18);
      const declared: Declared[] = [
        ...sps.map((sp, i) => ({
          name: `sp${i}`,
          args: {
            servicePrincipalId: sp.objectId,
            apiVersion: (i % 2 === 0 ? "v1.0" : "beta") as "v1.0" | "beta",
            credentials: [{ key: "SecretToken", value: `token-${i}` }],
          },
        })),
        {
          name: "app-v1",
          args: { applicationId: emu.fixture.ownedApplication.objectId, credentials: { SecretToken: "a" } },
        },
        {
          name: "app-beta",
          args: {
            applicationId: emu.fixture.ownedApplication.objectId,
            apiVersion: "beta",
            credentials: { SecretToken: "b" },
          },
        },
      ];
      if (!emu.directory.get(emu.fixture.ownedApplication.objectId)) emu.directory.add(emu.fixture.ownedApplication);
      const stack = await emulatedStack({ emulator: emu, projectName: "many", program: programOver(() => declared) });
      try {
        emu.clearLog();
        succeeded(await stack.up());
        assert.equal(emu.count({ route: "token" }), 1);
        assert.equal(emu.count({ route: "acquireAccessToken", status: 204 }), 20);
        assert.equal(emu.count({ route: "acquireAccessToken", apiVersion: "beta" }), 10);
        for (const sp of sps) assert.equal(emu.count({ route: "acquireAccessToken", targetId: sp.objectId }), 1);
        assert.equal(emu.count({ route: "acquireAccessToken", targetId: emu.fixture.ownedApplication.objectId }), 2);
        emu.clearLog();
        declared[3].args = { ...declared[3].args, credentials: [{ key: "SecretToken", value: "changed" }] };
        succeeded(await stack.up());
        assert.equal(emu.count({ route: "acquireAccessToken" }), 1);
        assert.equal(emu.count({ route: "acquireAccessToken", targetId: sps[3].objectId }), 1);
        succeeded(await stack.destroy());
      } finally {
        stack.dispose();
      }
    });
  });
});
