import { SynchronizationAuthorization } from "../../provider";
import { describeConnectionTestScenario, type FrontDoor, type ScenarioInputs } from "./connectionTestScenario";
import { emulatedStack } from "./emulatedStack";
import { describeRefreshCommands } from "./refreshCommands";

/** The dynamic resource: a TypeScript program hosted for the CLI, whose inputs are read when it runs. */
const DYNAMIC_RESOURCE: FrontDoor = {
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

describe("testConnection on the real engine: the dynamic resource", function () {
  this.timeout(600_000);
  describeConnectionTestScenario(DYNAMIC_RESOURCE);
  describeRefreshCommands(DYNAMIC_RESOURCE);
});
