import type { AccessTokenAuthority } from "./accessTokens";
import type { Directory } from "./directory";
import { jsonResponse, type EmulatorRequest, type EmulatorResponse, type LogDetails } from "./exchange";
import { functionsRepresentation } from "./expressionFunctions";
import { parseExpression } from "./expressionParser";
import { authorizeTarget } from "./graphCaller";
import { jsonObjectBody } from "./graphRequestBody";
import { badRequest, collection, decodeJsonBody, graphHeaders } from "./graphResponses";
import { graphPermissionRow } from "./permissions";
import type { RouteName } from "./requestLog";
import { schemaBodyProblem } from "./schemaValidation";
import type { SynchronizationState } from "./synchronization";
import { expressionNotParsed, jobNotFound, templateNotFound } from "./synchronizationErrors";

/** The parameters of parseExpression's body, as its page lists them. */
const PARSE_EXPRESSION_PARAMETERS = ["expression", "testInputObject", "targetAttributeDefinition"];
/** The properties of synchronizationSchema a PUT body may carry, plus the OData annotations a read answer has. */
const SCHEMA_PROPERTIES = ["id", "version", "synchronizationRules", "directories", "@odata.type", "@odata.context"];

/** A test's request to slow one schema route down inside the service (see {@link SchemaDelay}). */
export interface SchemaDelay {
  route: "getJobSchema" | "putJobSchema";
  ms: number;
  /** Only the next N calls (default: every call until cleared). */
  times?: number;
}

/**
 * A job's synchronization schema and what goes with it:
 * https://learn.microsoft.com/en-us/graph/api/resources/synchronization-synchronizationschema ("Methods").
 * Routes check, in order: token (401), object (404), permission (403), job or template (404), body (400).
 */
export class SynchronizationSchemaApi {
  private delays: SchemaDelay[] = [];

  constructor(
    private readonly directory: Directory,
    private readonly tokens: AccessTokenAuthority,
    private readonly state: SynchronizationState,
  ) {}

  /**
   * Slows a route inside the service, where a race needs it: a slowed GET reads the schema when the request
   * arrives and answers `ms` later (the answer may be stale by then); a slowed PUT validates its body, waits `ms`,
   * then replaces the schema (another writer may land in between, and is overwritten). The `latency` fault, by
   * contrast, waits in front of the service, before anything is read or applied.
   */
  slow(delay: SchemaDelay): void {
    this.delays.push({ ...delay });
  }

  clearDelays(): void {
    this.delays = [];
  }

  /** https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-get (job form): 200. */
  async getJobSchema(request: EmulatorRequest, details: LogDetails): Promise<EmulatorResponse> {
    const authorized = await this.authorize("getJobSchema", request, details);
    if ("refusal" in authorized) return authorized.refusal;
    const { target } = authorized;
    const jobId = request.match.jobId ?? "";
    const schema = this.state.jobSchema(target.objectId, jobId);
    if (!schema) return jobNotFound(request, jobId);
    await this.delayFor("getJobSchema");
    return jsonResponse(
      200,
      {
        "@odata.context": `${request.origin}/${request.match.apiVersion}/$metadata#${target.kind}('${target.objectId}')/synchronization/jobs('${jobId}')/schema/$entity`,
        ...schema,
      },
      graphHeaders(request),
    );
  }

  /**
   * https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-update: "fully replaces the
   * current schema with the one provided in the request"; 204 No Content. The body must be a synchronizationSchema
   * that Microsoft's Graph SDK models read (schemaValidation.ts). Expressions are not checked here: the page does
   * not say Graph checks them on PUT (parseExpression is the documented check).
   */
  async putJobSchema(request: EmulatorRequest, details: LogDetails): Promise<EmulatorResponse> {
    details.body = decodeJsonBody(request.rawBody);
    const authorized = await this.authorize("putJobSchema", request, details);
    if ("refusal" in authorized) return authorized.refusal;
    const { target } = authorized;
    const jobId = request.match.jobId ?? "";
    if (!this.state.job(target.objectId, jobId)) return jobNotFound(request, jobId);
    const parsed = jsonObjectBody(request, "microsoft.graph.synchronizationSchema", SCHEMA_PROPERTIES);
    if ("problem" in parsed) return badRequest(request, parsed.problem);
    const problem = schemaBodyProblem(parsed.body as Parameters<typeof schemaBodyProblem>[0]);
    if (problem) return badRequest(request, problem);
    await this.delayFor("putJobSchema");
    // The job may have gone while the PUT was slowed.
    if (this.state.replaceSchema(target.objectId, jobId, parsed.body) === undefined) {
      return jobNotFound(request, jobId);
    }
    return { status: 204, headers: graphHeaders(request) };
  }

