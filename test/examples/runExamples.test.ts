import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import type { CloudName } from "../../provider/config/clouds";
import { LocalStack, StateResource } from "../../scripts/lib/localStack";
import { programFromFile } from "../../scripts/lib/programHost";
import { LOCAL_DIR } from "../../scripts/lib/pulumiCli";
import { Emulator, startEmulator } from "../emulator";
import {
  assertHeldOutput,
  assertMappingsWritten,
  assertTemplateRestored,
  DEPARTMENT,
  editExternalIdInPortal,
  SCHEMA_CALLS,
  takeSchemaCalls,
  userMapping,
} from "./attributeMappingsScenario";
import { assertPackageBuilt, EXAMPLES_DIR } from "./typeCheck";

const TYPE = "pulumi-nodejs:dynamic/msgraph:SynchronizationAuthorization";
const PAIR_TYPE = "microsoft.graph.synchronizationSecretKeyStringValuePair";

type StackConfig = Record<string, { value: string; secret?: boolean }>;

interface ExampleStackOptions {
  /** The cloud whose emulator endpoints the provider is pointed at. Default "global". */
  cloud?: CloudName;
  /** The program's own config, keyed without the project namespace. */
  config: StackConfig;
  /** Provider settings beyond the endpoints; default: the demo client signing in with its secret. */
  signIn?: StackConfig;
  env?: NodeJS.ProcessEnv;
}

/** A random value that must reach Graph and nowhere else (state, CLI output). */
function canary(label: string): string {
  return `canary-${label}-${crypto.randomBytes(18).toString("base64url")}`;
}

