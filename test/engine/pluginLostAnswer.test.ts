import { PLUGIN_FROM_YAML } from "./frontDoors";
import { describeLostAnswerScenario } from "./lostAnswerScenario";

describe("answers that are not Graph's success, on the real engine: the syncauth plugin from a YAML program", function () {
  this.timeout(600_000);
  describeLostAnswerScenario(PLUGIN_FROM_YAML);
});
