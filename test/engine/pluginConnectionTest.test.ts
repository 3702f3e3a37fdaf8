import { describeConnectionTestScenario } from "./connectionTestScenario";
import { PLUGIN_FROM_YAML } from "./frontDoors";
import { describeRefreshCommands } from "./refreshCommands";

describe("testConnection on the real engine: the syncauth plugin from a YAML program", function () {
  this.timeout(600_000);
  describeConnectionTestScenario(PLUGIN_FROM_YAML);
  describeRefreshCommands(PLUGIN_FROM_YAML);
});