function succeeded(result: { code: number; stdout: string; stderr: string; command: string }): string {
  assert.equal(result.code, 0, `${result.command} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

function pairs(credentials: [string, string][]): unknown {
  return { credentials: credentials.map(([key, value]) => ({ "@odata.type": PAIR_TYPE, key, value })) };
}

/**
 * The operation a preview plans for the resource named `name` ("create", "update", ...): a SynchronizationAuthorization
 * unless `type` names another dynamic resource type (`syncauth:AttributeMappings`).
 */
function plannedOperation(
  stdout: string,
  name: string,
  type = "msgraph:SynchronizationAuthorization",
): string | undefined {
  const pattern = new RegExp(
    String.raw`${type}(?::| ${name}) \(([\w-]+)\)\n(?:\s*\[id=[^\]]*\]\n)?\s*\[urn=[^\]]*::${name}\]`,
  );
  return pattern.exec(stdout)?.[1];
}

/** Waits until an authorization made at `lastAuthorizedAt` is surely older than `periodMs`. */
async function waitUntilOlderThan(lastAuthorizedAt: unknown, periodMs: number): Promise<void> {
  const due = Date.parse(String(lastAuthorizedAt)) + periodMs;
  assert.ok(Number.isFinite(due), `lastAuthorizedAt is a time: ${String(lastAuthorizedAt)}`);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now()) + 500));
}

function posts(emu: Emulator) {
  return emu.log.filter((entry) => entry.route === "acquireAccessToken");
}

function authorizations(resources: StateResource[]): StateResource[] {
  return resources.filter((resource) => resource.type === TYPE);
}

/**
 * An example run as its user would run it: its own Pulumi.yaml (so the CLI checks the declared config), its
 * index.ts loaded afresh on every command through the package name, and the provider settings of
 * test/engine/emulatedStack.ts pointing Graph and Entra at the emulator.
 */
class ExampleStack {
  private constructor(
    readonly stack: LocalStack,
    readonly project: string,
    private readonly workDir: string,
  ) {}

  static async create(emu: Emulator, example: string, options: ExampleStackOptions): Promise<ExampleStack> {
    const exampleDir = path.join(EXAMPLES_DIR, example);
    const project = String(parse(fs.readFileSync(path.join(exampleDir, "Pulumi.yaml"), "utf8")).name);
    // A copy of Pulumi.yaml elsewhere, so that the stack's own config file never lands in the example directory;
    // inside the repository, because the dynamic-provider host resolves @pulumi/pulumi from the project directory.
    fs.mkdirSync(LOCAL_DIR, { recursive: true });
    const workDir = fs.mkdtempSync(path.join(LOCAL_DIR, `example-${example}-`));
    fs.copyFileSync(path.join(exampleDir, "Pulumi.yaml"), path.join(workDir, "Pulumi.yaml"));
    const stack = await LocalStack.create({
      projectName: project,
      workDir,
      program: programFromFile(path.join(exampleDir, "index.ts")),
      env: { NODE_EXTRA_CA_CERTS: emu.caCertPath, ...options.env },
    });
    const endpoints = emu.endpoints(options.cloud ?? "global");
    const client = emu.fixture.demo;
    const provider: StackConfig = {
      "syncauth:graphEndpoint": { value: endpoints.graphRoot },
      "syncauth:authorityHost": { value: endpoints.authorityHost },
      "syncauth:graphScope": { value: endpoints.graphScope },
      "syncauth:keyVaultHosts": { value: new URL(endpoints.keyVaultUrl).host },
      ...(options.signIn ?? {
        "syncauth:tenantId": { value: client.tenantId },
        "syncauth:clientId": { value: client.clientId },
        "syncauth:clientSecret": { value: client.clientSecrets[0], secret: true },
      }),
    };
    const created = new ExampleStack(stack, project, workDir);
    await created.configure(provider);
    await created.configureProgram(options.config);
    return created;
  }

  async configure(config: StackConfig): Promise<void> {
    for (const [key, { value, secret }] of Object.entries(config)) {
      await this.stack.setConfig(key, value, { secret });
    }
  }

  configureProgram(config: StackConfig): Promise<void> {
    return this.configure(Object.fromEntries(Object.entries(config).map(([k, v]) => [`${this.project}:${k}`, v])));
  }

  async outputs(): Promise<Record<string, unknown>> {
    const result = await this.stack.must(["stack", "output", "--json"]);
    return JSON.parse(result.stdout);
  }

  async destroyWithoutGraphCalls(emu: Emulator): Promise<void> {
    emu.clearLog();
    succeeded(await this.stack.destroy());
    assert.equal(emu.count({}), 0, "destroy calls nothing");
    assert.equal(authorizations(await this.stack.resources()).length, 0);
  }

  dispose(): void {
    this.stack.dispose();
    fs.rmSync(this.workDir, { recursive: true, force: true });
  }
}

describe("examples run against the emulator", function () {
  this.timeout(600_000);
  let emu: Emulator;

  before(async () => {
    assertPackageBuilt();
    emu = await startEmulator();
  });
  after(async () => {
    await emu?.stop();
  });

  describe("quickstart", () => {
    let example: ExampleStack;
    const token = canary("scim");
    const rotated = canary("scim-rotated");

    before(async () => {
      example = await ExampleStack.create(emu, "quickstart", {
        config: {
          servicePrincipalId: { value: emu.fixture.ownedServicePrincipal.objectId },
          scimBaseAddress: { value: "https://scim.example.com/v2" },
          scimSecretToken: { value: token, secret: true },
        },
      });
    });
    after(() => example?.dispose());
    beforeEach(() => emu.clearLog());

    it("previews without a single request", async () => {
      const stdout = succeeded(await example.stack.preview("--diff"));
      assert.equal(plannedOperation(stdout, "scim-provisioning"), "create");
      assert.equal(emu.count({}), 0);
    });

    it("authorizes on up with one sign-in and one POST carrying the SCIM pair", async () => {
      succeeded(await example.stack.up());
      assert.equal(emu.count({ route: "token" }), 1);
      const [post, ...more] = posts(emu);
      assert.equal(more.length, 0);
      assert.equal(post.status, 204);
      assert.equal(
        post.path,
        `/v1.0/servicePrincipals/${emu.fixture.ownedServicePrincipal.objectId}/synchronization/acquireAccessToken`,
      );
      assert.deepEqual(
        post.body,
        pairs([
          ["BaseAddress", "https://scim.example.com/v2"],
          ["SecretToken", token],
        ]),
      );
      const outputs = await example.outputs();
      assert.equal(outputs.target, `servicePrincipals/${emu.fixture.ownedServicePrincipal.objectId}`);
      assert.deepEqual(outputs.credentialKeys, ["BaseAddress", "SecretToken"]);
      assert.ok(!(await example.stack.exportText()).includes(token), "the token is in the state in plaintext");
    });

    it("sends nothing on an up without changes", async () => {
      succeeded(await example.stack.up());
      assert.equal(emu.count({}), 0);
    });

    it("re-authorizes once with the rotated token", async () => {
      await example.configureProgram({ scimSecretToken: { value: rotated, secret: true } });
      succeeded(await example.stack.up());
      assert.equal(posts(emu).length, 1);
      assert.deepEqual(
        posts(emu)[0].body,
        pairs([
          ["BaseAddress", "https://scim.example.com/v2"],
          ["SecretToken", rotated],
        ]),
      );
    });

    it("destroys without calling Graph", () => example.destroyWithoutGraphCalls(emu));
  });

  describe("oauth-connector", () => {
    let example: ExampleStack;
    const firstCode = canary("code-1");
    const secondCode = canary("code-2");
    const clientSecret = canary("oauth-client-secret");
    // Credentials given as a map reach Graph in key order (the engine sorts property maps).
    const credentialsWith = (code: string) =>
      pairs([
        ["Oauth2AuthorizationCode", code],
        ["Oauth2ClientId", "partner-client-id"],
        ["Oauth2ClientSecret", clientSecret],
        ["Oauth2RedirectUri", "https://portal.example/redirect"],
        ["Oauth2TokenExchangeUri", "https://partner.example/oauth2/token"],
      ]);

    before(async () => {
      example = await ExampleStack.create(emu, "oauth-connector", {
        config: {
          servicePrincipalId: { value: emu.fixture.ownedServicePrincipal.objectId },
          oauthClientId: { value: "partner-client-id" },
          oauthClientSecret: { value: clientSecret, secret: true },
          authorizationCode: { value: firstCode, secret: true },
          codeVersion: { value: "2026-11-01" },
          redirectUri: { value: "https://portal.example/redirect" },
          tokenExchangeUri: { value: "https://partner.example/oauth2/token" },
        },
      });
    });
    after(() => example?.dispose());
    beforeEach(() => emu.clearLog());

    it("previews without a request, showing the code version and never the code", async () => {
      const result = await example.stack.preview("--diff");
      const stdout = succeeded(result);
      assert.equal(emu.count({}), 0);
      assert.match(stdout, /codeVersion\s*:\s*"2026-11-01"/);
      assert.ok(!(stdout + result.stderr).includes(firstCode), "the preview shows the code");
    });

    it("redeems the first code with one POST of all five credentials", async () => {
      succeeded(await example.stack.up());
      assert.equal(posts(emu).length, 1);
      assert.deepEqual(posts(emu)[0].body, credentialsWith(firstCode));
      assert.equal((await example.outputs()).authorizedCodeVersion, "2026-11-01");
    });

    it("never re-sends a code on later ups", async () => {
      succeeded(await example.stack.up());
      succeeded(await example.stack.up());
      assert.equal(posts(emu).length, 0);
    });

    it("a new code with a bumped version re-authorizes exactly once, and the preview shows the version", async () => {
      await example.configureProgram({
        authorizationCode: { value: secondCode, secret: true },
        codeVersion: { value: "2026-11-24" },
      });
      const preview = await example.stack.preview("--diff");
      const stdout = succeeded(preview);
      assert.equal(plannedOperation(stdout, "oauth-connector"), "update");
      assert.match(stdout, /codeVersion\s*:\s*"2026-11-01"\s*=>\s*"2026-11-24"/);
      assert.ok(!(stdout + preview.stderr).includes(secondCode), "the preview shows the code");
      assert.equal(emu.count({}), 0);

      succeeded(await example.stack.up());
      assert.equal(posts(emu).length, 1);
      assert.deepEqual(posts(emu)[0].body, credentialsWith(secondCode));
      emu.clearLog();
      succeeded(await example.stack.up());
      assert.equal(posts(emu).length, 0, "the new code is not sent twice");
      const exported = await example.stack.exportText();
      for (const value of [firstCode, secondCode, clientSecret]) {
        assert.ok(!exported.includes(value), "a credential is in the state in plaintext");
      }
    });

    it("destroys without calling Graph", () => example.destroyWithoutGraphCalls(emu));
  });

  describe("rotation", () => {
    let example: ExampleStack;

    before(async () => {
      example = await ExampleStack.create(emu, "rotation", {
        config: {
          servicePrincipalId: { value: emu.fixture.ownedServicePrincipal.objectId },
          scimBaseAddress: { value: "https://scim.example.com/v2" },
          scimSecretToken: { value: canary("rotation"), secret: true },
        },
      });
    });
    after(() => example?.dispose());
    beforeEach(() => emu.clearLog());

    it("authorizes once and then leaves a young authorization alone (default 720h)", async () => {
      succeeded(await example.stack.up());
      assert.equal(posts(emu).length, 1);
      emu.clearLog();
      succeeded(await example.stack.up());
      assert.equal(emu.count({}), 0);
    });

    it("re-authorizes exactly once on the up after the period has passed, and the preview says why", async () => {
      await example.configureProgram({ reauthorizeAfter: { value: "1s" } });
      await waitUntilOlderThan((await example.outputs()).lastAuthorizedAt, 1000);
      succeeded(await example.stack.up());
      assert.equal(posts(emu).length, 1, "a shorter period that has already passed re-authorizes once");

      const before = (await example.outputs()).lastAuthorizedAt;
      await waitUntilOlderThan(before, 1000);
      emu.clearLog();
      const preview = await example.stack.preview("--diff");
      assert.equal(plannedOperation(succeeded(preview), "scheduled-provisioning"), "update");
      assert.match(preview.stdout + preview.stderr, /older than reauthorizeAfter "1s"/);
      assert.equal(emu.count({}), 0, "the preview only reports the age");
      succeeded(await example.stack.up());
      assert.equal(posts(emu).length, 1);
      const after = (await example.outputs()).lastAuthorizedAt;
      assert.ok(Date.parse(String(after)) > Date.parse(String(before)), "lastAuthorizedAt moved forward");
    });

    it("going back to 720h calls nothing: the last authorization is young again", async () => {
      await example.configureProgram({ reauthorizeAfter: { value: "720h" } });
      succeeded(await example.stack.up());
      succeeded(await example.stack.up());
      assert.equal(emu.count({}), 0);
    });

    it("destroys without calling Graph", () => example.destroyWithoutGraphCalls(emu));
  });

  describe("attribute-mappings", () => {
    const MAPPINGS_TYPE = "syncauth:AttributeMappings";
    let example: ExampleStack;
    let objectId: string;
    let jobId: string;
    const calls = () => takeSchemaCalls(emu);

    before(async () => {
      objectId = emu.fixture.ownedServicePrincipal.objectId;
      // A job of its own, so the template's default is what the example starts from whatever ran before.
      jobId = emu.synchronization.addJob(objectId).id;
      example = await ExampleStack.create(emu, "attribute-mappings", {
        config: {
          servicePrincipalId: { value: objectId },
          jobId: { value: jobId },
          department: { value: DEPARTMENT },
        },
      });
    });
    after(() => example?.dispose());
    beforeEach(() => emu.clearLog());

    it("previews a create without a single request: the expressions are checked locally", async () => {
      const stdout = succeeded(await example.stack.preview("--diff"));
      assert.equal(plannedOperation(stdout, "scim-user-mappings", MAPPINGS_TYPE), "create");
      assert.equal(emu.count({}), 0);
    });

    it("up: one sign-in, one read, Graph's parse of the one function, one write, one confirming read", async () => {
      succeeded(await example.stack.up());
      const parsed = emu.log.find((entry) => entry.route === "parseExpression");
      assert.deepEqual(parsed?.body, { expression: 'Join(" ", [givenName], [surname])' });
      assert.deepEqual(calls(), { tokens: 1, routes: SCHEMA_CALLS.firstUp });
      assertMappingsWritten(emu, objectId, jobId);
      const outputs = await example.outputs();
      assert.equal(outputs.target, `servicePrincipals/${objectId}`);
      assert.match(String(outputs.lastWrittenAt), /^\d{4}-\d\d-\d\dT/);
      assertHeldOutput(outputs.objectMappings);
    });

    it("preview and up with nothing changed: no request at all", async () => {
      const stdout = succeeded(await example.stack.preview("--diff"));
      assert.equal(plannedOperation(stdout, "scim-user-mappings", MAPPINGS_TYPE), undefined, stdout);
      assert.match(stdout, /2 unchanged/); // the stack and the resource
      succeeded(await example.stack.up());
      assert.equal(emu.count({}), 0);
    });

    it("a portal edit: refresh reads it as drift (one read), the next up writes it back (no parse)", async () => {
      editExternalIdInPortal(emu, objectId, jobId);
      succeeded(await example.stack.refresh());
      assert.deepEqual(calls(), { tokens: 1, routes: SCHEMA_CALLS.refresh });
      const preview = succeeded(await example.stack.preview("--diff"));
      assert.equal(plannedOperation(preview, "scim-user-mappings", MAPPINGS_TYPE), "update");
      assert.equal(emu.count({}), 0);
      succeeded(await example.stack.up());
      assert.deepEqual(calls(), { tokens: 1, routes: SCHEMA_CALLS.upAfterDrift });
      assertMappingsWritten(emu, objectId, jobId);
    });

    /** Resolves once the emulator has received the `nth` request of `route` in this step. */
    async function arrived(route: "getJobSchema", nth: number): Promise<void> {
      while (emu.log.filter((entry) => entry.route === route).length < nth) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    it("an outside edit between up's read and its write is lost: Graph's schema PUT has no conditional form", async () => {
      await example.configureProgram({ department: { value: "Marketing" } });
      // The read answers 4 s after it read; the portal saves an unowned mapping (title) in that window, 1 s after
      // the read arrived (it is logged on arrival, and reads once the token is checked: a busy machine needs time).
      emu.synchronization.slowSchema({ route: "getJobSchema", ms: 4000, times: 1 });
      const up = example.stack.up();
      await arrived("getJobSchema", 1);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      emu.synchronization.editSchema(objectId, jobId, (edited) => {
        userMapping(edited, "title").source = {
          expression: "[department]",
          name: "department",
          parameters: [],
          type: "Attribute",
        };
      });
      const result = await up;
      succeeded(result);
      assert.deepEqual(calls(), { tokens: 1, routes: SCHEMA_CALLS.upAfterDrift });
      // The write was built from the read before the edit: the title mapping is the template's again, silently
      // (the confirming read compares only what the resource owns, which is as written).
      assert.equal(
        (userMapping(emu.synchronization.schema(objectId, jobId), "title").source as Record<string, unknown>).name,
        "jobTitle",
      );
      assert.doesNotMatch(result.stdout + result.stderr, /Graph holds something else/);
    });

    it("an outside edit of an owned mapping between up's write and its confirming read: a warning, state records Graph's, the next up writes it back", async () => {
      await example.configureProgram({ department: { value: DEPARTMENT } });
      // Each schema read waits 1.5 s before reading; the portal edits externalId while the confirming read waits.
      emu.faults.add({ route: "getJobSchema", action: { latencyMs: 1500 } });
      try {
        const up = example.stack.up();
        await arrived("getJobSchema", 2);
        editExternalIdInPortal(emu, objectId, jobId);
        const result = await up;
        succeeded(result);
        assert.match(
          result.stdout + result.stderr,
          /Graph holds something else than was just written for objectMappings\[0\]\.attributeMappings\[0\] \(source\)/,
        );
      } finally {
        emu.faults.clear();
      }
      assert.deepEqual(calls(), { tokens: 1, routes: SCHEMA_CALLS.upAfterDrift });
      const [resource] = (await example.stack.resources()).filter((r) => r.type.endsWith(MAPPINGS_TYPE));
      const [held] = resource.outputs?.objectMappings as {
        attributeMappings: { targetAttributeName: string; source: string }[];
      }[];
      assert.equal(
        held.attributeMappings.find((m) => m.targetAttributeName === "externalId")?.source,
        "[mailNickname]",
      );
      const preview = succeeded(await example.stack.preview("--diff"));
      assert.equal(plannedOperation(preview, "scim-user-mappings", MAPPINGS_TYPE), "update");
      succeeded(await example.stack.up());
      assert.deepEqual(calls(), { tokens: 1, routes: SCHEMA_CALLS.upAfterDrift });
      assertMappingsWritten(emu, objectId, jobId);
    });

    it("destroy gives back the template's defaults: read, job, template, one write", async () => {
      succeeded(await example.stack.destroy());
      assert.deepEqual(calls(), { tokens: 1, routes: SCHEMA_CALLS.destroy });
      assertTemplateRestored(emu, objectId, jobId);
      assert.equal((await example.stack.resources()).filter((r) => r.type.endsWith(MAPPINGS_TYPE)).length, 0);
    });
  });

  for (const stackName of ["gov", "china"]) {
    describe(`sovereign-cloud (Pulumi.${stackName}.yaml)`, () => {
      let example: ExampleStack;
      let cloud: CloudName;
      let stackFile: Record<string, string>;

      before(async () => {
        const file = path.join(EXAMPLES_DIR, "sovereign-cloud", `Pulumi.${stackName}.yaml`);
        stackFile = parse(fs.readFileSync(file, "utf8")).config;
        cloud = stackFile["syncauth:cloud"] as CloudName;
        const client = emu.fixture.demo;
        example = await ExampleStack.create(emu, "sovereign-cloud", {
          cloud,
          // The committed stack file's cloud; its placeholder ids give way to the emulator's identities.
          signIn: {
            "syncauth:cloud": { value: cloud },
            "syncauth:tenantId": { value: client.tenantId },
            "syncauth:clientId": { value: client.clientId },
            "syncauth:clientSecret": { value: client.clientSecrets[0], secret: true },
          },
          config: {
            servicePrincipalId: { value: emu.fixture.ownedServicePrincipal.objectId },
            scimBaseAddress: { value: stackFile["syncauth-sovereign-cloud:scimBaseAddress"] },
            scimSecretToken: { value: canary(stackName), secret: true },
          },
        });
      });
      after(() => example?.dispose());
      beforeEach(() => emu.clearLog());

      it("names a sovereign cloud", () => {
        assert.equal(cloud, { gov: "usgovernmentl4", china: "china" }[stackName]);
      });

      it("signs in to and calls only that cloud's Entra and Graph", async () => {
        succeeded(await example.stack.up());
        assert.equal(emu.count({ cloud, route: "token" }), 1);
        assert.equal(emu.count({ cloud, route: "acquireAccessToken", status: 204 }), 1);
        assert.equal(emu.count({}), emu.count({ cloud }), "a request went to another cloud");
        const outputs = await example.outputs();
        assert.equal(outputs.cloud, cloud);
        assert.equal(outputs.graphEndpoint, emu.endpoints(cloud).graphRoot);
        assert.notEqual(emu.endpoints(cloud).graphRoot, emu.endpoints("global").graphRoot);
      });

      it("destroys without calling Graph", () => example.destroyWithoutGraphCalls(emu));
    });
  }

  describe("the fork preview of the GitOps workflow (no sign-in, no state, placeholder secrets)", () => {
    const projectFile = path.join(EXAMPLES_DIR, "quickstart", "Pulumi.yaml");
    const project = String(parse(fs.readFileSync(projectFile, "utf8")).name);

    /** What pulumi-preview.yml's fork-preview job does, on a stack file shaped like a real, encrypted one. */
    async function forkPreview(servicePrincipalId: string) {
      fs.mkdirSync(LOCAL_DIR, { recursive: true });
      const workDir = fs.mkdtempSync(path.join(LOCAL_DIR, "example-fork-preview-"));
      fs.copyFileSync(projectFile, path.join(workDir, "Pulumi.yaml"));
      fs.writeFileSync(
        path.join(workDir, "Pulumi.prod.yaml"),
        [
          "secretsprovider: azurekeyvault://vault.example/keys/pulumi",
          "encryptedkey: bm90LWEtcmVhbC1rZXk=",
          "config:",
          "  syncauth:useOidc: 'true'",
          `  ${project}:servicePrincipalId: ${servicePrincipalId}`,
          `  ${project}:scimBaseAddress: https://scim.example.com/v2`,
          `  ${project}:scimSecretToken:`,
          "    secure: v1:Y2lwaGVydGV4dCBvbmx5IHRoZSByZWFsIGtleSBvcGVucw==",
          "",
        ].join("\n"),
      );
      const stack = await LocalStack.create({
        projectName: project,
        stackName: "fork-preview",
        workDir,
        program: programFromFile(path.join(EXAMPLES_DIR, "quickstart", "index.ts")),
      });
      try {
        const script = path.join(EXAMPLES_DIR, "gitops", "scripts", "fork-preview-config.mjs");
        const copied = spawnSync(process.execPath, [script, "Pulumi.prod.yaml", "Pulumi.fork-preview.yaml"], {
          cwd: workDir,
          encoding: "utf8",
        });
        assert.equal(copied.status, 0, copied.stderr);
        return await stack.preview("--diff");
      } finally {
        stack.dispose();
        fs.rmSync(workDir, { recursive: true, force: true });
      }
    }

    it("runs the program and the resource's checks, planning a create", async () => {
      emu.clearLog();
      const preview = await forkPreview(emu.fixture.ownedServicePrincipal.objectId);
      assert.equal(plannedOperation(succeeded(preview), "scim-provisioning"), "create");
      assert.equal(emu.count({}), 0);
    });

    it("fails on input the resource's checks reject, naming the property", async () => {
      const preview = await forkPreview("not-a-guid");
      assert.notEqual(preview.code, 0);
      assert.match(preview.stdout + preview.stderr, /servicePrincipalId[^\n]*must be an object id/);
    });
  });

  describe("the sign-in the GitOps pipelines configure", () => {
    const config = (): StackConfig => ({
      servicePrincipalId: { value: emu.fixture.ownedServicePrincipal.objectId },
      scimBaseAddress: { value: "https://scim.example.com/v2" },
      scimSecretToken: { value: canary("gitops"), secret: true },
    });

    /**
     * The quickstart signed in by OIDC from `env` with no secret: one up (one sign-in, one POST) and a destroy.
     * `askedTheTokenService` checks, after the up, that the CI system's token service was asked.
     */
    async function upWithOidcFrom(env: Record<string, string>, askedTheTokenService: () => void): Promise<void> {
      const client = emu.fixture.demo;
      const example = await ExampleStack.create(emu, "quickstart", {
        config: config(),
        signIn: {},
        env: { ARM_USE_OIDC: "true", ARM_TENANT_ID: client.tenantId, ARM_CLIENT_ID: client.clientId, ...env },
      });
      try {
        emu.clearLog();
        succeeded(await example.stack.up());
        askedTheTokenService();
        assert.equal(emu.count({ route: "token", status: 200 }), 1);
        assert.equal(posts(emu).length, 1);
        assert.equal(posts(emu)[0].status, 204);
        await example.destroyWithoutGraphCalls(emu);
      } finally {
        example.dispose();
      }
    }

    it("GitHub Actions: ARM_USE_OIDC with the job's ID-token request variables, no secret", async () => {
      await upWithOidcFrom({ ...emu.githubActionsEnvironment }, () => {
        assert.equal(emu.count({ route: "githubIdToken" }), 1);
      });
    });

    it("Azure Pipelines: service connection id, SYSTEM_ACCESSTOKEN and SYSTEM_OIDCREQUESTURI, no secret", async () => {
      const pipelines = emu.azurePipelinesEnvironment;
      const env = {
        ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID: pipelines.serviceConnectionId,
        SYSTEM_ACCESSTOKEN: pipelines.systemAccessToken,
        SYSTEM_OIDCREQUESTURI: pipelines.SYSTEM_OIDCREQUESTURI,
      };
      await upWithOidcFrom(env, () => {
        assert.ok(emu.count({ route: "azurePipelinesIdToken" }) >= 1, "the provider asked Azure DevOps for its token");
      });
    });
  });
});
