import type { AccessTokenAuthority } from "./accessTokens";
import { credentialPairs, credentialPairsProblem } from "./credentialPairs";
import type { Directory } from "./directory";
import { jsonResponse, type EmulatorRequest, type EmulatorResponse, type LogDetails } from "./exchange";
import type { DirectoryObject } from "./fixture";
import { authenticateGraphCaller, authorizeTarget } from "./graphCaller";
import { jsonObjectBody } from "./graphRequestBody";
import {
  badRequest,
  collection,
  decodeJsonBody,
  graphHeaders,
  insufficientPrivileges,
  notFound,
} from "./graphResponses";
import { graphPermissionRow, isPermitted } from "./permissions";
import type { SynchronizationState } from "./synchronization";
import { authorizationCodeRedeemed } from "./synchronizationErrors";

/** Graph on one cloud's listener: acquireAccessToken plus the reads the provider uses for refresh and hints. */
export class Graph {
  constructor(
    private readonly directory: Directory,
    private readonly tokens: AccessTokenAuthority,
    private readonly synchronization: SynchronizationState,
  ) {}

  /**
   * Checks run in a fixed order (token, object, permission, body, single-use code), so a test aimed at one failure
   * sends a request that passes the checks before it. Only a call that passes them all is applied: its code is
   * redeemed and its credentials become the object's saved ones.
   */
  async acquireAccessToken(request: EmulatorRequest, details: LogDetails): Promise<EmulatorResponse> {
    details.body = decodeJsonBody(request.rawBody);
    const row = graphPermissionRow("acquireAccessToken", request.match.targetKind);
    const authorized = await authorizeTarget(this.tokens, this.directory, request, details, row);
    if ("refusal" in authorized) return authorized.refusal;
    const { target } = authorized;
    const problem = credentialsBodyProblem(request);
    if (problem) return badRequest(request, problem);
    const pairs = credentialPairs((details.body as { credentials: unknown }).credentials);
    if (this.synchronization.carriesRedeemedCode(target.objectId, pairs)) return authorizationCodeRedeemed(request);
    this.synchronization.recordAuthorization(target.objectId, pairs);
    return { status: 204, headers: graphHeaders(request) };
  }

  async getObject(request: EmulatorRequest, details: LogDetails): Promise<EmulatorResponse> {
    const caller = await authenticateGraphCaller(this.tokens, request, details);
    if ("status" in caller) return caller;
    const { targetKind, targetId } = request.match;
    const object = targetKind && targetId ? this.directory.object(caller.tid, targetKind, targetId) : undefined;
    if (!object) return notFound(request, targetId ?? "");
    if (!isPermitted(graphPermissionRow("getObject", object.kind), caller, object)) {
      return insufficientPrivileges(request);
    }
    return jsonResponse(200, representation(request, object), graphHeaders(request));
  }

  /**
   * The `(appId='…')` alternate key follows the get page (one object, 404 if none, OwnedBy only for owned ones);
   * `$filter=appId eq '…'` follows the list page (checked before anything is looked up).
   */
  async lookupByAppId(request: EmulatorRequest, details: LogDetails): Promise<EmulatorResponse> {
    const caller = await authenticateGraphCaller(this.tokens, request, details);
    if ("status" in caller) return caller;
    const { targetKind, appId, asCollection } = request.match;
    const row = graphPermissionRow("lookupByAppId", targetKind, asCollection);
    const found = targetKind && appId !== undefined ? this.directory.objectsByAppId(caller.tid, targetKind, appId) : [];
    if (asCollection) {
      if (!isPermitted(row, caller)) return insufficientPrivileges(request);
      return collection(
        request,
        targetKind ?? "",
        found.map((object) => representation(request, object)),
      );
    }
    if (found.length === 0) return notFound(request, `appId='${appId ?? ""}'`);
    if (!isPermitted(row, caller, found[0])) return insufficientPrivileges(request);
    return jsonResponse(200, representation(request, found[0]), graphHeaders(request));
  }
}

function representation(request: EmulatorRequest, object: DirectoryObject): Record<string, unknown> {
  return {
    "@odata.context": `${request.origin}/${request.match.apiVersion}/$metadata#${object.kind}/$entity`,
    id: object.objectId,
    appId: object.appId,
    displayName: object.displayName,
  };
}

/** Why a body is not a valid acquireAccessToken request, in words naming the offending part; undefined if valid. */
export function credentialsBodyProblem(request: EmulatorRequest): string | undefined {
  const parsed = jsonObjectBody(request, "microsoft.graph.acquireAccessTokenRequestBody", ["credentials"]);
  if ("problem" in parsed) return parsed.problem;
  return credentialPairsProblem(parsed.body.credentials, "required");
}
