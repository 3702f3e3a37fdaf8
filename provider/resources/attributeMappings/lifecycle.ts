/**
 * The Graph side of an AttributeMappings resource: every write is one read-modify-write of the job's schema, run
 * one at a time per job in this provider process (Graph replaces the whole schema on PUT). The order of calls:
 * GET the schema; for each changed function source, parseExpression (Graph's own check, and the source it makes);
 * PUT once; GET again to confirm what Graph holds. Nothing is written when a declaration does not fit the schema or
 * an expression does not parse.
 */
import type { Session } from "../../core/session";
import { targetPath } from "../../core/target";
import { GraphError } from "../../graph/graphError";
import type { GraphClient } from "../../graph/graphClient";
import {
  parseExpression,
  readJobSchema,
  readTemplateSchemaOfJob,
  replaceJobSchema,
  type JobAddress,
} from "../../graph/jobSchemaCalls";
import { redactSecrets } from "../../secrets/redaction";
import type { InputFailure } from "../../core/resourceDefinition";
import type { CheckedAttributeMappings } from "./declarations";
import { heldOf, ownedBy, type HeldObjectMapping, type Owned } from "./heldMappings";
import { planSchemaEdit, releasesOf, type ClaimedElsewhere, type Release, type SchemaEdit } from "./planSchemaEdit";
import { claimKeyOf } from "./mappingClaims";
import { changedFields } from "./planSchemaEdit";
import { ownedInState, readState } from "./stateReading";
import { describeSelector } from "./declarations";

export interface MappingsOutcome {
  outputs: Record<string, unknown>;
  warnings: string[];
}

/** The resource id: the job (`servicePrincipals/<id>/synchronization/jobs/<jobId>`). */
export function jobResourceId(inputs: Pick<CheckedAttributeMappings, "target" | "jobId">): string {
  return `${targetPath(inputs.target)}/synchronization/jobs/${encodeURIComponent(inputs.jobId)}`;
}

/** Create and update: set what `inputs` own; give back what the state owned and they do not. */
export async function writeMappings(
  session: Session,
  inputs: CheckedAttributeMappings,
  previous: readonly Owned[],
): Promise<MappingsOutcome> {
  const graph = session.graph(session.endpoints());
  const hidden = session.signInSecrets();
  const job: JobAddress = { target: inputs.target, jobId: inputs.jobId, apiVersion: inputs.apiVersion };
  const owned = inputs.objectMappings.map((declaration) => ownedBy(declaration, inputs.ownership));
  return session.shared.jobSchemaWrites.run(jobKey(job), async () => {
    const schema = await readJobSchema(graph, job, hidden);
    const releases = releasesOf(inputs, previous);
    const template = releases.length > 0 ? await readTemplateSchemaOfJob(graph, job, hidden) : undefined;
    const edit = planSchemaEdit(schema, inputs, releases, template);
    refuseProblems(edit.problems, "nothing was written");
    if (edit.changes.length === 0) {
      return {
        outputs: outputsOf(
          inputs,
          owned.map((entry) => heldOf(schema, entry)),
        ),
        warnings: [],
      };
    }
    await parseSources(graph, job, edit, hidden);
    const lost = await replaceAnswerLost(graph, job, edit.schema, hidden);
    const confirmed = await readJobSchema(graph, job, hidden);
    const held = owned.map((entry) => heldOf(confirmed, entry));
    const differences = confirmationWarnings(inputs, held);
    if (lost !== undefined && differences.length > 0) {
      throw new Error(
        `${lost.message} The schema may have been written (its answer was lost), and a read right after shows ` +
          `Graph does not hold all that was declared, so nothing was sent again: run \`pulumi up\` again, which ` +
          `reads the schema and writes what differs.`,
      );
    }
    const answerLost =
      lost === undefined
        ? []
        : [`The write's answer was lost (${lost.kind}); the read right after shows Graph holds what was written.`];
    return {
      outputs: { ...outputsOf(inputs, held), lastWrittenAt: new Date().toISOString() },
      warnings: [...answerLost, ...differences, ...leftWarning(edit)],
    };
  });
}

