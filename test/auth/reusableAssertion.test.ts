import { strict as assert } from "node:assert";
import { ASSERTION_REUSE_MARGIN_MS, reusableAssertion } from "../../provider/auth/reusableAssertion";

function jwtExpiringAt(expSeconds: number | undefined, id: number): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${encode({ alg: "RS256" })}.${encode({ exp: expSeconds, jti: id })}.c2ln`;
}

describe("reusableAssertion", () => {
  it("reuses an assertion until the margin before its expiry, then fetches a new one", async () => {
    let clock = 0;
    const fetched: string[] = [];
    const next = reusableAssertion(
      async () => {
        const token = jwtExpiringAt(600, fetched.length);
        fetched.push(token);
        return token;
      },
      () => clock,
    );
    const first = await next();
    clock = 600_000 - ASSERTION_REUSE_MARGIN_MS - 1;
    assert.equal(await next(), first);
    assert.equal(fetched.length, 1);
    clock = 600_000 - ASSERTION_REUSE_MARGIN_MS;
    const second = await next();
    assert.notEqual(second, first);
    assert.equal(fetched.length, 2);
  });

  it("shares one fetch among concurrent callers", async () => {
    let fetches = 0;
    const next = reusableAssertion(async () => {
      fetches += 1;
      return jwtExpiringAt(Math.floor(Date.now() / 1000) + 600, fetches);
    });
    const results = await Promise.all([next(), next(), next()]);
    assert.equal(new Set(results).size, 1);
    assert.equal(fetches, 1);
  });

  it("does not reuse a token without exp, nor a failure", async () => {
    let fetches = 0;
    const next = reusableAssertion(async () => {
      fetches += 1;
      if (fetches === 1) throw new Error("temporarily unavailable");
      return jwtExpiringAt(undefined, fetches);
    });
    await assert.rejects(next(), /temporarily unavailable/);
    await next();
    await next();
    assert.equal(fetches, 3);
  });
});
