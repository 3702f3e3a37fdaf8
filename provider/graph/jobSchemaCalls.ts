/**
 * A provisioning job's synchronization schema, as Graph reads, checks and replaces it. Each function is one call;
 * what a schema holds is read by the resource, which keeps every field it does not own as Graph sent it.
 */
import type { ApiVersion } from "./apiVersion";
import type { GraphClient } from "./graphClient";
import { jobRoute, jobSchemaRoute, templateSchemaRoute, type Target } from "./graphRoutes";

export type JsonObject = Record<string, unknown>;

/** Where a job is: its target, its id, and the API version to call. */
export interface JobAddress {
  target: Target;
  jobId: string;
  apiVersion: ApiVersion;
}

/** Graph's parseExpressionResponse, as far as it is read: whether it parsed, the source, the error. */
export interface ParsedExpression {
  parsingSucceeded: boolean;
  /** The attributeMappingSource Graph made of the expression, when it parsed. */
  parsedExpression?: JsonObject;
  /** Graph's error (code and message), when it did not; text from elsewhere, for the redactor. */
  error?: { code?: string; message?: string };
}

/** Annotations of a read answer that are not part of the schema a PUT sends back. */
const READ_ONLY_ANNOTATIONS = ["@odata.context"];

/** GET …/jobs/{jobId}/schema: https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-get */
export async function readJobSchema(
  graph: GraphClient,
  job: JobAddress,
  hidden: readonly string[],
): Promise<JsonObject> {
  const route = jobSchemaRoute("get", job.target, job.jobId, job.apiVersion);
  const schema = await graph.call(route, { hidden, answer: "json" });
  return Object.fromEntries(Object.entries(schema).filter(([name]) => !READ_ONLY_ANNOTATIONS.includes(name)));
}

/**
 * PUT …/jobs/{jobId}/schema, which "fully replaces the current schema with the one provided":
 * https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-update (204).
 */
export async function replaceJobSchema(
  graph: GraphClient,
  job: JobAddress,
  schema: JsonObject,
  hidden: readonly string[],
): Promise<void> {
  const route = jobSchemaRoute("replace", job.target, job.jobId, job.apiVersion);
  await graph.call(route, { body: schema, hidden });
}

/**
 * POST …/jobs/{jobId}/schema/parseExpression with the expression alone: Graph's own check, and the
 * attributeMappingSource it makes of it (200 whether or not it parses):
 * https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-parseexpression
 */
export async function parseExpression(
  graph: GraphClient,
  job: JobAddress,
  expression: string,
  hidden: readonly string[],
): Promise<ParsedExpression> {
  const route = jobSchemaRoute("parseExpression", job.target, job.jobId, job.apiVersion);
  const answer = await graph.call(route, { body: { expression }, hidden, answer: "json" });
  const error = isObject(answer.error) ? answer.error : undefined;
  return {
    parsingSucceeded: answer.parsingSucceeded === true,
    ...(isObject(answer.parsedExpression) && { parsedExpression: answer.parsedExpression }),
    ...(error !== undefined && {
      error: {
        ...(typeof error.code === "string" && { code: error.code }),
        ...(typeof error.message === "string" && { message: error.message }),
      },
    }),
  };
}

/**
 * The default schema of the template the job was created from: GET …/jobs/{jobId} for its `templateId`
 * (https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationjob-get), then GET
 * …/templates/{templateId}/schema. Two calls, made only to give back what a resource released.
 */
export async function readTemplateSchemaOfJob(
  graph: GraphClient,
  job: JobAddress,
  hidden: readonly string[],
): Promise<JsonObject> {
  const jobRead = await graph.call(jobRoute(job.target, job.jobId, job.apiVersion), { hidden, answer: "json" });
  const templateId = typeof jobRead.templateId === "string" ? jobRead.templateId : "";
  if (templateId === "") {
    throw new Error(
      `Graph's answer for job ${job.jobId} names no templateId, so its template's defaults cannot be read; ` +
        `set whenReleased to "leave" to release without restoring them.`,
    );
  }
  const route = templateSchemaRoute(job.target, templateId, job.apiVersion);
  return graph.call(route, { hidden, answer: "json" });
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