/** Refresh: what Graph holds now of what the state owns; absent when the job (or its object) is gone. */
export async function readMappings(
  session: Session,
  state: Record<string, unknown>,
): Promise<MappingsOutcome | "absent"> {
  const job = jobOfState(state);
  const graph = session.graph(session.endpoints());
  const schema = await absentOn404(readJobSchema(graph, job, session.signInSecrets()));
  if (schema === "absent") return "absent";
  const reading = readState(state);
  const held = ownedInState(reading).map((owned) => heldOf(schema, owned));
  return { outputs: { ...state, objectMappings: held }, warnings: [] };
}

/** Import: everything of the object mappings the id names, owned whole, as inputs whose next `up` changes nothing. */
export async function importMappings(
  session: Session,
  job: JobAddress,
  owned: readonly Owned[],
): Promise<{ outputs: Record<string, unknown>; inputs: Record<string, unknown> } | "absent"> {
  const graph = session.graph(session.endpoints());
  const schema = await absentOn404(readJobSchema(graph, job, session.signInSecrets()));
  if (schema === "absent") return "absent";
  const held = owned.map((entry) => heldOf(schema, entry));
  const missing = held.filter((entry) => entry.present === false);
  if (missing.length > 0) {
    throw new Error(
      `Cannot import: the job's schema has no object mapping ${missing.map(describeSelector).join(", ")} in its editable rules.`,
    );
  }
  const inputs = {
    [job.target.kind === "servicePrincipals" ? "servicePrincipalId" : "applicationId"]: job.target.objectId,
    jobId: job.jobId,
    apiVersion: job.apiVersion,
    ownership: "wholeObjectMapping",
    objectMappings: held.map(({ absentAttributeMappings: _absent, present: _present, ...declaration }) => declaration),
  };
  const checked = {
    target: job.target,
    jobId: job.jobId,
    apiVersion: job.apiVersion,
    ownership: "wholeObjectMapping" as const,
    whenReleased: "restoreTemplateDefaults" as const,
    objectMappings: [],
  };
  return { outputs: outputsOf(checked, held), inputs };
}

/** Destroy: give back what the state owned (the template's defaults), or nothing at all with whenReleased leave. */
export async function releaseMappings(
  session: Session,
  state: Record<string, unknown>,
  claimant?: string,
): Promise<string[]> {
  const reading = readState(state);
  const releases = releasesOf(undefined, ownedInState(reading));
  if (reading.whenReleased === "leave" || releases.length === 0) return [];
  const job = jobOfState(state);
  const graph = session.graph(session.endpoints());
  const hidden = session.signInSecrets();
  return session.shared.jobSchemaWrites.run(jobKey(job), async () => {
    const schema = await absentOn404(readJobSchema(graph, job, hidden));
    if (schema === "absent") return [];
    const template = await readTemplateSchemaOfJob(graph, job, hidden);
    const edit = planSchemaEdit(
      schema,
      undefined,
      releases as Release[],
      template,
      claimedElsewhere(session, job, claimant),
    );
    if (edit.changes.length > 0) await replaceJobSchema(graph, job, edit.schema, hidden);
    return leftWarning(edit);
  });
}

/** Another resource of this provider process claims it (the plugin's check records claims by URN). */
function claimedElsewhere(session: Session, job: JobAddress, claimant?: string): ClaimedElsewhere {
  return (objectMapping, name) => session.shared.claims.isClaimed(claimKeyOf(job, objectMapping, name), claimant);
}

function leftWarning(edit: SchemaEdit): string[] {
  return edit.left.length === 0
    ? []
    : [
        `Left as they are, not given back to the template's defaults: ${edit.left.join(", ")}. Another writer ` +
          `(another resource of this stack, the portal) changed or claims them since this resource wrote them.`,
      ];
}

function jobKey(job: JobAddress): string {
  return `${job.target.kind}/${job.target.objectId.toLowerCase()}/${job.jobId}`;
}

