import { strict as assert } from "node:assert";
import { createPrivateKey, X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { certificateToPem } from "../../provider/auth/certificatePem";
import { ConfigError } from "../../provider/config/configError";
import { generateClientCertificates, type ClientCertificate } from "../emulator/clientCertificates";

describe("certificatePem.certificateToPem", () => {
  let dir: string;
  let certificate: ClientCertificate;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "syncauth-cert-test-"));
    [certificate] = generateClientCertificates(dir, "unit", 1);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("passes PEM through with its password (the credential decrypts the key)", () => {
    const result = certificateToPem(Buffer.from(certificate.encryptedPem), "pw", "syncauth:clientCertificate");
    assert.deepEqual(result, { pem: certificate.encryptedPem, password: "pw" });
  });

  it("opens a password-protected PFX into the certificate first, then an unencrypted PKCS#8 key that matches it", () => {
    const result = certificateToPem(
      fs.readFileSync(certificate.pfxPath),
      certificate.password,
      "ARM_CLIENT_CERTIFICATE_PATH",
    );
    assert.equal(result.password, undefined);
    assert.ok(result.pem.startsWith("-----BEGIN CERTIFICATE-----"), "the certificate leads (its thumbprint is used)");
    assert.match(result.pem, /-----BEGIN PRIVATE KEY-----/);
    const leaf = new X509Certificate(result.pem);
    assert.ok(leaf.checkPrivateKey(createPrivateKey(result.pem)));
    assert.equal(leaf.fingerprint256, new X509Certificate(certificate.combinedPem).fingerprint256);
  });

  it("names the key and the password keys when the password is wrong, without the password", () => {
    assert.throws(
      () =>
        certificateToPem(fs.readFileSync(certificate.pfxPath), "wrong-password-123", "azuread:clientCertificatePath"),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.source === "azuread:clientCertificatePath" &&
        error.message.includes("syncauth:clientCertificatePassword") &&
        error.message.includes("ARM_CLIENT_CERTIFICATE_PASSWORD") &&
        !error.message.includes("wrong-password-123"),
    );
  });

  it("refuses bytes that are neither PEM nor PKCS#12", () => {
    assert.throws(
      () => certificateToPem(Buffer.from([1, 2, 3, 4]), undefined, "syncauth:clientCertificate"),
      ConfigError,
    );
  });
});
