import { describeConnectionTestScenario } from "./connectionTestScenario";
import { DYNAMIC_RESOURCE } from "./frontDoors";
import { describeRefreshCommands } from "./refreshCommands";

describe("testConnection on the real engine: the dynamic resource", function () {
  this.timeout(600_000);
  describeConnectionTestScenario(DYNAMIC_RESOURCE);
  describeRefreshCommands(DYNAMIC_RESOURCE);
});
