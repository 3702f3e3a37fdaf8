import { strict as assert } from "node:assert";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import { TokenSources } from "../../provider/auth/tokenSource";
import { signInError } from "../../provider/auth/signInError";
import { cloudEndpoints } from "../../provider/config/clouds";
import {
  resolveEndpointSettings,
  resolveSignInSettings,
  type ConfigSource,
} from "../../provider/config/providerSettings";
import { parseKeyVaultSecretUrl, type KeyVaultSecretLocation } from "../../provider/writeOnly/credentialReference";
import {
  SecretClients,
  keyVaultSecretReader,
  type KeyVaultSecretReaderOptions,
} from "../../provider/writeOnly/keyVaultSecretReader";
import { CredentialSourceError } from "../../provider/writeOnly/writeOnlyCredentialError";
import { startEmulator, type ClientIdentity, type Emulator } from "../emulator";
import { defaultFixture } from "../emulator/fixture";

describe("keyVaultSecretReader against the emulator's Key Vault", function () {
  this.timeout(60_000);
  const value = `kv-CANARY-${crypto.randomBytes(12).toString("hex")}`;
  const wrongSecret = `wrong-client-secret-${crypto.randomBytes(8).toString("hex")}`;
  let emu: Emulator;
  const tokenSources = new TokenSources();
  const secretClients = new SecretClients();

  before(async () => {
    emu = await startEmulator({ fixture: defaultFixture({ readableSecretValue: value }) });
  });
  after(() => emu.stop());
  beforeEach(() => emu.clearLog());

  /** The reader as the provider builds it: settings from stack config, the shared credential, the real cloud table. */
  function readerFor(
    client: ClientIdentity,
    clientSecret = client.clientSecrets[0],
    keyVaultHosts = new URL(emu.endpoints("global").keyVaultUrl).host,
  ) {
    const { graphRoot, authorityHost, graphScope } = emu.endpoints("global");
    const values: Record<string, string> = {
      "syncauth:graphEndpoint": graphRoot,
      "syncauth:authorityHost": authorityHost,
      "syncauth:graphScope": graphScope,
      "syncauth:keyVaultHosts": keyVaultHosts,
      "syncauth:tenantId": client.tenantId,
      "syncauth:clientId": client.clientId,
      "syncauth:clientSecret": clientSecret,
    };
    const config: ConfigSource = { get: (key) => values[key] };
    const endpoints = resolveEndpointSettings(config, {});
    const signIn = resolveSignInSettings(config, {}, fs.readFileSync);
    const options: KeyVaultSecretReaderOptions = {
      tokenCredential: tokenSources.tokenCredentialFor(signIn, endpoints),
      clients: secretClients,
      cloud: endpoints,
      identity: `client ${client.clientId} in tenant ${client.tenantId}`,
      maxRetries: 0,
      describeSignInFailure: (error, scope) => signInError(error, signIn, { ...endpoints, graphScope: scope }),
    };
    return { read: keyVaultSecretReader(options), options };
  }

  function secretAt(name: string, version?: string): KeyVaultSecretLocation {
    const parsed = parseKeyVaultSecretUrl(
      `${emu.endpoints("global").keyVaultUrl}/secrets/${name}${version ? `/${version}` : ""}`,
    );
    assert.ok(!("problem" in parsed));
    return parsed;
  }

  async function reason(promise: Promise<string>): Promise<string> {
    try {
      await promise;
    } catch (error) {
      assert.ok(error instanceof CredentialSourceError, `a CredentialSourceError, got ${String(error)}`);
      assert.ok(!error.message.includes(value), "the reason holds the secret's value");
      assert.ok(!error.message.includes(wrongSecret), "the reason holds the client secret");
      return error.message;
    }
    throw new Error("expected the read to fail");
  }

  it("reads the latest and a named version with the Graph identity, answering the challenge once per vault", async () => {
    const { read } = readerFor(emu.fixture.demo);
    const { name, version } = emu.fixture.readableSecret;
    assert.equal(await read(secretAt(name)), value);
    assert.equal(await read(secretAt(name, version)), value);
    assert.equal(emu.count({ route: "keyVaultSecret", status: 200 }), 2);
    assert.equal(emu.count({ route: "keyVaultSecret", status: 401 }), 1, "one challenge for both reads");
    assert.equal(emu.count({ route: "keyVaultSecret", clientId: emu.fixture.demo.clientId }), 2);
    const [tokenRequest] = emu.log.filter((entry) => entry.route === "token");
    assert.equal((tokenRequest.body as Record<string, string>).scope, emu.endpoints("global").keyVaultScope);
  });

  it("says what to fix for 404 (name and version) and 403 (who needs which role)", async () => {
    const { read } = readerFor(emu.fixture.demo);
    assert.match(
      await reason(read(secretAt("no-such-secret"))),
      /^Key Vault answered 404 SecretNotFound: the vault has no secret "no-such-secret"; check the name in the reference/,
    );
    assert.match(
      await reason(read(secretAt(emu.fixture.readableSecret.name, "f".repeat(32)))),
      /404 SecretNotFound: .* version f{32}; check the name and version/,
    );
    assert.match(
      await reason(read(secretAt(emu.fixture.forbiddenSecret.name))),
      new RegExp(
        `^Key Vault answered 403 Forbidden: client ${emu.fixture.demo.clientId} in tenant ${emu.fixture.tenantId} ` +
          'may not read the secret; grant it the "Key Vault Secrets User" role',
      ),
    );
  });

  it("reports a failed sign-in without the client secret", async () => {
    const { read } = readerFor(emu.fixture.syncAll, wrongSecret);
    const text = await reason(read(secretAt(emu.fixture.readableSecret.name)));
    assert.match(text, /^signing in to read the secret failed: Sign-in with client secret/);
    assert.match(text, /AADSTS7000215/);
    assert.match(text, new RegExp(`scope ${emu.endpoints("global").keyVaultScope.replace(/[.]/g, "\\.")}`));
    assert.equal(emu.count({ route: "keyVaultSecret", status: 200 }), 0);
  });

  it("reports a vault that cannot be reached", async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const { read } = readerFor(emu.fixture.demo, undefined, `127.0.0.1:${port}`);
    const location = parseKeyVaultSecretUrl(`https://127.0.0.1:${port}/secrets/a`);
    assert.ok(!("problem" in location));
    assert.match(await reason(read(location)), /could not be reached \(ECONNREFUSED\)/);
  });

  it("reads no vault outside the cloud's domain that keyVaultHosts does not name: no token, no request", async () => {
    const { options } = readerFor(emu.fixture.demo);
    const read = keyVaultSecretReader({ ...options, cloud: cloudEndpoints("global") });
    const text = await reason(read(secretAt(emu.fixture.readableSecret.name)));
    assert.match(text, /is not a Key Vault of the global cloud .*syncauth:keyVaultHosts; nothing was sent to it/);
    assert.equal(emu.count({ route: "keyVaultSecret" }), 0);
    assert.equal(emu.count({ route: "token" }), 0);
    assert.equal(emu.count({ route: "keyVaultSecret", status: 200 }), 0);
  });

  it("stops at the operation's deadline", async () => {
    emu.faults.add({ route: "keyVaultSecret", action: { hang: true } });
    try {
      const { options } = readerFor(emu.fixture.demo);
      const read = keyVaultSecretReader({ ...options, abortSignal: AbortSignal.timeout(300) });
      assert.match(
        await reason(read(secretAt(emu.fixture.readableSecret.name))),
        /did not finish before the operation's deadline/,
      );
    } finally {
      emu.faults.clear();
    }
  });

  describe("a hostile vault whose challenge names the Graph audience", () => {
    function locationAt(vaultUrl: string): KeyVaultSecretLocation {
      const parsed = parseKeyVaultSecretUrl(`${vaultUrl}/secrets/scim-token`);
      assert.ok(!("problem" in parsed));
      return parsed;
    }

    it("not on the allow-list, with custom endpoints: nothing is sent, not even a request", async () => {
      const vault = await emu.startHostileVault();
      const { read } = readerFor(emu.fixture.demo);
      assert.match(await reason(read(locationAt(vault.url))), /syncauth:keyVaultHosts/);
      assert.deepEqual(vault.received, []);
      assert.equal(emu.count({ route: "hostileVault" }), 0);
      assert.equal(emu.count({ route: "token" }), 0);
    });

    for (const challengeResource of [undefined, "https://graph.microsoft.com"]) {
      it(`on the allow-list, challenging for ${challengeResource ?? "the emulator's Graph root"}: no Graph token`, async () => {
        const vault = await emu.startHostileVault(challengeResource === undefined ? {} : { challengeResource });
        const { read } = readerFor(emu.fixture.demo, undefined, new URL(vault.url).host);
        assert.match(await reason(read(locationAt(vault.url))), /not a Key Vault scope|outside the vault's own domain/);
        const graphAudiences = [emu.endpoints("global").graphRoot, "https://graph.microsoft.com"];
        assert.deepEqual(
          vault.received.filter((received) => graphAudiences.includes(received.audience ?? "")),
          [],
        );
        assert.deepEqual(vault.received, []);
        assert.equal(emu.count({ route: "token" }), 0, "no token was even requested for a Graph scope");
      });
    }
  });
});
