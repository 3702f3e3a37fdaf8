import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cloudEndpoints } from "../../provider/config/clouds";
import type { KeyVaultSecretLocation, WriteOnlyCredential } from "../../provider/writeOnly/credentialReference";
import {
  MAX_CREDENTIAL_FILE_BYTES,
  resolveCredentialReferences,
  type CredentialSources,
} from "../../provider/writeOnly/resolveCredentialReferences";
import { CredentialSourceError, WriteOnlyCredentialError } from "../../provider/writeOnly/writeOnlyCredentialError";

const VAULT = "https://myvault.vault.azure.net";
const ENV_VALUE = `env-CANARY-${crypto.randomBytes(8).toString("hex")}`;
const FILE_VALUE = `file-CANARY-${crypto.randomBytes(8).toString("hex")}`;
const VAULT_VALUE = `vault-CANARY-${crypto.randomBytes(8).toString("hex")}`;

async function rejection(promise: Promise<unknown>): Promise<WriteOnlyCredentialError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof WriteOnlyCredentialError, `a WriteOnlyCredentialError, got ${String(error)}`);
    for (const value of [ENV_VALUE, FILE_VALUE, VAULT_VALUE]) {
      assert.ok(!error.message.includes(value), "the message holds a value");
    }
    return error;
  }
  throw new Error("expected the promise to reject");
}

