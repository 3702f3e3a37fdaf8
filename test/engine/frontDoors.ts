/**
 * The ways into the resource that engine scenarios run through: the dynamic resource from a TypeScript program,
 * and the syncauth plugin from a YAML program. Each writes a scenario's inputs into its own kind of program.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { AttributeMappings, SynchronizationAuthorization, type AttributeMappingsArgs } from "../../provider";
import { nodeVariable } from "../../scripts/lib/pluginLauncher";
import { pathWithYamlHost } from "../../scripts/lib/pulumiYaml";
import { stagedSyncauthDir } from "../../scripts/lib/syncauthPlugin";
import type { MappingsFrontDoor, MappingsInputs } from "./attributeMappingsScenario";
import type { FrontDoor, ScenarioInputs } from "./connectionTestScenario";
import { emulatedStack } from "./emulatedStack";

/** The dynamic resource: a TypeScript program hosted for the CLI, whose inputs are read when it runs. */
export const DYNAMIC_RESOURCE: FrontDoor = {
  type: "pulumi-nodejs:dynamic/msgraph:SynchronizationAuthorization",
  refreshHoldsInputs: false,
  async stack(emulator, projectName, resourceName, inputs) {
    let current: ScenarioInputs = inputs;
    const stack = await emulatedStack({
      emulator,
      projectName,
      program: async () => {
        new SynchronizationAuthorization(resourceName, current);
      },
    });
    return {
      stack,
      async setInputs(next) {
        current = next;
      },
    };
  },
};

const TYPE = "syncauth:index:SynchronizationAuthorization";

/** The stack config key holding one credential's value: the program reads every value from secret config. */
const configKeyOf = (credentialKey: string) => `credential${credentialKey}`;

/** A YAML program declaring the one authorization with these inputs, its credential values from secret config. */
function yamlProgram(projectName: string, resourceName: string, inputs: ScenarioInputs): string {
  const keys = Object.keys(inputs.credentials);
  return stringify({
    name: projectName,
    runtime: "yaml",
    config: Object.fromEntries(keys.map((key) => [configKeyOf(key), { type: "string", secret: true }])),
    resources: {
      [resourceName]: {
        type: TYPE,
        properties: {
          ...inputs,
          credentials: Object.fromEntries(keys.map((key) => [key, `\${${configKeyOf(key)}}`])),
        },
      },
    },
  });
}

/**
 * The syncauth plugin: a YAML program run by the real YAML language host, the CLI starting
 * `pulumi-resource-syncauth` from PATH. New inputs rewrite the program and its config.
 */
export const PLUGIN_FROM_YAML: FrontDoor = {
  type: TYPE,
  refreshHoldsInputs: true,
  async stack(emulator, projectName, resourceName, inputs) {
    const stack = await emulatedStack({
      emulator,
      projectName,
      projectFile: yamlProgram(projectName, resourceName, inputs),
      env: { PATH: pathWithYamlHost(stagedSyncauthDir()), [nodeVariable("syncauth")]: process.execPath },
    });
    const setInputs = async (next: ScenarioInputs) => {
      fs.writeFileSync(path.join(stack.workDir, "Pulumi.yaml"), yamlProgram(projectName, resourceName, next));
      for (const [key, value] of Object.entries(next.credentials)) {
        await stack.setConfig(configKeyOf(key), value, { secret: true });
      }
    };
    await setInputs(inputs);
    return { stack, setInputs };
  },
};

/** AttributeMappings as the dynamic resource: a TypeScript program declaring each resource, read when it runs. */
export const DYNAMIC_ATTRIBUTE_MAPPINGS: MappingsFrontDoor = {
  type: "pulumi-nodejs:dynamic/syncauth:AttributeMappings",
  namesDriftedPaths: false,
  async stack(emulator, projectName, resources) {
    let current = resources;
    const stack = await emulatedStack({
      emulator,
      projectName,
      program: async () => {
        for (const [name, inputs] of Object.entries(current)) {
          new AttributeMappings(name, inputs as unknown as AttributeMappingsArgs);
        }
      },
    });
    return {
      stack,
      async setResources(next) {
        current = next;
      },
    };
  },
};

const MAPPINGS_TYPE = "syncauth:index:AttributeMappings";

/**
 * A YAML program declaring these AttributeMappings, or, once `pulumi import` generated declarations, the project's
 * lines followed by the generated text exactly as written (as a user pastes it into Pulumi.yaml).
 */
function mappingsProgram(projectName: string, resources: Record<string, MappingsInputs>, imported?: string): string {
  if (imported !== undefined) {
    if (Object.keys(resources).length > 0) throw new Error("an imported program declares only what was imported");
    return `${stringify({ name: projectName, runtime: "yaml" })}${imported}`;
  }
  const declared = Object.fromEntries(
    Object.entries(resources).map(([name, properties]) => [name, { type: MAPPINGS_TYPE, properties }]),
  );
  return stringify({ name: projectName, runtime: "yaml", resources: declared });
}

/** AttributeMappings through the syncauth plugin, from a YAML program run by the real YAML language host. */
export const PLUGIN_ATTRIBUTE_MAPPINGS_FROM_YAML: MappingsFrontDoor = {
  type: MAPPINGS_TYPE,
  namesDriftedPaths: true,
  importType: MAPPINGS_TYPE,
  async stack(emulator, projectName, resources) {
    let current = resources;
    let imported: string | undefined;
    const stack = await emulatedStack({
      emulator,
      projectName,
      projectFile: mappingsProgram(projectName, resources),
      env: { PATH: pathWithYamlHost(stagedSyncauthDir()), [nodeVariable("syncauth")]: process.execPath },
    });
    const write = () =>
      fs.writeFileSync(path.join(stack.workDir, "Pulumi.yaml"), mappingsProgram(projectName, current, imported));
    write();
    return {
      stack,
      async setResources(next) {
        current = next;
        imported = undefined;
        write();
      },
      async adoptImported(generated) {
        imported = generated;
        write();
      },
    };
  },
};
