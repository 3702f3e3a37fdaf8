import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/** A throwaway certificate authority on disk; its certificate is what clients trust (NODE_EXTRA_CA_CERTS). */
export interface CertificateAuthority {
  caCertPath: string;
  caKeyPath: string;
}

/** A TLS server certificate for 127.0.0.1 / localhost signed by a {@link CertificateAuthority}. */
export interface ServerCertificate {
  certPath: string;
  keyPath: string;
}

const CA_CERT_FILE = "ca.crt.pem";
const CA_KEY_FILE = "ca.key.pem";
// Short-lived on purpose: these only ever exist for one test run or one emulator session.
const VALIDITY_DAYS = "2";

/** Runs openssl in `cwd`, surfacing only its error output when it fails. */
export function openssl(args: string[], cwd: string): void {
  execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

/** Creates a new CA (RSA 2048, self-signed) in `dir`. */
export function createCertificateAuthority(dir: string): CertificateAuthority {
  fs.mkdirSync(dir, { recursive: true });
  const ca = certificateAuthorityIn(dir);
  openssl(
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-sha256",
      "-days",
      VALIDITY_DAYS,
      "-subj",
      "/CN=syncauth test CA",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
      "-keyout",
      ca.caKeyPath,
      "-out",
      ca.caCertPath,
    ],
    dir,
  );
  return ca;
}

/** The CA a previous {@link createCertificateAuthority} call left in `dir` (e.g. `SYNCAUTH_TEST_CA_DIR`). */
export function existingCertificateAuthority(dir: string): CertificateAuthority {
  const ca = certificateAuthorityIn(dir);
  for (const file of [ca.caCertPath, ca.caKeyPath]) {
    if (!fs.existsSync(file)) {
      throw new Error(`no certificate authority in ${dir}: ${path.basename(file)} is missing`);
    }
  }
  return ca;
}

function certificateAuthorityIn(dir: string): CertificateAuthority {
  return { caCertPath: path.join(dir, CA_CERT_FILE), caKeyPath: path.join(dir, CA_KEY_FILE) };
}

/** Issues a server certificate valid for `IP:127.0.0.1` and `DNS:localhost`, written to `dir`. */
export function issueServerCertificate(ca: CertificateAuthority, dir: string): ServerCertificate {
  fs.mkdirSync(dir, { recursive: true });
  const keyPath = path.join(dir, "server.key.pem");
  const requestPath = path.join(dir, "server.csr.pem");
  const certPath = path.join(dir, "server.crt.pem");
  const extensionsPath = path.join(dir, "server.ext");
  fs.writeFileSync(
    extensionsPath,
    [
      "basicConstraints=critical,CA:FALSE",
      "keyUsage=critical,digitalSignature,keyEncipherment",
      "extendedKeyUsage=serverAuth",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "",
    ].join("\n"),
  );
  openssl(
    ["req", "-new", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", keyPath, "-out", requestPath],
    dir,
  );
  openssl(
    [
      "x509",
      "-req",
      "-in",
      requestPath,
      "-CA",
      ca.caCertPath,
      "-CAkey",
      ca.caKeyPath,
      // A random serial instead of -CAcreateserial: several emulators may share one CA directory at once.
      "-set_serial",
      `0x${randomBytes(16).toString("hex")}`,
      "-days",
      VALIDITY_DAYS,
      "-sha256",
      "-extfile",
      extensionsPath,
      "-out",
      certPath,
    ],
    dir,
  );
  return { certPath, keyPath };
}
