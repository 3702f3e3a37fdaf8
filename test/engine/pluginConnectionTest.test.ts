import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { nodeVariable } from "../../scripts/lib/pluginLauncher";
import { pathWithYamlHost } from "../../scripts/lib/pulumiYaml";
import { stagedSyncauthDir } from "../../scripts/lib/syncauthPlugin";
import { describeConnectionTestScenario, type FrontDoor, type ScenarioInputs } from "./connectionTestScenario";
import { emulatedStack } from "./emulatedStack";
import { describeRefreshCommands } from "./refreshCommands";

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
const PLUGIN_FROM_YAML: FrontDoor = {
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

describe("testConnection on the real engine: the syncauth plugin from a YAML program", function () {
  this.timeout(600_000);
  describeConnectionTestScenario(PLUGIN_FROM_YAML);
  describeRefreshCommands(PLUGIN_FROM_YAML);
});