describe("resolveCredentialReferences", () => {
  let dir: string;
  let file: string;
  let vaultReads: KeyVaultSecretLocation[];

  function sources(overrides: Partial<CredentialSources> = {}): CredentialSources {
    return {
      env: { SCIM_TOKEN: ENV_VALUE, EMPTY: "" },
      cloud: cloudEndpoints("global"),
      async readKeyVaultSecret(location) {
        vaultReads.push(location);
        return VAULT_VALUE;
      },
      ...overrides,
    };
  }

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "syncauth-references-"));
    file = path.join(dir, "secret");
    fs.writeFileSync(file, `${FILE_VALUE}\n`);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => {
    vaultReads = [];
  });

  it("reads each kind of reference and keeps the given order", async () => {
    const credentials: WriteOnlyCredential[] = [
      { key: "Oauth2AuthorizationCode", fromKeyVault: `${VAULT}/secrets/code` },
      { key: "SecretToken", fromEnv: "SCIM_TOKEN" },
      { key: "Oauth2ClientSecret", fromFile: file },
    ];
    assert.deepEqual(await resolveCredentialReferences(credentials, sources()), [
      { key: "Oauth2AuthorizationCode", value: VAULT_VALUE },
      { key: "SecretToken", value: ENV_VALUE },
      { key: "Oauth2ClientSecret", value: FILE_VALUE },
    ]);
    assert.deepEqual(vaultReads, [{ vaultUrl: VAULT, host: "myvault.vault.azure.net", name: "code" }]);
  });

  it("names the key and the reference of an unset or empty variable", async () => {
    const error = await rejection(
      resolveCredentialReferences(
        [
          { key: "SecretToken", fromEnv: "MISSING" },
          { key: "ClientSecret", fromEnv: "EMPTY" },
          { key: "Password", fromEnv: "SCIM_TOKEN" },
        ],
        sources(),
      ),
    );
    assert.deepEqual(
      error.unresolved.map((item) => [item.key, item.reference]),
      [
        ["SecretToken", 'environment variable "MISSING"'],
        ["ClientSecret", 'environment variable "EMPTY"'],
      ],
    );
    assert.match(error.message, /^Could not resolve 2 of 3 write-only credentials; nothing was sent to Graph\./);
    assert.match(error.message, /writeOnlyCredentials\.SecretToken \(environment variable "MISSING"\): is not set/);
    assert.match(
      error.message,
      /writeOnlyCredentials\.ClientSecret \(environment variable "EMPTY"\): is set but empty/,
    );
  });

  it("does not take inherited object properties for variables", async () => {
    const error = await rejection(
      resolveCredentialReferences([{ key: "SecretToken", fromEnv: "toString" }], sources()),
    );
    assert.match(error.message, /is not set/);
  });

  describe("files", () => {
    async function fileFailure(target: string): Promise<string> {
      const error = await rejection(resolveCredentialReferences([{ key: "SecretToken", fromFile: target }], sources()));
      assert.equal(error.unresolved.length, 1);
      assert.equal(error.unresolved[0].reference, `file ${JSON.stringify(target)}`);
      return error.unresolved[0].reason;
    }

    it("drops one trailing CRLF and keeps other whitespace", async () => {
      const crlf = path.join(dir, "crlf");
      fs.writeFileSync(crlf, ` ${FILE_VALUE}\t\r\n`);
      assert.deepEqual(await resolveCredentialReferences([{ key: "K", fromFile: crlf }], sources()), [
        { key: "K", value: ` ${FILE_VALUE}\t` },
      ]);
    });

    it("refuses a missing file, a directory, an empty file, a large file and bytes that are not UTF-8", async () => {
      assert.match(await fileFailure(path.join(dir, "absent")), /does not exist/);
      assert.match(await fileFailure(path.join(file, "below-a-file")), /does not exist|not a directory/);
      assert.match(await fileFailure(dir), /is a directory/);
      const empty = path.join(dir, "empty");
      fs.writeFileSync(empty, "\n");
      assert.match(await fileFailure(empty), /is empty/);
      const large = path.join(dir, "large");
      fs.writeFileSync(large, Buffer.alloc(MAX_CREDENTIAL_FILE_BYTES + 1, 0x61));
      assert.match(await fileFailure(large), new RegExp(`holds more than ${MAX_CREDENTIAL_FILE_BYTES} bytes`));
      const binary = path.join(dir, "binary");
      fs.writeFileSync(binary, Buffer.from([0x61, 0xff, 0xfe, 0x62]));
      assert.match(await fileFailure(binary), /not UTF-8/);
    });

    it("refuses /proc, /sys and /dev paths outright, whose reported size is not what they hold", async () => {
      for (const target of ["/proc/self/environ", "/sys/kernel/notes", "/dev/stdin", "/proc/../proc/self/environ"]) {
        assert.match(await fileFailure(target), /is a kernel or device file/, target);
      }
    });

    it("refuses a link into /proc too: the real path is checked, not only the one written", async () => {
      const link = path.join(dir, "environ-link");
      fs.symlinkSync("/proc/self/environ", link);
      assert.match(await fileFailure(link), /is a kernel or device file/);
    });

    it("refuses a FIFO without waiting for a writer", async function () {
      const fifo = path.join(dir, "fifo");
      try {
        execFileSync("mkfifo", [fifo]);
      } catch {
        this.skip();
      }
      assert.match(await fileFailure(fifo), /not a regular file/);
    });

    it("says when the provider process may not read the file", async function () {
      if (process.getuid?.() === 0) {
        // Root reads any file, so permission cannot be denied here.
        this.skip();
      }
      const locked = path.join(dir, "locked");
      fs.writeFileSync(locked, FILE_VALUE, { mode: 0o000 });
      assert.match(await fileFailure(locked), /permission denied/);
    });
  });

  describe("all or nothing", () => {
    it("checks every reference before reading any: a foreign vault stops local reads and Key Vault alike", async () => {
      let envRead = false;
      const env = new Proxy(
        { SCIM_TOKEN: ENV_VALUE },
        {
          get(target, name) {
            envRead = true;
            return Reflect.get(target, name);
          },
        },
      );
      const error = await rejection(
        resolveCredentialReferences(
          [
            { key: "SecretToken", fromEnv: "SCIM_TOKEN" },
            { key: "A", fromKeyVault: `${VAULT}/secrets/a` },
            { key: "B", fromKeyVault: "https://v.vault.azure.cn/secrets/b" },
          ],
          sources({ env }),
        ),
      );
      assert.deepEqual(
        error.unresolved.map((item) => item.key),
        ["B"],
      );
      assert.match(error.message, /not a Key Vault of the global cloud/);
      assert.equal(envRead, false, "no variable was read");
      assert.deepEqual(vaultReads, [], "no secret was read");
    });

    it("reads no Key Vault secret when a local reference fails", async () => {
      const error = await rejection(
        resolveCredentialReferences(
          [
            { key: "A", fromKeyVault: `${VAULT}/secrets/a` },
            { key: "SecretToken", fromEnv: "MISSING" },
          ],
          sources(),
        ),
      );
      assert.deepEqual(
        error.unresolved.map((item) => item.key),
        ["SecretToken"],
      );
      assert.deepEqual(vaultReads, []);
    });

    it("lists every failing Key Vault reference with the reader's reason, and an empty value as a failure", async () => {
      const error = await rejection(
        resolveCredentialReferences(
          [
            { key: "A", fromKeyVault: `${VAULT}/secrets/a` },
            { key: "B", fromKeyVault: `${VAULT}/secrets/b` },
            { key: "C", fromKeyVault: `${VAULT}/secrets/c` },
            { key: "D", fromKeyVault: `${VAULT}/secrets/d` },
          ],
          sources({
            async readKeyVaultSecret(location) {
              if (location.name === "a") return VAULT_VALUE;
              if (location.name === "b") throw new CredentialSourceError("Key Vault answered 404 SecretNotFound");
              if (location.name === "c") return "";
              throw new TypeError(`unexpected failure mentioning ${VAULT_VALUE}`);
            },
          }),
        ),
      );
      assert.deepEqual(
        error.unresolved.map((item) => [item.key, item.reason]),
        [
          ["B", "Key Vault answered 404 SecretNotFound"],
          ["C", "the secret's value is empty: set a value in Key Vault"],
          ["D", "could not be read (TypeError)"],
        ],
      );
      assert.match(error.message, /Could not resolve 3 of 4/);
    });
  });
});
