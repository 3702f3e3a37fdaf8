import type { AccessTokenAuthority } from "./accessTokens";
import { credentialPairs, credentialPairsProblem } from "./credentialPairs";
import type { Directory } from "./directory";
import { jsonResponse, type EmulatorRequest, type EmulatorResponse, type LogDetails } from "./exchange";
import type { DirectoryObject } from "./fixture";
import { authorizeTarget } from "./graphCaller";
import { jsonObjectBody } from "./graphRequestBody";
import { badRequest, collection, decodeJsonBody, graphHeaders } from "./graphResponses";
import { graphPermissionRow } from "./permissions";
import { redactCredentialValues, type RouteName } from "./requestLog";
import { DEFAULT_TEMPLATE_ID, type SynchronizationJobSeed, type SynchronizationState } from "./synchronization";
import { credentialsNotAccepted, jobNotFound } from "./synchronizationErrors";

/** Parameters of validateCredentials per Graph's metadata (the generated Test-Mg…SynchronizationJobCredential). */
const VALIDATE_CREDENTIALS_PARAMETERS = ["useSavedCredentials", "credentials", "templateId", "applicationIdentifier"];

/**
 * The synchronization reads "Test connection" needs, and validateCredentials itself:
 * https://learn.microsoft.com/en-us/graph/api/resources/synchronization-synchronizationjob
 */
export class SynchronizationApi {
  constructor(
    private readonly directory: Directory,
    private readonly tokens: AccessTokenAuthority,
    private readonly state: SynchronizationState,
  ) {}

  /** https://learn.microsoft.com/en-us/graph/api/synchronization-synchronization-list-jobs */
  async listJobs(request: EmulatorRequest, details: LogDetails): Promise<EmulatorResponse> {
    const authorized = await this.authorize("listSynchronizationJobs", request, details);
    if ("refusal" in authorized) return authorized.refusal;
    const { target } = authorized;
    return collection(
      request,
      `${target.kind}('${target.objectId}')/synchronization/jobs`,
      this.state.jobs(target.objectId).map(jobRepresentation),
    );
  }

  /** https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationjob-get */
  async getJob(request: EmulatorRequest, details: LogDetails): Promise<EmulatorResponse> {
    const authorized = await this.authorize("getSynchronizationJob", request, details);
    if ("refusal" in authorized) return authorized.refusal;
    const { target } = authorized;
    const jobId = request.match.jobId ?? "";
    const job = this.state.job(target.objectId, jobId);
    if (!job) return jobNotFound(request, jobId);
    return jsonResponse(
      200,
      {
        "@odata.context": `${request.origin}/${request.match.apiVersion}/$metadata#${target.kind}('${target.objectId}')/synchronization/jobs/$entity`,
        ...jobRepresentation(job),
      },
      graphHeaders(request),
    );
  }

  /** https://learn.microsoft.com/en-us/graph/api/synchronization-synchronization-list-templates */
  async listTemplates(request: EmulatorRequest, details: LogDetails): Promise<EmulatorResponse> {
    const authorized = await this.authorize("listSynchronizationTemplates", request, details);
    if ("refusal" in authorized) return authorized.refusal;
    const { target } = authorized;
    return collection(
      request,
      `${target.kind}('${target.objectId}')/synchronization/templates`,
      this.state.templateIds(target.objectId).map((templateId) => templateRepresentation(target, templateId)),
    );
  }

