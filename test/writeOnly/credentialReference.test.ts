import { strict as assert } from "node:assert";
import { CLOUD_NAMES, cloudEndpoints } from "../../provider/config/clouds";
import {
  describeReference,
  keyVaultHostProblem,
  keyVaultScopesFor,
  needsChallengeResourceVerificationOff,
  parseKeyVaultSecretUrl,
  referenceProblem,
  referenceTarget,
  valueFromFileText,
  type KeyVaultSecretLocation,
} from "../../provider/writeOnly/credentialReference";

const VERSION = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

function location(url: string): KeyVaultSecretLocation {
  const parsed = parseKeyVaultSecretUrl(url);
  assert.ok(!("problem" in parsed), `${url} parses: ${JSON.stringify(parsed)}`);
  return parsed;
}

function problemOf(url: string): string {
  const parsed = parseKeyVaultSecretUrl(url);
  assert.ok("problem" in parsed, `${url} is refused`);
  return parsed.problem;
}

describe("credentialReference", () => {
  describe("parseKeyVaultSecretUrl", () => {
    it("takes a latest-version URL apart", () => {
      assert.deepEqual(location("https://MyVault.vault.azure.net/secrets/scim-token"), {
        vaultUrl: "https://myvault.vault.azure.net",
        host: "myvault.vault.azure.net",
        name: "scim-token",
      });
    });

    it("keeps a named version and a port", () => {
      assert.deepEqual(location(`https://127.0.0.1:8443/secrets/a-1/${VERSION}`), {
        vaultUrl: "https://127.0.0.1:8443",
        host: "127.0.0.1",
        name: "a-1",
        version: VERSION,
      });
    });

    for (const [label, url, pattern] of [
      ["not a URL", "scim-token", /must be a Key Vault secret URL/],
      ["http", "http://v.vault.azure.net/secrets/a", /must use https/],
      ["a query", "https://v.vault.azure.net/secrets/a?api-version=7.5", /without user info, query or fragment/],
      ["a fragment", "https://v.vault.azure.net/secrets/a#x", /without user info, query or fragment/],
      ["user info", "https://u:p@v.vault.azure.net/secrets/a", /without user info/],
      ["the vault only", "https://v.vault.azure.net", /must point at a secret/],
      ["a key instead of a secret", "https://v.vault.azure.net/keys/a", /must point at a secret/],
      ["a trailing slash", "https://v.vault.azure.net/secrets/a/", /version is 32 hex digits/],
      ["a path below the version", `https://v.vault.azure.net/secrets/a/${VERSION}/x`, /must point at a secret/],
      [
        "a name with an underscore",
        "https://v.vault.azure.net/secrets/scim_token",
        /1 to 127 letters, digits and dashes/,
      ],
      ["a name too long", `https://v.vault.azure.net/secrets/${"a".repeat(128)}`, /1 to 127/],
      ["a version that is not 32 hex digits", "https://v.vault.azure.net/secrets/a/latest", /32 hex digits/],
      ["dot segments", "https://x.vault.azure.net/keys/../secrets/x", /without "\." or "\.\." path segments/],
      ["encoded dot segments", "https://x.vault.azure.net/keys/%2e%2e/secrets/x", /without "\." or "\.\." path/],
      ["a single dot segment", "https://x.vault.azure.net/./secrets/x", /without "\." or "\.\." path segments/],
      // The URL parser reads a backslash as "/" and drops tabs and line breaks, so these would resolve "..": refused as text.
      ["backslash dot segments", "https://x.vault.azure.net/keys\\..\\secrets\\x", /only printable ASCII/],
      ["backslashes", "https://x.vault.azure.net\\secrets\\x", /only printable ASCII/],
      ["a tab inside a dot segment", "https://x.vault.azure.net/keys/.\t./secrets/x", /only printable ASCII/],
      ["a line break", "https://x.vault.azure.net/secrets/x\n", /only printable ASCII/],
      ["a space", "https://x.vault.azure.net/secrets/x ", /only printable ASCII/],
      ["an ideographic full stop in the host", "https://x\u3002vault.azure.net/secrets/x", /only printable ASCII/],
    ] as const) {
      it(`refuses ${label}`, () => {
        assert.match(problemOf(url), pattern);
      });
    }
  });

  describe("keyVaultHostProblem", () => {
    for (const cloud of CLOUD_NAMES) {
      it(`accepts vaults under the ${cloud} cloud's suffix and refuses the others`, () => {
        const endpoints = cloudEndpoints(cloud);
        const own = location(`https://v1.${endpoints.keyVaultSuffix.toUpperCase()}/secrets/a`);
        assert.equal(keyVaultHostProblem(own, endpoints), undefined);
        assert.equal(needsChallengeResourceVerificationOff(own, endpoints), false);
        for (const other of CLOUD_NAMES.filter(
          (name) => cloudEndpoints(name).keyVaultSuffix !== endpoints.keyVaultSuffix,
        )) {
          const foreign = location(`https://v1.${cloudEndpoints(other).keyVaultSuffix}/secrets/a`);
          assert.match(
            keyVaultHostProblem(foreign, endpoints) ?? "",
            new RegExp(
              `not a Key Vault of the ${cloud} cloud \\(\\*\\.${endpoints.keyVaultSuffix.replace(/\./g, "\\.")}\\)`,
            ),
          );
        }
      });
    }

    it("refuses look-alike hosts: the suffix itself, a suffix inside another name, loopback", () => {
      const global = cloudEndpoints("global");
      for (const url of [
        "https://vault.azure.net/secrets/a",
        "https://evilvault.azure.net/secrets/a",
        "https://v.vault.azure.net.example.com/secrets/a",
        "https://127.0.0.1:8443/secrets/a",
      ]) {
        assert.ok(keyVaultHostProblem(location(url), global), `${url} is refused`);
      }
    });

    it("custom Graph and authority endpoints allow no other vault host and keep the challenge check", () => {
      const custom = cloudEndpoints("global", {
        graphEndpoint: "https://127.0.0.1:9443",
        authorityHost: "https://127.0.0.1:9444",
      });
      assert.equal(custom.custom, true);
      const hostile = location("https://attacker.example/secrets/a");
      assert.match(keyVaultHostProblem(hostile, custom) ?? "", /syncauth:keyVaultHosts/);
      assert.equal(needsChallengeResourceVerificationOff(hostile, custom), false);
      const loopback = location("https://127.0.0.1:8443/secrets/a");
      assert.ok(keyVaultHostProblem(loopback, custom));
      assert.equal(needsChallengeResourceVerificationOff(loopback, custom), false);
    });

    it("accepts a host named in keyVaultHosts, port included, and turns the challenge check off only for it", () => {
      const listed = cloudEndpoints("global", { keyVaultHosts: ["127.0.0.1:8443"] });
      const loopback = location("https://127.0.0.1:8443/secrets/a");
      assert.equal(keyVaultHostProblem(loopback, listed), undefined);
      assert.equal(needsChallengeResourceVerificationOff(loopback, listed), true);
      assert.deepEqual(keyVaultScopesFor(loopback, listed), [
        "https://vault.azure.net/.default",
        "https://127.0.0.1:8443/.default",
      ]);
      const otherPort = location("https://127.0.0.1:9443/secrets/a");
      assert.ok(keyVaultHostProblem(otherPort, listed), "another port of the same address is another host");
      const real = location("https://v.vault.azure.net/secrets/a");
      assert.equal(needsChallengeResourceVerificationOff(real, listed), false, "real vaults keep the check");
      assert.deepEqual(keyVaultScopesFor(real, listed), ["https://vault.azure.net/.default"]);
    });
  });

  describe("referenceProblem", () => {
    it("accepts portable variable names and refuses the rest", () => {
      for (const name of ["SCIM_TOKEN", "_x", "a1"]) assert.equal(referenceProblem("fromEnv", name), undefined);
      for (const name of ["1A", "SCIM-TOKEN", "A B", "", "ÄB"]) assert.ok(referenceProblem("fromEnv", name));
    });

    it("wants absolute file paths without NUL", () => {
      assert.equal(referenceProblem("fromFile", "/run/secrets/x"), undefined);
      assert.match(referenceProblem("fromFile", "secrets/x") ?? "", /absolute path/);
      assert.match(referenceProblem("fromFile", "/run/\0x") ?? "", /NUL/);
    });

    it("checks Key Vault URLs", () => {
      assert.equal(referenceProblem("fromKeyVault", "https://v.vault.azure.net/secrets/a"), undefined);
      assert.match(referenceProblem("fromKeyVault", "https://v.vault.azure.net/") ?? "", /must point at a secret/);
    });
  });

  it("describes references for messages and says what they point at", () => {
    assert.equal(describeReference({ fromEnv: "SCIM_TOKEN" }), 'environment variable "SCIM_TOKEN"');
    assert.equal(describeReference({ fromFile: "/run/x" }), 'file "/run/x"');
    assert.equal(
      describeReference({ fromKeyVault: "https://v.vault.azure.net/secrets/a" }),
      'Key Vault secret "https://v.vault.azure.net/secrets/a"',
    );
    assert.deepEqual(referenceTarget({ fromFile: "/run/x" }), { kind: "fromFile", target: "/run/x" });
  });

  it("drops exactly one trailing line break from file text", () => {
    assert.equal(valueFromFileText("token\n"), "token");
    assert.equal(valueFromFileText("token\r\n"), "token");
    assert.equal(valueFromFileText("token\n\n"), "token\n");
    assert.equal(valueFromFileText("token"), "token");
    assert.equal(valueFromFileText(" token \t"), " token \t", "other whitespace is part of the value");
    assert.equal(valueFromFileText("\n"), "");
  });
});
