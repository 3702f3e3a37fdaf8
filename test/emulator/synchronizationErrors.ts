import type { EmulatorRequest, EmulatorResponse } from "./exchange";
import { graphError, notFound } from "./graphResponses";

/**
 * The answers of the synchronization routes that Graph's reference pages do not spell out, in one place so a
 * better-documented code replaces them everywhere at once.
 */

/**
 * A second acquireAccessToken with an Oauth2AuthorizationCode this object already redeemed. An authorization code
 * is single use (RFC 6749 §4.1.2; Entra answers the same mistake with AADSTS54005 "OAuth2 Authorization code was
 * already redeemed", https://learn.microsoft.com/en-us/entra/identity-platform/msal-authentication-flows), but the
 * acquireAccessToken page documents no error at all
 * (https://learn.microsoft.com/en-us/graph/api/synchronization-synchronization-acquireaccesstoken): the status,
 * code and message below are the emulator's choice of a Graph-shaped 400, not Graph's documented answer.
 */
export const AUTHORIZATION_CODE_REDEEMED = {
  status: 400,
  code: "BadRequest",
  message:
    "The Oauth2AuthorizationCode was already redeemed: the application's token endpoint answered invalid_grant. " +
    "Get a new authorization code from the application and authorize again.",
} as const;

/**
 * validateCredentials when the target no longer accepts the credentials (revoked, or never saved). Microsoft's
 * provisioning troubleshooting shows "Test connection" failing with this code
 * (https://learn.microsoft.com/en-us/entra/identity/app-provisioning/on-premises-ecma-troubleshoot), and the portal
 * shows the message's first sentence; the validateCredentials page documents only the 204
 * (https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationjob-validatecredentials), so the
 * HTTP status (400) is the emulator's choice.
 */
export const CREDENTIALS_NOT_ACCEPTED = {
  status: 400,
  code: "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable",
  message:
    "You appear to have entered invalid credentials. Please confirm you are using the correct information for an " +
    "administrative account.",
} as const;

/**
 * A job id the object does not have. The job pages document no 404 body; this is Graph's directory "not found"
 * (https://learn.microsoft.com/en-us/graph/errors) naming the job.
 */
export function jobNotFound(request: EmulatorRequest, jobId: string): EmulatorResponse {
  return notFound(request, jobId);
}

export function authorizationCodeRedeemed(request: EmulatorRequest): EmulatorResponse {
  const { status, code, message } = AUTHORIZATION_CODE_REDEEMED;
  return graphError(request, status, code, message);
}

/** `detail` says why: the saved credentials were revoked, none were saved, or these were revoked. */
export function credentialsNotAccepted(request: EmulatorRequest, detail: string): EmulatorResponse {
  const { status, code, message } = CREDENTIALS_NOT_ACCEPTED;
  return graphError(request, status, code, `${message} Details: ${detail}`);
}

/** A template the object does not offer: like {@link jobNotFound}, Graph's directory "not found" naming it. */
export function templateNotFound(request: EmulatorRequest, templateId: string): EmulatorResponse {
  return notFound(request, templateId);
}

/**
 * The `error` of a parseExpressionResponse whose expression does not parse. The response page types it as a
 * publicError (`code`, `message`, `target`, `details`, `innerError`,
 * https://learn.microsoft.com/en-us/graph/api/resources/publicerror) and the parseExpression page shows only a
 * successful answer: the code, the message's wording and "at position N" (0-based, in the expression as sent) are
 * the emulator's choice.
 */
export const EXPRESSION_NOT_PARSED_CODE = "InvalidExpression";

export function expressionNotParsed(message: string, position: number): Record<string, unknown> {
  return {
    code: EXPRESSION_NOT_PARSED_CODE,
    message: `${message.replace(/\.$/, "")} (at position ${position})`,
    target: "expression",
    details: [],
    innerError: null,
  };
}
