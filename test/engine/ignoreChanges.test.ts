import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { SynchronizationAuthorization, SynchronizationAuthorizationArgs } from "../../provider";
import type { LocalStack, StateResource } from "../../scripts/lib/localStack";
import { startEmulator, Emulator } from "../emulator";
import { emulatedStack } from "./emulatedStack";
import { ReleasedAuthorization, asReleasedState, releasedProvider } from "./releasedProvider";

/**
 * Every `ignoreChanges` path a user can write for a credential keeps the stored value: the engine resolves the path
 * against the inputs in state, so those must keep the shape the program wrote (a map stays a map).
 */

const TYPE = "pulumi-nodejs:dynamic/msgraph:SynchronizationAuthorization";

interface Form {
  name: string;
  ignoreChanges: string[];
  /** The resource's arguments, with `changed` false at create and true afterwards. */
  args: (servicePrincipalId: string, changed: boolean) => SynchronizationAuthorizationArgs;
}

function canary(label: string): string {
  return `canary-${label}-${crypto.randomBytes(18).toString("base64url")}`;
}

const values = { token: canary("token"), changedToken: canary("changed-token"), base: "https://scim.example/v2" };

const FORMS: Form[] = [
  {
    name: "whole-property",
    ignoreChanges: ["credentials"],
    args: (id, changed) => ({
      servicePrincipalId: id,
      credentials: { BaseAddress: values.base, SecretToken: changed ? values.changedToken : values.token },
    }),
  },
  {
    name: "map-key",
    ignoreChanges: ["credentials.SecretToken"],
    args: (id, changed) => ({
      servicePrincipalId: id,
      credentials: { BaseAddress: values.base, SecretToken: changed ? values.changedToken : values.token },
    }),
  },
  {
    name: "list-value",
    ignoreChanges: ["credentials[0].value"],
    args: (id, changed) => ({
      servicePrincipalId: id,
      credentials: [
        { key: "SecretToken", value: changed ? values.changedToken : values.token },
        { key: "BaseAddress", value: values.base },
      ],
    }),
  },
  {
    name: "write-only-key",
    ignoreChanges: ["writeOnlyCredentials.SecretToken"],
    args: (id, changed) => ({
      servicePrincipalId: id,
      credentials: { BaseAddress: values.base },
      writeOnlyCredentials: {
        SecretToken: { fromEnv: changed ? "SYNCAUTH_TEST_IGNORED_NEXT" : "SYNCAUTH_TEST_IGNORED_TOKEN" },
      },
    }),
  },
];

function byName(resources: StateResource[], name: string): StateResource {
  const found = resources.find((r) => r.type === TYPE && r.urn.endsWith(`::${name}`));
  assert.ok(found, `resource ${name} is in state`);
  return found;
}

describe("ignoreChanges on a credential, on the real engine", function () {
  this.timeout(600_000);
  let emu: Emulator;
  let stack: LocalStack;
  let changed = false;

  before(async () => {
    emu = await startEmulator();
    const ids = emu.fixture.generatedServicePrincipals.map((sp) => sp.objectId);
    stack = await emulatedStack({
      emulator: emu,
      projectName: "ignore-changes",
      program: async () => {
        FORMS.forEach((form, index) => {
          const opts: pulumi.CustomResourceOptions = { ignoreChanges: form.ignoreChanges };
          new SynchronizationAuthorization(form.name, form.args(ids[index], changed), opts);
        });
        return {};
      },
      env: { SYNCAUTH_TEST_IGNORED_TOKEN: values.token, SYNCAUTH_TEST_IGNORED_NEXT: values.changedToken },
    });
  });
  after(async () => {
    stack?.dispose();
    await emu?.stop();
  });

  it("each form keeps the stored value: no POST, the same keys, no value in state", async () => {
    const created = await stack.up();
    assert.equal(created.code, 0, created.stdout + created.stderr);
    assert.equal(emu.count({ route: "acquireAccessToken" }), FORMS.length);
    emu.clearLog();

    changed = true;
    const up = await stack.up();
    assert.equal(up.code, 0, up.stdout + up.stderr);
    const ids = emu.fixture.generatedServicePrincipals.map((sp) => sp.objectId);
    const resources = await stack.resources();
    for (const [index, form] of FORMS.entries()) {
      const posts = emu.log.filter((e) => e.route === "acquireAccessToken" && e.targetId === ids[index]);
      assert.equal(posts.length, 0, `${form.name} (${form.ignoreChanges.join(", ")}) sent nothing`);
      assert.deepEqual(byName(resources, form.name).outputs?.credentialKeys, ["BaseAddress", "SecretToken"]);
    }
    assert.equal(emu.count({ route: "acquireAccessToken" }), 0);
    const state = JSON.stringify(resources);
    for (const value of [values.token, values.changedToken]) {
      assert.ok(!state.includes(value), "no credential value in state");
      assert.ok(!(up.stdout + up.stderr).includes(value), "no credential value in the output");
    }
  });
});

