import { strict as assert } from "node:assert";
import type { ProviderHandlers } from "../../../provider/plugin/providerHandlers";
import type { PropertyMap } from "../../../provider/plugin/propertyValue";
import { pluginOnEmulator, recordingContext } from "../../pluginAdapter/pluginOnEmulator";
import { startEmulator, type Emulator } from "../../emulator";

const TYPE = "syncauth:index:AttributeMappings";
const urnOf = (name: string) => `urn:pulumi:s::p::${TYPE}::${name}`;

type Json = Record<string, unknown>;

function userMapping(schema: Json | undefined, target: string): Json | undefined {
  const rules = (schema?.synchronizationRules ?? []) as Json[];
  const user = (rules[0].objectMappings as Json[])[0];
  return (user.attributeMappings as Json[]).find((mapping) => mapping.targetAttributeName === target);
}

describe("AttributeMappings through the plugin's handlers, against the emulator", function () {
  this.timeout(60_000);
  let emu: Emulator;
  let provider: ProviderHandlers;
  let objectId: string;
  let jobId: string;
  const context = recordingContext();

  before(async () => {
    emu = await startEmulator();
    provider = await pluginOnEmulator(emu, context);
  });

  after(() => emu?.stop());
  beforeEach(() => {
    objectId = emu.fixture.ownedServicePrincipal.objectId;
    jobId = emu.synchronization.addJob(objectId).id;
    emu.clearLog();
  });

  const inputs = (attributeMappings: Json[], extra: Json = {}): PropertyMap =>
    ({
      servicePrincipalId: objectId,
      jobId,
      objectMappings: [{ sourceObjectName: "User", targetObjectName: "User", attributeMappings }],
      ...extra,
    }) as PropertyMap;

  /** Graph's routes called, in order (sign-in routes left out). */
  const graphCalls = () =>
    emu.log.filter((entry) => !["token", "openidConfiguration"].includes(entry.route)).map((entry) => entry.route);

  async function check(name: string, news: PropertyMap) {
    return provider.check(
      { urn: urnOf(name), type: TYPE, name, olds: {}, news, randomSeed: new Uint8Array() },
      context,
    );
  }

  async function create(name: string, news: PropertyMap) {
    const checked = await check(name, news);
    assert.equal(checked.failures, undefined, JSON.stringify(checked.failures));
    return provider.create(
      { urn: urnOf(name), type: TYPE, name, properties: checked.inputs, preview: false, timeoutSeconds: 60 },
      context,
    );
  }

  it("create with a function source: 1 read, 1 parseExpression, 1 write, 1 confirming read", async () => {
    const created = await create(
      "a",
      inputs([
        { targetAttributeName: "externalId", source: "[employeeId]" },
        { targetAttributeName: "displayName", source: 'Join(" ", [givenName], [surname])' },
      ]),
    );
    assert.deepEqual(graphCalls(), ["getJobSchema", "parseExpression", "putJobSchema", "getJobSchema"]);
    const schema = emu.synchronization.schema(objectId, jobId);
    assert.equal((userMapping(schema, "externalId")?.source as Json).name, "employeeId");
    assert.equal((userMapping(schema, "displayName")?.source as Json).type, "Function");
    // Not owned: untouched.
    assert.equal((userMapping(schema, "title")?.source as Json).name, "jobTitle");
    const diff = await provider.diff(
      {
        urn: urnOf("a"),
        type: TYPE,
        name: "a",
        id: created.id,
        olds: created.outputs,
        news: inputs([
          { targetAttributeName: "externalId", source: "[employeeId]" },
          { targetAttributeName: "displayName", source: 'Join(" ",[givenName],[surname])' },
        ]),
        ignoreChanges: [],
      } as never,
      context,
    );
    assert.equal(diff.changes, false, JSON.stringify(diff));
  });

  it("a bad expression fails check naming its path and position, with no Graph call", async () => {
    const result = await check("b", inputs([{ targetAttributeName: "displayName", source: 'Join(" ", [givenName]' }]));
    assert.equal(result.failures?.length, 1);
    assert.equal(result.failures?.[0].property, "objectMappings[0].attributeMappings[0].source");
    assert.match(result.failures?.[0].reason ?? "", /at the end|position/);
    assert.deepEqual(graphCalls(), []);
  });

  it("an expression only Graph refuses: nothing is written, the error names the path", async () => {
    await assert.rejects(
      create("c", inputs([{ targetAttributeName: "displayName", source: 'Join(",", [givenName] = [surname])' }])),
      /objectMappings\[0\]\.attributeMappings\[0\]\.source: Graph's parseExpression refused it/,
    );
    assert.deepEqual(graphCalls(), ["getJobSchema", "parseExpression"]);
  });

  it("two resources of one job updating at once both land (serialized per job)", async () => {
    emu.synchronization.slowSchema({ route: "getJobSchema", ms: 300 });
    try {
      await Promise.all([
        create("d1", inputs([{ targetAttributeName: "externalId", source: "[employeeId]" }])),
        create("d2", inputs([{ targetAttributeName: "title", source: "[department]" }])),
      ]);
    } finally {
      emu.synchronization.clearSchemaDelays();
    }
    const schema = emu.synchronization.schema(objectId, jobId);
    assert.equal((userMapping(schema, "externalId")?.source as Json).name, "employeeId");
    assert.equal((userMapping(schema, "title")?.source as Json).name, "department");
  });

  it("two resources claiming one attribute mapping fail check", async () => {
    await check("e1", inputs([{ targetAttributeName: "externalId", source: "[employeeId]" }]));
    const second = await check("e2", inputs([{ targetAttributeName: "externalId", source: "[mail]" }]));
    assert.match(second.failures?.[0]?.reason ?? "", /also claimed by/);
  });

  it("destroy restores the template's default and leaves what it did not own", async () => {
    const created = await create("f", inputs([{ targetAttributeName: "externalId", source: "[employeeId]" }]));
    emu.synchronization.editSchema(objectId, jobId, (schema) => {
      userMapping(schema, "title")!.source = {
        expression: "[department]",
        name: "department",
        parameters: [],
        type: "Attribute",
      };
    });
    emu.clearLog();
    await provider.delete(
      {
        urn: urnOf("f"),
        type: TYPE,
        name: "f",
        id: created.id,
        state: created.outputs,
        oldInputs: {},
        timeoutSeconds: 60,
      },
      context,
    );
    assert.deepEqual(graphCalls(), ["getJobSchema", "getSynchronizationJob", "getTemplateSchema", "putJobSchema"]);
    const schema = emu.synchronization.schema(objectId, jobId);
    assert.equal((userMapping(schema, "externalId")?.source as Json).name, "mailNickname");
    assert.equal((userMapping(schema, "title")?.source as Json).name, "department");
  });

  it("import of an object mapping, then no change", async () => {
    const id = `servicePrincipals/${objectId}/synchronization/jobs/${jobId}/User/User`;
    const read = await provider.read(
      { urn: urnOf("g"), type: TYPE, name: "g", id, state: {}, inputs: {} } as never,
      context,
    );
    assert.ok(read);
    assert.deepEqual(graphCalls(), ["getJobSchema"]);
    const checked = await check("g", read.inputs as PropertyMap);
    assert.equal(checked.failures, undefined, JSON.stringify(checked.failures));
    const diff = await provider.diff(
      {
        urn: urnOf("g"),
        type: TYPE,
        name: "g",
        id,
        olds: read.outputs,
        news: checked.inputs,
        ignoreChanges: [],
      } as never,
      context,
    );
    assert.equal(diff.changes, false, JSON.stringify(diff.detailedDiff));
  });

  it("refresh records a portal edit of an owned mapping; diff names it; update puts it back with 1 read, 1 write, 1 confirming read", async () => {
    const declared = inputs([{ targetAttributeName: "externalId", source: "[employeeId]" }]);
    const created = await create("h", declared);
    emu.synchronization.editSchema(objectId, jobId, (schema) => {
      userMapping(schema, "externalId")!.source = {
        expression: "[mail]",
        name: "mail",
        parameters: [],
        type: "Attribute",
      };
    });
    emu.clearLog();
    const read = await provider.read(
      { urn: urnOf("h"), type: TYPE, name: "h", id: created.id, state: created.outputs, inputs: declared } as never,
      context,
    );
    assert.deepEqual(graphCalls(), ["getJobSchema"]);
    const checked = await check("h", declared);
    const diff = await provider.diff(
      {
        urn: urnOf("h"),
        type: TYPE,
        name: "h",
        id: created.id,
        olds: read!.outputs,
        news: checked.inputs,
        ignoreChanges: [],
      } as never,
      context,
    );
    assert.deepEqual(diff.detailedDiff, { "objectMappings[0].attributeMappings[0].source": "update" });
    emu.clearLog();
    await provider.update(
      {
        urn: urnOf("h"),
        type: TYPE,
        name: "h",
        id: created.id,
        olds: read!.outputs,
        news: checked.inputs,
        oldInputs: declared,
        preview: false,
        timeoutSeconds: 60,
        ignoreChanges: [],
      } as never,
      context,
    );
    assert.deepEqual(graphCalls(), ["getJobSchema", "putJobSchema", "getJobSchema"]);
    assert.equal(
      (userMapping(emu.synchronization.schema(objectId, jobId), "externalId")?.source as Json).name,
      "employeeId",
    );
  });

  it("refresh of a job that is gone: the resource leaves state", async () => {
    const created = await create("i", inputs([{ targetAttributeName: "externalId", source: "[employeeId]" }]));
    emu.synchronization.removeJob(objectId, jobId);
    const read = await provider.read(
      { urn: urnOf("i"), type: TYPE, name: "i", id: created.id, state: created.outputs, inputs: {} } as never,
      context,
    );
    assert.equal(read, undefined);
  });

  it("a change of whenReleased alone is recorded with no Graph call; destroy then leaves everything", async () => {
    const declared = inputs([{ targetAttributeName: "externalId", source: "[employeeId]" }]);
    const created = await create("j", declared);
    emu.clearLog();
    const news = (
      await check(
        "j",
        inputs([{ targetAttributeName: "externalId", source: "[employeeId]" }], { whenReleased: "leave" }),
      )
    ).inputs;
    const updated = await provider.update(
      {
        urn: urnOf("j"),
        type: TYPE,
        name: "j",
        id: created.id,
        olds: created.outputs,
        news,
        oldInputs: declared,
        preview: false,
        timeoutSeconds: 60,
        ignoreChanges: [],
      } as never,
      context,
    );
    await provider.delete(
      {
        urn: urnOf("j"),
        type: TYPE,
        name: "j",
        id: created.id,
        state: updated.outputs,
        oldInputs: {},
        timeoutSeconds: 60,
      },
      context,
    );
    assert.deepEqual(graphCalls(), []);
    assert.equal(
      (userMapping(emu.synchronization.schema(objectId, jobId), "externalId")?.source as Json).name,
      "employeeId",
    );
  });

  it("a declaration the schema cannot take fails before any write, naming the path", async () => {
    await assert.rejects(
      create("k", inputs([{ targetAttributeName: "externalID", source: "[employeeId]" }])),
      /objectMappings\[0\]\.attributeMappings\[0\]\.targetAttributeName: "externalID" is not an attribute of "User"/,
    );
    assert.deepEqual(graphCalls(), ["getJobSchema"]);
  });
});
