import type { CheckedInputs } from "../authorizationState";
import { parseTargetPath } from "../../../core/target";
import { isSingleUseKey } from "../../../graph/synchronizationSecretKeys";
import { UNKNOWN_VALUE } from "../../../core/unknownValue";
import { checkCredentials } from "./credentialChecks";
import type { InputFailure } from "../../../core/resourceDefinition";
import { describeType } from "../../../core/inputs/messageText";
import { checkApiVersion, checkTarget } from "../../../core/inputs/targetChecks";
import {
  checkPropertyNames,
  checkReauthorizeAfter,
  checkTriggers,
  checkWriteOnlyCredentialsVersion,
} from "./propertyChecks";
import { isAbsent, isPropertyMap } from "../../../core/inputs/propertyMap";
import { checkTestConnection } from "./testConnectionChecks";
import { checkKeysAcrossModes, checkWriteOnlyCredentials } from "./writeOnlyChecks";

export type { InputFailure } from "../../../core/resourceDefinition";

/** The outcome of {@link validateInputs}: `inputs` is set exactly when `failures` is empty. */
export interface InputValidation {
  inputs?: CheckedInputs;
  failures: InputFailure[];
  warnings: string[];
}

/**
 * Validates and normalizes the raw inputs of a check (preview and up), as the adapter hands them over.
 *
 * Anything may arrive, and nothing makes this throw. Failures name the property path and the fix; failures and
 * warnings may quote ids, key names and other non-secret text (cut at 80 characters) but never a credential value.
 *
 * Rules: exactly one of `servicePrincipalId`/`applicationId`, a GUID (lower-cased); `credentials` as a map
 * `{ key: value }` or a list of `{ key, value }`, non-empty string keys and values, no key twice (keys differing
 * only by case give a warning), unknown key names give a warning; `writeOnlyCredentials` as a map
 * `{ key: reference }` or a list of `{ key, ...reference }`, each reference exactly one of `fromEnv` (a variable
 * name), `fromFile` (an absolute path) or `fromKeyVault` (a secret URL), the same key rules, and no key both here
 * and in `credentials`; at least one pair overall (`credentials` may be absent when `writeOnlyCredentials` is set);
 * `writeOnlyCredentialsVersion` a non-empty string or a number (kept as its decimal text); `apiVersion` "v1.0"
 * (default) or "beta"; `triggers` a map of strings; `reauthorizeAfter` a positive duration; `testConnection`
 * `{ jobId, failUpOnFailure? }`. `null`/`undefined`
 * properties count as absent; `target` is ignored; any other property is refused.
 * `UNKNOWN_VALUE` is accepted wherever a value is expected and kept, so that the diff reports a possible change.
 * Reference text is never echoed either: a user may have put the secret itself where its reference belongs.
 */
export function validateInputs(news: Record<string, unknown>): InputValidation {
  const failures: InputFailure[] = [];
  const warnings: string[] = [];
  if (!isPropertyMap(news)) {
    failures.push({ property: "inputs", reason: `must be an object of properties (got ${describeType(news)})` });
    return { failures, warnings };
  }
  checkPropertyNames(news, failures);
  const target = checkTarget(news, failures);
  const writeOnlyCredentials = checkWriteOnlyCredentials(news.writeOnlyCredentials, failures, warnings);
  // Write-only credentials that are given (even if refused) stand in for `credentials`, so that a mistake there is
  // not also reported as missing credentials.
  const credentialsOptional =
    !isAbsent(news.writeOnlyCredentials) && (writeOnlyCredentials === undefined || writeOnlyCredentials.length > 0);
  const credentials = checkCredentials(news.credentials, failures, warnings, credentialsOptional);
  if (credentials !== undefined && writeOnlyCredentials !== undefined) {
    checkKeysAcrossModes(credentials, writeOnlyCredentials, failures, warnings);
  }
  const writeOnlyCredentialsVersion = checkWriteOnlyCredentialsVersion(news.writeOnlyCredentialsVersion, failures);
  if (writeOnlyCredentialsVersion !== undefined && writeOnlyCredentials?.length === 0) {
    warnings.push(
      "writeOnlyCredentialsVersion is set without writeOnlyCredentials: changing it re-sends the credentials like a " +
        "trigger would; use triggers for that",
    );
  }
  const apiVersion = checkApiVersion(news.apiVersion, failures);
  const triggers = checkTriggers(news.triggers, failures);
  const reauthorizeAfter = checkReauthorizeAfter(news.reauthorizeAfter, failures);
  const targetObjectId = target === undefined ? undefined : parseTargetPath(target.path)?.objectId;
  const testConnection = checkTestConnection(news.testConnection, failures, targetObjectId);
  const singleUseKeyGiven =
    credentials?.some((pair) => isSingleUseKey(pair.key) && pair.value !== UNKNOWN_VALUE) ||
    writeOnlyCredentials?.some((credential) => isSingleUseKey(credential.key));
  if (reauthorizeAfter !== undefined && singleUseKeyGiven) {
    warnings.push(
      "reauthorizeAfter re-sends the same credentials, but an Oauth2AuthorizationCode is accepted only once: " +
        "re-authorization will fail unless the code is replaced by then",
    );
  }
  if (
    failures.length > 0 ||
    target === undefined ||
    credentials === undefined ||
    writeOnlyCredentials === undefined ||
    apiVersion === undefined
  ) {
    return { failures, warnings };
  }
  const inputs: CheckedInputs = {
    target: target.path,
    ...target.ids,
    credentials,
    ...(writeOnlyCredentials.length > 0 ? { writeOnlyCredentials } : {}),
    ...(writeOnlyCredentialsVersion !== undefined ? { writeOnlyCredentialsVersion } : {}),
    apiVersion,
    ...(triggers !== undefined ? { triggers } : {}),
    ...(reauthorizeAfter !== undefined ? { reauthorizeAfter } : {}),
    ...(testConnection !== undefined ? { testConnection } : {}),
  };
  return { inputs, failures, warnings };
}
