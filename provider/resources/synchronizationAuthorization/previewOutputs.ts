import type { AuthorizationOutputs, CheckedInputs } from "./authorizationState";
import { OUTPUT_PROPERTY_SPECS } from "./properties";
import { UNKNOWN_VALUE } from "../../core/unknownValue";

/**
 * The outputs a create or update expects during preview, where nothing is called: what the checked inputs already
 * say (target, ids, apiVersion, references, triggers), and UNKNOWN_VALUE for what only the authorization decides.
 */
export function previewOutputs(inputs: CheckedInputs): Record<keyof AuthorizationOutputs, unknown> {
  const known: Partial<Record<keyof AuthorizationOutputs, unknown>> = {
    target: inputs.target,
    servicePrincipalId: inputs.servicePrincipalId,
    applicationId: inputs.applicationId,
    apiVersion: inputs.apiVersion,
    writeOnlyCredentials: inputs.writeOnlyCredentials,
    writeOnlyCredentialsVersion: inputs.writeOnlyCredentialsVersion,
    triggers: inputs.triggers,
    reauthorizeAfter: inputs.reauthorizeAfter,
  };
  const names = Object.keys(OUTPUT_PROPERTY_SPECS) as (keyof AuthorizationOutputs)[];
  return Object.fromEntries(names.map((name) => [name, name in known ? known[name] : UNKNOWN_VALUE])) as Record<
    keyof AuthorizationOutputs,
    unknown
  >;
}
