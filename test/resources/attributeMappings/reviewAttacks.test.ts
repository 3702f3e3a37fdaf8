/**
 * A reviewer's attacks on AttributeMappings through the plugin's handlers, against the emulator (the setup of
 * pluginLifecycle.test.ts). Each "defect:" test fails on the code it was written against; the others held up.
 */
import { strict as assert } from "node:assert";
import type { ProviderHandlers } from "../../../provider/plugin/providerHandlers";
import { unknown, type PropertyMap } from "../../../provider/plugin/propertyValue";
import { pluginOnEmulator, recordingContext } from "../../pluginAdapter/pluginOnEmulator";
import { startEmulator, type Emulator } from "../../emulator";

const TYPE = "syncauth:index:AttributeMappings";
const urnOf = (name: string) => `urn:pulumi:s::p::${TYPE}::${name}`;
type Json = Record<string, unknown>;

function userObjectMapping(schema: Json | undefined): Json {
  const rules = (schema?.synchronizationRules ?? []) as Json[];
  return (rules[0].objectMappings as Json[])[0];
}

function userMapping(schema: Json | undefined, target: string): Json | undefined {
  return (userObjectMapping(schema).attributeMappings as Json[]).find(
    (mapping) => mapping.targetAttributeName === target,
  );
}

/** A value as it comes back from the engine's state: every object's keys in sorted order (Go maps, JSON checkpoint). */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value === "object" && value !== null && value.constructor === Object) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortedKeys((value as Json)[key])]),
    );
  }
  return value;
}

