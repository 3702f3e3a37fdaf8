import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { openssl } from "./certificateAuthority";
import { registerCertificate, type RegisteredCertificate } from "./clientAssertions";

/**
 * A client's certificate in every form a user may hold it. @azure/identity 4.14's ClientCertificateCredential
 * takes PEM only (key + certificate, the key optionally encrypted with `certificatePassword`); the PFX is for
 * code that converts PKCS#12 itself.
 */
export interface ClientCertificate extends RegisteredCertificate {
  /** Unencrypted PKCS#8 private key followed by the certificate. */
  combinedPem: string;
  combinedPemPath: string;
  /** PKCS#8 key encrypted with {@link password}, followed by the certificate. */
  encryptedPem: string;
  encryptedPemPath: string;
  /** PKCS#12 bundle (key + certificate) protected by {@link password}. */
  pfxPath: string;
  password: string;
}

// Valid for a short while only: these exist for one emulator run.
const VALIDITY_DAYS = "2";

/** Self-signed RSA certificates generated with openssl into `dir`; nothing is ever committed. */
export function generateClientCertificates(dir: string, name: string, count: number): ClientCertificate[] {
  fs.mkdirSync(dir, { recursive: true });
  return Array.from({ length: count }, (_, index) => generateOne(dir, `${name}-${index}`));
}

function generateOne(dir: string, baseName: string): ClientCertificate {
  const keyPath = path.join(dir, `${baseName}.key.pem`);
  const certPath = path.join(dir, `${baseName}.crt.pem`);
  const encryptedKeyPath = path.join(dir, `${baseName}.key.encrypted.pem`);
  const pfxPath = path.join(dir, `${baseName}.pfx`);
  const password = randomBytes(12).toString("base64url");
  const run = (args: string[]): void => openssl(args, dir);
  run([
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-sha256",
    "-days",
    VALIDITY_DAYS,
    "-subj",
    `/CN=${baseName}`,
    "-keyout",
    keyPath,
    "-out",
    certPath,
  ]);
  run([
    "pkcs8",
    "-topk8",
    "-in",
    keyPath,
    "-v2",
    "aes-256-cbc",
    "-passout",
    `pass:${password}`,
    "-out",
    encryptedKeyPath,
  ]);
  run(["pkcs12", "-export", "-inkey", keyPath, "-in", certPath, "-passout", `pass:${password}`, "-out", pfxPath]);
  const certificatePem = fs.readFileSync(certPath, "utf8");
  const combinedPem = fs.readFileSync(keyPath, "utf8") + certificatePem;
  const encryptedPem = fs.readFileSync(encryptedKeyPath, "utf8") + certificatePem;
  const combinedPemPath = path.join(dir, `${baseName}.combined.pem`);
  const encryptedPemPath = path.join(dir, `${baseName}.combined.encrypted.pem`);
  fs.writeFileSync(combinedPemPath, combinedPem, { mode: 0o600 });
  fs.writeFileSync(encryptedPemPath, encryptedPem, { mode: 0o600 });
  return {
    ...registerCertificate(certificatePem),
    combinedPem,
    combinedPemPath,
    encryptedPem,
    encryptedPemPath,
    pfxPath,
    password,
  };
}
