import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { LocalStack, StateResource } from "../../scripts/lib/localStack";
import { startEmulator, type Emulator } from "../emulator";
import { calls, SIGN_IN, succeeded } from "./connectionTestScenario";
import { changedPaths, plannedOperations } from "./previewOutput";

type Json = Record<string, unknown>;

/** One AttributeMappings' inputs, as a program declares them. */
export type MappingsInputs = Json;

/** A stack whose program declares AttributeMappings resources (name → inputs) that can change between runs. */
export interface MappingsStack {
  stack: LocalStack;
  /** The resources the next `preview` or `up` declares. */
  setResources(resources: Record<string, MappingsInputs>): Promise<void>;
  /**
   * Makes the program the declarations `pulumi import … --out <file>` generated, as written; only a door whose import
   * through the CLI is tested has it.
   */
  adoptImported?(generated: string): Promise<void>;
}

/** A way into AttributeMappings (the dynamic resource, the plugin from a YAML program) that the scenario runs through. */
export interface MappingsFrontDoor {
  /** The resource's type token in state. */
  type: string;
  /**
   * Whether `pulumi preview --diff` can name what drifted: the plugin answers diff with a detailed diff (the changed
   * paths); a dynamic provider cannot (its diff answers only whether something changed), so the engine shows the
   * update with no property marked when the inputs did not change.
   */
  namesDriftedPaths: boolean;
  /** The token `pulumi import` takes; only when the door's import through the CLI is tested. */
  importType?: string;
  stack(emu: Emulator, projectName: string, resources: Record<string, MappingsInputs>): Promise<MappingsStack>;
}

function failed(result: { code: number; stdout: string; stderr: string; command: string }): string {
  assert.notEqual(result.code, 0, `${result.command} succeeded:\n${result.stdout}`);
  return result.stdout + result.stderr;
}

/** The editable (outbound) rule's object mapping of `objectName` in a job's schema. */
function objectMappingOf(schema: Json | undefined, objectName: string): Json {
  const [rule] = (schema?.synchronizationRules ?? []) as Json[];
  const found = ((rule?.objectMappings ?? []) as Json[]).find((mapping) => mapping.sourceObjectName === objectName);
  assert.ok(found, `the schema has a ${objectName} object mapping`);
  return found;
}

/** Each attribute mapping's source expression in the object mapping, by target attribute. */
function sources(schema: Json | undefined, objectName: string): Record<string, string> {
  const mappings = objectMappingOf(schema, objectName).attributeMappings as Json[];
  return Object.fromEntries(
    mappings.map((mapping) => [String(mapping.targetAttributeName), String((mapping.source as Json).expression)]),
  );
}

/** The steps a preview or up plans other than leaving a resource as it is (`same`), by resource name. */
function changes(output: string): Record<string, string> {
  return Object.fromEntries(Object.entries(plannedOperations(output)).filter(([, operation]) => operation !== "same"));
}

const JOINED = 'Join(" ", [givenName], [surname])';
const JOINED_AGAIN = 'Join(", ", [surname], [givenName])';
/** Not closed: the local check (the preview) refuses it. */
const UNCLOSED = 'Join(" ", [givenName]';
/** A comparison outside IIF/CBool: the local check accepts it, Graph's parseExpression does not. */
const ONLY_GRAPH_REFUSES = 'Join(",", [givenName] = [surname])';

/**
 * AttributeMappings' story through the real CLI, the same for every front door, on one stack: the exact Graph calls
 * of each command (sign-in included, one per provider process) and what the emulator's schema holds after it: what
 * the resource owns changed, the rest untouched. Commands are run as users type them: `pulumi up --yes` and
 * `pulumi destroy --yes` preview first, which for this resource calls nothing (check, diff and the preview of a
 * create or update are local).
 */
