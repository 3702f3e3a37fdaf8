import { strict as assert } from "node:assert";
import axios, { type AxiosResponse } from "axios";
import { EXPRESSION_NOT_PARSED_CODE, startEmulator, type CloudName, type Emulator } from "./index";
import { addServicePrincipal, graphToken } from "./testClients";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("emulator: synchronization schema routes (get, put, delete, template, parseExpression, functions)", () => {
  let emu: Emulator;
  let demoToken: string;

  before(async () => {
    emu = await startEmulator();
    demoToken = await graphToken(emu, emu.fixture.demo);
  });
  after(() => emu.stop());
  beforeEach(() => {
    emu.faults.clear();
    emu.synchronization.clearSchemaDelays();
    emu.clearLog();
  });

  /** A new owned service principal with one scim job, so tests do not share schemas. */
  function ownedJob(): { objectId: string; jobId: string; path: string } {
    const objectId = addServicePrincipal(emu, [emu.fixture.demo.objectId]);
    const jobId = emu.synchronization.addJob(objectId).id;
    return { objectId, jobId, path: `servicePrincipals/${objectId}/synchronization/jobs/${jobId}` };
  }

  function call(
    method: "GET" | "PUT" | "DELETE" | "POST",
    path: string,
    body?: unknown,
    options: { apiVersion?: string; cloud?: CloudName; token?: string; headers?: Record<string, string> } = {},
  ): Promise<AxiosResponse> {
    const root = emu.endpoints(options.cloud ?? "global").graphRoot;
    return axios.request({
      method,
      url: `${root}/${options.apiVersion ?? "v1.0"}/${path}`,
      data: body,
      headers: { authorization: `Bearer ${options.token ?? demoToken}`, ...options.headers },
      validateStatus: () => true,
    });
  }

  const userMapping = (schema: Json): Json =>
    schema.synchronizationRules[0].objectMappings.find((mapping: Json) => mapping.sourceObjectName === "User");

  describe("GET job schema", () => {
    it("answers the template's default: several rules, dozens of user mappings, directories with typed attributes", async () => {
      const { path, jobId } = ownedJob();
      const response = await call("GET", `${path}/schema`);
      assert.equal(response.status, 200);
      assert.match(response.data["@odata.context"], /\/synchronization\/jobs\('.+'\)\/schema\/\$entity$/);
      const schema = response.data as Json;
      assert.equal(schema.id, jobId);
      assert.equal(typeof schema.version, "string");
      assert.ok(schema.synchronizationRules.length >= 2);
      const [outbound] = schema.synchronizationRules;
      assert.equal(outbound.sourceDirectoryName, "Azure Active Directory");
      assert.equal(outbound.targetDirectoryName, "customappsso");
      const users = userMapping(schema);
      assert.ok(users.attributeMappings.length >= 24, String(users.attributeMappings.length));
      assert.equal(users.flowTypes, "Add, Update, Delete");
      assert.equal(users.scope.groups[0].clauses[0].operatorName, "EQUALS");
      const userName = users.attributeMappings.find((mapping: Json) => mapping.targetAttributeName === "userName");
      assert.equal(userName.matchingPriority, 1);
      assert.deepEqual(userName.source, {
        expression: "[userPrincipalName]",
        name: "userPrincipalName",
        parameters: [],
        type: "Attribute",
      });
      const active = users.attributeMappings.find((mapping: Json) => mapping.targetAttributeName === "active");
      assert.equal(active.source.type, "Function");
      assert.equal(active.source.name, "Switch");
      assert.equal(active.source.parameters[0].key, "source");
      const groups = schema.synchronizationRules[0].objectMappings[1];
      assert.equal(groups.sourceObjectName, "Group");
      assert.equal(schema.directories.length, 2);
      const entraUser = schema.directories[0].objects.find((object: Json) => object.name === "User");
      assert.ok(entraUser.attributes.length >= 40);
      const manager = entraUser.attributes.find((attribute: Json) => attribute.name === "manager");
      assert.equal(manager.type, "Reference");
      const proxies = entraUser.attributes.find((attribute: Json) => attribute.name === "proxyAddresses");
      assert.equal(proxies.multivalued, true);
      assert.equal(typeof schema.directories[1].discoverabilities, "string");
      assert.equal(emu.count({ route: "getJobSchema", status: 200, jobId }), 1);
    });

    it("answers on beta, for applications, and in every cloud", async () => {
      const applicationId = emu.fixture.ownedApplication.objectId;
      const job = emu.synchronization.addJob(applicationId);
      const onApplication = await call(
        "GET",
        `applications/${applicationId}/synchronization/jobs/${job.id}/schema`,
        undefined,
        {
          apiVersion: "beta",
        },
      );
      assert.equal(onApplication.status, 200);
      assert.equal(onApplication.data.id, job.id);
      const { path } = ownedJob();
      for (const cloud of ["usgovernmentl4", "usgovernmentl5", "china"] as CloudName[]) {
        const token = await graphToken(emu, emu.fixture.demo, cloud);
        const response = await call("GET", `${path}/schema`, undefined, { cloud, token });
        assert.equal(response.status, 200, cloud);
      }
    });

    it("answers 404 for a job the object lacks, a removed job and a deleted target", async () => {
      const { objectId, jobId, path } = ownedJob();
      const missing = await call(
        "GET",
        `servicePrincipals/${objectId}/synchronization/jobs/scim.${"0".repeat(32)}.${"1".repeat(32)}/schema`,
      );
      assert.equal(missing.status, 404);
      assert.equal(missing.data.error.code, "Request_ResourceNotFound");
      assert.ok(emu.synchronization.removeJob(objectId, jobId));
      for (const [method, body] of [
        ["GET", undefined],
        ["PUT", { synchronizationRules: [] }],
        ["DELETE", undefined],
      ] as const) {
        assert.equal((await call(method, `${path}/schema`, body)).status, 404, method);
      }
      assert.equal((await call("POST", `${path}/schema/parseExpression`, { expression: "Guid()" })).status, 404);
      const other = ownedJob();
      emu.directory.delete(other.objectId);
      const gone = await call("GET", `${other.path}/schema`);
      assert.equal(gone.status, 404);
      assert.match(gone.data.error.message, new RegExp(other.objectId));
    });
  });

  describe("PUT job schema", () => {
    it("replaces the whole schema: what was left out is gone, id stays the job's, version changes (204)", async () => {
      const { objectId, jobId, path } = ownedJob();
      const before = (await call("GET", `${path}/schema`)).data as Json;
      const replacement = structuredClone(before);
      replacement.synchronizationRules = [before.synchronizationRules[0]];
      userMapping(replacement).attributeMappings = userMapping(replacement).attributeMappings.slice(0, 2);
      delete replacement.directories;
      replacement.id = "something-else";
      const put = await call("PUT", `${path}/schema`, replacement);
      assert.equal(put.status, 204, JSON.stringify(put.data));
      assert.equal(put.data, "");
      const after = (await call("GET", `${path}/schema`)).data as Json;
      assert.equal(after.id, jobId);
      assert.notEqual(after.version, before.version);
      assert.equal(after.synchronizationRules.length, 1);
      assert.equal(userMapping(after).attributeMappings.length, 2);
      assert.equal(after.directories, undefined);
      assert.equal(emu.count({ route: "putJobSchema", appliedStatus: 204, targetId: objectId }), 1);
      const logged = emu.log.find((entry) => entry.route === "putJobSchema")?.body as Json;
      assert.equal(logged.id, "something-else");
    });

    it("accepts what GET answered, unchanged (the default schema is what Microsoft's SDK models read)", async () => {
      const { path } = ownedJob();
      const read = (await call("GET", `${path}/schema`, undefined, { apiVersion: "beta" })).data as Json;
      const put = await call("PUT", `${path}/schema`, read, { apiVersion: "beta" });
      assert.equal(put.status, 204, JSON.stringify(put.data));
    });

    it("refuses, with 400 naming the path, what Microsoft's Graph SDK models cannot read", async () => {
      const { path } = ownedJob();
      const read = (await call("GET", `${path}/schema`)).data as Json;
      const cases: [string, (schema: Json) => void, RegExp][] = [
        [
          "an unknown property",
          (s) => (userMapping(s).attributeMappings[0].sourceAttribute = "x"),
          /Property 'sourceAttribute' does not exist on type 'microsoft\.graph\.attributeMapping'/,
        ],
        [
          "a string matchingPriority",
          (s) => (userMapping(s).attributeMappings[0].matchingPriority = "1"),
          /attributeMappings\[0\]\.matchingPriority' = "1"/,
        ],
        [
          "an unknown flowType",
          (s) => (userMapping(s).attributeMappings[0].flowType = "Sometimes"),
          /flowType' = "Sometimes"/,
        ],
        ["a mis-cased enum", (s) => (userMapping(s).attributeMappings[0].flowBehavior = "flowAlways"), /flowBehavior/],
        [
          "an unknown source type",
          (s) => (userMapping(s).attributeMappings[0].source.type = "Expression"),
          /source\.type' = "Expression"/,
        ],
        [
          "flowTypes as a list",
          (s) => (userMapping(s).flowTypes = ["Add", "Update"]),
          /must be one string of comma-separated flags/,
        ],
        ["flowTypes empty (an SDK round trip)", (s) => (userMapping(s).flowTypes = ""), /flowTypes' is empty/],
        [
          "an unknown flow type flag",
          (s) => (userMapping(s).flowTypes = "Add, Upsert"),
          /'Upsert', which is not one of None, Add, Update, Delete/,
        ],
        [
          "bad discoverabilities",
          (s) => (s.directories[1].discoverabilities = "Everything"),
          /discoverabilities' has 'Everything'/,
        ],
        ["rules as an object", (s) => (s.synchronizationRules = { rule: 1 }), /synchronizationRules/],
        ["a boolean as a string", (s) => (userMapping(s).enabled = "true"), /enabled' = "true"/],
        [
          "an unknown top-level property",
          (s) => (s.rules = []),
          /Property 'rules' does not exist on type 'microsoft\.graph\.synchronizationSchema'/,
        ],
      ];
      for (const [name, edit, message] of cases) {
        const body = structuredClone(read);
        edit(body);
        const response = await call("PUT", `${path}/schema`, body);
        assert.equal(response.status, 400, name);
        assert.equal(response.data.error.code, "BadRequest", name);
        assert.match(response.data.error.message, message, name);
      }
      const notJson = await call("PUT", `${path}/schema`, "{", { headers: { "content-type": "application/json" } });
      assert.equal(notJson.status, 400);
      const notObject = await call("PUT", `${path}/schema`, [read]);
      assert.equal(notObject.status, 400);
      const version = (await call("GET", `${path}/schema`)).data.version;
      assert.equal(version, read.version, "nothing refused was applied");
      assert.equal(emu.count({ route: "putJobSchema", appliedStatus: 204 }), 0);
    });

    it("lets a successStatus fault replace its 204, as other 204 routes do", async () => {
      const { path, objectId } = ownedJob();
      emu.faults.add({ route: "putJobSchema", targetId: objectId, action: { successStatus: 200 }, times: 1 });
      const read = (await call("GET", `${path}/schema`)).data as Json;
      const put = await call("PUT", `${path}/schema`, read);
      assert.equal(put.status, 200);
      assert.equal(emu.count({ route: "putJobSchema", appliedStatus: 204 }), 1);
    });
  });

  describe("DELETE job schema and the template's schema", () => {
    it("resets the job's schema to its template's default (204), with a new version", async () => {
      const { path } = ownedJob();
      const original = (await call("GET", `${path}/schema`)).data as Json;
      const changed = structuredClone(original);
      userMapping(changed).attributeMappings.pop();
      assert.equal((await call("PUT", `${path}/schema`, changed)).status, 204);
      const reset = await call("DELETE", `${path}/schema`);
      assert.equal(reset.status, 204);
      const after = (await call("GET", `${path}/schema`)).data as Json;
      assert.notEqual(after.version, original.version);
      const strip = (schema: Json): Json => ({ ...schema, version: undefined, "@odata.context": undefined });
      assert.deepEqual(strip(after), strip(original));
      assert.equal(emu.count({ route: "deleteJobSchema", appliedStatus: 204 }), 1);
    });

    it("answers the template's schema, and 404 for a template the object does not offer", async () => {
      const { objectId } = ownedJob();
      const template = await call("GET", `servicePrincipals/${objectId}/synchronization/templates/scim/schema`);
      assert.equal(template.status, 200);
      assert.equal(template.data.synchronizationRules[0].targetDirectoryName, "customappsso");
      assert.deepEqual(
        userMapping(template.data).attributeMappings,
        userMapping(emu.synchronization.templateSchema("scim")).attributeMappings,
      );
      const missing = await call("GET", `servicePrincipals/${objectId}/synchronization/templates/slack/schema`);
      assert.equal(missing.status, 404);
      assert.equal(emu.count({ route: "getTemplateSchema" }), 2);
    });
  });

  describe("parseExpression and functions", () => {
    it("answers Graph's documented example with its parsedExpression (200)", async () => {
      const { path, jobId } = ownedJob();
      const response = await call("POST", `${path}/schema/parseExpression`, {
        expression: 'Replace([preferredLanguage], "-", , , "_", ,  )',
        targetAttributeDefinition: null,
        testInputObject: { definition: null, properties: [{ key: "preferredLanguage", value: "EN-US" }] },
      });
      assert.equal(response.status, 200);
      assert.equal(response.data.parsingSucceeded, true);
      assert.equal(response.data.error, null);
      assert.equal(response.data.parsedExpression.expression, 'Replace([preferredLanguage], "-", , , "_", , )');
      assert.deepEqual(
        response.data.parsedExpression.parameters.map((parameter: Json) => parameter.key),
        ["source", "Find", "Replacement"],
      );
      assert.equal(response.data.evaluationSucceeded, false);
      assert.equal(emu.count({ route: "parseExpression", jobId, status: 200 }), 1);
    });

    it("answers 200 with parsingSucceeded false and a publicError naming the position for a bad expression", async () => {
      const { path } = ownedJob();
      const response = await call("POST", `${path}/schema/parseExpression`, { expression: 'Append([mail], "x"' });
      assert.equal(response.status, 200);
      assert.equal(response.data.parsingSucceeded, false);
      assert.equal(response.data.parsedExpression, null);
      assert.equal(response.data.error.code, EXPRESSION_NOT_PARSED_CODE);
      assert.equal(response.data.error.target, "expression");
      assert.match(response.data.error.message, /no closing '\)' \(at position 18\)$/);
    });

    it("refuses a body that is not the action's parameters with 400", async () => {
      const { path } = ownedJob();
      for (const body of [
        {},
        { expression: 1 },
        { expression: "Guid()", test: 1 },
        { expression: "Guid()", testInputObject: [] },
      ]) {
        const response = await call("POST", `${path}/schema/parseExpression`, body);
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.data.error.code, "BadRequest");
      }
    });

    it("parses on the template form too, and lists the documented functions on both forms", async () => {
      const { objectId, path } = ownedJob();
      const onTemplate = await call(
        "POST",
        `servicePrincipals/${objectId}/synchronization/templates/scim/schema/parseExpression`,
        {
          expression: "Guid()",
        },
      );
      assert.equal(onTemplate.data.parsingSucceeded, true);
      for (const functionsPath of [
        `${path}/schema/functions`,
        `servicePrincipals/${objectId}/synchronization/templates/scim/schema/functions`,
      ]) {
        const response = await call("GET", functionsPath);
        assert.equal(response.status, 200);
        assert.match(response.data["@odata.context"], /\$metadata#functions$/);
        const append = response.data.value.find((fn: Json) => fn.name === "Append");
        assert.deepEqual(append.parameters, [
          { allowMultipleOccurrences: false, name: "source", required: true, type: "String" },
          { allowMultipleOccurrences: false, name: "suffix", required: true, type: "String" },
        ]);
      }
      assert.equal(emu.count({ route: "listSchemaFunctions" }), 2);
    });
  });

  describe("test hooks: portal edits, slowed reads and writes", () => {
    it("edits a schema as the portal would: not logged, visible to the next GET with a new version", async () => {
      const { objectId, jobId, path } = ownedJob();
      const before = (await call("GET", `${path}/schema`)).data as Json;
      emu.synchronization.editSchema(objectId, jobId, (schema) => {
        userMapping(schema as Json).attributeMappings[0].source.name = "mail";
      });
      assert.equal(emu.count({ route: "putJobSchema" }), 0);
      const after = (await call("GET", `${path}/schema`)).data as Json;
      assert.equal(userMapping(after).attributeMappings[0].source.name, "mail");
      assert.notEqual(after.version, before.version);
    });

    it("a slowed GET answers what it read when it arrived, though the portal changed it meanwhile", async () => {
      const { objectId, jobId, path } = ownedJob();
      emu.synchronization.slowSchema({ route: "getJobSchema", ms: 300, times: 1 });
      const pending = call("GET", `${path}/schema`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      emu.synchronization.editSchema(objectId, jobId, (schema) => {
        userMapping(schema as Json).enabled = false;
      });
      const stale = (await pending).data as Json;
      assert.equal(userMapping(stale).enabled, true);
      assert.equal(userMapping(emu.synchronization.schema(objectId, jobId) as Json).enabled, false);
    });

    it("a slowed PUT overwrites what the portal wrote while it waited (last writer wins, as a replace does)", async () => {
      const { objectId, jobId, path } = ownedJob();
      const read = (await call("GET", `${path}/schema`)).data as Json;
      emu.synchronization.slowSchema({ route: "putJobSchema", ms: 300, times: 1 });
      const pending = call("PUT", `${path}/schema`, read);
      await new Promise((resolve) => setTimeout(resolve, 100));
      emu.synchronization.editSchema(objectId, jobId, (schema) => {
        userMapping(schema as Json).enabled = false;
      });
      assert.equal((await pending).status, 204);
      assert.equal(userMapping(emu.synchronization.schema(objectId, jobId) as Json).enabled, true);
    });

    it("offers the same hooks to another process through /_emulator/", async () => {
      const { objectId, jobId, path } = ownedJob();
      const admin = `${emu.endpoints("global").graphRoot}/_emulator/synchronization`;
      const read = await axios.get(`${admin}/schema`, { params: { objectId, jobId } });
      const edited = read.data as Json;
      const count = userMapping(edited).attributeMappings.length;
      userMapping(edited).attributeMappings.pop();
      const put = await axios.put(`${admin}/schema`, { objectId, jobId, schema: edited });
      assert.equal(put.status, 200);
      assert.equal(userMapping(put.data).attributeMappings.length, count - 1);
      const delay = await axios.post(`${admin}/schema-delays`, { route: "getJobSchema", ms: 1, times: 1 });
      assert.equal(delay.status, 201);
      assert.equal((await axios.post(`${admin}/schema-delays`, { clear: true })).status, 200);
      const removed = await axios.post(`${admin}/jobs/remove`, { objectId, jobId });
      assert.deepEqual(removed.data, { removed: true });
      assert.equal((await call("GET", `${path}/schema`)).status, 404);
      assert.equal(emu.count({ route: "admin" }), 0);
    });
  });
});
