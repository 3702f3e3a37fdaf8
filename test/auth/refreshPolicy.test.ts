import { strict as assert } from "node:assert";
import { REFRESH_FRACTION_OF_LIFETIME, REFRESH_MARGIN_MS, refreshTime } from "../../provider/auth/refreshPolicy";

const MINUTE = 60_000;

describe("refreshPolicy.refreshTime", () => {
  it("renews an hour-long token 4 minutes before expiry, inside MSAL's 5-minute renewal window", () => {
    assert.equal(REFRESH_MARGIN_MS, 4 * MINUTE);
    assert.ok(REFRESH_MARGIN_MS < 5 * MINUTE);
    assert.equal(refreshTime(0, 60 * MINUTE), 56 * MINUTE);
  });

  it("renews a short token when half its life is left", () => {
    assert.equal(REFRESH_FRACTION_OF_LIFETIME, 0.5);
    assert.equal(refreshTime(1_000, 11_000), 6_000);
    assert.equal(refreshTime(0, 6 * MINUTE), 3 * MINUTE);
  });

  it("takes the server's refresh hint when it comes earlier", () => {
    assert.equal(refreshTime(0, 24 * 60 * MINUTE, 12 * 60 * MINUTE), 12 * 60 * MINUTE);
  });

  it("ignores a refresh hint later than its own time", () => {
    assert.equal(refreshTime(0, 60 * MINUTE, 59 * MINUTE), 56 * MINUTE);
  });

  it("renews at once a token that was already expired when obtained", () => {
    assert.equal(refreshTime(10_000, 5_000), 5_000);
  });
});
