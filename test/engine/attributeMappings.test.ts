import { describeAttributeMappingsScenario } from "./attributeMappingsScenario";
import { DYNAMIC_ATTRIBUTE_MAPPINGS } from "./frontDoors";

describe("AttributeMappings on the real engine: the dynamic resource", function () {
  this.timeout(600_000);
  describeAttributeMappingsScenario(DYNAMIC_ATTRIBUTE_MAPPINGS);
});
