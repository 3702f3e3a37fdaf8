/**
 * What a declaration claims of its job, as keys for the process's claim registry (core/claims.ts): each attribute
 * mapping it lists, or (owning an object mapping whole) everything of the object mapping.
 */
import type { Target } from "../../graph/graphRoutes";
import type { CheckedAttributeMappings, ObjectMappingSelector } from "./declarations";

const SEPARATOR = "\u0000";

function jobOf(job: { target: Target; jobId: string }): string {
  return [job.target.kind, job.target.objectId.toLowerCase(), job.jobId].join("/");
}

function objectMappingOf(job: string, mapping: ObjectMappingSelector): string {
  return [job, `${mapping.sourceObjectName} → ${mapping.targetObjectName}`].join(SEPARATOR);
}

/** The key of one attribute mapping (or `(enabled)`, `(scopingFilter)`) of an object mapping of a job. */
export function claimKeyOf(
  job: { target: Target; jobId: string },
  mapping: ObjectMappingSelector,
  name: string,
): string {
  return [objectMappingOf(jobOf(job), mapping), name].join(SEPARATOR);
}

export function claimKeys(inputs: CheckedAttributeMappings): string[] {
  const job = jobOf(inputs);
  return inputs.objectMappings.flatMap((mapping) => {
    const objectMapping = objectMappingOf(job, mapping);
    if (inputs.ownership === "wholeObjectMapping") {
      return [`${objectMapping}${SEPARATOR}*`];
    }
    return [
      ...mapping.attributeMappings.map((attribute) => [objectMapping, attribute.targetAttributeName].join(SEPARATOR)),
      ...(mapping.enabled !== undefined ? [[objectMapping, "(enabled)"].join(SEPARATOR)] : []),
      ...(mapping.scopingFilter !== undefined ? [[objectMapping, "(scopingFilter)"].join(SEPARATOR)] : []),
    ];
  });
}

/** How a claim key is named in messages: `"User → User" externalId`. */
export function describeClaim(key: string): string {
  const [, objectMapping, attribute] = key.split(SEPARATOR);
  return attribute === "*" ? `the whole object mapping ${objectMapping}` : `${attribute} of ${objectMapping}`;
}
