import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { SynchronizationAuthorization, SynchronizationAuthorizationArgs, WriteOnlyCredentialMap } from "../../provider";
import type { CommandResult } from "../../scripts/lib/pulumiCli";
import type { LocalStack, StateResource } from "../../scripts/lib/localStack";
import { startEmulator, Emulator } from "../emulator";
import { defaultFixture } from "../emulator/fixture";
import { emulatedStack } from "./emulatedStack";
import { plannedOperations } from "./previewOutput";

const TYPE = "pulumi-nodejs:dynamic/msgraph:SynchronizationAuthorization";
const PAIR_TYPE = "microsoft.graph.synchronizationSecretKeyStringValuePair";
const BASE_ADDRESS = "https://scim.example.com/v2";

/** A random, high-entropy value that may appear nowhere but in the Graph request body. */
function canary(label: string): string {
  return `canary-${label}-${crypto.randomBytes(18).toString("base64url")}`;
}

function succeeded(result: CommandResult): void {
  assert.equal(result.code, 0, `${result.command} failed:\n${result.stdout}\n${result.stderr}`);
}

/** The steps planned for this test's resources (the stack itself may show as "same"). */
function planned(output: string): Record<string, string> {
  const operations = plannedOperations(output);
  return Object.fromEntries(Object.entries(operations).filter(([name]) => name === "scim" || name === "other"));
}

/** Graph does not care about order, and the engine hands maps over sorted by key. */
function sortedByKey(pairs: { key: string; value: string }[]): { key: string; value: string }[] {
  return [...pairs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function byName(resources: StateResource[], name: string): StateResource {
  const found = resources.find((r) => r.type === TYPE && r.urn.endsWith(`::${name}`));
  assert.ok(found, `resource ${name} is in state`);
  return found;
}

/** Every file below `dir`, concatenated (binary-safe). */
function treeText(dir: string): string {
  const texts: string[] = [];
  const walk = (current: string): void => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) texts.push(fs.readFileSync(full, "latin1"));
    }
  };
  walk(dir);
  return texts.join("\n");
}

