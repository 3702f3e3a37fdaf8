/**
 * The id `pulumi import` takes: the job and the object mappings to import,
 * `servicePrincipals/<id>/synchronization/jobs/<jobId>/<sourceObjectName>/<targetObjectName>[/<source>/<target>…]`
 * (each segment URL-encoded where it holds a slash). Pure.
 */

import { parseTargetPath } from "../../core/target";
import type { JobAddress } from "../../graph/jobSchemaCalls";
import type { Owned } from "./heldMappings";

const EXAMPLE = "servicePrincipals/<object id>/synchronization/jobs/<job id>/User/User";

export function parseImportId(id: string): { job: JobAddress; owned: Owned[] } {
  const [kind, objectId, synchronization, jobs, jobId, ...names] = id.split("/");
  const target = parseTargetPath(`${kind}/${objectId}`);
  if (
    target === undefined ||
    synchronization !== "synchronization" ||
    jobs !== "jobs" ||
    !jobId ||
    names.length === 0 ||
    names.length % 2 !== 0
  ) {
    throw new Error(
      `The import id must name the job and at least one object mapping by its source and target object: ${EXAMPLE} ` +
        `(more pairs import more object mappings into one resource).`,
    );
  }
  const owned: Owned[] = [];
  for (let index = 0; index < names.length; index += 2) {
    owned.push({
      sourceObjectName: decoded(names[index]),
      targetObjectName: decoded(names[index + 1]),
      attributeNames: "all",
      enabled: true,
      scopingFilter: true,
    });
  }
  return { job: { target, jobId: decoded(jobId), apiVersion: "v1.0" }, owned };
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