export function jobOfState(state: Record<string, unknown>): JobAddress {
  const [kind, objectId] = String(state.target ?? "").split("/");
  if ((kind !== "servicePrincipals" && kind !== "applications") || !objectId || typeof state.jobId !== "string") {
    throw new Error("The state names no job (target and jobId): run `pulumi up` to write it again.");
  }
  return { target: { kind, objectId }, jobId: state.jobId, apiVersion: state.apiVersion === "beta" ? "beta" : "v1.0" };
}

function outputsOf(inputs: CheckedAttributeMappings, held: HeldObjectMapping[]): Record<string, unknown> {
  return {
    [inputs.target.kind === "servicePrincipals" ? "servicePrincipalId" : "applicationId"]: inputs.target.objectId,
    target: targetPath(inputs.target),
    jobId: inputs.jobId,
    apiVersion: inputs.apiVersion,
    ownership: inputs.ownership,
    whenReleased: inputs.whenReleased,
    objectMappings: held,
  };
}

/** Graph's parseExpression for each source only Graph makes; any that does not parse stops the write. */
async function parseSources(
  graph: GraphClient,
  job: JobAddress,
  edit: SchemaEdit,
  hidden: readonly string[],
): Promise<void> {
  const failures: InputFailure[] = [];
  for (const source of edit.toParse) {
    const parsed = await parseExpression(graph, job, source.expression, hidden);
    if (parsed.parsingSucceeded && parsed.parsedExpression !== undefined) {
      source.into.source = parsed.parsedExpression;
      continue;
    }
    const said = redactSecrets(parsed.error?.message ?? "no reason given", hidden);
    const code = parsed.error?.code === undefined ? "" : ` (${redactSecrets(parsed.error.code, hidden)})`;
    failures.push({
      property: source.property,
      reason:
        `Graph's parseExpression refused it${code}: ${said}. Fix the expression (the preview's local check ` +
        `accepted it; Graph's check is the final word)`,
    });
  }
  refuseProblems(failures, "nothing was written: Graph checks every changed expression before the one write");
}

function refuseProblems(problems: readonly InputFailure[], consequence: string): void {
  if (problems.length === 0) return;
  const lines = problems.map((problem) => `  ${problem.property}: ${problem.reason}`);
  throw new Error(`The job's schema cannot take these declarations (${consequence}):\n${lines.join("\n")}`);
}

/**
 * What the confirming read found different from what was written: another writer of the job (the portal, another
 * stack) right after this one, or Graph normalizing a value. The outputs record what Graph holds, so the next
 * preview shows the difference and the next `up` writes it again.
 */
function confirmationWarnings(inputs: CheckedAttributeMappings, held: readonly HeldObjectMapping[]): string[] {
  const differences = inputs.objectMappings.flatMap((declaration, i) =>
    declaration.attributeMappings.flatMap((mapping, j) => {
      const found = held[i].attributeMappings.find(
        (entry) => entry.targetAttributeName === mapping.targetAttributeName,
      );
      const fields = found === undefined ? ["missing"] : changedFields(found, mapping);
      return fields.length === 0 ? [] : [`objectMappings[${i}].attributeMappings[${j}] (${fields.join(", ")})`];
    }),
  );
  if (differences.length === 0) return [];
  return [
    `Graph holds something else than was just written for ${differences.join("; ")}: another writer changed the ` +
      `job's schema right after this write, or Graph normalized the value. The state records what Graph holds; ` +
      `the next preview shows the difference.`,
  ];
}

/**
 * The one PUT; a failure that leaves it unknown whether Graph applied it (a reset after the request was sent, a 502
 * or 504 once the retries are spent) is handed back for the confirming read to settle, any other is thrown.
 */
async function replaceAnswerLost(
  graph: GraphClient,
  job: JobAddress,
  schema: Record<string, unknown>,
  hidden: readonly string[],
): Promise<GraphError | undefined> {
  try {
    await replaceJobSchema(graph, job, schema, hidden);
    return undefined;
  } catch (error) {
    if (error instanceof GraphError && error.mayHaveBeenApplied) return error;
    throw error;
  }
}

async function absentOn404<T>(call: Promise<T>): Promise<T | "absent"> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof GraphError && error.kind === "status" && error.status === 404) return "absent";
    throw error;
  }
}
