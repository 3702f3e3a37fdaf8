import type { AccessTokenAuthority, TokenRejection } from "./accessTokens";
import type { Directory } from "./directory";
import { headerValue, jsonResponse, type EmulatorRequest, type EmulatorResponse, type LogDetails } from "./exchange";

const REJECTION_MESSAGES: Record<TokenRejection, string> = {
  missing: "AKV10000: Request is missing a Bearer or PoP token.",
  malformed: "AKV10022: Invalid token: the token is not a well-formed JWT.",
  signature: "AKV10032: Invalid issuer or signature.",
  expired: "AKV10020: Token expired or not yet valid.",
  audience: "AKV10022: Invalid audience.",
};

export function keyVaultError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return jsonResponse(status, { error: { code, message } }, headers);
}

/**
 * One cloud's Key Vault: the bearer challenge @azure/keyvault-secrets starts with, then secret reads.
 * The vault resource is the listener's own origin (a loopback URL), so clients must set
 * `disableChallengeResourceVerification: true`: the SDK otherwise insists the vault host ends with the resource host.
 */
export class KeyVault {
  constructor(
    private readonly directory: Directory,
    private readonly tokens: AccessTokenAuthority,
    /** `<authorityHost>/<tenantId>` of the vault's tenant on the same cloud. */
    private readonly challengeAuthority: (request: EmulatorRequest) => string,
  ) {}

  async getSecret(request: EmulatorRequest, details: LogDetails): Promise<EmulatorResponse> {
    const resource = request.origin;
    const challenge = {
      "www-authenticate": `Bearer authorization="${this.challengeAuthority(request)}", resource="${resource}"`,
    };
    const verification = await this.tokens.verify(headerValue(request.headers, "authorization"), resource);
    if (!verification.ok) {
      return keyVaultError(401, "Unauthorized", REJECTION_MESSAGES[verification.reason], challenge);
    }
    const { claims } = verification;
    details.tenantId = claims.tid;
    details.clientId = claims.appid;
    const name = request.match.secretName ?? "";
    const secret = this.directory.secret(name, request.match.secretVersion);
    if (!secret) {
      return keyVaultError(
        404,
        "SecretNotFound",
        `A secret with (name/id) ${name}${request.match.secretVersion ? `/${request.match.secretVersion}` : ""} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`,
      );
    }
    if (!secret.readers.includes(claims.oid)) {
      return jsonResponse(403, {
        error: {
          code: "Forbidden",
          message: `Caller is not authorized to perform action on resource.\r\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\nCaller: appid=${claims.appid};oid=${claims.oid};iss=${claims.iss}\r\nAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\r\nResource: '${request.origin}/secrets/${secret.name}'\r\nAssignment: (not found)\r\nVault: emulator;location=local\r\n`,
          innerError: { code: "ForbiddenByRbac" },
        },
      });
    }
    const created = Math.floor(Date.now() / 1000);
    return jsonResponse(200, {
      value: secret.value,
      id: `${request.origin}/secrets/${secret.name}/${secret.version}`,
      attributes: {
        enabled: true,
        created,
        updated: created,
        recoveryLevel: "Recoverable+Purgeable",
        recoverableDays: 90,
      },
      tags: {},
    });
  }
}