describe("AttributeMappings under review: attacks through the plugin's handlers", function () {
  this.timeout(60_000);
  let emu: Emulator;
  let objectId: string;
  let jobId: string;
  let context = recordingContext();

  /** A provider process of its own (its own per-job queue and claim registry): one `pulumi up`. */
  const newProvider = (extraConfig: Json = {}): Promise<ProviderHandlers> =>
    pluginOnEmulator(emu, context, extraConfig);

  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu?.stop());
  beforeEach(() => {
    objectId = emu.fixture.ownedServicePrincipal.objectId;
    jobId = emu.synchronization.addJob(objectId).id;
    context = recordingContext();
    emu.clearLog();
  });
  afterEach(() => {
    emu.synchronization.clearSchemaDelays();
    emu.faults.clear();
  });

  const inputs = (attributeMappings: Json[], extra: Json = {}, objectExtra: Json = {}): PropertyMap =>
    ({
      servicePrincipalId: objectId,
      jobId,
      objectMappings: [{ sourceObjectName: "User", targetObjectName: "User", attributeMappings, ...objectExtra }],
      ...extra,
    }) as PropertyMap;

  const graphCalls = () =>
    emu.log.filter((entry) => !["token", "openidConfiguration"].includes(entry.route)).map((entry) => entry.route);

  function handlers(provider: ProviderHandlers) {
    const check = (name: string, news: PropertyMap, olds: PropertyMap = {}) =>
      provider.check({ urn: urnOf(name), type: TYPE, name, olds, news, randomSeed: new Uint8Array() }, context);
    const checked = async (name: string, news: PropertyMap) => {
      const result = await check(name, news);
      assert.equal(result.failures, undefined, JSON.stringify(result.failures));
      return result.inputs;
    };
    return {
      check,
      checked,
      async create(name: string, news: PropertyMap) {
        const properties = await checked(name, news);
        return provider.create(
          { urn: urnOf(name), type: TYPE, name, properties, preview: false, timeoutSeconds: 60 },
          context,
        );
      },
      diff: (name: string, id: string, olds: PropertyMap, news: PropertyMap) =>
        provider.diff({ urn: urnOf(name), type: TYPE, name, id, olds, news, ignoreChanges: [] } as never, context),
      update: (name: string, id: string, olds: PropertyMap, news: PropertyMap) =>
        provider.update(
          {
            urn: urnOf(name),
            type: TYPE,
            name,
            id,
            olds,
            news,
            oldInputs: {},
            preview: false,
            timeoutSeconds: 60,
            ignoreChanges: [],
          } as never,
          context,
        ),
      delete: (name: string, id: string, state: PropertyMap) =>
        provider.delete({ urn: urnOf(name), type: TYPE, name, id, state, oldInputs: {}, timeoutSeconds: 60 }, context),
      read: (name: string, id: string, state: PropertyMap) =>
        provider.read({ urn: urnOf(name), type: TYPE, name, id, state, inputs: {} } as never, context),
    };
  }

  describe("correctness", () => {
    it("moving an attribute mapping from resource A to resource B in one up keeps B's mapping (B's write runs first)", async () => {
      const first = handlers(await newProvider());
      const a = await first.create(
        "a",
        inputs([
          { targetAttributeName: "externalId", source: "[employeeId]" },
          { targetAttributeName: "title", source: "[department]" },
        ]),
      );
      // The next `up` (a new provider process): A gives externalId to B.
      const second = handlers(await newProvider());
      const aNews = await second.checked("a", inputs([{ targetAttributeName: "title", source: "[department]" }]));
      const bNews = inputs([{ targetAttributeName: "externalId", source: "[mail]" }]);
      await second.checked("b", bNews);
      // The engine runs the two steps side by side; the per-job queue serializes them in either order. B first:
      await second.create("b", bNews);
      await second.update("a", a.id, a.outputs, aNews);
      const held = userMapping(emu.synchronization.schema(objectId, jobId), "externalId")?.source as Json;
      assert.equal(held.name, "mail", "A's release gave externalId back to the template after B wrote it");
    });

    it("a resource renamed without an alias (delete old, create new) keeps the mapping the new one wrote", async () => {
      const first = handlers(await newProvider());
      const old = await first.create("old", inputs([{ targetAttributeName: "externalId", source: "[employeeId]" }]));
      const second = handlers(await newProvider());
      // The engine creates the new resource, then deletes the old one (deletes come last).
      await second.create("renamed", inputs([{ targetAttributeName: "externalId", source: "[employeeId]" }]));
      await second.delete("old", old.id, old.outputs);
      const held = userMapping(emu.synchronization.schema(objectId, jobId), "externalId")?.source as Json;
      assert.equal(held.name, "employeeId", "the old resource's destroy restored the template's mailNickname");
    });

    it("two declarations of one object mapping (one naming its ruleId) are refused in check", async () => {
      const { check } = handlers(await newProvider());
      const news = {
        servicePrincipalId: objectId,
        jobId,
        ownership: "wholeObjectMapping",
        objectMappings: [
          {
            sourceObjectName: "User",
            targetObjectName: "User",
            attributeMappings: [
              { targetAttributeName: "userName", source: "[userPrincipalName]", matchingPriority: 1 },
            ],
          },
          {
            ruleId: "customappsso.outbound",
            sourceObjectName: "User",
            targetObjectName: "User",
            attributeMappings: [{ targetAttributeName: "externalId", source: "[mail]" }],
          },
        ],
      } as PropertyMap;
      const result = await check("dup", news);
      assert.ok(
        (result.failures ?? []).length > 0,
        "both declarations locate the same object mapping: the second (whole) drops the first's userName, " +
          "and the diff never settles",
      );
    });

    it("a scoping filter read back from state (keys in another order) is no change", async () => {
      const { create, diff, checked } = handlers(await newProvider());
      const scopingFilter = [
        { name: "Sales", clauses: [{ sourceOperandName: "department", operatorName: "EQUALS", values: ["Sales"] }] },
      ];
      const declared = inputs([{ targetAttributeName: "externalId", source: "[employeeId]" }], {}, { scopingFilter });
      const created = await create("scope", declared);
      const same = await diff("scope", created.id, created.outputs, await checked("scope", declared));
      assert.equal(same.changes, false, JSON.stringify(same.detailedDiff));
      const fromState = sortedKeys(created.outputs) as PropertyMap;
      const afterRoundTrip = await diff("scope", created.id, fromState, await checked("scope", declared));
      assert.equal(afterRoundTrip.changes, false, JSON.stringify(afterRoundTrip.detailedDiff));
    });

    it("preview of declaredMappings → wholeObjectMapping names what the up removes", async () => {
      const { create, diff, checked } = handlers(await newProvider());
      const declared = inputs([{ targetAttributeName: "externalId", source: "[employeeId]" }]);
      const created = await create("own", declared);
      const whole = inputs(
        [
          { targetAttributeName: "userName", source: "[userPrincipalName]", matchingPriority: 1 },
          { targetAttributeName: "externalId", source: "[employeeId]" },
        ],
        { ownership: "wholeObjectMapping" },
      );
      const result = await diff("own", created.id, created.outputs, await checked("own", whole));
      // The up that follows removes 24 attribute mappings and the template's scoping filter.
      const removals = Object.entries(result.detailedDiff ?? {}).filter(
        ([path, kind]) => path.startsWith("objectMappings[0]") && JSON.stringify(kind).includes("delete"),
      );
      assert.ok(
        removals.length > 0 || context.messages.some((message) => /remov/i.test(message)),
        `the preview shows only ${JSON.stringify(result.detailedDiff)}`,
      );
    });
  });

  describe("ownership change", () => {
    it("wholeObjectMapping → declaredMappings: the preview's paths say what the up does to the mappings let go", async () => {
      const { create, diff, update, checked } = handlers(await newProvider());
      const whole = inputs(
        [
          { targetAttributeName: "userName", source: "[userPrincipalName]", matchingPriority: 1 },
          { targetAttributeName: "externalId", source: "[employeeId]" },
        ],
        { ownership: "wholeObjectMapping" },
      );
      const created = await create("wd", whole);
      const declared = await checked("wd", inputs([{ targetAttributeName: "externalId", source: "[employeeId]" }]));
      const preview = await diff("wd", created.id, created.outputs, declared);
      await update("wd", created.id, created.outputs, declared);
      const userName = userMapping(emu.synchronization.schema(objectId, jobId), "userName");
      // The up gives userName back (the template's), and brings back the 24 mappings the whole ownership removed;
      // the preview said userName is deleted.
      assert.ok(userName !== undefined);
      assert.notEqual(
        (preview.detailedDiff as Record<string, unknown>)["objectMappings[0].attributeMappings[0]"],
        "delete",
        JSON.stringify(preview.detailedDiff),
      );
    });
  });

  describe("preview with unknown values", () => {
    it("two attribute mappings whose targetAttributeName is unknown pass check", async () => {
      const { check } = handlers(await newProvider());
      const result = await check(
        "u1",
        inputs([
          { targetAttributeName: unknown, source: "[employeeId]" },
          { targetAttributeName: unknown, source: "[mail]" },
        ]),
      );
      assert.equal(result.failures, undefined, JSON.stringify(result.failures));
    });

    it("two object mappings whose sourceObjectName is unknown pass check", async () => {
      const { check } = handlers(await newProvider());
      const result = await check("u2", {
        servicePrincipalId: objectId,
        jobId,
        objectMappings: [
          { sourceObjectName: unknown, targetObjectName: "User", attributeMappings: [] },
          { sourceObjectName: unknown, targetObjectName: "User", attributeMappings: [] },
        ],
      } as PropertyMap);
      assert.equal(result.failures, undefined, JSON.stringify(result.failures));
    });

    it("an unknown enabled makes the preview report a change", async () => {
      const { create, diff, checked } = handlers(await newProvider());
      const declared = inputs([{ targetAttributeName: "externalId", source: "[employeeId]" }], {}, { enabled: true });
      const created = await create("u3", declared);
      const news = await checked(
        "u3",
        inputs([{ targetAttributeName: "externalId", source: "[employeeId]" }], {}, { enabled: unknown }),
      );
      const result = await diff("u3", created.id, created.outputs, news);
      assert.equal(result.changes, true, "enabled may turn false at apply; the preview says nothing changes");
    });
  });

  describe("a write whose answer was lost", () => {
    for (const afterApply of ["reset", 504] as const) {
      it(`a PUT answered by ${afterApply} after it applied, retries exhausted: the confirming read settles it, nothing is sent again`, async () => {
        const { create } = handlers(await newProvider({ maxRetries: 0 }));
        emu.faults.add({ route: "putJobSchema", action: { afterApply } });
        const created = await create("f2", inputs([{ targetAttributeName: "externalId", source: "[employeeId]" }]));
        assert.equal(emu.count({ route: "putJobSchema" }), 1);
        assert.equal(emu.count({ route: "putJobSchema", appliedStatus: 204 }), 1);
        assert.ok(created.outputs.lastWrittenAt !== undefined);
        assert.ok(
          context.messages.some((message) => /answer was lost .*Graph holds what was written/.test(message)),
          context.messages.join("\n"),
        );
      });
    }
    it("a PUT whose answer was lost and that Graph does not hold: the error says it may have been written, nothing is sent again", async () => {
      const { create } = handlers(await newProvider({ maxRetries: 0, requestTimeoutSeconds: 1 }));
      // The PUT waits in front of the service longer than the request timeout: sent, unanswered, not (yet) applied.
      emu.faults.add({ route: "putJobSchema", action: { latencyMs: 3_000 } });
      await assert.rejects(
        create("f3", inputs([{ targetAttributeName: "externalId", source: "[employeeId]" }])),
        /may have been written .*nothing was sent again/,
      );
      assert.equal(emu.count({ route: "putJobSchema" }), 1);
    });
  });

  describe("import", () => {
    it("importing an object mapping whose scoping group has no name gives inputs that check accepts", async () => {
      const { read, check } = handlers(await newProvider());
      emu.synchronization.editSchema(objectId, jobId, (schema) => {
        const scope = userObjectMapping(schema).scope as Json;
        (scope.groups as Json[])[0].name = null;
      });
      const id = `servicePrincipals/${objectId}/synchronization/jobs/${jobId}/User/User`;
      const imported = await read("imp", id, {});
      assert.ok(imported);
      const result = await check("imp", imported.inputs as PropertyMap);
      assert.equal(result.failures, undefined, JSON.stringify(result.failures));
    });
  });

  describe("messages", () => {
    it("a matchingPriority given as a numeric string (YAML config) is refused naming the property", async () => {
      const { check } = handlers(await newProvider());
      const result = await check(
        "num",
        inputs([{ targetAttributeName: "externalId", source: "[employeeId]", matchingPriority: "1" }]),
      );
      assert.equal(result.failures?.[0]?.property, "objectMappings[0].attributeMappings[0].matchingPriority");
      assert.match(result.failures?.[0]?.reason ?? "", /whole number/);
    });
  });

  describe("held up", () => {
    it("update of one resource and delete of another on one job at once: both land (serialized)", async () => {
      const first = handlers(await newProvider());
      const a = await first.create("ha", inputs([{ targetAttributeName: "externalId", source: "[employeeId]" }]));
      const b = await first.create("hb", inputs([{ targetAttributeName: "title", source: "[department]" }]));
      const second = handlers(await newProvider());
      const aNews = await second.checked("ha", inputs([{ targetAttributeName: "externalId", source: "[mail]" }]));
      emu.synchronization.slowSchema({ route: "getJobSchema", ms: 200 });
      await Promise.all([second.update("ha", a.id, a.outputs, aNews), second.delete("hb", b.id, b.outputs)]);
      const schema = emu.synchronization.schema(objectId, jobId);
      assert.equal((userMapping(schema, "externalId")?.source as Json).name, "mail");
      assert.equal((userMapping(schema, "title")?.source as Json).name, "jobTitle");
    });

    it("a 503 on the GET and on the PUT is retried: one schema written", async () => {
      const { create } = handlers(await newProvider());
      emu.faults.add({ route: "getJobSchema", times: 1, action: { status: 503, retryAfter: "0" } });
      emu.faults.add({ route: "putJobSchema", times: 1, action: { status: 503, retryAfter: "0" } });
      await create("f1", inputs([{ targetAttributeName: "externalId", source: "[employeeId]" }]));
      assert.equal(emu.count({ route: "putJobSchema", appliedStatus: 204 }), 1);
      assert.equal(
        (userMapping(emu.synchronization.schema(objectId, jobId), "externalId")?.source as Json).name,
        "employeeId",
      );
    });

    it("a schema answer that is not JSON fails before any write", async () => {
      const { create } = handlers(await newProvider({ maxRetries: 0 }));
      emu.faults.add({ route: "getJobSchema", action: { malformed: "html-200" } });
      await assert.rejects(create("f3", inputs([{ targetAttributeName: "externalId", source: "[employeeId]" }])));
      assert.deepEqual(graphCalls(), ["getJobSchema"]);
    });

    it("a schema answer without synchronizationRules writes nothing and names the object mapping", async () => {
      const { create } = handlers(await newProvider());
      emu.synchronization.editSchema(objectId, jobId, (schema) => ({ id: schema.id, version: schema.version }));
      await assert.rejects(
        create("f4", inputs([{ targetAttributeName: "externalId", source: "[employeeId]" }])),
        /objectMappings\[0\]: the job's schema has no object mapping "User" → "User"/,
      );
      assert.deepEqual(graphCalls(), ["getJobSchema"]);
    });

    it("Graph's parseExpression refusal that echoes the sign-in secret is redacted", async () => {
      const { create } = handlers(await newProvider());
      const leaked = emu.fixture.demo.clientSecrets[0];
      await assert.rejects(
        create(
          "p1",
          inputs([{ targetAttributeName: "displayName", source: `Join("${leaked}", [givenName] = [surname])` }]),
        ),
        (error: Error) => {
          assert.match(error.message, /parseExpression refused it/);
          assert.ok(!error.message.includes(leaked), error.message);
          return true;
        },
      );
    });

    it("target attribute names with brackets, quotes and colons: create, then no change", async () => {
      const { create, diff, checked } = handlers(await newProvider());
      const declared = inputs([
        { targetAttributeName: 'emails[type eq "work"].value', source: "[mail]" },
        {
          targetAttributeName: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
          source: 'Replace([employeeId], , "\\"", , "\'", , )',
        },
      ]);
      const created = await create("names", declared);
      const result = await diff(
        "names",
        created.id,
        sortedKeys(created.outputs) as PropertyMap,
        await checked("names", declared),
      );
      assert.equal(result.changes, false, JSON.stringify(result.detailedDiff));
    });

    it("refresh after the object mapping was deleted in the portal, then up: a clear error, nothing written", async () => {
      const { create, read, update, checked } = handlers(await newProvider());
      const declared = inputs([{ targetAttributeName: "externalId", source: "[employeeId]" }]);
      const created = await create("gone", declared);
      emu.synchronization.editSchema(objectId, jobId, (schema) => {
        const rule = (schema.synchronizationRules as Json[])[0];
        rule.objectMappings = (rule.objectMappings as Json[]).slice(1);
      });
      const refreshed = await read("gone", created.id, created.outputs);
      assert.ok(refreshed);
      emu.clearLog();
      await assert.rejects(
        update("gone", created.id, refreshed.outputs, await checked("gone", declared)),
        /no object mapping "User" → "User"/,
      );
      assert.deepEqual(graphCalls(), ["getJobSchema"]);
    });

    it("destroy when the job is gone: one read, nothing else", async () => {
      const { create, delete: destroy } = handlers(await newProvider());
      const created = await create("dj", inputs([{ targetAttributeName: "externalId", source: "[employeeId]" }]));
      emu.synchronization.removeJob(objectId, jobId);
      emu.clearLog();
      await destroy("dj", created.id, created.outputs);
      assert.deepEqual(graphCalls(), ["getJobSchema"]);
    });

    it("import with a malformed id or a missing object mapping: a clear error", async () => {
      const { read } = handlers(await newProvider());
      await assert.rejects(read("i1", `servicePrincipals/${objectId}/synchronization/jobs/${jobId}`, {}), /import id/);
      await assert.rejects(read("i2", `servicePrincipals/${objectId}/jobs/${jobId}/User/User`, {}), /import id/);
      await assert.rejects(
        read("i3", `servicePrincipals/${objectId}/synchronization/jobs/${jobId}/User/Contact`, {}),
        /Cannot import: the job's schema has no object mapping "User" → "Contact"/,
      );
    });
  });
});