/**
 * State written by 0.1.0 holds both credential collections as lists (its check stored the checked form), while a
 * program upgraded to this version writes maps and may then add `ignoreChanges: ["credentials.SecretToken"]`: the
 * engine cannot find that path in a list, and would drop the key from the new inputs.
 */
describe("ignoreChanges on a credential key, over state written by 0.1.0 (lists)", function () {
  this.timeout(600_000);
  let emu: Emulator;
  let stack: LocalStack;
  let upgraded = false;
  const map = "map-key";
  const writeOnly = "write-only-key";

  before(async () => {
    emu = await startEmulator();
    const [mapTarget, writeOnlyTarget] = emu.fixture.generatedServicePrincipals.slice(10).map((sp) => sp.objectId);
    stack = await emulatedStack({
      emulator: emu,
      projectName: "ignore-changes-upgrade",
      program: async () => {
        const token = upgraded ? values.changedToken : values.token;
        const variable = upgraded ? "SYNCAUTH_TEST_IGNORED_NEXT" : "SYNCAUTH_TEST_IGNORED_TOKEN";
        const mapArgs = {
          servicePrincipalId: mapTarget,
          credentials: { BaseAddress: values.base, SecretToken: token },
        };
        const writeOnlyArgs = {
          servicePrincipalId: writeOnlyTarget,
          credentials: { BaseAddress: values.base },
          writeOnlyCredentials: { SecretToken: { fromEnv: variable } },
        };
        if (!upgraded) {
          new ReleasedAuthorization(releasedProvider, map, mapArgs);
          new ReleasedAuthorization(releasedProvider, writeOnly, writeOnlyArgs);
          return {};
        }
        new SynchronizationAuthorization(map, mapArgs, { ignoreChanges: ["credentials.SecretToken"] });
        new SynchronizationAuthorization(writeOnly, writeOnlyArgs, {
          ignoreChanges: ["writeOnlyCredentials.SecretToken"],
        });
        return {};
      },
      env: { SYNCAUTH_TEST_IGNORED_TOKEN: values.token, SYNCAUTH_TEST_IGNORED_NEXT: values.changedToken },
    });
  });
  after(async () => {
    stack?.dispose();
    await emu?.stop();
  });

  it("keeps the key and its stored value: no POST, the same keys", async () => {
    const created = await stack.up();
    assert.equal(created.code, 0, created.stdout + created.stderr);
    assert.equal(emu.count({ route: "acquireAccessToken" }), 2);
    await asReleasedState(stack, TYPE);
    const released = JSON.parse(await stack.exportText({ showSecrets: true })).deployment.resources;
    const inputsOf = (name: string) => released.find((r: StateResource) => r.urn.endsWith(`::${name}`)).inputs;
    assert.ok(String(inputsOf(map).credentials.plaintext).startsWith("[{"), "0.1.0's state holds a list");
    assert.ok(Array.isArray(inputsOf(writeOnly).writeOnlyCredentials), "0.1.0's state holds a list");
    emu.clearLog();

    upgraded = true;
    const up = await stack.up();
    const output = up.stdout + up.stderr;
    assert.equal(up.code, 0, output);
    assert.equal(emu.count({ route: "acquireAccessToken" }), 0, `nothing is sent\n${output}`);
    assert.match(output, /credentials: kept "SecretToken" from state/);
    assert.match(output, /writeOnlyCredentials: kept "SecretToken" from state/);
    const resources = await stack.resources();
    for (const name of [map, writeOnly]) {
      assert.deepEqual(byName(resources, name).outputs?.credentialKeys, ["BaseAddress", "SecretToken"], name);
    }
    for (const value of [values.token, values.changedToken]) {
      assert.ok(!output.includes(value), "no credential value in the output");
      assert.ok(!JSON.stringify(resources).includes(value), "no credential value in state");
    }

    // From now on state holds the program's maps: the paths resolve as usual.
    emu.clearLog();
    const again = await stack.up();
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.equal(emu.count({ route: "acquireAccessToken" }), 0);
  });
});
