/**
 * The ways into the resource that engine scenarios run through: the dynamic resource from a TypeScript program,
 * and the syncauth plugin from a YAML program. Each writes a scenario's inputs into its own kind of program.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { SynchronizationAuthorization } from "../../provider";
import { nodeVariable } from "../../scripts/lib/pluginLauncher";
import { pathWithYamlHost } from "../../scripts/lib/pulumiYaml";
import { stagedSyncauthDir } from "../../scripts/lib/syncauthPlugin";
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
