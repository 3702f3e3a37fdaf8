import type { TestConnectionInput } from "../connectionTestResult";
import { TEST_CONNECTION_SETTINGS } from "../properties";
import { UNKNOWN_VALUE } from "../../../core/unknownValue";
import type { InputFailure } from "../../../core/resourceDefinition";
import { describeHiddenText, describeType, didYouMean, quote } from "../../../core/inputs/messageText";
import { isObjectId } from "../../../core/inputs/targetChecks";
import { isAbsent, isPropertyMap } from "../../../core/inputs/propertyMap";
import { parseAzureadJobId } from "../../../core/inputs/azureadJobId";

const TEST_CONNECTION_PROPERTIES = Object.keys(TEST_CONNECTION_SETTINGS.fields);

/**
 * `testConnection`: `{ jobId, failUpOnFailure? }`, `jobId` a non-empty string (the provisioning job's id, unknown
 * during preview when it comes from a job created in the same stack), `failUpOnFailure` a boolean. azuread's job id
 * (`/servicePrincipals/{id}/synchronization/jobs/{job id}`) is accepted and reduced to the job id, when its object
 * is the target (`targetObjectId`, lower-case, when known).
 */
export function checkTestConnection(
  raw: unknown,
  failures: InputFailure[],
  targetObjectId?: string,
): TestConnectionInput | undefined {
  if (isAbsent(raw)) {
    return undefined;
  }
  if (raw === UNKNOWN_VALUE) {
    return { jobId: UNKNOWN_VALUE };
  }
  if (!isPropertyMap(raw)) {
    failures.push({
      property: "testConnection",
      reason: `must be an object such as { jobId: job.id } naming the provisioning job to test (got ${describeType(raw)})`,
    });
    return undefined;
  }
  const before = failures.length;
  for (const name of Object.keys(raw)) {
    if (!TEST_CONNECTION_PROPERTIES.includes(name) && !isAbsent(raw[name])) {
      failures.push({
        property: `testConnection.${name.length <= 40 ? name : "…"}`,
        reason: `unknown property ${quote(name)}${didYouMean(name, TEST_CONNECTION_PROPERTIES)}; known are ${TEST_CONNECTION_PROPERTIES.join(", ")}`,
      });
    }
  }
  const { jobId, failUpOnFailure } = raw;
  if (typeof jobId !== "string" || jobId.trim().length === 0) {
    failures.push({
      property: "testConnection.jobId",
      reason:
        "must be the provisioning job's id, e.g. the id of an azuread.SynchronizationJob " +
        `(got ${typeof jobId === "string" ? "an empty string" : describeType(jobId)})`,
    });
  }
  if (!isAbsent(failUpOnFailure) && typeof failUpOnFailure !== "boolean" && failUpOnFailure !== UNKNOWN_VALUE) {
    failures.push({
      property: "testConnection.failUpOnFailure",
      reason: `must be true or false (got ${describeType(failUpOnFailure)})`,
    });
  }
  if (failures.length > before) {
    return undefined;
  }
  const given = (jobId as string).trim();
  const azureadId = parseAzureadJobId(given);
  if (azureadId !== undefined && targetObjectId !== undefined && azureadId.objectId.toLowerCase() !== targetObjectId) {
    failures.push({
      property: "testConnection.jobId",
      reason:
        `names a job of ${isObjectId(azureadId.objectId) ? `object ${quote(azureadId.objectId)}` : `another object (${describeHiddenText(azureadId.objectId)})`}, ` +
        `not of the target ${quote(targetObjectId)}: ` +
        "use the job of the same service principal",
    });
    return undefined;
  }
  return {
    jobId: azureadId === undefined ? given : azureadId.jobId,
    ...(typeof failUpOnFailure === "boolean" && { failUpOnFailure }),
  };
}
