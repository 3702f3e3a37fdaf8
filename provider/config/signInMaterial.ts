import type { SignInMethod } from "./signInSettings";

/** What one configured sign-in method is made of. */
export interface SignInMaterial {
  /** The values that must never be shown: messages are scrubbed of them. */
  secrets: string[];
  /** The other values that tell two configurations of the method apart (paths, URLs, the certificate bundle). */
  settings: Array<string | Buffer>;
}

/** The one list of each method's parts: sign-in errors redact `secrets`; credentials are memoized by all of them. */
export function signInMaterial(method: SignInMethod): SignInMaterial {
  switch (method.kind) {
    case "clientSecret":
      return { secrets: [method.clientSecret], settings: [] };
    case "clientCertificate":
      return {
        secrets: [
          ...certificateSecrets(method.certificate),
          ...(method.certificatePassword ? [method.certificatePassword] : []),
        ],
        settings: [method.certificate],
      };
    case "oidcToken":
      switch (method.getAssertion) {
        case "static":
          return { secrets: [method.token], settings: [] };
        case "file":
          return { secrets: [], settings: [method.tokenFilePath] };
        case "github":
          return { secrets: [method.requestToken], settings: [method.requestUrl] };
        case "azurePipelines":
          return { secrets: [method.systemAccessToken], settings: [method.serviceConnectionId] };
      }
    case "managedIdentity":
      return { secrets: [], settings: [method.msiEndpoint ?? ""] };
    case "azureCli":
      return { secrets: [], settings: [] };
  }
}

const PRIVATE_KEY_BLOCK = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;

/**
 * The parts of a client certificate bundle that hold its private key: each PEM private-key block, whole and line by
 * line (an error may quote one line), or, for PKCS#12 bytes, the whole bundle as the base64 it was configured as.
 */
function certificateSecrets(certificate: Buffer): string[] {
  const blocks = certificate.toString("utf8").match(PRIVATE_KEY_BLOCK);
  if (blocks === null) {
    return [certificate.toString("base64")];
  }
  return blocks.flatMap((block) => [
    block,
    ...block
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("-----")),
  ]);
}