  /**
   * https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-delete: "Delete the customized
   * schema and resets the schema to the default configuration". The page's text says "201 No Content" and its
   * example answers "204 No Content": the emulator answers 204.
   */
  async deleteJobSchema(request: EmulatorRequest, details: LogDetails): Promise<EmulatorResponse> {
    const authorized = await this.authorize("deleteJobSchema", request, details);
    if ("refusal" in authorized) return authorized.refusal;
    const { target } = authorized;
    const jobId = request.match.jobId ?? "";
    if (!this.state.resetSchema(target.objectId, jobId)) return jobNotFound(request, jobId);
    return { status: 204, headers: graphHeaders(request) };
  }

  /** https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-get (template form): 200. */
  async getTemplateSchema(request: EmulatorRequest, details: LogDetails): Promise<EmulatorResponse> {
    const authorized = await this.authorize("getTemplateSchema", request, details);
    if ("refusal" in authorized) return authorized.refusal;
    const { target } = authorized;
    const templateId = request.match.templateId ?? "";
    if (!this.offersTemplate(target.objectId, templateId)) return templateNotFound(request, templateId);
    return jsonResponse(
      200,
      {
        "@odata.context": `${request.origin}/${request.match.apiVersion}/$metadata#${target.kind}('${target.objectId}')/synchronization/templates('${templateId}')/schema/$entity`,
        ...this.state.templateSchema(templateId),
      },
      graphHeaders(request),
    );
  }

  /**
   * https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-parseexpression: 200 with a
   * parseExpressionResponse (https://learn.microsoft.com/en-us/graph/api/resources/synchronization-parseexpressionresponse)
   * whether or not the expression parses; a body that is not the action's parameters is a 400. Evaluating against
   * `testInputObject` is not emulated: `evaluationSucceeded` is false and `evaluationResult` null.
   */
  async parseExpression(request: EmulatorRequest, details: LogDetails): Promise<EmulatorResponse> {
    details.body = decodeJsonBody(request.rawBody);
    const authorized = await this.authorize("parseExpression", request, details);
    if ("refusal" in authorized) return authorized.refusal;
    const missing = this.missingJobOrTemplate(request, authorized.target.objectId);
    if (missing) return missing;
    const parsed = jsonObjectBody(request, "microsoft.graph.parseExpressionRequestBody", PARSE_EXPRESSION_PARAMETERS);
    if ("problem" in parsed) return badRequest(request, parsed.problem);
    const { expression, testInputObject, targetAttributeDefinition } = parsed.body;
    if (typeof expression !== "string") return badRequest(request, "Property 'expression' must be a string.");
    for (const [name, value] of Object.entries({ testInputObject, targetAttributeDefinition })) {
      if (value !== undefined && value !== null && (typeof value !== "object" || Array.isArray(value))) {
        return badRequest(request, `Property '${name}' must be an object or null.`);
      }
    }
    const outcome = parseExpression(expression);
    const context = `${request.origin}/${request.match.apiVersion}/$metadata#microsoft.graph.parseExpressionResponse`;
    return jsonResponse(
      200,
      {
        "@odata.context": context,
        error: outcome.ok ? null : expressionNotParsed(outcome.message, outcome.position),
        evaluationResult: null,
        evaluationSucceeded: false,
        parsedExpression: outcome.ok ? outcome.source : null,
        parsingSucceeded: outcome.ok,
      },
      graphHeaders(request),
    );
  }

  /**
   * https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-functions: 200, a collection of
   * attributeMappingFunctionSchema, the functions of expressionFunctions.ts.
   */
  async listFunctions(request: EmulatorRequest, details: LogDetails): Promise<EmulatorResponse> {
    const authorized = await this.authorize("listSchemaFunctions", request, details);
    if ("refusal" in authorized) return authorized.refusal;
    const missing = this.missingJobOrTemplate(request, authorized.target.objectId);
    if (missing) return missing;
    // The page's example context is "$metadata#functions".
    return collection(request, "functions", functionsRepresentation());
  }

  private missingJobOrTemplate(request: EmulatorRequest, objectId: string): EmulatorResponse | undefined {
    const { jobId, templateId } = request.match;
    if (jobId !== undefined) return this.state.job(objectId, jobId) ? undefined : jobNotFound(request, jobId);
    const id = templateId ?? "";
    return this.offersTemplate(objectId, id) ? undefined : templateNotFound(request, id);
  }

  private offersTemplate(objectId: string, templateId: string): boolean {
    return this.state.templateIds(objectId).some((id) => id.toLowerCase() === templateId.toLowerCase());
  }

  private async delayFor(route: SchemaDelay["route"]): Promise<void> {
    const delay = this.delays.find((candidate) => candidate.route === route);
    if (!delay) return;
    if (delay.times !== undefined) {
      delay.times -= 1;
      if (delay.times <= 0) this.delays = this.delays.filter((candidate) => candidate !== delay);
    }
    await new Promise((resolve) => setTimeout(resolve, delay.ms).unref());
  }

  private authorize(
    route: RouteName,
    request: EmulatorRequest,
    details: LogDetails,
  ): ReturnType<typeof authorizeTarget> {
    return authorizeTarget(this.tokens, this.directory, request, details, graphPermissionRow(route, undefined));
  }
}
