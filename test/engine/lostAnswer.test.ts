import { DYNAMIC_RESOURCE } from "./frontDoors";
import { describeLostAnswerScenario } from "./lostAnswerScenario";

describe("answers that are not Graph's success, on the real engine: the dynamic resource", function () {
  this.timeout(600_000);
  describeLostAnswerScenario(DYNAMIC_RESOURCE);
});