export function describeAttributeMappingsScenario(door: MappingsFrontDoor): void {
  let emu: Emulator;
  let scenario: MappingsStack;
  let objectId: string;

  before(async () => {
    emu = await startEmulator();
    objectId = emu.fixture.ownedServicePrincipal.objectId;
    scenario = await door.stack(emu, "attribute-mappings", {});
  });
  after(async () => {
    scenario?.stack.dispose();
    await emu?.stop();
  });
  beforeEach(() => emu.clearLog());

  const up = (...extra: string[]) => scenario.stack.pulumi(["up", "--yes", "--non-interactive", ...extra]);
  const destroy = () => scenario.stack.pulumi(["destroy", "--yes", "--non-interactive"]);
  const preview = (...extra: string[]) => scenario.stack.preview("--diff", ...extra);

  async function resourcesInState(): Promise<StateResource[]> {
    return (await scenario.stack.resources()).filter((resource) => resource.type === door.type);
  }

  describe("one resource owning two attribute mappings of a job (declaredMappings)", () => {
    let jobId: string;
    const declared = (displayName: string, extra: Json = {}): Record<string, MappingsInputs> => ({
      users: {
        servicePrincipalId: objectId,
        jobId,
        ...extra,
        objectMappings: [
          {
            sourceObjectName: "User",
            targetObjectName: "User",
            attributeMappings: [
              { targetAttributeName: "externalId", source: "[employeeId]" },
              { targetAttributeName: "displayName", source: displayName },
            ],
          },
        ],
      },
    });
    const schema = () => emu.synchronization.schema(objectId, jobId);
    /** Points User attribute mappings (by target attribute) at other source attributes, as an edit in the portal. */
    const portalEdit = (attributes: Record<string, string>) =>
      emu.synchronization.editSchema(objectId, jobId, (edited) => {
        for (const mapping of objectMappingOf(edited, "User").attributeMappings as Json[]) {
          const attribute = attributes[String(mapping.targetAttributeName)];
          if (attribute === undefined) continue;
          mapping.source = { expression: `[${attribute}]`, name: attribute, parameters: [], type: "Attribute" };
        }
      });

    before(async () => {
      jobId = emu.synchronization.addJob(objectId).id;
      await scenario.setResources(declared(JOINED));
    });

    it("preview of the create: planned, no call", async () => {
      const previewed = await preview();
      succeeded(previewed);
      assert.equal(plannedOperations(previewed.stdout).users, "create", previewed.stdout);
      assert.deepEqual(calls(emu), {});
    });

    it("create: the schema read, Graph's parse of the one function source, one write, one confirming read", async () => {
      const untouched = sources(schema(), "User");
      succeeded(await up());
      assert.deepEqual(calls(emu), { ...SIGN_IN, getJobSchema: 2, parseExpression: 1, putJobSchema: 1 });
      assert.deepEqual(sources(schema(), "User"), { ...untouched, externalId: "[employeeId]", displayName: JOINED });
    });

    it("no-op: an unchanged preview and up plan nothing and call nothing", async () => {
      const previewed = await preview();
      succeeded(previewed);
      assert.deepEqual(changes(previewed.stdout), {}, previewed.stdout);
      const upped = await up();
      succeeded(upped);
      assert.match(upped.stdout, /^\s+2 unchanged$/m);
      assert.deepEqual(calls(emu), {});
    });

    it("one expression changed: the preview names its path with no call; up parses it, writes once, confirms", async () => {
      const before = sources(schema(), "User");
      await scenario.setResources(declared(JOINED_AGAIN));
      const previewed = await preview();
      succeeded(previewed);
      assert.equal(plannedOperations(previewed.stdout).users, "update", previewed.stdout);
      assert.deepEqual(
        changedPaths(previewed.stdout, "users"),
        ["objectMappings[0].attributeMappings[1].source"],
        previewed.stdout,
      );
      assert.deepEqual(calls(emu), {});
      succeeded(await up());
      assert.deepEqual(calls(emu), { ...SIGN_IN, getJobSchema: 2, parseExpression: 1, putJobSchema: 1 });
      assert.deepEqual(sources(schema(), "User"), { ...before, displayName: JOINED_AGAIN });
    });

    it("drift from the portal: `pulumi up` alone does not see it; `pulumi up --refresh` writes back what it owns, only that", async () => {
      portalEdit({ externalId: "mail", title: "department" }); // externalId is owned, title is not
      const drifted = sources(schema(), "User");

      succeeded(await up());
      assert.deepEqual(calls(emu), {}, "without a refresh the state still holds what was written: nothing to do");
      assert.deepEqual(sources(schema(), "User"), drifted);

      const previewed = await preview("--refresh");
      succeeded(previewed);
      assert.deepEqual(calls(emu), { ...SIGN_IN, getJobSchema: 1 }, "the preview's refresh reads once");
      assert.equal(plannedOperations(previewed.stdout).users, "update", previewed.stdout);
      assert.deepEqual(
        changedPaths(previewed.stdout, "users"),
        door.namesDriftedPaths ? ["objectMappings[0].attributeMappings[0].source"] : [],
        previewed.stdout,
      );
      if (door.namesDriftedPaths) {
        // The detailed diff compares the state (what Graph held) with the inputs: the drifted value is shown.
        assert.match(previewed.stdout, /source\s*:\s*"\[mail\]" => "\[employeeId\]"/, previewed.stdout);
      }
      emu.clearLog();

      succeeded(await up("--refresh"));
      // Its preview refreshes (one process: a sign-in, a read), then the update refreshes again and writes (another
      // process: a sign-in, the refresh's read, the write's read, the write and its confirming read). The source
      // written back is an attribute: Graph parses nothing.
      assert.deepEqual(calls(emu), { openidConfiguration: 2, token: 2, getJobSchema: 4, putJobSchema: 1 });
      assert.deepEqual(
        sources(schema(), "User"),
        { ...drifted, externalId: "[employeeId]" },
        "the portal's title stays",
      );
    });

    it("drift from the portal, then `pulumi refresh` and `pulumi up`: the refresh reads in its preview and again, up writes back", async () => {
      portalEdit({ externalId: "userPrincipalName" });
      const drifted = sources(schema(), "User");
      succeeded(await scenario.stack.pulumi(["refresh", "--yes", "--non-interactive"]));
      assert.deepEqual(calls(emu), { openidConfiguration: 2, token: 2, getJobSchema: 2 });
      assert.deepEqual(sources(schema(), "User"), drifted, "a refresh writes nothing");
      emu.clearLog();

      const previewed = await preview();
      succeeded(previewed);
      assert.equal(plannedOperations(previewed.stdout).users, "update", previewed.stdout);
      assert.deepEqual(
        changedPaths(previewed.stdout, "users"),
        door.namesDriftedPaths ? ["objectMappings[0].attributeMappings[0].source"] : [],
        previewed.stdout,
      );
      assert.deepEqual(calls(emu), {});

      succeeded(await up());
      assert.deepEqual(calls(emu), { ...SIGN_IN, getJobSchema: 2, putJobSchema: 1 });
      assert.deepEqual(sources(schema(), "User"), { ...drifted, externalId: "[employeeId]" });
    });

    it("a bad expression is caught in preview, naming its path, with no call; up stops there too", async () => {
      const before = schema();
      await scenario.setResources(declared(UNCLOSED));
      const path =
        /objectMappings\[0\]\.attributeMappings\[1\]\.source.*is not a valid expression: Join\( is never closed/;
      assert.match(failed(await preview()), path);
      assert.match(failed(await up()), path);
      assert.deepEqual(calls(emu), {});
      assert.deepEqual(schema(), before);
    });

    it("an expression only Graph refuses: the preview passes with no call; up stops at Graph's parse, writing nothing", async () => {
      const before = schema();
      const state = await resourcesInState();
      await scenario.setResources(declared(ONLY_GRAPH_REFUSES));
      const previewed = await preview();
      succeeded(previewed);
      assert.equal(plannedOperations(previewed.stdout).users, "update", previewed.stdout);
      assert.deepEqual(calls(emu), {});
      assert.match(
        failed(await up()),
        /objectMappings\[0\]\.attributeMappings\[1\]\.source: Graph's parseExpression refused it \(InvalidExpression\): A comparison can only be the condition of IIF/,
      );
      assert.deepEqual(calls(emu), { ...SIGN_IN, getJobSchema: 1, parseExpression: 1 });
      assert.deepEqual(schema(), before, "nothing written");
      assert.deepEqual(await resourcesInState(), state, "the state is as before");
    });

    it('whenReleased "leave": recorded with no call; destroy then calls nothing and leaves the schema as written', async () => {
      await scenario.setResources(declared(JOINED_AGAIN, { whenReleased: "leave" }));
      const upped = await up();
      succeeded(upped);
      assert.match(upped.stdout, /^\s+~ 1 updated$/m);
      assert.deepEqual(calls(emu), {});
      const before = schema();
      succeeded(await destroy());
      assert.deepEqual(calls(emu), {});
      assert.deepEqual(schema(), before);
      assert.deepEqual(await resourcesInState(), []);
    });
  });

  describe("two resources on one job, one per ownership mode, in one up", () => {
    let jobId: string;
    const SALES = [
      { name: "Sales", clauses: [{ sourceOperandName: "department", operatorName: "EQUALS", values: ["Sales"] }] },
    ];
    const schema = () => emu.synchronization.schema(objectId, jobId);

    before(async () => {
      jobId = emu.synchronization.addJob(objectId).id;
      await scenario.setResources({
        users: {
          servicePrincipalId: objectId,
          jobId,
          objectMappings: [
            {
              sourceObjectName: "User",
              targetObjectName: "User",
              scopingFilter: SALES,
              attributeMappings: [{ targetAttributeName: "externalId", source: "[employeeId]" }],
            },
          ],
        },
        groups: {
          servicePrincipalId: objectId,
          jobId,
          ownership: "wholeObjectMapping",
          objectMappings: [
            {
              sourceObjectName: "Group",
              targetObjectName: "Group",
              attributeMappings: [
                { targetAttributeName: "displayName", source: "[displayName]", matchingPriority: 1 },
                { targetAttributeName: "externalId", source: "[mailNickname]" },
              ],
            },
          ],
        },
      });
    });

    it("both land: one sign-in, each resource's read, write and confirming read, one job write at a time", async () => {
      const template = emu.synchronization.templateSchema("scim");
      succeeded(await up());
      assert.deepEqual(calls(emu), { ...SIGN_IN, getJobSchema: 4, putJobSchema: 2 });
      assert.equal(emu.inFlightPeak("putJobSchema"), 1);
      const written = schema();
      // declaredMappings: the declared mapping and the scoping filter; every other User mapping untouched.
      assert.deepEqual(sources(written, "User"), { ...sources(template, "User"), externalId: "[employeeId]" });
      assert.deepEqual((objectMappingOf(written, "User").scope as Json).groups, [
        {
          name: "Sales",
          clauses: [{ operatorName: "EQUALS", sourceOperandName: "department", targetOperand: { values: ["Sales"] } }],
        },
      ]);
      assert.equal(objectMappingOf(written, "User").enabled, true);
      // wholeObjectMapping: exactly what is declared ("members" gone), enabled, no scoping filter.
      assert.deepEqual(sources(written, "Group"), { displayName: "[displayName]", externalId: "[mailNickname]" });
      assert.equal(objectMappingOf(written, "Group").enabled, true);
      assert.equal(objectMappingOf(written, "Group").scope ?? null, null);
    });

    it("then no-op: the preview plans nothing for either, with no call", async () => {
      const previewed = await preview();
      succeeded(previewed);
      assert.deepEqual(changes(previewed.stdout), {}, previewed.stdout);
      assert.deepEqual(calls(emu), {});
    });

    it("destroy restores the template's defaults: per resource the schema, the job, its template's schema, one write", async () => {
      succeeded(await destroy());
      assert.deepEqual(calls(emu), {
        ...SIGN_IN,
        getJobSchema: 2,
        getSynchronizationJob: 2,
        getTemplateSchema: 2,
        putJobSchema: 2,
      });
      assert.deepEqual(
        schema()?.synchronizationRules,
        emu.synchronization.templateSchema("scim").synchronizationRules,
        "the job's rules are the template's again",
      );
      assert.deepEqual(await resourcesInState(), []);
    });
  });

  if (door.importType !== undefined) {
    const importType = door.importType;
    describe("pulumi import of an object mapping, then no change", () => {
      let jobId: string;

      before(async () => {
        await scenario.setResources({});
        // A job whose User mapping the portal changed; its scoping filter is the template's.
        jobId = emu.synchronization.addJob(objectId).id;
        emu.synchronization.editSchema(objectId, jobId, (edited) => {
          const user = objectMappingOf(edited, "User");
          const displayName = (user.attributeMappings as Json[]).find((m) => m.targetAttributeName === "displayName");
          displayName!.source = { expression: JOINED_AGAIN, name: "Join", parameters: [], type: "Function" };
        });
      });

      it("imports with one read in each of its preview and import; the generated program, as generated, previews no change", async () => {
        const generated = path.join(scenario.stack.workDir, "imported.yaml");
        const id = `servicePrincipals/${objectId}/synchronization/jobs/${jobId}/User/User`;
        succeeded(
          await scenario.stack.pulumi([
            "import",
            importType,
            "imported",
            id,
            "--yes",
            "--non-interactive",
            "--out",
            generated,
          ]),
        );
        assert.deepEqual(calls(emu), { openidConfiguration: 2, token: 2, getJobSchema: 2 });
        const [resource] = await resourcesInState();
        assert.equal(resource.id, id);
        assert.equal((resource.outputs?.objectMappings as Json[]).length, 1);
        emu.clearLog();

        // The declarations as generated: every User mapping, the portal's expression among them, the filter's value.
        const program = fs.readFileSync(generated, "utf8");
        assert.ok(program.includes(`source: ${JOINED_AGAIN}\n`), program);
        assert.match(program, /^ +ownership: wholeObjectMapping$/m);
        // pulumi-yaml's code generation (1.25.0, syntax/encoding MarshalYAML) quotes a string only when it reads as
        // a number or is exactly "true" or "false": the filter's value "True" is written bare, and YAML reads it as a
        // boolean, which check takes as the text Graph writes ("True"). The generated program is used as it is.
        assert.match(program, /^ +values:\n +- True$/m);
        await scenario.adoptImported!(program);
        const previewed = await preview();
        succeeded(previewed);
        assert.deepEqual(changes(previewed.stdout), {}, previewed.stdout);
        assert.deepEqual(calls(emu), {});
      });
    });
  }
}