  /**
   * https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationjob-validatecredentials: 204 when the
   * target accepts the credentials. With `useSavedCredentials: true` the `credentials` are ignored and the ones the
   * object was last authorized with are tested. Checks: token, object, permission, job, body, then the target.
   */
  async validateCredentials(request: EmulatorRequest, details: LogDetails): Promise<EmulatorResponse> {
    details.body = redactCredentialValues(decodeJsonBody(request.rawBody));
    const authorized = await this.authorize("validateCredentials", request, details);
    if ("refusal" in authorized) return authorized.refusal;
    const { target } = authorized;
    const jobId = request.match.jobId ?? "";
    if (!this.state.job(target.objectId, jobId)) return jobNotFound(request, jobId);
    const parsed = jsonObjectBody(
      request,
      "microsoft.graph.validateCredentialsRequestBody",
      VALIDATE_CREDENTIALS_PARAMETERS,
    );
    if ("problem" in parsed) return badRequest(request, parsed.problem);
    const { body } = parsed;
    const problem = validateCredentialsProblem(body);
    if (problem) return badRequest(request, problem);
    if (body.useSavedCredentials === true) {
      switch (this.state.savedCredentials(target.objectId)) {
        case "none":
          return credentialsNotAccepted(request, "no credentials are saved for this application: authorize it first.");
        case "revoked":
          return credentialsNotAccepted(
            request,
            this.state.targetRefusal(target.objectId) ??
              "the application no longer accepts the saved credentials: authorize it again.",
          );
        case "accepted":
          return { status: 204, headers: graphHeaders(request) };
      }
    }
    if (!this.state.acceptsCredentials(target.objectId, credentialPairs(body.credentials))) {
      return credentialsNotAccepted(request, "the application no longer accepts these credentials.");
    }
    return { status: 204, headers: graphHeaders(request) };
  }

  private authorize(
    route: RouteName,
    request: EmulatorRequest,
    details: LogDetails,
  ): ReturnType<typeof authorizeTarget> {
    return authorizeTarget(this.tokens, this.directory, request, details, graphPermissionRow(route, undefined));
  }
}

/** Why a validateCredentials body cannot be used; `credentials` count only without `useSavedCredentials: true`. */
function validateCredentialsProblem(body: Record<string, unknown>): string | undefined {
  if (body.useSavedCredentials !== undefined && typeof body.useSavedCredentials !== "boolean") {
    return "Property 'useSavedCredentials' must be a boolean.";
  }
  for (const name of ["templateId", "applicationIdentifier"]) {
    if (body[name] !== undefined && typeof body[name] !== "string") return `Property '${name}' must be a string.`;
  }
  if (body.useSavedCredentials === true) return undefined;
  return credentialPairsProblem(body.credentials, "optional");
}

/**
 * A job as Graph shows a new one: "created in a disabled state"
 * (https://learn.microsoft.com/en-us/graph/api/synchronization-synchronization-post-jobs), paused, never run.
 */
function jobRepresentation(job: SynchronizationJobSeed): Record<string, unknown> {
  return {
    id: job.id,
    templateId: job.templateId,
    schedule: { expiration: null, interval: "PT40M", state: "Disabled" },
    status: {
      code: "Paused",
      countSuccessiveCompleteFailures: 0,
      escrowsPruned: false,
      lastExecution: null,
      lastSuccessfulExecution: null,
      lastSuccessfulExecutionWithExports: null,
      progress: [],
      quarantine: null,
      steadyStateFirstAchievedTime: "0001-01-01T00:00:00Z",
      steadyStateLastAchievedTime: "0001-01-01T00:00:00Z",
      synchronizedEntryCountByType: [],
      troubleshootingUrl: null,
    },
    synchronizationJobSettings: [],
  };
}

/** https://learn.microsoft.com/en-us/graph/api/resources/synchronization-synchronizationtemplate */
function templateRepresentation(object: DirectoryObject, templateId: string): Record<string, unknown> {
  const isDefault = templateId === DEFAULT_TEMPLATE_ID;
  return {
    id: templateId,
    applicationId: object.appId,
    default: isDefault,
    description: isDefault ? "Custom SCIM provisioning" : `Provisioning template ${templateId}`,
    discoverable: true,
    factoryTag: isDefault ? "CustomSCIM" : templateId,
    metadata: [],
    schema: { directories: [], synchronizationRules: [] },
  };
}
