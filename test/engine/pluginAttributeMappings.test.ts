import { describeAttributeMappingsScenario } from "./attributeMappingsScenario";
import { PLUGIN_ATTRIBUTE_MAPPINGS_FROM_YAML } from "./frontDoors";

describe("AttributeMappings on the real engine: the syncauth plugin from a YAML program", function () {
  this.timeout(600_000);
  describeAttributeMappingsScenario(PLUGIN_ATTRIBUTE_MAPPINGS_FROM_YAML);
});