describe("write-only credentials on the real engine", function () {
  this.timeout(600_000);

  const values = {
    env: canary("env"),
    file: canary("file"),
    keyVault: canary("key-vault"),
    rotatedEnv: canary("env-rotated"),
    rotatedFile: canary("file-rotated"),
    rotatedKeyVault: canary("key-vault-rotated"),
    nextEnv: canary("env-next"),
    newCode: canary("key-vault-new-code"),
    other: canary("other-resource"),
  };
  const rotatedVersion = crypto.randomBytes(16).toString("hex");
  const newCodeVersion = crypto.randomBytes(16).toString("hex");
  let emu: Emulator;
  let stack: LocalStack;
  let scratch: string;
  let secretFile: string;
  let vaultUrl: string;
  /** Everything the CLI printed, and every emulator log entry except the bodies Graph must receive. */
  const observed: string[] = [];
  let args: SynchronizationAuthorizationArgs;
  let otherArgs: SynchronizationAuthorizationArgs;

  async function run(command: Promise<CommandResult>): Promise<CommandResult> {
    const result = await command;
    observed.push(result.stdout, result.stderr);
    return result;
  }

  function keyVaultSecretUrl(name: string, version?: string): string {
    return `${vaultUrl}/secrets/${name}${version !== undefined ? `/${version}` : ""}`;
  }

  function scimState(): Promise<StateResource> {
    return stack.resources().then((resources) => byName(resources, "scim"));
  }

  function postedCredentials(targetId: string): { key: string; value: string }[] {
    const posts = emu.log.filter((e) => e.route === "acquireAccessToken" && e.targetId === targetId);
    assert.equal(posts.length, 1, `one POST for ${targetId}`);
    return (posts[0].body as { credentials: { "@odata.type": string; key: string; value: string }[] }).credentials.map(
      (pair) => {
        assert.equal(pair["@odata.type"], PAIR_TYPE);
        return { key: pair.key, value: pair.value };
      },
    );
  }

  function assertNoValueIn(text: string, where: string): void {
    for (const [name, value] of Object.entries(values)) {
      assert.ok(!text.includes(value), `${where} holds the ${name} value`);
    }
  }

  before(async () => {
    emu = await startEmulator({ fixture: defaultFixture({ readableSecretValue: values.keyVault }) });
    vaultUrl = emu.endpoints("global").keyVaultUrl;
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "syncauth-write-only-"));
    secretFile = path.join(scratch, "oauth-client-secret");
    fs.writeFileSync(secretFile, `${values.file}\n`);
    args = {
      servicePrincipalId: emu.fixture.ownedServicePrincipal.objectId,
      credentials: { BaseAddress: BASE_ADDRESS },
      writeOnlyCredentials: {
        SecretToken: { fromEnv: "SYNCAUTH_TEST_SCIM_TOKEN" },
        Oauth2ClientSecret: { fromFile: secretFile },
        Oauth2AuthorizationCode: { fromKeyVault: keyVaultSecretUrl(emu.fixture.readableSecret.name) },
      },
      writeOnlyCredentialsVersion: "1",
    };
    // No `credentials` at all: write-only pairs alone are enough.
    otherArgs = {
      servicePrincipalId: emu.fixture.generatedServicePrincipals[7].objectId,
      writeOnlyCredentials: [{ key: "SecretToken", fromEnv: "SYNCAUTH_TEST_OTHER_TOKEN" }],
    };
    stack = await emulatedStack({
      emulator: emu,
      projectName: "write-only",
      program: async () => {
        new SynchronizationAuthorization("scim", args);
        new SynchronizationAuthorization("other", otherArgs);
        return {};
      },
      env: { SYNCAUTH_TEST_SCIM_TOKEN: values.env, SYNCAUTH_TEST_OTHER_TOKEN: values.other },
    });
  });
  after(async () => {
    stack?.dispose();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    await emu?.stop();
  });
  beforeEach(() => emu.clearLog());
  afterEach(() => {
    observed.push(JSON.stringify(emu.log.filter((entry) => entry.route !== "acquireAccessToken")));
  });

  it("previews without reading any reference: nothing is resolved, nothing is requested", async () => {
    // With the variable unset and the file gone, only a preview that reads nothing can succeed.
    const variable = stack.env.SYNCAUTH_TEST_SCIM_TOKEN;
    delete stack.env.SYNCAUTH_TEST_SCIM_TOKEN;
    fs.renameSync(secretFile, `${secretFile}.away`);
    try {
      const preview = await run(stack.preview("--diff"));
      succeeded(preview);
      assert.deepEqual(planned(preview.stdout), { scim: "create", other: "create" });
    } finally {
      stack.env.SYNCAUTH_TEST_SCIM_TOKEN = variable;
      fs.renameSync(`${secretFile}.away`, secretFile);
    }
    assert.equal(emu.count({ route: "keyVaultSecret" }), 0);
    assert.equal(emu.count({}), 0, "preview must not send any request");
  });

  it("sends the values read from the environment, a file and Key Vault in one POST per resource", async () => {
    succeeded(await run(stack.up()));
    assert.equal(emu.count({ route: "acquireAccessToken", status: 204 }), 2);
    assert.deepEqual(sortedByKey(postedCredentials(emu.fixture.ownedServicePrincipal.objectId)), [
      { key: "BaseAddress", value: BASE_ADDRESS },
      { key: "Oauth2AuthorizationCode", value: values.keyVault },
      { key: "Oauth2ClientSecret", value: values.file },
      { key: "SecretToken", value: values.env },
    ]);
    assert.deepEqual(postedCredentials(emu.fixture.generatedServicePrincipals[7].objectId), [
      { key: "SecretToken", value: values.other },
    ]);
    assert.equal(emu.count({ route: "keyVaultSecret", status: 200 }), 1, "the secret is read once");
    const [read] = emu.log.filter((e) => e.route === "keyVaultSecret" && e.status === 200);
    assert.equal(
      read.clientId,
      emu.fixture.demo.clientId,
      "Key Vault is read with the identity that signs in to Graph",
    );
  });

  it("keeps the references and the version in state, and no value anywhere", async () => {
    const state = await scimState();
    const references = [
      { key: "Oauth2AuthorizationCode", fromKeyVault: keyVaultSecretUrl(emu.fixture.readableSecret.name) },
      { key: "Oauth2ClientSecret", fromFile: secretFile },
      { key: "SecretToken", fromEnv: "SYNCAUTH_TEST_SCIM_TOKEN" },
    ];
    // Inputs keep the shape the program wrote (what ignoreChanges paths resolve against); outputs the checked list.
    assert.deepEqual(state.inputs?.writeOnlyCredentials, args.writeOnlyCredentials);
    assert.deepEqual(state.outputs?.writeOnlyCredentials, references);
    assert.equal(state.outputs?.writeOnlyCredentialsVersion, "1");
    assert.deepEqual(state.outputs?.credentialKeys, [
      "BaseAddress",
      "Oauth2AuthorizationCode",
      "Oauth2ClientSecret",
      "SecretToken",
    ]);
    const other = byName(await stack.resources(), "other");
    assert.deepEqual(other.outputs?.credentialKeys, ["SecretToken"]);
    assertNoValueIn(await stack.exportText({ showSecrets: true }), "stack export --show-secrets");
    assertNoValueIn(stack.stateFilesText(), "a state file");
    assertNoValueIn(
      (await run(stack.pulumi(["stack", "output", "--json", "--show-secrets"]))).stdout,
      "stack output --show-secrets",
    );
    assertNoValueIn(treeText(path.dirname(stack.stateDir)), "the stack's home, state and work directories");
    assertNoValueIn(observed.join("\n"), "CLI output or the emulator log");
  });

  it("makes no call when nothing changed", async () => {
    const preview = await run(stack.preview("--diff"));
    succeeded(preview);
    assert.deepEqual(planned(preview.stdout), {});
    succeeded(await run(stack.up()));
    assert.equal(emu.count({}), 0);
  });

  it("does not notice a new value behind an unchanged reference (by design): no read, no POST", async () => {
    const before = (await scimState()).outputs?.lastAuthorizedAt;
    stack.env.SYNCAUTH_TEST_SCIM_TOKEN = values.rotatedEnv;
    fs.writeFileSync(secretFile, values.rotatedFile);
    emu.directory.addSecret({ ...emu.fixture.readableSecret, version: rotatedVersion, value: values.rotatedKeyVault });
    const preview = await run(stack.preview("--diff"));
    succeeded(preview);
    assert.deepEqual(planned(preview.stdout), {});
    succeeded(await run(stack.up()));
    assert.equal(emu.count({ route: "acquireAccessToken" }), 0);
    assert.equal(emu.count({ route: "keyVaultSecret" }), 0);
    assert.equal((await scimState()).outputs?.lastAuthorizedAt, before);
  });

  it("re-sends once, with the current values, when writeOnlyCredentialsVersion is bumped", async () => {
    args = { ...args, writeOnlyCredentialsVersion: "2" };
    const preview = await run(stack.preview("--diff"));
    succeeded(preview);
    assert.deepEqual(planned(preview.stdout), { scim: "update" });
    // The dynamic provider cannot tell a secret version from a plain one, so its reason never quotes one; the
    // engine's own diff shows a plain one.
    assert.match(preview.stdout + preview.stderr, /writeOnlyCredentialsVersion changed \(its values are not shown/);
    assert.match(preview.stdout, /~ writeOnlyCredentialsVersion: "1" => "2"/);
    assert.equal(emu.count({}), 0, "the preview of the bump reads and sends nothing");
    // Verbose engine logs show every gRPC payload between engine and provider; the values are in none of them.
    const up = await run(stack.up("--logtostderr", "--logflow", "-v=9"));
    succeeded(up);
    assert.ok(up.stderr.includes("SYNCAUTH_TEST_SCIM_TOKEN"), "the verbose log shows the provider's inputs");
    assert.equal(emu.count({ route: "acquireAccessToken" }), 1);
    assert.deepEqual(sortedByKey(postedCredentials(emu.fixture.ownedServicePrincipal.objectId)), [
      { key: "BaseAddress", value: BASE_ADDRESS },
      { key: "Oauth2AuthorizationCode", value: values.rotatedKeyVault },
      { key: "Oauth2ClientSecret", value: values.rotatedFile },
      { key: "SecretToken", value: values.rotatedEnv },
    ]);
    assert.equal((await scimState()).outputs?.writeOnlyCredentialsVersion, "2");
  });

  it("stops before Graph when a changed reference would re-send the code already sent, naming the key", async () => {
    const applied = await scimState();
    stack.env.SYNCAUTH_TEST_SCIM_TOKEN_NEXT = values.nextEnv;
    const references = args.writeOnlyCredentials as WriteOnlyCredentialMap;
    args = {
      ...args,
      writeOnlyCredentials: { ...references, SecretToken: { fromEnv: "SYNCAUTH_TEST_SCIM_TOKEN_NEXT" } },
    };
    const preview = await run(stack.preview("--diff"));
    succeeded(preview);
    assert.deepEqual(planned(preview.stdout), { scim: "update" });
    assert.match(preview.stdout + preview.stderr, /write-only credential references changed \("SecretToken"\)/);
    assert.match(
      preview.stdout + preview.stderr,
      /writeOnlyCredentials\.Oauth2AuthorizationCode is single-use and its reference is unchanged/,
    );
    const up = await run(stack.up());
    assert.notEqual(up.code, 0, "the up must fail");
    assert.match(up.stdout + up.stderr, /"Oauth2AuthorizationCode" holds the value already sent/);
    assert.match(up.stdout + up.stderr, /Get a new code .* change triggers or writeOnlyCredentialsVersion/s);
    assert.equal(emu.count({ route: "acquireAccessToken" }), 0, "nothing was sent");
    const kept = await scimState();
    assert.equal(kept.outputs?.lastAuthorizedAt, applied.outputs?.lastAuthorizedAt);
    assert.equal(emu.synchronization.redeemedCodes(emu.fixture.ownedServicePrincipal.objectId), 2);
  });

  it("re-sends once when a new code is supplied with the changed reference: a pinned Key Vault version", async () => {
    const { name } = emu.fixture.readableSecret;
    emu.directory.addSecret({ ...emu.fixture.readableSecret, version: newCodeVersion, value: values.newCode });
    args = {
      ...args,
      writeOnlyCredentials: {
        ...(args.writeOnlyCredentials as WriteOnlyCredentialMap),
        Oauth2AuthorizationCode: { fromKeyVault: keyVaultSecretUrl(name, newCodeVersion) },
      },
    };
    succeeded(await run(stack.up()));
    assert.equal(emu.count({ route: "acquireAccessToken", status: 204 }), 1);
    assert.equal(emu.count({ route: "acquireAccessToken" }), 1);
    const posted = postedCredentials(emu.fixture.ownedServicePrincipal.objectId);
    assert.equal(posted.find((pair) => pair.key === "SecretToken")?.value, values.nextEnv);
    assert.equal(
      posted.find((pair) => pair.key === "Oauth2AuthorizationCode")?.value,
      values.newCode,
      "the pinned version's value, not the latest",
    );
  });

  describe("a reference that cannot be read stops the update before Graph", () => {
    let good: SynchronizationAuthorizationArgs;
    let applied: StateResource;

    before(async () => {
      good = args;
      applied = await scimState();
    });
    afterEach(() => {
      args = good;
    });

    async function failedUp(writeOnly: WriteOnlyCredentialMap, expected: RegExp[]): Promise<string> {
      args = {
        ...good,
        writeOnlyCredentials: { ...(good.writeOnlyCredentials as WriteOnlyCredentialMap), ...writeOnly },
      };
      const up = await run(stack.up());
      assert.notEqual(up.code, 0, "up fails");
      const output = up.stdout + up.stderr;
      for (const pattern of expected) assert.match(output, pattern);
      assert.match(output, /nothing was sent to Graph/);
      assert.equal(emu.count({ route: "acquireAccessToken" }), 0, "no POST");
      assertNoValueIn(output, "the error output");
      const kept = await scimState();
      assert.equal(
        kept.outputs?.lastAuthorizedAt,
        applied.outputs?.lastAuthorizedAt,
        "state keeps the last authorization",
      );
      assert.deepEqual(kept.outputs?.writeOnlyCredentials, applied.outputs?.writeOnlyCredentials);
      return output;
    }

    it("an unset environment variable", async () => {
      await failedUp({ SecretToken: { fromEnv: "SYNCAUTH_TEST_NEVER_SET" } }, [
        /writeOnlyCredentials\.SecretToken \(environment variable "SYNCAUTH_TEST_NEVER_SET"\): is not set in the provider process's environment/,
      ]);
      assert.equal(emu.count({ route: "token" }), 0, "not even a sign-in");
    });

    it("a missing file", async () => {
      const missing = path.join(scratch, "no-such-file");
      await failedUp({ Oauth2ClientSecret: { fromFile: missing } }, [
        new RegExp(`writeOnlyCredentials\\.Oauth2ClientSecret \\(file ${JSON.stringify(missing)}\\): does not exist`),
      ]);
    });

    it("a Key Vault secret that does not exist (404)", async () => {
      const url = keyVaultSecretUrl("no-such-secret");
      await failedUp({ Oauth2AuthorizationCode: { fromKeyVault: url } }, [
        new RegExp(
          `writeOnlyCredentials\\.Oauth2AuthorizationCode \\(Key Vault secret ${JSON.stringify(url).replace(/[.]/g, "\\.")}\\): ` +
            "Key Vault answered 404 SecretNotFound",
        ),
      ]);
      assert.equal(emu.count({ route: "keyVaultSecret", status: 404 }), 1);
    });

    it("a Key Vault secret the identity may not read (403)", async () => {
      const url = keyVaultSecretUrl(emu.fixture.forbiddenSecret.name);
      await failedUp({ Oauth2AuthorizationCode: { fromKeyVault: url } }, [
        /writeOnlyCredentials\.Oauth2AuthorizationCode \(Key Vault secret "[^"]+\/secrets\/restricted-secret"\): Key Vault answered 403 Forbidden/,
        new RegExp(`client ${emu.fixture.demo.clientId} in tenant ${emu.fixture.tenantId} may not read the secret`),
      ]);
      assert.equal(emu.count({ route: "keyVaultSecret", status: 403 }), 1);
    });

    it("every failing reference at once, and none of the readable values sent", async () => {
      await failedUp(
        {
          SecretToken: { fromEnv: "SYNCAUTH_TEST_NEVER_SET" },
          Oauth2ClientSecret: { fromFile: path.join(scratch, "no-such-file") },
        },
        [/Could not resolve 2 of 3 write-only credentials/, /SecretToken/, /Oauth2ClientSecret/],
      );
    });
  });

  // Mocha runs a suite's own tests before its nested suites: these come last on purpose, after the failures.
  describe("afterwards", () => {
    it("refuses in preview a key given in both collections, naming it, and calls nothing", async () => {
      const good = args;
      args = { ...good, credentials: { BaseAddress: BASE_ADDRESS, SecretToken: canary("both") } };
      try {
        const preview = await run(stack.preview());
        assert.notEqual(preview.code, 0);
        assert.match(
          preview.stdout + preview.stderr,
          /writeOnlyCredentials\.SecretToken.*the key "SecretToken" is also in credentials/,
        );
        assert.equal(emu.count({}), 0);
      } finally {
        args = good;
      }
    });

    it("shows a secret writeOnlyCredentialsVersion only as changed, never its value", async () => {
      const good = args;
      const secretVersion = canary("secret-version");
      args = { ...good, writeOnlyCredentialsVersion: pulumi.secret(secretVersion) };
      try {
        const preview = await run(stack.preview("--diff"));
        succeeded(preview);
        assert.deepEqual(planned(preview.stdout), { scim: "update" });
        const output = preview.stdout + preview.stderr;
        assert.match(output, /writeOnlyCredentialsVersion changed \(its values are not shown: it may be secret\)/);
        assert.ok(!output.includes(secretVersion), "the preview shows the secret version");
        assert.equal(emu.count({}), 0, "the preview calls nothing");
      } finally {
        args = good;
      }
    });

    it("leaves no value in state, state files, CLI output, engine logs or the emulator log after all of it", async () => {
      succeeded(await run(stack.refresh()));
      assertNoValueIn(await stack.exportText({ showSecrets: true }), "stack export --show-secrets");
      assertNoValueIn(stack.stateFilesText(), "a state file");
      assertNoValueIn(treeText(path.dirname(stack.stateDir)), "the stack's home, state and work directories");
      assertNoValueIn(observed.join("\n"), "CLI output or the emulator log");
      succeeded(await run(stack.destroy()));
      assert.equal(emu.count({ route: "acquireAccessToken" }), 0);
      assert.equal(emu.count({ route: "keyVaultSecret" }), 0);
    });
  });
});
