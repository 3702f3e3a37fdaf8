import { createHmac, randomBytes } from "node:crypto";
import type { CredentialPair } from "../../graph/credentialPair";

/** Names the encoding, so that a future change of it can never produce a matching fingerprint by accident. */
const ENCODING_LABEL = "syncauth-credentials-v1";

const FINGERPRINT_PREFIX = "hmac-sha256:";

/**
 * A fresh random salt for {@link credentialFingerprint}: 16 bytes, base64url. A new salt per resource keeps equal
 * credentials in two resources (or two stacks) from having equal fingerprints.
 */
export function newFingerprintSalt(): string {
  return randomBytes(16).toString("base64url");
}

/**
 * The fingerprint stored in state to notice credential changes without storing the credentials:
 * "hmac-sha256:" + base64url(HMAC-SHA256 keyed by the UTF-8 bytes of `salt`).
 *
 * The message is order-independent (pairs sorted by the UTF-8 bytes of the key, then of the value) and unambiguous
 * (every key and value is prefixed by its byte length, and the pair count comes first), so no two different sets of
 * pairs encode alike, whatever characters they contain.
 */
export function credentialFingerprint(salt: string, credentials: readonly CredentialPair[]): string {
  const encoded = credentials
    .map((pair) => ({ key: Buffer.from(pair.key, "utf8"), value: Buffer.from(pair.value, "utf8") }))
    .sort((a, b) => Buffer.compare(a.key, b.key) || Buffer.compare(a.value, b.value));
  const hmac = createHmac("sha256", Buffer.from(salt, "utf8"));
  hmac.update(ENCODING_LABEL);
  hmac.update(uint32(encoded.length));
  for (const pair of encoded) {
    hmac.update(uint32(pair.key.length));
    hmac.update(pair.key);
    hmac.update(uint32(pair.value.length));
    hmac.update(pair.value);
  }
  return FINGERPRINT_PREFIX + hmac.digest("base64url");
}

function uint32(n: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(n);
  return bytes;
}
