/**
 * What a declaration claims of its job, as keys for the process's claim registry (core/claims.ts): each attribute
 * mapping it lists, or (owning an object mapping whole) everything of the object mapping.
 */
import type { CheckedAttributeMappings } from "./declarations";

const SEPARATOR = "\u0000";

export function claimKeys(inputs: CheckedAttributeMappings): string[] {
  const job = [inputs.target.kind, inputs.target.objectId.toLowerCase(), inputs.jobId].join("/");
  return inputs.objectMappings.flatMap((mapping) => {
    const objectMapping = [job, `${mapping.sourceObjectName} → ${mapping.targetObjectName}`].join(SEPARATOR);
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
