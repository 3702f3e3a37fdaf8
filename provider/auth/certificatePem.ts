import { createPrivateKey, X509Certificate } from "node:crypto";
import type NodeForge from "node-forge";
import { nodeForge } from "./lazySdks";
import { ConfigError } from "../config/configError";
import { SETTINGS, sourcesOf } from "../config/configKeys";

/** What @azure/identity's ClientCertificateCredential takes: PEM with the certificate(s) and the private key. */
export interface PemCertificate {
  pem: string;
  /** Only for PEM input with an encrypted private key; a converted PFX yields an unencrypted in-memory key. */
  password?: string;
}

/**
 * Turns the configured certificate into PEM. azuread users hold PKCS#12 (PFX) bundles, which @azure/identity
 * does not read; PEM passes through untouched.
 *
 * @param source the key or variable the certificate came from, named in errors.
 * @throws ConfigError when the bundle cannot be opened (wrong password, not PKCS#12) or holds no RSA key and certificate.
 */
export function certificateToPem(certificate: Buffer, password: string | undefined, source: string): PemCertificate {
  const text = certificate.toString("utf8");
  if (text.includes("-----BEGIN")) {
    return { pem: text, password };
  }
  const bundle = openPkcs12(certificate, password, source);
  const keyPem = firstPrivateKeyPem(bundle);
  const certificates = bundleCertificatesPem(bundle);
  if (keyPem === undefined || certificates.length === 0) {
    throw new ConfigError(
      source,
      `The PKCS#12 bundle from ${source} must hold the app's certificate and its RSA private key.`,
    );
  }
  return { pem: [leafFirst(certificates, keyPem), keyPem].flat().join("\n") };
}

function openPkcs12(certificate: Buffer, password: string | undefined, source: string): NodeForge.pkcs12.Pkcs12Pfx {
  const forge = nodeForge();
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(certificate.toString("binary")));
    return forge.pkcs12.pkcs12FromAsn1(asn1, false, password ?? "");
  } catch {
    throw new ConfigError(
      source,
      `The certificate from ${source} is neither PEM nor a PKCS#12 (PFX) bundle that opens with the configured password. ` +
        `Check the file or base64 value, and set the password in one of ${sourcesOf(SETTINGS.clientCertificatePassword).join(", ")}.`,
    );
  }
}

function firstPrivateKeyPem(bundle: NodeForge.pkcs12.Pkcs12Pfx): string | undefined {
  const forge = nodeForge();
  const oids = forge.pki.oids;
  for (const bagType of [oids.pkcs8ShroudedKeyBag, oids.keyBag]) {
    const key = bundle.getBags({ bagType })[bagType]?.find((bag) => bag.key)?.key;
    if (key) {
      // Node's crypto (used by MSAL to sign the assertion) reads PKCS#8 best.
      return createPrivateKey(forge.pki.privateKeyToPem(key))
        .export({ type: "pkcs8", format: "pem" })
        .toString()
        .trim();
    }
  }
  return undefined;
}

function bundleCertificatesPem(bundle: NodeForge.pkcs12.Pkcs12Pfx): string[] {
  const forge = nodeForge();
  const bagType = forge.pki.oids.certBag;
  return (bundle.getBags({ bagType })[bagType] ?? []).flatMap((bag) =>
    bag.cert ? [forge.pki.certificateToPem(bag.cert).trim()] : [],
  );
}

/** @azure/identity takes the thumbprint of the first certificate, so the key's own certificate must lead. */
function leafFirst(certificates: string[], keyPem: string): string[] {
  const keyObject = createPrivateKey(keyPem);
  const leafIndex = certificates.findIndex((pem) => new X509Certificate(pem).checkPrivateKey(keyObject));
  if (leafIndex <= 0) {
    return certificates;
  }
  return [certificates[leafIndex], ...certificates.filter((_, index) => index !== leafIndex)];
}
