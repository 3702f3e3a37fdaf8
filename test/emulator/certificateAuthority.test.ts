import { strict as assert } from "node:assert";
import { X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tls from "node:tls";
import * as https from "node:https";
import {
  createCertificateAuthority,
  existingCertificateAuthority,
  issueServerCertificate,
} from "./certificateAuthority";

describe("emulator: certificate authority", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "syncauth-ca-test-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("issues a loopback server certificate signed by the CA", () => {
    const ca = createCertificateAuthority(dir);
    const server = issueServerCertificate(ca, path.join(dir, "server"));
    const caCertificate = new X509Certificate(fs.readFileSync(ca.caCertPath));
    const certificate = new X509Certificate(fs.readFileSync(server.certPath));
    assert.equal(caCertificate.ca, true);
    assert.equal(certificate.ca, false);
    assert.ok(certificate.verify(caCertificate.publicKey), "signed by the CA");
    assert.equal(certificate.checkIssued(caCertificate), true);
    assert.equal(certificate.checkIP("127.0.0.1"), "127.0.0.1");
    assert.equal(certificate.checkHost("localhost"), "localhost");
    assert.equal(certificate.checkHost("example.com"), undefined);
  });

  it("is trusted by a TLS client given only the CA, and refused without it", async () => {
    const ca = createCertificateAuthority(dir);
    const server = issueServerCertificate(ca, path.join(dir, "server"));
    const listener = https.createServer(
      { cert: fs.readFileSync(server.certPath), key: fs.readFileSync(server.keyPath) },
      (_req, res) => res.end("ok"),
    );
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const port = (listener.address() as { port: number }).port;
    const connect = (options: tls.ConnectionOptions): Promise<boolean> =>
      new Promise((resolve) => {
        const socket = tls.connect({ host: "127.0.0.1", port, ...options }, () => {
          resolve(socket.authorized);
          socket.destroy();
        });
        socket.once("error", () => resolve(false));
      });
    try {
      assert.equal(await connect({ ca: fs.readFileSync(ca.caCertPath), rejectUnauthorized: true }), true);
      const otherDir = path.join(dir, "other");
      const other = createCertificateAuthority(otherDir);
      assert.equal(await connect({ ca: fs.readFileSync(other.caCertPath), rejectUnauthorized: true }), false);
    } finally {
      listener.closeAllConnections();
      await new Promise((resolve) => listener.close(resolve));
    }
  });

  it("finds an existing CA by directory and says what is missing otherwise", () => {
    const ca = createCertificateAuthority(dir);
    assert.deepEqual(existingCertificateAuthority(dir), ca);
    fs.rmSync(ca.caKeyPath);
    assert.throws(() => existingCertificateAuthority(dir), /ca\.key\.pem is missing/);
  });
});
